import KlarsynSQL
import Testing

/// One rejected construct: the SQL, the code, and the exact position reported.
struct RejectedCase: CustomTestStringConvertible, Sendable {
    var sql: String
    var code: String
    var line: Int
    var column: Int
    var hintContains: String = ""
    var testDescription: String { "\(code): \(sql)" }
}

@Suite("Parser: rejected constructs and syntax errors")
struct ErrorTests {
    static let cases: [RejectedCase] = [
        // Lexical
        .init(sql: "SELECT a # b FROM t", code: "SQL001", line: 1, column: 10),
        .init(sql: "SELECT 0x1F", code: "SQL001", line: 1, column: 9, hintContains: "hexadecimal"),
        .init(sql: "SELECT a FROM t WHERE a = 'open", code: "SQL002", line: 1, column: 27),
        .init(sql: "SELECT a\nFROM t\nWHERE b = 'x\n", code: "SQL002", line: 3, column: 11),
        .init(sql: "SELECT \"a FROM t", code: "SQL003", line: 1, column: 8),
        .init(sql: "SELECT a /* never closed", code: "SQL003", line: 1, column: 10),
        .init(sql: "SELECT `a` FROM t", code: "SQL004", line: 1, column: 8, hintContains: "\"double quotes\""),
        .init(sql: "SELECT [a] FROM t", code: "SQL004", line: 1, column: 8, hintContains: "\"double quotes\""),
        .init(sql: "SELECT a FROM t WHERE a == 1", code: "SQL005", line: 1, column: 25),
        .init(sql: "SELECT a::int FROM t", code: "SQL006", line: 1, column: 9, hintContains: "CAST"),
        .init(sql: "SELECT a FROM t WHERE a = ?", code: "SQL007", line: 1, column: 27),
        .init(sql: "SELECT a FROM t WHERE a = :x", code: "SQL007", line: 1, column: 27),
        .init(sql: "SELECT a FROM t WHERE a = $1", code: "SQL007", line: 1, column: 27),
        // Syntax
        .init(sql: "SELECT a FROM t WHERE", code: "SQL010", line: 1, column: 22),
        .init(sql: "SELECT a FROM t\nWHERE a = 1\n  AND b = ", code: "SQL010", line: 3, column: 11),
        .init(sql: "SELECT a, FROM t", code: "SQL010", line: 1, column: 11),
        .init(sql: "SELECT (a + 1 FROM t", code: "SQL010", line: 1, column: 15),
        .init(sql: "SELECT COUNT(a FROM t", code: "SQL010", line: 1, column: 16),
        .init(sql: "SELECT a FROM t WHERE a IN ()", code: "SQL010", line: 1, column: 29),
        .init(sql: "SELECT a FROM t WHERE a IS DISTINCT FROM b", code: "SQL010", line: 1, column: 28),
        .init(sql: "SELECT CASE WHEN a THEN 1 FROM t", code: "SQL010", line: 1, column: 27),
        .init(sql: "SELECT a FROM", code: "SQL010", line: 1, column: 14),
        .init(sql: "SELECT (a + 1", code: "SQL011", line: 1, column: 8),
        .init(sql: "SELECT a FROM t WHERE a IN (1, 2", code: "SQL011", line: 1, column: 28),
        .init(sql: "SELECT a FROM t x y", code: "SQL012", line: 1, column: 19),
        .init(sql: "SELECT a FROM t; SELECT b FROM u", code: "SQL012", line: 1, column: 18),
        .init(sql: "SELECT a FROM t WHERE a = 1)", code: "SQL012", line: 1, column: 28),
        .init(sql: "", code: "SQL013", line: 1, column: 1),
        .init(sql: "-- only a comment", code: "SQL013", line: 1, column: 18),
        // Not a SELECT
        .init(sql: "INSERT INTO t VALUES (1)", code: "SQL020", line: 1, column: 1),
        .init(sql: "  DROP TABLE t", code: "SQL020", line: 1, column: 3),
        .init(sql: "pragma foreign_keys = on", code: "SQL020", line: 1, column: 1),
        .init(sql: "ATTACH 'x.db' AS x", code: "SQL020", line: 1, column: 1),
        .init(sql: "CREATE TABLE x (a INTEGER)", code: "SQL020", line: 1, column: 1),
        .init(sql: "UPDATE t SET a = 1", code: "SQL020", line: 1, column: 1),
        .init(sql: "DELETE FROM t", code: "SQL020", line: 1, column: 1),
        .init(sql: "VALUES (1)", code: "SQL020", line: 1, column: 1),
        .init(sql: "SELECT a INTO x FROM t", code: "SQL020", line: 1, column: 10),
        // Subset rules
        .init(sql: "WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", code: "SQL021", line: 1, column: 6),
        .init(
            sql: "SELECT a FROM t RIGHT JOIN u ON t.id = u.id", code: "SQL022", line: 1, column: 17,
            hintContains: "LEFT JOIN with the tables swapped"),
        .init(sql: "SELECT a\nFROM t\nFULL OUTER JOIN u ON t.id = u.id", code: "SQL022", line: 3, column: 1),
        .init(sql: "SELECT a FROM t NATURAL JOIN u", code: "SQL023", line: 1, column: 17),
        .init(sql: "SELECT a FROM t JOIN u USING (id)", code: "SQL023", line: 1, column: 24),
        .init(sql: "SELECT a FROM t, u", code: "SQL024", line: 1, column: 16),
        .init(sql: "SELECT a FROM t LIMIT 5", code: "SQL025", line: 1, column: 17, hintContains: "ORDER BY"),
        .init(sql: "SELECT a FROM t ORDER BY a LIMIT 5, 10", code: "SQL025", line: 1, column: 35),
        .init(sql: "SELECT a FROM t ORDER BY a OFFSET 5", code: "SQL025", line: 1, column: 28),
        .init(sql: "SELECT a FROM t ORDER BY a LIMIT n", code: "SQL025", line: 1, column: 34),
        .init(sql: "SELECT a FROM t JOIN u", code: "SQL026", line: 1, column: 23),
        .init(sql: "SELECT a FROM t CROSS JOIN u ON 1 = 1", code: "SQL026", line: 1, column: 30),
        .init(sql: "SELECT a FROM t INTERSECT SELECT a FROM u", code: "SQL027", line: 1, column: 17),
        .init(
            sql: "SELECT a FROM t EXCEPT SELECT a FROM u", code: "SQL027", line: 1, column: 17,
            hintContains: "NOT EXISTS"),
        .init(sql: "SELECT a FROM (SELECT a FROM t)", code: "SQL028", line: 1, column: 15),
        .init(sql: "SELECT a FROM (t JOIN u ON t.a = u.a)", code: "SQL028", line: 1, column: 15),
        .init(sql: "SELECT a FROM json_each(x)", code: "SQL028", line: 1, column: 15),
        .init(sql: "WITH c(x) AS (SELECT 1) SELECT x FROM c", code: "SQL029", line: 1, column: 7),
        .init(
            sql: "WITH c AS (SELECT 1 AS x), C AS (SELECT 2 AS x) SELECT x FROM c", code: "SQL029", line: 1, column: 28),
        // Functions
        .init(sql: "SELECT foo(a) FROM t", code: "SQL030", line: 1, column: 8),
        .init(
            sql: "SELECT COALESE(a, 0) FROM t", code: "SQL030", line: 1, column: 8,
            hintContains: "Did you mean 'COALESCE'?"),
        .init(
            sql: "SELECT DATE_ADD_DAY(d, 1) FROM t", code: "SQL030", line: 1, column: 8, hintContains: "'DATE_ADD_DAYS'"
        ),
        .init(sql: "SELECT strftime('%Y', d) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "YEAR_OF"),
        .init(
            sql: "SELECT julianday(b) - julianday(a) FROM t", code: "SQL031", line: 1, column: 8,
            hintContains: "DATE_DIFF_DAYS"),
        .init(
            sql: "SELECT date(d, '+1 day') FROM t", code: "SQL031", line: 1, column: 8, hintContains: "DATE_ADD_DAYS"),
        .init(sql: "SELECT ifnull(a, 0) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "COALESCE"),
        .init(sql: "SELECT iif(a > 1, 1, 0) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "CASE WHEN"),
        .init(sql: "SELECT group_concat(a) FROM t", code: "SQL031", line: 1, column: 8),
        .init(sql: "SELECT CONCAT(a, b) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "||"),
        .init(sql: "SELECT LEFT(a, 2) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "SUBSTR"),
        .init(sql: "SELECT CURRENT_TIMESTAMP", code: "SQL031", line: 1, column: 8),
        .init(sql: "SELECT EXTRACT(YEAR FROM d) FROM t", code: "SQL031", line: 1, column: 8, hintContains: "YEAR_OF"),
        .init(sql: "SELECT COALESCE(a) FROM t", code: "SQL032", line: 1, column: 8),
        .init(sql: "SELECT SUBSTR(a) FROM t", code: "SQL032", line: 1, column: 8),
        .init(sql: "SELECT MAX(a, b) FROM t", code: "SQL032", line: 1, column: 8),
        .init(sql: "SELECT COUNT() FROM t", code: "SQL032", line: 1, column: 8),
        .init(sql: "SELECT SUM(*) FROM t", code: "SQL033", line: 1, column: 12),
        .init(sql: "SELECT LOWER(DISTINCT a) FROM t", code: "SQL033", line: 1, column: 8),
        .init(sql: "SELECT COUNT(*) FILTER (WHERE a > 1) FROM t", code: "SQL033", line: 1, column: 17),
        .init(sql: "SELECT COUNT(DISTINCT a) OVER (PARTITION BY b) FROM t", code: "SQL033", line: 1, column: 8),
        .init(sql: "SELECT ROW_NUMBER() FROM t", code: "SQL034", line: 1, column: 8),
        .init(sql: "SELECT ROW_NUMBER() OVER (PARTITION BY a) FROM t", code: "SQL034", line: 1, column: 21),
        .init(sql: "SELECT LOWER(a) OVER (ORDER BY a) FROM t", code: "SQL034", line: 1, column: 17),
        .init(
            sql: "SELECT SUM(a) OVER (ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
            code: "SQL034", line: 1, column: 32),
        .init(sql: "SELECT SUM(a) OVER w FROM t", code: "SQL034", line: 1, column: 20),
        .init(sql: "SELECT a FROM t WINDOW w AS (ORDER BY a)", code: "SQL034", line: 1, column: 17),
        .init(sql: "SELECT CAST(a AS STRING) FROM t", code: "SQL035", line: 1, column: 18),
        .init(
            sql: "SELECT DATE '2024-01-01'", code: "SQL036", line: 1, column: 8, hintContains: "TO_DATE('2024-01-01')"),
        .init(sql: "SELECT a FROM t WHERE d > CURRENT_DATE - INTERVAL '1 day'", code: "SQL036", line: 1, column: 42),
        // Patterns
        .init(sql: "SELECT a FROM t WHERE a LIKE b", code: "SQL040", line: 1, column: 30),
        .init(sql: "SELECT a FROM t WHERE a LIKE 'x\\_y'", code: "SQL040", line: 1, column: 30),
        .init(sql: "SELECT a FROM t WHERE a LIKE 'x' ESCAPE '!'", code: "SQL040", line: 1, column: 34),
        .init(sql: "SELECT a FROM t WHERE a ILIKE 'x'", code: "SQL041", line: 1, column: 25, hintContains: "LOWER"),
        .init(sql: "SELECT a FROM t WHERE a NOT ILIKE 'x'", code: "SQL041", line: 1, column: 29),
        .init(sql: "SELECT a FROM t WHERE a GLOB 'x*'", code: "SQL041", line: 1, column: 25),
        .init(sql: "SELECT a FROM t WHERE a REGEXP 'x'", code: "SQL041", line: 1, column: 25),
        // Other
        .init(sql: "SELECT DISTINCT ON (a) a FROM t", code: "SQL042", line: 1, column: 17, hintContains: "ROW_NUMBER"),
        .init(sql: "SELECT a, COUNT(*) AS n FROM t GROUP BY 1", code: "SQL043", line: 1, column: 41),
        .init(sql: "SELECT a FROM t ORDER BY 1", code: "SQL043", line: 1, column: 26),
        .init(sql: "SELECT a 'alias' FROM t", code: "SQL044", line: 1, column: 10),
        .init(sql: "SELECT a AS 'alias' FROM t", code: "SQL044", line: 1, column: 13, hintContains: "AS \"alias\""),
    ]

    @Test(arguments: cases)
    func rejected(_ c: RejectedCase) throws {
        let error = try #require(parseError(c.sql), "accepted: \(c.sql)")
        #expect(error.code == c.code, "\(error)")
        #expect(error.location == SQLSourceLocation(line: c.line, column: c.column), "\(error)")
        #expect(!error.hint.isEmpty, "\(error)")
        if !c.hintContains.isEmpty { #expect(error.hint.contains(c.hintContains), "\(error)") }
    }

    @Test func descriptionHasFileLineColumnCodeMessageAndHint() throws {
        let error = try #require(
            parseError(
                "SELECT e.id\nFROM employees e\n       RIGHT JOIN units u ON u.id = e.unit_id",
                file: "models/employment.sql"))
        #expect(
            error.description
                == "models/employment.sql:3:8: error SQL022: RIGHT JOIN is not in Klarsyn's portable subset. Use LEFT JOIN with the tables swapped."
        )
    }

    @Test func descriptionWithoutFile() throws {
        let error = try #require(parseError("SELECT a FROM t, u"))
        #expect(error.description.hasPrefix("1:16: error SQL024: "))
    }

    @Test func unclosedParenthesisNamesTheOpening() throws {
        let error = try #require(parseError("SELECT a FROM t WHERE (a = 1 OR b = 2 AND c"))
        #expect(error.code == "SQL011" && error.location == SQLSourceLocation(line: 1, column: 23))
        let mid = try #require(parseError("SELECT (a + 1\nFROM t"))
        #expect(mid.message.contains("to close the '(' at 1:8"))
    }

    @Test func everyCodeIsDocumented() throws {
        let codes = Set(Self.cases.map(\.code))
        #expect(codes.count >= 30)
    }
}

@Suite("Parser: aggregates in the right places")
struct AggregatePlacementTests {
    static let rejected: [RejectedCase] = [
        .init(sql: "SELECT a FROM t WHERE SUM(b) > 1", code: "SQL037", line: 1, column: 23, hintContains: "HAVING"),
        .init(
            sql: "SELECT a FROM t WHERE ROW_NUMBER() OVER (ORDER BY a) = 1", code: "SQL037", line: 1, column: 23,
            hintContains: "CTE"),
        .init(sql: "SELECT COUNT(*) AS n FROM t GROUP BY COUNT(*)", code: "SQL037", line: 1, column: 38),
        .init(sql: "SELECT a FROM t JOIN u ON MAX(t.a) = u.a", code: "SQL037", line: 1, column: 27),
        .init(
            sql: "SELECT name, MAX(salary) AS top FROM employees", code: "SQL038", line: 1, column: 8,
            hintContains: "GROUP BY"),
        .init(
            sql: "SELECT unit_id, name, COUNT(*) AS n FROM employees GROUP BY unit_id", code: "SQL038", line: 1,
            column: 17),
        .init(
            sql: "SELECT unit_id, COUNT(*) AS n FROM employees GROUP BY unit_id HAVING salary > 1", code: "SQL038",
            line: 1, column: 70),
        .init(sql: "SELECT *, COUNT(*) AS n FROM employees GROUP BY unit_id", code: "SQL038", line: 1, column: 8),
        .init(
            sql: "SELECT unit_id, RANK() OVER (ORDER BY salary) AS r FROM employees GROUP BY unit_id", code: "SQL038",
            line: 1, column: 39),
    ]

    @Test(arguments: rejected)
    func rejectedPlacement(_ c: RejectedCase) throws {
        let error = try #require(parseError(c.sql), "accepted: \(c.sql)")
        #expect(error.code == c.code, "\(error)")
        #expect(error.location == SQLSourceLocation(line: c.line, column: c.column), "\(error)")
        if !c.hintContains.isEmpty { #expect(error.hint.contains(c.hintContains), "\(error)") }
    }

    @Test(arguments: [
        "SELECT e.unit_id, COUNT(*) AS n FROM employees e GROUP BY unit_id",
        "SELECT unit_id, YEAR_OF(start_date) AS y, SUM(salary) / COUNT(*) AS avg_salary FROM employees GROUP BY unit_id, YEAR_OF(start_date)",
        "SELECT unit_id, RANK() OVER (ORDER BY SUM(salary) DESC) AS r FROM employees GROUP BY unit_id",
        "SELECT COUNT(*) AS n, 1 AS one FROM employees",
        "SELECT unit_id FROM employees GROUP BY unit_id HAVING COUNT(*) > 1 AND unit_id > 0",
        "SELECT a FROM t WHERE a IN (SELECT MAX(b) AS m FROM u)",
        "SELECT unit_id, (SELECT MAX(x) FROM u) AS m FROM employees GROUP BY unit_id",
        "SELECT a, SUM(b) OVER (PARTITION BY a) AS s FROM t",
    ])
    func accepted(_ sql: String) throws {
        _ = try parse(sql)
    }
}

@Suite("Parser: hints for reserved words")
struct ReservedWordTests {
    @Test func reservedColumnNameGetsQuotingHint() throws {
        let error = try #require(parseError("SELECT range FROM t"))
        #expect(error.code == "SQL010" && error.location == SQLSourceLocation(line: 1, column: 8))
        #expect(error.hint == "If 'range' is a column or table name, write it in double quotes: \"range\".")
        #expect(try parse("SELECT \"range\", date, year, month, first, last FROM t").body != parse("SELECT 1").body)
    }
}
