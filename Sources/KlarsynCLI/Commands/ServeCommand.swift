import ArgumentParser
import Foundation
import KlarsynWeb
import KlarsynWorkspace

/// `klarsyn serve`: the web workbench on a warehouse.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the web workbench: reports with their definitions and limits, explanations, catalogue, scenarios.",
        discussion: """
            Pages are server-rendered HTML that work without JavaScript, in Danish by default \
            (?lang=en for English). The server refuses to start when the warehouse is missing, a \
            workspace file is broken, or a report uses a column no built model has. Stop it with Ctrl-C.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @OptionGroup var workspace: WorkspaceOption
    @Option(help: "The loopback port to listen on.") var port: Int = 8080
    @Option(help: ArgumentHelp("The address to listen on (default: this machine only).", valueName: "host"))
    var host: String = "127.0.0.1"

    func run() async throws {
        try await serveWorkbench(
            warehousePath: warehouse.warehouse, workspace: try workspace.resolve(), host: host, port: port)
    }
}

/// Starts the web workbench and runs until interrupted.
func serveWorkbench(warehousePath: String, workspace: Workspace, host: String, port: Int) async throws {
    guard FileManager.default.fileExists(atPath: warehousePath) else {
        throw CLIError(
            "There is no warehouse at '\(warehousePath)'. Build one first: `klarsyn demo`, or `klarsyn ingest` then `klarsyn build`."
        )
    }
    do {
        try await KlarsynWebServer.run(
            configuration: WebConfiguration(warehousePath: warehousePath, workspace: workspace, host: host, port: port)
        ) {
            say(
                "Klarsyn is serving \(workspace.displayName) on http://\(host):\(port)/ — open http://\(host):\(port)/reports/sick-leave"
            )
        }
    } catch let error as WebStartError {
        throw CLIError(error.message, code: error.code)
    }
}
