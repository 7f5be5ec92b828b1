import Foundation
import GRDB
public import KlarsynStore

/// The web workbench's own warehouse tables: comments on reports.
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
        }
    ]
}

/// A comment on a report page. No author name: a role only (privacy by default).
struct CommentEntry: Sendable, Equatable {
    var role: String
    var body: String
    var createdAt: String
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

    func add(report: String, unit: String, role: CommentRole, body: String, now: Date = Date()) async throws {
        let stamp = ISO8601DateFormatter().string(from: now)
        try await warehouse.dbQueue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO web_report_comments (report_id, unit_id, role, body, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [report, unit, role.rawValue, body, stamp])
        }
    }

    func list(report: String, unit: String, limit: Int = 50) async throws -> [CommentEntry] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("web_report_comments") else { return [] }
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT role, body, created_at FROM web_report_comments WHERE report_id = ? AND unit_id = ? ORDER BY comment_id DESC LIMIT ?",
                arguments: [report, unit, limit]
            ).map { CommentEntry(role: $0["role"], body: $0["body"], createdAt: $0["created_at"]) }
        }
    }
}
