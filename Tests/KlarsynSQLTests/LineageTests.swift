import KlarsynSQL
import Testing

let hrSchema = DictionarySchema([
    "employees": ["id", "name", "unit_id", "start_date", "active", "salary"],
    "units": ["id", "unit_name", "region", "valid_from"],
    "absences": ["employee_id", "first_day", "last_day", "kind", "hours"],
    "shifts": ["employee_id", "shift_date", "hours", "is_substitute"],
    "staging.payroll": ["Employee Id", "Amount"],
])

func dep(_ table: String, _ column: String, _ kind: DependencyKind) -> ColumnDependency {
    ColumnDependency(table: table, column: column, kind: kind)
}

/// Lineage of `sql` as `[name: set of deps]`.
func lineageMap(_ sql: String, schema: any SchemaResolver = hrSchema) throws -> [String: Set<ColumnDependency>] {
    let result = try lineage(of: try parse(sql), schema: schema)
    return Dictionary(uniqueKeysWithValues: result.map { ($0.name, Set($0.dependencies)) })
}

func lineageError(_ sql: String, schema: any SchemaResolver = hrSchema) throws -> SQLError? {
    let stmt = try parse(sql, file: "models/m.sql")
    do {
        _ = try lineage(of: stmt, schema: schema)
        return nil
    } catch {
        return error
    }
}

@Suite("Lineage")
struct LineageTests {
    @Test func copiedColumnsKeepOrderAndNames() throws {
        let stmt = try parse("SELECT id, name AS employee_name, e.unit_id FROM employees e")
        let result = try lineage(of: stmt, schema: hrSchema)
        #expect(
            result == [
                OutputColumnLineage(name: "id", dependencies: [dep("employees", "id", .copied)]),
                OutputColumnLineage(name: "employee_name", dependencies: [dep("employees", "name", .copied)]),
                OutputColumnLineage(name: "unit_id", dependencies: [dep("employees", "unit_id", .copied)]),
            ])
        #expect(try outputColumnNames(of: stmt, schema: hrSchema) == ["id", "employee_name", "unit_id"])
    }

    @Test func joinKeysAndFiltersAttachToEveryOutput() throws {
        let m = try lineageMap(
            """
            SELECT e.name, u.unit_name
            FROM employees e
            JOIN units u ON e.unit_id = u.id AND u.valid_from <= e.start_date
            WHERE e.active = 1
            """)
        let shared: Set = [
            dep("employees", "unit_id", .joinKey), dep("units", "id", .joinKey), dep("units", "valid_from", .filter),
            dep("employees", "start_date", .filter), dep("employees", "active", .filter),
        ]
        #expect(m["name"] == shared.union([dep("employees", "name", .copied)]))
        #expect(m["unit_name"] == shared.union([dep("units", "unit_name", .copied)]))
    }

    @Test func transformedThroughFunctionsCaseAndCast() throws {
        let m = try lineageMap(
            """
            SELECT UPPER(name) AS upper_name,
                   CASE WHEN salary > 40000 THEN 'high' ELSE 'normal' END AS band,
                   CAST(start_date AS DATE) AS started,
                   YEAR_OF(start_date) - 2000 AS year_offset,
                   name || ' (' || CAST(id AS TEXT) || ')' AS label,
                   42 AS constant
            FROM employees
            """)
        #expect(m["upper_name"] == [dep("employees", "name", .transformed)])
        #expect(m["band"] == [dep("employees", "salary", .transformed)])
        #expect(m["started"] == [dep("employees", "start_date", .transformed)])
        #expect(m["year_offset"] == [dep("employees", "start_date", .transformed)])
        #expect(m["label"] == [dep("employees", "name", .transformed), dep("employees", "id", .transformed)])
        #expect(m["constant"] == [])
    }

    @Test func aggregatesGroupKeysAndHaving() throws {
        let m = try lineageMap(
            """
            SELECT employee_id, COUNT(*) AS shifts, SUM(hours) AS total_hours, ROUND(AVG(hours), 1) AS avg_hours
            FROM shifts
            WHERE is_substitute = 0
            GROUP BY employee_id
            HAVING SUM(hours) > 10
            """)
        let rows: Set = [
            dep("shifts", "is_substitute", .filter), dep("shifts", "employee_id", .groupKey),
            dep("shifts", "hours", .filter),
        ]
        #expect(m["employee_id"] == rows.union([dep("shifts", "employee_id", .copied)]))
        #expect(m["shifts"] == rows)
        #expect(m["total_hours"] == rows.union([dep("shifts", "hours", .aggregated)]))
        #expect(m["avg_hours"] == rows.union([dep("shifts", "hours", .aggregated)]))
    }

    @Test func cteChainsResolveToBaseTables() throws {
        let m = try lineageMap(
            """
            WITH active AS (
                SELECT id, name, unit_id FROM employees WHERE active = 1
            ),
            named AS (
                SELECT a.id AS employee_id, a.name, a.unit_id FROM active a
            ),
            per_unit AS (
                SELECT unit_id, COUNT(*) AS headcount FROM named GROUP BY unit_id
            )
            SELECT n.name, n.employee_id, p.headcount, p.headcount * 2 AS doubled
            FROM named n
            JOIN per_unit p ON p.unit_id = n.unit_id
            """)
        let filter = dep("employees", "active", .filter)
        let join = dep("employees", "unit_id", .joinKey)
        let group = dep("employees", "unit_id", .groupKey)
        #expect(m["name"] == [dep("employees", "name", .copied), filter, join, group])
        #expect(m["employee_id"] == [dep("employees", "id", .copied), filter, join, group])
        #expect(m["headcount"] == [filter, join, group])
        #expect(m["doubled"] == [filter, join, group])
    }

    @Test func aggregatedStaysAggregatedThroughLaterTransforms() throws {
        let m = try lineageMap(
            """
            WITH totals AS (SELECT employee_id, SUM(hours) AS total FROM shifts GROUP BY employee_id)
            SELECT employee_id, total / 37 AS weeks, total AS copied_total FROM totals
            """)
        let group = dep("shifts", "employee_id", .groupKey)
        #expect(m["weeks"] == [dep("shifts", "hours", .aggregated), group])
        #expect(m["copied_total"] == [dep("shifts", "hours", .aggregated), group])
        #expect(m["employee_id"] == [dep("shifts", "employee_id", .copied), group])
    }

    @Test func windowFunctions() throws {
        let m = try lineageMap(
            """
            SELECT employee_id,
                   ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY shift_date) AS shift_no,
                   SUM(hours) OVER (PARTITION BY employee_id ORDER BY shift_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS hours_7,
                   LAG(shift_date) OVER (PARTITION BY employee_id ORDER BY shift_date) AS previous_shift,
                   COUNT(*) OVER () AS all_shifts
            FROM shifts
            """)
        let keys: Set = [dep("shifts", "employee_id", .groupKey), dep("shifts", "shift_date", .groupKey)]
        #expect(m["employee_id"] == [dep("shifts", "employee_id", .copied)])
        #expect(m["shift_no"] == keys)
        #expect(m["hours_7"] == keys.union([dep("shifts", "hours", .aggregated)]))
        #expect(m["previous_shift"] == keys.union([dep("shifts", "shift_date", .transformed)]))
        #expect(m["all_shifts"] == [])
    }

    @Test func windowResultUsedInOuterFilter() throws {
        let m = try lineageMap(
            """
            WITH ranked AS (
                SELECT employee_id, first_day, ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY first_day DESC) AS rn
                FROM absences
            )
            SELECT employee_id, first_day AS latest_absence FROM ranked WHERE rn = 1
            """)
        let keys: Set = [dep("absences", "employee_id", .groupKey), dep("absences", "first_day", .groupKey)]
        #expect(m["latest_absence"] == keys.union([dep("absences", "first_day", .copied)]))
        #expect(m["employee_id"] == keys.union([dep("absences", "employee_id", .copied)]))
    }

    @Test func selectStarExpandsWithSchema() throws {
        let stmt = try parse("SELECT *, u.unit_name AS again FROM employees e JOIN units u ON u.unit_key = e.unit_id")
        let names = try outputColumnNames(
            of: stmt,
            schema: DictionarySchema(["employees": ["id", "name", "unit_id"], "units": ["unit_key", "unit_name"]]))
        #expect(names == ["id", "name", "unit_id", "unit_key", "unit_name", "again"])
        let error = try #require(try lineageError("SELECT * FROM employees e JOIN units u ON u.id = e.unit_id"))
        #expect(error.code == "SQL055")
        let m = try lineageMap("SELECT e.* FROM employees e WHERE e.active = 1")
        #expect(m.keys.sorted() == ["active", "id", "name", "salary", "start_date", "unit_id"])
        #expect(m["salary"] == [dep("employees", "salary", .copied), dep("employees", "active", .filter)])
    }

    @Test func selectStarThroughCTE() throws {
        let m = try lineageMap("WITH x AS (SELECT id, name FROM employees) SELECT * FROM x")
        #expect(m == ["id": [dep("employees", "id", .copied)], "name": [dep("employees", "name", .copied)]])
    }

    @Test func selectStarWithoutSchemaIsAnError() throws {
        let error = try #require(try lineageError("SELECT * FROM unknown_table", schema: DictionarySchema([:])))
        #expect(error.code == "SQL054")
        #expect(error.location == SQLSourceLocation(line: 1, column: 8))
        #expect(error.message.contains("unknown_table"))
    }

    @Test func subqueriesInFromAndExpressions() throws {
        let m = try lineageMap(
            """
            SELECT s.employee_id,
                   s.days,
                   (SELECT MAX(hours) FROM shifts x WHERE x.employee_id = s.employee_id) AS max_shift
            FROM (SELECT employee_id, DATE_DIFF_DAYS(first_day, last_day) + 1 AS days FROM absences WHERE kind = 'Sygdom') AS s
            WHERE s.employee_id IN (SELECT id FROM employees WHERE active = 1)
              AND EXISTS (SELECT 1 FROM shifts y WHERE y.employee_id = s.employee_id AND y.is_substitute = 1)
            """)
        let rows: Set = [
            dep("absences", "kind", .filter), dep("absences", "employee_id", .filter), dep("employees", "id", .filter),
            dep("employees", "active", .filter), dep("shifts", "employee_id", .filter),
            dep("shifts", "is_substitute", .filter),
        ]
        #expect(m["employee_id"] == rows.union([dep("absences", "employee_id", .copied)]))
        #expect(
            m["days"]
                == rows.union([dep("absences", "first_day", .transformed), dep("absences", "last_day", .transformed)]))
        #expect(m["max_shift"] == rows.union([dep("shifts", "hours", .aggregated)]))
    }

    @Test func unionMergesBranchesByPosition() throws {
        let m = try lineageMap(
            """
            SELECT employee_id AS person, hours AS amount FROM shifts
            UNION ALL
            SELECT employee_id, hours * 8 FROM absences WHERE kind = 'Ferie'
            """)
        #expect(
            m["person"] == [
                dep("shifts", "employee_id", .copied), dep("absences", "employee_id", .copied),
                dep("absences", "kind", .filter),
            ])
        #expect(
            m["amount"] == [
                dep("shifts", "hours", .copied), dep("absences", "hours", .transformed),
                dep("absences", "kind", .filter),
            ])
        let distinct = try lineageMap("SELECT unit_id FROM employees UNION SELECT id FROM units")
        #expect(
            distinct["unit_id"] == [
                dep("employees", "unit_id", .copied), dep("units", "id", .copied),
                dep("employees", "unit_id", .groupKey), dep("units", "id", .groupKey),
            ])
    }

    @Test func distinctAndLimitShapeRows() throws {
        let d = try lineageMap("SELECT DISTINCT unit_id FROM employees")
        #expect(d["unit_id"] == [dep("employees", "unit_id", .copied), dep("employees", "unit_id", .groupKey)])
        let l = try lineageMap("SELECT name FROM employees ORDER BY salary DESC, name LIMIT 10")
        #expect(
            l["name"] == [
                dep("employees", "name", .copied), dep("employees", "salary", .filter),
                dep("employees", "name", .filter),
            ])
        let o = try lineageMap("SELECT name FROM employees ORDER BY salary")
        #expect(o["name"] == [dep("employees", "name", .copied)])
    }

    @Test func leftJoinWithCorrelationAndQuotedColumns() throws {
        let m = try lineageMap(
            """
            SELECT e.id, p."Amount" AS amount
            FROM employees e
            LEFT JOIN staging.payroll p ON p."Employee Id" = e.id
            """)
        #expect(
            m["amount"] == [
                dep("staging.payroll", "Amount", .copied), dep("staging.payroll", "Employee Id", .joinKey),
                dep("employees", "id", .joinKey),
            ])
    }

    @Test func unknownSchemaTablesAreAttributedWhenUnambiguous() throws {
        let m = try lineageMap("SELECT x, y + 1 AS z FROM raw_rows WHERE flag = 'A'", schema: DictionarySchema([:]))
        #expect(m["x"] == [dep("raw_rows", "x", .copied), dep("raw_rows", "flag", .filter)])
        #expect(m["z"] == [dep("raw_rows", "y", .transformed), dep("raw_rows", "flag", .filter)])
        let error = try #require(try lineageError("SELECT x FROM a JOIN b ON a.k = b.k", schema: DictionarySchema([:])))
        #expect(error.code == "SQL052")
    }

    @Test func columnMatchingIsCaseInsensitiveAndUsesSchemaSpelling() throws {
        let m = try lineageMap("SELECT UNIT_NAME FROM Units")
        #expect(m["UNIT_NAME"] == [dep("Units", "unit_name", .copied)])
    }

    @Test func constantEqualityInOnIsAFilterNotAJoinKey() throws {
        let m = try lineageMap(
            "SELECT e.name FROM employees e LEFT JOIN units u ON u.id = e.unit_id AND u.region = 'Nord'")
        #expect(
            m["name"] == [
                dep("employees", "name", .copied), dep("units", "id", .joinKey), dep("employees", "unit_id", .joinKey),
                dep("units", "region", .filter),
            ])
    }

    @Test func dependenciesAreSortedAndUnique() throws {
        let result = try lineage(
            of: try parse("SELECT name || name AS twice FROM employees WHERE name <> '' AND name IS NOT NULL"),
            schema: hrSchema)
        #expect(result[0].dependencies == [dep("employees", "name", .transformed), dep("employees", "name", .filter)])
    }
}

@Suite("Lineage errors")
struct LineageErrorTests {
    @Test func unknownColumnSuggestsCloseName() throws {
        let error = try #require(
            try lineageError("SELECT e.id,\n       nme\nFROM employees e JOIN units u ON u.id = e.unit_id"))
        #expect(error.code == "SQL051")
        #expect(error.location == SQLSourceLocation(line: 2, column: 8))
        #expect(error.message == "Column 'nme' is not in any table of the FROM clause (tables: e, u).")
        #expect(error.hint == "Did you mean 'name'?")
        #expect(error.description.hasPrefix("models/m.sql:2:8: error SQL051: "))
    }

    @Test func unknownQualifiedColumn() throws {
        let error = try #require(try lineageError("SELECT e.unit FROM employees e"))
        #expect(error.code == "SQL051" && error.location == SQLSourceLocation(line: 1, column: 8))
        #expect(error.hint.contains("unit_id"))
    }

    @Test func doubleQuotedStringGetsAHint() throws {
        let error = try #require(try lineageError("SELECT id FROM employees WHERE name = \"Ane\""))
        #expect(error.code == "SQL051" && error.location == SQLSourceLocation(line: 1, column: 39))
        #expect(error.hint.contains("'single quotes'"))
    }

    @Test func ambiguousColumn() throws {
        let error = try #require(try lineageError("SELECT id FROM employees e JOIN units u ON u.id = e.unit_id"))
        #expect(error.code == "SQL052" && error.location == SQLSourceLocation(line: 1, column: 8))
        #expect(error.hint == "Qualify it, e.g. e.id.")
    }

    @Test func unknownTableQualifier() throws {
        let error = try #require(try lineageError("SELECT employees.id FROM employees e"))
        #expect(error.code == "SQL053" && error.hint == "Use its alias 'e'.")
        let other = try #require(try lineageError("SELECT x.id FROM employees e"))
        #expect(other.code == "SQL053" && other.hint.contains("Tables in scope: e."))
    }

    @Test func unnamedExpression() throws {
        let error = try #require(try lineageError("SELECT id, salary * 12 FROM employees"))
        #expect(error.code == "SQL050" && error.location == SQLSourceLocation(line: 1, column: 12))
        #expect(error.hint.contains("AS"))
    }

    @Test func duplicateOutputName() throws {
        let error = try #require(try lineageError("SELECT id, unit_id AS id FROM employees"))
        #expect(error.code == "SQL055" && error.location == SQLSourceLocation(line: 1, column: 12))
    }

    @Test func unionArity() throws {
        let error = try #require(
            try lineageError("SELECT id FROM employees\nUNION ALL SELECT id, unit_name FROM units"))
        #expect(error.code == "SQL056" && error.location == SQLSourceLocation(line: 2, column: 1))
    }

    @Test func groupByAlias() throws {
        let error = try #require(parseError("SELECT YEAR_OF(start_date) AS y, COUNT(*) AS n FROM employees GROUP BY y"))
        #expect(error.code == "SQL057" && error.location == SQLSourceLocation(line: 1, column: 72))
        #expect(try parse("SELECT e.unit_id AS unit_id, COUNT(*) AS n FROM employees e GROUP BY unit_id").ctes.isEmpty)
    }

    @Test func duplicateAlias() throws {
        let error = try #require(try lineageError("SELECT e.id FROM employees e JOIN units e ON e.id = e.id"))
        #expect(error.code == "SQL057" && error.location == SQLSourceLocation(line: 1, column: 35))
    }

    @Test func columnsWithoutFrom() throws {
        let error = try #require(try lineageError("SELECT a"))
        #expect(error.code == "SQL051" && error.message.contains("without FROM"))
    }
}

@Suite("Referenced tables")
struct ReferencedTablesTests {
    @Test func excludesCTEsAndFindsNestedTables() throws {
        let stmt = try parse(
            """
            WITH a AS (SELECT id FROM employees), b AS (SELECT id FROM a JOIN Employees x ON x.id = a.id)
            SELECT b.id, (SELECT MAX(hours) FROM shifts) AS m
            FROM b
            JOIN (SELECT unit_id FROM staging.payroll) p ON p.unit_id = b.id
            WHERE EXISTS (SELECT 1 FROM absences WHERE absences.employee_id = b.id)
              AND b.id IN (SELECT id FROM units)
            """)
        #expect(
            referencedTables(stmt).map(\.qualifiedName) == [
                "employees", "shifts", "staging.payroll", "absences", "units",
            ])
        #expect(stmt.referencedTables() == ["employees", "shifts", "staging.payroll", "absences", "units"])
    }

    @Test func cteNamesAreScoped() throws {
        let stmt = try parse(
            "SELECT x.a FROM (WITH t AS (SELECT a FROM base) SELECT a FROM t) AS x JOIN t ON t.a = x.a")
        #expect(referencedTables(stmt).map(\.name) == ["base", "t"])
    }

    @Test func selfReferenceInsideCTEIsATable() throws {
        let stmt = try parse("WITH employees AS (SELECT id FROM employees) SELECT id FROM employees")
        #expect(referencedTables(stmt).map(\.name) == ["employees"])
    }

    @Test func locationsPointAtTheReference() throws {
        let stmt = try parse("SELECT 1 AS x\nFROM  staff s")
        #expect(referencedTables(stmt).first?.location == SQLSourceLocation(line: 2, column: 7))
    }
}

@Suite("Lineage of an HR model")
struct EmploymentModelLineageTests {
    static let model = """
        -- Employment periods as the payroll vendor last delivered them.
        WITH versions AS (
            SELECT e.employee_id, e.valid_from, e.weekly_hours, e.employment_form, e.file_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY e.employee_id, e.valid_from
                       ORDER BY f.delivery_date DESC, e.line_no DESC
                   ) AS version_rank
            FROM stg_pdc_employments e
            JOIN landing_files f ON f.file_id = e.file_id
        )
        SELECT employee_id,
               valid_from,
               weekly_hours / 37.0 AS fte,
               CASE WHEN employment_form IN ('Fastansat', 'Tidsbegrænset') THEN 1 ELSE 0 END AS in_core_population,
               file_id AS source_file_id
        FROM versions
        WHERE version_rank = 1
        """

    static let schema = DictionarySchema([
        "stg_pdc_employments": ["employee_id", "valid_from", "weekly_hours", "employment_form", "file_id", "line_no"],
        "landing_files": ["file_id", "file_name", "delivery_date"],
    ])

    @Test func everyOutputCarriesTheJoinAndTheLatestVersionRule() throws {
        let result = try lineage(of: try parse(Self.model, file: "models/employment.sql"), schema: Self.schema)
        #expect(result.map(\.name) == ["employee_id", "valid_from", "fte", "in_core_population", "source_file_id"])
        let rows: Set = [
            dep("stg_pdc_employments", "file_id", .joinKey), dep("landing_files", "file_id", .joinKey),
            dep("stg_pdc_employments", "employee_id", .groupKey), dep("stg_pdc_employments", "valid_from", .groupKey),
            dep("landing_files", "delivery_date", .groupKey), dep("stg_pdc_employments", "line_no", .groupKey),
        ]
        let byName = Dictionary(uniqueKeysWithValues: result.map { ($0.name, Set($0.dependencies)) })
        #expect(byName["fte"] == rows.union([dep("stg_pdc_employments", "weekly_hours", .transformed)]))
        #expect(
            byName["in_core_population"] == rows.union([dep("stg_pdc_employments", "employment_form", .transformed)]))
        #expect(byName["source_file_id"] == rows.union([dep("stg_pdc_employments", "file_id", .copied)]))
        #expect(byName["employee_id"] == rows.union([dep("stg_pdc_employments", "employee_id", .copied)]))
    }

    @Test func rendersAndRunsOnSQLite() throws {
        let setup = """
            CREATE TABLE stg_pdc_employments (employee_id, valid_from, weekly_hours, employment_form, file_id, line_no);
            CREATE TABLE landing_files (file_id, file_name, delivery_date);
            INSERT INTO landing_files VALUES (1, 'a.csv', '2024-01-31'), (2, 'b.csv', '2024-02-29');
            INSERT INTO stg_pdc_employments VALUES (7, '2024-01-01', 37, 'Fastansat', 1, 3), (7, '2024-01-01', 30, 'Fastansat', 2, 9),
              (8, '2024-01-01', 18.5, 'Vikar', 1, 4);
            """
        #expect(
            try runModel(Self.model + "\nORDER BY employee_id", setup: setup)
                == "7|2024-01-01|0.810810810810811|1|2\n8|2024-01-01|0.5|0|1")
    }
}
