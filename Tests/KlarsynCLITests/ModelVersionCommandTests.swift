import Foundation
import KlarsynTesting
import Testing

/// hr@1 and hr@2 built side by side on a generated region through the CLI; compatibility views
/// checked against hr@1 on real data; `impact` and `migrate` as a BI developer runs them.
@Suite struct ModelVersionCommandTests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    @Test func versionsImpactAndMigrationOnAGeneratedRegion() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        _ = try cli.run(
            ["generate", "--out", "inbox", "--employees", "300", "--years", "1", "--seed", "11"], in: tmp.url)
        _ = try cli.run(["ingest", "--warehouse", "w.sqlite", "--inbox", "inbox"], in: tmp.url)
        let build = try cli.run(["build", "--warehouse", "w.sqlite"], in: tmp.url)
        #expect(build.exitCode == 0, "\(build.stderr)")
        #expect(build.stdout.contains("hr@2: 12 models"))
        #expect(build.stdout.contains("not provided: employment.leaver_reason — dropped in hr@2"))

        // Every column the view provides equals hr@1's, row for row.
        let columns =
            "employee_id, valid_from, valid_to, employment_form, weekly_hours, ROUND(fte, 9), unit_id, occupation_code, occupation, in_core_population, source_file_id, source_line_no"
        let differing = try cli.run(
            [
                "query", "--warehouse", "w.sqlite", "--format", "csv",
                "SELECT (SELECT COUNT(*) FROM (SELECT \(columns) FROM employment EXCEPT SELECT \(columns) FROM hr2_compat_employment))"
                    + " + (SELECT COUNT(*) FROM (SELECT \(columns) FROM hr2_compat_employment EXCEPT SELECT \(columns) FROM employment))"
                    + " + (SELECT COUNT(*) FROM employment) - (SELECT COUNT(*) FROM hr2_compat_employment) AS n, (SELECT COUNT(*) FROM employment) AS rows",
            ], in: tmp.url)
        let values = differing.stdout.split(separator: "\n").last?.split(separator: ",").map(String.init) ?? []
        #expect(values.first == "0", "\(differing.stdout)\(differing.stderr)")
        #expect((Int(values.last ?? "") ?? 0) > 300)

        let drop = try cli.run(
            ["impact", "--warehouse", "w.sqlite", "--column", "employment.unit_id", "--drop"], in: tmp.url)
        #expect(drop.exitCode == 2)
        #expect(drop.stdout.contains("BREAKS: reports/agency-staffing.toml tile 'fte-by-unit' (owner: HR partner team"))
        #expect(drop.stdout.contains("BREAKS: reports/sick-leave.toml tile 'rate'"))
        let unused = try cli.run(
            ["impact", "--warehouse", "w.sqlite", "--column", "agency_invoice.staff_group", "--drop"], in: tmp.url)
        #expect(unused.exitCode == 0, "\(unused.stdout)")
        #expect(unused.stdout.contains("No published report breaks."))
        let bad = try cli.run(
            ["impact", "--warehouse", "w.sqlite", "--column", "employment.nope", "--drop"], in: tmp.url)
        #expect(bad.exitCode == 1)
        #expect(bad.stderr.contains("'employment.nope' is not a column of a built model"))

        let relink = try cli.run(["migrate", "relink", "--warehouse", "w.sqlite", "agency-staffing"], in: tmp.url)
        #expect(relink.exitCode == 0, "\(relink.stderr)")
        #expect(relink.stdout.contains("agency-hours: identical"))
        #expect(relink.stdout.contains("agency-cost: different"))
        #expect(relink.stdout.contains("leavers: broken"))
        let status = try cli.run(["migrate", "status", "--warehouse", "w.sqlite"], in: tmp.url)
        #expect(status.stdout.contains("agency-staffing  pinned hr@1 → hr@2  re-linked"))
        #expect(status.stdout.contains("sick-leave  pinned hr@1 → hr@2  pending"))
        let retire = try cli.run(["migrate", "retire", "--warehouse", "w.sqlite", "hr@1"], in: tmp.url)
        #expect(retire.exitCode == 1)
        #expect(retire.stderr.contains("Cannot retire hr@1"))
        #expect(retire.stderr.contains("reports/sick-leave.toml"))
    }
}
