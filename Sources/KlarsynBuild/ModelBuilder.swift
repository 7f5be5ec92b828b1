import Foundation
import GRDB
import KlarsynCore
import KlarsynSQL
public import KlarsynStore
public import KlarsynWorkspace

/// What one model's build did.
public struct ModelBuildResult: Sendable, Codable, Equatable {
    public var model: String
    public var version: Int
    public var rows: Int
    public var seconds: Double
    /// "rebuilt" (the whole table), "incremental" (the rows of changed keys) or "unchanged"
    /// (its inputs are as at its last successful build; the table and its test results are kept).
    public var status: String = "rebuilt"
    /// For an incremental build: how many key values (e.g. employees) were rebuilt.
    public var keys: Int? = nil
}

/// What one data test found.
public struct DataTestResult: Sendable, Codable, Equatable {
    public var model: String
    public var test: String
    public var severity: String
    /// Number of rows that break the test (every one is stored with its key).
    public var failingRows: Int
    /// Key columns of the failing rows.
    public var keyColumns: [String]
    /// The first few failing keys, for the summary; all are in `build_test_failures`.
    public var sampleKeys: [[String]]
    /// True when the model was unchanged and the result is the stored one of its last build.
    public var reused: Bool = false
    /// True when the test passed.
    public var passed: Bool { failingRows == 0 }
}

/// A documented column the model does not output, or an output column without a description.
public struct DocumentationGap: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case undocumented, notOutput = "not_output" }
    public var model: String
    public var column: String
    public var kind: Kind

    /// The message for the author.
    public var message: String {
        switch kind {
        case .undocumented:
            "models/\(model).yml: column '\(column)' is output by models/\(model).sql but has no description. Add it under `columns:` with a `description:`."
        case .notOutput:
            "models/\(model).yml: documents column '\(column)', which models/\(model).sql does not output. Remove it from the sidecar or add it to the SELECT."
        }
    }
}

/// The outcome of `klarsyn build`.
public struct BuildReport: Sendable, Codable {
    public var buildId: Int64?
    public var models: [ModelBuildResult]
    public var tests: [DataTestResult]
    public var documentationGaps: [DocumentationGap]
    public var seconds: Double
    /// Error-severity tests that failed.
    public var failedTests: [DataTestResult] { tests.filter { !$0.passed && $0.severity == "error" } }
    /// Warn-severity tests that failed.
    public var warnedTests: [DataTestResult] { tests.filter { !$0.passed && $0.severity == "warn" } }
    /// True when every model built, every column is documented and no error-severity test failed.
    public var succeeded: Bool { documentationGaps.isEmpty && failedTests.isEmpty }
}

/// An error that stops a build before or while models are built; nothing of that build is kept.
public struct BuildError: Error, CustomStringConvertible {
    public let description: String
}

/// Builds the workspace's models into the warehouse: orders them, materialises each as a table,
/// checks the documentation gate, runs the data tests and writes the catalogue and lineage.
public struct ModelBuilder: Sendable {
    public let warehouse: Warehouse
    public let workspace: Workspace

    public init(warehouse: Warehouse, workspace: Workspace) {
        self.warehouse = warehouse
        self.workspace = workspace
    }

    /// Builds the models. Models, catalogue and test results are written in one transaction:
    /// when a model fails to build or the documentation gate fails, the warehouse keeps the
    /// previous build; a failed data test keeps the build and marks it failed.
    ///
    /// A model whose inputs (SQL, sidecar, the staging files and models it reads) are as at its
    /// last successful build is kept with its test results; a model with `incremental: COLUMN`
    /// whose staging inputs only received new files has just the rows of the delivered keys
    /// rebuilt (ADR 0160, 0161). `full` rebuilds every model.
    public func build(full: Bool = false, progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        let start = Date()
        let (previousModels, existingTables) = try warehouse.read { db in
            (
                Set(try String.fetchAll(db, sql: "SELECT model FROM catalogue_models")),
                Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"))
            )
        }
        let knownTables = existingTables.subtracting(previousModels).union([ReferenceTables.calendar])
        let project: ModelProject
        do {
            project = try ModelProject.load(workspace: workspace, knownTables: knownTables)
        } catch {
            try recordFailure(start: start, message: error.description)
            throw BuildError(description: error.description)
        }
        do {
            return try warehouse.write { db in
                try ReferenceTables.writeCalendar(db)
                try db.execute(
                    sql: "INSERT INTO build_runs (started_at, workspace, status) VALUES (?, ?, 'running')",
                    arguments: [isoNow(start), workspace.displayName])
                let buildId = db.lastInsertedRowID
                var results: [ModelBuildResult] = []
                var gaps: [DocumentationGap] = []
                let schema = WarehouseSchema(db: db)
                try ModelBuildState.createTable(db)
                var fingerprints = try ModelInputFingerprints(db)
                let modelNames = Set(project.models.map(\.name))
                var fingerprintOf: [String: String] = [:]
                var unchanged: Set<String> = []
                var incrementalTests: [String: IncrementalTestPlan] = [:]
                var updated: [String: UpstreamUpdate] = [:]
                for model in project.models {
                    let t0 = Date()
                    let rendered = render(model.statement, dialect: .sqlite)
                    let readsStaging = model.references.contains { fingerprints.staging[$0] != nil }
                    var inputs: [String: InputMark] = [:]
                    for table in model.references {
                        inputs[table] =
                            modelNames.contains(table)
                            ? InputMark(digest: fingerprintOf[table] ?? "", lastFileId: nil)
                            : try fingerprints.mark(of: table, readWithStaging: readsStaging, db: db)
                    }
                    let definition = ModelBuildState.definitionDigest(model: model, rendered: rendered)
                    let state = StoredModelState(
                        fingerprint: ModelBuildState.fingerprint(definition: definition, inputs: inputs),
                        definition: definition, inputs: inputs)
                    fingerprintOf[model.name] = state.fingerprint
                    let stored = try ModelBuildState.load(db, model: model.name)
                    let plan = try ModelBuildState.plan(
                        db, model: model, current: state, stored: stored,
                        tableExists: existingTables.contains(model.name) && previousModels.contains(model.name),
                        fingerprints: fingerprints, full: full, updated: updated)
                    var status = "rebuilt"
                    var keyCount: Int? = nil
                    var knownRows: Int? = nil
                    switch plan {
                    case .unchanged:
                        let rows =
                            try Int.fetchOne(
                                db, sql: "SELECT row_count FROM catalogue_models WHERE model = ?",
                                arguments: [model.name]) ?? 0
                        results.append(
                            ModelBuildResult(
                                model: model.name, version: model.sidecar.version, rows: rows,
                                seconds: Date().timeIntervalSince(t0), status: "unchanged"))
                        unchanged.insert(model.name)
                        continue
                    case .incremental(let column, let keys):
                        progress("updating \(model.name) (\(keys.count) changed)")
                        do {
                            let view = "klarsyn_incremental_rows_\(model.name)"
                            let before =
                                try Int.fetchOne(
                                    db, sql: "SELECT row_count FROM catalogue_models WHERE model = ?",
                                    arguments: [model.name]) ?? 0
                            let changed = try ModelBuildState.rebuildIncrementally(
                                db, model: model, rendered: rendered, column: column, keys: keys, rowsView: view
                            ) { db in
                                incrementalTests[model.name] = try IncrementalTestPlan.capture(
                                    db, model: model, rowsView: view)
                            }
                            knownRows = before - changed.deleted + changed.inserted
                        } catch let error as DatabaseError {
                            throw BuildError(
                                description:
                                    "\(model.sqlPath): SQLite could not update the model incrementally: \(error.message ?? "unknown error"). Run `klarsyn build --full`; if that fails too, the SQL is at fault."
                            )
                        }
                        status = "incremental"
                        keyCount = keys.count
                        if let stored {
                            updated[model.name] = UpstreamUpdate(
                                column: column, keys: keys, previousFingerprint: stored.fingerprint)
                        }
                    case .full:
                        progress("building \(model.name)")
                        try db.execute(sql: "DROP TABLE IF EXISTS \(quote(model.name))")
                        do {
                            try db.execute(sql: "CREATE TABLE \(quote(model.name)) AS \(rendered)")
                        } catch let error as DatabaseError {
                            throw BuildError(
                                description:
                                    "\(model.sqlPath): SQLite could not run the model: \(error.message ?? "unknown error"). The SQL as run:\n\(rendered)"
                            )
                        }
                        try ModelBuildState.createKeyIndexes(db, model: model, staging: fingerprints.staging)
                    }
                    try ModelBuildState.save(db, model: model.name, state: state, buildId: buildId)
                    let rows =
                        try knownRows ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quote(model.name))") ?? 0
                    results.append(
                        ModelBuildResult(
                            model: model.name, version: model.sidecar.version, rows: rows,
                            seconds: Date().timeIntervalSince(t0), status: status, keys: keyCount))
                    schema.forget(model.name)
                    let output = try schema.columnInfo(of: model.name)
                    gaps += Self.documentationGaps(model: model, outputColumns: output.map(\.name))
                    try writeCatalogue(db, model: model, buildId: buildId, rows: rows, output: output, schema: schema)
                }
                if !gaps.isEmpty {
                    throw BuildError(
                        description:
                            "The documentation gate failed: \(gaps.count) column\(gaps.count == 1 ? "" : "s") to fix.\n"
                            + gaps.map { "  " + $0.message }.joined(separator: "\n"))
                }
                var tests: [DataTestResult] = []
                let changedModels = modelNames.subtracting(unchanged)
                for model in project.models {
                    for test in model.sidecar.tests {
                        if unchanged.contains(model.name),
                            let kept = try reuse(test, on: model, buildId: buildId, db: db)
                        {
                            tests.append(kept)
                            continue
                        }
                        if let plan = incrementalTests[model.name],
                            let previous = try previousTestBuild(test, on: model, buildId: buildId, db: db),
                            let found = try plan.failures(
                                of: test, model: model, previousBuild: previous, changedModels: changedModels, db: db)
                        {
                            progress("testing \(model.name): \(test.name) (changed rows)")
                            tests.append(
                                try record(
                                    test, on: model, buildId: buildId, keyColumns: found.keyColumns,
                                    failing: found.rows, db: db))
                            continue
                        }
                        progress("testing \(model.name): \(test.name)")
                        tests.append(try run(test, on: model, buildId: buildId, db: db))
                    }
                }
                for (name, plan) in incrementalTests {
                    plan.cleanUp(db)
                    ModelBuildState.cleanUpIncremental(db, model: name, rowsView: plan.rowsView)
                }
                let report = BuildReport(
                    buildId: buildId, models: results, tests: tests, documentationGaps: gaps,
                    seconds: Date().timeIntervalSince(start))
                try db.execute(
                    sql: """
                        UPDATE build_runs SET finished_at = ?, status = ?, models = ?, tests_passed = ?,
                        tests_failed = ?, tests_warned = ? WHERE build_id = ?
                        """,
                    arguments: [
                        isoNow(Date()), report.succeeded ? "succeeded" : "failed", results.count,
                        tests.filter(\.passed).count, report.failedTests.count, report.warnedTests.count, buildId,
                    ])
                return report
            }
        } catch let error as BuildError {
            try recordFailure(start: start, message: error.description)
            throw error
        }
    }

    /// Compares a model's output columns with its sidecar.
    static func documentationGaps(model: Model, outputColumns: [String]) -> [DocumentationGap] {
        let documented = Dictionary(
            model.sidecar.columns.map { ($0.name, $0.description) }, uniquingKeysWith: { a, _ in a })
        var gaps: [DocumentationGap] = []
        for column in outputColumns {
            let description = documented[column]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if description.isEmpty {
                gaps.append(DocumentationGap(model: model.name, column: column, kind: .undocumented))
            }
        }
        let output = Set(outputColumns)
        for column in model.sidecar.columns where !output.contains(column.name) {
            gaps.append(DocumentationGap(model: model.name, column: column.name, kind: .notOutput))
        }
        return gaps
    }

    private func writeCatalogue(
        _ db: Database, model: Model, buildId: Int64, rows: Int, output: [WarehouseSchema.Column],
        schema: WarehouseSchema
    ) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO catalogue_models (model, version, owner, description, grain, sql_path, sql_text, row_count, build_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                model.name, model.sidecar.version, model.sidecar.owner, model.sidecar.description,
                model.sidecar.grain, model.sqlPath, model.sql, rows, buildId,
            ])
        try db.execute(sql: "DELETE FROM catalogue_columns WHERE model = ?", arguments: [model.name])
        try db.execute(sql: "DELETE FROM catalogue_lineage WHERE model = ?", arguments: [model.name])
        let descriptions = Dictionary(
            model.sidecar.columns.map { ($0.name, $0.description) }, uniquingKeysWith: { a, _ in a })
        for (position, column) in output.enumerated() {
            try db.execute(
                sql:
                    "INSERT INTO catalogue_columns (model, column_name, position, type, description) VALUES (?, ?, ?, ?, ?)",
                arguments: [model.name, column.name, position, column.type, descriptions[column.name] ?? ""])
        }
        let lineage: [OutputColumnLineage]
        do {
            lineage = try KlarsynSQL.lineage(of: model.statement, schema: schema)
        } catch {
            throw BuildError(description: "\(model.sqlPath): lineage could not be computed: \(error)")
        }
        for column in lineage {
            for dependency in column.dependencies {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO catalogue_lineage (model, column_name, input_table, input_column, kind)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [model.name, column.name, dependency.table, dependency.column, dependency.kind.rawValue])
            }
        }
    }

    private func run(_ test: DataTest, on model: Model, buildId: Int64, db: Database) throws -> DataTestResult {
        let key = model.sidecar.key
        var failing: [[String]] = []
        var keyColumns: [String] = []
        if case .noCycles(let id, let parent, let from, let to) = test.kind {
            keyColumns = ["date", "units_on_cycle"]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(quote(id)), \(quote(parent)), \(quote(from)), \(quote(to)) FROM \(quote(model.name))")
            let edges = rows.map {
                DatedTreeCycleFinder.Edge(
                    id: $0[0] as String? ?? "", parent: $0[1] as String?, from: $0[2] as String? ?? "",
                    to: $0[3] as String?)
            }
            failing = DatedTreeCycleFinder.cycles(in: edges).map { [$0.date, $0.ids.joined(separator: " → ")] }
        } else if let sql = test.failingRowsQuery(table: model.name, key: key, tableOf: { $0 }) {
            for other in test.referencedModels {
                if case .relationships(_, _, let field) = test.kind {
                    try createIndex(db, table: other, columns: [field])
                }
                if case .validOnDate(_, _, _, let field, let from, _) = test.kind {
                    try createIndex(db, table: other, columns: [field, from])
                }
            }
            let cursor = try Row.fetchCursor(db, sql: sql)
            var names: [String]? = nil
            while let row = try cursor.next() {
                if names == nil { names = Array(row.columnNames) }
                failing.append(
                    row.databaseValues.map { $0.isNull ? "NULL" : String(describing: $0.storage.value ?? "") })
            }
            keyColumns = names ?? test.columns
        }
        return try record(
            test, on: model, buildId: buildId, keyColumns: keyColumns, failing: failing.map(jsonArray), db: db)
    }

    /// The last build that ran (or kept) `test` on the model.
    private func previousTestBuild(_ test: DataTest, on model: Model, buildId: Int64, db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: "SELECT MAX(build_id) FROM build_test_results WHERE model = ? AND test_name = ? AND build_id < ?",
            arguments: [model.name, test.name, buildId])
    }

    /// Stores a test's result whose failing rows (JSON arrays) are already known.
    private func record(
        _ test: DataTest, on model: Model, buildId: Int64, keyColumns: [String], failing: [String], db: Database
    ) throws -> DataTestResult {
        try db.execute(
            sql: """
                INSERT INTO build_test_results (build_id, model, test_name, severity, status, failing_rows, key_columns)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                buildId, model.name, test.name, test.severity.rawValue, failing.isEmpty ? "pass" : "fail",
                failing.count, jsonArray(keyColumns),
            ])
        let insert = try db.makeStatement(
            sql: "INSERT INTO build_test_failures (build_id, model, test_name, row_key) VALUES (?, ?, ?, ?)")
        for key in failing { try insert.execute(arguments: [buildId, model.name, test.name, key]) }
        return DataTestResult(
            model: model.name, test: test.name, severity: test.severity.rawValue, failingRows: failing.count,
            keyColumns: keyColumns,
            sampleKeys: failing.prefix(5).map { (try? JSONDecoder().decode([String].self, from: Data($0.utf8))) ?? [] })
    }

    /// Copies an unchanged model's stored result of `test` (and its failing keys) into this build;
    /// nil when there is none, and the test must run.
    private func reuse(_ test: DataTest, on model: Model, buildId: Int64, db: Database) throws -> DataTestResult? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT build_id, severity, failing_rows, key_columns FROM build_test_results
                    WHERE model = ? AND test_name = ? AND build_id < ? ORDER BY build_id DESC LIMIT 1
                    """, arguments: [model.name, test.name, buildId])
        else { return nil }
        let previous: Int64 = row[0]
        try db.execute(
            sql: """
                INSERT INTO build_test_results (build_id, model, test_name, severity, status, failing_rows, key_columns)
                SELECT ?, model, test_name, severity, status, failing_rows, key_columns FROM build_test_results
                WHERE build_id = ? AND model = ? AND test_name = ?
                """, arguments: [buildId, previous, model.name, test.name])
        try db.execute(
            sql: """
                INSERT INTO build_test_failures (build_id, model, test_name, row_key)
                SELECT ?, model, test_name, row_key FROM build_test_failures
                WHERE build_id = ? AND model = ? AND test_name = ? ORDER BY rowid
                """, arguments: [buildId, previous, model.name, test.name])
        let samples = try String.fetchAll(
            db,
            sql: """
                SELECT row_key FROM build_test_failures WHERE build_id = ? AND model = ? AND test_name = ?
                ORDER BY rowid LIMIT 5
                """, arguments: [previous, model.name, test.name])
        func decode(_ json: String) -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
        }
        return DataTestResult(
            model: model.name, test: test.name, severity: row[1], failingRows: row[2], keyColumns: decode(row[3]),
            sampleKeys: samples.map(decode), reused: true)
    }

    private func createIndex(_ db: Database, table: String, columns: [String]) throws {
        let name = "klarsyn_idx_\(table)_\(columns.joined(separator: "_"))"
        try db.execute(
            sql:
                "CREATE INDEX IF NOT EXISTS \(quote(name)) ON \(quote(table)) (\(columns.map(quote).joined(separator: ", ")))"
        )
    }

    private func recordFailure(start: Date, message: String) throws {
        try warehouse.write { db in
            try db.execute(
                sql: """
                    INSERT INTO build_runs (started_at, finished_at, workspace, status, message)
                    VALUES (?, ?, ?, 'failed', ?)
                    """,
                arguments: [isoNow(start), isoNow(Date()), workspace.displayName, message])
        }
    }
}

/// Column names and types of warehouse tables, read with `PRAGMA table_info` and cached; it is
/// also the SQL layer's schema resolver for lineage and `SELECT *`.
final class WarehouseSchema: SchemaResolver, @unchecked Sendable {
    struct Column {
        let name: String
        let type: String
    }
    private let db: Database
    private var cache: [String: [Column]] = [:]

    init(db: Database) { self.db = db }

    func forget(_ table: String) { cache[table] = nil }

    func columnInfo(of table: String) throws -> [Column] {
        if let cached = cache[table] { return cached }
        let rows = try Row.fetchAll(db, sql: "PRAGMA table_info(\(quote(table)))")
        let columns = rows.map { Column(name: $0["name"], type: ($0["type"] as String?) ?? "") }
        cache[table] = columns
        return columns
    }

    func columns(of table: String) -> [String]? {
        guard let columns = try? columnInfo(of: table), !columns.isEmpty else { return nil }
        return columns.map(\.name)
    }
}

/// ISO 8601 UTC timestamp text.
func isoNow(_ date: Date) -> String {
    date.formatted(.iso8601)
}

/// A JSON array of strings.
func jsonArray(_ values: [String]) -> String {
    let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
}
