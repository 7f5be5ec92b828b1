import Foundation
import GRDB
import KlarsynStore

/// One group of the quarantine review: the findings of one file under one rule.
struct QuarantineGroup: Sendable, Equatable {
    var rule: String
    var action: String
    /// The plain-language reason when every finding of the group has the same one; otherwise
    /// each finding shows its own.
    var reason: String?
    var total: Int
    var open: Int
    /// The findings shown (at most ``QuarantineRepository/rowsPerGroup``, open ones first).
    var findings: [QuarantineFinding]
}

/// One finding with its raw line.
struct QuarantineFinding: Sendable, Equatable {
    var id: Int64
    var lineNo: Int
    var column: String?
    var sourceHeader: String?
    var observed: String?
    var expected: String?
    var status: String
    var replayable: Bool
    var resolvedAt: String?
    var note: String?
    /// What is wrong and what to do, in plain language.
    var reason: String
    /// The line as received (from `raw_line_blocks`, or the finding's own copy).
    var rawLine: String?
}

/// A delivered file with findings.
struct QuarantineFile: Sendable, Equatable {
    var fileID: Int64
    var fileName: String
    var source: String
    var deliveryDate: String?
    var status: String
    var heldReason: String?
    var groups: [QuarantineGroup]
}

/// Reads the ingest quarantine (`quarantine`, `landing_files`, raw lines through
/// `RawLines.line`) and marks findings waived, as `klarsyn quarantine waive` does
/// (`QuarantineReview.resolve` in KlarsynIngest: status, `resolved_at`, note; open rows only).
struct QuarantineRepository: Sendable {
    let warehouse: Warehouse
    /// Findings listed per file and rule; the rest are counted.
    static let rowsPerGroup = 25
    static let maxNoteLength = 500
    /// (file, rule) groups on one page, newest deliveries first.
    static let maxGroups = 200

    /// Files with findings (of `status`, or every status when `nil`), grouped by rule; `truncated`
    /// when there were more than ``maxGroups`` groups.
    func files(status: String?) async throws -> (files: [QuarantineFile], truncated: Bool) {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("quarantine"), try db.tableExists("landing_files") else { return ([], false) }
            let statusSQL = status == nil ? "" : " WHERE q.status = ?"
            let args: StatementArguments = status.map { [$0] } ?? []
            var groupRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT q.file_id, l.file_name, l.source, l.delivery_date, l.status, l.held_reason, q.rule, q.action,
                           min(q.reason), count(*), sum(q.status = 'open'), count(DISTINCT q.reason)
                    FROM quarantine q JOIN landing_files l ON l.file_id = q.file_id\(statusSQL)
                    GROUP BY q.file_id, q.rule, q.action
                    ORDER BY l.delivery_date DESC, q.file_id DESC, q.rule, q.action LIMIT \(Self.maxGroups + 1)
                    """, arguments: args)
            let truncated = groupRows.count > Self.maxGroups
            if truncated { groupRows.removeLast() }
            var files: [QuarantineFile] = []
            for r in groupRows {
                let fileID: Int64 = r[0]
                let rule: String = r[6]
                let action: String = r[7]
                var findingArgs: StatementArguments = [fileID, rule, action]
                if let status { findingArgs += [status] }
                let findings = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT quarantine_id, line_no, column_name, source_header, observed, expected, status, replayable,
                               resolved_at, note, raw_line, reason
                        FROM quarantine WHERE file_id = ? AND rule = ? AND action = ?\(status == nil ? "" : " AND status = ?")
                        ORDER BY status != 'open', line_no, quarantine_id LIMIT \(Self.rowsPerGroup)
                        """, arguments: findingArgs
                ).map { f in
                    let lineNo: Int = f[1]
                    let stored: String? = f[10]
                    return QuarantineFinding(
                        id: f[0], lineNo: lineNo, column: f[2], sourceHeader: f[3], observed: f[4], expected: f[5],
                        status: f[6], replayable: f[7], resolvedAt: f[8], note: f[9], reason: f[11],
                        rawLine: try stored ?? Self.rawLine(db, fileID: fileID, lineNo: lineNo))
                }
                let group = QuarantineGroup(
                    rule: rule, action: action, reason: (r[11] as Int) == 1 ? r[8] : nil, total: r[9], open: r[10],
                    findings: findings)
                if files.last?.fileID == fileID {
                    files[files.count - 1].groups.append(group)
                } else {
                    files.append(
                        QuarantineFile(
                            fileID: fileID, fileName: r[1], source: r[2], deliveryDate: r[3], status: r[4],
                            heldReason: r[5], groups: [group]))
                }
            }
            return (files, truncated)
        }
    }

    /// The raw line, or `nil` for line 0 (the whole file) or a warehouse without raw lines.
    static func rawLine(_ db: Database, fileID: Int64, lineNo: Int) throws -> String? {
        guard lineNo >= 1, try db.tableExists("raw_line_blocks") else { return nil }
        return try RawLines.line(db, fileID: fileID, lineNo: lineNo)
    }

    /// Marks open findings waived with a note; returns how many changed (rows not open are left alone).
    func waive(ids: [Int64], note: String, now: Date = Date()) async throws -> Int {
        let stamp = ISO8601DateFormatter().string(from: now)
        return try await warehouse.dbQueue.write { db in
            guard try db.tableExists("quarantine") else { return 0 }
            var n = 0
            for id in ids {
                try db.execute(
                    sql:
                        "UPDATE quarantine SET status = 'waived', resolved_at = ?, note = ? WHERE quarantine_id = ? AND status = 'open'",
                    arguments: [stamp, note, id])
                n += db.changesCount
            }
            return n
        }
    }
}

/// `application/x-www-form-urlencoded` fields in order, repeated names kept (checkbox lists).
enum FormFields {
    static func parse(_ body: String) -> [(name: String, value: String)] {
        body.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts.first.flatMap(decode) else { return nil }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return value.map { (name, $0) }
        }
    }

    static func values(_ fields: [(name: String, value: String)], _ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    static func first(_ fields: [(name: String, value: String)], _ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}
