import GRDB
import KlarsynSQL

/// Creates the previous version's tables as views over a later version, from the column map.
///
/// For previous model `employment` and version `hr@2` the view is `hr2_compat_employment`: it
/// has the previous table's columns in order, except those the map cannot provide (dropped, or
/// naming a column the new version does not have); each such column is listed with the reason.
enum CompatibilityViews {
    struct Outcome {
        var views: [String] = []
        var columns: [CompatibilityColumn] = []
    }

    static func create(_ db: Database, version: ModelVersion, previous: ModelVersion, siblings: Set<String>) throws
        -> Outcome
    {
        var outcome = Outcome()
        let schema = WarehouseSchema(db: db)
        var maps = version.maps
        for name in siblings where maps[name] == nil && previousExists(db, previous.table(name)) {
            maps[name] = TableMap(previousModel: name, from: name, joins: [], columns: [:])
        }
        for (previousModel, map) in maps.sorted(by: { $0.key < $1.key }) {
            let previousColumns = try schema.columnInfo(of: previous.table(previousModel)).map(\.name)
            guard !previousColumns.isEmpty else {
                throw BuildError(
                    description:
                        "\(version.folder)/version.yml: maps.\(previousModel) maps a model \(previous.id) does not have (no table '\(previous.table(previousModel))'). Build \(previous.id) first or remove the entry."
                )
            }
            var available: [String: Set<String>] = [:]
            for model in [map.from] + map.joins.map(\.model) {
                guard siblings.contains(model) else {
                    throw BuildError(
                        description:
                            "\(version.folder)/version.yml: maps.\(previousModel) reads '\(model)', which is not a model of \(version.id)."
                    )
                }
                available[model] = Set(try schema.columnInfo(of: version.table(model)).map(\.name))
            }
            var items: [String] = []
            for column in previousColumns {
                let resolved = resolve(column, map: map, available: available, version: version)
                outcome.columns.append(
                    CompatibilityColumn(
                        previousModel: previousModel, column: column, provided: resolved.sql != nil, how: resolved.how))
                if let sql = resolved.sql { items.append("\(sql) AS \(column)") }
            }
            guard !items.isEmpty else { continue }
            var sql = "SELECT " + items.joined(separator: ", ") + " FROM \(version.table(map.from)) \(map.from)"
            for join in map.joins {
                sql +=
                    " LEFT JOIN \(version.table(join.model)) \(join.model) ON \(join.model).\(join.key) = \(map.from).\(join.key)"
            }
            let view = version.compatibilityView(previousModel)
            let statement: SelectStatement
            do {
                statement = try SQLParser.parse(sql, file: "\(version.folder)/version.yml")
            } catch {
                throw BuildError(
                    description:
                        "\(version.folder)/version.yml: the map of '\(previousModel)' does not give valid SQL: \(error). Check the `derived:` formulas (they use MODEL.COLUMN names of \(version.id))."
                )
            }
            try db.execute(sql: "DROP VIEW IF EXISTS \(quote(view))")
            do {
                try db.execute(sql: "CREATE VIEW \(quote(view)) AS \(render(statement, dialect: .sqlite))")
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT * FROM \(quote(view)) LIMIT 1)")
            } catch let error as DatabaseError {
                throw BuildError(
                    description:
                        "\(version.folder)/version.yml: the compatibility view for '\(previousModel)' does not run: \(error.message ?? "unknown error")."
                )
            }
            outcome.views.append(view)
        }
        return outcome
    }

    static func previousExists(_ db: Database, _ table: String) -> Bool {
        ((try? db.tableExists(table)) ?? false) || ((try? db.viewExists(table)) ?? false)
    }

    /// The SQL expression giving `column` of the previous table, or why there is none.
    static func resolve(_ column: String, map: TableMap, available: [String: Set<String>], version: ModelVersion)
        -> (sql: String?, how: String)
    {
        func has(_ model: String, _ c: String) -> Bool { available[model]?.contains(c) ?? false }
        switch map.mapping(of: column) {
        case .same:
            if has(map.from, column) { return ("\(map.from).\(column)", "same") }
            return (
                nil,
                "\(version.id)'s \(map.from) has no column '\(column)' and the map says nothing about it; add an entry under maps.\(map.previousModel).columns"
            )
        case .renamed(let to):
            if has(map.from, to) { return ("\(map.from).\(to)", "renamed to \(map.from).\(to)") }
            return (nil, "renamed to '\(to)', which \(version.id)'s \(map.from) does not output")
        case .split(let model, let c):
            if has(model, c) { return ("\(model).\(c)", "split off to \(model).\(c)") }
            return (
                nil, "split off to \(model).\(c), which is not a column of a model joined in maps.\(map.previousModel)"
            )
        case .derived(let formula, _):
            return ("(\(formula))", "derived: \(formula)")
        case .dropped(let why):
            return (nil, "dropped in \(version.id): \(why)")
        }
    }
}
