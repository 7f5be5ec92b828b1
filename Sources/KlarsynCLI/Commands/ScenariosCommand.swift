import ArgumentParser
import Foundation
import KlarsynMetrics
import KlarsynWorkspace

/// `klarsyn scenarios`: HR's answers as executable tests of every definition version.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "Run HR's scenario answers against every sick-leave definition version, or draw a scenario.",
        discussion: """
            A scenario is a small calendar HR has answered ("is this long-term absence?"), kept in \
            scenarios/*.yml. Every definition version is checked against every answer.
            """,
        subcommands: [Run.self, Draw.self],
        defaultSubcommand: Run.self
    )

    /// `klarsyn scenarios [run]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Check every definition version against every HR answer.",
            discussion: "Exit codes: 0 the current version agrees with every answer; 3 it contradicts at least one."
        )

        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Output format.") var format: OutputFormat = .text
        @Flag(help: "Leave out the explanation of each contradiction.") var brief = false

        func run() throws {
            let ws = try workspace.resolve()
            let definitions = try loadSickLeaveDefinitions(ws)
            let scenarios = try loadScenarios(ws)
            let current = definitions.current(on: todayInCopenhagen())
            let reports = ScenarioRunner.run(scenarios, definitions: definitions.versions, current: current?.version)
            if format == .json {
                say(try jsonText(reports))
            } else {
                say(
                    "\(scenarios.count) scenarios in \(ws.displayName), \(definitions.versions.count) definition versions."
                )
                for report in reports {
                    say("")
                    say(report.renderText(withExplanations: !brief))
                }
            }
            if ScenarioRunner.currentContradicts(reports) { throw ExitCode(3) }
        }
    }

    /// `klarsyn scenarios draw ID`.
    struct Draw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw",
            abstract: "Draw a scenario as an SVG month calendar HR can read without training."
        )

        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: ArgumentHelp("The scenario id (its file name without .yml).", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Which definition version to draw it under (default: current).", valueName: "ref"))
        var definition: String?
        @Option(help: ArgumentHelp("The SVG file to write (default: ID.svg).", valueName: "file")) var out: String?

        func run() throws {
            let ws = try workspace.resolve()
            let definitions = try loadSickLeaveDefinitions(ws)
            let scenarios = try loadScenarios(ws)
            guard let scenario = scenarios.first(where: { $0.id == id }) else {
                let ids = scenarios.map(\.id).sorted()
                throw ValidationError(
                    "There is no scenario '\(id)' in \(ws.displayName). Scenarios: \(ids.joined(separator: ", ")).")
            }
            let chosen = try resolveDefinition(definition, in: definitions)
            let svg = ScenarioCalendarSVG.render(scenario, definition: chosen)
            let path = out ?? "\(id).svg"
            try Data(svg.utf8).write(to: URL(commandLinePath: path))
            say("Wrote \(path): scenario '\(id)' under \(chosen.reference).")
        }
    }
}

/// Loads the workspace's scenarios, or explains what is wrong with a file.
func loadScenarios(_ workspace: Workspace) throws -> [Scenario] {
    do {
        return try ScenarioLoader.loadAll(workspace: workspace.root)
    } catch {
        throw CLIError(String(describing: error))
    }
}
