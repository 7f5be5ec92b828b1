import ArgumentParser
import Foundation
import GRDB
import KlarsynBuild
import KlarsynStore
import KlarsynWeb

/// `klarsyn accounts`: the web workbench's local accounts (decision 0082), kept in the warehouse.
///
/// Passwords never travel on the command line (where `ps` and shell history would show them):
/// `add` reads the password from standard input.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List, add, disable and enable the web workbench's local accounts.",
        discussion: """
            Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). A unit manager needs \
            --unit (the account sees that unit and everything under it); an intern or an intern \
            supervisor needs --subject (the intern id, or the supervisor's employee id).
            """,
        subcommands: [List.self, Add.self, Disable.self, Enable.self, Demo.self],
        defaultSubcommand: List.self
    )

    /// Opens the warehouse with the web tables (accounts, sessions, audit log) migrated.
    static func open(_ option: WarehouseOption) throws -> Warehouse {
        guard FileManager.default.fileExists(atPath: option.warehouse) else {
            throw CLIError(
                "There is no warehouse at '\(option.warehouse)'. Make one with `klarsyn ingest` and `klarsyn build`, or check the path."
            )
        }
        do {
            return try Warehouse.open(
                path: option.warehouse,
                migrations: WarehouseMigrations.all + CatalogueMigrations.all + WebMigrations.all)
        } catch {
            throw CLIError(String(describing: error))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (never a password or hash).")
        @OptionGroup var warehouse: WarehouseOption

        func run() throws {
            let repository = AccountRepository(warehouse: try AccountsCommand.open(warehouse))
            let accounts = try repository.all()
            let disabled = try repository.disabledLogins()
            if accounts.isEmpty {
                say("No accounts yet. Add one with `klarsyn accounts add --warehouse \(warehouse.warehouse) --login … --name … --role …`.")
                return
            }
            for a in accounts {
                let scope = [a.unitID.map { "unit \($0) and below" }, a.subjectID.map { "subject \($0)" }]
                    .compactMap { $0 }.joined(separator: ", ")
                say(
                    "\(a.login.padding(toLength: 14, withPad: " ", startingAt: 0)) \(a.role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(a.displayName)\(scope.isEmpty ? "" : " — " + scope)\(disabled.contains(a.login) ? " (disabled)" : "")"
                )
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account, or replace one with the same login; the password is read from standard input.",
            discussion: """
                Example: printf '%s\\n' "$PASSWORD" | klarsyn accounts add --warehouse region.sqlite \
                --login a.hansen --name "Anne Hansen" --role unit-manager --unit U0042
                """)
        @OptionGroup var warehouse: WarehouseOption
        @Option(help: "The sign-in name: 1–64 letters, digits, '.', '-' or '_'.") var login: String
        @Option(help: "The name shown in the page header.") var name: String
        @Option(help: ArgumentHelp("The role.", valueName: Role.allCases.map(\.rawValue).joined(separator: "|")))
        var role: String
        @Option(help: "For a unit manager: the unit id the account manages (it sees the unit and everything under it).")
        var unit: String?
        @Option(help: "For an intern: the intern id; for an intern supervisor: the supervisor's employee id.")
        var subject: String?

        /// The shortest password accepted (a passphrase of a few words is long enough).
        static let minimumPasswordLength = 12

        func validate() throws {
            guard (1...64).contains(login.count),
                login.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else {
                throw ValidationError(
                    "--login '\(login)' is not a sign-in name: use 1–64 letters, digits, '.', '-' or '_' (e.g. a.hansen).")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--name is empty: give the name to show in the page header, e.g. \"Anne Hansen\".")
            }
            guard Role(rawValue: role) != nil else {
                throw ValidationError(
                    "--role '\(role)' is not a role. Use one of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            guard let role = Role(rawValue: role) else { return }
            let store = try AccountsCommand.open(warehouse)
            if role == .unitManager {
                guard let unit else {
                    throw CLIError("A unit manager needs --unit: the id of the unit the account manages (e.g. --unit U0042).")
                }
                let known = try store.read { db in
                    try db.tableExists("org_unit")
                        ? try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM org_unit WHERE unit_id = ?)", arguments: [unit])
                            ?? false
                        : false
                }
                guard known else {
                    throw CLIError(
                        "--unit '\(unit)' is not a unit of the built model (org_unit). Check the id with `klarsyn query --warehouse \(warehouse.warehouse) \"SELECT unit_id, unit_name FROM org_unit\"`, or run `klarsyn build` first."
                    )
                }
            } else if unit != nil {
                throw CLIError("--unit is only for a unit manager; a \(role.rawValue) is not scoped to a unit. Leave it out.")
            }
            if role == .intern || role == .internSupervisor {
                guard subject != nil else {
                    throw CLIError(
                        "A\(role == .intern ? "n intern" : "n intern supervisor") needs --subject: \(role == .intern ? "the intern id" : "the supervisor's employee id") whose data the account sees."
                    )
                }
            } else if subject != nil {
                throw CLIError("--subject is only for an intern or an intern supervisor. Leave it out.")
            }
            let password = try Self.readPassword()
            let repository = AccountRepository(warehouse: store)
            let existed = try repository.all().contains { $0.login == login }
            do {
                try repository.upsert(
                    AccountRecord(login: login, displayName: name, role: role, unitID: unit, subjectID: subject),
                    password: password)
            } catch {
                throw CLIError(String(describing: error))
            }
            say("\(existed ? "Replaced" : "Added") account '\(login)' (\(role.rawValue)).")
        }

        /// The first line of standard input, checked for length; never echoed or logged.
        static func readPassword() throws -> String {
            guard let line = Swift.readLine(strippingNewline: true) else {
                throw CLIError(
                    "No password on standard input. Pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | klarsyn accounts add …` — never on the command line."
                )
            }
            guard line.count >= minimumPasswordLength else {
                throw CLIError(
                    "The password is \(line.count) characters; use at least \(minimumPasswordLength) (a passphrase of a few words is fine).")
            }
            guard line.utf8.count <= PasswordHash.maxPasswordLength else {
                throw CLIError("The password is longer than \(PasswordHash.maxPasswordLength) bytes; use a shorter one.")
            }
            return line
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop an account from signing in (an open session lasts until its time-out, at most 8 hours, or a restart).")
        @OptionGroup var warehouse: WarehouseOption
        @Argument(help: "The login.") var login: String

        func run() throws {
            try AccountsCommand.setDisabled(warehouse, login, true)
            say("Account '\(login)' is disabled.")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")
        @OptionGroup var warehouse: WarehouseOption
        @Argument(help: "The login.") var login: String

        func run() throws {
            try AccountsCommand.setDisabled(warehouse, login, false)
            say("Account '\(login)' is enabled.")
        }
    }

    static func setDisabled(_ warehouse: WarehouseOption, _ login: String, _ disabled: Bool) throws {
        guard try AccountRepository(warehouse: try open(warehouse)).setDisabled(login, disabled) else {
            throw CLIError(
                "There is no account '\(login)'. See the accounts with `klarsyn accounts list --warehouse \(warehouse.warehouse)`.")
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the demo accounts (password klarsyn-demo) in a built warehouse, as `klarsyn demo` does.",
            discussion: "For demonstrations and benchmarks on loopback only; never on a warehouse with real data.")
        @OptionGroup var warehouse: WarehouseOption

        func run() throws {
            let accounts: [AccountRecord]
            do {
                accounts = try DemoAccounts.install(in: try AccountsCommand.open(warehouse))
            } catch {
                throw CLIError("Could not create the demo accounts: \(error)")
            }
            say("Demo accounts (password for all: \(DemoAccounts.password)): \(accounts.map(\.login).joined(separator: ", ")).")
        }
    }
}
