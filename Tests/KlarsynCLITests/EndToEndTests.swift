import Foundation
import KlarsynCore
import KlarsynTesting
import Testing

/// The CLI as a user runs it, on a hand-made inbox small enough to check every figure by hand:
/// ingest → build → query → explain → lineage.
@Suite struct EndToEndTests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    /// Writes a delivery in Windows-1252, as the payroll vendor does.
    func write1252(_ text: String, to url: URL) throws {
        let bytes = try #require(Windows1252.encode(text.replacingOccurrences(of: "\n", with: "\r\n")))
        try Data(bytes).write(to: url)
    }

    func makeInbox(_ tmp: TemporaryDirectory) throws -> URL {
        let inbox = tmp.path("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try write1252(
            """
            EnhedID;Overordnet;Navn;Type;Gyldig_fra;Gyldig_til
            U0001;;Region Test;Region;01-01-2020;
            U0002;U0001;Hospital Ærø;Hospital;01-01-2020;
            U0003;U0002;Afsnit Ø1;Afsnit;01-01-2020;

            """, to: inbox.appending(path: "pdc_org_units_202401.csv"))
        try write1252(
            """
            MedarbejderID;Fødselsår;Køn;Stillingskode;Stillingsbetegnelse;Ansættelsesform;Ugentlige_timer;EnhedID;Gyldig_fra;Gyldig_til;Fratrædelsesårsag
            E0000001;1980;K;1001;Sygeplejerske;Fastansat;37,00;U0003;01-01-2020;;
            E0000002;1990;M;1001;Sygeplejerske;Fastansat;29,60;U0003;01-01-2022;;

            """, to: inbox.appending(path: "pdc_employments_202401.csv"))
        try Data(
            """
            shift_id,employee_id,unit_id,start,end,shift_type,status,overtime_minutes,last_changed
            S1,E0000001,U0003,2024-03-30T22:00:00,2024-03-31T07:00:00,night,worked,0,2024-04-01T08:00:00
            S2,E0000001,U0003,2024-10-26T22:00:00,2024-10-27T07:00:00,night,worked,0,2024-10-28T08:00:00
            S3,E0000002,U0003,2024-06-01T07:00:00,2024-06-01T15:00:00,day,planned,0,2024-05-01T08:00:00
            S3,E0000002,U0003,2024-06-01T07:00:00,2024-06-01T15:30:00,day,worked,30,2024-06-02T08:00:00

            """.utf8
        ).write(to: inbox.appending(path: "psc_shifts_20241104.csv"))
        // E0000001: sick 4–8 March, 6 March later retracted. E0000002: a half day, then a
        // registration for February delivered late (in the April file).
        try Data(
            """
            absence_id,employee_id,date,code,part,registered_at,deleted
            A1,E0000001,2024-03-04,SYG,FULL,2024-03-04T09:00:00,0
            A2,E0000001,2024-03-05,SYG,FULL,2024-03-05T09:00:00,0
            A3,E0000001,2024-03-06,SYG,FULL,2024-03-06T09:00:00,0
            A4,E0000001,2024-03-07,SYG,FULL,2024-03-07T09:00:00,0
            A5,E0000001,2024-03-08,SYG,FULL,2024-03-08T09:00:00,0
            A6,E0000002,2024-03-11,SYG,HALF,2024-03-11T09:00:00,0

            """.utf8
        ).write(to: inbox.appending(path: "psc_absences_20240311.csv"))
        try Data(
            """
            absence_id,employee_id,date,code,part,registered_at,deleted
            A3,E0000001,2024-03-06,SYG,FULL,2024-04-02T09:00:00,1
            A7,E0000002,2024-02-12,SYG,FULL,2024-04-02T09:00:00,0

            """.utf8
        ).write(to: inbox.appending(path: "psc_absences_20240402.csv"))
        return inbox
    }

    @Test func ingestBuildQueryExplainOnAHandMadeInbox() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let inbox = try makeInbox(tmp)
        let ingest = try cli.run(["ingest", "--warehouse", "w.sqlite", "--inbox", inbox.path], in: tmp.url)
        #expect(ingest.exitCode == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("holds for every file"))

        let again = try cli.run(["ingest", "--warehouse", "w.sqlite", "--inbox", inbox.path, "--format", "json"], in: tmp.url)
        #expect(again.exitCode == 0)
        #expect(again.stdout.components(separatedBy: "already_ingested").count - 1 == 5)

        let build = try cli.run(["build", "--warehouse", "w.sqlite"], in: tmp.url)
        #expect(build.exitCode == 0, "\(build.stdout)\n\(build.stderr)")
        #expect(build.stdout.contains("failed, 0 warnings") || build.stdout.contains(" 0 failed"))

        // DST: the spring night is 8 hours, the autumn night 10; the changed shift's newest version wins.
        let shifts = try cli.run(
            ["query", "--warehouse", "w.sqlite", "--format", "csv",
             "SELECT shift_id, duration_hours, night_hours, status FROM shift ORDER BY shift_id"], in: tmp.url)
        #expect(shifts.stdout == "shift_id,duration_hours,night_hours,status\nS1,8.0,7.0,worked\nS2,10.0,7.0,worked\nS3,8.5,0.0,worked\n")

        // The retraction removes 6 March; the one-day gap is bridged (link_gap_days = 2), so
        // E0000001 has one spell of 4 days lost.
        let months = try cli.run(
            ["query", "--warehouse", "w.sqlite", "--format", "csv",
             "SELECT employee_id, month, short_days, long_days, fte_days_lost FROM sick_leave_employee_month WHERE short_days > 0 ORDER BY employee_id, month"],
            in: tmp.url)
        #expect(months.stdout == "employee_id,month,short_days,long_days,fte_days_lost\nE0000001,2024-03,4.0,0.0,4.0\nE0000002,2024-02,1.0,0.0,0.8\nE0000002,2024-03,0.5,0.0,0.4\n")

        let unit = try cli.run(
            ["query", "--warehouse", "w.sqlite", "--format", "csv",
             "SELECT unit_id, fte_days_lost, fte_days_available, spells_started FROM sick_leave_unit_month WHERE month = '2024-03' ORDER BY unit_id"],
            in: tmp.url)
        #expect(unit.stdout == "unit_id,fte_days_lost,fte_days_available,spells_started\nU0001,4.4,55.8,2\nU0002,4.4,55.8,2\nU0003,4.4,55.8,2\n")

        let explain = try cli.run(
            ["explain", "--warehouse", "w.sqlite", "--employee", "E0000001", "--month", "2024-03"], in: tmp.url)
        #expect(explain.exitCode == 0)
        #expect(explain.stdout.contains("psc_absences_20240402.csv:2"))
        #expect(explain.stdout.contains("Result for March 2024: 4 short-term days, 0 long-term days"))

        let lineage = try cli.run(["lineage", "--warehouse", "w.sqlite", "shift.duration_hours"], in: tmp.url)
        #expect(lineage.stdout.contains("stg_psc_shifts.start_utc"))
        #expect(lineage.stdout.contains("header \"start\""))

        let readOnly = try cli.run(["query", "--warehouse", "w.sqlite", "DELETE FROM shift"], in: tmp.url)
        #expect(readOnly.exitCode != 0)
        #expect(readOnly.stderr.contains("only reads"))
    }

    @Test func aGeneratedRegionBuildsWithFullDocumentationAndFaultsShowAsFailingTests() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let generate = try cli.run(
            ["generate", "--out", "inbox", "--employees", "300", "--years", "1", "--faults", "--seed", "7"], in: tmp.url)
        #expect(generate.exitCode == 0, "\(generate.stderr)")
        let ingest = try cli.run(["ingest", "--warehouse", "w.sqlite", "--inbox", "inbox"], in: tmp.url)
        #expect([0, 3].contains(ingest.exitCode), "\(ingest.stderr)")
        #expect(ingest.stdout.contains("holds for every file"))
        #expect(ingest.stdout.contains("unrecognised"))
        let docs = try cli.run(["docs", "--check", "--warehouse", "w.sqlite"], in: tmp.url)
        #expect(docs.exitCode == 0)
        #expect(docs.stdout.contains("(100.0 %)"))
        let build = try cli.run(["build", "--warehouse", "w.sqlite", "--format", "json"], in: tmp.url)
        #expect(build.exitCode == 0, "\(build.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(build.stdout.utf8)) as? [String: Any]
        let tests = (report?["models"] as? [String: Any])?["tests"] as? [[String: Any]] ?? []
        #expect(tests.count > 40)
        let failingErrors = tests.filter { ($0["severity"] as? String) == "error" && ($0["failingRows"] as? Int ?? 0) > 0 }
        #expect(failingErrors.isEmpty)
        let warnings = tests.filter { ($0["failingRows"] as? Int ?? 0) > 0 }
        #expect(!warnings.isEmpty, "the injected faults that survive ingest must show as failing (warn) tests")
        let keys = try cli.run(["test", "--warehouse", "w.sqlite"], in: tmp.url)
        #expect(keys.stdout.contains("WARN"))
        #expect(keys.stdout.contains("keys"))
    }
}
