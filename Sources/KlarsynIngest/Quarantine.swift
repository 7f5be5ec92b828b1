import Foundation
public import KlarsynStore
import GRDB

/// Status of a quarantine finding.
public enum QuarantineStatus: String, Codable, Sendable, CaseIterable {
    /// Needs attention (or, for replayable findings, waits for later data).
    case open
    /// Fixed at the source (a corrected delivery); kept for the record.
    case fixed
    /// Re-checked by replay and accepted into staging.
    case replayed
    /// Accepted as is by a person; kept for the record.
    case waived
}

/// One row of the quarantine table: one rule broken by one line (line 0 = the file).
public struct QuarantineEntry: Codable, Sendable, Equatable {
    /// `quarantine.quarantine_id`.
    public var id: Int64
    /// Landing file id and name.
    public var fileID: Int64
    public var fileName: String
    /// Contract name.
    public var source: String
    /// Line number (1 = header; 0 = the whole file).
    public var lineNo: Int
    /// The line as received (decoded to UTF-8).
    public var rawLine: String?
    /// Stable rule code, e.g. `value.not_real_date`, `reference.unknown`.
    public var rule: String
    /// Staging column and source header concerned.
    public var column: String?
    public var sourceHeader: String?
    /// The value as delivered.
    public var observed: String?
    /// What the rule expects.
    public var expected: String?
    /// Plain-language reason and what to do.
    public var reason: String
    /// `hold`, `quarantine`, `null` or `warn`.
    public var action: String
    /// True when replay can accept the line once later data arrives.
    public var replayable: Bool
    /// Open, fixed, replayed or waived.
    public var status: QuarantineStatus
    /// When found, and when resolved (ISO 8601).
    public var createdAt: String
    public var resolvedAt: String?
    /// A reviewer's note.
    public var note: String?
}

/// A filter for ``QuarantineReview/list(_:)``; `nil` fields do not filter.
public struct QuarantineFilter: Sendable {
    public var status: QuarantineStatus?
    public var source: String?
    public var fileName: String?
    public var rule: String?
    public var limit: Int
    public var offset: Int
    /// Creates a filter (by default: open findings, first 100).
    public init(status: QuarantineStatus? = .open, source: String? = nil, fileName: String? = nil, rule: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.status = status
        self.source = source
        self.fileName = fileName
        self.rule = rule
        self.limit = limit
        self.offset = offset
    }
}

/// Counts of findings per source, rule, action and status.
public struct QuarantineSummaryRow: Codable, Sendable, Equatable {
    /// Contract name.
    public var source: String
    /// Rule code.
    public var rule: String
    /// Action taken.
    public var action: String
    /// Finding status.
    public var status: QuarantineStatus
    /// Number of findings.
    public var count: Int
}

/// Reading and resolving quarantine findings (`klarsyn quarantine list|show|waive`).
public struct QuarantineReview: Sendable {
    /// The warehouse reviewed.
    public let warehouse: Warehouse

    /// Creates a review over a warehouse.
    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    private static let select = """
        SELECT q.quarantine_id, q.file_id, l.file_name, q.source, q.line_no, q.raw_line, q.rule, q.column_name, q.source_header,
               q.observed, q.expected, q.reason, q.action, q.replayable, q.status, q.created_at, q.resolved_at, q.note
        FROM quarantine q JOIN landing_files l ON l.file_id = q.file_id
        """

    private static func entry(_ r: Row) -> QuarantineEntry {
        QuarantineEntry(
            id: r[0], fileID: r[1], fileName: r[2], source: r[3], lineNo: r[4], rawLine: r[5], rule: r[6], column: r[7], sourceHeader: r[8],
            observed: r[9], expected: r[10], reason: r[11], action: r[12], replayable: r[13], status: QuarantineStatus(rawValue: r[14]) ?? .open,
            createdAt: r[15], resolvedAt: r[16], note: r[17])
    }

    /// Findings matching `filter`, by file and line.
    public func list(_ filter: QuarantineFilter = QuarantineFilter()) throws -> [QuarantineEntry] {
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let s = filter.status { conditions.append("q.status = ?"); args.append(s.rawValue) }
        if let s = filter.source { conditions.append("q.source = ?"); args.append(s) }
        if let s = filter.fileName { conditions.append("l.file_name = ?"); args.append(s) }
        if let s = filter.rule { conditions.append("q.rule = ?"); args.append(s) }
        let whereSQL = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        args.append(filter.limit)
        args.append(filter.offset)
        return try warehouse.read { db in
            try Row.fetchAll(db, sql: QuarantineReview.select + whereSQL + " ORDER BY q.file_id, q.line_no, q.quarantine_id LIMIT ? OFFSET ?",
                             arguments: StatementArguments(args)).map(QuarantineReview.entry)
        }
    }

    /// One finding by id (`klarsyn quarantine show ID`), or `nil`.
    public func entry(id: Int64) throws -> QuarantineEntry? {
        try warehouse.read { db in
            try Row.fetchOne(db, sql: QuarantineReview.select + " WHERE q.quarantine_id = ?", arguments: [id]).map(QuarantineReview.entry)
        }
    }

    /// Every finding of one line (a line can break several rules).
    public func entries(fileID: Int64, lineNo: Int) throws -> [QuarantineEntry] {
        try warehouse.read { db in
            try Row.fetchAll(db, sql: QuarantineReview.select + " WHERE q.file_id = ? AND q.line_no = ? ORDER BY q.quarantine_id",
                             arguments: [fileID, lineNo]).map(QuarantineReview.entry)
        }
    }

    /// Counts per source, rule, action and status.
    public func summary() throws -> [QuarantineSummaryRow] {
        try warehouse.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source, rule, action, status, count(*) FROM quarantine GROUP BY source, rule, action, status ORDER BY source, rule, action, status
                """).map { r in QuarantineSummaryRow(source: r[0], rule: r[1], action: r[2], status: QuarantineStatus(rawValue: r[3]) ?? .open, count: r[4]) }
        }
    }

    /// Marks open findings `waived` or `fixed` with a note (one transaction). Returns how many changed.
    /// - Throws: ``IngestError`` `quarantine.bad_status` for `open` or `replayed` (replay sets that itself).
    @discardableResult
    public func resolve(ids: [Int64], as status: QuarantineStatus, note: String?) throws -> Int {
        guard status == .waived || status == .fixed else {
            throw IngestError(code: "quarantine.bad_status", message: "Findings can be marked waived or fixed; '\(status.rawValue)' is set by the system.")
        }
        let now = Ingestor.isoNow()
        return try warehouse.write { db in
            var n = 0
            for id in ids {
                try db.execute(sql: "UPDATE quarantine SET status = ?, resolved_at = ?, note = ? WHERE quarantine_id = ? AND status = 'open'",
                               arguments: [status.rawValue, now, note, id])
                n += db.changesCount
            }
            return n
        }
    }

    /// A table of findings for a terminal.
    public static func renderList(_ entries: [QuarantineEntry]) -> String {
        guard !entries.isEmpty else { return "No quarantine findings match.\n" }
        var out = ""
        for e in entries {
            let col = e.sourceHeader.map { " \($0)" } ?? ""
            out += "#\(e.id)  \(e.fileName):\(e.lineNo)\(col)  \(e.rule)  [\(e.action), \(e.status.rawValue)]\n    \(e.reason)\n"
        }
        return out
    }

    /// Counts per source, rule, action and status for a terminal.
    public static func renderSummary(_ rows: [QuarantineSummaryRow]) -> String {
        guard !rows.isEmpty else { return "The quarantine is empty.\n" }
        return rows.map { "\($0.source)  \($0.rule)  [\($0.action), \($0.status.rawValue)]  \($0.count)" }.joined(separator: "\n") + "\n"
    }

    /// One finding in full for a terminal.
    public static func renderShow(_ e: QuarantineEntry) -> String {
        var out = "Finding #\(e.id) (\(e.status.rawValue))\n"
        out += "  file:      \(e.fileName) (landing id \(e.fileID), source \(e.source))\n"
        out += "  line:      \(e.lineNo == 0 ? "the whole file" : "\(e.lineNo)")\n"
        out += "  rule:      \(e.rule) → \(e.action)\(e.replayable ? " (re-checked by replay)" : "")\n"
        if let c = e.column { out += "  column:    \(c)\(e.sourceHeader.map { " ← \($0)" } ?? "")\n" }
        if let o = e.observed { out += "  observed:  \(o)\n" }
        if let x = e.expected { out += "  expected:  \(x)\n" }
        out += "  reason:    \(e.reason)\n"
        if let r = e.rawLine { out += "  raw line:  \(r)\n" }
        if let n = e.note { out += "  note:      \(n)\n" }
        if let r = e.resolvedAt { out += "  resolved:  \(r)\n" }
        return out
    }

    /// JSON for `--format json` of any quarantine output.
    public static func renderJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
