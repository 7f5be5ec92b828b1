import Foundation
import GRDB
import KlarsynStore
import Testing
@testable import KlarsynIngest

@Suite struct MoreIngestTests {
    @Test func aFileNameWithoutDeliveryDateIsHeld() throws {
        let f = try Fixture()
        try f.write("psc_shifts_latest.csv", [Fixture.shiftHeader, Fixture.shift("S1", "E0000001")], encoding: .utf8)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(r.files[0].status == .held && r.files[0].rules["file.name_date"] == 1 && r.exitCode == .held)
    }

    @Test func orderRulesAndLocalTimesAcrossDST() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252, newline: "\r\n")
        try f.write("psc_shifts_20240401.csv", [
            Fixture.shiftHeader,
            Fixture.shift("S1", "E0000001", start: "2024-03-30T23:00:00", end: "2024-03-31T07:00:00"),  // 7 real hours: DST
            Fixture.shift("S2", "E0000001", start: "2024-03-12T15:00:00", end: "2024-03-12T07:00:00"),  // ends before it starts
            Fixture.shift("S3", "E0000001"),
        ], encoding: .utf8)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(r.files.allSatisfy { $0.status == .loaded })
        let q = try QuarantineReview(warehouse: w).list(QuarantineFilter(source: "psc_shifts"))
        #expect(q.count == 1 && q[0].rule == "value.order" && q[0].lineNo == 3 && q[0].sourceHeader == "end")
        let s1 = try w.rows("SELECT end_utc - start_utc, start FROM stg_psc_shifts WHERE shift_id = 'S1'")[0]
        #expect(s1[0] as Int == 7 * 3600 && s1[1] as String == "2024-03-30T23:00:00")
        // The CRLF Windows-1252 file was read line by line with its CR removed.
        #expect(try w.rows("SELECT termination_reason FROM stg_pdc_employments")[0][0] as String? == nil)
        #expect(try w.count("SELECT count(*) FROM raw_lines WHERE line LIKE '%' || char(13) || '%'") == 0)
    }

    @Test func quotedFieldsWithDelimitersAndLineBreaksKeepTheirLineNumbers() throws {
        let f = try Fixture()
        try f.write("survey_20240601.csv", [
            "round,unit_id,question_id,question,respondents,mean_score",
            "2024H1,U0412,Q1,\"Trives du, alt i alt?\",12,3.8",
            "2024H1,U0412,Q2,\"To\nlinjer\",12,4.1",
            "2024H1,U0412,Q3,\"Sig \"\"hej\"\"\",12,9.9",
        ], encoding: .utf8)
        let w = try f.warehouse()
        let file = try #require(try f.ingestor(w).ingest(inbox: f.inbox).files.first)
        // 5 physical lines, 4 records: line numbers are where each record starts.
        #expect(file.lines == 4 && file.accepted == 2 && file.quarantined == 1)
        #expect(try w.rows("SELECT question FROM stg_survey WHERE line_no = 3")[0][0] as String == "To\nlinjer")
        let q = try QuarantineReview(warehouse: w).list()
        #expect(q.count == 1 && q[0].lineNo == 5 && q[0].rule == "value.range")
    }

    @Test func stagingRowsPointAtTheirRawLines() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        let w = try f.warehouse()
        _ = try f.ingestor(w).ingest(inbox: f.inbox)
        let line = try w.rows("SELECT r.line FROM stg_pdc_employments s JOIN raw_lines r ON r.id = s.row_id")[0][0] as String
        #expect(line == Fixture.employment("E0000001", from: "01-01-2024"))
    }
}

@Suite struct HeldFileTests {
    @Test func aHeldFileIsLoadedAgainAfterAContractChange() throws {
        let f = try Fixture()
        // The vendor renamed a header: the file is held under the shipped contract.
        try f.write("psc_shifts_20240312.csv", [
            Fixture.shiftHeader.replacingOccurrences(of: "overtime_minutes", with: "overtime"),
            Fixture.shift("S1", "E0000001"),
        ], encoding: .utf8)
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        let w = try f.warehouse()
        let first = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(first.files.first { $0.source == "psc_shifts" }?.status == .held)
        // Same bytes, same contract: nothing changes.
        #expect(try f.ingestor(w).ingest(inbox: f.inbox).files.allSatisfy { $0.status == .alreadyIngested })
        // A contract change (an alias), not a code change: the held file loads.
        var contracts = Fixture.contracts.contracts
        let i = contracts.firstIndex { $0.name == "psc_shifts" }!
        var text = try String(contentsOf: Fixture.sourcesFolder.appendingPathComponent("psc_shifts.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "header = \"overtime_minutes\"", with: "header = \"overtime_minutes\"\naliases = [\"overtime\"]")
        contracts[i] = try ContractSet.parse(toml: text, fileName: "psc_shifts.toml")
        let again = try Ingestor(warehouse: w, contracts: try ContractSet(contracts)).ingest(inbox: f.inbox)
        let shifts = try #require(again.files.first { $0.source == "psc_shifts" })
        #expect(shifts.status == .loaded && shifts.accepted == 1)
        #expect(try w.count("SELECT count(*) FROM landing_files") == 2)
        #expect(try w.count("SELECT count(*) FROM quarantine WHERE action = 'hold'") == 0)
    }
}

@Suite struct RedeliveryTests {
    @Test func aRedeliveryWithDifferentBytesIsAllDuplicatesButNotHeld() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        let rows = [Fixture.shiftHeader, Fixture.shift("S1", "E0000001"), Fixture.shift("S2", "E0000001")]
        try f.write("psc_shifts_20240312.csv", rows, encoding: .utf8)
        try f.write("psc_shifts_20240313.csv", rows, encoding: .utf8, newline: "\r\n")  // same rows, other bytes
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let second = try #require(r.files.first { $0.fileName == "psc_shifts_20240313.csv" })
        #expect(second.status == .loaded && second.accepted == 0 && second.quarantined == 2)
        #expect(second.rules["key.duplicate_across_files"] == 2 && r.exitCode == .ok)
    }
}
