import Foundation
import Testing

@testable import KlarsynBuild

@Suite struct ModelSidecarTests {
    let good = """
        name: employment
        version: 1
        owner: HR data team
        description: One row per employment period.
        grain: one row per employee_id and valid_from
        key: [employee_id, valid_from]
        columns:
          - name: employee_id
            description: Pseudonymous employee id.
            tests: [not_null]
          - name: form
            description: Employment form.
            tests:
              - accepted_values: [Fastansat, Tidsbegrænset, Vikar, Timelønnet]
          - name: unit_id
            description: Home unit.
            tests:
              - relationships: {to: org_unit, field: unit_id, severity: warn}
        tests:
          - unique: [employee_id, valid_from]
          - no_overlap: {key: [employee_id], from: valid_from, to: valid_to}
        """

    @Test func parsesColumnsAndTests() throws {
        let sidecar = try ModelSidecar.parse(good, file: "models/employment.yml")
        #expect(sidecar.name == "employment")
        #expect(sidecar.key == ["employee_id", "valid_from"])
        #expect(sidecar.columns.map(\.name) == ["employee_id", "form", "unit_id"])
        #expect(
            sidecar.tests.map(\.name) == [
                "not_null(employee_id)", "accepted_values(form)", "relationships(unit_id → org_unit.unit_id)",
                "unique(employee_id, valid_from)", "no_overlap(employee_id: valid_from..valid_to)",
            ])
        #expect(sidecar.tests[2].severity == .warn)
        #expect(sidecar.tests[0].severity == .error)
    }

    @Test func missingFieldNamesFileLineAndField() {
        let text = good.replacingOccurrences(of: "owner: HR data team\n", with: "")
        #expect(throws: SidecarError.self) { try ModelSidecar.parse(text, file: "models/employment.yml") }
        do {
            _ = try ModelSidecar.parse(text, file: "models/employment.yml")
        } catch {
            #expect(error.description.hasPrefix("models/employment.yml"))
            #expect(error.description.contains("`owner` is missing"))
        }
    }

    @Test func incrementalNamesADocumentedColumn() throws {
        let keyed = good.replacingOccurrences(of: "key: [employee_id, valid_from]\n", with: "key: [employee_id, valid_from]\nincremental: employee_id\n")
        #expect(try ModelSidecar.parse(keyed, file: "models/employment.yml").incremental == "employee_id")
        #expect(try ModelSidecar.parse(good, file: "models/employment.yml").incremental == nil)
        let typo = good.replacingOccurrences(of: "key: [employee_id, valid_from]\n", with: "key: [employee_id, valid_from]\nincremental: employe_id\n")
        do {
            _ = try ModelSidecar.parse(typo, file: "models/employment.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("models/employment.yml:7"))
            #expect(error.description.contains("names column 'employe_id', which is not a documented output column"))
            #expect(error.description.contains("employee_id, form, unit_id"))
        }
    }

    @Test func unknownTestIsRejectedWithTheKnownOnes() {
        let text = good.replacingOccurrences(of: "tests: [not_null]", with: "tests: [not_nul]")
        do {
            _ = try ModelSidecar.parse(text, file: "m.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'not_nul' is not a test Klarsyn knows"))
            #expect(error.description.contains("columns[0].tests[0]"))
            #expect(error.line == 10)
        }
    }

    @Test func invalidYAMLGivesLine() {
        do {
            _ = try ModelSidecar.parse("name: a\ncolumns: [\n", file: "m.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("is not valid YAML"))
            #expect(error.line != nil)
        }
    }

    @Test func findsCyclesOnTheDatesTheyExist() {
        typealias E = DatedTreeCycleFinder.Edge
        let edges = [
            E(id: "R", parent: nil, from: "2020-01-01", to: nil),
            E(id: "A", parent: "R", from: "2020-01-01", to: "2023-12-31"),
            E(id: "A", parent: "B", from: "2024-01-01", to: nil),
            E(id: "B", parent: "R", from: "2020-01-01", to: "2023-12-31"),
            E(id: "B", parent: "A", from: "2024-01-01", to: "2024-06-30"),
            E(id: "B", parent: "R", from: "2024-07-01", to: nil),
        ]
        let cycles = DatedTreeCycleFinder.cycles(in: edges)
        #expect(cycles.count == 1)
        #expect(cycles.first?.date == "2024-01-01")
        #expect(cycles.first?.ids == ["A", "B"])
    }
}
