import ArgumentParser
import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynReconcile
import KlarsynStore
import KlarsynWorkspace

/// `klarsyn reconcile`: Klarsyn's sick leave beside the payroll vendor's figures, with every
/// difference put in a category, and the baseline decisions that make a category a known difference.
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile Klarsyn's sick leave with the payroll vendor's figures (pdc_sickleave).",
        discussion: """
            Pairs every (metric, employee, month) for short_days, long_days and their total, \
            Δ = Klarsyn − vendor, with tolerances from reconciliation/sick-leave.toml; puts each \
            difference in a category by versioned rules; shows case samples with Klarsyn's \
            explanation, a random check of agreeing pairs, the figures as known at the vendor's \
            cut-off, a hypothesis sweep over definition variants, baseline decisions and the trend. \
            The run and its pairs are appended to recon_run/recon_pair (once per distinct input).

            Exit status: 0 within the agreed thresholds; 1 new unexplained differences (or a known \
            difference drifted); 2 bad input (the message names file, line and field).
            """,
        subcommands: [Run.self, Decide.self],
        defaultSubcommand: Run.self
    )

    /// Bad input: the message on standard error, exit status 2.
    static func badInput(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        return ExitCode(2)
    }

    static func open(_ path: String) throws -> Warehouse {
        guard FileManager.default.fileExists(atPath: path) else {
            throw badInput(
                "There is no warehouse at '\(path)'. Load one first with `klarsyn ingest --warehouse \(path) --inbox DIR`, or check the path."
            )
        }
        do {
            let w = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
            try ReconcileStore.prepare(w)
            return w
        } catch {
            throw badInput(String(describing: error))
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Reconcile and print the report (the default subcommand).")

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

        @Option(help: ArgumentHelp("The warehouse file.", valueName: "file")) var warehouse: String
        @Option(
            help: ArgumentHelp(
                "The workspace folder (its reconciliation/sick-leave.toml); default: the built-in workspace.",
                valueName: "dir"))
        var workspace: String?
        @Option(
            help: ArgumentHelp("Definition version instead of the settings' (e.g. sick-leave@2).", valueName: "ref"))
        var definition: String?
        @Option(help: ArgumentHelp("First month compared (overrides [period]).", valueName: "yyyy-mm")) var from:
            String?
        @Option(help: ArgumentHelp("Last month compared (overrides [period]).", valueName: "yyyy-mm")) var to: String?
        @Option(
            help: ArgumentHelp("The day that decides the current definition (default: today).", valueName: "yyyy-mm-dd")
        )
        var today: String?
        @Option(help: "Output format: text, json, or csv (csv writes files into --output DIR).") var format: Format =
            .text
        @Option(
            help: ArgumentHelp(
                "Write the report here (a folder for csv) instead of standard output.", valueName: "path"))
        var output: String?
        @Flag(help: "Leave out the hypothesis sweep (faster).") var noSweep = false
        @Flag(help: "Do not append the run to recon_run/recon_pair.") var noRecord = false

        func run() throws {
            var day = todayInCopenhagen()
            if let today {
                guard let d = CalendarDay(iso: today) else {
                    throw ReconcileCommand.badInput("--today '\(today)' is not a date; write it as yyyy-mm-dd.")
                }
                day = d
            }
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, YearMonth(text: value) == nil {
                    throw ReconcileCommand.badInput(
                        "\(name) '\(value)' is not a month; write it as yyyy-mm, e.g. 2024-03.")
                }
            }
            if format == .csv, output == nil {
                throw ReconcileCommand.badInput("--format csv writes several files: give a folder with --output DIR.")
            }
            let ws: Workspace
            do {
                ws = try Workspace.resolve(workspace.map { URL(filePath: $0, directoryHint: .isDirectory) })
            } catch {
                throw ReconcileCommand.badInput(error.description)
            }
            var config: ReconcileConfig
            do {
                config = try ReconcileConfig.load(workspaceRoot: ws.root)
            } catch {
                throw ReconcileCommand.badInput(error.description)
            }
            if let from { config.periodFrom = from }
            if let to { config.periodTo = to }
            let definitions = try loadSickLeaveDefinitions(ws)
            let store = try ReconcileCommand.open(warehouse)
            let report: ReconcileReport
            do {
                report = try Reconciler(warehouse: store, definitions: definitions, config: config)
                    .run(today: day, definitionOverride: definition, sweep: !noSweep)
            } catch let e as ReconcileInputError {
                throw ReconcileCommand.badInput(e.description)
            }
            if !noRecord { try ReconcileStore.append(report, to: store) }
            switch format {
            case .text: try emit(ReportRenderer.text(report))
            case .json: try emit(ReportRenderer.json(report))
            case .csv:
                let dir = URL(commandLinePath: output!, isDirectory: true)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                for file in ReportRenderer.csv(report) {
                    try Data(file.text.utf8).write(to: dir.appending(path: file.name))
                }
                say("Wrote \(ReportRenderer.csv(report).count) CSV files into \(output!) (run \(report.runId)).")
            }
            if report.exitCode != 0 { throw ExitCode(Int32(report.exitCode)) }
        }

        func emit(_ text: String) throws {
            if let output {
                try Data(text.utf8).write(to: URL(commandLinePath: output))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide",
            abstract: "Record a baseline decision: a mismatch category becomes a known difference.",
            discussion: """
                Appends to recon_decision (never changed afterwards; a later decision on the same \
                category replaces it in reports). The category's size in the latest recorded run is \
                stored, so that a later run flags the known difference when its size drifts.
                """)

        @Option(help: ArgumentHelp("The warehouse file.", valueName: "file")) var warehouse: String
        @Option(
            help: ArgumentHelp(
                "The category (\(MismatchCategory.allCases.map(\.rawValue).joined(separator: ", "))).",
                valueName: "name"))
        var category: String
        @Option(help: "What the decision covers, e.g. \"all units, 2024\".") var scope: String
        @Option(help: "The vendor's definition as presumed, e.g. the sweep's best variant.") var presumed: String
        @Option(help: "The definition Klarsyn keeps, e.g. sick-leave@1.") var chosen: String
        @Option(name: .customLong("approved-bi"), help: "Approver from the BI unit (role or initials).") var approvedBI:
            String
        @Option(name: .customLong("approved-hr"), help: "Approver from HR (role or initials).") var approvedHR: String
        @Option(help: ArgumentHelp("Date of the decision.", valueName: "yyyy-mm-dd")) var date: String
        @Option(help: "A note on the impact, added to the computed one.") var impact: String?

        func run() throws {
            guard let cat = MismatchCategory(rawValue: category) else {
                throw ReconcileCommand.badInput(
                    "--category '\(category)' is not a category; use one of \(MismatchCategory.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            guard CalendarDay(iso: date) != nil else {
                throw ReconcileCommand.badInput("--date '\(date)' is not a date; write it as yyyy-mm-dd.")
            }
            for (name, value) in [
                ("--scope", scope), ("--presumed", presumed), ("--chosen", chosen), ("--approved-bi", approvedBI),
                ("--approved-hr", approvedHR),
            ]
            where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ReconcileCommand.badInput("\(name) is empty; a baseline decision needs it.")
            }
            let store = try ReconcileCommand.open(warehouse)
            let size = try store.read { db -> (String, Int, Fixed4, Fixed4)? in
                guard let run = try String.fetchOne(db, sql: "SELECT run_id FROM recon_run ORDER BY seq DESC LIMIT 1")
                else {
                    return nil
                }
                var pairs = 0
                var days = Fixed4.zero
                for row in try Row.fetchAll(
                    db, sql: "SELECT delta, vendor, in_house FROM recon_pair WHERE run_id = ? AND category = ?",
                    arguments: [run, cat.rawValue])
                {
                    pairs += 1
                    let text = (row[0] as String?) ?? (row[1] as String?) ?? (row[2] as String?) ?? "0"
                    days += (Fixed4(text: text) ?? .zero).magnitude
                }
                var vendorTotal = Fixed4.zero
                for text in try String?.fetchAll(
                    db, sql: "SELECT vendor FROM recon_pair WHERE run_id = ? AND metric = 'total'", arguments: [run])
                {
                    vendorTotal += text.flatMap { Fixed4(text: $0) } ?? .zero
                }
                return (run, pairs, days, vendorTotal)
            }
            guard let size else {
                throw ReconcileCommand.badInput(
                    "no reconciliation run is recorded in '\(warehouse)': run `klarsyn reconcile --warehouse \(warehouse)` first, so that the decision records the category's size."
                )
            }
            let share =
                size.3.scaled > 0 ? String(format: "%.2f", Double(size.2.scaled) / Double(size.3.scaled) * 100) : "–"
            var impactText =
                "\(size.1) pairs, Σ|Δ| \(size.2) days over all metrics = \(share) % of the vendor's \(size.3) total days in run \(size.0)"
            if let impact { impactText += "; " + impact }
            let id = try ReconcileStore.record(
                BaselineDecision(
                    category: cat, scope: scope, presumedVendorDefinition: presumed, chosenDefinition: chosen,
                    impact: impactText, approvedByBI: approvedBI, approvedByHR: approvedHR, decidedOn: date,
                    basedOnRun: size.0, pairsAtDecision: size.1, daysAtDecision: size.2),
                in: store)
            say("Recorded decision D\(id): \(cat.title) is a known difference (\(impactText)).")
        }
    }
}
