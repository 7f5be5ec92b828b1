import Foundation
import Testing
@testable import KlarsynIngest

@Test func shippedContractsLoadForEverySource() throws {
    let set = Fixture.contracts
    #expect(set.contracts.map(\.name) == [
        "agency_invoices", "ehr_activity", "interns", "pdc_employments", "pdc_org_units", "pdc_payroll", "pdc_sickleave",
        "psc_absences", "psc_shifts", "survey",
    ])
    for c in set.contracts {
        #expect(!c.purpose.isEmpty && !c.recordedBy.isEmpty, "\(c.name) needs purpose and recorded_by")
        #expect(c.stagingTable == "stg_\(c.name)")
    }
    #expect(set.contract(forFileName: "pdc_employments_202403.csv")?.name == "pdc_employments")
    #expect(set.contract(forFileName: "ehr_activity_20240312.jsonl")?.format == .jsonLines)
    #expect(set.contract(forFileName: "notes.txt") == nil)
    let shifts = set.contract(named: "psc_shifts")!
    #expect(shifts.combine == .newestVersion && shifts.versionColumn == "last_changed")
    #expect(shifts.column("employee_id")?.references == ColumnReference(source: "pdc_employments", column: "employee_id", action: .quarantine))
}

@Test func contractErrorsNameTheKey() {
    let base = """
        name = "x"
        version = 1
        purpose = "p"
        recorded_by = "r"
        file_patterns = ["x_*.csv"]
        delimiter = ";"
        [[columns]]
        name = "a"
        header = "A"
        """
    #expect(throws: Never.self) { try ContractSet.parse(toml: base, fileName: "x.toml") }
    do {
        _ = try ContractSet.parse(toml: base + "\nrequird = true", fileName: "x.toml")
        Issue.record("typo accepted")
    } catch let e as IngestError {
        #expect(e.code == "contract.invalid")
        #expect(e.message.contains("columns[0].requird"))
    } catch { Issue.record("\(error)") }
    do {
        _ = try ContractSet.parse(toml: base + "\npattern = \"(a|b)\"", fileName: "x.toml")
        Issue.record("unsupported pattern accepted")
    } catch let e as IngestError {
        #expect(e.message.contains("pattern"))
    } catch { Issue.record("\(error)") }
    do {
        _ = try ContractSet.parse(toml: "name = \"x\"\nversion = ", fileName: "x.toml")
        Issue.record("bad TOML accepted")
    } catch let e as IngestError {
        #expect(e.message.contains("x.toml") && e.message.contains("line"))
    } catch { Issue.record("\(error)") }
}

@Test func aNewVendorLayoutIsAContractChange() throws {
    // Rename a header through an alias: no code change.
    let shifts = Fixture.contracts.contract(named: "psc_shifts")!
    var text = try String(contentsOf: Fixture.sourcesFolder.appendingPathComponent(shifts.fileName), encoding: .utf8)
    text = text.replacingOccurrences(of: "header = \"overtime_minutes\"", with: "header = \"overtime_minutes\"\naliases = [\"overtime\"]")
    let changed = try ContractSet.parse(toml: text, fileName: "psc_shifts.toml")
    #expect(changed.column("overtime_minutes")?.aliases == ["overtime"])
}
