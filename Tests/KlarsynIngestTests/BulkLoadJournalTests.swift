import Foundation
import GRDB
import KlarsynIngest
import KlarsynStore
import Testing

/// ADR 0150: an exclusive ingest loads with a rollback journal and ends in WAL; a shared one keeps WAL.
@Suite struct BulkLoadJournalTests {
    /// The journal mode written in a SQLite file's header: 1 = rollback journal, 2 = WAL.
    static func headerJournalVersion(_ path: String) throws -> UInt8 {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let header = try #require(try handle.read(upToCount: 100))
        return header[header.startIndex + 18]
    }

    /// Header versions seen when each file starts (its predecessors committed).
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [UInt8] = []
        func append(_ v: UInt8) { lock.withLock { values.append(v) } }
        var all: [UInt8] { lock.withLock { values } }
    }

    static func deliver(_ f: Fixture) throws {
        try f.write(
            "pdc_employments_202401.csv",
            [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        var lines = [Fixture.shiftHeader]
        for i in 0..<300 { lines.append(Fixture.shift("S\(i)", i % 5 == 0 ? "E0000009" : "E0000001")) }
        lines.append("broken,line")
        try f.write("psc_shifts_20240312.csv", lines, encoding: .utf8)
        try f.write(
            "psc_shifts_20240319.csv",
            [Fixture.shiftHeader, Fixture.shift("S1", "E0000001", changed: "2024-03-19T08:00:00")], encoding: .utf8)
    }

    static func ingest(_ f: Fixture, _ w: Warehouse, shared: Bool = false) throws -> (IngestReport, [UInt8]) {
        let seen = Seen()
        let path = f.dir.appendingPathComponent("warehouse.sqlite").path
        let report = try f.ingestor(w).ingest(inbox: f.inbox, options: IngestOptions(sharedWarehouse: shared)) { p in
            if p.phase == .hashing && p.fileIndex > 1, let v = try? headerJournalVersion(path) { seen.append(v) }
        }
        return (report, seen.all)
    }

    @Test func anExclusiveLoadUsesARollbackJournalAndEndsInWAL() throws {
        let f = try Fixture()
        try Self.deliver(f)
        let w = try f.warehouse()
        let (report, during) = try Self.ingest(f, w)
        #expect(report.invariantHolds && report.files.map(\.status) == [.loaded, .loaded, .loaded])
        #expect(during == [1, 1])
        let path = f.dir.appendingPathComponent("warehouse.sqlite").path
        #expect(try Self.headerJournalVersion(path) == 2)
        #expect(try w.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
    }

    @Test func aLoadKeepsWALWhenAnotherConnectionHasTheWarehouseOpenOrWhenAskedTo() throws {
        let f = try Fixture()
        try Self.deliver(f)
        let w = try f.warehouse()
        // Another process's connection (e.g. `klarsyn serve`), open during the whole run.
        let reader = try f.warehouse()
        #expect(try reader.count("SELECT count(*) FROM landing_files") == 0)
        let (report, during) = try Self.ingest(f, w)
        #expect(report.invariantHolds && during == [2, 2])
        #expect(try reader.count("SELECT count(*) FROM landing_files") == 3)

        let g = try Fixture()
        try Self.deliver(g)
        let (_, sharedDuring) = try Self.ingest(g, try g.warehouse(), shared: true)
        #expect(sharedDuring == [2, 2])
    }

    @Test func bothJournalModesEndInTheSameState() throws {
        let exclusive = try Fixture(), shared = try Fixture()
        try Self.deliver(exclusive)
        try Self.deliver(shared)
        let w1 = try exclusive.warehouse(), w2 = try shared.warehouse()
        let (r1, _) = try Self.ingest(exclusive, w1)
        let (r2, _) = try Self.ingest(shared, w2, shared: true)
        #expect(r1.totals.quarantined > 0 && r1.totals.quarantined == r2.totals.quarantined)
        #expect(try w1.dump() == (try w2.dump()))
    }
}
