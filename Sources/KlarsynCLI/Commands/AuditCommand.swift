import ArgumentParser
import Foundation
import KlarsynWeb

/// `klarsyn audit`: check the web workbench's hash-chained look-up log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log of person-level look-ups, exports and refusals.",
        subcommands: [Verify.self],
        defaultSubcommand: Verify.self
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every hash of the audit log and check every link; exit 1 at the first broken entry.",
            discussion: """
                Prints the number of entries and the hash of the last one. Write the head hash down \
                somewhere else (a ticket, a daily mail): entries cut off the end of the log can only \
                be noticed against an earlier head.
                """)
        @OptionGroup var warehouse: WarehouseOption

        func run() throws {
            let result = try AuditLog(warehouse: try warehouse.open()).verify()
            if let problem = result.problem {
                throw CLIError(
                    "The audit log of \(warehouse.warehouse) has been changed: \(problem). Keep the file as evidence and restore the log from a backup.",
                    code: "audit.chain-broken")
            }
            say("Audit log: \(result.entries) entries, the hash chain holds. Head: \(result.head)")
        }
    }
}
