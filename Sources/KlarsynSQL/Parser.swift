/// Parses a model's SQL into a ``SelectStatement``, rejecting everything outside Klarsyn's
/// portable subset with an ``SQLError`` that says where and what to write instead.
///
/// ```swift
/// let stmt = try SQLParser.parse("SELECT id, name FROM employees", file: "models/staff.sql")
/// render(stmt, dialect: .sqlite)   // SELECT id, name FROM employees
/// ```
public enum SQLParser {
    /// Parses exactly one `SELECT` statement (CTEs allowed, one trailing `;` allowed).
    /// - Parameters:
    ///   - sql: the model's text.
    ///   - file: the model's path, used in error descriptions.
    public static func parse(_ sql: String, file: String? = nil) throws(SQLError) -> SelectStatement {
        var lexer = Lexer(sql, file: file)
        var parser = Parser(tokens: try lexer.tokenize(), file: file)
        var stmt = try parser.parseModel()
        stmt.file = file
        return stmt
    }
}

struct Parser {
    private var tokens: [Token]
    private var position = 0
    private let file: String?

    init(tokens: [Token], file: String?) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: Token helpers

    private var current: Token { tokens[position] }

    private func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    private func isKeyword(_ keyword: String, _ token: Token? = nil) -> Bool {
        if case .word(let w) = (token ?? current).kind { return w.uppercased() == keyword }
        return false
    }

    private func isAnyKeyword(_ keywords: Set<String>, _ token: Token? = nil) -> Bool {
        if case .word(let w) = (token ?? current).kind { return keywords.contains(w.uppercased()) }
        return false
    }

    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        if isKeyword(keyword) {
            advance()
            return true
        }
        return false
    }

    @discardableResult
    private mutating func expectKeyword(_ keyword: String, _ what: String? = nil) throws(SQLError) -> Token {
        guard isKeyword(keyword) else { throw unexpected(expected: what ?? keyword) }
        return advance()
    }

    private func isSymbol(_ s: String, _ token: Token? = nil) -> Bool {
        (token ?? current).kind == .symbol(s)
    }

    private mutating func acceptSymbol(_ s: String) -> Bool {
        if isSymbol(s) {
            advance()
            return true
        }
        return false
    }

    private mutating func expectSymbol(_ s: String) throws(SQLError) {
        guard acceptSymbol(s) else { throw unexpected(expected: "'\(s)'") }
    }

    /// Expects the `)` that closes the `(` at `open`.
    private mutating func expectClose(_ open: SQLSourceLocation) throws(SQLError) {
        if acceptSymbol(")") { return }
        if current.kind == .end {
            throw error(SQLErrorCode.unclosedParenthesis, "This '(' is never closed.", open, "Add the missing ')'.")
        }
        throw error(
            SQLErrorCode.unexpectedToken, "Unexpected \(current.display); expected ')' to close the '(' at \(open).",
            current.location, "Check for a missing ')' or a missing comma.")
    }

    private func error(_ code: String, _ message: String, _ at: SQLSourceLocation, _ hint: String) -> SQLError {
        SQLError(code: code, message: message, location: at, file: file, hint: hint)
    }

    private func unexpected(expected: String) -> SQLError {
        var hint = "See docs/sql-subset.md for the grammar."
        if case .word(let w) = current.kind, Keywords.reserved.contains(w.uppercased()),
            expected.contains("name") || expected.contains("expression") || expected.contains("alias")
        {
            hint = "If '\(w)' is a column or table name, write it in double quotes: \"\(w)\"."
        }
        return error(
            SQLErrorCode.unexpectedToken, "Unexpected \(current.display); expected \(expected).", current.location, hint
        )
    }

    /// A name: an unquoted non-reserved word or a quoted identifier.
    private mutating func parseIdentifier(_ what: String) throws(SQLError) -> String {
        switch current.kind {
        case .word(let w) where !Keywords.reserved.contains(w.uppercased()):
            advance()
            return w
        case .quoted(let q):
            advance()
            return q
        default:
            throw unexpected(expected: what)
        }
    }

    private var isIdentifierToken: Bool {
        switch current.kind {
        case .word(let w): return !Keywords.reserved.contains(w.uppercased())
        case .quoted: return true
        default: return false
        }
    }

    private func startsQuery(_ token: Token) -> Bool { isKeyword("SELECT", token) || isKeyword("WITH", token) }

    // MARK: Statements

    private static let otherStatements: Set<String> = [
        "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "ATTACH", "DETACH", "PRAGMA", "REPLACE", "VACUUM",
        "BEGIN", "COMMIT", "ROLLBACK", "EXPLAIN", "ANALYZE", "REINDEX", "TRUNCATE", "MERGE", "GRANT", "SET", "VALUES",
        "UPSERT", "COPY", "CALL", "DO", "USE", "SHOW", "DESCRIBE",
    ]

    mutating func parseModel() throws(SQLError) -> SelectStatement {
        if current.kind == .end {
            throw error(
                SQLErrorCode.emptyInput, "The model contains no statement.", current.location,
                "Write one SELECT statement.")
        }
        if case .word(let w) = current.kind, Parser.otherStatements.contains(w.uppercased()) {
            throw error(
                SQLErrorCode.notASelect, "\(w.uppercased()) statements are not allowed in a model.", current.location,
                "A model is one SELECT (CTEs allowed); Klarsyn creates and fills the table itself.")
        }
        let stmt = try parseStatement()
        let hadSemicolon = acceptSymbol(";")
        if current.kind != .end {
            if hadSemicolon {
                throw error(
                    SQLErrorCode.trailingInput, "A model holds exactly one statement.", current.location,
                    "Split it into separate model files, or combine with WITH.")
            }
            throw error(
                SQLErrorCode.trailingInput, "Unexpected \(current.display) after the end of the statement.",
                current.location, "Remove it, or check for a missing comma or operator before it.")
        }
        return stmt
    }

    private mutating func parseStatement() throws(SQLError) -> SelectStatement {
        let start = current.location
        var ctes: [CommonTableExpression] = []
        if acceptKeyword("WITH") {
            if isKeyword("RECURSIVE") {
                throw error(
                    SQLErrorCode.recursiveCTE, "WITH RECURSIVE is not in Klarsyn's portable subset.", current.location,
                    "Use a metric engine (Swift transform) for recursive logic, or a calendar table for series.")
            }
            repeat {
                let location = current.location
                let name = try parseIdentifier("a CTE name")
                if ctes.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    throw error(
                        SQLErrorCode.cteDefinition, "The CTE name '\(name)' is used twice.", location,
                        "Give each CTE its own name.")
                }
                if isSymbol("(") {
                    throw error(
                        SQLErrorCode.cteDefinition, "CTE column lists are not in the subset.", current.location,
                        "Name the columns inside the CTE's SELECT with AS.")
                }
                try expectKeyword("AS")
                let open = current.location
                try expectSymbol("(")
                let query = try parseStatement()
                try expectClose(open)
                ctes.append(CommonTableExpression(name: name, query: query, location: location))
            } while acceptSymbol(",")
        }
        let body = try parseQueryBody()
        var orderBy: [OrderingTerm] = []
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            orderBy = try parseOrderingList()
        }
        var limit: Int?
        var offset: Int?
        if isKeyword("LIMIT") {
            let at = advance().location
            limit = try parseCount("LIMIT")
            if isSymbol(",") {
                throw error(
                    SQLErrorCode.limit, "'LIMIT offset, count' is MySQL/SQLite syntax.", current.location,
                    "Write LIMIT count OFFSET offset.")
            }
            if orderBy.isEmpty {
                throw error(
                    SQLErrorCode.limit,
                    "LIMIT without ORDER BY picks arbitrary rows, so builds would not be reproducible.", at,
                    "Add ORDER BY with a unique key before LIMIT.")
            }
            if acceptKeyword("OFFSET") { offset = try parseCount("OFFSET") }
        } else if isKeyword("OFFSET") {
            throw error(
                SQLErrorCode.limit, "OFFSET without LIMIT is not portable.", current.location,
                "Write ORDER BY … LIMIT n OFFSET m.")
        }
        return SelectStatement(ctes: ctes, body: body, orderBy: orderBy, limit: limit, offset: offset, location: start)
    }

    private mutating func parseCount(_ clause: String) throws(SQLError) -> Int {
        if case .integer(let n) = current.kind, let value = Int(n) {
            advance()
            return value
        }
        throw error(
            SQLErrorCode.limit, "\(clause) takes a whole number literal here, not \(current.display).",
            current.location, "Write e.g. \(clause) 10.")
    }

    private mutating func parseQueryBody() throws(SQLError) -> QueryBody {
        var body = QueryBody.select(try parseSelectCore())
        while true {
            if isKeyword("UNION") {
                let at = advance().location
                let all = acceptKeyword("ALL")
                if !all { _ = acceptKeyword("DISTINCT") }
                body = .union(SetOperation(left: body, right: try parseSelectCore(), all: all, location: at))
            } else if isKeyword("INTERSECT") || isKeyword("EXCEPT") || isKeyword("MINUS") {
                throw error(
                    SQLErrorCode.setOperation, "\(current.display) is not in Klarsyn's portable subset.",
                    current.location, "Use WHERE EXISTS (…) or WHERE NOT EXISTS (…); lineage can then name the keys.")
            } else {
                return body
            }
        }
    }

    private mutating func parseSelectCore() throws(SQLError) -> SelectCore {
        if isKeyword("VALUES") {
            throw error(
                SQLErrorCode.notASelect, "VALUES lists are not in the subset.", current.location,
                "Write SELECT 1 AS a UNION ALL SELECT 2 AS a.")
        }
        if isSymbol("("), startsQuery(peek()) {
            throw error(
                SQLErrorCode.unexpectedToken, "Parenthesised SELECTs in a UNION are not in the subset.",
                current.location, "Write the SELECTs without parentheses, or move one into a CTE.")
        }
        let start = try expectKeyword("SELECT", "SELECT").location
        var distinct = false
        if acceptKeyword("DISTINCT") {
            distinct = true
            if isKeyword("ON") {
                throw error(
                    SQLErrorCode.distinctOn, "DISTINCT ON is PostgreSQL-only.", current.location,
                    "Use ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) in a CTE and keep the rows where it is 1.")
            }
        } else {
            _ = acceptKeyword("ALL")
        }
        var items: [SelectItem] = []
        repeat { items.append(try parseSelectItem()) } while acceptSymbol(",")
        var from: FromItem?
        if acceptKeyword("FROM") { from = try parseFrom() }
        if isKeyword("INTO") {
            throw error(
                SQLErrorCode.notASelect, "SELECT … INTO is not allowed in a model.", current.location,
                "Klarsyn creates the table from the model's name.")
        }
        var whereClause: SQLExpression?
        if acceptKeyword("WHERE") { whereClause = try parseExpression() }
        var groupBy: [SQLExpression] = []
        if acceptKeyword("GROUP") {
            try expectKeyword("BY")
            repeat { groupBy.append(try parseNonPositional("GROUP BY")) } while acceptSymbol(",")
        }
        var having: SQLExpression?
        if acceptKeyword("HAVING") { having = try parseExpression() }
        if isKeyword("WINDOW") {
            throw error(
                SQLErrorCode.window, "Named windows (WINDOW w AS …) are not in the subset.", current.location,
                "Write the window inline: OVER (PARTITION BY … ORDER BY …).")
        }
        let core = SelectCore(
            distinct: distinct, items: items, from: from, whereClause: whereClause, groupBy: groupBy, having: having,
            location: start)
        try checkAggregates(core)
        return core
    }

    // MARK: Aggregate placement

    /// Rejects aggregates where engines reject them, and SQLite's "bare columns": in a grouped
    /// SELECT every column must be grouped or aggregated (SQLite silently picks a row).
    private func checkAggregates(_ core: SelectCore) throws(SQLError) {
        var conditions: [(SQLExpression, String)] = []
        if let w = core.whereClause { conditions.append((w, "WHERE")) }
        for g in core.groupBy { conditions.append((g, "GROUP BY")) }
        var joins: [FromItem] = core.from.map { [$0] } ?? []
        while let item = joins.popLast() {
            if case .join(let j) = item {
                joins += [j.left, j.right]
                if let c = j.condition { conditions.append((c, "ON")) }
            }
        }
        for (e, clause) in conditions {
            if let (f, at) = Parser.firstAggregateOrWindow(e) {
                let isWindow = f.window != nil
                throw error(
                    SQLErrorCode.aggregatePlacement,
                    "\(f.name)()\(isWindow ? " OVER (…)" : "") cannot be used in \(clause).", at,
                    isWindow
                        ? "Compute it in a CTE and filter on its result in the outer SELECT."
                        : "Filter on aggregates with HAVING, or aggregate in a CTE first.")
            }
        }
        for key in core.groupBy {
            guard case .column(let ref) = key.kind, ref.table == nil else { continue }
            for item in core.items {
                guard case .expression(let e, let alias?) = item.kind, alias.lowercased() == ref.name.lowercased()
                else { continue }
                if case .column(let c) = e.kind, c.name.lowercased() == ref.name.lowercased() { continue }
                throw error(
                    SQLErrorCode.aliasMisuse,
                    "GROUP BY '\(ref.name)' names an output alias, which engines resolve differently.", key.location,
                    "Repeat the expression in GROUP BY, or compute it in a CTE first.")
            }
        }
        let expressions = core.items.compactMap { item -> SQLExpression? in
            if case .expression(let e, _) = item.kind { return e }
            return nil
        }
        let aggregated = (expressions + (core.having.map { [$0] } ?? [])).contains {
            Parser.firstAggregateOrWindow($0, windows: false) != nil
        }
        guard !core.groupBy.isEmpty || aggregated else { return }
        if let wildcard = core.items.first(where: {
            if case .expression = $0.kind { return false } else { return true }
        }) {
            throw error(
                SQLErrorCode.ungroupedColumn, "SELECT * cannot be used with GROUP BY or aggregates.", wildcard.location,
                "List the grouped columns.")
        }
        for e in expressions + (core.having.map { [$0] } ?? []) {
            if let (column, at) = Parser.firstUngrouped(e, core.groupBy) {
                throw error(
                    SQLErrorCode.ungroupedColumn, "Column '\(column)' is neither in GROUP BY nor inside an aggregate.",
                    at,
                    "Add it to GROUP BY or wrap it in MIN(…)/MAX(…); SQLite would pick a value from an arbitrary row, other engines refuse."
                )
            }
        }
    }

    /// The first aggregate (and, when `windows`, window function) call in `e`, outside subqueries.
    static func firstAggregateOrWindow(_ e: SQLExpression, windows: Bool = true) -> (FunctionCall, SQLSourceLocation)? {
        if case .function(let f) = e.kind {
            if f.window != nil {
                if windows { return (f, e.location) }
            } else if FunctionCatalogue.entries[f.name]?.role == .aggregate {
                return (f, e.location)
            }
        }
        for child in e.children {
            if let found = firstAggregateOrWindow(child, windows: windows) { return found }
        }
        return nil
    }

    static func matchesGroupKey(_ e: SQLExpression, _ groupBy: [SQLExpression]) -> Bool {
        groupBy.contains { key in
            if key == e { return true }
            if case .column(let a) = key.kind, case .column(let b) = e.kind {
                return a.name.lowercased() == b.name.lowercased()
                    && (a.table == nil || b.table == nil || a.table!.lowercased() == b.table!.lowercased())
            }
            return false
        }
    }

    /// The first column of `e` that is not grouped and not inside an aggregate.
    static func firstUngrouped(_ e: SQLExpression, _ groupBy: [SQLExpression]) -> (String, SQLSourceLocation)? {
        if matchesGroupKey(e, groupBy) { return nil }
        switch e.kind {
        case .column(let c):
            return ((c.table.map { "\($0)." } ?? "") + c.name, e.location)
        case .function(let f) where f.window == nil && FunctionCatalogue.entries[f.name]?.role == .aggregate:
            return nil
        case .function(let f) where f.window != nil:
            // Over a grouped query a window sees group rows: its arguments and keys must be grouped too.
            let parts = f.arguments + (f.window?.partitionBy ?? []) + (f.window?.orderBy.map(\.expression) ?? [])
            for p in parts {
                if let found = firstUngrouped(p, groupBy) { return found }
            }
            return nil
        default:
            for child in e.children {
                if let found = firstUngrouped(child, groupBy) { return found }
            }
            return nil
        }
    }

    private mutating func parseNonPositional(_ clause: String) throws(SQLError) -> SQLExpression {
        if case .integer = current.kind {
            throw error(
                SQLErrorCode.positionalReference, "\(clause) by column position is not in the subset.",
                current.location,
                "Write the column or expression itself; positions break silently when the select list changes.")
        }
        return try parseExpression()
    }

    private mutating func parseSelectItem() throws(SQLError) -> SelectItem {
        let start = current.location
        if acceptSymbol("*") { return SelectItem(.wildcard, location: start) }
        switch current.kind {
        case .word, .quoted:
            if isSymbol(".", peek()), isSymbol("*", peek(2)) {
                let table = try parseIdentifier("a table name")
                advance()
                advance()
                return SelectItem(.tableWildcard(table), location: start)
            }
        default: break
        }
        let expression = try parseExpression()
        var alias: String?
        if acceptKeyword("AS") {
            if case .string(let s) = current.kind {
                throw error(
                    SQLErrorCode.stringAlias, "A column alias cannot be a 'string'.", current.location,
                    "Write AS \"\(s)\" (double quotes name things, single quotes are text).")
            }
            alias = try parseIdentifier("a column alias")
        } else if isIdentifierToken {
            alias = try parseIdentifier("a column alias")
        } else if case .string(let s) = current.kind {
            throw error(
                SQLErrorCode.stringAlias, "A column alias cannot be a 'string'.", current.location,
                "Write AS \"\(s)\" (double quotes name things, single quotes are text).")
        }
        return SelectItem(.expression(expression, alias: alias), location: start)
    }

    // MARK: FROM

    private mutating func parseFrom() throws(SQLError) -> FromItem {
        var item = try parseTablePrimary()
        while true {
            let at = current.location
            if isSymbol(",") {
                throw error(
                    SQLErrorCode.commaJoin, "Comma-separated tables in FROM are not in the subset.", at,
                    "Use JOIN … ON … (or CROSS JOIN) so that the join keys are explicit.")
            }
            let kind: JoinKind
            if acceptKeyword("JOIN") {
                kind = .inner
            } else if acceptKeyword("INNER") {
                try expectKeyword("JOIN")
                kind = .inner
            } else if acceptKeyword("LEFT") {
                _ = acceptKeyword("OUTER")
                try expectKeyword("JOIN")
                kind = .left
            } else if acceptKeyword("CROSS") {
                try expectKeyword("JOIN")
                kind = .cross
            } else if isKeyword("RIGHT") {
                throw error(
                    SQLErrorCode.rightOrFullJoin, "RIGHT JOIN is not in Klarsyn's portable subset.", at,
                    "Use LEFT JOIN with the tables swapped.")
            } else if isKeyword("FULL") {
                throw error(
                    SQLErrorCode.rightOrFullJoin,
                    "FULL OUTER JOIN is not in Klarsyn's portable subset (SQLite 3.40 lacks it).", at,
                    "Use a LEFT JOIN UNION ALL the unmatched rows of the other side (LEFT JOIN … WHERE key IS NULL).")
            } else if isKeyword("NATURAL") {
                throw error(
                    SQLErrorCode.implicitJoinKeys, "NATURAL JOIN is not in the subset.", at,
                    "Write JOIN … ON a.key = b.key so that lineage can name the join keys.")
            } else {
                return item
            }
            let right = try parseTablePrimary()
            var condition: SQLExpression?
            if kind == .cross {
                if isKeyword("ON") {
                    throw error(
                        SQLErrorCode.joinCondition, "CROSS JOIN takes no ON condition.", current.location,
                        "Use JOIN … ON for a keyed join, or drop the ON.")
                }
            } else {
                if isKeyword("USING") {
                    throw error(
                        SQLErrorCode.implicitJoinKeys, "JOIN … USING is not in the subset.", current.location,
                        "Write ON a.key = b.key so that lineage can name both join keys.")
                }
                guard acceptKeyword("ON") else {
                    throw error(
                        SQLErrorCode.joinCondition, "This JOIN needs an ON condition.", current.location,
                        "Write ON a.key = b.key, or CROSS JOIN for every combination.")
                }
                condition = try parseExpression()
            }
            item = .join(Join(kind: kind, left: item, right: right, condition: condition, location: at))
        }
    }

    private mutating func parseTableAlias() throws(SQLError) -> String? {
        if acceptKeyword("AS") { return try parseIdentifier("a table alias") }
        if isIdentifierToken { return try parseIdentifier("a table alias") }
        return nil
    }

    private mutating func parseTablePrimary() throws(SQLError) -> FromItem {
        let start = current.location
        if isSymbol("(") {
            guard startsQuery(peek()) else {
                throw error(
                    SQLErrorCode.fromItem, "Parenthesised joins are not in the subset.", start,
                    "Write the joins one after another, or move the inner join into a CTE.")
            }
            advance()
            let query = try parseStatement()
            try expectClose(start)
            guard let alias = try parseTableAlias() else {
                throw error(
                    SQLErrorCode.fromItem, "A subquery in FROM needs an alias.", start,
                    "Add AS name after the closing ')'.")
            }
            return .subquery(DerivedTable(query: query, alias: alias, location: start))
        }
        guard isIdentifierToken else { throw unexpected(expected: "a table name or (SELECT …)") }
        var name = try parseIdentifier("a table name")
        var schema: String?
        if acceptSymbol(".") {
            schema = name
            name = try parseIdentifier("a table name")
        }
        if isSymbol("(") {
            throw error(
                SQLErrorCode.fromItem, "Table-valued functions such as \(name)(…) are not in the subset.", start,
                "Select from a table, a CTE or a subquery.")
        }
        let alias = try parseTableAlias()
        return .table(TableRef(schema: schema, name: name, alias: alias, location: start))
    }

    private mutating func parseOrderingList() throws(SQLError) -> [OrderingTerm] {
        var terms: [OrderingTerm] = []
        repeat {
            let expression = try parseNonPositional("ORDER BY")
            var descending = false
            if acceptKeyword("DESC") {
                descending = true
            } else {
                _ = acceptKeyword("ASC")
            }
            var nulls: OrderingTerm.Nulls?
            if acceptKeyword("NULLS") {
                if acceptKeyword("FIRST") {
                    nulls = .first
                } else if acceptKeyword("LAST") {
                    nulls = .last
                } else {
                    throw unexpected(expected: "FIRST or LAST")
                }
            }
            if isKeyword("COLLATE") {
                throw error(
                    SQLErrorCode.unexpectedToken, "COLLATE is not in the subset.", current.location,
                    "Collations differ per engine; compare LOWER(x) if case must not matter.")
            }
            terms.append(OrderingTerm(expression, descending: descending, nulls: nulls))
        } while acceptSymbol(",")
        return terms
    }

    // MARK: Expressions

    mutating func parseExpression() throws(SQLError) -> SQLExpression { try parseOr() }

    private mutating func parseOr() throws(SQLError) -> SQLExpression {
        var left = try parseAnd()
        while isKeyword("OR") {
            advance()
            left = SQLExpression(.binary(.or, left, try parseAnd()), location: left.location)
        }
        return left
    }

    private mutating func parseAnd() throws(SQLError) -> SQLExpression {
        var left = try parseNot()
        while isKeyword("AND") {
            advance()
            left = SQLExpression(.binary(.and, left, try parseNot()), location: left.location)
        }
        return left
    }

    private mutating func parseNot() throws(SQLError) -> SQLExpression {
        if isKeyword("NOT") {
            let at = advance().location
            return SQLExpression(.unary(.not, try parseNot()), location: at)
        }
        return try parsePredicate()
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]
    private static let patternOperators: Set<String> = ["ILIKE", "GLOB", "REGEXP", "RLIKE", "MATCH", "SIMILAR"]

    private mutating func parsePredicate() throws(SQLError) -> SQLExpression {
        var left = try parseConcat()
        while true {
            if case .symbol(let s) = current.kind, let op = Parser.comparisons[s] {
                advance()
                left = SQLExpression(.binary(op, left, try parseConcat()), location: left.location)
                continue
            }
            if isKeyword("IS") {
                advance()
                let negated = acceptKeyword("NOT")
                if isKeyword("DISTINCT") {
                    throw error(
                        SQLErrorCode.unexpectedToken, "IS [NOT] DISTINCT FROM is not in the subset.", current.location,
                        "Write (a = b OR (a IS NULL AND b IS NULL)).")
                }
                try expectKeyword("NULL", "NULL after IS [NOT]")
                left = SQLExpression(.isNull(left, negated: negated), location: left.location)
                continue
            }
            var negated = false
            if isKeyword("NOT"), isAnyKeyword(Set(["BETWEEN", "IN", "LIKE"]).union(Parser.patternOperators), peek()) {
                advance()
                negated = true
            }
            if acceptKeyword("BETWEEN") {
                let low = try parseConcat()
                try expectKeyword("AND", "AND in BETWEEN … AND …")
                let high = try parseConcat()
                left = SQLExpression(.between(left, low: low, high: high, negated: negated), location: left.location)
            } else if isKeyword("IN") {
                advance()
                let open = current.location
                try expectSymbol("(")
                if startsQuery(current) {
                    let query = try parseStatement()
                    try expectClose(open)
                    left = SQLExpression(.inSubquery(left, query, negated: negated), location: left.location)
                } else {
                    if isSymbol(")") {
                        throw error(
                            SQLErrorCode.unexpectedToken, "An IN list cannot be empty.", current.location,
                            "List at least one value.")
                    }
                    var values: [SQLExpression] = []
                    repeat { values.append(try parseExpression()) } while acceptSymbol(",")
                    try expectClose(open)
                    left = SQLExpression(.inList(left, values, negated: negated), location: left.location)
                }
            } else if isKeyword("LIKE") {
                advance()
                guard case .string(let pattern) = current.kind else {
                    throw error(
                        SQLErrorCode.likePattern,
                        "LIKE takes a 'literal' pattern in the subset, not \(current.display).", current.location,
                        "Write the pattern as a string, e.g. LIKE 'Sygepl%'.")
                }
                if pattern.contains("\\") {
                    throw error(
                        SQLErrorCode.likePattern,
                        "A backslash in a LIKE pattern is an escape on PostgreSQL and Spark but a plain character on SQLite.",
                        current.location, "Remove the backslash; LIKE patterns have no escape character in the subset.")
                }
                advance()
                if isKeyword("ESCAPE") {
                    throw error(
                        SQLErrorCode.likePattern, "LIKE … ESCAPE is not in the subset.", current.location,
                        "Match literal % or _ with SUBSTR or = instead.")
                }
                left = SQLExpression(.like(left, pattern: pattern, negated: negated), location: left.location)
            } else if isAnyKeyword(Parser.patternOperators) {
                throw error(
                    SQLErrorCode.patternOperator, "\(current.display) is not in Klarsyn's portable subset.",
                    current.location,
                    "Use LIKE (case-sensitive on every engine), e.g. LOWER(x) LIKE 'abc%' to ignore ASCII case.")
            } else {
                if negated { throw unexpected(expected: "BETWEEN, IN or LIKE after NOT") }
                return left
            }
        }
    }

    private mutating func parseConcat() throws(SQLError) -> SQLExpression {
        var left = try parseAdditive()
        while acceptSymbol("||") {
            left = SQLExpression(.binary(.concat, left, try parseAdditive()), location: left.location)
        }
        return left
    }

    private mutating func parseAdditive() throws(SQLError) -> SQLExpression {
        var left = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            if acceptSymbol("+") {
                op = .plus
            } else if acceptSymbol("-") {
                op = .minus
            } else {
                return left
            }
            left = SQLExpression(.binary(op, left, try parseMultiplicative()), location: left.location)
        }
    }

    private mutating func parseMultiplicative() throws(SQLError) -> SQLExpression {
        var left = try parseUnary()
        while true {
            let op: BinaryOperator
            if acceptSymbol("*") {
                op = .multiply
            } else if acceptSymbol("/") {
                op = .divide
            } else if acceptSymbol("%") {
                op = .modulo
            } else {
                return left
            }
            left = SQLExpression(.binary(op, left, try parseUnary()), location: left.location)
        }
    }

    private mutating func parseUnary() throws(SQLError) -> SQLExpression {
        let at = current.location
        if acceptSymbol("-") { return SQLExpression(.unary(.minus, try parseUnary()), location: at) }
        if acceptSymbol("+") { return SQLExpression(.unary(.plus, try parseUnary()), location: at) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(SQLError) -> SQLExpression {
        let at = current.location
        switch current.kind {
        case .integer(let n):
            advance()
            return SQLExpression(.literal(.integer(n)), location: at)
        case .decimal(let n):
            advance()
            return SQLExpression(.literal(.decimal(n)), location: at)
        case .string(let s):
            advance()
            return SQLExpression(.literal(.string(s)), location: at)
        case .symbol("("):
            advance()
            if startsQuery(current) {
                let query = try parseStatement()
                try expectClose(at)
                return SQLExpression(.subquery(query), location: at)
            }
            var inner = try parseExpression()
            if isSymbol(",") {
                throw error(
                    SQLErrorCode.unexpectedToken, "Row values such as (a, b) are not in the subset.", current.location,
                    "Compare the columns one by one with AND.")
            }
            try expectClose(at)
            inner.location = at
            return inner
        case .quoted(let name):
            advance()
            return try parseColumnTail(first: name, quoted: true, at: at)
        case .word(let word):
            let upper = word.uppercased()
            switch upper {
            case "NULL":
                advance()
                return SQLExpression(.literal(.null), location: at)
            case "TRUE", "FALSE":
                advance()
                return SQLExpression(.literal(.boolean(upper == "TRUE")), location: at)
            case "CASE":
                return try parseCase()
            case "CAST":
                return try parseCast()
            case "EXISTS":
                advance()
                let open = current.location
                try expectSymbol("(")
                guard startsQuery(current) else { throw unexpected(expected: "SELECT after EXISTS (") }
                let query = try parseStatement()
                try expectClose(open)
                return SQLExpression(.exists(query), location: at)
            case "CURRENT_DATE":
                advance()
                return SQLExpression(.function(FunctionCall(name: "CURRENT_DATE")), location: at)
            case "CURRENT_TIMESTAMP", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME":
                throw error(
                    SQLErrorCode.engineSpecificFunction, "\(upper) is not in Klarsyn's portable subset.", at,
                    "Use CURRENT_DATE; the time of day of a build is not portable.")
            case "DATE", "TIMESTAMP", "INTERVAL", "TIME":
                if case .string(let s) = peek().kind {
                    let hint =
                        upper == "INTERVAL"
                        ? "Use DATE_ADD_DAYS(d, n) or DATE_DIFF_DAYS(a, b)."
                        : "Write '\(s)' (dates are ISO text on SQLite) or TO_DATE('\(s)')."
                    throw error(
                        SQLErrorCode.typedLiteral, "Typed literals such as \(upper) '…' are not in the subset.", at,
                        hint)
                }
            default:
                break
            }
            if isSymbol("(", peek()) { return try parseFunctionCall() }
            if Keywords.reserved.contains(upper) { throw unexpected(expected: "an expression") }
            advance()
            return try parseColumnTail(first: word, quoted: false, at: at)
        default:
            throw unexpected(expected: "an expression")
        }
    }

    private mutating func parseColumnTail(first: String, quoted: Bool, at: SQLSourceLocation) throws(SQLError)
        -> SQLExpression
    {
        guard acceptSymbol(".") else {
            return SQLExpression(.column(ColumnReference(name: first, quoted: quoted)), location: at)
        }
        if isSymbol("*") {
            throw error(
                SQLErrorCode.unexpectedToken, "\(first).* is only allowed as a whole select-list item.",
                current.location, "List the columns you need.")
        }
        let isQuoted: Bool
        if case .quoted = current.kind { isQuoted = true } else { isQuoted = false }
        let name = try parseIdentifier("a column name after '.'")
        if isSymbol(".") {
            throw error(
                SQLErrorCode.unexpectedToken, "Three-part names (schema.table.column) are not in the subset.",
                current.location, "Give the table an alias in FROM and write alias.column.")
        }
        return SQLExpression(.column(ColumnReference(table: first, name: name, quoted: isQuoted)), location: at)
    }

    private mutating func parseCase() throws(SQLError) -> SQLExpression {
        let at = advance().location
        var operand: SQLExpression?
        if !isKeyword("WHEN") { operand = try parseExpression() }
        var whens: [WhenClause] = []
        while acceptKeyword("WHEN") {
            let condition = try parseExpression()
            try expectKeyword("THEN")
            whens.append(WhenClause(condition: condition, result: try parseExpression()))
        }
        if whens.isEmpty { throw unexpected(expected: "WHEN") }
        var elseResult: SQLExpression?
        if acceptKeyword("ELSE") { elseResult = try parseExpression() }
        try expectKeyword("END", "WHEN, ELSE or END")
        return SQLExpression(
            .caseWhen(CaseExpression(operand: operand, whens: whens, elseResult: elseResult)), location: at)
    }

    private mutating func parseCast() throws(SQLError) -> SQLExpression {
        let at = advance().location
        let open = current.location
        try expectSymbol("(")
        let value = try parseExpression()
        try expectKeyword("AS", "AS in CAST(x AS type)")
        let type = try parseType()
        try expectClose(open)
        return SQLExpression(.cast(value, type), location: at)
    }

    private mutating func parseTypeArguments() throws(SQLError) -> [Int] {
        guard isSymbol("(") else { return [] }
        let open = advance().location
        var values: [Int] = []
        repeat {
            guard case .integer(let n) = current.kind, let v = Int(n) else {
                throw unexpected(expected: "a whole number")
            }
            advance()
            values.append(v)
        } while acceptSymbol(",")
        try expectClose(open)
        return values
    }

    private mutating func parseType() throws(SQLError) -> SQLType {
        let at = current.location
        guard case .word(let word) = current.kind else { throw unexpected(expected: "a type name") }
        advance()
        let upper = word.uppercased()
        switch upper {
        case "INTEGER", "INT": return .integer
        case "BIGINT": return .bigint
        case "REAL", "FLOAT": return .real
        case "DOUBLE":
            _ = acceptKeyword("PRECISION")
            return .real
        case "DECIMAL", "NUMERIC":
            let args = try parseTypeArguments()
            if args.count > 2 {
                throw error(
                    SQLErrorCode.castType, "DECIMAL takes at most (precision, scale).", at, "Write DECIMAL(18, 2).")
            }
            return .decimal(precision: args.first, scale: args.count > 1 ? args[1] : nil)
        case "TEXT": return .text
        case "VARCHAR":
            let args = try parseTypeArguments()
            if args.count > 1 {
                throw error(SQLErrorCode.castType, "VARCHAR takes one length.", at, "Write VARCHAR(100) or TEXT.")
            }
            return .varchar(args.first)
        case "DATE": return .date
        case "TIMESTAMP": return .timestamp
        case "BOOLEAN": return .boolean
        default:
            throw error(
                SQLErrorCode.castType, "'\(word)' is not one of the portable types.", at,
                "Use INTEGER, BIGINT, REAL, DOUBLE, DECIMAL(p, s), NUMERIC, TEXT, VARCHAR(n), DATE, TIMESTAMP or BOOLEAN."
            )
        }
    }

    private mutating func parseFunctionCall() throws(SQLError) -> SQLExpression {
        let at = current.location
        guard case .word(let word) = current.kind else { throw unexpected(expected: "a function name") }
        let name = word.uppercased()
        guard let entry = FunctionCatalogue.entries[name] else {
            if let hint = FunctionCatalogue.engineSpecific[name] {
                throw error(
                    SQLErrorCode.engineSpecificFunction, "\(word)() is not in Klarsyn's portable subset.", at, hint)
            }
            let suggestion = didYouMean(FunctionCatalogue.suggestions(for: name))
            throw error(
                SQLErrorCode.unknownFunction, "Unknown function \(word)().", at,
                (suggestion.isEmpty ? "" : suggestion + " ") + "The function catalogue is in docs/sql-subset.md.")
        }
        advance()
        let open = current.location
        try expectSymbol("(")
        var call = FunctionCall(name: name)
        if isSymbol("*") {
            guard name == "COUNT" else {
                throw error(
                    SQLErrorCode.functionModifier, "Only COUNT takes *.", current.location, "Write \(entry.signature).")
            }
            advance()
            call.star = true
        } else if !isSymbol(")") {
            if acceptKeyword("DISTINCT") {
                guard entry.role == .aggregate else {
                    throw error(
                        SQLErrorCode.functionModifier, "DISTINCT is only allowed in aggregates, not in \(name)().", at,
                        "Remove DISTINCT, or use SELECT DISTINCT.")
                }
                call.distinct = true
            }
            repeat { call.arguments.append(try parseExpression()) } while acceptSymbol(",")
        }
        try expectClose(open)
        let count = call.star ? 1 : call.arguments.count
        if count < entry.minArguments || count > entry.maxArguments {
            let expected =
                entry.minArguments == entry.maxArguments
                ? "\(entry.minArguments)"
                : entry.maxArguments == .max
                    ? "at least \(entry.minArguments)" : "\(entry.minArguments) to \(entry.maxArguments)"
            throw error(
                SQLErrorCode.argumentCount,
                "\(name)() takes \(expected) argument\(expected == "1" ? "" : "s"), not \(count).", at,
                "Write \(entry.signature).")
        }
        if isKeyword("FILTER") {
            throw error(
                SQLErrorCode.functionModifier, "Aggregate FILTER (WHERE …) is not in the subset.", current.location,
                "Put a CASE inside the aggregate: SUM(CASE WHEN condition THEN x END).")
        }
        if isKeyword("OVER") {
            let overAt = advance().location
            guard entry.role != .scalar else {
                throw error(
                    SQLErrorCode.window, "\(name)() is not a window function.", overAt,
                    "Only aggregates, ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, FIRST_VALUE and LAST_VALUE take OVER.")
            }
            if call.distinct {
                throw error(
                    SQLErrorCode.functionModifier, "DISTINCT aggregates over a window are not portable.", at,
                    "Aggregate the distinct values in a CTE first.")
            }
            guard isSymbol("(") else {
                throw error(
                    SQLErrorCode.window, "Named windows are not in the subset.", current.location,
                    "Write the window inline: OVER (PARTITION BY … ORDER BY …).")
            }
            let windowOpen = advance().location
            call.window = try parseWindowSpec()
            try expectClose(windowOpen)
            if entry.role != .aggregate, call.window?.orderBy.isEmpty ?? true {
                throw error(
                    SQLErrorCode.window,
                    "\(name)() needs ORDER BY inside OVER (…); without it the result is arbitrary.", overAt,
                    "Write OVER (PARTITION BY … ORDER BY …).")
            }
        } else if entry.role == .ranking || entry.role == .navigation {
            throw error(
                SQLErrorCode.window, "\(name)() is a window function and needs OVER (…).", at,
                "Write \(name)(…) OVER (PARTITION BY … ORDER BY …).")
        }
        return SQLExpression(.function(call), location: at)
    }

    private mutating func parseWindowSpec() throws(SQLError) -> WindowSpec {
        var spec = WindowSpec()
        if acceptKeyword("PARTITION") {
            try expectKeyword("BY")
            repeat { spec.partitionBy.append(try parseExpression()) } while acceptSymbol(",")
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            spec.orderBy = try parseOrderingList()
        }
        if isKeyword("RANGE") || isKeyword("GROUPS") {
            throw error(
                SQLErrorCode.window, "\(current.display) frames are not in the subset.", current.location,
                "Use ROWS BETWEEN … AND ….")
        }
        if acceptKeyword("ROWS") {
            if acceptKeyword("BETWEEN") {
                let start = try parseFrameBound()
                try expectKeyword("AND", "AND in ROWS BETWEEN … AND …")
                spec.frame = WindowFrame(start: start, end: try parseFrameBound())
            } else {
                spec.frame = WindowFrame(start: try parseFrameBound(), end: .currentRow)
            }
            if isKeyword("EXCLUDE") {
                throw error(SQLErrorCode.window, "Frame EXCLUDE is not in the subset.", current.location, "Remove it.")
            }
        }
        return spec
    }

    private mutating func parseFrameBound() throws(SQLError) -> WindowFrame.Bound {
        if acceptKeyword("UNBOUNDED") {
            if acceptKeyword("PRECEDING") { return .unboundedPreceding }
            try expectKeyword("FOLLOWING", "PRECEDING or FOLLOWING")
            return .unboundedFollowing
        }
        if acceptKeyword("CURRENT") {
            try expectKeyword("ROW")
            return .currentRow
        }
        if case .integer(let n) = current.kind, let value = Int(n) {
            advance()
            if acceptKeyword("PRECEDING") { return .preceding(value) }
            try expectKeyword("FOLLOWING", "PRECEDING or FOLLOWING")
            return .following(value)
        }
        throw unexpected(expected: "UNBOUNDED, CURRENT ROW or a number of rows")
    }
}
