import Foundation
import GRDB
import KlarsynSQL

/// What the builder does with one model in this build (ADR 0160, 0161).
enum ModelBuildPlan: Equatable {
    /// The model's inputs are as at its last successful build: keep the table and its test results.
    case unchanged
    /// Build the whole table.
    case full
    /// Only staging rows of new files arrived (or an input model was itself updated for keys of
    /// the same column), and the model is incremental by `column`: rebuild the rows of `keys`
    /// (every value of `column` in the new rows and the input models' updated keys).
    case incremental(column: String, keys: [String])
}

/// An input model that this build updated incrementally (ADR 0163): its column, the keys it
/// rebuilt and its fingerprint before this build. A model incremental by the same column that
/// reads it rebuilds the rows of those keys.
struct UpstreamUpdate: Equatable {
    var column: String
    var keys: [String]
    /// The input model's stored fingerprint before this build.
    var previousFingerprint: String
}

/// One input table's fingerprint as stored with a model (`build_model_state.inputs`).
struct InputMark: Codable, Equatable {
    /// Digest of the table's content as the builder sees it.
    var digest: String
    /// For a staging table: the highest landing file id of its sources that was included.
    var lastFileId: Int64?
}

/// The stored state of a model's last successful build (`build_model_state`).
struct StoredModelState: Codable, Equatable {
    /// Digest of everything the model's table depends on (definition + inputs).
    var fingerprint: String
    /// Digest of the model's own text: rendered SQL, sidecar, version.
    var definition: String
    /// Each input table's mark.
    var inputs: [String: InputMark]
}

/// Fingerprints of the tables models read, computed once per build (ADR 0160).
///
/// - A staging table (listed in `staging_columns`): its columns plus every landing file of its
///   sources (the whole `landing_files` row: file id, status, accepted and quarantined lines,
///   sha-256, ingest time), so a new delivery, a
///   replayed or held file, a retraction or a late registration (all new rows of some file)
///   changes it — without reading the table.
/// - `landing_files` read together with a staging table: covered by that table's files.
/// - A model: its fingerprint in this build.
/// - Any other table: its row count (built-in reference tables are rewritten only when wrong).
struct ModelInputFingerprints {
    struct StagingFiles {
        var columns: String
        var files: [(id: Int64, text: String)]

        func digest(through last: Int64? = nil) -> String {
            var h = ChangeHash()
            h.add(columns)
            for f in files where last.map({ f.id <= $0 }) ?? true { h.add(f.text) }
            return h.hex
        }
    }

    private(set) var staging: [String: StagingFiles] = [:]
    private var landingDigest: String?

    init(_ db: Database) throws {
        // A warehouse without ingest bookkeeping (models over hand-made tables) has no staging.
        guard try db.tableExists("staging_columns"), try db.tableExists("landing_files") else { return }
        var sourcesOf: [String: Set<String>] = [:]
        var columnsOf: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT staging_table, source, column_name, type FROM staging_columns ORDER BY staging_table, position"
        ) {
            let table: String = row[0]
            sourcesOf[table, default: []].insert(row[1])
            columnsOf[table, default: []].append("\(row[2] as String):\(row[3] as String)")
        }
        var filesOf: [String: [(id: Int64, text: String)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM landing_files ORDER BY file_id") {
            guard let id: Int64 = row["file_id"], let source: String = row["source"] else { continue }
            filesOf[source, default: []].append((id, Self.text(row)))
        }
        for (table, sources) in sourcesOf {
            let files = sources.flatMap { filesOf[$0] ?? [] }.sorted { $0.id < $1.id }
            staging[table] = StagingFiles(columns: columnsOf[table, default: []].joined(separator: ","), files: files)
        }
    }

    /// Every column of a `landing_files` row (file id, status, accepted and quarantined lines,
    /// sha-256, ingest time …) as one text.
    static func text(_ row: Row) -> String {
        row.databaseValues.map(\.description).joined(separator: "|")
    }

    /// The mark of a non-model input table.
    mutating func mark(of table: String, readWithStaging: Bool, db: Database) throws -> InputMark {
        if let s = staging[table] {
            return InputMark(digest: s.digest(), lastFileId: s.files.last?.id ?? 0)
        }
        if table == "landing_files" {
            if readWithStaging { return InputMark(digest: "covered by the staging tables read", lastFileId: nil) }
            if landingDigest == nil {
                var h = ChangeHash()
                for row in try Row.fetchAll(db, sql: "SELECT * FROM landing_files ORDER BY rowid") {
                    h.add(Self.text(row))
                }
                landingDigest = h.hex
            }
            return InputMark(digest: landingDigest ?? "", lastFileId: nil)
        }
        let count = (try? Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quote(table))")) ?? nil
        return InputMark(digest: count.map { "rows:\($0)" } ?? "unreadable:\(UUID().uuidString)", lastFileId: nil)
    }
}

/// Reads and writes `build_model_state` and decides each model's ``ModelBuildPlan``.
enum ModelBuildState {
    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS build_model_state (
                    model TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, definition TEXT NOT NULL,
                    inputs TEXT NOT NULL, build_id INTEGER NOT NULL, built_at TEXT NOT NULL
                ) WITHOUT ROWID
                """)
    }

    static func load(_ db: Database, model: String) throws -> StoredModelState? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, definition, inputs FROM build_model_state WHERE model = ?",
                arguments: [model])
        else { return nil }
        let inputs = try? JSONDecoder().decode([String: InputMark].self, from: Data((row[2] as String).utf8))
        return StoredModelState(fingerprint: row[0], definition: row[1], inputs: inputs ?? [:])
    }

    static func save(_ db: Database, model: String, state: StoredModelState, buildId: Int64) throws {
        let inputs = String(decoding: try JSONEncoder().encode(state.inputs), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO build_model_state (model, fingerprint, definition, inputs, build_id, built_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [model, state.fingerprint, state.definition, inputs, buildId, isoNow(Date())])
    }

    /// The model's own definition digest: rendered SQL, sidecar (every field, tests included) and version.
    static func definitionDigest(model: Model, rendered: String) -> String {
        var h = ChangeHash()
        h.add("model-state-v1")
        h.add(rendered)
        h.add(String(describing: model.sidecar))
        return h.hex
    }

    /// The fingerprint of a model from its definition digest and its inputs' marks.
    static func fingerprint(definition: String, inputs: [String: InputMark]) -> String {
        var h = ChangeHash()
        h.add(definition)
        for (table, mark) in inputs.sorted(by: { $0.key < $1.key }) { h.add("\(table)=\(mark.digest)") }
        return h.hex
    }

    /// Decides what to do with a model whose current state is `current`.
    static func plan(
        _ db: Database, model: Model, current: StoredModelState, stored: StoredModelState?, tableExists: Bool,
        fingerprints: ModelInputFingerprints, full: Bool, updated: [String: UpstreamUpdate] = [:]
    ) throws -> ModelBuildPlan {
        guard !full, tableExists, let stored, stored.definition == current.definition else { return .full }
        if stored.fingerprint == current.fingerprint { return .unchanged }
        guard let column = model.sidecar.incremental else { return .full }
        var keys = Set<String>()
        for (table, mark) in current.inputs where stored.inputs[table] != mark {
            // An input model updated for keys of the same column, from the state this model was
            // built on: its changed rows are exactly the rows of those keys (ADR 0163).
            if let upstream = updated[table] {
                guard upstream.column == column, stored.inputs[table]?.digest == upstream.previousFingerprint
                else { return .full }
                keys.formUnion(upstream.keys)
                continue
            }
            // Only staging tables that received rows of new files, with the key column, qualify.
            guard let files = fingerprints.staging[table], let old = stored.inputs[table],
                let lastSeen = old.lastFileId, files.digest(through: lastSeen) == old.digest
            else { return .full }
            let columns = Set(
                try Row.fetchAll(db, sql: "PRAGMA table_info(\(quote(table)))").map { $0["name"] as String })
            guard columns.contains(column) else { return .full }
            let filter =
                columns.contains("row_id")
                ? "row_id >= \((lastSeen + 1) << 32)" : "file_id > \(lastSeen)"
            let cursor = try DatabaseValue.fetchCursor(
                db, sql: "SELECT DISTINCT \(quote(column)) FROM \(quote(table)) WHERE \(filter)")
            while let value = try cursor.next() {
                guard let key = String.fromDatabaseValue(value) else { return .full }
                keys.insert(key)
            }
        }
        return .incremental(column: column, keys: keys.sorted())
    }

    /// Rebuilds the rows of `keys`: the model's SELECT runs with every input that has `column`
    /// shadowed by a temporary view restricted to the keys; the table's rows of the keys are
    /// replaced by its output. Leaves the temporary view `rowsView` (the table's rows of the keys,
    /// for the data tests) and its key table; `beforeDelete` sees the old rows through it.
    static func rebuildIncrementally(
        _ db: Database, model: Model, table: String? = nil, rendered: String, column: String, keys: [String],
        rowsView: String, beforeDelete: (Database) throws -> Void
    ) throws -> (deleted: Int, inserted: Int) {
        let target = table ?? model.name
        let keyTable = "klarsyn_incremental_keys_\(target)"
        try db.execute(sql: "DROP TABLE IF EXISTS temp.\(quote(keyTable))")
        try db.execute(sql: "CREATE TEMP TABLE \(quote(keyTable)) (key TEXT PRIMARY KEY) WITHOUT ROWID")
        let insert = try db.makeStatement(sql: "INSERT INTO temp.\(quote(keyTable)) (key) VALUES (?)")
        for key in keys { try insert.execute(arguments: [key]) }
        let restriction = "\(quote(column)) IN (SELECT key FROM temp.\(quote(keyTable)))"
        try db.execute(sql: "DROP VIEW IF EXISTS temp.\(quote(rowsView))")
        try db.execute(
            sql: "CREATE TEMP VIEW \(quote(rowsView)) AS SELECT * FROM main.\(quote(target)) WHERE \(restriction)")
        try beforeDelete(db)
        var views: [String] = []
        defer {
            for view in views { try? db.execute(sql: "DROP VIEW IF EXISTS temp.\(quote(view))") }
        }
        for table in model.references {
            let columns = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(quote(table)))").map {
                $0["name"] as String
            }
            guard columns.contains(column) else { continue }
            try db.execute(
                sql: "CREATE TEMP VIEW \(quote(table)) AS SELECT * FROM main.\(quote(table)) WHERE \(restriction)")
            views.append(table)
        }
        try db.execute(sql: "DELETE FROM main.\(quote(target)) WHERE \(restriction)")
        let deleted = db.changesCount
        // The outer filter keeps the insert to the keys even where an input could not be restricted.
        try db.execute(
            sql: "INSERT INTO main.\(quote(target)) SELECT * FROM (\(rendered)) WHERE \(restriction)")
        return (deleted, db.changesCount)
    }

    /// Drops what ``rebuildIncrementally`` left.
    static func cleanUpIncremental(_ db: Database, model: String, rowsView: String) {
        try? db.execute(sql: "DROP VIEW IF EXISTS temp.\(quote(rowsView))")
        try? db.execute(sql: "DROP TABLE IF EXISTS temp.\(quote("klarsyn_incremental_keys_\(model)"))")
    }

    /// The indexes an incremental model needs: on its key column (the delete by key) and, on
    /// each staging table it reads that has the column but no index led by it, one for the
    /// restricted read. Created after a full build of the model, so incremental builds find them.
    static func createKeyIndexes(
        _ db: Database, model: Model, table: String? = nil, staging: [String: ModelInputFingerprints.StagingFiles]
    ) throws {
        guard let column = model.sidecar.incremental else { return }
        let target = table ?? model.name
        try createIndex(db, name: "klarsyn_incremental_\(target)", table: target, columns: [column])
        for test in model.sidecar.tests {
            // The incremental `unique` test looks the touched values up (ADR 0162); on the key
            // column itself the index above serves (a second one only slows every update).
            if case .unique(let columns) = test.kind, columns != [column] {
                try createIndex(
                    db, name: "klarsyn_incremental_\(target)_\(columns.joined(separator: "_"))", table: target,
                    columns: columns)
            }
        }
        for table in model.references where staging[table] != nil {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(quote(table)))").map { $0["name"] as String }
            guard columns.contains(column) else { continue }
            var led = false
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(quote(table)))") {
                let first = try Row.fetchOne(db, sql: "PRAGMA index_info(\(quote(index["name"] as String)))")
                if let first, (first["name"] as String?) == column { led = true }
            }
            if !led {
                try createIndex(db, name: "klarsyn_incremental_\(table)_\(column)", table: table, columns: [column])
            }
        }
    }

    private static func createIndex(_ db: Database, name: String, table: String, columns: [String]) throws {
        try db.execute(
            sql:
                "CREATE INDEX IF NOT EXISTS \(quote(name)) ON \(quote(table)) (\(columns.map(quote).joined(separator: ", ")))"
        )
    }
}
