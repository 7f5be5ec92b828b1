import Crypto
public import Foundation
import GRDB
import KlarsynCore
public import KlarsynStore

/// What an audit entry records.
public enum AuditAction: String, Sendable, CaseIterable {
    /// A person-level page was served (explain to employee level, an employee list, a student view).
    case personView = "person-view"
    /// A download (CSV, XLSX) was served.
    case export
    /// A request was refused (missing permission, out of scope, no purpose).
    case denied
    /// Sign-in succeeded / failed, sign-out.
    case signIn = "sign-in"
    case signInFailed = "sign-in-failed"
    case signOut = "sign-out"
    /// The auditor read the log or one person's look-up history.
    case auditRead = "audit-read"
    /// An aggregate report page was served (unit filter, cells served and suppressed; no personal data).
    case reportView = "report-view"
    /// An aggregate explain page (how one unit-month figure is made) was served.
    case explainView = "explain-view"
}

/// One line of the audit log as a page writes it. The log adds who, when, the request id and the hashes.
public struct AuditEvent: Sendable, Equatable {
    /// What happened.
    public var action: AuditAction
    /// The report or page (e.g. `sick-leave`, `student-ehr`).
    public var report: String?
    /// The report's definition version (e.g. `sick-leave@2`).
    public var reportVersion: String?
    /// Whose data was served: employee ids, intern ids. Written to the log only, never to a URL.
    public var subjects: [String]
    /// The purpose the user stated.
    public var purpose: String?
    /// The filters, e.g. `["unit": "U0005", "month": "2024-03"]`.
    public var filters: [String: String]
    /// Cells (figures or rows) served and cells suppressed.
    public var cellsServed: Int
    public var cellsSuppressed: Int
    /// Why a request was denied (a code such as `permission:viewPersonLevel`), or a note.
    public var note: String?

    /// Creates an event.
    public init(
        action: AuditAction, report: String? = nil, reportVersion: String? = nil, subjects: [String] = [],
        purpose: String? = nil, filters: [String: String] = [:], cellsServed: Int = 0, cellsSuppressed: Int = 0,
        note: String? = nil
    ) {
        self.action = action
        self.report = report
        self.reportVersion = reportVersion
        self.subjects = subjects
        self.purpose = purpose
        self.filters = filters
        self.cellsServed = cellsServed
        self.cellsSuppressed = cellsSuppressed
        self.note = note
    }
}

/// A stored audit entry.
public struct AuditRecord: Sendable, Equatable {
    /// Position in the chain, from 1.
    public var seq: Int64
    /// UTC time, ISO 8601.
    public var at: String
    /// Account name (or the name typed at a failed sign-in); `-` when signed out.
    public var actor: String
    /// The actor's role, or `-`.
    public var role: String
    /// The request id (also in the server log).
    public var requestID: String
    /// The event.
    public var event: AuditEvent
    /// The previous entry's hash and this entry's hash (hex SHA-256).
    public var previousHash: String
    public var hash: String
}

/// The append-only, hash-chained audit log in the warehouse (decision 0084).
///
/// Each entry's hash is SHA-256 over the previous hash and the entry's fields, so changing,
/// inserting or deleting an entry breaks every later hash; triggers refuse UPDATE and DELETE.
/// ``verify(_:)`` (and `klarsyn audit verify`) walks the chain.
public struct AuditLog: Sendable {
    let warehouse: Warehouse
    /// The server's writer that queues aggregate views (decision 0145); `nil` writes every entry at once.
    var batch: AuditBatch? = nil

    /// Opens the log of a warehouse (the web migrations must have run).
    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    /// Opens the log with a queue for aggregate views (the server, decision 0145).
    init(warehouse: Warehouse, batch: AuditBatch) {
        self.warehouse = warehouse
        self.batch = batch
    }

    /// The actions that may wait in ``batch``'s queue: aggregate views, which show no person.
    static let queuedActions: Set<AuditAction> = [.reportView, .explainView]

    /// An entry before the chain gives it its place (seq, previous hash, hash).
    struct Entry: Sendable {
        var at: String
        var actor: String
        var role: String
        var requestID: String
        var event: AuditEvent
    }

    static let genesis = String(repeating: "0", count: 64)

    static let migration = WarehouseMigration("web-audit-log-v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE audit_log (
                    seq              INTEGER PRIMARY KEY,
                    at               TEXT NOT NULL,
                    actor            TEXT NOT NULL,
                    role             TEXT NOT NULL,
                    action           TEXT NOT NULL,
                    report           TEXT,
                    report_version   TEXT,
                    subjects         TEXT NOT NULL,
                    purpose          TEXT,
                    filters          TEXT NOT NULL,
                    cells_served     INTEGER NOT NULL,
                    cells_suppressed INTEGER NOT NULL,
                    note             TEXT,
                    request_id       TEXT NOT NULL,
                    prev_hash        TEXT NOT NULL,
                    hash             TEXT NOT NULL
                );
                CREATE TABLE audit_subject (
                    seq        INTEGER NOT NULL,
                    subject_id TEXT NOT NULL
                );
                CREATE INDEX audit_subject_by_subject ON audit_subject(subject_id, seq);
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject
                    BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END;
                CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject
                    BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END;
                """)
    }

    /// Appends an event for `user` (nil = signed out; `actor` overrides the name, for failed sign-ins).
    public func append(_ event: AuditEvent, user: User?, actor: String? = nil, requestID: String, now: Date = Date())
        async throws
    {
        let entry = Entry(
            at: Self.timestamp(now), actor: String((actor ?? user?.login ?? "-").prefix(64)),
            role: user?.role.rawValue ?? "-", requestID: requestID, event: event)
        if let batch {
            if Self.queuedActions.contains(event.action) {
                try await batch.enqueue(entry)
            } else {
                try await batch.write(entry)
            }
        } else {
            try await Self.write([entry], to: warehouse)
        }
    }

    /// Appends `entries` to the chain in one transaction, in order.
    static func write(_ entries: [Entry], to warehouse: Warehouse) async throws {
        guard !entries.isEmpty else { return }
        try await warehouse.dbQueue.write { db in
            var previous =
                try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") ?? Self.genesis
            var seq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log") ?? 0
            for entry in entries {
                seq += 1
                previous = try insert(entry, seq: seq, previous: previous, db)
            }
        }
    }

    /// Inserts one entry at `seq` after `previous`; returns its hash.
    private static func insert(_ entry: Entry, seq: Int64, previous: String, _ db: Database) throws -> String {
        let (at, who, role, requestID, event) = (entry.at, entry.actor, entry.role, entry.requestID, entry.event)
        var record = AuditRecord(
            seq: seq, at: at, actor: who, role: role, requestID: requestID, event: event, previousHash: previous,
            hash: "")
        record.hash = Self.hash(record)
        try db.execute(
            sql: """
                INSERT INTO audit_log (seq, at, actor, role, action, report, report_version, subjects, purpose, filters,
                  cells_served, cells_suppressed, note, request_id, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                seq, at, who, role, event.action.rawValue, event.report, event.reportVersion,
                Self.subjectsText(event.subjects), event.purpose, Self.filtersText(event.filters),
                event.cellsServed, event.cellsSuppressed, event.note, requestID, previous, record.hash,
            ])
        for s in Set(event.subjects) {
            try db.execute(sql: "INSERT INTO audit_subject (seq, subject_id) VALUES (?, ?)", arguments: [seq, s])
        }
        return record.hash
    }

    /// `now` as ISO 8601 in UTC to the second (`2026-11-23T19:33:38Z`), as `ISO8601DateFormatter`
    /// writes it, without creating a formatter per entry.
    static func timestamp(_ now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return CalendarDay(dayNumber: Int(days)).iso + "T" + two(secondOfDay / 3_600) + ":"
            + two(secondOfDay % 3_600 / 60) + ":" + two(secondOfDay % 60) + "Z"
    }

    static func subjectsText(_ s: [String]) -> String { Set(s).sorted().joined(separator: ",") }
    static func filtersText(_ f: [String: String]) -> String {
        f.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    /// SHA-256 (hex) over the previous hash and every field, separated by a unit separator.
    static func hash(_ r: AuditRecord) -> String {
        let fields: [String] = [
            r.previousHash, String(r.seq), r.at, r.actor, r.role, r.event.action.rawValue, r.event.report ?? "",
            r.event.reportVersion ?? "", subjectsText(r.event.subjects), r.event.purpose ?? "",
            filtersText(r.event.filters), String(r.event.cellsServed), String(r.event.cellsSuppressed),
            r.event.note ?? "", r.requestID,
        ]
        return Hex.string(SHA256.hash(data: Array(fields.joined(separator: "\u{1F}").utf8)))
    }

    /// The latest entries, newest first; with `subject`, only entries that served that person's data;
    /// with `action`, only entries of that kind.
    public func entries(subject: String? = nil, action: AuditAction? = nil, limit: Int = 200) async throws
        -> [AuditRecord]
    {
        // Queued aggregate views are part of the log the auditor reads.
        try await batch?.flush()
        return try await warehouse.dbQueue.read { db in
            let rows: [Row]
            let kind = action == nil ? "" : " AND a.action = ?"
            let kindArgument: [(any DatabaseValueConvertible)?] = action.map { [$0.rawValue] } ?? []
            if let subject {
                rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.* FROM audit_log a JOIN audit_subject s ON s.seq = a.seq
                        WHERE s.subject_id = ?\(kind) ORDER BY a.seq DESC LIMIT ?
                        """, arguments: StatementArguments([subject] + kindArgument + [limit]))
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM audit_log a WHERE 1 = 1\(kind) ORDER BY seq DESC LIMIT ?",
                    arguments: StatementArguments(kindArgument + [limit]))
            }
            return rows.map(Self.record)
        }
    }

    /// How a report has been used, from the log: every served look-up of it (aggregate page and
    /// explain views, person-level views, exports), when last, and by which roles.
    public struct ReportUsage: Sendable, Equatable {
        /// The latest look-up (ISO 8601, UTC).
        public var lastViewed: String
        /// Look-ups counted.
        public var count: Int
        /// The roles that looked (raw role names, sorted).
        public var roles: [String]
        /// Look-ups per action.
        public var byAction: [AuditAction: Int]
    }

    /// The actions that count as use of a report (refusals and the auditor's reads do not).
    public static let usageActions: [AuditAction] = [.reportView, .explainView, .personView, .export]

    /// Use per report id, read in `db` (nil when the warehouse has no audit log).
    static func usage(in db: Database) throws -> [String: ReportUsage]? {
        guard try db.tableExists("audit_log") else { return nil }
        var out: [String: ReportUsage] = [:]
        let marks = databaseQuestionMarks(count: usageActions.count)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT report, action, role, MAX(at) AS last, COUNT(*) AS n FROM audit_log
                WHERE report IS NOT NULL AND action IN (\(marks)) GROUP BY report, action, role
                """, arguments: StatementArguments(usageActions.map(\.rawValue)))
        for row in rows {
            let report: String = row["report"]
            let n: Int = row["n"]
            let last: String = row["last"]
            let role: String = row["role"]
            var u = out[report] ?? ReportUsage(lastViewed: last, count: 0, roles: [], byAction: [:])
            u.count += n
            if last > u.lastViewed { u.lastViewed = last }
            if !u.roles.contains(role) { u.roles = (u.roles + [role]).sorted() }
            if let action = AuditAction(rawValue: row["action"]) { u.byAction[action, default: 0] += n }
            out[report] = u
        }
        return out
    }

    static func record(_ r: Row) -> AuditRecord {
        let subjects: String = r["subjects"]
        let filters: String = r["filters"]
        var f: [String: String] = [:]
        for pair in filters.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            f[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        let event = AuditEvent(
            action: AuditAction(rawValue: r["action"]) ?? .denied, report: r["report"],
            reportVersion: r["report_version"],
            subjects: subjects.isEmpty ? [] : subjects.split(separator: ",").map(String.init), purpose: r["purpose"],
            filters: f, cellsServed: r["cells_served"], cellsSuppressed: r["cells_suppressed"], note: r["note"])
        return AuditRecord(
            seq: r["seq"], at: r["at"], actor: r["actor"], role: r["role"], requestID: r["request_id"], event: event,
            previousHash: r["prev_hash"], hash: r["hash"])
    }

    /// The outcome of walking the chain.
    public struct Verification: Sendable, Equatable {
        /// Entries checked.
        public var entries: Int
        /// The last entry's hash (write it down elsewhere to detect truncation later).
        public var head: String
        /// The first broken entry and why, or `nil` when the chain holds.
        public var problem: String?
    }

    /// Recomputes every hash and checks every link. An action the code does not know, a changed
    /// field, a missing or reordered entry, or a subject index that disagrees is reported with its `seq`.
    public func verify() throws -> Verification {
        try warehouse.read { db in
            guard try db.tableExists("audit_log") else {
                return Verification(entries: 0, head: Self.genesis, problem: nil)
            }
            var previous = Self.genesis
            var expectedSeq: Int64 = 1
            var count = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
            while let row = try cursor.next() {
                let record = Self.record(row)
                count += 1
                if AuditAction(rawValue: row["action"]) == nil {
                    return Verification(
                        entries: count, head: previous,
                        problem: "entry \(record.seq): unknown action '\(row["action"] ?? "")'")
                }
                if record.seq != expectedSeq {
                    return Verification(
                        entries: count, head: previous,
                        problem: "entry \(expectedSeq) is missing (next is \(record.seq))")
                }
                if record.previousHash != previous {
                    return Verification(
                        entries: count, head: previous,
                        problem: "entry \(record.seq): previous hash does not match entry \(record.seq - 1)")
                }
                if Self.hash(record) != record.hash {
                    return Verification(
                        entries: count, head: previous,
                        problem: "entry \(record.seq): its fields do not match its hash (changed after writing)")
                }
                let indexed = try String.fetchAll(
                    db, sql: "SELECT subject_id FROM audit_subject WHERE seq = ? ORDER BY subject_id",
                    arguments: [record.seq])
                if indexed != Set(record.event.subjects).sorted() {
                    return Verification(
                        entries: count, head: previous,
                        problem: "entry \(record.seq): the person index does not match the entry")
                }
                previous = record.hash
                expectedSeq += 1
            }
            return Verification(entries: count, head: previous, problem: nil)
        }
    }
}
