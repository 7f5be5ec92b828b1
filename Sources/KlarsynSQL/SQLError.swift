/// A position in SQL text: 1-based line and 1-based column (counted in Unicode scalars).
public struct SQLSourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column number within the line.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, as compilers print it.
    public var description: String { "\(line):\(column)" }

    /// Orders locations by line, then column.
    public static func < (lhs: SQLSourceLocation, rhs: SQLSourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// An error in a model's SQL: a syntax error, a construct outside Klarsyn's portable subset,
/// or a lineage problem (unknown or ambiguous column).
///
/// Every error has a stable ``code`` (see ``SQLErrorCode`` and `docs/sql-subset.md`), a
/// ``message`` that names the problem, the ``location`` in the file and a ``hint`` with the
/// supported alternative:
///
/// ```text
/// models/employment.sql:12:8: error SQL022: RIGHT JOIN is not in Klarsyn's portable subset. Use LEFT JOIN with the tables swapped.
/// ```
public struct SQLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable error code such as `SQL022`; see ``SQLErrorCode``.
    public var code: String
    /// What is wrong, naming the object.
    public var message: String
    /// Where the problem starts.
    public var location: SQLSourceLocation
    /// The model file, when known (e.g. `models/employment.sql`).
    public var file: String?
    /// The supported alternative or how to fix it.
    public var hint: String

    /// Creates an error.
    public init(code: String, message: String, location: SQLSourceLocation, file: String? = nil, hint: String) {
        self.code = code
        self.message = message
        self.location = location
        self.file = file
        self.hint = hint
    }

    /// `file:line:column: error CODE: message hint`, the format editors and CI understand.
    public var description: String {
        let place = file.map { "\($0):\(location)" } ?? "\(location)"
        let tail = hint.isEmpty ? "" : " \(hint)"
        return "\(place): error \(code): \(message)\(tail)"
    }
}

/// The stable codes of ``SQLError``. The table with examples is in `docs/sql-subset.md`.
public enum SQLErrorCode {
    /// A character that has no meaning in the subset (e.g. `#`, `&`, `^`).
    public static let unexpectedCharacter = "SQL001"
    /// A string literal without its closing `'`.
    public static let unterminatedString = "SQL002"
    /// A quoted identifier or block comment without its end.
    public static let unterminatedQuote = "SQL003"
    /// Backtick or `[bracket]` quoting; the subset uses `"double quotes"`.
    public static let nonStandardQuoting = "SQL004"
    /// The `==` operator; the subset uses `=`.
    public static let doubleEquals = "SQL005"
    /// The `x::type` cast; the subset uses `CAST(x AS type)`.
    public static let castOperator = "SQL006"
    /// Bind parameters (`?`, `:name`, `$1`, `@name`).
    public static let parameter = "SQL007"
    /// A token the grammar does not expect at that place.
    public static let unexpectedToken = "SQL010"
    /// A `(` that is never closed.
    public static let unclosedParenthesis = "SQL011"
    /// Text after the end of the statement, or more than one statement.
    public static let trailingInput = "SQL012"
    /// No statement at all.
    public static let emptyInput = "SQL013"
    /// A statement other than `SELECT` (INSERT, CREATE, PRAGMA, …).
    public static let notASelect = "SQL020"
    /// `WITH RECURSIVE`.
    public static let recursiveCTE = "SQL021"
    /// `RIGHT JOIN` or `FULL [OUTER] JOIN`.
    public static let rightOrFullJoin = "SQL022"
    /// `NATURAL JOIN` or `JOIN … USING (…)`.
    public static let implicitJoinKeys = "SQL023"
    /// `FROM a, b`.
    public static let commaJoin = "SQL024"
    /// `LIMIT` without `ORDER BY`, `OFFSET` without `LIMIT`, `LIMIT a, b`, non-literal limits.
    public static let limit = "SQL025"
    /// A join without `ON`, or `CROSS JOIN … ON`.
    public static let joinCondition = "SQL026"
    /// `INTERSECT` or `EXCEPT`.
    public static let setOperation = "SQL027"
    /// A subquery in FROM without alias, a parenthesised join, or a table-valued function.
    public static let fromItem = "SQL028"
    /// A CTE column list or a repeated CTE name.
    public static let cteDefinition = "SQL029"
    /// A function that is not in the catalogue.
    public static let unknownFunction = "SQL030"
    /// An engine-specific function with a portable equivalent.
    public static let engineSpecificFunction = "SQL031"
    /// A function called with the wrong number of arguments.
    public static let argumentCount = "SQL032"
    /// `DISTINCT`, `*` or `FILTER` where the function does not allow it.
    public static let functionModifier = "SQL033"
    /// A window function without `OVER`, `OVER` on a scalar function, or an unsupported frame.
    public static let window = "SQL034"
    /// A `CAST` to a type outside the portable types.
    public static let castType = "SQL035"
    /// Typed literals such as `DATE '2024-01-01'` or `INTERVAL '1 day'`.
    public static let typedLiteral = "SQL036"
    /// An aggregate or window function in `WHERE`, `GROUP BY`, `ON`, or an aggregate inside an aggregate.
    public static let aggregatePlacement = "SQL037"
    /// A column that is neither grouped nor aggregated in a grouped `SELECT` (SQLite's "bare column").
    public static let ungroupedColumn = "SQL038"
    /// `LIKE` with a non-literal pattern, a backslash or `ESCAPE`.
    public static let likePattern = "SQL040"
    /// `ILIKE`, `GLOB`, `REGEXP`, `SIMILAR TO`, `MATCH`.
    public static let patternOperator = "SQL041"
    /// `DISTINCT ON (…)`.
    public static let distinctOn = "SQL042"
    /// `GROUP BY 1` or `ORDER BY 2`.
    public static let positionalReference = "SQL043"
    /// A column alias in single quotes.
    public static let stringAlias = "SQL044"
    /// An output expression without a name.
    public static let unnamedColumn = "SQL050"
    /// A column that no table in scope has.
    public static let unknownColumn = "SQL051"
    /// A column that more than one table in scope has.
    public static let ambiguousColumn = "SQL052"
    /// A qualifier that names no table in scope.
    public static let unknownTable = "SQL053"
    /// `SELECT *` over a table whose columns are unknown.
    public static let unresolvedStar = "SQL054"
    /// Two output columns with the same name.
    public static let duplicateColumn = "SQL055"
    /// `UNION` branches with different numbers of columns.
    public static let unionArity = "SQL056"
    /// A repeated table alias, or `GROUP BY` an output alias.
    public static let aliasMisuse = "SQL057"
}
