import Foundation
import GRDB
import KlarsynSQL
public import KlarsynStore
public import KlarsynWorkspace

/// What a report tile does with a column it reads.
public enum TileColumnRole: String, Sendable, Codable, Equatable {
    /// The figure is a sum/ratio of the column.
    case measure
    /// The figures are grouped by the column.
    case grouping
    /// The column decides which rows count.
    case filter
}

/// A report tile as impact analysis sees it: which columns it reads and how, and who owns the
/// report. Built from report files by the web layer (`ReportDefinition.impactTiles`).
public struct ImpactTile: Sendable, Equatable {
    /// Report id.
    public var report: String
    /// Report file, e.g. `reports/sick-leave.toml`.
    public var file: String
    /// The report's owner (a role).
    public var owner: String
    /// False for a draft report; only published reports make `klarsyn impact` fail.
    public var published: Bool
    /// Tile id.
    public var tile: String
    /// Columns read (`table.column`) and how.
    public var uses: [Use]

    /// One column a tile reads.
    public struct Use: Sendable, Equatable {
        public var column: String
        public var role: TileColumnRole
        public init(column: String, role: TileColumnRole) {
            self.column = column
            self.role = role
        }
    }

    public init(report: String, file: String, owner: String, published: Bool, tile: String, uses: [Use]) {
        self.report = report
        self.file = file
        self.owner = owner
        self.published = published
        self.tile = tile
        self.uses = uses
    }
}

/// A change to analyse.
public enum ModelChange: Sendable, Equatable {
    /// `--column TABLE.COLUMN --drop`.
    case drop(table: String, column: String)
    /// `--column TABLE.COLUMN --rename NEW`.
    case rename(table: String, column: String, to: String)
    /// Every model file of the workspace whose SQL differs from the last built catalogue.
    case editedModels
}

/// What happened to one column of an edited model (or the column named on the command line).
public struct ColumnChange: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Gone from the model.
        case dropped
        /// Gone under its name; the same lineage is output under `to` in the same model.
        case renamed
        /// Gone from the model; the same lineage is output by another (new or changed) model: a split.
        case moved
        /// Same name; its values differ on current data (`valuesChanged` > 0).
        case changed
        /// Same name; the SQL changed, but no value differs on current data.
        case sameValues = "same_values"
        /// New column.
        case added
    }
    public var table: String
    public var column: String
    public var kind: Kind
    /// New name (`renamed`) or `model.column` (`moved`).
    public var to: String?
    /// Rows compared and values that differ (old vs new SQL on current data), when run.
    public var rowsCompared: Int?
    public var valuesChanged: Int?

    /// True when a reader by name breaks.
    public var breaksByName: Bool { kind == .dropped || kind == .renamed || kind == .moved }
    /// True when readers' values may change.
    public var changesValues: Bool { kind == .changed }
}

/// A column downstream of a change.
public struct AffectedColumn: Sendable, Codable, Equatable {
    /// `table.column`.
    public var column: String
    /// True when it cannot be computed any more (its model's SQL reads a dropped or renamed column).
    public var breaks: Bool
    /// The changed column it depends on, and how (lineage kind), e.g. `employment.unit_id (copied)`.
    public var via: String
}

/// How a change touches one tile.
public struct TileImpact: Sendable, Codable, Equatable {
    public enum Effect: String, Sendable, Codable { case breaks, valuesMayChange = "values_may_change", untouched }
    public var report: String
    public var file: String
    public var owner: String
    public var published: Bool
    public var tile: String
    public var effect: Effect
    /// One line per column that decides the effect: `employment.unit_id (grouping): renamed to …`.
    public var reasons: [String]
}

/// The answer of `klarsyn impact`.
public struct ImpactReport: Sendable, Codable, Equatable {
    public var changes: [ColumnChange]
    public var downstream: [AffectedColumn]
    public var tiles: [TileImpact]
    /// Models of the workspace that are new (not yet in the catalogue).
    public var newModels: [String]
    /// True when a published report's tile breaks.
    public var publishedReportBreaks: Bool { tiles.contains { $0.published && $0.effect == .breaks } }
}

/// Impact analysis before a change is built: which downstream columns and report tiles a change
/// to a model touches, from the column lineage of the last build (`catalogue_lineage`).
///
/// An edited model is compared with the SQL of the last build (`catalogue_models.sql_text`):
/// columns gone are dropped, or renamed / moved when another output column has exactly the
/// same lineage; columns kept are compared by running the old and the new SQL on the current
/// warehouse and counting, per column, the values that differ (rows matched on the sidecar's
/// `key`). Only columns whose values differ mark downstream tiles as "values may change".
public struct ImpactAnalysis: Sendable {
    public let warehouse: Warehouse
    public let workspace: Workspace

    public init(warehouse: Warehouse, workspace: Workspace) {
        self.warehouse = warehouse
        self.workspace = workspace
    }

    /// The metric tables the sick-leave engine writes, and the model columns it reads by name
    /// (declared in `SickLeaveBuild`: a change to these changes or breaks every metric column).
    public static let sickLeaveMetricTables = ["sick_spell", "sick_leave_employee_month", "sick_leave_unit_month"]
    /// Model columns the sick-leave engine reads.
    public static let sickLeaveInputs = [
        "employment.employee_id", "employment.valid_from", "employment.valid_to", "employment.employment_form",
        "employment.weekly_hours", "employment.unit_id", "org_unit.unit_id", "org_unit.parent_id",
        "org_unit.valid_from", "org_unit.valid_to",
    ]

    /// Analyses `change` against the tiles.
    public func analyse(_ change: ModelChange, tiles: [ImpactTile]) throws -> ImpactReport {
        var changes: [ColumnChange] = []
        var newModels: [String] = []
        switch change {
        case .drop(let table, let column):
            try requireColumn(table, column)
            changes = [ColumnChange(table: table, column: column, kind: .dropped)]
        case .rename(let table, let column, let to):
            try requireColumn(table, column)
            changes = [ColumnChange(table: table, column: column, kind: .renamed, to: to)]
        case .editedModels:
            (changes, newModels) = try editedModelChanges()
        }
        return try propagate(changes, tiles: tiles, newModels: newModels)
    }

    func requireColumn(_ table: String, _ column: String) throws {
        let known = try warehouse.read { db -> Bool in
            guard try db.tableExists("catalogue_columns") else { return false }
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM catalogue_columns WHERE model = ? AND column_name = ?",
                arguments: [table, column]) ?? 0 > 0
        }
        guard known else {
            throw BuildError(
                description:
                    "'\(table).\(column)' is not a column of a built model. Run `klarsyn build` first, or check the name (`klarsyn docs` lists the columns)."
            )
        }
    }

    /// Follows the changes down the lineage to columns, metric tables and tiles.
    func propagate(_ changes: [ColumnChange], tiles: [ImpactTile], newModels: [String]) throws -> ImpactReport {
        var broken: [String: String] = [:]  // table.column → reason
        var changed: [String: String] = [:]
        for c in changes where c.breaksByName {
            broken["\(c.table).\(c.column)"] =
                switch c.kind {
                case .renamed: "renamed to \(c.table).\(c.to ?? "?")"
                case .moved: "moved to \(c.to ?? "?") (split)"
                default: "dropped"
                }
        }
        for c in changes where c.changesValues {
            changed["\(c.table).\(c.column)"] = "\(c.valuesChanged ?? 0) of \(c.rowsCompared ?? 0) values differ"
        }
        var downstream: [AffectedColumn] = []
        try warehouse.read { db in
            guard try db.tableExists("catalogue_lineage") else { return }
            func walk(_ seeds: [String], breaks: Bool) throws {
                var queue = seeds
                var seen = Set(seeds)
                while let next = queue.first {
                    queue.removeFirst()
                    guard let ref = ModelColumn(next) else { continue }
                    let rows = try Row.fetchAll(
                        db,
                        sql:
                            "SELECT model, column_name, kind FROM catalogue_lineage WHERE input_table = ? AND input_column = ? ORDER BY model, column_name, kind",
                        arguments: [ref.model, ref.column])
                    for row in rows {
                        let id = "\(row["model"] as String).\(row["column_name"] as String)"
                        guard seen.insert(id).inserted else { continue }
                        downstream.append(
                            AffectedColumn(column: id, breaks: breaks, via: "\(next) (\(row["kind"] as String))"))
                        queue.append(id)
                    }
                }
            }
            try walk(broken.keys.sorted(), breaks: true)
            // A model whose SQL reads a dropped or renamed column does not build at all: every
            // column of it breaks, and so does everything downstream of those.
            var models = Set(downstream.compactMap { ModelColumn($0.column)?.model })
            var handled = Set<String>()
            while let model = models.subtracting(handled).sorted().first {
                handled.insert(model)
                let known = Set(downstream.map(\.column))
                let rest = try String.fetchAll(
                    db,
                    sql: "SELECT model || '.' || column_name FROM catalogue_columns WHERE model = ? ORDER BY position",
                    arguments: [model]
                ).filter { !known.contains($0) && broken[$0] == nil }
                for column in rest {
                    downstream.append(AffectedColumn(column: column, breaks: true, via: "\(model) does not build"))
                }
                let before = downstream.count
                try walk(rest, breaks: true)
                models.formUnion(downstream[before...].compactMap { ModelColumn($0.column)?.model })
            }
            try walk(changed.keys.sorted(), breaks: false)
        }
        let brokenDownstream = Set(downstream.filter(\.breaks).map(\.column))
        let changedDownstream = Set(downstream.filter { !$0.breaks }.map(\.column))
        let metricBreaks = Self.sickLeaveInputs.filter { broken[$0] != nil || brokenDownstream.contains($0) }
        let metricChanges = Self.sickLeaveInputs.filter { changed[$0] != nil || changedDownstream.contains($0) }
        var impacts: [TileImpact] = []
        for tile in tiles {
            var breaks: [String] = []
            var values: [String] = []
            for use in tile.uses {
                let label = "\(use.column) (\(use.role.rawValue))"
                let table = use.column.split(separator: ".").first.map(String.init) ?? ""
                if let reason = broken[use.column] {
                    breaks.append("\(label): \(reason)")
                } else if brokenDownstream.contains(use.column) {
                    breaks.append("\(label): its model reads a dropped or renamed column")
                } else if Self.sickLeaveMetricTables.contains(table), !metricBreaks.isEmpty {
                    breaks.append("\(label): the sick-leave engine reads \(metricBreaks.joined(separator: ", "))")
                } else if let reason = changed[use.column] {
                    values.append("\(label): \(reason)")
                } else if changedDownstream.contains(use.column) {
                    values.append("\(label): depends on a column whose values change")
                } else if Self.sickLeaveMetricTables.contains(table), !metricChanges.isEmpty {
                    values.append("\(label): the sick-leave engine reads \(metricChanges.joined(separator: ", "))")
                }
            }
            let effect: TileImpact.Effect =
                !breaks.isEmpty ? .breaks : (!values.isEmpty ? .valuesMayChange : .untouched)
            impacts.append(
                TileImpact(
                    report: tile.report, file: tile.file, owner: tile.owner, published: tile.published, tile: tile.tile,
                    effect: effect, reasons: breaks + values))
        }
        return ImpactReport(changes: changes, downstream: downstream, tiles: impacts, newModels: newModels)
    }

    /// Compares the workspace's `models/*.sql` with the SQL of the last build.
    func editedModelChanges() throws -> ([ColumnChange], [String]) {
        let laterPrefixes =
            ((try? ModelVersionSet.load(workspace: workspace))?.versions.dropFirst().map(\.prefix)) ?? []
        let built = try warehouse.read { db -> [String: (sql: String, columns: [String])] in
            guard try db.tableExists("catalogue_models") else { return [:] }
            var out: [String: (String, [String])] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT model, sql_text FROM catalogue_models ORDER BY model") {
                let model: String = row["model"]
                if laterPrefixes.contains(where: { model.hasPrefix($0) }) { continue }
                let columns = try String.fetchAll(
                    db, sql: "SELECT column_name FROM catalogue_columns WHERE model = ? ORDER BY position",
                    arguments: [model])
                out[model] = (row["sql_text"], columns)
            }
            return out
        }
        guard !built.isEmpty else {
            throw BuildError(
                description: "The warehouse has no built models to compare with. Run `klarsyn build` first.")
        }
        var edited: [(name: String, sql: String, statement: SelectStatement, key: [String])] = []
        var newModels: [String] = []
        var changes: [ColumnChange] = []
        let files = workspace.files(in: .models, withExtension: "sql")
        let names = Set(files.map { $0.deletingPathExtension().lastPathComponent })
        for url in files {
            let name = url.deletingPathExtension().lastPathComponent
            let sql = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            if built[name]?.sql == sql { continue }
            let statement: SelectStatement
            do { statement = try SQLParser.parse(sql, file: "models/\(name).sql") } catch {
                throw BuildError(description: String(describing: error))
            }
            let sidecar = try? ModelSidecar.load(
                from: workspace.folder(.models).appending(path: "\(name).yml"), displayPath: "models/\(name).yml")
            if built[name] == nil { newModels.append(name) }
            edited.append((name, sql, statement, sidecar?.key ?? []))
        }
        for (model, old) in built.sorted(by: { $0.key < $1.key }) where !names.contains(model) {
            changes += old.columns.map { ColumnChange(table: model, column: $0, kind: .dropped) }
        }
        try warehouse.write { db in
            let schema = WarehouseSchema(db: db)
            var newLineage: [String: [String: Set<String>]] = [:]
            for e in edited {
                var columns: [String: Set<String>] = [:]
                do {
                    for c in try KlarsynSQL.lineage(of: e.statement, schema: schema) {
                        columns[c.name] = Set(c.dependencies.map(\.description))
                    }
                } catch {
                    throw BuildError(description: "models/\(e.name).sql: \(error)")
                }
                newLineage[e.name] = columns
            }
            for e in edited {
                guard let old = built[e.name] else { continue }
                let new = newLineage[e.name] ?? [:]
                let oldLineage = try Dictionary(
                    grouping: Row.fetchAll(
                        db,
                        sql:
                            "SELECT column_name, input_table || '.' || input_column || ' (' || kind || ')' AS d FROM catalogue_lineage WHERE model = ?",
                        arguments: [e.name]), by: { $0["column_name"] as String }
                ).mapValues { Set($0.map { $0["d"] as String }) }
                let kept = old.columns.filter { new[$0] != nil }
                for column in old.columns where new[column] == nil {
                    let deps = oldLineage[column] ?? []
                    if let to = new.keys.sorted().first(where: {
                        !old.columns.contains($0) && new[$0] == deps && !deps.isEmpty
                    }) {
                        changes.append(ColumnChange(table: e.name, column: column, kind: .renamed, to: to))
                    } else if let moved = newLineage.filter({ $0.key != e.name }).sorted(by: { $0.key < $1.key })
                        .lazy.compactMap({ m in
                            m.value.keys.sorted().first {
                                m.value[$0] == deps && !deps.isEmpty && !(built[m.key]?.columns.contains($0) ?? false)
                            }
                            .map { "\(m.key).\($0)" }
                        }).first
                    {
                        changes.append(ColumnChange(table: e.name, column: column, kind: .moved, to: moved))
                    } else {
                        changes.append(ColumnChange(table: e.name, column: column, kind: .dropped))
                    }
                }
                for column in new.keys.sorted() where !old.columns.contains(column) {
                    changes.append(ColumnChange(table: e.name, column: column, kind: .added))
                }
                changes += try compareValues(
                    db, model: e.name, oldSQL: old.sql, new: e.statement, columns: kept, key: e.key)
            }
        }
        return (changes, newModels.sorted())
    }

    /// Runs old and new SQL on the current warehouse and counts, per kept column, the values
    /// that differ. Rows are matched on `key`; rows only on one side count as differing.
    func compareValues(
        _ db: Database, model: String, oldSQL: String, new: SelectStatement, columns: [String], key: [String]
    )
        throws -> [ColumnChange]
    {
        guard !columns.isEmpty else { return [] }
        let old: SelectStatement
        do { old = try SQLParser.parse(oldSQL, file: "catalogue: \(model)") } catch {
            throw BuildError(description: "The built SQL of '\(model)' no longer parses: \(error)")
        }
        try db.execute(
            sql: "DROP TABLE IF EXISTS temp.klarsyn_impact_old; DROP TABLE IF EXISTS temp.klarsyn_impact_new")
        defer {
            try? db.execute(
                sql: "DROP TABLE IF EXISTS temp.klarsyn_impact_old; DROP TABLE IF EXISTS temp.klarsyn_impact_new")
        }
        do {
            try db.execute(sql: "CREATE TEMP TABLE klarsyn_impact_old AS \(render(old, dialect: .sqlite))")
            try db.execute(sql: "CREATE TEMP TABLE klarsyn_impact_new AS \(render(new, dialect: .sqlite))")
        } catch let error as DatabaseError {
            throw BuildError(
                description: "models/\(model).sql: SQLite could not run the model: \(error.message ?? "unknown error")."
            )
        }
        let validKey = !key.isEmpty && key.allSatisfy(columns.contains)
        var out: [ColumnChange] = []
        let oldRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM klarsyn_impact_old") ?? 0
        let newRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM klarsyn_impact_new") ?? 0
        if validKey {
            let on = key.map { "o.\(quote($0)) IS n.\(quote($0))" }.joined(separator: " AND ")
            let matched =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM klarsyn_impact_old o JOIN klarsyn_impact_new n ON \(on)") ?? 0
            let unmatched = (oldRows - matched) + (newRows - matched)
            let sums = columns.map { "SUM(CASE WHEN o.\(quote($0)) IS NOT n.\(quote($0)) THEN 1 ELSE 0 END)" }
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT \(sums.joined(separator: ", ")) FROM klarsyn_impact_old o JOIN klarsyn_impact_new n ON \(on)"
            )
            for (i, column) in columns.enumerated() {
                let differing = ((row?[i] as Int?) ?? 0) + unmatched
                out.append(
                    ColumnChange(
                        table: model, column: column, kind: differing > 0 ? .changed : .sameValues,
                        rowsCompared: max(oldRows, newRows), valuesChanged: differing))
            }
        } else {
            for column in columns {
                let c = quote(column)
                let differing =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT (SELECT COUNT(*) FROM (SELECT \(c) FROM klarsyn_impact_old EXCEPT SELECT \(c) FROM klarsyn_impact_new))
                                 + (SELECT COUNT(*) FROM (SELECT \(c) FROM klarsyn_impact_new EXCEPT SELECT \(c) FROM klarsyn_impact_old))
                            """) ?? 0
                out.append(
                    ColumnChange(
                        table: model, column: column,
                        kind: differing > 0 || oldRows != newRows ? .changed : .sameValues,
                        rowsCompared: max(oldRows, newRows), valuesChanged: differing))
            }
        }
        return out
    }
}
