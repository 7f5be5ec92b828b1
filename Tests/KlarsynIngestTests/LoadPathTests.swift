import Foundation
import GRDB
import KlarsynIngest
import KlarsynStore
import Testing

/// The load path of ADR 0070–0071: identity indexes keyed in delivery order, the within-file
/// duplicate check without an identity-first index, and inserts on a second thread.
@Suite struct LoadPathTests {
    func indexColumns(_ w: Warehouse, _ index: String) throws -> [String] {
        try w.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [index])
        }
    }

    @Test func identityIndexesLeadWithTheColumnThatGrowsWithDeliveries() throws {
        let f = try Fixture()
        try f.write(
            "pdc_employments_202401.csv",
            [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("psc_shifts_20240312.csv", [Fixture.shiftHeader, Fixture.shift("S1", "E0000001")], encoding: .utf8)
        try f.write(
            "psc_absences_20240312.csv",
            [
                Fixture.absenceHeader,
                Fixture.absence("A1", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00"),
            ], encoding: .utf8)
        let w = try f.warehouse()
        _ = try f.ingestor(w).ingest(inbox: f.inbox)
        // newest_version: the version column first; otherwise the month column first.
        #expect(try indexColumns(w, "stg_psc_shifts_identity") == ["last_changed", "shift_id"])
        #expect(try indexColumns(w, "stg_psc_absences_identity") == ["date", "absence_id"])
        // No version or month column: the identity as declared (it also serves reference look-ups).
        #expect(try indexColumns(w, "stg_pdc_employments_identity") == ["employee_id", "valid_from"])
        // The cross-file duplicate look-up (identity + every content column) can use the reordered index.
        let plan = try w.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT 1 FROM stg_psc_absences s JOIN stg_psc_absences t
                    ON t.absence_id = s.absence_id AND +t.file_id <> s.file_id AND t.employee_id IS s.employee_id AND t.date IS s.date
                       AND t.code IS s.code AND t.part IS s.part AND t.registered_at IS s.registered_at AND t.deleted IS s.deleted
                    WHERE s.row_id = 1
                    """
            ).map { $0["detail"] as String }.joined(separator: "\n")
        }
        #expect(plan.contains("stg_psc_absences_identity"), "\(plan)")
    }

    @Test func anIdentityFirstIndexFromAnOlderWarehouseIsRebuiltAndStillFindsCopies() throws {
        let f = try Fixture()
        try f.write(
            "pdc_employments_202401.csv",
            [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write(
            "psc_shifts_20240312.csv",
            [Fixture.shiftHeader, Fixture.shift("S1", "E0000001"), Fixture.shift("S2", "E0000001")], encoding: .utf8)
        let w = try f.warehouse()
        _ = try f.ingestor(w).ingest(inbox: f.inbox)
        try w.write { db in
            try db.execute(sql: "DROP INDEX stg_psc_shifts_identity")
            try db.execute(sql: "CREATE INDEX stg_psc_shifts_identity ON stg_psc_shifts (shift_id, last_changed)")
        }
        try f.write(
            "psc_shifts_20240313.csv",
            [Fixture.shiftHeader, Fixture.shift("S2", "E0000001"), Fixture.shift("S3", "E0000001")], encoding: .utf8)
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let day2 = try #require(r.files.first { $0.fileName == "psc_shifts_20240313.csv" })
        #expect(day2.accepted == 1 && day2.rules["key.duplicate_across_files"] == 1)
        #expect(try indexColumns(w, "stg_psc_shifts_identity") == ["last_changed", "shift_id"])
    }

    @Test func everyRepeatOfAnIdentityInAFileNamesItsFirstLine() throws {
        let f = try Fixture()
        try f.write(
            "pdc_employments_202401.csv",
            [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        // Absences combine by newest delivery: within one file the identity alone decides, even
        // when the date (the index's first column) differs.
        try f.write(
            "psc_absences_20240312.csv",
            [
                Fixture.absenceHeader,
                Fixture.absence("A1", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00"),  // line 2
                Fixture.absence("A2", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00"),  // line 3
                Fixture.absence("A1", "E0000001", date: "2024-03-05", registered: "2024-03-12T08:00:00"),  // line 4: A1 again, other date
                Fixture.absence("A2", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00"),  // line 5: A2 again
                Fixture.absence("A1", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00"),  // line 6: A1 a third time
            ]
                + (3...6).map {
                    Fixture.absence("A\($0)", "E0000001", date: "2024-03-11", registered: "2024-03-12T08:00:00")
                },  // under the hold share
            encoding: .utf8)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let file = try #require(r.files.first { $0.fileName == "psc_absences_20240312.csv" })
        #expect(file.accepted == 6 && file.quarantined == 3 && file.rules["key.duplicate_in_file"] == 3)
        let found = try QuarantineReview(warehouse: w).list(QuarantineFilter(rule: "key.duplicate_in_file"))
        #expect(found.map(\.lineNo) == [4, 5, 6])
        #expect(
            found.map { $0.reason.contains("as line \($0.observed == "A1" ? 2 : 3) of this file") } == [
                true, true, true,
            ])
        #expect(try w.count("SELECT count(*) FROM stg_psc_absences") == 6)
    }

    @Test func theBulkPipeRunsRowsInOrderAndReportsTheFirstFailure() throws {
        let w = try Warehouse.inMemory()
        try w.write { db in try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)") }
        // Enough rows for several batches, then a NULL into a NOT NULL column.
        let thrown = try w.write { db -> (any Error)? in
            let pipe = BulkPipe([try BulkInserter(db, table: "t", columns: ["k", "v"])])
            pipe.begin()
            for k in 1...100_000 {
                pipe.row(0)
                pipe.int(1, Int64(k))
                pipe.text(2, "value \(k)")
                pipe.endRow()
            }
            try pipe.drain()
            pipe.begin()
            pipe.row(0); pipe.int(1, Int64(100_001)); pipe.null(2); pipe.endRow()
            pipe.row(0); pipe.int(1, Int64(100_002)); pipe.text(2, "after the failure"); pipe.endRow()
            do {
                try pipe.drain()
                return nil
            } catch {
                return error
            }
        }
        #expect(thrown.map { "\($0)".contains("store.insert_failed") } == true)
        #expect(try w.count("SELECT count(*) FROM t") == 100_000)
        #expect(try w.count("SELECT count(*) FROM t WHERE v = 'value ' || k") == 100_000)
    }
}
