import Foundation
import KlarsynWeb
import KlarsynWorkspace
import Testing

@Suite("Report files and their column dependencies")
struct ReportFileTests {
    @Test func defaultSickLeaveReportParses() throws {
        let reports = try ReportLoader.load(workspace: try Workspace.builtIn())
        let report = try #require(reports.first { $0.id == "sick-leave" })
        #expect(report.file == "reports/sick-leave.toml")
        #expect(report.title.text(.da) == "Sygefravær")
        #expect(report.title.text(.en) == "Sick leave")
        #expect(report.modelVersion == "current")
        #expect(report.tiles.map(\.id) == ["rate", "split", "spells", "siblings"])
        #expect(
            report.tiles[0].dependencies.map(\.description) == [
                "sick_leave_unit_month.month", "sick_leave_unit_month.rate_pct", "sick_leave_unit_month.unit_id",
            ])
        #expect(report.tiles[0].rollingMonths == 12)
        #expect(!report.limits.cannotShow.isEmpty && !report.limits.mustNotServe.isEmpty)
        #expect(ReportCatalogueCheck.problems(reports: [report], columns: SickLeaveTables.contractColumns).isEmpty)
    }

    @Test func missingColumnNamesReportTileAndColumn() throws {
        let text = """
            id = "staff"
            title = "Personale"
            owner = "HR"
            [limits]
            cannot_show = ["Enkeltpersoner"]
            must_not_serve = ["Rangering"]
            [[tiles]]
            id = "rate"
            title = "Rate"
            metric = "sick_leave_unit_month.rate_pc"
            [[tiles]]
            id = "heads"
            title = "Ansatte"
            kind = "table"
            metric = "employment.fte"
            group_by = ["org_units.unit_id"]
            """
        let report = try ReportLoader.parse(text, file: "reports/staff.toml")
        let problems = ReportCatalogueCheck.problems(
            reports: [report], columns: SickLeaveTables.contractColumns.union(["employment.fte", "org_unit.unit_id"]))
        #expect(
            problems == [
                "reports/staff.toml: tile 'rate' uses column 'sick_leave_unit_month.rate_pc', which no built model or metric table has. Did you mean 'sick_leave_unit_month.rate_pct'?",
                "reports/staff.toml: tile 'heads' uses column 'org_units.unit_id': there is no built model or metric table 'org_units'. Did you mean 'org_unit.unit_id'?",
            ])
    }

    @Test func fileErrorsNameFileLineTileAndField() throws {
        let base = """
            id = "x"
            title = "X"
            owner = "HR"
            [limits]
            cannot_show = ["a"]
            must_not_serve = ["b"]
            [[tiles]]
            id = "t1"
            title = "T"
            metric = "a.b"

            """
        #expect(throws: ReportFileError.self) { try ReportLoader.parse(base, file: "reports/y.toml") }
        do {
            _ = try ReportLoader.parse(base + "kind = \"pie\"\n", file: "reports/x.toml")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "reports/x.toml:7: tile 't1': `kind` = \"pie\" is not allowed; allowed: \"line\""))
        }
        do {
            _ = try ReportLoader.parse(
                base.replacingOccurrences(of: "must_not_serve = [\"b\"]\n", with: ""), file: "reports/x.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("`[limits]` needs `cannot_show` and `must_not_serve`"))
        }
        do {
            _ = try ReportLoader.parse(
                base.replacingOccurrences(of: "metric = \"a.b\"", with: "metric = \"ab\""), file: "reports/x.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.tile == "t1")
            #expect(error.message == "`ab` is not a \"table.column\" reference")
        }
    }
}
