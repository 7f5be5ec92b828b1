/// Wraps a value that is kept for diagnostics but is not part of a node's structure, so that
/// two parses of the same SQL laid out differently compare equal (``SQLSourceLocation``s).
@propertyWrapper
public struct IgnoredInEquality<Value: Sendable>: Sendable, Equatable {
    /// The wrapped value.
    public var wrappedValue: Value
    /// Wraps a value.
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    /// Always `true`: the wrapped value never makes two nodes different.
    public static func == (lhs: Self, rhs: Self) -> Bool { true }
}

/// One parsed model: `[WITH …] query [ORDER BY …] [LIMIT n [OFFSET m]]`.
///
/// Equality is structural: source locations are ignored, so
/// `SQLParser.parse(format(s)) == s` holds for every statement `s`.
public struct SelectStatement: Sendable, Equatable {
    /// The common table expressions of `WITH`, in order.
    public var ctes: [CommonTableExpression]
    /// The query: one `SELECT` or a chain of `UNION [ALL]`.
    public var body: QueryBody
    /// `ORDER BY` terms of the whole statement.
    public var orderBy: [OrderingTerm]
    /// `LIMIT n`.
    public var limit: Int?
    /// `OFFSET m`.
    public var offset: Int?
    /// Where the statement starts.
    @IgnoredInEquality public var location: SQLSourceLocation
    /// The file the statement was parsed from, used in lineage errors.
    @IgnoredInEquality public var file: String?

    /// Creates a statement.
    public init(
        ctes: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderingTerm] = [], limit: Int? = nil,
        offset: Int? = nil, location: SQLSourceLocation = .init(line: 1, column: 1), file: String? = nil
    ) {
        self.ctes = ctes
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.location = location
        self.file = file
    }
}

/// `name AS (query)` in a `WITH` clause.
public struct CommonTableExpression: Sendable, Equatable {
    /// The name later parts of the statement use.
    public var name: String
    /// The CTE's query.
    public var query: SelectStatement
    /// Where the name is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a CTE.
    public init(name: String, query: SelectStatement, location: SQLSourceLocation = .init(line: 1, column: 1)) {
        self.name = name
        self.query = query
        self.location = location
    }
}

/// The query part of a statement: a single `SELECT` or a left-deep `UNION` chain.
public indirect enum QueryBody: Sendable, Equatable {
    /// One `SELECT … FROM … WHERE … GROUP BY … HAVING …`.
    case select(SelectCore)
    /// `left UNION [ALL] right`.
    case union(SetOperation)
}

/// `left UNION [ALL] right`.
public struct SetOperation: Sendable, Equatable {
    /// Everything before the `UNION`.
    public var left: QueryBody
    /// The `SELECT` after it.
    public var right: SelectCore
    /// `UNION ALL` (keeps duplicates) rather than `UNION`.
    public var all: Bool
    /// Where `UNION` is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a set operation.
    public init(left: QueryBody, right: SelectCore, all: Bool, location: SQLSourceLocation = .init(line: 1, column: 1))
    {
        self.left = left
        self.right = right
        self.all = all
        self.location = location
    }
}

/// `SELECT [DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …]`.
public struct SelectCore: Sendable, Equatable {
    /// `SELECT DISTINCT`.
    public var distinct: Bool
    /// The select list.
    public var items: [SelectItem]
    /// The `FROM` clause; `nil` for a constant `SELECT`.
    public var from: FromItem?
    /// `WHERE` condition.
    public var whereClause: SQLExpression?
    /// `GROUP BY` expressions.
    public var groupBy: [SQLExpression]
    /// `HAVING` condition.
    public var having: SQLExpression?
    /// Where `SELECT` is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a select core.
    public init(
        distinct: Bool = false, items: [SelectItem], from: FromItem? = nil, whereClause: SQLExpression? = nil,
        groupBy: [SQLExpression] = [], having: SQLExpression? = nil,
        location: SQLSourceLocation = .init(line: 1, column: 1)
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.location = location
    }
}

/// One entry of a select list.
public struct SelectItem: Sendable, Equatable {
    /// What the entry selects.
    public enum Kind: Sendable, Equatable {
        /// `*`.
        case wildcard
        /// `t.*`.
        case tableWildcard(String)
        /// `expression [AS alias]`.
        case expression(SQLExpression, alias: String?)
    }
    /// What the entry selects.
    public var kind: Kind
    /// Where the entry starts.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a select item.
    public init(_ kind: Kind, location: SQLSourceLocation = .init(line: 1, column: 1)) {
        self.kind = kind
        self.location = location
    }
}

/// A table in `FROM` or `JOIN`: `[schema.]name [AS alias]`.
public struct TableRef: Sendable, Equatable {
    /// Optional schema qualifier.
    public var schema: String?
    /// Table (or CTE) name.
    public var name: String
    /// Alias, if given.
    public var alias: String?
    /// Where the name is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a table reference.
    public init(
        schema: String? = nil, name: String, alias: String? = nil,
        location: SQLSourceLocation = .init(line: 1, column: 1)
    ) {
        self.schema = schema
        self.name = name
        self.alias = alias
        self.location = location
    }

    /// `schema.name` or `name`: the string handed to a ``SchemaResolver`` and used in lineage.
    public var qualifiedName: String { schema.map { "\($0).\(name)" } ?? name }
}

/// `(query) [AS] alias` in `FROM`.
public struct DerivedTable: Sendable, Equatable {
    /// The subquery.
    public var query: SelectStatement
    /// Its (required) alias.
    public var alias: String
    /// Where `(` is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a derived table.
    public init(query: SelectStatement, alias: String, location: SQLSourceLocation = .init(line: 1, column: 1)) {
        self.query = query
        self.alias = alias
        self.location = location
    }
}

/// The kinds of join in the subset.
public enum JoinKind: String, Sendable, Equatable {
    /// `[INNER] JOIN … ON`.
    case inner
    /// `LEFT [OUTER] JOIN … ON`.
    case left
    /// `CROSS JOIN` (no `ON`).
    case cross
}

/// `left [INNER|LEFT|CROSS] JOIN right [ON condition]`.
public struct Join: Sendable, Equatable {
    /// The kind of join.
    public var kind: JoinKind
    /// Everything before the join.
    public var left: FromItem
    /// The joined table or subquery.
    public var right: FromItem
    /// The `ON` condition (`nil` only for `CROSS JOIN`).
    public var condition: SQLExpression?
    /// Where the join keyword is written.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates a join.
    public init(
        kind: JoinKind, left: FromItem, right: FromItem, condition: SQLExpression?,
        location: SQLSourceLocation = .init(line: 1, column: 1)
    ) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.location = location
    }
}

/// The `FROM` clause: a table, a subquery, or a left-deep tree of joins.
public indirect enum FromItem: Sendable, Equatable {
    /// A table or CTE.
    case table(TableRef)
    /// A subquery with alias.
    case subquery(DerivedTable)
    /// A join.
    case join(Join)
}

/// `ASC` / `DESC` plus optional `NULLS FIRST|LAST`.
public struct OrderingTerm: Sendable, Equatable {
    /// Where `NULL`s sort.
    public enum Nulls: String, Sendable, Equatable {
        /// `NULLS FIRST`.
        case first = "FIRST"
        /// `NULLS LAST`.
        case last = "LAST"
    }
    /// The sort key.
    public var expression: SQLExpression
    /// `DESC`.
    public var descending: Bool
    /// Explicit `NULLS FIRST|LAST`; engines differ on the default, so the renderer always
    /// writes it (see `docs/sql-subset.md`).
    public var nulls: Nulls?

    /// Creates an ordering term.
    public init(_ expression: SQLExpression, descending: Bool = false, nulls: Nulls? = nil) {
        self.expression = expression
        self.descending = descending
        self.nulls = nulls
    }
}

/// An expression with its location. Equality compares ``kind`` only.
public struct SQLExpression: Sendable, Equatable {
    /// The expression's structure.
    public var kind: ExpressionKind
    /// Where the expression starts.
    @IgnoredInEquality public var location: SQLSourceLocation

    /// Creates an expression.
    public init(_ kind: ExpressionKind, location: SQLSourceLocation = .init(line: 1, column: 1)) {
        self.kind = kind
        self.location = location
    }
}

/// A literal value.
public enum Literal: Sendable, Equatable {
    /// An integer, kept as written (digits only).
    case integer(String)
    /// A decimal number such as `0.5` or `1e3`, kept as written.
    case decimal(String)
    /// A `'string'` (with `''` already unescaped).
    case string(String)
    /// `NULL`.
    case null
    /// `TRUE` or `FALSE`.
    case boolean(Bool)
}

/// A column reference `name` or `table.name`.
public struct ColumnReference: Sendable, Equatable {
    /// The table or alias qualifier.
    public var table: String?
    /// The column name.
    public var name: String
    /// Whether the name was written in double quotes (used for friendlier errors).
    @IgnoredInEquality public var quoted: Bool

    /// Creates a column reference.
    public init(table: String? = nil, name: String, quoted: Bool = false) {
        self.table = table
        self.name = name
        self.quoted = quoted
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Equatable {
    /// `NOT`.
    case not = "NOT"
    /// `-`.
    case minus = "-"
    /// `+`.
    case plus = "+"
}

/// Infix operators, rendered with explicit parentheses where engines' precedences differ.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    /// `OR`.
    case or = "OR"
    /// `AND`.
    case and = "AND"
    /// `=`.
    case equal = "="
    /// `<>` (also written `!=`).
    case notEqual = "<>"
    /// `<`.
    case less = "<"
    /// `<=`.
    case lessOrEqual = "<="
    /// `>`.
    case greater = ">"
    /// `>=`.
    case greaterOrEqual = ">="
    /// `||` string concatenation.
    case concat = "||"
    /// `+`.
    case plus = "+"
    /// `-`.
    case minus = "-"
    /// `*`.
    case multiply = "*"
    /// `/`: always real division in Klarsyn, NULL when dividing by zero.
    case divide = "/"
    /// `%`: remainder, NULL when dividing by zero.
    case modulo = "%"
}

/// `WHEN condition THEN result`.
public struct WhenClause: Sendable, Equatable {
    /// The condition (or the value compared with the operand in a simple `CASE`).
    public var condition: SQLExpression
    /// The result.
    public var result: SQLExpression

    /// Creates a `WHEN` clause.
    public init(condition: SQLExpression, result: SQLExpression) {
        self.condition = condition
        self.result = result
    }
}

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
public struct CaseExpression: Sendable, Equatable {
    /// The operand of a simple `CASE x WHEN 1 THEN …`; `nil` for a searched `CASE`.
    public var operand: SQLExpression?
    /// The `WHEN` clauses, at least one.
    public var whens: [WhenClause]
    /// The `ELSE` result.
    public var elseResult: SQLExpression?

    /// Creates a `CASE` expression.
    public init(operand: SQLExpression? = nil, whens: [WhenClause], elseResult: SQLExpression? = nil) {
        self.operand = operand
        self.whens = whens
        self.elseResult = elseResult
    }
}

/// The portable types of `CAST`.
public enum SQLType: Sendable, Equatable {
    /// `INTEGER` (also `INT`).
    case integer
    /// `BIGINT`.
    case bigint
    /// `REAL` (also `DOUBLE`, `DOUBLE PRECISION`, `FLOAT`).
    case real
    /// `DECIMAL(p, s)` / `NUMERIC(p, s)`.
    case decimal(precision: Int?, scale: Int?)
    /// `TEXT`.
    case text
    /// `VARCHAR(n)`.
    case varchar(Int?)
    /// `DATE` (ISO text `yyyy-mm-dd` on SQLite).
    case date
    /// `TIMESTAMP` (ISO text `yyyy-mm-dd hh:mm:ss` on SQLite).
    case timestamp
    /// `BOOLEAN`.
    case boolean
}

/// A window frame `ROWS BETWEEN start AND end`.
public struct WindowFrame: Sendable, Equatable {
    /// One end of a frame.
    public enum Bound: Sendable, Equatable {
        /// `UNBOUNDED PRECEDING`.
        case unboundedPreceding
        /// `n PRECEDING`.
        case preceding(Int)
        /// `CURRENT ROW`.
        case currentRow
        /// `n FOLLOWING`.
        case following(Int)
        /// `UNBOUNDED FOLLOWING`.
        case unboundedFollowing
    }
    /// Frame start.
    public var start: Bound
    /// Frame end.
    public var end: Bound

    /// Creates a `ROWS` frame.
    public init(start: Bound, end: Bound) {
        self.start = start
        self.end = end
    }
}

/// `OVER (PARTITION BY … ORDER BY … [ROWS BETWEEN …])`.
public struct WindowSpec: Sendable, Equatable {
    /// `PARTITION BY` expressions.
    public var partitionBy: [SQLExpression]
    /// `ORDER BY` terms.
    public var orderBy: [OrderingTerm]
    /// `ROWS` frame.
    public var frame: WindowFrame?

    /// Creates a window specification.
    public init(partitionBy: [SQLExpression] = [], orderBy: [OrderingTerm] = [], frame: WindowFrame? = nil) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

/// A call of a catalogue function (see ``FunctionCatalogue``).
public struct FunctionCall: Sendable, Equatable {
    /// Canonical upper-case name, e.g. `DATE_ADD_DAYS`.
    public var name: String
    /// Arguments.
    public var arguments: [SQLExpression]
    /// `COUNT(DISTINCT x)` and friends.
    public var distinct: Bool
    /// `COUNT(*)`.
    public var star: Bool
    /// `OVER (…)` for window functions.
    public var window: WindowSpec?

    /// Creates a function call.
    public init(
        name: String, arguments: [SQLExpression] = [], distinct: Bool = false, star: Bool = false,
        window: WindowSpec? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.distinct = distinct
        self.star = star
        self.window = window
    }
}

/// The structure of an ``SQLExpression``.
public indirect enum ExpressionKind: Sendable, Equatable {
    /// A literal.
    case literal(Literal)
    /// A column reference.
    case column(ColumnReference)
    /// `NOT x`, `-x`, `+x`.
    case unary(UnaryOperator, SQLExpression)
    /// `a op b`.
    case binary(BinaryOperator, SQLExpression, SQLExpression)
    /// `x IS [NOT] NULL`.
    case isNull(SQLExpression, negated: Bool)
    /// `x [NOT] BETWEEN low AND high`.
    case between(SQLExpression, low: SQLExpression, high: SQLExpression, negated: Bool)
    /// `x [NOT] IN (a, b, …)`.
    case inList(SQLExpression, [SQLExpression], negated: Bool)
    /// `x [NOT] IN (SELECT …)`.
    case inSubquery(SQLExpression, SelectStatement, negated: Bool)
    /// `x [NOT] LIKE 'pattern'`: case-sensitive on every engine.
    case like(SQLExpression, pattern: String, negated: Bool)
    /// `CASE … END`.
    case caseWhen(CaseExpression)
    /// `CAST(x AS type)`.
    case cast(SQLExpression, SQLType)
    /// A catalogue function, aggregate or window function.
    case function(FunctionCall)
    /// `EXISTS (SELECT …)`.
    case exists(SelectStatement)
    /// A scalar subquery `(SELECT …)`.
    case subquery(SelectStatement)
}
