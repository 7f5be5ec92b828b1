import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynIngest
import KlarsynMetrics
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace

@testable import KlarsynReconcile

/// A warehouse built from an inbox of delivery files: ingest, staging, HR model.
struct Pipeline {
    let tmp: TemporaryDirectory
    let warehouse: Warehouse
    let workspace: Workspace

    static func make(inbox: URL, tmp: TemporaryDirectory) throws -> Pipeline {
        let workspace = try Workspace.builtIn()
        let warehouse = try Warehouse.open(
            path: tmp.path("warehouse.sqlite").path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        let ingestor = Ingestor(
            warehouse: warehouse, contracts: try ContractSet.load(directory: workspace.folder(.sources)))
        _ = try ingestor.ingest(inbox: inbox)
        try ingestor.prepareStaging()
        _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        return Pipeline(tmp: tmp, warehouse: warehouse, workspace: workspace)
    }

    func reconciler(_ config: ReconcileConfig) throws -> Reconciler {
        Reconciler(
            warehouse: warehouse, definitions: try DefaultWorkspaceDefinitions.sickLeave(), config: config)
    }
}

/// Writes delivery files: vendor files in Windows-1252 with `;`, the shift-planning files in UTF-8.
struct Inbox {
    let url: URL

    func pdc(_ name: String, _ lines: [String]) throws {
        let bytes = Windows1252.encode(lines.joined(separator: "\r\n") + "\r\n")!
        try Data(bytes).write(to: url.appending(path: name))
    }

    func psc(_ name: String, _ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url.appending(path: name))
    }
}

/// Config text with every tolerance zero and a small sweep.
func configText(idMapping: String = "pad_leading_zeros", sweep: String = "", extra: String = "") -> String {
    """
    version = 1
    definition = "sick-leave@1"
    rules_version = 1

    [vendor]
    source = "pdc_sickleave"
    cutoff = "month_end"
    cutoff_lag_days = 0
    id_mapping = "\(idMapping)"

    [tolerances.short_days]
    absolute = "0"
    relative = "0"

    [tolerances.long_days]
    absolute = "0"
    relative = "0"

    [tolerances.total]
    absolute = "0"
    relative = "0"

    [samples]
    seed = 7
    cases_per_category = 2
    random_check_size = 5

    [grid]
    min_persons = 2
    \(extra)
    \(sweep)
    """
}
