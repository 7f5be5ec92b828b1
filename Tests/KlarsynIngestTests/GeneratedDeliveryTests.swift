import Foundation
import GRDB
import KlarsynCore
import KlarsynDemo
import KlarsynStore
import Testing
@testable import KlarsynIngest

/// End to end: the demo generator's faulty deliveries (faults.json lists every injected fault)
/// through ingest; each fault must surface where the sources README says it should.
@Suite struct GeneratedDeliveryTests {
    struct Fault: Decodable {
        var kind: String
        var file: String
        var line: Int
    }

    @Test func everyInjectedFaultIsFoundAtItsFileAndLine() throws {
        let f = try Fixture()
        _ = try RegionGenerator(spec: RegionSpec(employees: 300, years: 2, seed: 7, faults: true)).write(to: f.inbox)
        let faults = try JSONDecoder().decode([Fault].self, from: Data(contentsOf: f.inbox.appendingPathComponent("faults.json")))
        #expect(!faults.isEmpty)
        let w = try f.warehouse()
        let report = try f.ingestor(w).ingest(inbox: f.inbox)
        #expect(report.invariantHolds)
        #expect(!report.files.contains { $0.status == .failed })
        let expectedRule: [String: String] = [
            "wrong_decimal_mark": "value.decimal_mark", "overlapping_employment": "period.overlap",
            "invalid_date": "value.not_real_date", "missing_field": "value.missing", "malformed_field": "value.type",
            "duplicate_row_across_files": "key.duplicate_across_files", "duplicate_row": "key.duplicate_in_file",
            "unknown_column": "file.unknown_column", "wrong_encoding": "file.encoding",
            "employee_not_yet_known": "reference.unknown", "unknown_employee": "reference.unknown",
            "truncated_last_line": "line.truncated",
        ]
        for fault in faults {
            let file = report.files.first { $0.fileName == fault.file }
            switch fault.kind {
            case "unknown_file":
                #expect(file?.status == .unrecognised, "\(fault.file)")
            case "duplicate_file":
                #expect(file?.status == .alreadyIngested, "\(fault.file)")
            case "bom":
                #expect(file?.encodingFound == "utf-8 (BOM)", "\(fault.file)")
            case "column_order_changed":
                #expect(file?.status == .loaded && file?.quarantined == 0, "\(fault.file)")
            case "late_registration", "retraction":
                let marked = try w.count("""
                    SELECT count(*) FROM changed_months c JOIN landing_files l USING (file_id) WHERE l.file_name = ?
                    """, [fault.file])
                #expect(marked > 0, "\(fault.kind) in \(fault.file) marks no month changed")
            default:
                guard let rule = expectedRule[fault.kind] else {
                    Issue.record("fault kind \(fault.kind) has no expectation in this test")
                    continue
                }
                let found = try w.count("""
                    SELECT count(*) FROM quarantine q JOIN landing_files l USING (file_id)
                    WHERE l.file_name = ? AND q.line_no = ? AND q.rule = ?
                    """, [fault.file, fault.line, rule])
                #expect(found > 0, "\(fault.kind) at \(fault.file):\(fault.line) not found as \(rule)")
            }
        }
    }
}
