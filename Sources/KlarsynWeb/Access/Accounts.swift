import Foundation
import GRDB
public import KlarsynStore

/// Local accounts, kept in the warehouse next to the audit log (decision 0083): the password
/// hashes never go into the workspace (which lives in git), and `klarsyn demo` can create the
/// demo accounts from ids in the data it generated.
public struct AccountRecord: Sendable, Equatable {
    /// The account name typed at sign-in.
    public var login: String
    /// Shown in the page header.
    public var displayName: String
    /// The account's role.
    public var role: Role
    /// The unit whose subtree the account may see (`nil` = the whole tree, for roles with data).
    public var unitID: String?
    /// An intern's `intern_id`, or an intern supervisor's `employee_id`.
    public var subjectID: String?

    /// Creates an account record.
    public init(login: String, displayName: String, role: Role, unitID: String? = nil, subjectID: String? = nil) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.unitID = unitID
        self.subjectID = subjectID
    }
}

/// Reads and writes `web_accounts`, and turns an account into a ``User`` with its scope.
public struct AccountRepository: Sendable {
    let warehouse: Warehouse

    /// Opens the account table of a warehouse (the web migrations must have run).
    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    /// The accounts table.
    static let migration = WarehouseMigration("web-accounts-v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE web_accounts (
                    login          TEXT PRIMARY KEY,
                    display_name   TEXT NOT NULL,
                    role           TEXT NOT NULL,
                    unit_id        TEXT,
                    subject_id     TEXT,
                    password_hash  TEXT NOT NULL,
                    created_at     TEXT NOT NULL,
                    disabled       INTEGER NOT NULL DEFAULT 0
                );
                """)
    }

    /// Creates or replaces an account with a new password.
    public func upsert(_ account: AccountRecord, password: String, rounds: Int = PasswordHash.defaultRounds) throws {
        guard account.role != .unitManager || account.unitID != nil else {
            throw AccessError("A unit manager account needs a unit (`unit_id`); '\(account.login)' has none.")
        }
        guard account.role != .intern && account.role != .internSupervisor || account.subjectID != nil else {
            throw AccessError("An intern or intern-supervisor account needs a subject id; '\(account.login)' has none.")
        }
        let hash = try PasswordHash.make(password, rounds: rounds)
        let now = ISO8601DateFormatter().string(from: Date())
        try warehouse.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO web_accounts (login, display_name, role, unit_id, subject_id, password_hash, created_at, disabled)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    account.login, account.displayName, account.role.rawValue, account.unitID, account.subjectID, hash,
                    now,
                ])
        }
    }

    /// The user for a login and password, or `nil`. The password is checked even when the account
    /// does not exist, so the time taken does not tell which was wrong.
    func authenticate(login: String, password: String) async throws -> User? {
        guard login.count <= 64, password.utf8.count <= PasswordHash.maxPasswordLength else { return nil }
        let found: (record: AccountRecord, hash: String)? = try await warehouse.dbQueue.read { db in
            guard
                let r = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT login, display_name, role, unit_id, subject_id, password_hash FROM web_accounts WHERE login = ? AND disabled = 0",
                    arguments: [login]),
                let role = Role(rawValue: r["role"])
            else { return nil }
            return (
                AccountRecord(
                    login: r["login"], displayName: r["display_name"], role: role, unitID: r["unit_id"],
                    subjectID: r["subject_id"]), r["password_hash"]
            )
        }
        guard let found else {
            _ = PasswordHash.verify(password, against: PasswordHash.decoy)
            return nil
        }
        guard PasswordHash.verify(password, against: found.hash) else { return nil }
        let record = found.record
        return try await user(for: record)
    }

    /// The user with the scope resolved against the unit tree as it is now.
    func user(for record: AccountRecord) async throws -> User {
        let scope: AccessScope
        switch record.role {
        case .auditor, .admin: scope = .nothing
        case .intern: scope = .intern(internID: record.subjectID ?? "")
        case .internSupervisor: scope = .supervisor(employeeID: record.subjectID ?? "")
        case .biDeveloper, .hrPartner, .hospitalManager, .unitManager:
            if let unit = record.unitID {
                scope = .units(root: unit, units: try await subtree(of: unit))
            } else {
                scope = .everything
            }
        }
        return User(login: record.login, displayName: record.displayName, role: record.role, scope: scope)
    }

    /// The unit and everything under it, in each unit's latest version of the tree.
    func subtree(of unit: String) async throws -> Set<String> {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("org_unit") else { return [unit] }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT unit_id, parent_id FROM org_unit o
                    WHERE valid_from = (SELECT MAX(valid_from) FROM org_unit p WHERE p.unit_id = o.unit_id)
                    """)
            var children: [String: [String]] = [:]
            for r in rows {
                if let p: String = r["parent_id"] { children[p, default: []].append(r["unit_id"]) }
            }
            var out: Set<String> = [unit]
            var stack = [unit]
            while let u = stack.popLast() {
                for c in children[u] ?? [] where out.insert(c).inserted { stack.append(c) }
            }
            return out
        }
    }

    /// Disables or re-enables an account; a disabled account cannot sign in. A session it already
    /// has lasts until its time-out (30 minutes idle, 8 hours at most) or a server restart.
    /// Returns `false` when there is no account with that login.
    @discardableResult
    public func setDisabled(_ login: String, _ disabled: Bool) throws -> Bool {
        try warehouse.write { db in
            try db.execute(
                sql: "UPDATE web_accounts SET disabled = ? WHERE login = ?", arguments: [disabled ? 1 : 0, login])
            return db.changesCount > 0
        }
    }

    /// Whether each account is disabled, by login.
    public func disabledLogins() throws -> Set<String> {
        try warehouse.read { db in
            Set(try String.fetchAll(db, sql: "SELECT login FROM web_accounts WHERE disabled = 1"))
        }
    }

    /// All accounts (no hashes), ordered by login.
    public func all() throws -> [AccountRecord] {
        try warehouse.read { db in
            try Row.fetchAll(
                db, sql: "SELECT login, display_name, role, unit_id, subject_id FROM web_accounts ORDER BY login"
            ).compactMap { r in
                Role(rawValue: r["role"]).map {
                    AccountRecord(
                        login: r["login"], displayName: r["display_name"], role: $0, unitID: r["unit_id"],
                        subjectID: r["subject_id"])
                }
            }
        }
    }
}

/// A problem with accounts or access set-up, named for the person fixing it.
public struct AccessError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what to do.
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The demo accounts `klarsyn demo` creates, mapped to ids in the generated region.
public enum DemoAccounts {
    /// The one password of every demo account (the demo serves on loopback only).
    public static let password = "klarsyn-demo"

    /// Creates the demo accounts in a built warehouse (opened with ``WebMigrations/all``) and
    /// returns them for printing.
    ///
    /// The intern is the student with the lowest `intern_id` in `intern_placement`; the intern
    /// supervisor supervises that student's first placement; the ward manager manages that
    /// placement's ward, the department manager its department, the hospital manager its hospital.
    public static func install(in warehouse: Warehouse, rounds: Int = PasswordHash.defaultRounds) throws
        -> [AccountRecord]
    {
        let picked: (intern: String, supervisor: String, ward: String)? = try warehouse.read { db in
            guard try db.tableExists("intern_placement") else { return nil }
            return try Row.fetchOne(
                db,
                sql: """
                    SELECT intern_id, supervisor_employee_id, unit_id FROM intern_placement
                    ORDER BY intern_id, placement_start LIMIT 1
                    """
            ).map { ($0["intern_id"], $0["supervisor_employee_id"], $0["unit_id"]) }
        }
        let ancestors: [(String, String)] = try warehouse.read { db in
            guard let ward = picked?.ward, try db.tableExists("org_unit") else { return [] }
            var out: [(String, String)] = []
            var current: String? = ward
            while let u = current, out.count < 10 {
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT unit_id, parent_id, unit_type FROM org_unit WHERE unit_id = ? ORDER BY valid_from DESC LIMIT 1",
                    arguments: [u])
                guard let row else { break }
                out.append((row["unit_id"], row["unit_type"]))
                current = row["parent_id"]
            }
            return out
        }
        let ward = ancestors.first?.0
        let department = ancestors.first { $0.1 == "Afdeling" }?.0
        let hospital = ancestors.first { $0.1 == "Hospital" }?.0
        var accounts: [AccountRecord] = [
            AccountRecord(login: "bi", displayName: "BI-udvikler (demo)", role: .biDeveloper),
            AccountRecord(login: "hr", displayName: "HR-partner (demo)", role: .hrPartner),
            AccountRecord(
                login: "hospital", displayName: "Hospitalsledelse (demo)", role: .hospitalManager, unitID: hospital),
            AccountRecord(login: "revisor", displayName: "Revisor (demo)", role: .auditor),
            AccountRecord(login: "admin", displayName: "Administrator (demo)", role: .admin),
        ]
        if let department {
            accounts.append(
                AccountRecord(
                    login: "afdeling", displayName: "Afdelingsleder (demo)", role: .unitManager, unitID: department))
        }
        if let ward {
            accounts.append(
                AccountRecord(login: "afsnit", displayName: "Afsnitsleder (demo)", role: .unitManager, unitID: ward))
        }
        if let picked {
            accounts.append(
                AccountRecord(
                    login: "vejleder", displayName: "Klinisk vejleder (demo)", role: .internSupervisor,
                    subjectID: picked.supervisor))
            accounts.append(
                AccountRecord(
                    login: "studerende", displayName: "Studerende (demo)", role: .intern, subjectID: picked.intern))
        }
        let repository = AccountRepository(warehouse: warehouse)
        for a in accounts { try repository.upsert(a, password: password, rounds: rounds) }
        return accounts
    }
}
