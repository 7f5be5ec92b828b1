import Foundation
import GRDB
import KlarsynStore
import Testing
@testable import KlarsynIngest

@Suite struct IngestTests {
    @Test func loadsAWindows1252VendorFileWithTypedValues() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202403.csv", [
            Fixture.employmentHeader,
            Fixture.employment("E0000001", from: "01-01-2024", hours: "37,00"),
            "E0000002;1975;M;3010;Overlæge;Tidsbegrænset;32,50;U0413;15-02-2024;31-12-2024;Udløb",
        ], encoding: .windows1252)
        let w = try f.warehouse()
        let report = try f.ingestor(w).ingest(inbox: f.inbox)
        let file = try #require(report.files.first)
        #expect(file.status == .loaded)
        #expect(file.lines == 3 && file.headerLines == 1 && file.accepted == 2 && file.quarantined == 0 && file.held == 0)
        #expect(file.encodingFound == "windows-1252")
        #expect(report.exitCode == .ok && report.invariantHolds)
        let rows = try w.rows("SELECT employee_id, occupation_title, weekly_hours, valid_from, valid_to, file_id, line_no FROM stg_pdc_employments ORDER BY line_no")
        #expect(rows[1][1] as String == "Overlæge")
        #expect(rows[1][2] as Double == 32.5)
        #expect(rows[1][3] as String == "2024-02-15")
        #expect(rows[1][4] as String == "2024-12-31")
        #expect(rows[0][4] as String? == nil)
        #expect(rows[1][6] as Int == 3)
        // Every line is kept raw; the landing row records the facts.
        #expect(try w.count("SELECT count(*) FROM raw_lines") == 3)
        #expect(try w.rows("SELECT line FROM raw_lines WHERE line_no = 1")[0][0] as String == Fixture.employmentHeader)
        let landing = try w.rows("SELECT source, delivery_date, contract_version, encoding_found, length(sha256), status FROM landing_files")[0]
        #expect(landing[0] as String == "pdc_employments" && landing[1] as String == "2024-03-01" && landing[2] as Int == 1)
        #expect(landing[4] as Int == 64 && landing[5] as String == "loaded")
        // Lineage: staging column ← header of the file.
        #expect(try w.rows("SELECT source_header FROM staging_columns WHERE staging_table = 'stg_pdc_employments' AND column_name = 'birth_year'")[0][0] as String == "Fødselsår")
        #expect(try w.rows("SELECT column_name FROM file_columns WHERE source_header = 'Ugentlige_timer'")[0][0] as String == "weekly_hours")
    }

    /// Every fault kind of sources/README.md lands in quarantine with its line and a reason.
    @Test func everyRowFaultKindIsQuarantinedWithLineAndReason() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202403.csv", [
            Fixture.employmentHeader,
            Fixture.employment("E0000001", from: "01-01-2024"),                 // 2 ok
            Fixture.employment("", from: "01-01-2024"),                         // 3 missing required
            Fixture.employment("12345", from: "01-01-2024"),                    // 4 malformed id
            Fixture.employment("E0000004", from: "31-02-2024"),                 // 5 date that does not exist
            Fixture.employment("E0000005", from: "01-01-2024", hours: "37.00"), // 6 wrong decimal mark
            Fixture.employment("E0000006", from: "2024-01-01"),                 // 7 wrong date layout
            "E0000007;1980;X;2210;Sygeplejerske;Fastansat;37,00;U0412;01-01-2024;;",  // 8 outside code list
            "E0000008;1980;K;2210",                                             // 9 too few fields
            Fixture.employment("E0000009", from: "01-01-2024"),                 // 10 ok
            Fixture.employment("E0000010", from: "01-01-2024"),                 // 11 ok
            Fixture.employment("E0000011", from: "01-01-2024"),                 // 12 ok
            Fixture.employment("E0000012", from: "01-01-2024"),                 // 13 ok
            Fixture.employment("E0000013", from: "01-01-2024"),                 // 14 ok
            Fixture.employment("E0000014", from: "01-01-2024"),                 // 15 ok
            Fixture.employment("E0000015", from: "01-01-2024"),                 // 16 ok
            "E0000016;1980;K;2210;Sygeplejerske;Fastan",                        // 17 truncated last line
        ], encoding: .windows1252, finalNewline: false)
        let w = try f.warehouse()
        let report = try f.ingestor(w).ingest(inbox: f.inbox)
        let file = try #require(report.files.first)
        #expect(file.status == .loaded)
        #expect(file.lines == 17 && file.accepted == 8 && file.quarantined == 8 && file.invariantHolds)
        let q = try QuarantineReview(warehouse: w).list(QuarantineFilter(limit: 1000)).filter { $0.lineNo > 1 }
        func finding(_ line: Int) -> QuarantineEntry? { q.first { $0.lineNo == line } }
        #expect(finding(3)?.rule == "value.missing" && finding(3)?.sourceHeader == "MedarbejderID")
        #expect(finding(4)?.rule == "value.pattern" && finding(4)?.observed == "12345")
        #expect(finding(5)?.rule == "value.not_real_date" && finding(5)?.column == "valid_from")
        #expect(finding(5)?.reason.contains("does not exist") == true)
        #expect(finding(6)?.rule == "value.decimal_mark" && finding(6)?.reason.contains("wrong decimal mark") == true)
        #expect(finding(7)?.rule == "value.type" && finding(7)?.expected?.contains("dd-mm-yyyy") == true)
        #expect(finding(8)?.rule == "value.domain" && finding(8)?.column == "gender")
        #expect(finding(9)?.rule == "line.field_count")
        #expect(finding(17)?.rule == "line.truncated" && finding(17)?.reason.contains("cut off") == true)
        #expect(finding(17)?.rawLine == "E0000016;1980;K;2210;Sygeplejerske;Fastan")
        #expect(q.allSatisfy { $0.status == .open && $0.action == "quarantine" })
    }

    @Test func aUTF8FileDeclaredWindows1252IsDetectedAndDecodedAsUTF8() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202403.csv", [Fixture.employmentHeader, "E0000002;1975;M;3010;Overlæge;Fastansat;37,00;U0413;15-02-2024;;"], encoding: .utf8)
        let w = try f.warehouse()
        let file = try #require(try f.ingestor(w).ingest(inbox: f.inbox).files.first)
        #expect(file.status == .loaded && file.accepted == 1)
        #expect(file.encodingDeclared == "windows-1252" && file.encodingFound == "utf-8")
        #expect(file.warnings.contains { $0.contains("encoding") })
        #expect(try w.rows("SELECT occupation_title FROM stg_pdc_employments")[0][0] as String == "Overlæge")
        #expect(try w.count("SELECT count(*) FROM quarantine WHERE rule = 'file.encoding' AND action = 'warn'") == 1)
    }

    @Test func aWindows1252FileDeclaredUTF8IsDetectedAndABOMIsHandled() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("interns_20240201.csv", [
            "intern_id,ehr_user_id,semester,unit_id,placement_start,placement_end,supervisor_employee_id",
            "I001,EHR1,4,Afsnit Ø,2024-02-01,2024-04-30,E0000001",
        ], encoding: .windows1252)
        try f.write("survey_20240301.csv", [
            "round,unit_id,question_id,question,respondents,mean_score",
            "2024H1,U0412,Q1,Trives du på din arbejdsplads?,12,3.8",
            "2024H1,U0413,Q1,Trives du på din arbejdsplads?,3,",
        ], encoding: .utf8, bom: true, newline: "\r\n")
        let w = try f.warehouse()
        let report = try f.ingestor(w).ingest(inbox: f.inbox)
        let interns = try #require(report.files.first { $0.source == "interns" })
        #expect(interns.encodingFound == "windows-1252" && interns.accepted == 1)
        #expect(try w.rows("SELECT unit_id FROM stg_interns")[0][0] as String == "Afsnit Ø")
        let survey = try #require(report.files.first { $0.source == "survey" })
        #expect(survey.status == .loaded && survey.accepted == 2 && survey.encodingFound == "utf-8 (BOM)")
        let s = try w.rows("SELECT round, question, mean_score FROM stg_survey ORDER BY line_no")
        #expect(s[0][0] as String == "2024H1" && s[0][1] as String == "Trives du på din arbejdsplads?" && s[0][2] as Double == 3.8)
        #expect(s[1][2] as Double? == nil)
    }

    @Test func theSameBytesDeliveredAgainChangeNothing() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202403.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        let w = try f.warehouse()
        let first = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(first.files[0].status == .loaded)
        let before = try w.dump()
        let again = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(again.files[0].status == .alreadyIngested && again.exitCode == .ok)
        // Same bytes under another name: still the same delivery.
        try FileManager.default.copyItem(at: f.inbox.appendingPathComponent("pdc_employments_202403.csv"), to: f.inbox.appendingPathComponent("pdc_employments_20240315.csv"))
        let copy = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(copy.files.allSatisfy { $0.status == .alreadyIngested })
        #expect(copy.files.contains { $0.message?.contains("pdc_employments_202403.csv") == true })
        #expect(try w.dump() == before)
    }

    @Test func unknownEmployeesAreKeptAndReplayedWhenHRArrives() throws {
        let f = try Fixture()
        try f.write("psc_shifts_20240312.csv", [
            Fixture.shiftHeader,
            Fixture.shift("S1", "E0000001"),
            Fixture.shift("S2", "E0000099"),
        ], encoding: .utf8)
        let w = try f.warehouse()
        let r1 = try f.ingestor(w).ingest(inbox: f.inbox)
        let s = try #require(r1.files.first)
        // Nothing known yet: both kept for later, and the file is not held for it.
        #expect(s.status == .loaded && s.accepted == 0 && s.quarantined == 2)
        let open = try QuarantineReview(warehouse: w).list(QuarantineFilter(rule: "reference.unknown"))
        #expect(open.count == 2 && open.allSatisfy(\.replayable) && open[0].lineNo == 2)
        #expect(open[0].reason.contains("replay"))
        // HR's file arrives: the auto-replay after ingest accepts the known one.
        try f.write("pdc_employments_20240313.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        let r2 = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(r2.replay?.accepted == 1 && r2.replay?.stillOpen == 1)
        #expect(try w.rows("SELECT file_id, line_no, shift_id FROM stg_psc_shifts").map { $0[2] as String } == ["S1"])
        let landing = try w.rows("SELECT accepted, quarantined, lines FROM landing_files WHERE source = 'psc_shifts'")[0]
        #expect(landing[0] as Int == 1 && landing[1] as Int == 1 && landing[2] as Int == 3)
        #expect(try w.count("SELECT count(*) FROM quarantine WHERE status = 'replayed'") == 1)
        // An explicit replay with nothing new changes nothing.
        let r3 = try f.ingestor(w).replayQuarantine()
        #expect(r3.checked == 1 && r3.accepted == 0)
    }

    /// A run killed after HR's file was committed but before the replay was: the next run loads
    /// nothing new, yet must replay, or the shift would stay quarantined although an
    /// uninterrupted run accepts it.
    @Test func aRunInterruptedBeforeItsReplayIsReplayedByTheNextRun() throws {
        let f = try Fixture()
        try f.write("psc_shifts_20240312.csv", [Fixture.shiftHeader, Fixture.shift("S1", "E0000001")], encoding: .utf8)
        let w = try f.warehouse()
        _ = try f.ingestor(w).ingest(inbox: f.inbox)
        try f.write("pdc_employments_20240313.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        // Stands in for the kill: every file committed, the replay never ran.
        let cut = try f.ingestor(w).ingest(inbox: f.inbox, options: IngestOptions(replayAfterIngest: false))
        #expect(cut.replay == nil)
        #expect(try w.count("SELECT count(*) FROM stg_psc_shifts") == 0)
        let rerun = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(rerun.files.allSatisfy { $0.status == .alreadyIngested })
        #expect(rerun.replay?.accepted == 1 && rerun.replay?.stillOpen == 0)
        #expect(try w.rows("SELECT shift_id FROM stg_psc_shifts").map { $0[0] as String } == ["S1"])
        // Nothing open any more: a further run does not replay at all.
        #expect(try f.ingestor(w).ingest(inbox: f.inbox).replay == nil)
    }

    @Test func duplicatesWithinAndAcrossFilesAndNewestVersionWins() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("psc_shifts_20240312.csv", [
            Fixture.shiftHeader,
            Fixture.shift("S1", "E0000001"),
            Fixture.shift("S1", "E0000001"),  // same id and version in the same file
        ], encoding: .utf8)
        try f.write("psc_shifts_20240313.csv", [
            Fixture.shiftHeader,
            Fixture.shift("S1", "E0000001"),  // delivered again in a later file
            Fixture.shift("S1", "E0000001", status: "cancelled", changed: "2024-03-13T09:00:00"),  // a real change
        ], encoding: .utf8)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let day1 = try #require(r.files.first { $0.fileName == "psc_shifts_20240312.csv" })
        let day2 = try #require(r.files.first { $0.fileName == "psc_shifts_20240313.csv" })
        #expect(day1.accepted == 1 && day1.quarantined == 1 && day1.rules["key.duplicate_in_file"] == 1)
        #expect(day2.accepted == 1 && day2.quarantined == 1 && day2.rules["key.duplicate_across_files"] == 1)
        let dup = try QuarantineReview(warehouse: w).list(QuarantineFilter(rule: "key.duplicate_across_files"))[0]
        #expect(dup.lineNo == 2 && dup.reason.contains("psc_shifts_20240312.csv line 2"))
        // All versions are kept; the current view holds the newest.
        #expect(try w.count("SELECT count(*) FROM stg_psc_shifts") == 2)
        #expect(try w.rows("SELECT status FROM stg_psc_shifts_current")[0][0] as String == "cancelled")
    }

    @Test func overlappingEmploymentPeriodsAreQuarantinedButNewVersionsAreNot() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("pdc_employments_202404.csv", [
            Fixture.employmentHeader,
            Fixture.employment("E0000001", from: "01-01-2024", to: "31-03-2024"),  // the open period closes: a new version
            Fixture.employment("E0000001", from: "01-04-2024", hours: "32,00"),    // the next period
            Fixture.employment("E0000001", from: "15-03-2024"),                    // overlaps both
        ], encoding: .windows1252)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let april = try #require(r.files.first { $0.fileName == "pdc_employments_202404.csv" })
        #expect(april.accepted == 2 && april.quarantined == 1)
        let q = try QuarantineReview(warehouse: w).list(QuarantineFilter(rule: "period.overlap"))
        #expect(q.count == 1 && q[0].lineNo == 4 && q[0].reason.contains("overlaps"))
        let current = try w.rows("SELECT valid_from, valid_to FROM stg_pdc_employments_current ORDER BY valid_from")
        #expect(current.map { $0[0] as String } == ["2024-01-01", "2024-04-01"])
        #expect(current[0][1] as String == "2024-03-31")
    }

    @Test func lateRegistrationsAndRetractionsMarkMonthsChanged() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
        try f.write("psc_absences_20240305.csv", [
            Fixture.absenceHeader,
            Fixture.absence("A1", "E0000001", date: "2024-03-04", registered: "2024-03-05T08:00:00"),
        ], encoding: .utf8)
        let w = try f.warehouse()
        let r1 = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(r1.changedMonths.isEmpty)
        // In May: a late registration for March, and March's absence is retracted.
        try f.write("psc_absences_20240503.csv", [
            Fixture.absenceHeader,
            Fixture.absence("A2", "E0000001", date: "2024-03-20", registered: "2024-05-02T10:00:00"),
            Fixture.absence("A1", "E0000001", date: "2024-03-04", registered: "2024-03-05T08:00:00", deleted: 1),
            Fixture.absence("A3", "E0000001", date: "2024-05-02", registered: "2024-05-02"),
        ], encoding: .utf8)
        let r2 = try f.ingestor(w).ingest(inbox: f.inbox)
        let absences = try #require(r2.files.first { $0.source == "psc_absences" && $0.status == .loaded })
        #expect(absences.accepted == 3)
        #expect(r2.changedMonths.map(\.month) == ["2024-03"])
        #expect(r2.changedMonths[0].kind == "retraction" && r2.changedMonths[0].rows == 2)
        #expect(r2.renderText().contains("psc_absences 2024-03"))
        let since = try f.ingestor(w).changedMonths(afterFileID: absences.fileID! - 1)
        #expect(since.count == 1)
        #expect(try w.rows("SELECT deleted FROM stg_psc_absences_current WHERE absence_id = 'A1'")[0][0] as Int == 1)
        #expect(try w.rows("SELECT registered_at FROM stg_psc_absences WHERE absence_id = 'A3'")[0][0] as String == "2024-05-02T00:00:00")
    }

    @Test func aFileMissingARequiredColumnIsHeldAndNothingIsLost() throws {
        let f = try Fixture()
        try f.write("psc_shifts_20240312.csv", [
            "shift_id,employee_id,unit_id,start,shift_type,status,overtime_minutes,last_changed,comment",
            "S1,E0000001,U0412,2024-03-12T07:00:00,day,worked,0,2024-03-12T16:00:00,x",
        ], encoding: .utf8)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let file = try #require(r.files.first)
        #expect(file.status == .held && file.held == 1 && file.accepted == 0 && file.invariantHolds)
        #expect(file.heldReason?.contains("'end'") == true)
        #expect(r.exitCode == .held)
        #expect(try w.count("SELECT count(*) FROM raw_lines") == 2)
        #expect(try w.count("SELECT count(*) FROM stg_psc_shifts") == 0)
        #expect(try w.count("SELECT count(*) FROM quarantine WHERE rule = 'file.unknown_column'") == 1)
    }

    @Test func aFileWithMostRowsFailingIsHeld() throws {
        let f = try Fixture()
        try f.write("pdc_sickleave_202403.csv", [
            "MedarbejderID;Måned;Korttidsfravær_dage;Langtidsfravær_dage",
            "E0000001;2024-03;1,5;0,0",
            "E0000002;2024-03;1.5;0.0",
            "E0000003;03-2024;1,5;0",
        ], encoding: .windows1252)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let file = try #require(r.files.first)
        #expect(file.status == .held && file.held == 3 && file.quarantined == 0)
        #expect(file.heldReason?.contains("2 of 3") == true)
        #expect(try w.count("SELECT count(*) FROM stg_pdc_sickleave") == 0)
        #expect(try w.count("SELECT count(*) FROM quarantine WHERE action = 'hold'") >= 3)
    }

    @Test func unrecognisedFilesAreReportedAndIngestGoesOn() throws {
        let f = try Fixture()
        try f.write("README.txt", ["hello"], encoding: .utf8)
        try f.write("agency_invoices_202403.csv", [
            "FakturaID;EnhedID;Måned;Bureau;Personalegruppe;Timer;Beløb",
            "F1;U0412;2024-03;Vikarbureauet ÆØÅ;Sygeplejerske;12,5;6.250,00",
            "F2;U0412;2024-03;Vikarbureauet ÆØÅ;Sygeplejerske;7,5;3750,00",
        ], encoding: .windows1252)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(r.files.first { $0.fileName == "README.txt" }?.status == .unrecognised)
        let inv = try #require(r.files.first { $0.source == "agency_invoices" })
        #expect(inv.accepted == 1 && inv.quarantined == 1 && inv.rules["value.decimal_mark"] == 1)
        #expect(r.exitCode == .ok)
        #expect(try w.rows("SELECT agency FROM stg_agency_invoices")[0][0] as String == "Vikarbureauet ÆØÅ")
    }

    @Test func ehrJSONLinesWithMalformedAndTruncatedLines() throws {
        let f = try Fixture()
        try f.write("ehr_activity_20240212.jsonl", [
            #"{"event_id":"A1","time":"2024-02-12T10:41:07+01:00","user_id":"EHR77812","user_role":"SYGEPLEJESTUDERENDE","unit_id":"U0412","event":"SFI_NOTE","sfi":"Ernæring","patient_ref":"P5c1e"}"#,
            #"{"event_id":"A2","time":"2024-02-12T11:00:00+01:00","user_id":"EHR77812","user_role":"SYGEPLEJESTUDERENDE","unit_id":"U0412","event":"DICTATION","patient_ref":"P5c1e","extra":1}"#,
            #"{"event_id":"A3","time":"2024-02-12T11:00:00+01:00","user_id":"EHR1" "#,
            #"{"event_id":"A4","time":"2024-02-30T11:00:00+01:00","user_id":"EHR1","user_role":"X","unit_id":"U1","event":"SFI_NOTE","sfi":"Ernæring"}"#,
            #"{"event_id":"A1","time":"2024-02-12T10:41:07+01:00","user_id":"EHR77812","user_role":"SYGEPLEJESTUDERENDE","unit_id":"U0412","event":"SFI_NOTE","sfi":"Ernæring"}"#,
            #"{"event_id":"A6","time":"2024-02-12T12:00:00Z","user_id":"EHR1","user_role":"SYGEPLEJERSKE","unit_id":"U1","event":"DICTATION"}"#,
            #"{"event_id":"A7","time":"2024-02-12T12:00:00Z","user_id":"EHR1","user_role":"SYGEPLEJERSKE","unit_id":"U1","event":"DICTATION"}"#,
            #"{"event_id":"A8","time":"2024-02-12T12:00:00Z","user_id":"EHR1","user_role":"SYGEPLEJERSKE","unit_id":"U1","event":"DICTATION"}"#,
            #"{"event_id":"A5","time":"2024-02-12T12:00:00+01:00","user_id":"EHR1","user_role":"SYGEPLEJERSKE","unit_id":"U1","event":"DICT"#,
        ], encoding: .utf8, finalNewline: false)
        let w = try f.warehouse()
        let file = try #require(try f.ingestor(w).ingest(inbox: f.inbox).files.first)
        #expect(file.lines == 9 && file.headerLines == 0 && file.accepted == 5 && file.quarantined == 4 && file.invariantHolds)
        #expect(file.rules["line.json"] == 1 && file.rules["line.truncated"] == 1 && file.rules["value.not_real_date"] == 1)
        #expect(file.rules["key.duplicate_in_file"] == 1 && file.rules["file.unknown_column"] == 1)
        let rows = try w.rows("SELECT event_id, sfi, time_utc FROM stg_ehr_activity ORDER BY line_no")
        #expect(rows[0][1] as String == "Ernæring" && rows[0][2] as Int == 1_707_730_867)
        #expect(rows[1][1] as String? == nil)
    }

    @Test func anInterruptedLoadEndsInTheSameStateAsAnUninterruptedOne() throws {
        func deliver(_ f: Fixture) throws {
            try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024")], encoding: .windows1252)
            var lines = [Fixture.shiftHeader]
            for i in 0..<500 { lines.append(Fixture.shift("S\(i)", i % 7 == 0 ? "E0000002" : "E0000001")) }
            lines.append("broken,line")
            try f.write("psc_shifts_20240312.csv", lines, encoding: .utf8)
        }
        let clean = try Fixture()
        try deliver(clean)
        let w1 = try clean.warehouse()
        _ = try clean.ingestor(w1).ingest(inbox: clean.inbox)

        let crashed = try Fixture()
        try deliver(crashed)
        let w2 = try crashed.warehouse()
        #expect(throws: IngestError.self) {
            try crashed.ingestor(w2).ingest(inbox: crashed.inbox, options: IngestOptions(faultInjection: FaultInjection(fileNameContains: "psc_shifts", afterLines: 250)))
        }
        // The employments file committed; the shifts file left no trace.
        #expect(try w2.count("SELECT count(*) FROM landing_files") == 1)
        #expect(try w2.count("SELECT count(*) FROM raw_lines WHERE file_id = 2") == 0)
        let rerun = try crashed.ingestor(w2).ingest(inbox: crashed.inbox)
        #expect(rerun.files.map(\.status) == [.alreadyIngested, .loaded])
        #expect(try w2.dump() == (try w1.dump()))
    }

    @Test func reportsRenderAsTextAndJSON() throws {
        let f = try Fixture()
        try f.write("pdc_employments_202401.csv", [Fixture.employmentHeader, Fixture.employment("E0000001", from: "01-01-2024"), "bad"], encoding: .windows1252)
        let w = try f.warehouse()
        let r = try f.ingestor(w).ingest(inbox: f.inbox)
        let text = r.renderText()
        #expect(text.contains("pdc_employments_202401.csv") && text.contains("holds for every file"))
        let json = try JSONSerialization.jsonObject(with: Data(r.renderJSON().utf8)) as! [String: Any]
        #expect(json["exitCode"] as? Int == 0 && json["invariantHolds"] as? Bool == true)
        let files = json["files"] as! [[String: Any]]
        #expect(files[0]["quarantined"] as? Int == 1 && files[0]["status"] as? String == "loaded")
    }

    @Test func quarantineReviewListsShowsAndResolves() throws {
        let f = try Fixture()
        try f.write("pdc_payroll_202403.csv", [
            "MedarbejderID;Måned;Lønart;Beløb",
            "E0000001;2024-03;Grundløn;32.000,00",
            "E0000001;2024-03;Grundløn;32000,00",
            "E0000001;2024-03;Bonus;100,00",
            "E0000001;2024-03;Tillæg;1500,00",
            "E0000001;2024-03;Overarbejde;-250,50",
        ], encoding: .windows1252)
        let w = try f.warehouse()
        _ = try f.ingestor(w).ingest(inbox: f.inbox)
        let review = QuarantineReview(warehouse: w)
        let open = try review.list()
        #expect(open.count == 2)
        let shown = try #require(try review.entry(id: open[0].id))
        #expect(QuarantineReview.renderShow(shown).contains("pdc_payroll_202403.csv"))
        #expect(QuarantineReview.renderList(open).contains("value.domain"))
        #expect(try review.resolve(ids: [open[1].id], as: .waived, note: "checked with payroll") == 1)
        #expect(try review.list().count == 1)
        #expect(try review.summary().contains { $0.status == .waived && $0.count == 1 })
        #expect(throws: IngestError.self) { try review.resolve(ids: [open[0].id], as: .replayed, note: nil) }
    }

    @Test func warehouseMigrationsAreNamedAndTablesDocumented() throws {
        let w = try Warehouse.inMemory()
        #expect(try w.appliedMigrations() == ["landing-v1", "raw-line-blocks-v1"])
        let tables = try w.tableNames()
        for t in ["landing_files", "raw_lines", "quarantine", "file_columns", "staging_columns", "loaded_months", "changed_months"] {
            #expect(tables.contains(t))
        }
    }
}
