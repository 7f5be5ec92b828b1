import Foundation
import KlarsynBuild
import KlarsynStore
import KlarsynWeb
import KlarsynWorkspace

/// The demo's model-version step: builds hr@2 beside hr@1 and re-links the agency-staffing report,
/// so the migration board (`/migration`) has a tile diff to show.
enum DemoVersions {
    static func build(warehouse: Warehouse, workspace: Workspace, terminal: Terminal) throws -> [String] {
        let results: [ModelVersionBuildResult]
        do {
            results = try ModelVersionBuilder(warehouse: warehouse, workspace: workspace).build {
                terminal.progress($0)
            }
            terminal.endProgress()
        } catch {
            terminal.endProgress()
            throw CLIError(String(describing: error))
        }
        var lines = results.map {
            "\($0.version) built beside hr@1: \($0.models.count) models, \($0.views.count) compatibility views, \($0.unprovided.count) column\($0.unprovided.count == 1 ? "" : "s") they cannot provide."
        }
        let migration = try ReportMigration(warehouse: warehouse, workspace: workspace)
        if !results.isEmpty, migration.reports.contains(where: { $0.id == "agency-staffing" }) {
            let state = try migration.relink(report: "agency-staffing")
            let counts = Dictionary(grouping: state.diffs, by: \.outcome).mapValues(\.count)
            lines.append(
                "agency-staffing re-linked to \(state.target): "
                    + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                    .joined(separator: ", ") + " (see /migration)")
        }
        return lines
    }
}
