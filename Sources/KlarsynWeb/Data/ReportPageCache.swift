import Foundation
import GRDB
import KlarsynDisclosure
import KlarsynStore

/// The view models of aggregated report pages, computed once per data version and reader scope
/// (decision 0130).
///
/// A report page reads the organisation, the unit-month rows, the population of the unit and its
/// children and the whole-tree suppression decisions; at region scale that is tens of
/// milliseconds of work on one database connection, so every request recomputing it serialises
/// the server. The cache keeps the finished ``ReportPageView`` (aggregates only, no person-level
/// data) under a ``Key`` of:
///
/// - the **data fingerprint** (``SickLeaveRepository/fingerprint(policyTag:)``): SQLite's
///   `data_version`, the last rowids of every table the page reads and the suppression policy's
///   tag and version — any load, build or policy change gives a new fingerprint and empties the
///   cache;
/// - the reader's **scope** (the unit picker and breadcrumb offer only units inside it), so a
///   page built for one scope is never served to another;
/// - the report, the unit and the language.
///
/// Comments and the page chrome (user name, CSRF token) are not part of the cached value: the
/// controller adds them on every request. Person-level pages (explain, people) are never cached.
typealias ReportPageCache = PageCache<ReportPageView>

/// A rendered report page and the audit entry of serving it (decision 0144).
struct RenderedReportPage: Sendable {
    /// The page's bytes, split at the user's name and the CSRF token.
    var page: RenderedPage
    /// What serving it logs (the same for every reader of the page).
    var audit: AuditEvent
}

/// Rendered report pages, keyed like ``ReportPageCache`` plus the comment generation (in the
/// fingerprint) and the reader's role (the variant).
typealias RenderedReportPageCache = PageCache<RenderedReportPage>

/// The cache behind ``ReportPageCache``, generic over the cached value (tests cache strings).
actor PageCache<Value: Sendable> {
    /// What a cached page depends on.
    struct Key: Hashable, Sendable {
        var fingerprint: String
        var scope: String
        var report: String
        var unit: String
        var language: String
        /// Anything else the value depends on (the rendered page cache: role and comment generation).
        var variant: String = ""
    }

    private struct Entry {
        var scope: AccessScope
        var task: Task<Value, any Error>
    }

    /// Most entries kept; on overflow the cache starts again (pages are cheap to rebuild once).
    let capacity: Int
    private var fingerprint: String?
    private var entries: [Key: Entry] = [:]

    init(capacity: Int = 2_048) {
        self.capacity = capacity
    }

    /// Number of cached pages (for tests).
    var count: Int { entries.count }

    /// The page for `key`, built by `build` at most once per key while concurrent requests wait
    /// for the same computation. A failed build is not cached.
    func view(
        fingerprint: String, scope: AccessScope, report: String, unit: String?, language: Language,
        variant: String = "", build: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        if self.fingerprint != fingerprint {
            entries.removeAll()
            self.fingerprint = fingerprint
        }
        let key = Key(
            fingerprint: fingerprint, scope: Self.scopeKey(scope), report: report, unit: unit ?? "",
            language: language.rawValue, variant: variant)
        // The scope is compared itself too, not only its key text: never serve another scope's page.
        if let entry = entries[key], entry.scope == scope {
            return try await entry.task.value
        }
        if entries.count >= capacity { entries.removeAll() }
        let task = Task { try await build() }
        entries[key] = Entry(scope: scope, task: task)
        do {
            return try await task.value
        } catch {
            if let current = entries[key], current.task == task { entries[key] = nil }
            throw error
        }
    }

    /// A text naming the scope exactly (its units sorted).
    static func scopeKey(_ scope: AccessScope) -> String {
        switch scope {
        case .everything: "everything"
        case .units(let root, let units): "units:\(root):" + units.sorted().joined(separator: ",")
        case .intern(let id): "intern:\(id)"
        case .supervisor(let id): "supervisor:\(id)"
        case .nothing: "nothing"
        }
    }
}

extension SickLeaveRepository {
    /// Rowid tables a report page reads (the catalogue's tables are `WITHOUT ROWID`; they change
    /// only with a build, which adds a `build_runs` row).
    static let pageTables = [
        "sick_leave_unit_month", "employment", "org_unit", "build_runs", "landing_files", "changed_months",
    ]

    /// The data fingerprint of the report pages: SQLite's `data_version` (changes whenever another
    /// connection — `klarsyn ingest`, `klarsyn build` — commits), the last rowid of every table the
    /// page reads (changes made through this connection) and the suppression policy's tag.
    /// O(1) per table. The web's own writes (comments, answers, audit) do not touch these tables.
    ///
    /// Read on every report request, so it is two prepared statements (kept in GRDB's statement
    /// cache) outside a transaction: the parts need not agree with each other, only change when
    /// the data does — a commit between them gives a fingerprint the next request will not
    /// repeat, so at worst one page is built twice.
    func fingerprint(policyTag: String) async throws -> String {
        try await warehouse.dbQueue.unsafeRead { [fingerprintPlan] db in
            // Which page tables exist changes only with the schema (a build creating them).
            let schema = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA schema_version")) ?? 0
            let tables: [String]
            if let known = fingerprintPlan.tables(schemaVersion: schema) {
                tables = known
            } else {
                tables = try Self.pageTables.filter { try db.tableExists($0) }
                fingerprintPlan.remember(tables, schemaVersion: schema)
            }
            let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            var parts = [policyTag, "dv=\(version)", "schema=\(schema)"]
            guard !tables.isEmpty else { return parts.joined(separator: "|") }
            let sql = "SELECT " + tables.map { "(SELECT MAX(rowid) FROM \($0))" }.joined(separator: ", ")
            let row = try Row.fetchOne(db.cachedStatement(sql: sql))
            for (i, table) in tables.enumerated() {
                let last: Int64 = row?[i] ?? 0
                parts.append("\(table)=\(last)")
            }
            return parts.joined(separator: "|")
        }
    }
}

extension SuppressionService {
    /// The policy's tag and version (`id@version`), part of every cached page's fingerprint.
    nonisolated var policyTag: String { policy.tag }
}

/// The page tables that exist, per schema version, so that the fingerprint does not look them up
/// on every request.
final class FingerprintPlan: @unchecked Sendable {
    private let lock = NSLock()
    private var schemaVersion: Int64?
    private var existing: [String] = []

    /// The tables remembered for `schemaVersion`, or `nil`.
    func tables(schemaVersion: Int64) -> [String]? {
        lock.withLock { self.schemaVersion == schemaVersion ? existing : nil }
    }

    /// Remembers the tables that exist at `schemaVersion`.
    func remember(_ tables: [String], schemaVersion: Int64) {
        lock.withLock {
            self.schemaVersion = schemaVersion
            existing = tables
        }
    }
}
