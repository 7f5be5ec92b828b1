import Dispatch
import Foundation
import GRDB
import KlarsynBuild
import KlarsynStore

/// A built model as the catalogue records it.
struct ModelEntry: Sendable, Equatable {
    var name: String
    var version: Int
    var owner: String
    var description: String
    var grain: String
    var rowCount: Int
}

/// One column of a model with its direct inputs.
struct ColumnEntry: Sendable, Equatable {
    var name: String
    var type: String
    var description: String
    /// `table.column (kind)` of each direct input.
    var inputs: [(table: String, column: String, kind: String)]

    static func == (a: ColumnEntry, b: ColumnEntry) -> Bool { a.name == b.name && a.type == b.type }
}

/// Reads the catalogue tables written by `klarsyn build` (async, one read each).
struct CatalogueRepository: Sendable {
    let warehouse: Warehouse

    func models() async throws -> [ModelEntry] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("catalogue_models") else { return [] }
            return try Row.fetchAll(
                db,
                sql: "SELECT model, version, owner, description, grain, row_count FROM catalogue_models ORDER BY model"
            ).map {
                ModelEntry(
                    name: $0["model"], version: $0["version"], owner: $0["owner"], description: $0["description"],
                    grain: $0["grain"], rowCount: $0["row_count"])
            }
        }
    }

    /// The model's columns with their direct inputs, and the models that read it; `nil` when unknown.
    func model(_ name: String) async throws -> (ModelEntry, [ColumnEntry], [String])? {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("catalogue_models"),
                let r = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT model, version, owner, description, grain, row_count FROM catalogue_models WHERE model = ?",
                    arguments: [name])
            else { return nil }
            let model = ModelEntry(
                name: r["model"], version: r["version"], owner: r["owner"], description: r["description"],
                grain: r["grain"], rowCount: r["row_count"])
            var columns = try Row.fetchAll(
                db,
                sql: "SELECT column_name, type, description FROM catalogue_columns WHERE model = ? ORDER BY position",
                arguments: [name]
            ).map {
                ColumnEntry(name: $0["column_name"], type: $0["type"], description: $0["description"], inputs: [])
            }
            let lineage = try Row.fetchAll(
                db,
                sql:
                    "SELECT column_name, input_table, input_column, kind FROM catalogue_lineage WHERE model = ? ORDER BY input_table, input_column",
                arguments: [name])
            for l in lineage {
                if let i = columns.firstIndex(where: { $0.name == (l["column_name"] as String) }) {
                    columns[i].inputs.append((l["input_table"], l["input_column"], l["kind"]))
                }
            }
            let readers = try String.fetchAll(
                db,
                sql: "SELECT DISTINCT model FROM catalogue_lineage WHERE input_table = ? AND model <> ? ORDER BY model",
                arguments: [name, name])
            return (model, columns, readers)
        }
    }

    /// Known model names (to link inputs that are models, not staging tables).
    func modelNames() async throws -> Set<String> {
        Set(try await models().map(\.name))
    }
}

/// A column of a model or a staging table, with its lineage both ways.
struct ColumnLineage: Sendable {
    var table: String
    var column: String
    var type: String
    var description: String
    var upstream: [LineageWalk.Step]
    var downstream: [LineageWalk.Step]
}

extension CatalogueRepository {
    /// The column and its lineage walks (`LineageWalk.walk` both ways), or `nil` when neither the
    /// catalogue nor the staging tables know it. The walk reads synchronously, so it runs on a
    /// dispatch queue, not on the server's event loops or the cooperative pool.
    func lineage(table: String, column: String) async throws -> ColumnLineage? {
        let found: (String, String)? = try await warehouse.dbQueue.read { db in
            guard try db.tableExists("catalogue_columns"), try db.tableExists("catalogue_lineage"),
                try db.tableExists("staging_columns")
            else { return nil }
            let row =
                try Row.fetchOne(
                    db, sql: "SELECT type, description FROM catalogue_columns WHERE model = ? AND column_name = ?",
                    arguments: [table, column])
                ?? Row.fetchOne(
                    db,
                    sql: "SELECT type, description FROM staging_columns WHERE staging_table = ? AND column_name = ?",
                    arguments: [table, column])
            return row.map { ($0["type"], $0["description"]) }
        }
        guard let found else { return nil }
        let warehouse = self.warehouse
        let (up, down) = try await withCheckedThrowingContinuation {
            (c: CheckedContinuation<([LineageWalk.Step], [LineageWalk.Step]), any Error>) in
            DispatchQueue.global().async {
                c.resume(
                    with: Result {
                        (
                            try LineageWalk.walk(
                                warehouse: warehouse, table: table, column: column, direction: .upstream),
                            try LineageWalk.walk(
                                warehouse: warehouse, table: table, column: column, direction: .downstream)
                        )
                    })
            }
        }
        return ColumnLineage(
            table: table, column: column, type: found.0, description: found.1, upstream: up, downstream: down)
    }
}

/// One data test of a model in the latest build that ran it (`build_test_results`).
struct TestResultEntry: Sendable, Equatable {
    var name: String
    var severity: String
    /// `pass` or `fail`.
    var status: String
    var failingRows: Int
    var keyColumns: [String]
    var buildID: Int64
    var finishedAt: String?
}

extension CatalogueRepository {
    /// The model's tests and their results in the latest build that tested it.
    func tests(model: String) async throws -> [TestResultEntry] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("build_test_results"), try db.tableExists("build_runs") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT r.test_name, r.severity, r.status, r.failing_rows, r.key_columns, r.build_id, b.finished_at
                    FROM build_test_results r LEFT JOIN build_runs b ON b.build_id = r.build_id
                    WHERE r.model = ?1 AND r.build_id = (SELECT max(build_id) FROM build_test_results WHERE model = ?1)
                    ORDER BY r.test_name
                    """, arguments: [model]
            ).map { r in
                let keys: String = r[4]
                let columns = (try? JSONDecoder().decode([String].self, from: Data(keys.utf8))) ?? []
                return TestResultEntry(
                    name: r[0], severity: r[1], status: r[2], failingRows: r[3], keyColumns: columns, buildID: r[5],
                    finishedAt: r[6])
            }
        }
    }
}
