/// Supplies the columns of the tables a model reads (staging tables, other models), so that
/// lineage can resolve unqualified columns and expand `SELECT *`.
public protocol SchemaResolver {
    /// The columns of `table` in order, or `nil` when the table is unknown. `table` is the
    /// name as written in the model (`schema.name` when qualified); match it case-insensitively.
    func columns(of table: String) -> [String]?
}

/// A ``SchemaResolver`` backed by a dictionary; names match case-insensitively.
///
/// ```swift
/// let schema = DictionarySchema(["employees": ["id", "name", "unit_id"]])
/// ```
public struct DictionarySchema: SchemaResolver, Sendable {
    private let tables: [String: [String]]

    /// Creates a resolver from table name → column names.
    public init(_ tables: [String: [String]]) {
        self.tables = Dictionary(
            tables.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The columns of `table`, or `nil` when it is not in the dictionary.
    public func columns(of table: String) -> [String]? { tables[table.lowercased()] }
}

/// How an output column depends on an input column.
public enum DependencyKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The output is the input column, unchanged (possibly through CTEs and subqueries).
    case copied
    /// The input is used in a non-aggregate expression (operator, function, `CASE`, `CAST`).
    case transformed
    /// The input is inside an aggregate (`SUM`, `COUNT`, …), also over a window.
    case aggregated
    /// The input decides which rows feed the output (`WHERE`, `HAVING`, non-key `ON` parts,
    /// `EXISTS`/`IN` subqueries, `ORDER BY` before `LIMIT`).
    case filter
    /// The input is compared with `=` in a join's `ON` condition.
    case joinKey
    /// The input groups rows: `GROUP BY`, `PARTITION BY`, window `ORDER BY`, `DISTINCT`.
    case groupKey

    /// Orders kinds in declaration order.
    public static func < (lhs: DependencyKind, rhs: DependencyKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Value kinds say where the output's value comes from; the others say which rows count.
    var isValue: Bool { self == .copied || self == .transformed || self == .aggregated }
}

/// One input column an output column depends on, and how.
public struct ColumnDependency: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The base table (a table not defined in the statement), as written (`schema.name` if qualified).
    public var table: String
    /// The column, spelled as the ``SchemaResolver`` spells it when known.
    public var column: String
    /// How the output depends on it.
    public var kind: DependencyKind

    /// Creates a dependency.
    public init(table: String, column: String, kind: DependencyKind) {
        self.table = table
        self.column = column
        self.kind = kind
    }

    /// Orders by table, column, kind.
    public static func < (lhs: ColumnDependency, rhs: ColumnDependency) -> Bool {
        (lhs.table.lowercased(), lhs.column.lowercased(), lhs.kind) < (
            rhs.table.lowercased(), rhs.column.lowercased(), rhs.kind
        )
    }

    /// `table.column (kind)`.
    public var description: String { "\(table).\(column) (\(kind.rawValue))" }
}

/// The lineage of one output column of a model.
public struct OutputColumnLineage: Equatable, Sendable {
    /// The output column's name.
    public var name: String
    /// The base-table columns it depends on, sorted by table, column and kind, without duplicates.
    public var dependencies: [ColumnDependency]

    /// Creates a lineage entry.
    public init(name: String, dependencies: [ColumnDependency]) {
        self.name = name
        self.dependencies = dependencies
    }
}

/// Computes column-level lineage: for each output column of `stmt`, the base-table columns it
/// derives from and how. CTEs and subqueries are resolved down to base tables.
///
/// ```swift
/// let stmt = try SQLParser.parse("SELECT e.unit_id, COUNT(*) AS n FROM employees e GROUP BY e.unit_id")
/// let result = try lineage(of: stmt, schema: DictionarySchema(["employees": ["id", "unit_id"]]))
/// // unit_id: employees.unit_id copied + groupKey; n: employees.unit_id groupKey
/// ```
/// - Throws: ``SQLError`` for unnamed output expressions, unknown or ambiguous columns,
///   `SELECT *` over tables the resolver does not know, and duplicate output names.
public func lineage(of stmt: SelectStatement, schema: any SchemaResolver) throws(SQLError) -> [OutputColumnLineage] {
    var analyzer = LineageAnalyzer(schema: schema, file: stmt.file)
    let relation = try analyzer.topLevel(stmt)
    return relation.columns.map { column in
        OutputColumnLineage(name: column.name, dependencies: column.deps.union(relation.rowDeps).sorted())
    }
}

/// The names of the output columns of `stmt`, in order (what the model's table will have).
/// - Throws: ``SQLError`` like ``lineage(of:schema:)``.
public func outputColumnNames(of stmt: SelectStatement, schema: any SchemaResolver) throws(SQLError) -> [String] {
    var analyzer = LineageAnalyzer(schema: schema, file: stmt.file)
    return try analyzer.topLevel(stmt).columns.map(\.name)
}

/// The tables a statement reads, excluding its own CTEs, in the order they first appear in the
/// text and without duplicates (compared case-insensitively). The build uses it to order models.
public func referencedTables(_ stmt: SelectStatement) -> [TableRef] {
    var collector = TableCollector()
    collector.statement(stmt, ctes: [])
    var seen: Set<String> = []
    return collector.tables.enumerated()
        .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
        .map(\.element)
        .filter { seen.insert($0.qualifiedName.lowercased()).inserted }
}

struct TableCollector {
    var tables: [TableRef] = []

    mutating func statement(_ stmt: SelectStatement, ctes outer: Set<String>) {
        var ctes = outer
        for cte in stmt.ctes {
            statement(cte.query, ctes: ctes)
            ctes.insert(cte.name.lowercased())
        }
        body(stmt.body, ctes)
        for term in stmt.orderBy { expression(term.expression, ctes) }
    }

    mutating func body(_ body: QueryBody, _ ctes: Set<String>) {
        switch body {
        case .select(let core): select(core, ctes)
        case .union(let op):
            self.body(op.left, ctes)
            select(op.right, ctes)
        }
    }

    mutating func select(_ core: SelectCore, _ ctes: Set<String>) {
        if let from = core.from { fromItem(from, ctes) }
        for item in core.items {
            if case .expression(let e, _) = item.kind { expression(e, ctes) }
        }
        for e in [core.whereClause, core.having].compactMap({ $0 }) + core.groupBy { expression(e, ctes) }
    }

    mutating func fromItem(_ item: FromItem, _ ctes: Set<String>) {
        switch item {
        case .table(let t):
            if t.schema == nil, ctes.contains(t.name.lowercased()) { return }
            tables.append(t)
        case .subquery(let d): statement(d.query, ctes: ctes)
        case .join(let j):
            fromItem(j.left, ctes)
            fromItem(j.right, ctes)
            if let c = j.condition { expression(c, ctes) }
        }
    }

    mutating func expression(_ e: SQLExpression, _ ctes: Set<String>) {
        for q in e.subqueries { statement(q, ctes: ctes) }
    }
}

extension SQLExpression {
    /// Direct child expressions.
    var children: [SQLExpression] {
        switch kind {
        case .literal, .column, .exists, .subquery: return []
        case .unary(_, let x), .isNull(let x, _), .cast(let x, _), .like(let x, _, _), .inSubquery(let x, _, _):
            return [x]
        case .binary(_, let l, let r): return [l, r]
        case .between(let x, let low, let high, _): return [x, low, high]
        case .inList(let x, let values, _): return [x] + values
        case .caseWhen(let c):
            return (c.operand.map { [$0] } ?? []) + c.whens.flatMap { [$0.condition, $0.result] }
                + (c.elseResult.map { [$0] } ?? [])
        case .function(let f):
            return f.arguments + (f.window?.partitionBy ?? []) + (f.window?.orderBy.map(\.expression) ?? [])
        }
    }

    /// Subqueries anywhere inside this expression (not descending into the subqueries).
    var subqueries: [SelectStatement] {
        var result: [SelectStatement] = []
        switch kind {
        case .exists(let q), .subquery(let q), .inSubquery(_, let q, _): result.append(q)
        default: break
        }
        for child in children { result += child.subqueries }
        return result
    }
}

// MARK: - Analysis

struct LineageColumn {
    var name: String
    /// Value dependencies (copied/transformed/aggregated, plus window partition keys).
    var deps: Set<ColumnDependency>
    /// Where the select item that produces the column is written, when known.
    var location: SQLSourceLocation? = nil
}

struct Relation {
    /// `nil` for a base table the resolver does not know.
    var columns: [LineageColumn]?
    /// Dependencies that decide which rows the relation has.
    var rowDeps: Set<ColumnDependency>
    /// The base table name, for base tables.
    var baseTable: String?
}

struct ResolvedRelation {
    var columns: [LineageColumn]
    var rowDeps: Set<ColumnDependency>
}

struct Source {
    var alias: String
    var relation: Relation
    var location: SQLSourceLocation
}

/// What an expression's value is used for, which decides the kind of its dependencies.
func compose(_ context: DependencyKind, _ inner: DependencyKind) -> DependencyKind {
    if !inner.isValue { return inner }
    switch context {
    case .copied: return inner
    case .transformed: return inner == .copied ? .transformed : inner
    case .aggregated: return .aggregated
    case .filter, .joinKey, .groupKey: return context
    }
}

struct LineageAnalyzer {
    let schema: any SchemaResolver
    let file: String?
    /// Visible CTEs, innermost statement last.
    var cteStack: [[String: ResolvedRelation]] = []

    init(schema: any SchemaResolver, file: String?) {
        self.schema = schema
        self.file = file
    }

    func error(_ code: String, _ message: String, _ at: SQLSourceLocation, _ hint: String) -> SQLError {
        SQLError(code: code, message: message, location: at, file: file, hint: hint)
    }

    mutating func topLevel(_ stmt: SelectStatement) throws(SQLError) -> ResolvedRelation {
        let relation = try statement(stmt, outer: [])
        var seen: Set<String> = []
        for column in relation.columns where !seen.insert(column.name.lowercased()).inserted {
            throw error(
                SQLErrorCode.duplicateColumn, "The output column '\(column.name)' appears more than once.",
                column.location ?? stmt.location, "Give each output column its own name with AS.")
        }
        return relation
    }

    /// - Parameter needsNames: whether the output columns are referred to by name (models, CTEs,
    ///   subqueries in FROM); `EXISTS`, `IN` and scalar subqueries need no names.
    mutating func statement(_ stmt: SelectStatement, outer: [[Source]], needsNames: Bool = true) throws(SQLError)
        -> ResolvedRelation
    {
        cteStack.append([:])
        defer { cteStack.removeLast() }
        for cte in stmt.ctes {
            let relation = try statement(cte.query, outer: outer)
            cteStack[cteStack.count - 1][cte.name.lowercased()] = relation
        }
        var (relation, scope) = try body(stmt.body, outer: outer, needsNames: needsNames)
        if stmt.limit != nil {
            // With LIMIT, the sort keys decide which rows are kept.
            for term in stmt.orderBy {
                if case .column(let c) = term.expression.kind, c.table == nil,
                    let column = relation.columns.first(where: { $0.name.lowercased() == c.name.lowercased() })
                {
                    relation.rowDeps.formUnion(
                        column.deps.map {
                            ColumnDependency(table: $0.table, column: $0.column, kind: compose(.filter, $0.kind))
                        })
                } else if let scope {
                    relation.rowDeps.formUnion(try deps(term.expression, .filter, [scope] + outer))
                } else {
                    throw error(
                        SQLErrorCode.unknownColumn, "ORDER BY after UNION can only name output columns.",
                        term.expression.location, "Use one of: \(relation.columns.map(\.name).joined(separator: ", "))."
                    )
                }
            }
        }
        return relation
    }

    mutating func body(_ body: QueryBody, outer: [[Source]], needsNames: Bool) throws(SQLError) -> (
        ResolvedRelation, [Source]?
    ) {
        switch body {
        case .select(let core):
            let (relation, scope) = try select(core, outer: outer, needsNames: needsNames)
            return (relation, scope)
        case .union(let op):
            // Only the first SELECT of a UNION names the columns.
            var (left, _) = try self.body(op.left, outer: outer, needsNames: needsNames)
            let (right, _) = try select(op.right, outer: outer, needsNames: false)
            guard left.columns.count == right.columns.count else {
                throw error(
                    SQLErrorCode.unionArity,
                    "The SELECTs of this UNION have \(left.columns.count) and \(right.columns.count) columns.",
                    op.location, "Give every SELECT of a UNION the same columns in the same order.")
            }
            for i in left.columns.indices { left.columns[i].deps.formUnion(right.columns[i].deps) }
            left.rowDeps.formUnion(right.rowDeps)
            if !op.all { left.rowDeps.formUnion(LineageAnalyzer.distinctKeys(left.columns)) }
            return (left, nil)
        }
    }

    static func distinctKeys(_ columns: [LineageColumn]) -> [ColumnDependency] {
        columns.flatMap {
            $0.deps.filter { $0.kind.isValue }.map {
                ColumnDependency(table: $0.table, column: $0.column, kind: .groupKey)
            }
        }
    }

    mutating func select(_ core: SelectCore, outer: [[Source]], needsNames: Bool) throws(SQLError) -> (
        ResolvedRelation, [Source]
    ) {
        var sources: [Source] = []
        var conditions: [SQLExpression] = []
        if let from = core.from { try collect(from, into: &sources, conditions: &conditions, outer: outer) }
        let scopes = [sources] + outer
        var rowDeps: Set<ColumnDependency> = []
        for source in sources { rowDeps.formUnion(source.relation.rowDeps) }
        for condition in conditions {
            for conjunct in LineageAnalyzer.conjuncts(condition) {
                // `a.x = b.y` joins; `u.kind = 'X'` in ON only filters.
                if case .binary(.equal, let l, let r) = conjunct.kind {
                    let left = try deps(l, .joinKey, scopes)
                    let right = try deps(r, .joinKey, scopes)
                    if left.isEmpty || right.isEmpty {
                        rowDeps.formUnion(try deps(conjunct, .filter, scopes))
                    } else {
                        rowDeps.formUnion(left.union(right))
                    }
                } else {
                    rowDeps.formUnion(try deps(conjunct, .filter, scopes))
                }
            }
        }
        if let w = core.whereClause { rowDeps.formUnion(try deps(w, .filter, scopes)) }
        for g in core.groupBy {
            do {
                rowDeps.formUnion(try deps(g, .groupKey, scopes))
            } catch let failure {
                if failure.code == SQLErrorCode.unknownColumn, case .column(let c) = g.kind, c.table == nil,
                    core.items.contains(where: {
                        if case .expression(_, let alias?) = $0.kind {
                            return alias.lowercased() == c.name.lowercased()
                        } else {
                            return false
                        }
                    })
                {
                    throw error(
                        SQLErrorCode.aliasMisuse,
                        "GROUP BY '\(c.name)' names an output alias, which not every engine allows.", g.location,
                        "Repeat the expression in GROUP BY, or compute it in a CTE first.")
                }
                throw failure
            }
        }
        if let h = core.having { rowDeps.formUnion(try deps(h, .filter, scopes)) }

        var columns: [LineageColumn] = []
        for item in core.items {
            switch item.kind {
            case .wildcard:
                if sources.isEmpty {
                    throw error(
                        SQLErrorCode.unresolvedStar, "SELECT * needs a FROM clause.", item.location,
                        "Name the values with AS.")
                }
                for source in sources {
                    columns += try expand(source, at: item.location).map {
                        LineageColumn(name: $0.name, deps: $0.deps, location: item.location)
                    }
                }
            case .tableWildcard(let name):
                guard let source = sources.first(where: { $0.alias.lowercased() == name.lowercased() }) else {
                    throw unknownTable(name, sources, item.location)
                }
                columns += try expand(source, at: item.location).map {
                    LineageColumn(name: $0.name, deps: $0.deps, location: item.location)
                }
            case .expression(let e, let alias):
                let name: String
                if let alias {
                    name = alias
                } else if case .column(let c) = e.kind {
                    name = c.name
                } else if !needsNames {
                    name = "?column?"
                } else {
                    throw error(
                        SQLErrorCode.unnamedColumn, "This output expression has no name.", e.location,
                        "Add AS column_name; the build compares output names with the model's YAML.")
                }
                columns.append(LineageColumn(name: name, deps: try deps(e, .copied, scopes), location: item.location))
            }
        }
        if core.distinct { rowDeps.formUnion(LineageAnalyzer.distinctKeys(columns)) }
        return (ResolvedRelation(columns: columns, rowDeps: rowDeps), sources)
    }

    func expand(_ source: Source, at location: SQLSourceLocation) throws(SQLError) -> [LineageColumn] {
        guard let columns = source.relation.columns else {
            throw error(
                SQLErrorCode.unresolvedStar,
                "SELECT * needs the columns of '\(source.relation.baseTable ?? source.alias)', which are not known.",
                location,
                "List the columns, or build the table's source first so that its columns are known.")
        }
        return columns
    }

    static func conjuncts(_ e: SQLExpression) -> [SQLExpression] {
        if case .binary(.and, let l, let r) = e.kind { return conjuncts(l) + conjuncts(r) }
        return [e]
    }

    mutating func collect(
        _ item: FromItem, into sources: inout [Source], conditions: inout [SQLExpression], outer: [[Source]]
    ) throws(SQLError) {
        let source: Source
        switch item {
        case .join(let j):
            try collect(j.left, into: &sources, conditions: &conditions, outer: outer)
            try collect(j.right, into: &sources, conditions: &conditions, outer: outer)
            if let c = j.condition { conditions.append(c) }
            return
        case .table(let t):
            source = Source(alias: t.alias ?? t.name, relation: relation(of: t), location: t.location)
        case .subquery(let d):
            let r = try statement(d.query, outer: outer)
            source = Source(
                alias: d.alias, relation: Relation(columns: r.columns, rowDeps: r.rowDeps), location: d.location)
        }
        if sources.contains(where: { $0.alias.lowercased() == source.alias.lowercased() }) {
            throw error(
                SQLErrorCode.aliasMisuse, "The name '\(source.alias)' is used for two tables in this FROM clause.",
                source.location, "Give each table its own alias.")
        }
        sources.append(source)
    }

    func relation(of table: TableRef) -> Relation {
        if table.schema == nil {
            for level in cteStack.reversed() {
                if let cte = level[table.name.lowercased()] {
                    return Relation(columns: cte.columns, rowDeps: cte.rowDeps)
                }
            }
        }
        let name = table.qualifiedName
        let columns = schema.columns(of: name)?.map {
            LineageColumn(name: $0, deps: [ColumnDependency(table: name, column: $0, kind: .copied)])
        }
        return Relation(columns: columns, rowDeps: [], baseTable: name)
    }

    func unknownTable(_ name: String, _ sources: [Source], _ at: SQLSourceLocation) -> SQLError {
        let names = sources.map(\.alias)
        let base = sources.first { $0.relation.baseTable?.lowercased() == name.lowercased() }
        let hint =
            base.map { "Use its alias '\($0.alias)'." }
            ?? (didYouMean(LineageAnalyzer.close(name, names))
                + " Tables in scope: \(names.isEmpty ? "none" : names.joined(separator: ", ")).")
        return error(
            SQLErrorCode.unknownTable, "'\(name)' is not a table of the FROM clause.", at, hint.trimmingLeadingSpace)
    }

    static func close(_ name: String, _ candidates: [String]) -> [String] {
        let lower = name.lowercased()
        return candidates.map { ($0, editDistance($0.lowercased(), lower)) }
            .filter {
                $0.1 <= max(2, lower.count / 3) || $0.0.lowercased().hasPrefix(lower)
                    || lower.hasPrefix($0.0.lowercased())
            }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(3).map(\.0)
    }

    /// Resolves a column reference to the column of a source in scope.
    func resolve(_ ref: ColumnReference, at location: SQLSourceLocation, _ scopes: [[Source]]) throws(SQLError)
        -> LineageColumn
    {
        let lower = ref.name.lowercased()
        if let table = ref.table {
            for scope in scopes {
                guard let source = scope.first(where: { $0.alias.lowercased() == table.lowercased() }) else { continue }
                guard let columns = source.relation.columns else {
                    return LineageColumn(
                        name: ref.name,
                        deps: [
                            ColumnDependency(
                                table: source.relation.baseTable ?? source.alias, column: ref.name, kind: .copied)
                        ])
                }
                if let column = columns.first(where: { $0.name.lowercased() == lower }) { return column }
                let names = columns.map(\.name)
                throw error(
                    SQLErrorCode.unknownColumn,
                    "Column '\(ref.name)' is not in '\(source.alias)' (columns: \(names.joined(separator: ", "))).",
                    location,
                    didYouMean(LineageAnalyzer.close(ref.name, names)).isEmpty
                        ? "Check the spelling or the table's source contract."
                        : didYouMean(LineageAnalyzer.close(ref.name, names)))
            }
            throw unknownTable(table, scopes.first ?? [], location)
        }
        for (depth, scope) in scopes.enumerated() {
            let matches = scope.filter { $0.relation.columns?.contains { $0.name.lowercased() == lower } ?? false }
            if matches.count == 1 {
                return matches[0].relation.columns!.first { $0.name.lowercased() == lower }!
            }
            if matches.count > 1 {
                throw error(
                    SQLErrorCode.ambiguousColumn,
                    "Column '\(ref.name)' is in more than one table (\(matches.map(\.alias).joined(separator: ", "))).",
                    location,
                    "Qualify it, e.g. \(matches[0].alias).\(ref.name).")
            }
            let unknown = scope.filter { $0.relation.columns == nil }
            if unknown.count == 1 {
                let table = unknown[0].relation.baseTable ?? unknown[0].alias
                return LineageColumn(
                    name: ref.name, deps: [ColumnDependency(table: table, column: ref.name, kind: .copied)])
            }
            if unknown.count > 1 {
                throw error(
                    SQLErrorCode.ambiguousColumn,
                    "Cannot tell which table column '\(ref.name)' comes from: the columns of \(unknown.map(\.alias).joined(separator: ", ")) are not known.",
                    location,
                    "Qualify it, e.g. \(unknown[0].alias).\(ref.name).")
            }
            _ = depth
        }
        let inner = scopes.first ?? []
        let names = inner.compactMap(\.relation.columns).flatMap { $0.map(\.name) }
        var hint = didYouMean(LineageAnalyzer.close(ref.name, names))
        if ref.quoted {
            hint += (hint.isEmpty ? "" : " ") + "Text literals use 'single quotes'; \"double quotes\" name columns."
        }
        if hint.isEmpty { hint = "Check the spelling, or qualify the column with its table." }
        let tables = inner.map(\.alias)
        let message =
            tables.isEmpty
            ? "Column '\(ref.name)' cannot be used in a SELECT without FROM."
            : "Column '\(ref.name)' is not in any table of the FROM clause (tables: \(tables.joined(separator: ", ")))."
        throw error(SQLErrorCode.unknownColumn, message, location, hint)
    }

    /// The base-table dependencies of `e` when its value is used as `context`.
    mutating func deps(_ e: SQLExpression, _ context: DependencyKind, _ scopes: [[Source]]) throws(SQLError) -> Set<
        ColumnDependency
    > {
        let nested: DependencyKind = context.isValue ? (context == .aggregated ? .aggregated : .transformed) : context
        switch e.kind {
        case .literal:
            return []
        case .column(let ref):
            let column = try resolve(ref, at: e.location, scopes)
            return Set(
                column.deps.map {
                    ColumnDependency(table: $0.table, column: $0.column, kind: compose(context, $0.kind))
                })
        case .function(let f):
            let role = FunctionCatalogue.entries[f.name]?.role ?? .scalar
            var result: Set<ColumnDependency> = []
            let argumentContext: DependencyKind
            switch role {
            case .aggregate: argumentContext = context.isValue ? .aggregated : context
            case .scalar, .navigation, .ranking: argumentContext = nested
            }
            for a in f.arguments { result.formUnion(try deps(a, argumentContext, scopes)) }
            if let w = f.window {
                let keyContext: DependencyKind = context.isValue ? .groupKey : context
                for p in w.partitionBy { result.formUnion(try deps(p, keyContext, scopes)) }
                for o in w.orderBy { result.formUnion(try deps(o.expression, keyContext, scopes)) }
            }
            return result
        case .exists(let q):
            return try statement(q, outer: scopes, needsNames: false).rowDeps
        case .subquery(let q):
            let r = try statement(q, outer: scopes, needsNames: false)
            var result = r.rowDeps
            for column in r.columns.prefix(1) {
                result.formUnion(
                    column.deps.map {
                        ColumnDependency(table: $0.table, column: $0.column, kind: compose(nested, $0.kind))
                    })
            }
            return result
        case .inSubquery(let x, let q, _):
            var result = try deps(x, nested, scopes)
            let r = try statement(q, outer: scopes, needsNames: false)
            result.formUnion(r.rowDeps)
            for column in r.columns.prefix(1) {
                result.formUnion(
                    column.deps.map {
                        ColumnDependency(table: $0.table, column: $0.column, kind: compose(nested, $0.kind))
                    })
            }
            return result
        default:
            var result: Set<ColumnDependency> = []
            for child in e.children { result.formUnion(try deps(child, nested, scopes)) }
            return result
        }
    }
}

extension String {
    var trimmingLeadingSpace: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        return String(s)
    }
}

extension SelectStatement {
    /// The qualified names (`schema.name` or `name`) of the tables this statement reads,
    /// excluding its own CTEs, in order of appearance and without duplicates; see
    /// ``referencedTables(_:)`` for the references with their locations.
    public func referencedTables() -> [String] {
        KlarsynSQL.referencedTables(self).map(\.qualifiedName)
    }
}
