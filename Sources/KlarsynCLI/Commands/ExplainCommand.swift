import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynCore
import KlarsynMetrics

/// `klarsyn explain`: why an employee's sick-leave figures for a month are what they are.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an employee's sick-leave figures for one month, in words an HR partner understands.",
        discussion: """
            Lists the registrations used (with source file and line), retractions applied, late \
            registrations, the spells formed and the days bridged, each spell's length against the \
            threshold, how every date was classified and why, FTE per day, and the resulting short \
            days, long days, FTE days lost and available. --format json gives the same for the web.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @OptionGroup var workspace: WorkspaceOption
    @Option(help: ArgumentHelp("The pseudonymous employee id, e.g. E0012345.", valueName: "id")) var employee: String
    @Option(help: ArgumentHelp("The month.", valueName: "yyyy-mm")) var month: String
    @Option(help: ArgumentHelp("Definition version (default: current), e.g. sick-leave@2.", valueName: "ref"))
    var definition: String?
    @Option(help: "Output format.") var format: OutputFormat = .text

    func validate() throws {
        guard YearMonth(text: month) != nil else {
            throw ValidationError("--month '\(month)' is not a month. Write it as yyyy-mm, e.g. --month 2024-03.")
        }
    }

    func run() throws {
        let store = try warehouse.open()
        let chosen = try resolveDefinition(definition, in: try loadSickLeaveDefinitions(try workspace.resolve()))
        let build = SickLeaveBuild(warehouse: store)
        guard let (input, tree) = try build.input(employeeId: employee) else {
            throw CLIError(
                "The warehouse has no employment or absence data for employee '\(employee)'. Check the id (pseudonymous, e.g. E0012345)."
            )
        }
        let engine = SickLeaveEngine(
            definition: chosen, units: tree, through: try build.horizon(fallback: todayInCopenhagen()))
        let explanation = engine.explain(input, month: YearMonth(text: month)!)
        say(format == .json ? try jsonText(explanation) : explanation.renderText())
    }
}
