import Foundation
public import GRDB
import KlarsynCore
import KlarsynSQL
public import KlarsynStore
public import KlarsynWorkspace

/// What building one later data-model version did.
public struct ModelVersionBuildResult: Sendable, Codable, Equatable {
    /// `hr@2`.
    public var version: String
    /// Models built (warehouse table names) with their row counts.
    public var models: [ModelBuildResult]
    /// Data tests that failed (error or warn), as `table: test — n rows`.
    public var failedTests: [String]
    /// Compatibility views created, one per previous model.
    public var views: [String]
    /// Previous-version columns the compatibility views cannot provide, with the reason.
    public var unprovided: [CompatibilityColumn]
}

/// One column of a previous version's table and whether this version's compatibility view
/// provides it.
public struct CompatibilityColumn: Sendable, Codable, Equatable {
    /// Previous model, e.g. `employment`.
    public var previousModel: String
    /// Its column.
    public var column: String
    /// True when the view provides the column with the previous version's meaning.
    public var provided: Bool
    /// How (`same`, `renamed from contract_form`, `split: position.unit_id`, `derived: …`) or why not.
    public var how: String
}

/// Builds the later versions of the model set (`models/hr@2/`, …) beside version 1, in the same
/// warehouse and from the same staging data, under the version's prefix (`hr2_employment`), and
/// creates the previous version's tables as compatibility views over them where the column map
/// allows (`hr2_compat_employment`). Version 1 is built by ``ModelBuilder``, which this does not
/// touch; call it after `ModelBuilder.build`.
public struct ModelVersionBuilder: Sendable {
    public let warehouse: Warehouse
    public let workspace: Workspace

    public init(warehouse: Warehouse, workspace: Workspace) {
        self.warehouse = warehouse
        self.workspace = workspace
    }

    /// Builds every later version that is not retired, each in one transaction. Like
    /// ``ModelBuilder/build(full:progress:)``, a table whose inputs did not change is kept (with
    /// its test results) and an incremental model is updated for the delivered keys, unless `full`.
    public func build(full: Bool = false, progress: @Sendable (String) -> Void = { _ in }) throws
        -> [ModelVersionBuildResult]
    {
        let set: ModelVersionSet
        do { set = try ModelVersionSet.load(workspace: workspace) } catch {
            throw BuildError(description: error.description)
        }
        var results: [ModelVersionBuildResult] = []
        for version in set.versions.dropFirst() where version.status != "retired" {
            guard let previous = set.version(version.id.number - 1) else { continue }
            results.append(try build(version, previous: previous, full: full, progress: progress))
        }
        try warehouse.write { db in
            try VersionTables.create(db)
            for version in set.versions {
                try db.execute(
                    sql: """
                        INSERT INTO model_versions (version, model_set, number, prefix, manifest_status, built_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(version) DO UPDATE SET prefix = excluded.prefix,
                          manifest_status = excluded.manifest_status, built_at = excluded.built_at
                        """,
                    arguments: [
                        version.id.description, version.id.set, version.id.number, version.prefix, version.status,
                        isoNow(Date()),
                    ])
            }
        }
        return results
    }

    /// The models of `version`: its own SQL files plus the inherited ones of version 1.
    func models(of version: ModelVersion) throws -> [Model] {
        var problems: [String] = []
        var models: [Model] = []
        let own = workspace.root.appending(path: version.folder)
        let ownNames = ((try? FileManager.default.contentsOfDirectory(atPath: own.path)) ?? [])
            .filter { $0.hasSuffix(".sql") }.sorted()
        var files: [(String, URL, String)] = ownNames.map {
            (String($0.dropLast(4)), own, version.folder)
        }
        for name in version.inherits where !files.contains(where: { $0.0 == name }) {
            files.append((name, workspace.folder(.models), "models"))
        }
        for (name, folder, display) in files {
            let sqlPath = "\(display)/\(name).sql"
            guard let sql = try? String(contentsOf: folder.appending(path: "\(name).sql"), encoding: .utf8) else {
                problems.append("\(sqlPath): cannot be read; \(version.id) inherits or defines it.")
                continue
            }
            do {
                let sidecar = try ModelSidecar.load(
                    from: folder.appending(path: "\(name).yml"), displayPath: "\(display)/\(name).yml")
                let statement = try SQLParser.parse(sql, file: sqlPath)
                models.append(
                    Model(
                        name: name, sqlPath: sqlPath, sql: sql, statement: statement, sidecar: sidecar,
                        references: statement.referencedTables().sorted()))
            } catch {
                problems.append(String(describing: error))
            }
        }
        if !problems.isEmpty { throw BuildError(description: ModelLoadError(problems: problems).description) }
        do { return try ModelProject.order(models) } catch { throw BuildError(description: error.message) }
    }

    func build(
        _ version: ModelVersion, previous: ModelVersion, full: Bool = false, progress: @Sendable (String) -> Void
    ) throws
        -> ModelVersionBuildResult
    {
        let models = try models(of: version)
        let names = Set(models.map(\.name))
        return try warehouse.write { db in
            try VersionTables.create(db)
            try db.execute(
                sql: "INSERT INTO build_runs (started_at, workspace, status) VALUES (?, ?, 'running')",
                arguments: [isoNow(Date()), "\(workspace.displayName) (\(version.id))"])
            let buildId = db.lastInsertedRowID
            let schema = VersionSchema(db: db, version: version, siblings: names)
            var result = ModelVersionBuildResult(
                version: version.id.description, models: [], failedTests: [], views: [], unprovided: [])
            try ModelBuildState.createTable(db)
            var fingerprints = try ModelInputFingerprints(db)
            var fingerprintOf: [String: String] = [:]
            var unchanged: Set<String> = []
            // Per updated model: its key column and each test's failing count among the old rows.
            var updated: [String: (column: String, old: [String: Int])] = [:]
            let existing = Set(
                try String.fetchAll(db, sql: "SELECT model FROM catalogue_models").filter {
                    try db.tableExists($0)
                })
            for model in models {
                let t0 = Date()
                let table = version.table(model.name)
                let siblings = model.references.filter { names.contains($0) }
                let prefix =
                    siblings.isEmpty
                    ? ""
                    : "WITH "
                        + siblings.map { "\(quote($0)) AS (SELECT * FROM \(quote(version.table($0))))" }
                        .joined(separator: ", ") + " "
                let rendered = render(model.statement, dialect: .sqlite)
                // Skip or update incrementally as ModelBuilder does (ADR 0160, 0161), keyed by table.
                let readsStaging = model.references.contains { fingerprints.staging[$0] != nil }
                var inputs: [String: InputMark] = [:]
                for reference in model.references {
                    inputs[reference] =
                        names.contains(reference)
                        ? InputMark(digest: fingerprintOf[version.table(reference)] ?? "", lastFileId: nil)
                        : try fingerprints.mark(of: reference, readWithStaging: readsStaging, db: db)
                }
                let definition = ModelBuildState.definitionDigest(model: model, rendered: prefix + rendered)
                let state = StoredModelState(
                    fingerprint: ModelBuildState.fingerprint(definition: definition, inputs: inputs),
                    definition: definition, inputs: inputs)
                fingerprintOf[table] = state.fingerprint
                let plan = try ModelBuildState.plan(
                    db, model: model, current: state, stored: try ModelBuildState.load(db, model: table),
                    tableExists: existing.contains(table), fingerprints: fingerprints,
                    full: full)
                if plan == .unchanged {
                    let rows =
                        try Int.fetchOne(
                            db, sql: "SELECT row_count FROM catalogue_models WHERE model = ?", arguments: [table]) ?? 0
                    result.models.append(
                        ModelBuildResult(
                            model: table, version: version.id.number, rows: rows,
                            seconds: Date().timeIntervalSince(t0), status: "unchanged"))
                    unchanged.insert(model.name)
                    continue
                }
                var status = "rebuilt"
                var keyCount: Int? = nil
                var knownRows: Int? = nil
                if case .incremental(let column, let keys) = plan {
                    progress("updating \(version.id) \(model.name) (\(keys.count) changed)")
                    let before =
                        try Int.fetchOne(
                            db, sql: "SELECT row_count FROM catalogue_models WHERE model = ?", arguments: [table]) ?? 0
                    var old: [String: Int] = [:]
                    let changed = try ModelBuildState.rebuildIncrementally(
                        db, model: model, table: table, rendered: rendered, column: column, keys: keys,
                        rowsView: "klarsyn_incremental_rows_\(table)"
                    ) { db in
                        for test in model.sidecar.tests {
                            old[test.name] = try IncrementalTestCount.count(
                                db, test: test, table: table, key: model.sidecar.key, column: column,
                                rowsView: "klarsyn_incremental_rows_\(table)",
                                keyTable: "klarsyn_incremental_keys_\(table)",
                                tableOf: { names.contains($0) ? version.table($0) : $0 })
                        }
                    }
                    updated[model.name] = (column, old)
                    status = "incremental"
                    keyCount = keys.count
                    knownRows = before - changed.deleted + changed.inserted
                } else {
                    progress("building \(version.id) \(model.name)")
                    try db.execute(sql: "DROP TABLE IF EXISTS \(quote(table))")
                    do {
                        try db.execute(sql: "CREATE TABLE \(quote(table)) AS \(prefix)SELECT * FROM (\(rendered))")
                    } catch let error as DatabaseError {
                        throw BuildError(
                            description:
                                "\(model.sqlPath) (\(version.id)): SQLite could not run the model: \(error.message ?? "unknown error")."
                        )
                    }
                    try ModelBuildState.createKeyIndexes(db, model: model, table: table, staging: fingerprints.staging)
                }
                try ModelBuildState.save(db, model: table, state: state, buildId: buildId)
                let rows = try knownRows ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quote(table))") ?? 0
                result.models.append(
                    ModelBuildResult(
                        model: table, version: version.id.number, rows: rows, seconds: Date().timeIntervalSince(t0),
                        status: status, keys: keyCount))
                schema.forget(table)
                let output = try schema.columnInfo(of: table)
                let gaps = ModelBuilder.documentationGaps(model: model, outputColumns: output.map(\.name))
                if !gaps.isEmpty {
                    throw BuildError(
                        description: "The documentation gate failed for \(version.id):\n"
                            + gaps.map {
                                "  " + $0.message.replacingOccurrences(of: "models/", with: "\(version.folder)/")
                            }
                            .joined(separator: "\n"))
                }
                try writeCatalogue(
                    db, model: model, table: table, version: version, rows: rows, output: output, schema: schema,
                    buildId: buildId)
            }
            for model in models {
                for test in model.sidecar.tests {
                    let table = version.table(model.name)
                    if unchanged.contains(model.name),
                        let kept = try Row.fetchOne(
                            db,
                            sql: """
                                SELECT severity, failing_rows FROM build_test_results
                                WHERE model = ? AND test_name = ? AND build_id < ? ORDER BY build_id DESC LIMIT 1
                                """, arguments: [table, test.name, buildId])
                    {
                        let failing: Int = kept[1]
                        try db.execute(
                            sql: """
                                INSERT INTO build_test_results (build_id, model, test_name, severity, status, failing_rows, key_columns)
                                VALUES (?, ?, ?, ?, ?, ?, '[]')
                                """,
                            arguments: [
                                buildId, table, test.name, kept[0] as String, failing == 0 ? "pass" : "fail", failing,
                            ])
                        if failing > 0 {
                            result.failedTests.append(
                                "\(kept[0] as String): \(table): \(test.name) — \(failing) rows (kept: model unchanged)"
                            )
                        }
                        continue
                    }
                    guard
                        let sql = test.failingRowsQuery(
                            table: table, key: model.sidecar.key,
                            tableOf: { names.contains($0) ? version.table($0) : $0 })
                    else { continue }
                    try Self.index(db, test: test, tableOf: { names.contains($0) ? version.table($0) : $0 })
                    let failing: Int
                    if let update = updated[model.name], let old = update.old[test.name],
                        !test.referencedModels.contains(where: { names.contains($0) && !unchanged.contains($0) }),
                        let stored = try Int.fetchOne(
                            db,
                            sql: """
                                SELECT failing_rows FROM build_test_results
                                WHERE model = ? AND test_name = ? AND build_id < ? ORDER BY build_id DESC LIMIT 1
                                """, arguments: [table, test.name, buildId]),
                        let new = try IncrementalTestCount.count(
                            db, test: test, table: table, key: model.sidecar.key, column: update.column,
                            rowsView: "klarsyn_incremental_rows_\(table)",
                            keyTable: "klarsyn_incremental_keys_\(table)",
                            tableOf: { names.contains($0) ? version.table($0) : $0 })
                    {
                        failing = stored - old + new
                    } else {
                        failing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(sql))") ?? 0
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO build_test_results (build_id, model, test_name, severity, status, failing_rows, key_columns)
                            VALUES (?, ?, ?, ?, ?, ?, '[]')
                            """,
                        arguments: [
                            buildId, table, test.name, test.severity.rawValue, failing == 0 ? "pass" : "fail", failing,
                        ])
                    if failing > 0 {
                        result.failedTests.append("\(test.severity.rawValue): \(table): \(test.name) — \(failing) rows")
                    }
                }
            }
            for name in updated.keys {
                let table = version.table(name)
                ModelBuildState.cleanUpIncremental(db, model: table, rowsView: "klarsyn_incremental_rows_\(table)")
            }
            let compat = try CompatibilityViews.create(db, version: version, previous: previous, siblings: names)
            result.views = compat.views
            result.unprovided = compat.columns.filter { !$0.provided }
            try db.execute(
                sql: "DELETE FROM model_version_columns WHERE version = ?", arguments: [version.id.description])
            for c in compat.columns {
                try db.execute(
                    sql:
                        "INSERT INTO model_version_columns (version, previous_model, column_name, provided, how) VALUES (?, ?, ?, ?, ?)",
                    arguments: [version.id.description, c.previousModel, c.column, c.provided ? 1 : 0, c.how])
            }
            try db.execute(
                sql: "UPDATE build_runs SET finished_at = ?, status = 'succeeded', models = ? WHERE build_id = ?",
                arguments: [isoNow(Date()), result.models.count, buildId])
            return result
        }
    }

    /// Indexes the referenced side of relationship and valid-on-date tests, as ``ModelBuilder`` does.
    static func index(_ db: Database, test: DataTest, tableOf: (String) -> String) throws {
        var target: (String, [String])?
        if case .relationships(_, let model, let field) = test.kind { target = (tableOf(model), [field]) }
        if case .validOnDate(_, _, let model, let field, let from, _) = test.kind {
            target = (tableOf(model), [field, from])
        }
        guard let (table, columns) = target else { return }
        let name = "klarsyn_idx_\(table)_\(columns.joined(separator: "_"))"
        try db.execute(
            sql:
                "CREATE INDEX IF NOT EXISTS \(quote(name)) ON \(quote(table)) (\(columns.map(quote).joined(separator: ", ")))"
        )
    }

    private func writeCatalogue(
        _ db: Database, model: Model, table: String, version: ModelVersion, rows: Int, output: [WarehouseSchema.Column],
        schema: VersionSchema, buildId: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO catalogue_models (model, version, owner, description, grain, sql_path, sql_text, row_count, build_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                table, version.id.number, model.sidecar.owner, model.sidecar.description, model.sidecar.grain,
                model.sqlPath, model.sql, rows, buildId,
            ])
        try db.execute(sql: "DELETE FROM catalogue_columns WHERE model = ?", arguments: [table])
        try db.execute(sql: "DELETE FROM catalogue_lineage WHERE model = ?", arguments: [table])
        let descriptions = Dictionary(
            model.sidecar.columns.map { ($0.name, $0.description) }, uniquingKeysWith: { a, _ in a })
        for (position, column) in output.enumerated() {
            try db.execute(
                sql:
                    "INSERT INTO catalogue_columns (model, column_name, position, type, description) VALUES (?, ?, ?, ?, ?)",
                arguments: [table, column.name, position, column.type, descriptions[column.name] ?? ""])
        }
        let lineage: [OutputColumnLineage]
        do {
            lineage = try KlarsynSQL.lineage(of: model.statement, schema: schema)
        } catch {
            throw BuildError(description: "\(model.sqlPath): lineage could not be computed: \(error)")
        }
        for column in lineage {
            for d in column.dependencies {
                let input = schema.siblings.contains(d.table) ? version.table(d.table) : d.table
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO catalogue_lineage (model, column_name, input_table, input_column, kind)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [table, column.name, input, d.column, d.kind.rawValue])
            }
        }
    }
}

/// Resolves a version's sibling models (logical names) to their prefixed tables.
final class VersionSchema: SchemaResolver, @unchecked Sendable {
    let base: WarehouseSchema
    let version: ModelVersion
    let siblings: Set<String>

    init(db: Database, version: ModelVersion, siblings: Set<String>) {
        self.base = WarehouseSchema(db: db)
        self.version = version
        self.siblings = siblings
    }

    func forget(_ table: String) { base.forget(table) }
    func columnInfo(of table: String) throws -> [WarehouseSchema.Column] { try base.columnInfo(of: table) }

    func columns(of table: String) -> [String]? {
        base.columns(of: siblings.contains(table) ? version.table(table) : table)
    }
}

/// The version tables: built versions, what their compatibility views provide, report
/// migrations, tile diffs and sign-offs. Created on first use.
public enum VersionTables {
    /// Creates the tables that do not exist yet.
    public static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS model_versions (
                    version TEXT PRIMARY KEY, model_set TEXT NOT NULL, number INTEGER NOT NULL, prefix TEXT NOT NULL,
                    manifest_status TEXT NOT NULL, built_at TEXT, retired_at TEXT
                );
                CREATE TABLE IF NOT EXISTS model_version_columns (
                    version TEXT NOT NULL, previous_model TEXT NOT NULL, column_name TEXT NOT NULL,
                    provided INTEGER NOT NULL, how TEXT NOT NULL, PRIMARY KEY (version, previous_model, column_name)
                );
                CREATE TABLE IF NOT EXISTS report_migrations (
                    report TEXT NOT NULL, target_version TEXT NOT NULL, status TEXT NOT NULL
                      CHECK (status IN ('pending', 're-linked', 'verified')),
                    relinked_at TEXT, verified_at TEXT, PRIMARY KEY (report, target_version)
                );
                CREATE TABLE IF NOT EXISTS migration_tile_diffs (
                    report TEXT NOT NULL, target_version TEXT NOT NULL, tile TEXT NOT NULL,
                    outcome TEXT NOT NULL, cells INTEGER NOT NULL, cells_differing INTEGER NOT NULL,
                    total_abs_difference REAL NOT NULL, detail TEXT NOT NULL, computed_at TEXT NOT NULL,
                    PRIMARY KEY (report, target_version, tile)
                );
                CREATE TABLE IF NOT EXISTS migration_signoffs (
                    report TEXT NOT NULL, target_version TEXT NOT NULL, tile TEXT NOT NULL,
                    role TEXT NOT NULL, explanation TEXT NOT NULL, signed_at TEXT NOT NULL,
                    PRIMARY KEY (report, target_version, tile)
                );
                """)
    }
}
