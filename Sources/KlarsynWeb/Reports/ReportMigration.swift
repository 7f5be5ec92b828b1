import Foundation
import GRDB
public import KlarsynBuild
public import KlarsynStore
public import KlarsynWorkspace

extension ReportDefinition {
    /// The tiles as impact analysis reads them (measures, groupings, filters; owner; draft or published).
    public var impactTiles: [ImpactTile] {
        tiles.map { tile in
            ImpactTile(
                report: id, file: file, owner: owner, published: !draft, tile: tile.id,
                uses: tile.metrics.map { .init(column: $0.description, role: .measure) }
                    + tile.groupBy.map { .init(column: $0.description, role: .grouping) }
                    + tile.filters.map { .init(column: $0.column.description, role: .filter) })
        }
    }

    /// The tiles as the tile diff reads them.
    public var diffTiles: [DiffTile] {
        tiles.map { tile in
            DiffTile(
                id: tile.id, metrics: tile.metrics.map(\.description), groupBy: tile.groupBy.map(\.description),
                filters: tile.filters.map { DiffTile.Filter(column: $0.column.description, value: $0.value) })
        }
    }
}

/// Resolves report pins: a report pinned to a later model version (`model_version = "hr@2"`)
/// names that version's models (`employment.contract_form`); its tiles then read the version's
/// tables (`hr2_employment.contract_form`). Reports on version 1 or `current` = 1 are unchanged.
public enum ReportPins {
    /// `reports` with every tile column pointing at the warehouse table of the report's pinned version.
    public static func resolve(_ reports: [ReportDefinition], workspace: Workspace) -> [ReportDefinition] {
        guard let versions = try? ModelVersionSet.load(workspace: workspace), versions.versions.count > 1 else {
            return reports
        }
        return reports.map { report in
            guard let version = versions.resolve(report.modelVersion), !version.prefix.isEmpty else { return report }
            let models = version.modelNames(in: workspace)
            func map(_ r: ColumnReference) -> ColumnReference {
                models.contains(r.table) ? ColumnReference(table: version.table(r.table), column: r.column) : r
            }
            var out = report
            out.tiles = report.tiles.map { tile in
                var t = tile
                t.metrics = tile.metrics.map(map)
                t.groupBy = tile.groupBy.map(map)
                t.filters = tile.filters.map { TileFilter(column: map($0.column), value: $0.value) }
                return t
            }
            return out
        }
    }
}

/// One report on the migration board: its pinned version, its status towards the newest
/// version, its tile diffs and sign-offs.
public struct ReportMigrationState: Sendable, Equatable {
    /// The status of a report towards a newer model version.
    public enum Status: String, Sendable, Codable {
        /// Not yet re-linked: no tile diff computed.
        case pending
        /// Re-linked: tile diffs computed, but some differ without a sign-off (or break).
        case relinked = "re-linked"
        /// Every tile is identical, or its difference is explained and signed off by a role.
        case verified
    }
    public var report: String
    public var file: String
    public var owner: String
    /// The version the report's file pins (`current` resolved).
    public var pinned: String
    /// The newest version, the one to migrate to.
    public var target: String
    public var status: Status
    /// Tile diffs of the last re-link, in tile order.
    public var diffs: [TileDiffResult]
    /// Sign-offs by tile id.
    public var signOffs: [String: SignOff]

    /// A role's explanation of a tile's difference.
    public struct SignOff: Sendable, Equatable, Codable {
        public var role: String
        public var explanation: String
        public var signedAt: String
    }
}

/// Why a migration step is refused; the message says what to do.
public struct MigrationError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

/// Report migration between data-model versions: re-linking with a tile diff, sign-offs, the
/// board's states, and retiring a version no report is pinned to. Stored in the warehouse
/// (`report_migrations`, `migration_tile_diffs`, `migration_signoffs`).
public struct ReportMigration: Sendable {
    public let warehouse: Warehouse
    public let workspace: Workspace
    public let versions: ModelVersionSet
    public let reports: [ReportDefinition]

    public init(warehouse: Warehouse, workspace: Workspace) throws {
        self.warehouse = warehouse
        self.workspace = workspace
        self.versions = try ModelVersionSet.load(workspace: workspace)
        self.reports = try ReportLoader.load(workspace: workspace)
    }

    /// The newest version that is not retired.
    public var target: ModelVersion { versions.versions.last { $0.status != "retired" } ?? versions.current }

    func report(_ id: String) throws -> ReportDefinition {
        guard let report = reports.first(where: { $0.id == id }) else {
            throw MigrationError(
                description:
                    "There is no report '\(id)' in \(workspace.displayName). Reports: \(reports.map(\.id).joined(separator: ", "))."
            )
        }
        return report
    }

    func pinned(_ report: ReportDefinition) throws -> ModelVersion {
        guard let version = versions.resolve(report.modelVersion) else {
            throw MigrationError(
                description:
                    "\(report.file): `model_version` = \"\(report.modelVersion)\" is not a version of this workspace (versions: \(versions.versions.map(\.id.description).joined(separator: ", ")))."
            )
        }
        return version
    }

    /// Re-links a report to `to` (default: the newest version): computes and stores the diff of every tile.
    @discardableResult
    public func relink(report id: String, to: ModelVersion? = nil) throws -> ReportMigrationState {
        let report = try report(id)
        let from = try pinned(report)
        let to = to ?? target
        guard to.id.number > from.id.number else {
            throw MigrationError(
                description:
                    "\(report.file) is pinned to \(from.id); re-linking goes to a newer version (newest: \(target.id))."
            )
        }
        let diff = TileDiff(
            warehouse: warehouse, from: from, to: to, unversionedTables: Set(ImpactAnalysis.sickLeaveMetricTables))
        let results = try report.diffTiles.map { try diff.compare($0) }
        let now = Date().formatted(.iso8601)
        try warehouse.write { db in
            try Self.createTables(db)
            try db.execute(
                sql: "DELETE FROM migration_tile_diffs WHERE report = ? AND target_version = ?",
                arguments: [id, to.id.description])
            for r in results {
                let detail = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO migration_tile_diffs (report, target_version, tile, outcome, cells, cells_differing,
                          total_abs_difference, detail, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, to.id.description, r.tile, r.outcome.rawValue, r.cells, r.cellsDiffering,
                        r.totalAbsDifference,
                        detail, now,
                    ])
            }
            try db.execute(
                sql: """
                    INSERT INTO report_migrations (report, target_version, status, relinked_at) VALUES (?, ?, 're-linked', ?)
                    ON CONFLICT(report, target_version) DO UPDATE SET status = 're-linked', relinked_at = excluded.relinked_at, verified_at = NULL
                    """, arguments: [id, to.id.description, now])
        }
        try updateVerification(report: id, target: to)
        return try state(of: report)
    }

    /// Records a role's sign-off of a tile's difference.
    public func signOff(report id: String, tile: String, role: String, explanation: String) throws
        -> ReportMigrationState
    {
        let report = try report(id)
        guard report.tiles.contains(where: { $0.id == tile }) else {
            throw MigrationError(
                description:
                    "\(report.file) has no tile '\(tile)'. Tiles: \(report.tiles.map(\.id).joined(separator: ", ")).")
        }
        let role = role.trimmingCharacters(in: .whitespaces)
        let explanation = explanation.trimmingCharacters(in: .whitespaces)
        guard !role.isEmpty, !explanation.isEmpty else {
            throw MigrationError(
                description:
                    "A sign-off needs a role (e.g. --role \"HR partner\") and an explanation of the difference (--explanation \"…\")."
            )
        }
        let current = try state(of: report)
        guard let diff = current.diffs.first(where: { $0.tile == tile }) else {
            throw MigrationError(
                description: "Re-link \(id) first: `klarsyn migrate relink \(id)` computes its tile diffs.")
        }
        guard diff.outcome != .broken else {
            throw MigrationError(
                description:
                    "Tile '\(tile)' breaks on \(current.target) (\(diff.note)); a broken tile cannot be signed off. Change the tile or the column map."
            )
        }
        try warehouse.write { db in
            try Self.createTables(db)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO migration_signoffs (report, target_version, tile, role, explanation, signed_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, current.target, tile, role, explanation, Date().formatted(.iso8601)])
        }
        guard let target = versions.resolve(current.target) else { return try state(of: report) }
        try updateVerification(report: id, target: target)
        return try state(of: report)
    }

    func updateVerification(report id: String, target: ModelVersion) throws {
        let state = try state(of: try report(id))
        let verified =
            !state.diffs.isEmpty
            && state.diffs.allSatisfy {
                $0.outcome == .identical || $0.outcome == .unversioned
                    || ($0.outcome == .different && state.signOffs[$0.tile] != nil)
            }
        try warehouse.write { db in
            try db.execute(
                sql: "UPDATE report_migrations SET status = ?, verified_at = ? WHERE report = ? AND target_version = ?",
                arguments: [
                    verified ? "verified" : "re-linked", verified ? Date().formatted(.iso8601) : nil, id,
                    target.id.description,
                ])
        }
    }

    /// Every report's state, sorted by report id.
    public func states() throws -> [ReportMigrationState] { try reports.map { try state(of: $0) } }

    func state(of report: ReportDefinition) throws -> ReportMigrationState {
        let pinned = try pinned(report)
        let target = self.target
        return try warehouse.read { db in
            var state = ReportMigrationState(
                report: report.id, file: report.file, owner: report.owner, pinned: pinned.id.description,
                target: target.id.description, status: .pending, diffs: [], signOffs: [:])
            guard try db.tableExists("report_migrations") else { return state }
            if let text = try String.fetchOne(
                db, sql: "SELECT status FROM report_migrations WHERE report = ? AND target_version = ?",
                arguments: [report.id, target.id.description]), let status = ReportMigrationState.Status(rawValue: text)
            {
                state.status = status
            }
            let details = try String.fetchAll(
                db, sql: "SELECT detail FROM migration_tile_diffs WHERE report = ? AND target_version = ?",
                arguments: [report.id, target.id.description])
            let diffs = details.compactMap { try? JSONDecoder().decode(TileDiffResult.self, from: Data($0.utf8)) }
            state.diffs = report.tiles.compactMap { tile in diffs.first { $0.tile == tile.id } }
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT tile, role, explanation, signed_at FROM migration_signoffs WHERE report = ? AND target_version = ?",
                arguments: [report.id, target.id.description])
            {
                state.signOffs[row["tile"]] = .init(
                    role: row["role"], explanation: row["explanation"], signedAt: row["signed_at"])
            }
            if pinned.id == target.id, state.status == .pending { state.status = .relinked }
            return state
        }
    }

    /// Retires `version`: refuses while any report is pinned to it (or it is current), else drops
    /// its tables and compatibility views and records the retirement.
    /// - Returns: the tables and views dropped.
    public func retire(_ text: String) throws -> [String] {
        guard let version = versions.resolve(text), text != "current" else {
            throw MigrationError(
                description:
                    "'\(text)' is not a model version of \(workspace.displayName) (versions: \(versions.versions.map(\.id.description).joined(separator: ", ")))."
            )
        }
        let pinned = try reports.filter { try self.pinned($0).id == version.id }
        if !pinned.isEmpty {
            throw MigrationError(
                description:
                    "Cannot retire \(version.id): \(pinned.count) report\(pinned.count == 1 ? " is" : "s are") pinned to it ("
                    + pinned.map { "\($0.file), owner \($0.owner)" }.joined(separator: "; ")
                    + "). Re-link and verify \(pinned.count == 1 ? "it" : "them") (`klarsyn migrate status`), then pin \(pinned.count == 1 ? "it" : "them") to a newer version."
            )
        }
        if version.id == versions.current.id {
            throw MigrationError(
                description:
                    "Cannot retire \(version.id): it is the current version. Make a newer version current first (`status: current` in its version.yml)."
            )
        }
        return try warehouse.write { db in
            try Self.createTables(db)
            var dropped: [String] = []
            let models = try String.fetchAll(
                db, sql: "SELECT model FROM catalogue_models WHERE version = ?", arguments: [version.id.number])
            for model in models where version.prefix.isEmpty || model.hasPrefix(version.prefix) {
                try db.execute(sql: "DROP TABLE IF EXISTS \"\(model)\"")
                for table in ["catalogue_models", "catalogue_columns", "catalogue_lineage"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE model = ?", arguments: [model])
                }
                dropped.append(model)
            }
            if let next = versions.version(version.id.number + 1) {
                for view in try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE ?",
                    arguments: [next.prefix + "compat_%"])
                {
                    try db.execute(sql: "DROP VIEW IF EXISTS \"\(view)\"")
                    dropped.append(view)
                }
            }
            try db.execute(
                sql: "UPDATE model_versions SET retired_at = ? WHERE version = ?",
                arguments: [Date().formatted(.iso8601), version.id.description])
            return dropped
        }
    }

    static func createTables(_ db: Database) throws { try VersionTables.create(db) }
}
