import ArgumentParser
import KlarsynBuild

/// `klarsyn lineage TABLE.COLUMN`: where a column comes from, or what it feeds.
struct LineageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Show a column's lineage: up to the source files' headers, or down to everything it feeds.",
        discussion: """
            Lineage is computed from the models' SQL at build time. Each step says how a column \
            derives from the one above it: copied, transformed, aggregated, or used as a filter, \
            join key or group key.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @Argument(help: ArgumentHelp("The column, as TABLE.COLUMN (e.g. employment.fte).", valueName: "table.column"))
    var target: String
    /// Which way to walk, as flags.
    enum Direction: String, EnumerableFlag {
        case upstream, downstream
        var walk: LineageWalk.Direction { self == .upstream ? .upstream : .downstream }
        static func help(for value: Direction) -> ArgumentHelp? {
            value == .upstream ? "Walk towards the sources (default)." : "Walk towards everything the column feeds."
        }
    }

    @Flag var direction: Direction = .upstream
    @Option(help: "Output format.") var format: OutputFormat = .text

    func validate() throws {
        guard target.split(separator: ".").count == 2 else {
            throw ValidationError("Give the column as TABLE.COLUMN, e.g. `klarsyn lineage employment.fte`.")
        }
    }

    func run() throws {
        let parts = target.split(separator: ".").map(String.init)
        let steps: [LineageWalk.Step]
        do {
            steps = try LineageWalk.walk(
                warehouse: try warehouse.open(), table: parts[0], column: parts[1], direction: direction.walk)
        } catch let error as LineageError {
            throw CLIError(error.description)
        }
        if format == .json {
            say(try jsonText(steps))
            return
        }
        say("\(target) (\(direction.rawValue))")
        if steps.isEmpty { say("  (nothing: \(direction == .upstream ? "a source column" : "no model uses it"))") }
        for step in steps {
            var line = String(repeating: "  ", count: step.depth) + "← \(step.kind): \(step.table).\(step.column)"
            if direction == .downstream {
                line = String(repeating: "  ", count: step.depth) + "→ \(step.kind): \(step.table).\(step.column)"
            }
            if let header = step.sourceHeader, let source = step.source {
                line += "   [source \(source), header \"\(header)\"]"
            }
            say(line)
        }
    }
}
