import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynWeb

/// `klarsyn impact`: what a model change would touch, before anything is built.
struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "List the downstream columns and report tiles a model change touches, before it is built.",
        discussion: """
            Without --column, compares every models/*.sql of the workspace with the SQL of the last \
            build in the warehouse: a column gone is dropped, or renamed / moved (a split) when another \
            output column has the same lineage; for columns kept, the old and the new SQL run on the \
            current data and the values that differ are counted per column. With --column \
            TABLE.COLUMN --drop or --rename NEW, analyses that change instead.

            Tiles that read a changed column by name break; tiles whose measure, filter or grouping \
            depends on a column whose values change are marked "values may change"; the rest are \
            untouched. Nothing is written to the warehouse.

            Exit codes: 0 no published report breaks; 1 the analysis failed; 2 a published report \
            would break.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @OptionGroup var workspace: WorkspaceOption
    @Option(
        help: ArgumentHelp("A column to change, as TABLE.COLUMN (with --drop or --rename).", valueName: "table.column"))
    var column: String?
    @Flag(help: "Analyse dropping --column.") var drop = false
    @Option(help: ArgumentHelp("Analyse renaming --column to this name.", valueName: "new-name")) var rename: String?
    @Option(help: "Output format.") var format: OutputFormat = .text

    func validate() throws {
        if let column {
            guard column.split(separator: ".").count == 2 else {
                throw ValidationError("Give --column as TABLE.COLUMN, e.g. --column employment.unit_id.")
            }
            guard drop != (rename != nil) else {
                throw ValidationError("With --column, give exactly one of --drop or --rename NEW.")
            }
        } else if drop || rename != nil {
            throw ValidationError("--drop and --rename need --column TABLE.COLUMN.")
        }
    }

    func run() throws {
        let store = try warehouse.open()
        let ws = try workspace.resolve()
        let reports: [ReportDefinition]
        do {
            reports = ReportPins.resolve(try ReportLoader.load(workspace: ws), workspace: ws)
        } catch {
            throw CLIError(String(describing: error))
        }
        let change: ModelChange
        if let column {
            let parts = column.split(separator: ".").map(String.init)
            change =
                rename.map { .rename(table: parts[0], column: parts[1], to: $0) }
                ?? .drop(table: parts[0], column: parts[1])
        } else {
            change = .editedModels
        }
        let report: ImpactReport
        do {
            report = try ImpactAnalysis(warehouse: store, workspace: ws).analyse(
                change, tiles: reports.flatMap(\.impactTiles))
        } catch let error as BuildError {
            throw CLIError(error.description)
        }
        if format == .json {
            say(try jsonText(report))
        } else {
            say(Self.text(report))
        }
        if report.publishedReportBreaks { throw ExitCode(2) }
    }

    static func text(_ report: ImpactReport) -> String {
        var lines: [String] = []
        let shown = report.changes.filter { $0.kind != .sameValues }
        lines.append(shown.isEmpty ? "No column changes (the models match the last build)." : "Changes:")
        for c in report.changes {
            let name = "  \(c.table).\(c.column): "
            switch c.kind {
            case .dropped: lines.append(name + "dropped")
            case .renamed: lines.append(name + "renamed to \(c.to ?? "?")")
            case .moved: lines.append(name + "moved to \(c.to ?? "?") (split)")
            case .added: lines.append(name + "added")
            case .changed:
                lines.append(name + "\(c.valuesChanged ?? 0) of \(c.rowsCompared ?? 0) values differ on current data")
            case .sameValues: break
            }
        }
        let same = report.changes.filter { $0.kind == .sameValues }
        if !same.isEmpty {
            lines.append(
                "  unchanged values on current data: " + same.map { "\($0.table).\($0.column)" }.joined(separator: ", ")
            )
        }
        if !report.newModels.isEmpty { lines.append("  new models: " + report.newModels.joined(separator: ", ")) }
        lines.append("")
        lines.append(report.downstream.isEmpty ? "Downstream columns: none." : "Downstream columns:")
        for d in report.downstream {
            lines.append("  \(d.breaks ? "breaks " : "values ") \(d.column)  ← \(d.via)")
        }
        lines.append("")
        lines.append("Report tiles:")
        for t in report.tiles where t.effect != .untouched {
            let label = t.effect == .breaks ? "BREAKS" : "VALUES MAY CHANGE"
            lines.append(
                "  \(label): \(t.file) tile '\(t.tile)' (owner: \(t.owner)\(t.published ? "" : ", draft"))")
            for r in t.reasons { lines.append("      \(r)") }
        }
        let untouched = report.tiles.filter { $0.effect == .untouched }
        lines.append("  untouched: \(untouched.count) tile\(untouched.count == 1 ? "" : "s")")
        lines.append("")
        lines.append(
            report.publishedReportBreaks
                ? "A published report would break: fix the tiles or the change before building."
                : "No published report breaks.")
        return lines.joined(separator: "\n")
    }
}
