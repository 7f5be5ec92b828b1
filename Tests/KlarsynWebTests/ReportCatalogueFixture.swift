import Foundation
import GRDB
import KlarsynStore
import KlarsynWeb
import KlarsynWorkspace

/// The catalogue of a built warehouse lists every column the built-in reports' tiles read;
/// without them the workbench refuses to start (`web.report-columns`). The fixture warehouse has
/// no build, so this writes those catalogue rows (after any the fixture wrote itself, which win).
/// The sick-leave metric tables are known from their contract and are left alone.
enum ReportCatalogueFixture {
    static func install(_ warehouse: Warehouse) throws {
        let reports = try ReportLoader.load(workspace: try Workspace.builtIn())
        let references = Set(reports.flatMap { $0.tiles.flatMap(\.dependencies) })
            .filter { !SickLeaveTables.contractColumns.contains($0.description) }
            .sorted()
        try warehouse.write { db in
            for (position, r) in references.enumerated() {
                try db.execute(
                    sql:
                        "INSERT OR IGNORE INTO catalogue_columns VALUES (?, ?, ?, 'TEXT', 'A column a built-in report reads.')",
                    arguments: [r.table, r.column, position])
            }
        }
    }
}
