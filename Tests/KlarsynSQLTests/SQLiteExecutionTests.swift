import KlarsynSQL
import Testing

/// Rendered SQL really runs on SQLite (`/usr/bin/sqlite3`) and gives the portable results.
@Suite("Rendered SQL runs on SQLite")
struct SQLiteExecutionTests {
    @Test func divisionIsRealAndNullOnZero() throws {
        #expect(
            try runModel(
                "SELECT 7 / 2 AS half, 7 / 0 AS by_zero, 7 % 0 AS mod_zero, 7 % 3 AS m, INT_DIV(7, 2) AS q, INT_DIV(-7, 2) AS nq, INT_DIV(1, 0) AS qz"
            ) == "3.5|||1|3|-3|")
    }

    @Test func floorAndCeilWithoutMathFunctions() throws {
        #expect(
            try runModel(
                "SELECT FLOOR(-1.5) AS a, FLOOR(2.5) AS b, FLOOR(3) AS c, CEIL(-1.5) AS d, CEIL(2.1) AS e, CEIL(3) AS f, FLOOR(NULL) AS g, CEIL(-0.5) AS h"
            ) == "-2|2|3|-1|3|3||0")
    }

    @Test func roundingAndCasts() throws {
        #expect(
            try runModel(
                "SELECT ROUND(2.5) AS a, ROUND(-2.5) AS b, ROUND(2.125, 2) AS c, CAST(2.7 AS INTEGER) AS d, CAST(-2.7 AS INTEGER) AS e, CAST('12' AS INTEGER) + 1 AS f, CAST(1 AS BOOLEAN) AS g, CAST(0 AS BOOLEAN) AS h"
            ) == "3.0|-3.0|2.13|2|-2|13|1|0")
    }

    @Test func dateFunctions() throws {
        let model = """
            SELECT DATE_ADD_DAYS('2024-02-28', 2) AS a, DATE_ADD_DAYS('2024-03-01', -1) AS b,
                   DATE_DIFF_DAYS('2024-01-01', '2024-03-01') AS c, DATE_DIFF_DAYS('2024-03-01', '2024-01-01') AS d,
                   MONTH_OF('2024-03-15') AS e, YEAR_OF('2024-03-15') AS f,
                   DAY_OF_WEEK('2024-03-18') AS mon, DAY_OF_WEEK('2024-03-17') AS sun, DAY_OF_WEEK('2024-03-23') AS sat,
                   DATE_TRUNC_MONTH('2024-03-15') AS g, TO_DATE('2024-03-15') AS h, CAST('2024-03-05' AS DATE) AS i,
                   DATE_ADD_DAYS(NULL, 1) AS j, LENGTH(CURRENT_DATE) AS k
            """
        #expect(
            try runModel(model)
                == "2024-03-01|2024-02-29|60|-60|2024-03|2024|1|7|6|2024-03-01|2024-03-15|2024-03-05||10")
    }

    @Test func likeIsCaseSensitive() throws {
        #expect(
            try runModel(
                "SELECT 'Abc' LIKE 'a%' AS a, 'abc' LIKE 'a%' AS b, 'a*c' LIKE 'a*%' AS c, 'abc' LIKE 'a*%' AS d, 'a_c' LIKE 'a_c' AS e, 'Æble' LIKE 'æ%' AS f, 'x' NOT LIKE 'X' AS g"
            ) == "0|1|1|0|1|0|1")
    }

    @Test func stringFunctionsAndConcat() throws {
        #expect(
            try runModel(
                "SELECT LOWER('ABC') || UPPER('def') AS a, LENGTH('hello') AS b, SUBSTR('hello', 2, 3) AS c, TRIM('  x  ') AS d, REPLACE('a-b', '-', '+') AS e, COALESCE(NULL, 'z') AS f, NULLIF(1, 1) AS g, ABS(-3) AS h, 'n' || 1 + 2 AS i"
            ) == "abcDEF|5|ell|x|a+b|z||3|n3")
    }

    @Test func hrModelWithJoinsCTEsWindowsAndAggregates() throws {
        let setup = """
            CREATE TABLE employees (id INTEGER, name TEXT, unit_id INTEGER, start_date TEXT);
            CREATE TABLE units (id INTEGER, unit_name TEXT);
            CREATE TABLE absences (employee_id INTEGER, first_day TEXT, last_day TEXT, kind TEXT);
            INSERT INTO employees VALUES (1, 'Ane', 10, '2020-01-01'), (2, 'Bo', 10, '2023-06-01'), (3, 'Cy', 20, '2024-02-01'), (4, 'Di', NULL, '2024-01-01');
            INSERT INTO units VALUES (10, 'Akutmodtagelse'), (20, 'Børneafdeling');
            INSERT INTO absences VALUES (1, '2024-03-01', '2024-03-03', 'Sygdom'), (1, '2024-03-10', '2024-03-10', 'sygdom'),
              (2, '2024-03-04', '2024-03-25', 'Sygdom'), (3, '2024-04-01', '2024-04-02', 'Ferie');
            """
        let model = """
            WITH spells AS (
                SELECT a.employee_id, a.first_day, DATE_DIFF_DAYS(a.first_day, a.last_day) + 1 AS days
                FROM absences a
                WHERE a.kind LIKE 'Syg%'
            ),
            per_employee AS (
                SELECT employee_id, SUM(days) AS sick_days, COUNT(*) AS spell_count, MONTH_OF(MIN(first_day)) AS first_month
                FROM spells
                GROUP BY employee_id
            )
            SELECT u.unit_name, e.name,
                   COALESCE(p.sick_days, 0) AS sick_days,
                   CASE WHEN p.sick_days > 14 THEN 'long' WHEN p.sick_days > 0 THEN 'short' ELSE 'none' END AS category,
                   RANK() OVER (PARTITION BY u.unit_name ORDER BY COALESCE(p.sick_days, 0) DESC) AS rank_in_unit,
                   COALESCE(p.sick_days, 0) / p.spell_count AS days_per_spell
            FROM employees e
            LEFT JOIN units u ON u.id = e.unit_id
            LEFT JOIN per_employee p ON p.employee_id = e.id
            ORDER BY e.name
            """
        #expect(
            try runModel(model, setup: setup) == """
                Akutmodtagelse|Ane|3|short|2|3.0
                Akutmodtagelse|Bo|22|long|1|22.0
                Børneafdeling|Cy|0|none|1|
                |Di|0|none|1|
                """)
    }

    @Test func unionAndSubqueries() throws {
        let setup = "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL);"
        let model =
            "SELECT a FROM t WHERE b IN (SELECT b FROM t WHERE a < 3) UNION SELECT (SELECT MAX(a) FROM t) AS a ORDER BY a DESC LIMIT 2"
        #expect(try runModel(model, setup: setup) == "3\n2")
        #expect(try runModel("SELECT a, b FROM t ORDER BY b, a", setup: setup) == "3|\n1|x\n2|y")
        #expect(try runModel("SELECT a, b FROM t ORDER BY b DESC", setup: setup) == "2|y\n1|x\n3|")
    }

    /// Every statement of the round-trip corpus, rendered for SQLite, is accepted by SQLite.
    @Test(arguments: RoundTripTests.corpus)
    func corpusRunsOnSQLite(_ model: String) throws {
        let columns =
            "a, b, c, d, e, f, g, h, x, y, id, \"Quoted Col\", \"select\", \"MixedCase\", \"with \"\"quote\"\"\", \"Start Date\""
        var setup = ["t", "u", "v", "e", "g", "h", "\"My Table\""].map { "CREATE TABLE \($0) (\(columns));" }.joined(
            separator: "\n")
        setup += "\nCREATE TABLE d (id); CREATE TABLE f (id);"
        setup +=
            "\nATTACH ':memory:' AS s; CREATE TABLE s.t (a); ATTACH ':memory:' AS staging; CREATE TABLE staging.\"HR Employees\" (\"Start Date\");"
        _ = try runModel(model, setup: setup)
    }
}
