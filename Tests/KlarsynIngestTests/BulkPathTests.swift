import Foundation
import GRDB
import KlarsynStore
import Testing
@testable import KlarsynIngest

/// The bulk-load paths of ADR 0028 (raw lines in blocks) and ADR 0029 (run-wide key filters and
/// referenced-value sets).
@Suite struct BulkPathTests {
    @Test func rawLinesSpanningSeveralBlocksReadBackOneByOne() throws {
        let f = try Fixture()
        let n = RawLines.blockSize * 2 + 7
        var lines = [Fixture.shiftHeader]
        for i in 1...n {
            // Quotes, backslashes, a tab and non-ASCII text must survive the JSON block encoding.
            lines.append(Fixture.shift("S\(i)", "E0000001") + (i % 50 == 0 ? ",\"x \\\" \\\\ \t æøå\"" : ""))
        }
        try f.write("psc_shifts_20240312.csv", lines, encoding: .utf8)
        let w = try f.warehouse()
        let file = try #require(try f.ingestor(w).ingest(inbox: f.inbox).files.first)
        #expect(file.lines == n + 1)
        #expect(try w.count("SELECT count(*) FROM raw_line_blocks") == 3)
        #expect(try w.count("SELECT count(*) FROM raw_lines") == n + 1)
        let id = try #require(file.fileID)
        for lineNo in [1, 2, 255, 256, 257, 512, 513, n + 1] {
            let stored = try w.read { db in try RawLines.line(db, fileID: id, lineNo: lineNo) }
            #expect(stored == lines[lineNo - 1])
            #expect(try w.rows("SELECT line FROM raw_lines WHERE id = ?", [id << 32 | Int64(lineNo)])[0][0] as String == lines[lineNo - 1])
        }
        #expect(try w.read { db in try RawLines.line(db, fileID: id, lineNo: n + 2) } == nil)
        #expect(try w.read { db in try RawLines.line(db, fileID: id, lineNo: 0) } == nil)
        // Quarantined lines carry their raw line (bound from the read buffer while streaming).
        let q = try w.rows("SELECT line_no, raw_line FROM quarantine WHERE line_no > 0 ORDER BY line_no")
        #expect(!q.isEmpty)
        for r in q { #expect(r[1] as String == lines[(r[0] as Int) - 1]) }
    }

    @Test func theMigrationMovesExistingRawLinesIntoBlocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("klarsyn-blocks-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let old = try Warehouse.open(path: path, migrations: WarehouseMigrations.landing)
        try old.write { db in
            for line in 1...300 {
                try db.execute(sql: "INSERT INTO raw_lines (id, file_id, line_no, line) VALUES (?, 5, ?, ?)", arguments: [5 << 32 | line, line, "line \"\(line)\""])
            }
        }
        let w = try Warehouse.open(path: path)
        #expect(try w.appliedMigrations() == ["landing-v1", "raw-line-blocks-v1"])
        #expect(try w.count("SELECT count(*) FROM raw_line_blocks") == 2)
        #expect(try w.count("SELECT count(*) FROM raw_lines WHERE file_id = 5") == 300)
        #expect(try w.read { db in try RawLines.count(db, fileID: 5) } == 300)
        #expect(try w.read { db in try RawLines.line(db, fileID: 5, lineNo: 257) } == "line \"257\"")
    }

    @Test func theKeyFilterHasNoFalseNegativesAndHashesStagingLikeCells() throws {
        let filter = KeyFilter(expectedKeys: 1_000)
        var hashes: [UInt64] = []
        for i in 0..<50_000 {
            var k = KeyHasher()
            k.int(Int64(i)); k.real(i == 0 ? -0.0 : Double(i) / 3); k.null()
            hashes.append(k.value)
            filter.insert(k.value)
        }
        #expect(hashes.allSatisfy(filter.mayContain))
        var a = KeyHasher(), b = KeyHasher()
        a.real(-0.0); b.real(0.0)
        #expect(a.value == b.value)
    }

    @Test func aDuplicateWrittenByAnotherConnectionDuringTheRunIsStillFound() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("psc_shifts_20240312.csv", [Fixture.shiftHeader, Fixture.shift("S1", "E0000001")], encoding: .utf8)
        try f.write("psc_shifts_20240313.csv", [Fixture.shiftHeader, Fixture.shift("S2", "E0000001")], encoding: .utf8)
        let w = try f.warehouse()
        let other = try Warehouse.open(path: w.path)
        // Between the run's two shift files (its key filter is warm by then), another connection
        // stages shift S2 with the same version: the run must notice and find the duplicate.
        let r = try f.ingestor(w).ingest(inbox: f.inbox) { p in
            guard p.phase == .hashing, p.fileName == "psc_shifts_20240313.csv" else { return }
            try? other.write { db in
                try db.execute(sql: """
                    INSERT INTO stg_psc_shifts (row_id, file_id, line_no, shift_id, employee_id, last_changed)
                    VALUES (98 << 32 | 2, 98, 2, 'S2', 'E0000001', '2024-03-12T16:00:00')
                    """)
            }
        }
        #expect(r.files.map(\.status) == [.loaded, .loaded, .loaded])
        #expect(r.files[2].rules["key.duplicate_across_files"] == 1)
    }
}
