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
