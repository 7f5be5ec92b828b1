import GRDB
import KlarsynStore

/// Final accounting of one loaded file.
struct FileOutcome {
    var lines: Int
    var headerLines: Int
    var accepted: Int
    var quarantined: Int
    var held: Int
    var flagged: Int
    var holdReason: String?
    var rules: [String: Int]
}

extension FileLoader {
    private func q(_ n: String) -> String { "\"\(n)\"" }
    private var table: String { q(contract.stagingTable) }

    /// This file's staging rows by key range (`row_id` = file_id · 2^32 + line_no): no index needed.
    private func fileRows(_ alias: String?) -> String {
        "\(alias.map { "\($0)." } ?? "")row_id BETWEEN \(fileID << 32) AND \(fileID << 32 | 0xFFFF_FFFF)"
    }

    /// A line found by a set-based check.
    private struct Finding {
        var line: Int
        var rule: String
        var column: Int
        var observed: String?
        var expected: String
        var reason: String
        var action: RuleAction
        var replayable: Bool
    }

    private func apply(_ findings: [Finding]) throws {
        guard !findings.isEmpty else { return }
        let delete = try BulkInserter(db, sql: "DELETE FROM \(table) WHERE row_id = ? + ?")
        var removed = 0, replayable = 0
        for f in findings {
            try record(line: f.line, rule: f.rule, column: f.column, observed: f.observed, expected: f.expected, reason: f.reason, action: f.action, replayable: f.replayable)
            if f.action == .quarantine || f.action == .hold || f.action == .null {
                // A row-level finding cannot null a value after the fact: `null` behaves like quarantine here.
                delete.bind(1, int: fileID << 32)
                delete.bind(2, int: Int64(f.line))
                try delete.step()
                removed += 1
                // Lines waiting for other data and copies of earlier deliveries do not make a file broken.
                if f.replayable || f.rule == "key.duplicate_across_files" { replayable += 1 }
                if f.action == .hold { markHeld("line \(f.line) broke a rule whose action is hold (\(f.rule))") }
            }
        }
        addQuarantined(removed, replayable: replayable)
    }

    private func fileName(of id: Int64) throws -> String {
        try String.fetchOne(db, sql: "SELECT file_name FROM landing_files WHERE file_id = ?", arguments: [id]) ?? "file \(id)"
    }

    /// Duplicates, overlapping periods and unknown references, as set-based SQL over this file's rows.
    func runSetChecks(contracts: ContractSet) throws {
        guard holdReason == nil else { return }
        let idCol = contract.identity.first.flatMap { n in contract.columns.firstIndex { $0.name == n } } ?? -1
        if !contract.identity.isEmpty {
            var keyCols = contract.identity
            if contract.combine == .newestVersion, let v = contract.versionColumn { keyCols.append(v) }
            let on = keyCols.map { "t.\(q($0)) = s.\(q($0))" }.joined(separator: " AND ")
            let keySel = keyCols.map { "s.\(q($0))" }.joined(separator: " || '|' || ")
            let keyNames = keyCols.joined(separator: " + ")
            // Within this file: the later line of two with the same key. Equal keys have equal
            // hashes, so only lines sharing a hash with an earlier line are compared, each with the
            // earlier lines of its hash in order (the first equal one is the first occurrence),
            // by row_id: no index on the identity columns is needed (ADR 0070).
            var findings: [Finding] = []
            var pairs: [(line: Int, first: Int, key: String?)] = []
            if !sameKeyHashLines.isEmpty {
                let statement = try db.cachedStatement(sql: "SELECT \(keySel) FROM \(table) s JOIN \(table) t ON \(on) WHERE s.row_id = ? AND t.row_id = ?")
                for lines in sameKeyHashLines.values {
                    for i in 1..<lines.count {
                        for earlier in lines[..<i] {
                            if let row = try Row.fetchOne(statement, arguments: [fileID << 32 | Int64(lines[i]), fileID << 32 | Int64(earlier)]) {
                                pairs.append((lines[i], earlier, row[0]))
                                break
                            }
                        }
                    }
                }
                pairs.sort { $0.line < $1.line }
            }
            for (line, first, key) in pairs {
                findings.append(Finding(
                    line: line, rule: "key.duplicate_in_file", column: idCol, observed: key, expected: "\(keyNames) unique within the file",
                    reason: "Line \(line) has the same \(keyNames) as line \(first) of this file; only the first is kept. Ask the sender which is right.",
                    action: contract.onDuplicate, replayable: false))
            }
            try apply(findings)
            // Across files: the same key (and version) already delivered; for sources without a version
            // column only an identical row counts as a duplicate (a changed row is a new version).
            findings = []
            var content = ""
            if contract.combine != .newestVersion {
                content = StagingSchema.columns(of: contract).map(\.name).filter { !keyCols.contains($0) }
                    .map { " AND t.\(q($0)) IS s.\(q($0))" }.joined()
            }
            var rows: [Row] = []
            if keyFilter != nil {
                // Only the lines whose key the run's filter has seen before (ADR 0029), one exact look-up each.
                let statement = try db.cachedStatement(sql: """
                    SELECT s.line_no, min(t.file_id * 4294967296 + t.line_no), \(keySel) FROM \(table) s JOIN \(table) t
                    ON \(on) AND +t.file_id <> s.file_id\(content)
                    WHERE s.row_id = ?
                    """)
                for line in crossFileCandidates {
                    if let row = try Row.fetchOne(statement, arguments: [fileID << 32 | Int64(line)]), !row.hasNull(atIndex: 1) {
                        rows.append(row)
                    }
                }
            } else {
                let otherFiles = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE row_id < ? OR row_id > ?)", arguments: [fileID << 32, fileID << 32 | 0xFFFF_FFFF]) ?? true
                rows = !otherFiles ? [] : try Row.fetchAll(db, sql: """
                    SELECT s.line_no, min(t.file_id * 4294967296 + t.line_no), \(keySel) FROM \(table) s JOIN \(table) t
                    ON \(on) AND +t.file_id <> s.file_id\(content)
                    WHERE \(fileRows("s")) GROUP BY s.line_no ORDER BY s.line_no
                    """)
            }
            for row in rows {
                let line: Int = row[0], ref: Int64 = row[1]
                let otherFile = try fileName(of: ref >> 32)
                findings.append(Finding(
                    line: line, rule: "key.duplicate_across_files", column: idCol, observed: row[2], expected: "a new \(keyNames) or a changed row",
                    reason: contract.combine == .newestVersion
                        ? "The same \(keyNames) was already delivered in \(otherFile) line \(ref & 0xFFFF_FFFF); this copy is a duplicate."
                        : "An identical row with the same \(contract.identity.joined(separator: " + ")) was already delivered in \(otherFile) line \(ref & 0xFFFF_FFFF); this copy is a duplicate.",
                    action: contract.onDuplicate, replayable: false))
            }
            try apply(findings)
        }
        for o in contract.overlapChecks {
            let g = { (a: String, b: String) in o.group.map { "\(a).\(self.q($0)) = \(b).\(self.q($0))" }.joined(separator: " AND ") }
            let f = q(o.from), to = q(o.to)
            let col = contract.columns.firstIndex { $0.name == o.from } ?? -1
            var findings: [Finding] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT s.line_no, min(t.file_id * 4294967296 + t.line_no), s.\(f), s.\(to) FROM \(table) s JOIN \(table) t
                ON \(g("t", "s")) AND t.\(f) <> s.\(f)
                   AND t.\(f) <= coalesce(s.\(to), '9999-12-31') AND s.\(f) <= coalesce(t.\(to), '9999-12-31')
                   AND (+t.file_id <> s.file_id OR +t.line_no < s.line_no)
                   AND NOT EXISTS (SELECT 1 FROM \(table) u WHERE \(g("u", "t")) AND u.\(f) = t.\(f)
                                   AND (+u.file_id > t.file_id OR (+u.file_id = t.file_id AND +u.line_no > t.line_no)))
                WHERE \(fileRows("s")) GROUP BY s.line_no ORDER BY s.line_no
                """) {
                let line: Int = row[0], ref: Int64 = row[1]
                let from: String = row[2], until: String? = row[3]
                let other = try Row.fetchOne(db, sql: "SELECT \(f), \(to) FROM \(table) WHERE row_id = ?", arguments: [ref])
                let oFrom: String = other?[0] ?? "?", oTo: String? = other?[1]
                let where_ = ref >> 32 == fileID ? "line \(ref & 0xFFFF_FFFF) of this file" : "\(try fileName(of: ref >> 32)) line \(ref & 0xFFFF_FFFF)"
                findings.append(Finding(
                    line: line, rule: "period.overlap", column: col, observed: "\(from) to \(until ?? "open")", expected: "periods of the same \(o.group.joined(separator: " + ")) that do not overlap",
                    reason: "The period \(from) to \(until ?? "open") overlaps the period \(oFrom) to \(oTo ?? "open") of the same \(o.group.joined(separator: " + ")) (\(where_)). Ask the vendor to close the earlier period.",
                    action: o.action, replayable: false))
            }
            try apply(findings)
        }
        for (c, col) in contract.columns.enumerated() {
            guard let ref = col.references, let target = contracts.contract(named: ref.source) else { continue }
            var findings: [Finding] = []
            var rows: [Row] = []
            if referenceSets[c] != nil {
                // Only the lines whose value is not in the in-memory set of referenced values (ADR 0029).
                let statement = try db.cachedStatement(sql: """
                    SELECT s.line_no, s.\(q(col.name)) FROM \(table) s
                    WHERE s.row_id = ? AND s.\(q(col.name)) IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM \(q(target.stagingTable)) r WHERE r.\(q(ref.column)) = s.\(q(col.name)))
                    """)
                for line in referenceCandidates[c] ?? [] {
                    if let row = try Row.fetchOne(statement, arguments: [fileID << 32 | Int64(line)]) { rows.append(row) }
                }
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT s.line_no, s.\(q(col.name)) FROM \(table) s
                    WHERE \(fileRows("s")) AND s.\(q(col.name)) IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM \(q(target.stagingTable)) r WHERE r.\(q(ref.column)) = s.\(q(col.name)))
                    ORDER BY s.line_no
                    """)
            }
            for row in rows {
                let line: Int = row[0], value: String = row[1]
                findings.append(Finding(
                    line: line, rule: "reference.unknown", column: c, observed: value, expected: "a \(ref.column) known in \(target.stagingTable)",
                    reason: ref.action == .quarantine
                        ? "\(col.header) \(value) is not (yet) known in \(target.title) (\(target.name)). The line is kept and re-checked by `klarsyn quarantine replay` when a new \(target.name) file arrives."
                        : "\(col.header) \(value) is not known in \(target.title) (\(target.name)).",
                    action: ref.action, replayable: ref.action == .quarantine))
            }
            try apply(findings)
        }
    }

    /// Applies the failure-share rule, holds if needed, records months and verifies the invariant.
    func finish(deliveryDate: String?) throws -> FileOutcome {
        let failed = quarantinedLines - replayableLines
        if holdReason == nil, dataLines > 0, Double(failed) / Double(dataLines) > contract.holdWhenFailedShareAbove {
            let pct = Int((Double(failed) / Double(dataLines) * 100).rounded())
            markHeld("\(failed) of \(dataLines) data lines (\(pct)%) failed, more than the contract's limit of \(Int(contract.holdWhenFailedShareAbove * 100))%")
        }
        var held = 0
        if let reason = holdReason {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(fileRows(nil))")
            try db.execute(sql: "UPDATE quarantine SET action = 'hold' WHERE file_id = ? AND action = 'quarantine'", arguments: [fileID])
            try record(line: 0, rule: "file.held", column: -1, observed: nil, expected: "a file that passes the contract",
                       reason: "The file is held: \(reason). Nothing of it is in staging; its lines are kept in raw_lines. Fix the cause (a corrected delivery, or a contract change) and ingest again.",
                       action: .hold)
            held = dataLines
        } else if let m = contract.monthColumn {
            try recordMonths(monthColumn: m, deliveryDate: deliveryDate)
        }
        // The invariant, counted from the database inside the same transaction.
        let linesDB = try RawLines.count(db, fileID: fileID)
        let acceptedDB = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(fileRows(nil))") ?? -1
        let quarantinedDB = try Int.fetchOne(db, sql: "SELECT count(DISTINCT line_no) FROM quarantine WHERE file_id = ? AND action = 'quarantine' AND line_no > 0", arguments: [fileID]) ?? -1
        let accepted = holdReason == nil ? inserted : 0
        let quarantined = holdReason == nil ? quarantinedLines : 0
        guard linesDB == lines, acceptedDB == accepted, quarantinedDB == quarantined, lines == headerLines + accepted + quarantined + held else {
            throw IngestError(
                code: "ingest.invariant_broken",
                message: "Line accounting for '\(fileName)' does not add up: \(lines) lines read, \(linesDB) raw lines stored, header \(headerLines) + accepted \(acceptedDB) (expected \(accepted)) + quarantined \(quarantinedDB) (expected \(quarantined)) + held \(held). The load was rolled back; please report this as a bug with the file.")
        }
        let flagged = holdReason != nil ? 0 : (try Int.fetchOne(db, sql: """
            SELECT count(DISTINCT line_no) FROM quarantine WHERE file_id = ? AND action IN ('null', 'warn') AND line_no > ?
              AND line_no NOT IN (SELECT line_no FROM quarantine WHERE file_id = ? AND action IN ('quarantine', 'hold'))
            """, arguments: [fileID, headerLines, fileID]) ?? 0)
        var rules: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT rule, count(*) FROM quarantine WHERE file_id = ? GROUP BY rule", arguments: [fileID]) {
            rules[row[0]] = row[1]
        }
        return FileOutcome(lines: lines, headerLines: headerLines, accepted: accepted, quarantined: quarantined, held: held, flagged: flagged, holdReason: holdReason, rules: rules)
    }

    /// Records the months this file has rows in, and marks months changed by late rows or retractions.
    private func recordMonths(monthColumn m: String, deliveryDate: String?) throws {
        try db.execute(sql: """
            INSERT INTO loaded_months (source, month, file_id, rows)
            SELECT ?, substr(\(q(m)), 1, 7), file_id, count(*) FROM \(table)
            WHERE \(fileRows(nil)) AND \(q(m)) IS NOT NULL GROUP BY substr(\(q(m)), 1, 7)
            """, arguments: [contract.name])
        try FileLoader.markChangedMonths(db, contract: contract, fileID: fileID, deliveryDate: deliveryDate, now: now, kind: nil)
    }

    /// Marks the months of `fileID`'s rows that were already loaded from other files and are
    /// closed (before the delivery month) or were loaded from later deliveries.
    static func markChangedMonths(_ db: Database, contract: SourceContract, fileID: Int64, deliveryDate: String?, now: String, kind fixedKind: String?) throws {
        let deliveryMonth = deliveryDate.map { String($0.prefix(7)) } ?? "9999-12"
        for row in try Row.fetchAll(db, sql: "SELECT month, rows FROM loaded_months WHERE source = ? AND file_id = ?", arguments: [contract.name, fileID]) {
            let month: String = row[0], rows: Int = row[1]
            let laterDelivery = try String.fetchOne(db, sql: """
                SELECT max(l.delivery_date) FROM loaded_months m JOIN landing_files l ON l.file_id = m.file_id
                WHERE m.source = ? AND m.month = ? AND m.file_id <> ?
                """, arguments: [contract.name, month, fileID])
            guard let laterDelivery else { continue }  // first rows for this month
            let late = month < deliveryMonth || (deliveryDate.map { $0 < laterDelivery } ?? false)
            guard late || fixedKind != nil else { continue }
            var kind = fixedKind ?? "late_rows"
            if fixedKind == nil, let r = contract.retractionColumn, let mc = contract.monthColumn {
                let retractions = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM "\(contract.stagingTable)" WHERE row_id BETWEEN ? AND ? AND substr("\(mc)", 1, 7) = ? AND "\(r)" = 1
                    """, arguments: [fileID << 32, fileID << 32 | 0xFFFF_FFFF, month]) ?? 0
                if retractions > 0 { kind = "retraction" }
            }
            try db.execute(
                sql: "INSERT INTO changed_months (source, month, file_id, rows, kind, detected_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [contract.name, month, fileID, rows, kind, now])
        }
    }
}
