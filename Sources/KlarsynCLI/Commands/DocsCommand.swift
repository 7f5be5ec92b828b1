import ArgumentParser
import Foundation
import KlarsynBuild

/// `klarsyn docs`: the data model's documentation, and its coverage.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print the data model's documentation as Markdown, or check its coverage with --check.",
        discussion: """
            Coverage is measured on the columns each model really outputs (its SQL is run with \
            LIMIT 0 and rolled back), not on what the sidecar declares. --check exits 1 when any \
            output column has no description or a documented column is not output.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @OptionGroup var workspace: WorkspaceOption
    @Flag(help: "Print coverage per model and fail when it is below 100 %.") var check = false

    func run() throws {
        let store = try warehouse.open()
        let ws = try workspace.resolve()
        if check {
            let coverage: [ModelCoverage]
            do {
                coverage = try DocumentationCoverage.check(warehouse: store, workspace: ws)
            } catch {
                throw CLIError(String(describing: error))
            }
            let width = max(5, coverage.map(\.model.count).max() ?? 0)
            say("model".padding(toLength: width, withPad: " ", startingAt: 0) + "  documented  coverage")
            for c in coverage {
                say(
                    c.model.padding(toLength: width, withPad: " ", startingAt: 0)
                        + String(format: "  %4d / %-4d  %6.1f %%", c.documented, c.outputColumns, c.percent))
            }
            let gaps = coverage.flatMap(\.gaps)
            let total = coverage.reduce(0) { $0 + $1.outputColumns }
            let documented = coverage.reduce(0) { $0 + $1.documented }
            say(
                String(
                    format: "total: %d of %d output columns documented (%.1f %%)", documented, total,
                    total == 0 ? 100 : 100 * Double(documented) / Double(total)))
            for gap in gaps { say("  " + gap.message) }
            if !gaps.isEmpty { throw ExitCode.failure }
            return
        }
        let result = try WarehouseQuery.run(
            """
            SELECT m.model, m.version, m.owner, m.grain, m.description, c.column_name, c.type, c.description
            FROM catalogue_models m JOIN catalogue_columns c ON c.model = m.model ORDER BY m.model, c.position
            """, on: store)
        guard !result.rows.isEmpty else {
            throw CLIError("The catalogue is empty. Run `klarsyn build --warehouse \(warehouse.warehouse)` first.")
        }
        var current = ""
        say("# Data model\n")
        for row in result.rows {
            let model = row[0] ?? ""
            if model != current {
                current = model
                say("\n## \(model) (version \(row[1] ?? ""))\n")
                say("\(row[4] ?? "")\n")
                say("- Grain: \(row[3] ?? "")\n- Owner: \(row[2] ?? "")\n")
                say("| column | type | description |\n|---|---|---|")
            }
            say("| `\(row[5] ?? "")` | \(row[6] ?? "") | \((row[7] ?? "").replacingOccurrences(of: "\n", with: " ")) |")
        }
    }
}
