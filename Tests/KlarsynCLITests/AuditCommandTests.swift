import Foundation
import GRDB
import KlarsynStore
import KlarsynTesting
import KlarsynWeb
import Testing

/// `klarsyn audit verify` over a log with every kind of entry (aggregate views included), and
/// after one entry was rewritten behind the triggers' back.
@Suite struct AuditCommandTests {
    @Test func verifyAcceptsEveryKindOfEntryAndNamesTheFirstChangedOne() async throws {
        let cli = try CommandRunner()
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = tmp.path("w.sqlite").path
        let warehouse = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + WebMigrations.all)
        let log = AuditLog(warehouse: warehouse)
        let hr = User(login: "hr", displayName: "HR", role: .hrPartner, scope: .everything)
        for (i, action) in AuditAction.allCases.enumerated() {
            try await log.append(
                AuditEvent(
                    action: action, report: "sick-leave", reportVersion: "sick-leave@2",
                    subjects: action == .personView ? ["E0000001"] : [], filters: ["unit": "W1"], cellsServed: i,
                    cellsSuppressed: 1),
                user: hr, requestID: "r\(i)")
        }
        let ok = try cli.run(["audit", "verify", "--warehouse", path])
        #expect(ok.exitCode == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Audit log: \(AuditAction.allCases.count) entries, the hash chain holds."))

        // Hide that a report page served suppressed cells: the chain breaks at that entry.
        let seq = try await log.entries(action: .reportView).first?.seq
        try warehouse.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET cells_suppressed = 0 WHERE seq = ?", arguments: [seq])
        }
        let broken = try cli.run(["audit", "verify", "--warehouse", path])
        #expect(broken.exitCode != 0)
        #expect(broken.stderr.contains("entry \(seq ?? -1): its fields do not match its hash"))
        #expect(broken.stderr.contains("[audit.chain-broken]"))
    }
}
