import KlarsynSQL
import Testing

@Suite("Parser: constructs of the subset")
struct ParserConstructTests {
    @Test func selectListWithAliasesAndWildcards() throws {
        let stmt = try parse("SELECT *, t.*, a, b AS bee, c cee, \"Odd Name\" FROM t")
        guard case .select(let core) = stmt.body else { throw TestFailure("no core") }
        #expect(
            core.items.map(\.kind) == [
                .wildcard, .tableWildcard("t"), .expression(col("a"), alias: nil), .expression(col("b"), alias: "bee"),
                .expression(col("c"), alias: "cee"), .expression(col("Odd Name"), alias: nil),
            ])
        #expect(core.from == .table(TableRef(name: "t")))
    }

    @Test func literals() throws {
        let stmt = try parse("SELECT 42, 2.50, 'it''s', NULL, TRUE, false, .5, 1e3")
        guard case .select(let core) = stmt.body else { throw TestFailure("no core") }
        let literals = core.items.compactMap { item -> Literal? in
            if case .expression(let e, _) = item.kind, case .literal(let l) = e.kind { return l }
            return nil
        }
        #expect(
            literals == [
                .integer("42"), .decimal("2.50"), .string("it's"), .null, .boolean(true), .boolean(false),
                .decimal("0.5"), .decimal("1e3"),
            ])
    }

    @Test func qualifiedAndQuotedColumns() throws {
        #expect(try firstExpression("SELECT e.\"Start Date\" FROM employees e") == col("Start Date", "e"))
        #expect(try firstExpression("SELECT \"E\".x FROM employees \"E\"") == col("x", "E"))
    }

    @Test func precedenceOrAndNot() throws {
        let e = try firstExpression("SELECT a OR b AND NOT c = 1")
        #expect(
            e == bin(.or, col("a"), bin(.and, col("b"), SQLExpression(.unary(.not, bin(.equal, col("c"), int("1")))))))
    }

    @Test func precedenceArithmeticAndConcat() throws {
        #expect(
            try firstExpression("SELECT 1 + 2 * 3 - 4")
                == bin(.minus, bin(.plus, int("1"), bin(.multiply, int("2"), int("3"))), int("4")))
        #expect(try firstExpression("SELECT a || b + c") == bin(.concat, col("a"), bin(.plus, col("b"), col("c"))))
        #expect(
            try firstExpression("SELECT -a * b") == bin(.multiply, SQLExpression(.unary(.minus, col("a"))), col("b")))
        #expect(try firstExpression("SELECT (1 + 2) * 3") == bin(.multiply, bin(.plus, int("1"), int("2")), int("3")))
        #expect(try firstExpression("SELECT a % 2 = 0") == bin(.equal, bin(.modulo, col("a"), int("2")), int("0")))
    }

    @Test func notEqualSpellings() throws {
        #expect(try firstExpression("SELECT a != b") == bin(.notEqual, col("a"), col("b")))
        #expect(try firstExpression("SELECT a <> b") == bin(.notEqual, col("a"), col("b")))
    }

    @Test func predicates() throws {
        #expect(try firstExpression("SELECT a IS NOT NULL") == SQLExpression(.isNull(col("a"), negated: true)))
        #expect(
            try firstExpression("SELECT a NOT BETWEEN 1 AND 2 + 1")
                == SQLExpression(.between(col("a"), low: int("1"), high: bin(.plus, int("2"), int("1")), negated: true))
        )
        #expect(
            try firstExpression("SELECT a IN (1, 2)")
                == SQLExpression(.inList(col("a"), [int("1"), int("2")], negated: false)))
        #expect(
            try firstExpression("SELECT a NOT LIKE 'x%'")
                == SQLExpression(.like(col("a"), pattern: "x%", negated: true)))
        let inSub = try firstExpression("SELECT a NOT IN (SELECT b FROM u)")
        guard case .inSubquery(_, _, negated: true) = inSub.kind else { throw TestFailure("\(inSub)") }
        #expect(
            try firstExpression("SELECT a BETWEEN 1 AND 2 AND b")
                == bin(.and, SQLExpression(.between(col("a"), low: int("1"), high: int("2"), negated: false)), col("b"))
        )
    }

    @Test func caseExpressions() throws {
        let searched = try firstExpression("SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END")
        #expect(
            searched
                == SQLExpression(
                    .caseWhen(
                        CaseExpression(
                            whens: [
                                WhenClause(
                                    condition: bin(.greater, col("a"), int("1")),
                                    result: SQLExpression(.literal(.string("x"))))
                            ], elseResult: SQLExpression(.literal(.string("y")))))))
        let simple = try firstExpression("SELECT CASE a WHEN 1 THEN 2 WHEN 3 THEN 4 END")
        #expect(
            simple
                == SQLExpression(
                    .caseWhen(
                        CaseExpression(
                            operand: col("a"),
                            whens: [
                                WhenClause(condition: int("1"), result: int("2")),
                                WhenClause(condition: int("3"), result: int("4")),
                            ]))))
    }

    @Test(arguments: [
        ("INTEGER", SQLType.integer), ("int", .integer), ("BIGINT", .bigint), ("REAL", .real), ("DOUBLE", .real),
        ("DOUBLE PRECISION", .real), ("FLOAT", .real), ("DECIMAL(10, 2)", .decimal(precision: 10, scale: 2)),
        ("NUMERIC", .decimal(precision: nil, scale: nil)), ("TEXT", .text), ("VARCHAR(20)", .varchar(20)),
        ("DATE", .date), ("TIMESTAMP", .timestamp), ("BOOLEAN", .boolean),
    ])
    func castTypes(_ written: String, _ type: SQLType) throws {
        #expect(try firstExpression("SELECT CAST(a AS \(written))") == SQLExpression(.cast(col("a"), type)))
    }

    @Test func functionCalls() throws {
        #expect(
            try firstExpression("SELECT count(*)") == SQLExpression(.function(FunctionCall(name: "COUNT", star: true))))
        #expect(
            try firstExpression("SELECT COUNT(DISTINCT a)")
                == SQLExpression(.function(FunctionCall(name: "COUNT", arguments: [col("a")], distinct: true))))
        #expect(
            try firstExpression("SELECT date_add_days(d, 1)")
                == SQLExpression(.function(FunctionCall(name: "DATE_ADD_DAYS", arguments: [col("d"), int("1")]))))
        #expect(
            try firstExpression("SELECT CURRENT_DATE") == SQLExpression(.function(FunctionCall(name: "CURRENT_DATE"))))
    }

    @Test func windowFunctions() throws {
        let e = try firstExpression(
            "SELECT SUM(x) OVER (PARTITION BY p, q ORDER BY d DESC NULLS LAST ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)"
        )
        let window = WindowSpec(
            partitionBy: [col("p"), col("q")], orderBy: [OrderingTerm(col("d"), descending: true, nulls: .last)],
            frame: WindowFrame(start: .preceding(3), end: .currentRow))
        #expect(e == SQLExpression(.function(FunctionCall(name: "SUM", arguments: [col("x")], window: window))))
        let short = try firstExpression("SELECT ROW_NUMBER() OVER (ORDER BY d ROWS UNBOUNDED PRECEDING)")
        #expect(
            short
                == SQLExpression(
                    .function(
                        FunctionCall(
                            name: "ROW_NUMBER",
                            window: WindowSpec(
                                orderBy: [OrderingTerm(col("d"))],
                                frame: WindowFrame(start: .unboundedPreceding, end: .currentRow))))))
        let lead = try firstExpression(
            "SELECT LEAD(x, 1, 0) OVER (ORDER BY d ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)")
        guard case .function(let f) = lead.kind else { throw TestFailure("\(lead)") }
        #expect(f.arguments.count == 3)
        #expect(f.window?.frame == WindowFrame(start: .currentRow, end: .unboundedFollowing))
    }

    @Test func joins() throws {
        let stmt = try parse(
            "SELECT 1 AS x FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.id = a.id CROSS JOIN d INNER JOIN e AS ee ON ee.k = a.k"
        )
        guard case .select(let core) = stmt.body, case .join(let outer)? = core.from else {
            throw TestFailure("no join")
        }
        #expect(outer.kind == .inner)
        #expect(outer.right == .table(TableRef(name: "e", alias: "ee")))
        guard case .join(let cross) = outer.left, case .join(let left) = cross.left, case .join(let first) = left.left
        else { throw TestFailure("shape") }
        #expect(cross.kind == .cross && cross.condition == nil)
        #expect(left.kind == .left)
        #expect(first.kind == .inner && first.left == .table(TableRef(name: "a")))
        #expect(first.condition == bin(.equal, col("id", "a"), col("id", "b")))
    }

    @Test func subqueriesAndCTEs() throws {
        let stmt = try parse(
            "WITH x AS (SELECT a FROM t), y AS (SELECT a FROM x) SELECT s.a, (SELECT MAX(a) FROM y) AS m FROM (SELECT a FROM y) AS s WHERE EXISTS (SELECT 1 FROM t)"
        )
        #expect(stmt.ctes.map(\.name) == ["x", "y"])
        guard case .select(let core) = stmt.body, case .subquery(let d)? = core.from else {
            throw TestFailure("no subquery")
        }
        #expect(d.alias == "s")
        guard case .exists = core.whereClause?.kind else { throw TestFailure("no exists") }
    }

    @Test func orderLimitOffsetAndUnion() throws {
        let stmt = try parse(
            "SELECT a FROM t UNION SELECT a FROM u UNION ALL SELECT a FROM v ORDER BY a DESC, b NULLS FIRST LIMIT 10 OFFSET 20;"
        )
        #expect(stmt.limit == 10 && stmt.offset == 20)
        #expect(stmt.orderBy == [OrderingTerm(col("a"), descending: true), OrderingTerm(col("b"), nulls: .first)])
        guard case .union(let top) = stmt.body, case .union(let inner) = top.left else { throw TestFailure("no union") }
        #expect(top.all && !inner.all)
    }

    @Test func selectWithoutFromAndDistinct() throws {
        let stmt = try parse("SELECT DISTINCT 1 AS one")
        guard case .select(let core) = stmt.body else { throw TestFailure("no core") }
        #expect(core.distinct && core.from == nil)
    }

    @Test func commentsAndLocations() throws {
        let stmt = try parse("-- header\n/* block\n comment */ SELECT\n  e.a AS x\nFROM t AS e")
        #expect(stmt.location == SQLSourceLocation(line: 3, column: 13))
        guard case .select(let core) = stmt.body, case .expression(let e, _) = core.items[0].kind,
            case .table(let t)? = core.from
        else { throw TestFailure("shape") }
        #expect(e.location == SQLSourceLocation(line: 4, column: 3))
        #expect(t.location == SQLSourceLocation(line: 5, column: 6))
    }

    @Test func equalityIgnoresLayout() throws {
        #expect(try parse("select a from t where a=1") == parse("SELECT\n  a\nFROM t\nWHERE (a = 1);"))
        #expect(try parse("SELECT a FROM t") != parse("SELECT b FROM t"))
    }

    @Test func schemaQualifiedTable() throws {
        let stmt = try parse("SELECT x.a FROM staging.employees x")
        guard case .select(let core) = stmt.body, case .table(let t)? = core.from else { throw TestFailure("shape") }
        #expect(t.schema == "staging" && t.name == "employees" && t.qualifiedName == "staging.employees")
    }

    @Test func nonASCIIIdentifiers() throws {
        #expect(try firstExpression("SELECT afdeling_nøgle FROM t") == col("afdeling_nøgle"))
    }
}

@Suite("Parser: round trips through format()")
struct RoundTripTests {
    static let corpus: [String] = [
        "SELECT 1 AS one",
        "SELECT a, b AS bee FROM t",
        "SELECT DISTINCT a FROM t",
        "SELECT * FROM t",
        "SELECT t.*, u.a AS ua FROM t JOIN u ON t.id = u.id",
        "SELECT x.a FROM s.t AS x",
        "SELECT a FROM t WHERE a > 1 AND b < 2 OR NOT c = 3",
        "SELECT a, COUNT(*) AS n FROM t GROUP BY a HAVING COUNT(*) > 1",
        "SELECT a FROM t ORDER BY a DESC NULLS LAST, b LIMIT 10 OFFSET 5",
        "WITH c AS (SELECT a FROM t) SELECT a FROM c",
        "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT x FROM b",
        "SELECT a FROM t UNION ALL SELECT a FROM u UNION SELECT a FROM v",
        "SELECT e.a FROM e JOIN d ON e.id = d.id LEFT OUTER JOIN f ON f.id = e.id CROSS JOIN g INNER JOIN h ON h.x = e.x AND h.y > 1",
        "SELECT s.a FROM (SELECT a FROM t) s",
        "SELECT 1, 2.5, 'it''s', NULL, TRUE, FALSE, .5, 1e3, 0.0, 'line\nbreak', ''",
        "SELECT \"Quoted Col\", \"select\", \"MixedCase\", \"with \"\"quote\"\"\" FROM \"My Table\"",
        "SELECT a FROM t WHERE a IS NULL OR b IS NOT NULL",
        "SELECT a FROM t WHERE a BETWEEN 1 AND 10 AND b NOT BETWEEN 2 AND 3",
        "SELECT a FROM t WHERE a IN (1, 2, 3) AND b NOT IN (SELECT b FROM u)",
        "SELECT a FROM t WHERE a LIKE 'x%' AND b NOT LIKE '_y*[z]?'",
        "SELECT a || '-' || b AS ab FROM t",
        "SELECT a + b * c - d / e % f AS x FROM t",
        "SELECT (a + b) * c AS x, a - (b - c), (a - b) - c, a / (b * c), -(-a) FROM t",
        "SELECT -a, -(a + b), +a, - 1 FROM t",
        "SELECT 'a' || (1 + 2) AS x, ('a' || 'b') || 'c' AS y, 'a' || ('b' || 'c') AS z",
        "SELECT NOT (a = 1) AS x, (a = b) = (c = d) AS y, NOT NOT a AS z FROM t",
        "SELECT CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END AS size FROM t",
        "SELECT CASE a WHEN 1 THEN 'one' END AS x FROM t",
        "SELECT CAST(a AS INTEGER), CAST(a AS BIGINT), CAST(a AS REAL), CAST(a AS DOUBLE PRECISION), CAST(a AS DECIMAL(10, 2)), CAST(a AS NUMERIC(5)), CAST(a AS TEXT), CAST(a AS VARCHAR(20)), CAST(a AS DATE), CAST(a AS TIMESTAMP), CAST(a AS BOOLEAN) FROM t",
        "SELECT COUNT(DISTINCT a), SUM(a), AVG(a), MIN(a), MAX(a), COUNT(*), SUM(DISTINCT b) FROM t",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) AS rn FROM t",
        "SELECT RANK() OVER (ORDER BY b), DENSE_RANK() OVER (ORDER BY b NULLS LAST) FROM t",
        "SELECT LAG(a) OVER (ORDER BY b), LEAD(a, 2, 0) OVER (PARTITION BY c ORDER BY b) FROM t",
        "SELECT FIRST_VALUE(a) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), LAST_VALUE(a) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM t",
        "SELECT SUM(a) OVER (PARTITION BY c), COUNT(*) OVER (), AVG(a) OVER (ORDER BY b ROWS UNBOUNDED PRECEDING), MIN(a) OVER (PARTITION BY c), MAX(a) OVER (PARTITION BY c) FROM t",
        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND NOT EXISTS (SELECT 1 FROM v)",
        "SELECT (SELECT MAX(b) FROM u) AS m, a = (SELECT MIN(b) FROM u) AS f FROM t",
        "SELECT COALESCE(a, b, 0), NULLIF(a, 0), ABS(a), ROUND(a, 2), ROUND(a), FLOOR(a), CEIL(a), INT_DIV(a, 2) FROM t",
        "SELECT LOWER(a), UPPER(a), LENGTH(a), SUBSTR(a, 1, 2), SUBSTR(a, 2), TRIM(a), REPLACE(a, 'x', 'y') FROM t",
        "SELECT DATE_ADD_DAYS(d, 1), DATE_DIFF_DAYS(d, e), MONTH_OF(d), YEAR_OF(d), DAY_OF_WEEK(d), DATE_TRUNC_MONTH(d), TO_DATE('2024-01-01'), CURRENT_DATE FROM t",
        "SELECT a FROM t -- comment\n WHERE /* block\n comment */ a <> 1 AND b != 2;",
        "select a from t where a = 1 order by a limit 1",
        "SELECT a FROM t WHERE (a = 1 OR b = 2) AND c = 3",
        "SELECT a IS NULL = b IS NULL AS same FROM t",
        "SELECT (a BETWEEN 1 AND 2) BETWEEN FALSE AND TRUE FROM t",
        "SELECT x.\"Start Date\" FROM staging.\"HR Employees\" AS x WHERE x.\"Start Date\" >= '2024-01-01'",
    ]

    @Test(arguments: corpus)
    func formatThenParseIsIdentity(_ sql: String) throws {
        let stmt = try parse(sql)
        let text = format(stmt)
        let again = try parse(text)
        #expect(again == stmt, "\(text)")
        #expect(format(again) == text)
    }

    @Test func formattedTextIsCanonical() throws {
        #expect(
            format(try parse("select distinct a as x from t where a != 1 order by x desc"))
                == "SELECT DISTINCT a AS x FROM t WHERE a <> 1 ORDER BY x DESC")
        #expect(
            format(try parse("SELECT \"MyCol\", \"order\", my_col FROM t"))
                == "SELECT \"MyCol\", \"order\", my_col FROM t")
        #expect(
            format(try parse("SELECT a FROM t LEFT OUTER JOIN u ON t.id=u.id INNER JOIN v ON v.id = u.id"))
                == "SELECT a FROM t LEFT JOIN u ON t.id = u.id JOIN v ON v.id = u.id")
        #expect(
            format(try parse("SELECT SUM(x) OVER (ORDER BY d ROWS 2 PRECEDING) AS s FROM t"))
                == "SELECT SUM(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM t")
    }
}
