import Foundation
import GRDB
public import KlarsynStore

/// A report tile as the tile diff reads it: measures, groupings and filters as `table.column`
/// of the version the report is pinned to now.
public struct DiffTile: Sendable, Equatable {
    public var id: String
    public var metrics: [String]
    public var groupBy: [String]
    /// `column = value`; a value starting with `$` (`$unit`, `$month`) is the page's selection,
    /// so the diff compares every value of it (the column becomes part of the cell).
    public var filters: [Filter]

    public struct Filter: Sendable, Equatable {
        public var column: String
        public var value: String
        public init(column: String, value: String) {
            self.column = column
            self.value = value
        }
    }

    public init(id: String, metrics: [String], groupBy: [String], filters: [Filter]) {
        self.id = id
        self.metrics = metrics
        self.groupBy = groupBy
        self.filters = filters
    }
}

/// How a tile compares between two versions.
public struct TileDiffResult: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// Every cell has the same value.
        case identical
        /// Some cells differ.
        case different
        /// The tile cannot be drawn on the new version (a column it reads is dropped or not mapped).
        case broken
        /// The tile reads a table that is not part of the model set (a metric table): same table in both.
        case unversioned
    }
    public var tile: String
    public var outcome: Outcome
    /// Cells (group × selection values) compared, and how many differ.
    public var cells: Int
    public var cellsDiffering: Int
    /// Σ |new − old| over differing cells (all measures).
    public var totalAbsDifference: Double
    /// Σ |old| over all cells, for the relative size.
    public var totalAbsOld: Double
    /// The units and months contributing most to the difference, largest first (`U0412: 123.4`).
    public var topUnits: [Contribution]
    public var topMonths: [Contribution]
    /// Why broken or unversioned, or how the tile was re-linked.
    public var note: String

    /// One unit or month and its share of the difference.
    public struct Contribution: Sendable, Codable, Equatable {
        public var key: String
        public var absDifference: Double
    }

    /// The difference relative to the old total, in percent (0 when the old total is 0).
    public var relativePct: Double { totalAbsOld == 0 ? 0 : 100 * totalAbsDifference / totalAbsOld }
}

/// Compares a tile's figures on a report's current version with the figures it would show on a
/// later version, re-linked through the later version's column map.
///
/// A tile's figure is Σ measure per cell; the cell is the tile's grouping plus every filter on a
/// page selection (`$unit`, `$month`), so the diff covers every unit and month a reader could
/// choose. Columns are re-linked by the map: renamed → new name, split → the new model (joined as
/// the map says), derived → the `relink` column, dropped → the tile is broken.
public struct TileDiff: Sendable {
    public let warehouse: Warehouse
    public let from: ModelVersion
    public let to: ModelVersion
    /// Tables outside the model set (metric tables): a tile on them is ``TileDiffResult/Outcome/unversioned``.
    public let unversionedTables: Set<String>

    public init(warehouse: Warehouse, from: ModelVersion, to: ModelVersion, unversionedTables: Set<String>) {
        self.warehouse = warehouse
        self.from = from
        self.to = to
        self.unversionedTables = unversionedTables
    }

    struct Source {
        var from: String
        var expressions: [String: String]
        var broken: [String]
        var relinks: [String]
    }

    /// Compares one tile.
    public func compare(_ tile: DiffTile) throws -> TileDiffResult {
        let refs = tile.metrics + tile.groupBy + tile.filters.map(\.column)
        let tables = Set(refs.compactMap { ModelColumn($0)?.model })
        func result(_ outcome: TileDiffResult.Outcome, _ note: String) -> TileDiffResult {
            TileDiffResult(
                tile: tile.id, outcome: outcome, cells: 0, cellsDiffering: 0, totalAbsDifference: 0, totalAbsOld: 0,
                topUnits: [], topMonths: [], note: note)
        }
        if !tables.isEmpty, tables.isSubset(of: unversionedTables) {
            return result(
                .unversioned,
                "reads \(tables.sorted().joined(separator: ", ")), computed outside the model set: the same table on \(from.id) and \(to.id)"
            )
        }
        guard tables.count == 1, let table = tables.first else {
            return result(
                .broken, "reads several tables (\(tables.sorted().joined(separator: ", "))); re-link it by hand")
        }
        let columns = Array(Set(refs.compactMap { ModelColumn($0)?.column })).sorted()
        let old = Source(
            from: "\(quote(from.table(table))) \(quote(table))",
            expressions: Dictionary(uniqueKeysWithValues: columns.map { ($0, "\(quote(table)).\(quote($0))") }),
            broken: [], relinks: [])
        let new = try relinkedSource(table: table, columns: columns)
        if !new.broken.isEmpty {
            return result(.broken, new.broken.joined(separator: "; "))
        }
        let selections = tile.filters.filter { $0.value.hasPrefix("$") }.map(\.column)
        let keys = Array(NSOrderedSet(array: tile.groupBy + selections)) as? [String] ?? []
        let statics = tile.filters.filter { !$0.value.hasPrefix("$") }
        let oldCells = try cells(old, table: table, keys: keys, metrics: tile.metrics, statics: statics)
        let newCells = try cells(new, table: table, keys: keys, metrics: tile.metrics, statics: statics)
        let unitKey = keys.firstIndex { $0.lowercased().contains("unit") }
        let monthKey = keys.firstIndex { $0.lowercased().contains("month") || $0.lowercased().hasSuffix("date") }
        var differing = 0
        var total = 0.0
        var totalOld = 0.0
        var byUnit: [String: Double] = [:]
        var byMonth: [String: Double] = [:]
        let allKeys = Set(oldCells.keys).union(newCells.keys)
        for key in allKeys {
            let a = oldCells[key] ?? Array(repeating: 0, count: tile.metrics.count)
            let b = newCells[key] ?? Array(repeating: 0, count: tile.metrics.count)
            totalOld += a.map(abs).reduce(0, +)
            let d = zip(a, b).map { abs($0 - $1) }.reduce(0, +)
            let presenceDiffers = (oldCells[key] == nil) != (newCells[key] == nil)
            guard d > 1e-9 || presenceDiffers else { continue }
            differing += 1
            total += d
            if let unitKey { byUnit[key[unitKey], default: 0] += d }
            if let monthKey { byMonth[String(key[monthKey].prefix(7)), default: 0] += d }
        }
        func top(_ m: [String: Double]) -> [TileDiffResult.Contribution] {
            m.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map {
                TileDiffResult.Contribution(key: $0.key, absDifference: $0.value)
            }
        }
        return TileDiffResult(
            tile: tile.id, outcome: differing == 0 ? .identical : .different, cells: allKeys.count,
            cellsDiffering: differing, totalAbsDifference: total, totalAbsOld: totalOld, topUnits: top(byUnit),
            topMonths: top(byMonth), note: new.relinks.joined(separator: "; "))
    }

    /// The later version's FROM clause and an expression per column of the earlier `table`.
    func relinkedSource(table: String, columns: [String]) throws -> Source {
        let map = to.maps[table] ?? TableMap(previousModel: table, from: table, joins: [], columns: [:])
        let available = try warehouse.read { db -> [String: Set<String>] in
            var out: [String: Set<String>] = [:]
            for model in [map.from] + map.joins.map(\.model) {
                out[model] = Set(
                    try Row.fetchAll(db, sql: "PRAGMA table_info(\(quote(to.table(model))))").map {
                        $0["name"] as String
                    })
            }
            return out
        }
        var source = Source(
            from: "\(quote(to.table(map.from))) \(quote(map.from))", expressions: [:], broken: [], relinks: [])
        for join in map.joins {
            source.from +=
                " LEFT JOIN \(quote(to.table(join.model))) \(quote(join.model)) ON \(quote(join.model)).\(quote(join.key)) = \(quote(map.from)).\(quote(join.key))"
        }
        func use(_ old: String, _ model: String, _ column: String, _ note: String?) {
            if available[model]?.contains(column) ?? false {
                source.expressions[old] = "\(quote(model)).\(quote(column))"
                if let note { source.relinks.append("\(table).\(old) → \(model).\(column) (\(note))") }
            } else {
                source.broken.append("\(table).\(old): \(to.id) has no \(model).\(column)")
            }
        }
        if available[map.from]?.isEmpty ?? true {
            source.broken.append(
                "\(to.id) has no model '\(map.from)' (table \(to.table(map.from)) is missing; build \(to.id) first)")
            return source
        }
        for column in columns {
            switch map.mapping(of: column) {
            case .same: use(column, map.from, column, nil)
            case .renamed(let new): use(column, map.from, new, "renamed")
            case .split(let model, let c): use(column, model, c, "split")
            case .derived(_, let relink):
                if let relink {
                    use(column, relink.model, relink.column, "re-linked; its meaning changed")
                } else {
                    source.broken.append(
                        "\(table).\(column): derived in \(to.id) only for the compatibility view; re-link by hand")
                }
            case .dropped(let why): source.broken.append("\(table).\(column): dropped in \(to.id): \(why)")
            }
        }
        return source
    }

    func cells(_ source: Source, table: String, keys: [String], metrics: [String], statics: [DiffTile.Filter]) throws
        -> [[String]: [Double]]
    {
        func expr(_ ref: String) -> String {
            source.expressions[ModelColumn(ref)?.column ?? ref] ?? "NULL"
        }
        let keyExprs = keys.map { "CAST(\(expr($0)) AS TEXT)" }
        let sums = metrics.map { "TOTAL(\(expr($0)))" }
        var sql = "SELECT " + (keyExprs + sums).joined(separator: ", ") + " FROM \(source.from)"
        if !statics.isEmpty {
            sql += " WHERE " + statics.map { "CAST(\(expr($0.column)) AS TEXT) = ?" }.joined(separator: " AND ")
        }
        if !keys.isEmpty { sql += " GROUP BY " + keyExprs.joined(separator: ", ") }
        return try warehouse.read { db in
            var out: [[String]: [Double]] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(statics.map(\.value))) {
                let key = (0..<keys.count).map { (row[$0] as String?) ?? "NULL" }
                out[key] = (0..<metrics.count).map { (row[keys.count + $0] as Double?) ?? 0 }
            }
            return out
        }
    }
}
