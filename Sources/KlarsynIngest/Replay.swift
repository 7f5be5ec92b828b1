import Foundation
import GRDB
import KlarsynStore

extension Ingestor {
    /// Whether quarantined rows wait for a replay (open, replayable, in a loaded file).
    func hasOpenReplayableRows() throws -> Bool {
        try warehouse.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM quarantine q JOIN landing_files l ON l.file_id = q.file_id
                    WHERE q.status = 'open' AND q.replayable = 1 AND q.action = 'quarantine' AND l.status = 'loaded')
                    """) ?? false
        }
    }

    /// Re-checks open, replayable quarantined lines (e.g. shifts of an employee HR did not know
    /// yet) against the current staging data and contracts, in one transaction. Lines that now
    /// pass are inserted into staging with their original file id and line number, their
    /// findings are marked `replayed`, the landing counts are updated (the invariant still holds)
    /// and their months are marked changed (`replay`).
    public func replayQuarantine(progress: (@Sendable (IngestProgress) -> Void)? = nil) throws -> ReplayReport {
        let started = Date()
        let now = Ingestor.isoNow()
        let contracts = self.contracts
        return try warehouse.write { db in
            let candidates = try Row.fetchAll(db, sql: """
                SELECT DISTINCT q.file_id, q.line_no, l.source FROM quarantine q JOIN landing_files l ON l.file_id = q.file_id
                WHERE q.status = 'open' AND q.replayable = 1 AND q.action = 'quarantine' AND l.status = 'loaded'
                ORDER BY q.file_id, q.line_no
                """)
            var report = ReplayReport(checked: 0, accepted: 0, stillOpen: 0, acceptedBySource: [:], seconds: 0)
            var byFile: [(Int64, String, [Int])] = []
            for r in candidates {
                let f: Int64 = r[0], line: Int = r[1], source: String = r[2]
                if byFile.last?.0 == f { byFile[byFile.count - 1].2.append(line) } else { byFile.append((f, source, [line])) }
            }
            var ensured = Set<String>()
            for (fileID, source, lines) in byFile {
                report.checked += lines.count
                guard let contract = contracts.contract(named: source) else {
                    report.stillOpen += lines.count
                    continue
                }
                // Once per source, not per file: `ensure` recreates views, which invalidates every prepared statement.
                if ensured.insert(contract.name).inserted {
                    let referencedBy = contracts.contracts.flatMap { c in c.columns.compactMap { $0.references } }
                    for c in contracts.contracts where c.name == contract.name || contract.columns.contains(where: { $0.references?.source == c.name }) {
                        try StagingSchema.ensure(db, contract: c, referencedColumns: referencedBy.filter { $0.source == c.name }.map(\.column))
                    }
                }
                let accepted = try replayFile(db, contract: contract, fileID: fileID, lines: lines, now: now)
                report.accepted += accepted
                report.stillOpen += lines.count - accepted
                if accepted > 0 { report.acceptedBySource[source, default: 0] += accepted }
                progress?(IngestProgress(phase: .replaying, fileName: source, fileIndex: 0, fileCount: 0, bytesDone: 0, bytesTotal: 0, lines: report.checked))
            }
            report.seconds = Date().timeIntervalSince(started)
            return report
        }
    }

    private func replayFile(_ db: Database, contract: SourceContract, fileID: Int64, lines: [Int], now: String) throws -> Int {
        let processor = RowProcessor(contract: contract)
        let table = "\"\(contract.stagingTable)\""
        let insert = try BulkInserter(db, table: contract.stagingTable, columns: ["row_id", "file_id", "line_no"] + processor.stagingColumnNames)
        // The header of this file as it was delivered.
        var columnToField = Array(repeating: -1, count: contract.columns.count)
        for r in try Row.fetchAll(db, sql: "SELECT position, column_name FROM file_columns WHERE file_id = ? AND column_name IS NOT NULL", arguments: [fileID]) {
            let pos: Int = r[0], name: String = r[1]
            if let c = contract.columns.firstIndex(where: { $0.name == name }) { columnToField[c] = pos - 1 }
        }
        let refChecks: [(Int, BulkInserter)] = try contract.columns.enumerated().compactMap { c, col in
            guard let ref = col.references, ref.action == .quarantine, let target = contracts.contract(named: ref.source) else { return nil }
            return (c, try BulkInserter(db, sql: "SELECT 1 FROM \"\(target.stagingTable)\" WHERE \"\(ref.column)\" = ? LIMIT 1"))
        }
        var delimited = DelimitedDecoder(delimiter: contract.delimiter, quote: contract.quote)
        defer { delimited.deallocate() }
        var json = JSONLinesDecoder()
        defer { json.deallocate() }
        var acceptedLines: [Int] = []
        for line in lines {
            guard var raw = try RawLines.line(db, fileID: fileID, lineNo: line) else { continue }
            let ok: Bool = try raw.withUTF8 { buf -> Bool in
                guard let base = buf.baseAddress else { return false }
                processor.resetViolations()
                if contract.format == .delimited {
                    guard delimited.next(base, count: buf.count, offset: 0, atEOF: true) == .record, delimited.problem == nil else { return false }
                    let fields = delimited.fields
                    let map = columnToField
                    guard fields.count > (map.max() ?? -1) else { return false }
                    fields.withUnsafeBufferPointer { f in processor.process { c in map[c] >= 0 ? f[map[c]] : nil } }
                } else {
                    guard json.decode(base, count: buf.count) == nil else { return false }
                    var values = [FieldSlice?](repeating: nil, count: contract.columns.count)
                    for m in json.members {
                        let key = RowProcessor.string(m.key)
                        if let c = contract.columns.firstIndex(where: { $0.header == key || $0.aliases.contains(key) }) {
                            values[c] = m.kind == .null ? FieldSlice(start: m.value.start, count: 0) : m.value
                        }
                    }
                    processor.process { values[$0] }
                }
                if let worst = processor.worstAction, worst == .quarantine || worst == .hold { return false }
                for (c, check) in refChecks {
                    guard case .text(let p, let n) = processor.cells[c] else { continue }
                    check.bind(1, text: p, count: n)
                    if try check.stepInt() == nil { return false }
                }
                try processor.insert(insert, fileID: fileID, lineNo: Int64(line))
                return true
            }
            if ok { acceptedLines.append(line) }
        }
        guard !acceptedLines.isEmpty else { return 0 }
        let mark = try BulkInserter(db, sql: """
            UPDATE quarantine SET status = 'replayed', resolved_at = ? WHERE file_id = ? AND line_no = ? AND status = 'open' AND action = 'quarantine'
            """)
        for line in acceptedLines {
            mark.bind(1, now)
            mark.bind(2, int: fileID)
            mark.bind(3, int: Int64(line))
            try mark.step()
        }
        let n = acceptedLines.count
        try db.execute(sql: "UPDATE landing_files SET accepted = accepted + ?, quarantined = quarantined - ? WHERE file_id = ?", arguments: [n, n, fileID])
        // The invariant, re-checked from the database.
        let accepted = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE row_id BETWEEN ? AND ?", arguments: [fileID << 32, fileID << 32 | 0xFFFF_FFFF]) ?? -1
        let quarantined = try Int.fetchOne(db, sql: "SELECT count(DISTINCT line_no) FROM quarantine WHERE file_id = ? AND action = 'quarantine' AND line_no > 0 AND status <> 'replayed'", arguments: [fileID]) ?? -1
        let row = try Row.fetchOne(db, sql: "SELECT lines, header_lines, accepted, quarantined, held, file_name FROM landing_files WHERE file_id = ?", arguments: [fileID])!
        let lines: Int = row[0], header: Int = row[1], accL: Int = row[2], quaL: Int = row[3], held: Int = row[4], name: String = row[5]
        guard accepted == accL, quarantined == quaL, lines == header + accL + quaL + held else {
            throw IngestError(code: "ingest.invariant_broken", message: "Replay would break the line accounting of '\(name)'; it was rolled back. Please report this as a bug.")
        }
        // Months changed by the replayed rows.
        if let m = contract.monthColumn {
            let list = acceptedLines.map { String(fileID << 32 | Int64($0)) }.joined(separator: ",")
            for r in try Row.fetchAll(db, sql: """
                SELECT substr("\(m)", 1, 7), count(*) FROM \(table) WHERE row_id IN (\(list)) AND "\(m)" IS NOT NULL GROUP BY 1
                """) {
                let month: String = r[0], rows: Int = r[1]
                // Only a month that was already loaded changes; a month seen for the first time is new data.
                let seen = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM loaded_months WHERE source = ? AND month = ?)", arguments: [contract.name, month]) ?? false
                try db.execute(sql: """
                    INSERT INTO loaded_months (source, month, file_id, rows) VALUES (?, ?, ?, ?)
                    ON CONFLICT (source, month, file_id) DO UPDATE SET rows = rows + excluded.rows
                    """, arguments: [contract.name, month, fileID, rows])
                if seen {
                    try db.execute(sql: "INSERT INTO changed_months (source, month, file_id, rows, kind, detected_at) VALUES (?, ?, ?, ?, 'replay', ?)",
                                   arguments: [contract.name, month, fileID, rows, now])
                }
            }
        }
        return n
    }
}
