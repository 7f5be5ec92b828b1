import Foundation
import GRDB
public import KlarsynStore

/// The web workbench's own warehouse tables: comments on reports, answers to scenarios.
public enum WebMigrations {
    /// Applied by ``buildApplication(configuration:)`` after the store's and the catalogue's migrations.
    public static let all: [WarehouseMigration] = [
        WarehouseMigration("web-comments-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE web_report_comments (
                        comment_id  INTEGER PRIMARY KEY,
                        report_id   TEXT NOT NULL,
                        unit_id     TEXT NOT NULL,
                        role        TEXT NOT NULL,
                        body        TEXT NOT NULL,
                        created_at  TEXT NOT NULL
                    );
                    CREATE INDEX web_report_comments_report ON web_report_comments(report_id, unit_id, created_at);
                    """)
        },
        ScenarioAnswerRepository.migration,
        // Comment types, the definition version a comment is pinned to, a context event's date, and
        // the tile (metric) a comment is about (NULL = the whole report).
        WarehouseMigration("web-comments-v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE web_report_comments ADD COLUMN kind TEXT NOT NULL DEFAULT 'question';
                    ALTER TABLE web_report_comments ADD COLUMN definition_version INTEGER;
                    ALTER TABLE web_report_comments ADD COLUMN event_date TEXT;
                    ALTER TABLE web_report_comments ADD COLUMN tile_id TEXT;
                    """)
        },
        AccountRepository.migration,
        AuditLog.migration,
        StudentRepository.migration,
    ]
}

/// A comment on a report page. No author name: a role only (privacy by default).
struct CommentEntry: Sendable, Equatable {
    var role: String
    var body: String
    var createdAt: String
    var kind: CommentKind = .question
    /// The definition version current when the comment was written (`sick-leave@N`).
    var definitionVersion: Int? = nil
    /// A context event's date (`yyyy-mm-dd`).
    var eventDate: String? = nil
    /// The tile (metric) the comment is about; `nil` = the whole report.
    var tileID: String? = nil
}

/// What a comment is: a question, a suspected data error, or a context event (e.g. "ward merged
/// 1 March") that the report's charts show as an annotation.
enum CommentKind: String, CaseIterable, Sendable, Codable {
    case question
    case dataError = "data_error"
    case contextEvent = "context_event"

    var text: UIText {
        switch self {
        case .question: .kindQuestion
        case .dataError: .kindDataError
        case .contextEvent: .kindContextEvent
        }
    }
}

/// The roles a commenter can choose.
enum CommentRole: String, CaseIterable, Sendable, Codable {
    case manager, hr, bi, other

    var text: UIText {
        switch self {
        case .manager: .roleManager
        case .hr: .roleHR
        case .bi: .roleBI
        case .other: .roleOther
        }
    }
}

/// Stores and lists comments (async GRDB access).
struct CommentRepository: Sendable {
    let warehouse: Warehouse
    static let maxLength = 2000
    /// The comment lists read so far, per report and unit (decision 0144); this repository is the
    /// only writer of comments, and ``add(report:unit:role:body:kind:definitionVersion:eventDate:tileID:now:)``
    /// empties it.
    let cache = CommentCache()

    func add(
        report: String, unit: String, role: CommentRole, body: String, kind: CommentKind = .question,
        definitionVersion: Int? = nil, eventDate: String? = nil, tileID: String? = nil, now: Date = Date()
    ) async throws {
        let stamp = ISO8601DateFormatter().string(from: now)
        try await warehouse.dbQueue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_report_comments (report_id, unit_id, role, body, created_at, kind, definition_version, event_date, tile_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report, unit, role.rawValue, body, stamp, kind.rawValue, definitionVersion, eventDate, tileID,
                ])
        }
        await cache.invalidate()
    }

    /// The comments of a report for a unit, newest first, from ``cache`` when it holds them.
    func cachedList(report: String, unit: String) async throws -> (comments: [CommentEntry], generation: Int) {
        let (cached, generation) = await cache.lookup(report: report, unit: unit)
        if let cached { return (cached, generation) }
        let comments = try await list(report: report, unit: unit)
        await cache.store(comments, report: report, unit: unit, generation: generation)
        return (comments, generation)
    }

    func list(report: String, unit: String, limit: Int = 50) async throws -> [CommentEntry] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("web_report_comments") else { return [] }
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT role, body, created_at, kind, definition_version, event_date, tile_id FROM web_report_comments WHERE report_id = ? AND unit_id = ? ORDER BY comment_id DESC LIMIT ?",
                arguments: [report, unit, limit]
            ).map {
                CommentEntry(
                    role: $0["role"], body: $0["body"], createdAt: $0["created_at"],
                    kind: CommentKind(rawValue: $0["kind"]) ?? .question, definitionVersion: $0["definition_version"],
                    eventDate: $0["event_date"], tileID: $0["tile_id"])
            }
        }
    }
}

/// The comment lists of report pages in memory, and a generation that changes with every comment
/// posted (part of the rendered page cache's key, decision 0144).
actor CommentCache {
    private var lists: [String: [CommentEntry]] = [:]
    /// Changes whenever a comment is added.
    private(set) var generation = 0

    /// The cached list (if any) and the current generation.
    func lookup(report: String, unit: String) -> ([CommentEntry]?, Int) {
        (lists[Self.key(report, unit)], generation)
    }

    /// Keeps a list read at `generation`, unless a comment was added since (then it may be stale).
    func store(_ comments: [CommentEntry], report: String, unit: String, generation: Int) {
        guard generation == self.generation else { return }
        if lists.count >= 10_000 { lists.removeAll() }
        lists[Self.key(report, unit)] = comments
    }

    /// Forgets every list (a comment was added).
    func invalidate() {
        generation += 1
        lists.removeAll()
    }

    private static func key(_ report: String, _ unit: String) -> String { report + "\u{1F}" + unit }
}
