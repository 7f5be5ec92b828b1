import Foundation
import GRDB
import KlarsynSQL
public import KlarsynStore
public import KlarsynWorkspace

/// Documentation coverage of one model, measured on the columns the model really outputs.
public struct ModelCoverage: Sendable, Codable, Equatable {
    public var model: String
    public var outputColumns: Int
    public var documented: Int
    public var gaps: [DocumentationGap]
    /// Documented share of output columns, 0–100.
    public var percent: Double { outputColumns == 0 ? 100 : 100 * Double(documented) / Double(outputColumns) }
}

/// `klarsyn docs --check`: which output columns lack a description, without building data.
public enum DocumentationCoverage {
    /// Creates every model as an empty table (`LIMIT 0`) inside a transaction that is rolled
    /// back, so the columns are exactly those a build would produce, then compares them with
    /// the sidecars.
    public static func check(warehouse: Warehouse, workspace: Workspace) throws -> [ModelCoverage] {
        let (previousModels, existing) = try warehouse.read { db in
            (
                Set(try String.fetchAll(db, sql: "SELECT model FROM catalogue_models")),
                Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"))
            )
        }
        let project = try ModelProject.load(
            workspace: workspace, knownTables: existing.subtracting(previousModels).union([ReferenceTables.calendar]))
        var coverage: [ModelCoverage] = []
        try warehouse.dbQueue.inTransaction { db in
            try ReferenceTables.writeCalendar(db)
            for model in project.models {
                let rendered = render(model.statement, dialect: .sqlite)
                try db.execute(sql: "DROP TABLE IF EXISTS \(quote(model.name))")
                do {
                    try db.execute(sql: "CREATE TABLE \(quote(model.name)) AS SELECT * FROM (\(rendered)) LIMIT 0")
                } catch let error as DatabaseError {
                    throw BuildError(
                        description:
                            "\(model.sqlPath): SQLite could not run the model: \(error.message ?? "unknown error").")
                }
                let output = try Row.fetchAll(db, sql: "PRAGMA table_info(\(quote(model.name)))").map {
                    $0["name"] as String
                }
                let gaps = ModelBuilder.documentationGaps(model: model, outputColumns: output)
                let undocumented = gaps.filter { $0.kind == .undocumented }.count
                coverage.append(
                    ModelCoverage(
                        model: model.name, outputColumns: output.count, documented: output.count - undocumented,
                        gaps: gaps))
            }
            return .rollback
        }
        return coverage
    }
}
