import Foundation

/// What a signed-in person does in the region; one role per account (decision 0081).
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Builds and checks reports; sees person-level data with a stated purpose (logged).
    case biDeveloper = "bi-developer"
    /// HR business partner; sees person-level data with a stated purpose (logged).
    case hrPartner = "hr-partner"
    /// Hospital or region manager: aggregate reports for the whole tree.
    case hospitalManager = "hospital-manager"
    /// Ward or department manager: aggregate reports for their own unit subtree (as the tree is today).
    case unitManager = "unit-manager"
    /// Supervising nurse: the student views of their own students.
    case internSupervisor = "intern-supervisor"
    /// Student nurse: their own data only.
    case intern
    /// Reads the audit log; sees no figures.
    case auditor
    /// Manages accounts; sees no figures.
    case admin
}

/// What a page may require. Which roles hold which permission is one table, ``Role/permissions``,
/// so the access matrix can be read (and tested) in one place.
public enum Permission: String, CaseIterable, Sendable {
    /// Aggregate report pages, the unit-month explain page, comments (scoped for unit managers).
    case viewReports
    /// Post a comment on a report.
    case comment
    /// Definition pages and the scenario workbench (read).
    case viewDefinitions
    /// Answer a scenario, export the scenario file.
    case answerScenarios
    /// Catalogue and lineage pages (metadata, no rows).
    case viewCatalogue
    /// The ingest quarantine: raw lines, so person-level.
    case reviewQuarantine
    /// Explain down to employee level, employee lists: needs a purpose, every view is logged.
    case viewPersonLevel
    /// Download what a page shows (CSV/XLSX), scoped and suppressed; every export is logged.
    case export
    /// Read the audit log and one employee's look-up history.
    case readAuditLog
    /// Reconciliation pages (issue 8), aggregate.
    case reconcile
    /// Student EHR views: a supervisor sees their own students, an intern only themself (issue 9).
    case viewStudentData
    /// Migration board (issue 10).
    case viewMigration
    /// Manage accounts.
    case manageAccounts
}

extension Role {
    /// The permissions of the role: the access matrix (docs/threat-model.md, decision 0081).
    public var permissions: Set<Permission> {
        switch self {
        case .biDeveloper:
            [
                .viewReports, .comment, .viewDefinitions, .answerScenarios, .viewCatalogue, .reviewQuarantine,
                .viewPersonLevel, .export, .reconcile, .viewMigration,
            ]
        case .hrPartner:
            [
                .viewReports, .comment, .viewDefinitions, .answerScenarios, .viewCatalogue, .viewPersonLevel, .export,
                .reconcile,
            ]
        case .hospitalManager: [.viewReports, .comment, .viewDefinitions, .export]
        case .unitManager: [.viewReports, .comment, .viewDefinitions, .export]
        case .internSupervisor: [.viewDefinitions, .viewStudentData]
        case .intern: [.viewStudentData]
        case .auditor: [.readAuditLog, .viewDefinitions, .viewCatalogue]
        case .admin: [.manageAccounts, .viewMigration]
        }
    }

    /// Whether the role holds the permission.
    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// Whose data a user may see. Aggregates are filtered by ``units`` before they are summed;
/// person-level views by ``subject``.
public enum AccessScope: Sendable, Equatable {
    /// The whole organisation.
    case everything
    /// The unit subtree under `root` as the tree is at sign-in (`units` includes `root`).
    case units(root: String, units: Set<String>)
    /// A student nurse: only rows of this `intern_id`.
    case intern(internID: String)
    /// A supervising nurse: only students whose placement names this `supervisor_employee_id`.
    case supervisor(employeeID: String)
    /// No data (auditor, admin).
    case nothing

    /// Whether an aggregate for `unit` may be shown.
    public func allows(unit: String) -> Bool {
        switch self {
        case .everything: true
        case .units(_, let units): units.contains(unit)
        case .intern, .supervisor, .nothing: false
        }
    }

    /// The unit a report opens at for this scope (`nil` = the report's own root).
    public var rootUnit: String? {
        if case .units(let root, _) = self { return root }
        return nil
    }

    /// A stable text for cache keys and the audit log: `all`, `units:W1`, `intern:I…`, …
    public var key: String {
        switch self {
        case .everything: "all"
        case .units(let root, let units): "units:\(root):\(units.count)"
        case .intern(let id): "intern:\(id)"
        case .supervisor(let id): "supervisor:\(id)"
        case .nothing: "none"
        }
    }
}

/// The signed-in person as the pages see them. No CPR number, ever; `login` is the account name.
public struct User: Sendable, Equatable {
    /// The account name typed at sign-in (e.g. `hr.partner`); written to the audit log.
    public var login: String
    /// The name shown in the page header.
    public var displayName: String
    /// The role (one per account).
    public var role: Role
    /// Whose data the user may see.
    public var scope: AccessScope

    /// Creates a user.
    public init(login: String, displayName: String, role: Role, scope: AccessScope) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.scope = scope
    }

    /// Whether the user's role holds the permission.
    public func can(_ permission: Permission) -> Bool { role.can(permission) }
}
