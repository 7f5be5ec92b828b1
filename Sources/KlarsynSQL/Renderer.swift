/// The SQL engines Klarsyn renders models for.
public enum SQLDialect: String, Sendable, Equatable, CaseIterable {
    /// SQLite 3.40+ (the embedded default warehouse). Dates are ISO text.
    case sqlite
    /// PostgreSQL 14+ (the multi-user server warehouse).
    case postgres
    /// Spark SQL 3.x (the scale-out plan).
    case spark
}

/// Renders a statement as SQL that runs on `dialect` with the same results as on every other
/// dialect: division is real division and NULL on a zero divisor, `LIKE` is case-sensitive,
/// `NULLS FIRST|LAST` is explicit, the date functions are expanded, identifiers are quoted the
/// engine's way. The output is one line and deterministic.
///
/// The result is engine SQL, not Klarsyn SQL: it may use functions (`julianday`, `GLOB`) that
/// the parser rejects. Use ``format(_:)`` for Klarsyn SQL that round-trips.
public func render(_ stmt: SelectStatement, dialect: SQLDialect) -> String {
    var renderer = Renderer(target: Renderer.Target(dialect))
    return renderer.statement(stmt)
}

/// Renders a statement back as canonical Klarsyn SQL (the portable subset itself): one line,
/// upper-case keywords, identifiers quoted only where needed. `SQLParser.parse(format(s)) == s`.
public func format(_ stmt: SelectStatement) -> String {
    var renderer = Renderer(target: .portable)
    return renderer.statement(stmt)
}

struct Renderer {
    enum Target: Equatable {
        case portable, sqlite, postgres, spark
        init(_ dialect: SQLDialect) {
            switch dialect {
            case .sqlite: self = .sqlite
            case .postgres: self = .postgres
            case .spark: self = .spark
            }
        }
    }
    let target: Target

    /// Words that must be quoted when used as identifiers in at least one engine.
    static let quoteWords: Set<String> = Keywords.reserved.union([
        "ANALYSE", "ANALYZE", "ANY", "ARRAY", "ASYMMETRIC", "BOTH", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT",
        "CREATE", "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT",
        "DEFERRABLE", "DO", "FOR", "FOREIGN", "GRANT", "INITIALLY", "LATERAL", "LEADING", "LOCALTIME",
        "LOCALTIMESTAMP", "ONLY", "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "SESSION_USER", "SOME",
        "SYMMETRIC", "TABLE", "TO", "TRAILING", "UNIQUE", "USER", "VARIADIC", "INTERVAL", "DATE", "TIMESTAMP",
        "TIME", "RECURSIVE", "MINUS", "EXCLUDE", "UNBOUNDED", "PRECEDING", "FOLLOWING", "CURRENT", "ROW",
    ])

    // MARK: Names and literals

    func identifier(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!) && !Renderer.quoteWords.contains(name.uppercased())
        if plain { return name }
        if target == .spark { return "`" + name.replacingAll("`", with: "``") + "`" }
        return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    func string(_ text: String) -> String {
        if target == .spark {
            return "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
        }
        return "'" + text.replacingAll("'", with: "''") + "'"
    }

    func literal(_ literal: Literal) -> String {
        switch literal {
        case .integer(let n), .decimal(let n): return n
        case .string(let s): return string(s)
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        }
    }

    // MARK: Statements

    mutating func statement(_ stmt: SelectStatement) -> String {
        var parts: [String] = []
        if !stmt.ctes.isEmpty {
            parts.append(
                "WITH " + stmt.ctes.map { "\(identifier($0.name)) AS (\(statement($0.query)))" }.joined(separator: ", ")
            )
        }
        parts.append(body(stmt.body))
        if !stmt.orderBy.isEmpty {
            parts.append("ORDER BY " + stmt.orderBy.map { ordering($0) }.joined(separator: ", "))
        }
        if let limit = stmt.limit { parts.append("LIMIT \(limit)") }
        if let offset = stmt.offset { parts.append("OFFSET \(offset)") }
        return parts.joined(separator: " ")
    }

    mutating func body(_ body: QueryBody) -> String {
        switch body {
        case .select(let core): return select(core)
        case .union(let op): return "\(self.body(op.left)) UNION \(op.all ? "ALL " : "")\(select(op.right))"
        }
    }

    mutating func select(_ core: SelectCore) -> String {
        var parts = ["SELECT" + (core.distinct ? " DISTINCT" : "")]
        parts.append(core.items.map { item($0) }.joined(separator: ", "))
        if let from = core.from { parts.append("FROM " + fromItem(from)) }
        if let w = core.whereClause { parts.append("WHERE " + expression(w)) }
        if !core.groupBy.isEmpty {
            parts.append("GROUP BY " + core.groupBy.map { expression($0) }.joined(separator: ", "))
        }
        if let h = core.having { parts.append("HAVING " + expression(h)) }
        return parts.joined(separator: " ")
    }

    mutating func item(_ item: SelectItem) -> String {
        switch item.kind {
        case .wildcard: return "*"
        case .tableWildcard(let t): return identifier(t) + ".*"
        case .expression(let e, let alias):
            let text = expression(e)
            guard let alias else { return text }
            return "\(text) AS \(identifier(alias))"
        }
    }

    mutating func fromItem(_ item: FromItem) -> String {
        switch item {
        case .table(let t):
            let name = (t.schema.map { identifier($0) + "." } ?? "") + identifier(t.name)
            return t.alias.map { "\(name) AS \(identifier($0))" } ?? name
        case .subquery(let d):
            return "(\(statement(d.query))) AS \(identifier(d.alias))"
        case .join(let j):
            let keyword: String
            switch j.kind {
            case .inner: keyword = "JOIN"
            case .left: keyword = "LEFT JOIN"
            case .cross: keyword = "CROSS JOIN"
            }
            var text = "\(fromItem(j.left)) \(keyword) \(fromItem(j.right))"
            if let c = j.condition { text += " ON " + expression(c) }
            return text
        }
    }

    mutating func ordering(_ term: OrderingTerm) -> String {
        var text = expression(term.expression) + (term.descending ? " DESC" : " ASC")
        if target == .portable {
            if !term.descending { text.removeLast(4) }
            if let n = term.nulls { text += " NULLS \(n.rawValue)" }
            return text
        }
        // SQLite and Spark sort NULLs first ascending, PostgreSQL last: always say which.
        let nulls = term.nulls ?? (term.descending ? .last : .first)
        return text + " NULLS \(nulls.rawValue)"
    }

    // MARK: Expressions

    /// Binding strength used to decide on parentheses (higher binds tighter).
    static func precedence(_ kind: ExpressionKind) -> Int {
        switch kind {
        case .binary(let op, _, _):
            switch op {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
            case .concat: return 5
            case .plus, .minus: return 6
            case .multiply, .divide, .modulo: return 7
            }
        case .unary(.not, _): return 3
        case .unary: return 8
        case .isNull, .between, .inList, .inSubquery, .like: return 4
        default: return 9
        }
    }

    /// Renders `e`, in parentheses unless it binds at least as tightly as `minimum`.
    mutating func operand(_ e: SQLExpression, _ minimum: Int, parent: BinaryOperator? = nil) -> String {
        let p = Renderer.precedence(e.kind)
        var needs = p < minimum
        // `||` binds tighter than `*` on SQLite but looser than `+` on PostgreSQL: never rely on it.
        if case .binary(let op, _, _) = e.kind, let parent {
            if (parent == .concat) != (op == .concat), p >= 5, Renderer.precedence(.binary(parent, e, e)) >= 5 {
                needs = true
            }
        }
        let text = expression(e)
        return needs ? "(\(text))" : text
    }

    mutating func expression(_ e: SQLExpression) -> String {
        switch e.kind {
        case .literal(let l): return literal(l)
        case .column(let c): return (c.table.map { identifier($0) + "." } ?? "") + identifier(c.name)
        case .unary(let op, let x):
            switch op {
            case .not: return "NOT " + operand(x, 9)
            case .minus: return "-" + operand(x, 9)
            case .plus: return "+" + operand(x, 9)
            }
        case .binary(let op, let l, let r): return binary(op, l, r)
        case .isNull(let x, let negated): return operand(x, 5) + (negated ? " IS NOT NULL" : " IS NULL")
        case .between(let x, let low, let high, let negated):
            return "\(operand(x, 5))\(negated ? " NOT" : "") BETWEEN \(operand(low, 5)) AND \(operand(high, 5))"
        case .inList(let x, let values, let negated):
            return
                "\(operand(x, 5))\(negated ? " NOT" : "") IN (\(values.map { expression($0) }.joined(separator: ", ")))"
        case .inSubquery(let x, let q, let negated):
            return "\(operand(x, 5))\(negated ? " NOT" : "") IN (\(statement(q)))"
        case .like(let x, let pattern, let negated):
            if target == .sqlite {
                // SQLite's LIKE ignores ASCII case; GLOB is case-sensitive like LIKE elsewhere.
                return "\(operand(x, 5))\(negated ? " NOT" : "") GLOB \(string(Renderer.globPattern(pattern)))"
            }
            return "\(operand(x, 5))\(negated ? " NOT" : "") LIKE \(string(pattern))"
        case .caseWhen(let c):
            var text = "CASE"
            if let o = c.operand { text += " " + expression(o) }
            for w in c.whens { text += " WHEN \(expression(w.condition)) THEN \(expression(w.result))" }
            if let el = c.elseResult { text += " ELSE " + expression(el) }
            return text + " END"
        case .cast(let x, let type): return cast(x, type)
        case .function(let f): return function(f)
        case .exists(let q): return "EXISTS (\(statement(q)))"
        case .subquery(let q): return "(\(statement(q)))"
        }
    }

    /// Translates a LIKE pattern into an equivalent GLOB pattern.
    static func globPattern(_ like: String) -> String {
        var out = ""
        for ch in like {
            switch ch {
            case "%": out += "*"
            case "_": out += "?"
            case "*": out += "[*]"
            case "?": out += "[?]"
            case "[": out += "[[]"
            default: out.append(ch)
            }
        }
        return out
    }

    mutating func binary(_ op: BinaryOperator, _ l: SQLExpression, _ r: SQLExpression) -> String {
        let p = Renderer.precedence(.binary(op, l, r))
        let leftMin = p == 4 ? 5 : p
        let rightMin = (op == .and || op == .or) ? p : p == 4 ? 5 : p + 1
        let left = operand(l, leftMin, parent: op)
        let right = operand(r, rightMin, parent: op)
        guard target != .portable, op == .divide || op == .modulo else {
            return "\(left) \(op.rawValue) \(right)"
        }
        let divisor = Renderer.isNonZeroLiteral(r) ? right : "NULLIF(\(expression(r)), 0)"
        guard op == .divide else { return "\(left) % \(divisor)" }
        switch target {
        case .sqlite where !Renderer.isReal(l): return "CAST(\(expression(l)) AS REAL) / \(divisor)"
        case .postgres where !Renderer.isReal(l): return "CAST(\(expression(l)) AS DOUBLE PRECISION) / \(divisor)"
        default: return "\(left) / \(divisor)"
        }
    }

    static func isNonZeroLiteral(_ e: SQLExpression) -> Bool {
        switch e.kind {
        case .literal(.integer(let n)), .literal(.decimal(let n)):
            return n.contains { $0 >= "1" && $0 <= "9" }
        default: return false
        }
    }

    /// Whether `e` is certainly a real number already, so no CAST is needed before `/`.
    static func isReal(_ e: SQLExpression) -> Bool {
        switch e.kind {
        case .literal(.decimal): return true
        case .cast(_, .real), .cast(_, .decimal): return true
        default: return false
        }
    }

    mutating func cast(_ x: SQLExpression, _ type: SQLType) -> String {
        let v = expression(x)
        switch target {
        case .portable:
            return "CAST(\(v) AS \(Renderer.portableType(type)))"
        case .sqlite:
            switch type {
            case .integer, .bigint: return "CAST(\(v) AS INTEGER)"
            case .real, .decimal: return "CAST(\(v) AS REAL)"
            case .text, .varchar: return "CAST(\(v) AS TEXT)"
            case .date: return "date(\(v))"
            case .timestamp: return "datetime(\(v))"
            case .boolean: return "(CASE WHEN \(v) IS NULL THEN NULL WHEN \(v) THEN 1 ELSE 0 END)"
            }
        case .postgres:
            switch type {
            // PostgreSQL rounds when casting 2.7 to integer; SQLite and Spark truncate. Booleans
            // and integer literals cast directly (PostgreSQL has no boolean → numeric cast).
            case .integer where Renderer.isBooleanOrInteger(x): return "CAST(\(v) AS INTEGER)"
            case .bigint where Renderer.isBooleanOrInteger(x): return "CAST(\(v) AS BIGINT)"
            case .integer: return "CAST(TRUNC(CAST(\(v) AS NUMERIC)) AS INTEGER)"
            case .bigint: return "CAST(TRUNC(CAST(\(v) AS NUMERIC)) AS BIGINT)"
            case .real: return "CAST(\(v) AS DOUBLE PRECISION)"
            case .decimal(let p, let s): return "CAST(\(v) AS NUMERIC\(Renderer.typeArguments(p, s)))"
            case .text: return "CAST(\(v) AS TEXT)"
            case .varchar(let n): return "CAST(\(v) AS VARCHAR\(n.map { "(\($0))" } ?? ""))"
            case .date: return "CAST(\(v) AS DATE)"
            case .timestamp: return "CAST(\(v) AS TIMESTAMP)"
            case .boolean: return "CAST(\(v) AS BOOLEAN)"
            }
        case .spark:
            switch type {
            case .integer: return "CAST(\(v) AS INT)"
            case .bigint: return "CAST(\(v) AS BIGINT)"
            case .real: return "CAST(\(v) AS DOUBLE)"
            // Spark's bare DECIMAL is DECIMAL(10, 0) and would drop the fraction.
            case .decimal(let p, let s):
                return "CAST(\(v) AS DECIMAL\(p == nil ? "(38, 10)" : Renderer.typeArguments(p, s)))"
            case .text, .varchar: return "CAST(\(v) AS STRING)"
            case .date: return "CAST(\(v) AS DATE)"
            case .timestamp: return "CAST(\(v) AS TIMESTAMP)"
            case .boolean: return "CAST(\(v) AS BOOLEAN)"
            }
        }
    }

    /// Whether `e` is certainly a boolean or an integer literal.
    static func isBooleanOrInteger(_ e: SQLExpression) -> Bool {
        switch e.kind {
        case .literal(.boolean), .literal(.integer), .isNull, .between, .inList, .inSubquery, .like, .exists,
            .unary(.not, _):
            return true
        case .binary(let op, _, _):
            return precedence(e.kind) <= 4 && op != .concat
        default:
            return false
        }
    }

    static func typeArguments(_ p: Int?, _ s: Int?) -> String {
        guard let p else { return "" }
        return s.map { "(\(p), \($0))" } ?? "(\(p))"
    }

    static func portableType(_ type: SQLType) -> String {
        switch type {
        case .integer: return "INTEGER"
        case .bigint: return "BIGINT"
        case .real: return "REAL"
        case .decimal(let p, let s): return "DECIMAL" + typeArguments(p, s)
        case .text: return "TEXT"
        case .varchar(let n): return "VARCHAR" + (n.map { "(\($0))" } ?? "")
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .boolean: return "BOOLEAN"
        }
    }

    mutating func window(_ spec: WindowSpec) -> String {
        var parts: [String] = []
        if !spec.partitionBy.isEmpty {
            parts.append("PARTITION BY " + spec.partitionBy.map { expression($0) }.joined(separator: ", "))
        }
        if !spec.orderBy.isEmpty {
            parts.append("ORDER BY " + spec.orderBy.map { ordering($0) }.joined(separator: ", "))
        }
        if let frame = spec.frame {
            parts.append("ROWS BETWEEN \(Renderer.bound(frame.start)) AND \(Renderer.bound(frame.end))")
        }
        return " OVER (" + parts.joined(separator: " ") + ")"
    }

    static func bound(_ b: WindowFrame.Bound) -> String {
        switch b {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let n): return "\(n) PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let n): return "\(n) FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }

    mutating func function(_ f: FunctionCall) -> String {
        let args = f.arguments.map { expression($0) }
        let over = f.window.map { window($0) } ?? ""
        func call(_ name: String, _ a: [String]) -> String { "\(name)(\(a.joined(separator: ", ")))" }
        if f.name == "CURRENT_DATE" { return target == .spark ? "current_date()" : "CURRENT_DATE" }
        if target == .portable || FunctionCatalogue.entries[f.name]?.role != .scalar {
            if f.star { return "\(f.name)(*)" + over }
            return "\(f.name)(\(f.distinct ? "DISTINCT " : "")\(args.joined(separator: ", ")))" + over
        }
        let a = args
        switch (f.name, target) {
        case ("ROUND", .postgres):
            // PostgreSQL has ROUND(numeric, int) only, and numeric rounds half away from zero like SQLite.
            return call("ROUND", ["CAST(\(a[0]) AS NUMERIC)"] + a.dropFirst())
        case ("FLOOR", .sqlite):
            // SQLite 3.40 has FLOOR only when built with math functions.
            return
                "(CASE WHEN \(a[0]) < CAST(\(a[0]) AS INTEGER) THEN CAST(\(a[0]) AS INTEGER) - 1 ELSE CAST(\(a[0]) AS INTEGER) END)"
        case ("CEIL", .sqlite):
            return
                "(CASE WHEN \(a[0]) > CAST(\(a[0]) AS INTEGER) THEN CAST(\(a[0]) AS INTEGER) + 1 ELSE CAST(\(a[0]) AS INTEGER) END)"
        case ("INT_DIV", .sqlite):
            return "(CAST(\(a[0]) AS INTEGER) / NULLIF(CAST(\(a[1]) AS INTEGER), 0))"
        case ("INT_DIV", .postgres):
            return
                "(CAST(TRUNC(CAST(\(a[0]) AS NUMERIC)) AS BIGINT) / NULLIF(CAST(TRUNC(CAST(\(a[1]) AS NUMERIC)) AS BIGINT), 0))"
        case ("INT_DIV", _):
            return "(CAST(\(a[0]) AS BIGINT) DIV NULLIF(CAST(\(a[1]) AS BIGINT), 0))"
        case ("DATE_ADD_DAYS", .sqlite):
            return "date(\(a[0]), CAST(\(a[1]) AS INTEGER) || ' days')"
        case ("DATE_ADD_DAYS", .postgres):
            return "(CAST(\(a[0]) AS DATE) + CAST(\(a[1]) AS INTEGER))"
        case ("DATE_ADD_DAYS", _):
            return "date_add(CAST(\(a[0]) AS DATE), CAST(\(a[1]) AS INT))"
        case ("DATE_DIFF_DAYS", .sqlite):
            return "CAST(julianday(date(\(a[1]))) - julianday(date(\(a[0]))) AS INTEGER)"
        case ("DATE_DIFF_DAYS", .postgres):
            return "(CAST(\(a[1]) AS DATE) - CAST(\(a[0]) AS DATE))"
        case ("DATE_DIFF_DAYS", _):
            return "datediff(CAST(\(a[1]) AS DATE), CAST(\(a[0]) AS DATE))"
        case ("MONTH_OF", .sqlite): return "strftime('%Y-%m', \(a[0]))"
        case ("MONTH_OF", .postgres): return "to_char(CAST(\(a[0]) AS DATE), 'YYYY-MM')"
        case ("MONTH_OF", _): return "date_format(CAST(\(a[0]) AS DATE), 'yyyy-MM')"
        case ("YEAR_OF", .sqlite): return "CAST(strftime('%Y', \(a[0])) AS INTEGER)"
        case ("YEAR_OF", .postgres): return "CAST(EXTRACT(YEAR FROM CAST(\(a[0]) AS DATE)) AS INTEGER)"
        case ("YEAR_OF", _): return "year(CAST(\(a[0]) AS DATE))"
        case ("DAY_OF_WEEK", .sqlite): return "((CAST(strftime('%w', \(a[0])) AS INTEGER) + 6) % 7 + 1)"
        case ("DAY_OF_WEEK", .postgres): return "CAST(EXTRACT(ISODOW FROM CAST(\(a[0]) AS DATE)) AS INTEGER)"
        case ("DAY_OF_WEEK", _): return "((dayofweek(CAST(\(a[0]) AS DATE)) + 5) % 7 + 1)"
        case ("DATE_TRUNC_MONTH", .sqlite): return "date(\(a[0]), 'start of month')"
        case ("DATE_TRUNC_MONTH", .postgres): return "CAST(DATE_TRUNC('month', CAST(\(a[0]) AS DATE)) AS DATE)"
        case ("DATE_TRUNC_MONTH", _): return "trunc(CAST(\(a[0]) AS DATE), 'MM')"
        case ("TO_DATE", .sqlite): return "date(\(a[0]))"
        case ("TO_DATE", .postgres): return "CAST(\(a[0]) AS DATE)"
        case ("TO_DATE", _): return "to_date(\(a[0]))"
        default:
            return call(f.name, a)
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
