import GRDB
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
