import Foundation
import KlarsynStore
import KlarsynWeb
import KlarsynWorkspace

/// Report tiles whose columns are missing from the built model and metric tables, each
/// naming the report file, the tile and the column.
func reportProblems(warehouse: Warehouse, workspace: Workspace) throws -> [String] {
    let reports: [ReportDefinition]
    do {
        reports = ReportPins.resolve(try ReportLoader.load(workspace: workspace), workspace: workspace)
    } catch {
        throw CLIError(String(describing: error))
    }
    return ReportCatalogueCheck.problems(
        reports: reports, columns: try ReportCatalogueCheck.knownColumns(warehouse: warehouse))
}
