import KlarsynSQL
import Testing

@Suite("Rendering per dialect")
struct RenderTests {
    func sql(_ model: String, _ dialect: SQLDialect) throws -> String { render(try parse(model), dialect: dialect) }

    @Test func divisionIsRealAndNullOnZero() throws {
        #expect(try sql("SELECT a / b AS r FROM t", .sqlite) == "SELECT CAST(a AS REAL) / NULLIF(b, 0) AS r FROM t")
        #expect(
            try sql("SELECT a / b AS r FROM t", .postgres)
                == "SELECT CAST(a AS DOUBLE PRECISION) / NULLIF(b, 0) AS r FROM t")
        #expect(try sql("SELECT a / b AS r FROM t", .spark) == "SELECT a / NULLIF(b, 0) AS r FROM t")
        #expect(try sql("SELECT a / 2 AS r FROM t", .sqlite) == "SELECT CAST(a AS REAL) / 2 AS r FROM t")
        #expect(try sql("SELECT 1.5 / 0.0 AS r", .sqlite) == "SELECT 1.5 / NULLIF(0.0, 0) AS r")
        #expect(
            try sql("SELECT CAST(a AS REAL) / b AS r FROM t", .sqlite)
                == "SELECT CAST(a AS REAL) / NULLIF(b, 0) AS r FROM t")
        #expect(
            try sql("SELECT (a + 1) / (b - 1) * 100 AS r FROM t", .sqlite)
                == "SELECT CAST(a + 1 AS REAL) / NULLIF(b - 1, 0) * 100 AS r FROM t")
        #expect(try sql("SELECT a % b AS r FROM t", .sqlite) == "SELECT a % NULLIF(b, 0) AS r FROM t")
        #expect(try sql("SELECT a / b AS r FROM t", .sqlite) != format(try parse("SELECT a / b AS r FROM t")))
    }

    @Test func likeIsCaseSensitiveEverywhere() throws {
        #expect(try sql("SELECT a FROM t WHERE a LIKE 'Syg%_x'", .sqlite) == "SELECT a FROM t WHERE a GLOB 'Syg*?x'")
        #expect(
            try sql("SELECT a FROM t WHERE a NOT LIKE 'a*b?[c]'", .sqlite)
                == "SELECT a FROM t WHERE a NOT GLOB 'a[*]b[?][[]c]'")
        #expect(try sql("SELECT a FROM t WHERE a LIKE 'Syg%'", .postgres) == "SELECT a FROM t WHERE a LIKE 'Syg%'")
        #expect(try sql("SELECT a FROM t WHERE a LIKE 'Syg%'", .spark) == "SELECT a FROM t WHERE a LIKE 'Syg%'")
    }

    @Test func quotingPerDialect() throws {
        let model = "SELECT \"My Col\", \"order\", MixedCase, plain_name FROM \"HR Data\""
        #expect(try sql(model, .sqlite) == "SELECT \"My Col\", \"order\", \"MixedCase\", plain_name FROM \"HR Data\"")
        #expect(try sql(model, .postgres) == "SELECT \"My Col\", \"order\", \"MixedCase\", plain_name FROM \"HR Data\"")
        #expect(try sql(model, .spark) == "SELECT `My Col`, `order`, `MixedCase`, plain_name FROM `HR Data`")
        #expect(try sql("SELECT \"a\"\"b\"", .sqlite) == "SELECT \"a\"\"b\"")
    }

    @Test func stringLiterals() throws {
        #expect(try sql("SELECT 'it''s \\ ok' AS s", .sqlite) == "SELECT 'it''s \\ ok' AS s")
        #expect(try sql("SELECT 'it''s \\ ok' AS s", .postgres) == "SELECT 'it''s \\ ok' AS s")
        #expect(try sql("SELECT 'it''s \\ ok' AS s", .spark) == "SELECT 'it\\'s \\\\ ok' AS s")
    }

    @Test func notEqualAndNullOrdering() throws {
        #expect(
            try sql("SELECT a FROM t WHERE a != 1 ORDER BY a, b DESC, c NULLS LAST", .postgres)
                == "SELECT a FROM t WHERE a <> 1 ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST, c ASC NULLS LAST")
        #expect(
            try sql("SELECT ROW_NUMBER() OVER (ORDER BY d DESC) AS rn FROM t", .sqlite)
                == "SELECT ROW_NUMBER() OVER (ORDER BY d DESC NULLS LAST) AS rn FROM t")
    }

    @Test func concatenationPrecedenceIsExplicit() throws {
        #expect(try sql("SELECT 'a' || 1 + 2 AS x", .sqlite) == "SELECT 'a' || (1 + 2) AS x")
        #expect(try sql("SELECT 'a' || 2 * 3 AS x", .postgres) == "SELECT 'a' || (2 * 3) AS x")
        #expect(try sql("SELECT a || b || c AS x FROM t", .sqlite) == "SELECT a || b || c AS x FROM t")
    }

    @Test func castsPerDialect() throws {
        let model =
            "SELECT CAST(a AS INTEGER) AS i, CAST(a AS DECIMAL) AS d, CAST(a AS TEXT) AS s, CAST(a AS DATE) AS dt FROM t"
        #expect(
            try sql(model, .sqlite)
                == "SELECT CAST(a AS INTEGER) AS i, CAST(a AS REAL) AS d, CAST(a AS TEXT) AS s, date(a) AS dt FROM t")
        #expect(
            try sql(model, .postgres)
                == "SELECT CAST(TRUNC(CAST(a AS NUMERIC)) AS INTEGER) AS i, CAST(a AS NUMERIC) AS d, CAST(a AS TEXT) AS s, CAST(a AS DATE) AS dt FROM t"
        )
        #expect(
            try sql(model, .spark)
                == "SELECT CAST(a AS INT) AS i, CAST(a AS DECIMAL(38, 10)) AS d, CAST(a AS STRING) AS s, CAST(a AS DATE) AS dt FROM t"
        )
    }

    @Test func booleanToIntegerCastOnPostgres() throws {
        #expect(
            try sql("SELECT SUM(CAST(a > 0 AS INTEGER)) AS n, CAST(TRUE AS BIGINT) AS t FROM x", .postgres)
                == "SELECT SUM(CAST(a > 0 AS INTEGER)) AS n, CAST(TRUE AS BIGINT) AS t FROM x")
    }

    @Test func dateFunctionsPerDialect() throws {
        let model =
            "SELECT DATE_ADD_DAYS(d, 1) AS a, DATE_DIFF_DAYS(d, e) AS b, MONTH_OF(d) AS c, YEAR_OF(d) AS y, DAY_OF_WEEK(d) AS w, DATE_TRUNC_MONTH(d) AS m, TO_DATE(s) AS t, CURRENT_DATE AS today FROM x"
        #expect(
            try sql(model, .sqlite)
                == "SELECT date(d, CAST(1 AS INTEGER) || ' days') AS a, CAST(julianday(date(e)) - julianday(date(d)) AS INTEGER) AS b, strftime('%Y-%m', d) AS c, CAST(strftime('%Y', d) AS INTEGER) AS y, ((CAST(strftime('%w', d) AS INTEGER) + 6) % 7 + 1) AS w, date(d, 'start of month') AS m, date(s) AS t, CURRENT_DATE AS today FROM x"
        )
        #expect(
            try sql(model, .postgres)
                == "SELECT (CAST(d AS DATE) + CAST(1 AS INTEGER)) AS a, (CAST(e AS DATE) - CAST(d AS DATE)) AS b, to_char(CAST(d AS DATE), 'YYYY-MM') AS c, CAST(EXTRACT(YEAR FROM CAST(d AS DATE)) AS INTEGER) AS y, CAST(EXTRACT(ISODOW FROM CAST(d AS DATE)) AS INTEGER) AS w, CAST(DATE_TRUNC('month', CAST(d AS DATE)) AS DATE) AS m, CAST(s AS DATE) AS t, CURRENT_DATE AS today FROM x"
        )
        #expect(
            try sql(model, .spark)
                == "SELECT date_add(CAST(d AS DATE), CAST(1 AS INT)) AS a, datediff(CAST(e AS DATE), CAST(d AS DATE)) AS b, date_format(CAST(d AS DATE), 'yyyy-MM') AS c, year(CAST(d AS DATE)) AS y, ((dayofweek(CAST(d AS DATE)) + 5) % 7 + 1) AS w, trunc(CAST(d AS DATE), 'MM') AS m, to_date(s) AS t, current_date() AS today FROM x"
        )
    }

    @Test func numericFunctionsPerDialect() throws {
        let model = "SELECT ROUND(a, 1) AS r, FLOOR(a) AS f, CEIL(a) AS c, INT_DIV(a, b) AS q FROM t"
        #expect(
            try sql(model, .sqlite)
                == "SELECT ROUND(a, 1) AS r, (CASE WHEN a < CAST(a AS INTEGER) THEN CAST(a AS INTEGER) - 1 ELSE CAST(a AS INTEGER) END) AS f, (CASE WHEN a > CAST(a AS INTEGER) THEN CAST(a AS INTEGER) + 1 ELSE CAST(a AS INTEGER) END) AS c, (CAST(a AS INTEGER) / NULLIF(CAST(b AS INTEGER), 0)) AS q FROM t"
        )
        #expect(
            try sql(model, .postgres).hasPrefix(
                "SELECT ROUND(CAST(a AS NUMERIC), 1) AS r, FLOOR(a) AS f, CEIL(a) AS c, "))
        #expect(
            try sql(model, .spark)
                == "SELECT ROUND(a, 1) AS r, FLOOR(a) AS f, CEIL(a) AS c, (CAST(a AS BIGINT) DIV NULLIF(CAST(b AS BIGINT), 0)) AS q FROM t"
        )
    }

    @Test func windowsCTEsAndSubqueries() throws {
        let model =
            "WITH x AS (SELECT a, b FROM t) SELECT a, SUM(b) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM (SELECT a, b FROM x) AS y WHERE EXISTS (SELECT 1 FROM t) ORDER BY a LIMIT 3"
        #expect(
            try sql(model, .sqlite)
                == "WITH x AS (SELECT a, b FROM t) SELECT a, SUM(b) OVER (PARTITION BY a ORDER BY b ASC NULLS FIRST ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM (SELECT a, b FROM x) AS y WHERE EXISTS (SELECT 1 FROM t) ORDER BY a ASC NULLS FIRST LIMIT 3"
        )
    }

    @Test(arguments: RoundTripTests.corpus)
    func renderingIsDeterministic(_ model: String) throws {
        let stmt = try parse(model)
        for dialect in SQLDialect.allCases {
            #expect(render(stmt, dialect: dialect) == render(try parse(model), dialect: dialect))
        }
    }
}

/// The examples in docs/sql-subset.md say what the code does.
@Suite("docs/sql-subset.md examples")
struct DocumentationExampleTests {
    @Test func sickLeaveExampleRendersAsDocumented() throws {
        let model = """
            WITH spells AS (
                SELECT a.employee_id, a.first_day,
                       DATE_DIFF_DAYS(a.first_day, a.last_day) + 1 AS days
                FROM absences a
                WHERE a.kind LIKE 'Syg%'
            )
            SELECT u.unit_name,
                   MONTH_OF(s.first_day) AS month,
                   SUM(s.days) AS sick_days,
                   SUM(s.days) / COUNT(DISTINCT s.employee_id) AS days_per_person
            FROM spells s
            JOIN employees e ON e.id = s.employee_id
            LEFT JOIN units u ON u.id = e.unit_id
            GROUP BY u.unit_name, MONTH_OF(s.first_day)
            ORDER BY u.unit_name, month
            """
        let sql = render(try parse(model), dialect: .sqlite)
        #expect(sql.contains("a.kind GLOB 'Syg*'"))
        #expect(sql.contains("CAST(SUM(s.days) AS REAL) / NULLIF(COUNT(DISTINCT s.employee_id), 0)"))
        #expect(sql.contains("strftime('%Y-%m', s.first_day) AS month"))
        #expect(sql.hasSuffix("ORDER BY u.unit_name ASC NULLS FIRST, month ASC NULLS FIRST"))
        let setup = """
            CREATE TABLE absences (employee_id, first_day, last_day, kind);
            CREATE TABLE employees (id, unit_id);
            CREATE TABLE units (id, unit_name);
            INSERT INTO absences VALUES (1, '2024-03-01', '2024-03-02', 'Sygdom'), (2, '2024-03-05', '2024-03-05', 'Sygdom'), (2, '2024-03-20', '2024-03-20', 'sygdom');
            INSERT INTO employees VALUES (1, 10), (2, 10);
            INSERT INTO units VALUES (10, 'Akut');
            """
        #expect(try runSQLite(setup + sql + ";") == "Akut|2024-03|3|1.5")
    }

    @Test func lineageExampleMatchesTheTable() throws {
        let model = """
            WITH per_unit AS (
                SELECT unit_id, COUNT(*) AS headcount FROM employees WHERE active = 1 GROUP BY unit_id
            )
            SELECT u.unit_name, p.headcount
            FROM per_unit p JOIN units u ON u.id = p.unit_id
            """
        let result = try lineage(of: try parse(model), schema: hrSchema)
        let rows: [ColumnDependency] = [
            dep("employees", "active", .filter), dep("employees", "unit_id", .joinKey),
            dep("employees", "unit_id", .groupKey), dep("units", "id", .joinKey),
        ]
        #expect(
            result == [
                OutputColumnLineage(
                    name: "unit_name", dependencies: (rows + [dep("units", "unit_name", .copied)]).sorted()),
                OutputColumnLineage(name: "headcount", dependencies: rows.sorted()),
            ])
    }
}
