import ArgumentParser
import Foundation
import KlarsynIngest
import KlarsynStore
import KlarsynWorkspace

/// `klarsyn ingest`: loads every delivery in an inbox folder, keeping every line.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load the delivery files in an inbox folder into the warehouse; every line is kept.",
        discussion: """
            Each file is matched to a source contract (sources/*.toml) by its name, decoded in the \
            contract's encoding, and every line ends up accepted, quarantined with a reason, or held \
            with its file. The invariant lines = header + accepted + quarantined + held is checked \
            for every file. A file delivered again with the same bytes changes nothing. A file no \
            contract recognises is reported and skipped. After the files, quarantined rows that can \
            be fixed by later data (e.g. an employee HR did not know yet) are re-checked.

            Exit codes: 0 loaded (quarantined rows are normal); 3 a file was held; 4 a file failed \
            or the invariant broke (that file's load was rolled back).
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @Option(help: ArgumentHelp("The folder of delivery files.", valueName: "dir")) var inbox: String
    @OptionGroup var workspace: WorkspaceOption
    @Option(help: "Output format.") var format: OutputFormat = .text
    @Flag(
        help: """
            Keep the warehouse in WAL mode so that other processes can open it during the run \
            (every page is then written twice). Without it, a run that has the warehouse to \
            itself loads with a rollback journal; one that finds it open keeps WAL anyway.
            """)
    var shared = false

    func run() throws {
        let report = try ingestInbox(
            warehouse: try warehouse.open(mustExist: false), inbox: URL(commandLinePath: inbox, isDirectory: true),
            workspace: try workspace.resolve(), shared: shared)
        say(format == .json ? report.renderJSON() : report.renderText())
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}

/// Runs an ingest with a progress line on a terminal.
func ingestInbox(warehouse: Warehouse, inbox: URL, workspace: Workspace, shared: Bool = false) throws -> IngestReport {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: inbox.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CLIError(
            "There is no inbox folder at '\(inbox.path)'. Pass the folder the delivery files are in with --inbox.")
    }
    let contracts = try loadContracts(workspace)
    let terminal = Terminal.current
    defer { terminal.endProgress() }
    do {
        return try Ingestor(warehouse: warehouse, contracts: contracts).ingest(
            inbox: inbox, options: IngestOptions(sharedWarehouse: shared)
        ) { p in
            let share = p.bytesTotal > 0 ? Int(100 * Double(p.bytesDone) / Double(p.bytesTotal)) : 0
            terminal.progress("ingest [\(p.fileIndex)/\(p.fileCount)] \(p.fileName) \(p.phase.rawValue) \(share) %")
        }
    } catch {
        throw CLIError(String(describing: error))
    }
}

/// Loads the workspace's source contracts, or explains what is wrong with one.
func loadContracts(_ workspace: Workspace) throws -> ContractSet {
    do {
        return try ContractSet.load(directory: workspace.folder(.sources))
    } catch {
        throw CLIError(String(describing: error))
    }
}

/// Makes sure every contract's staging table exists, so that models over sources that have
/// delivered nothing yet build to empty tables.
func prepareStaging(warehouse: Warehouse, workspace: Workspace) throws {
    try Ingestor(warehouse: warehouse, contracts: try loadContracts(workspace)).prepareStaging()
}
