import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynWeb

/// `klarsyn migrate`: moving reports from one data-model version to the next.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move reports to a newer data-model version: status, re-link with a tile diff, sign-off, retire.",
        subcommands: [Status.self, Relink.self, SignOff.self, Retire.self],
        defaultSubcommand: Status.self
    )

    static func migration(_ warehouse: WarehouseOption, _ workspace: WorkspaceOption) throws -> ReportMigration {
        do {
            return try ReportMigration(warehouse: try warehouse.open(), workspace: try workspace.resolve())
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(String(describing: error))
        }
    }

    static func text(_ s: ReportMigrationState) -> [String] {
        var lines = ["\(s.report)  pinned \(s.pinned) → \(s.target)  \(s.status.rawValue)  (owner: \(s.owner))"]
        for d in s.diffs {
            var line = "    \(d.tile): \(d.outcome.rawValue)"
            if d.outcome == .different {
                line += String(
                    format: " — %d of %d cells, Σ|Δ| %.2f (%.1f %%)", d.cellsDiffering, d.cells, d.totalAbsDifference,
                    d.relativePct)
                if !d.topUnits.isEmpty {
                    line +=
                        "; units "
                        + d.topUnits.map { String(format: "%@ %.2f", $0.key, $0.absDifference) }.joined(separator: ", ")
                }
                if !d.topMonths.isEmpty {
                    line +=
                        "; months "
                        + d.topMonths.map { String(format: "%@ %.2f", $0.key, $0.absDifference) }.joined(
                            separator: ", ")
                }
            } else if !d.note.isEmpty {
                line += " — \(d.note)"
            }
            if let signOff = s.signOffs[d.tile] { line += "  [signed off by \(signOff.role): \(signOff.explanation)]" }
            lines.append(line)
        }
        return lines
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Every report with its pinned version, its status (pending → re-linked → verified) and its tile diffs.")
        @OptionGroup var warehouse: WarehouseOption
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let migration = try MigrateCommand.migration(warehouse, workspace)
            say("versions: " + migration.versions.versions.map { "\($0.id) (\($0.status))" }.joined(separator: ", "))
            do {
                for state in try migration.states() { say(MigrateCommand.text(state).joined(separator: "\n")) }
            } catch { throw CLIError(String(describing: error)) }
        }
    }

    struct Relink: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-link a report to the newest version through its column map and diff every tile.")
        @OptionGroup var warehouse: WarehouseOption
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The report id.") var report: String

        func run() throws {
            let migration = try MigrateCommand.migration(warehouse, workspace)
            do {
                let state = try migration.relink(report: report)
                say(MigrateCommand.text(state).joined(separator: "\n"))
                if state.status == .verified {
                    say("Verified: set model_version = \"\(state.target)\" in \(state.file).")
                } else {
                    say(
                        "Sign off each different tile: klarsyn migrate sign-off \(report) TILE --role ROLE --explanation TEXT"
                    )
                }
            } catch let error as MigrationError {
                throw CLIError(error.description)
            }
        }
    }

    struct SignOff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-off", abstract: "Record a role's explanation of a tile's difference.")
        @OptionGroup var warehouse: WarehouseOption
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The report id.") var report: String
        @Argument(help: "The tile id.") var tile: String
        @Option(help: "The role signing off, e.g. \"HR partner\" (a role, never a person's name).") var role: String
        @Option(help: "Why the tile's figures differ.") var explanation: String

        func run() throws {
            let migration = try MigrateCommand.migration(warehouse, workspace)
            do {
                let state = try migration.signOff(report: report, tile: tile, role: role, explanation: explanation)
                say(MigrateCommand.text(state).joined(separator: "\n"))
            } catch let error as MigrationError {
                throw CLIError(error.description)
            }
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a model version: refused while any report is pinned to it.")
        @OptionGroup var warehouse: WarehouseOption
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The version, e.g. hr@1.") var version: String

        func run() throws {
            let migration = try MigrateCommand.migration(warehouse, workspace)
            do {
                let dropped = try migration.retire(version)
                say("Retired \(version): dropped \(dropped.count) tables and views.")
                if let v = migration.versions.resolve(version), v.id.number > 1, v.status != "retired" {
                    say("Set `status: retired` in \(v.folder)/version.yml, or the next build builds \(version) again.")
                }
            } catch let error as MigrationError {
                throw CLIError(error.description)
            }
        }
    }
}
