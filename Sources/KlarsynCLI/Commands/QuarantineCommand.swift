import ArgumentParser
import Foundation
import KlarsynIngest
import KlarsynWorkspace

/// `klarsyn quarantine`: review what ingest could not use, and re-check it.
struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Review quarantined rows (what ingest could not use, and why) and re-check them.",
        subcommands: [List.self, Show.self, Replay.self, Resolve.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List quarantined rows: file, line, rule, column, observed value, reason.")
        @OptionGroup var warehouse: WarehouseOption
        @Option(help: "Status: open, fixed, replayed, waived, or all.") var status: String = "open"
        @Option(help: "Only this source, e.g. psc_shifts.") var source: String?
        @Option(help: "Only this file name.") var file: String?
        @Option(help: "Only this rule.") var rule: String?
        @Option(help: "At most this many rows.") var limit: Int = 100
        @Flag(help: "Counts per source, rule and status instead of rows.") var summary = false
        @Option(help: "Output format.") var format: OutputFormat = .text

        func validate() throws {
            guard status == "all" || QuarantineStatus(rawValue: status) != nil else {
                throw ValidationError("--status '\(status)' is not a status. Use open, fixed, replayed, waived or all.")
            }
        }

        func run() throws {
            let review = QuarantineReview(warehouse: try warehouse.open())
            if summary {
                let rows = try review.summary()
                if format == .json { say(QuarantineReview.renderJSON(rows)); return }
                for r in rows { say("\(r)") }
                return
            }
            let entries = try review.list(
                QuarantineFilter(
                    status: QuarantineStatus(rawValue: status), source: source, fileName: file, rule: rule, limit: limit
                ))
            say(format == .json ? QuarantineReview.renderJSON(entries) : QuarantineReview.renderList(entries))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one quarantined row in full, with its raw line.")
        @OptionGroup var warehouse: WarehouseOption
        @Argument(help: "The quarantine id (first column of `klarsyn quarantine list`).") var id: Int64
        @Option(help: "Output format.") var format: OutputFormat = .text

        func run() throws {
            guard let entry = try QuarantineReview(warehouse: try warehouse.open()).entry(id: id) else {
                throw CLIError("There is no quarantined row with id \(id). List them with `klarsyn quarantine list`.")
            }
            say(format == .json ? QuarantineReview.renderJSON(entry) : QuarantineReview.renderShow(entry))
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check open rows that later data can fix (e.g. shifts of an employee HR now knows).")
        @OptionGroup var warehouse: WarehouseOption
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Output format.") var format: OutputFormat = .text

        func run() throws {
            let store = try warehouse.open()
            let contracts = try loadContracts(try workspace.resolve())
            let report = try Ingestor(warehouse: store, contracts: contracts).replayQuarantine()
            if format == .json { say(QuarantineReview.renderJSON(report)); return }
            say(
                "Re-checked \(report.checked) quarantined rows: \(report.accepted) accepted into staging, \(report.stillOpen) still open."
            )
            for (source, count) in report.acceptedBySource.sorted(by: { $0.key < $1.key }) {
                say("  \(source): \(count) accepted")
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Mark quarantined rows as fixed (corrected in a later delivery) or waived (accepted as lost), with a note."
        )
        @OptionGroup var warehouse: WarehouseOption
        @Argument(help: "Quarantine ids.") var ids: [Int64]
        @Option(help: "fixed or waived.") var status: String
        @Option(help: "Why (kept with the row).") var note: String

        func validate() throws {
            guard status == "fixed" || status == "waived" else {
                throw ValidationError("--status must be fixed or waived.")
            }
        }

        func run() throws {
            let changed = try QuarantineReview(warehouse: try warehouse.open())
                .resolve(ids: ids, as: QuarantineStatus(rawValue: status)!, note: note)
            say("Marked \(changed) row\(changed == 1 ? "" : "s") as \(status).")
        }
    }
}
