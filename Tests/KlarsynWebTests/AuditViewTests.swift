import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynStore
import Testing

@testable import KlarsynWeb

/// Every look-up is logged (aggregate report and explain pages too), the auditor filters the log
/// by kind, and every hidden cell names and links to the policy rule that hid it (issue 7).
@Suite("Aggregate views in the audit log; hidden cells link to their rule")
struct AuditViewTests {
    @Test func reportAndExplainViewsAreLoggedWithoutPersonalData() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let manager = try await SignedInClient(base, as: .hrPartner)
            for uri in ["/reports/sick-leave?unit=D1", "/reports/sick-leave/explain?unit=D1&month=2024-12"] {
                try await manager.execute(uri: uri, method: .get) { #expect($0.status == .ok) }
            }
            // A refused view is a `denied` entry, not a view.
            let ward = try await SignedInClient(base, as: .unitManager)
            try await ward.execute(uri: "/reports/sick-leave?unit=D1", method: .get) {
                #expect($0.status == .forbidden)
            }
        }
        let log = AuditLog(warehouse: try Warehouse.open(path: path, migrations: WebMigrations.all))
        let views = try await log.entries(action: .reportView)
        #expect(views.count == 1)
        let view = try #require(views.first)
        #expect(view.actor == "hr-partner")
        #expect(view.role == "hr-partner")
        #expect(view.event.report == "sick-leave")
        #expect(view.event.reportVersion?.hasPrefix("sick-leave@") == true)
        #expect(view.event.filters == ["unit": "D1"])
        #expect(view.event.subjects.isEmpty)
        #expect(view.event.purpose == nil)
        // D1's page hides W2 and W3 in the comparison tile (and their rolling cells).
        #expect(view.event.cellsSuppressed >= 2)
        #expect(view.event.cellsServed > view.event.cellsSuppressed)
        let explains = try await log.entries(action: .explainView)
        #expect(explains.count == 1)
        #expect(explains.first?.event.filters == ["unit": "D1", "month": "2024-12"])
        // W3 (2 employees) and W2 (complement) are hidden in the sub-unit table: 3 cells each.
        #expect(explains.first?.event.cellsSuppressed == 6)
        #expect(explains.first?.event.subjects.isEmpty == true)
        #expect(try await log.entries(action: .denied).contains { $0.actor == "unit-manager" })
        #expect(try log.verify().problem == nil)
        // Rewriting a view entry (e.g. to hide what was served) breaks the chain at that entry;
        // `klarsyn audit verify` runs this same check.
        let warehouse = try Warehouse.open(path: path, migrations: WebMigrations.all)
        try warehouse.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET cells_suppressed = 0 WHERE seq = ?", arguments: [view.seq])
        }
        let broken = try AuditLog(warehouse: warehouse).verify()
        #expect(broken.problem == "entry \(view.seq): its fields do not match its hash (changed after writing)")
    }

    @Test func theAuditorFiltersTheLogByKind() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            _ = try await hr.execute(uri: "/reports/sick-leave?unit=W1", method: .get) { $0.status }
            _ = try await hr.execute(uri: "/reports/sick-leave/export?unit=W1&format=csv", method: .get) { $0.status }
            let auditor = try await SignedInClient(base, as: .auditor)
            try await auditor.execute(uri: "/audit?action=report-view&lang=en", method: .get) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok)
                #expect(html.contains("<option value=\"report-view\" selected=\"\">Report page viewed (report-view)"))
                #expect(html.contains("<td>Report page viewed (report-view)</td>"))
                #expect(!html.contains("<td>Export (export)</td>"))
                #expect(!html.contains("<td>Signed in (sign-in)</td>"))
            }
            try await auditor.execute(uri: "/audit?lang=en", method: .get) { r in
                let html = String(buffer: r.body)
                #expect(html.contains("<td>Report page viewed (report-view)</td>"))
                #expect(html.contains("<td>Export (export)</td>"))
            }
            try await auditor.execute(uri: "/audit?action=drop-table", method: .get) { r in
                #expect(r.status == .badRequest)
            }
        }
        let log = AuditLog(warehouse: try Warehouse.open(path: path, migrations: WebMigrations.all))
        let reads = try await log.entries(action: .auditRead)
        #expect(reads.contains { $0.event.filters == ["action": "report-view"] })
        // The export names the definition version it served, like the page view.
        let export = try #require(try await log.entries(action: .export).first)
        #expect(export.event.reportVersion?.hasPrefix("sick-leave@") == true)
        #expect(try log.verify().problem == nil)
    }

    @Test func hiddenCellsLinkToTheRuleAndExportsNameIt() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { base in
            let hr = try await SignedInClient(base, as: .hrPartner)
            let page = try await hr.execute(uri: "/reports/sick-leave?unit=D1", method: .get) {
                String(buffer: $0.body)
            }
            // W3 (2 employees): a value from fewer than 5 persons (SC2); W2 (6): hidden to protect W3 (SC3).
            #expect(
                page.contains(
                    "<th scope=\"row\"><a href=\"/reports/sick-leave?unit=W3&amp;lang=da\">Afsnit 3</a></th><td class=\"num suppressed\"><a href=\"/policies/suppression?lang=da#SC2\" class=\"rule\"><abbr title=\"Tal beregnet på få personer (SC2)\">&lt;5</abbr></a></td>"
                ))
            #expect(
                page.contains(
                    "<th scope=\"row\"><a href=\"/reports/sick-leave?unit=W2&amp;lang=da\">Afsnit 2</a></th><td class=\"num suppressed\"><a href=\"/policies/suppression?lang=da#SC3\" class=\"rule\">"
                ))
            // The limits panel, which counts the hidden cells, links to the rules too.
            #expect(page.contains("<li><a href=\"/policies/suppression?lang=da\">Regler for skjulte tal</a></li>"))
            let explain = try await hr.execute(
                uri: "/reports/sick-leave/explain?unit=W3&month=2024-12&lang=en", method: .get
            ) { String(buffer: $0.body) }
            #expect(
                explain.contains(
                    "Hidden by rule <a href=\"/policies/suppression?lang=en#SC2\">SC2 — Figures from few persons</a>"))
            let csv = try await hr.execute(uri: "/reports/sick-leave/export?unit=D1&format=csv", method: .get) {
                String(buffer: $0.body)
            }
            #expect(csv.contains("SC2"))
            #expect(csv.contains("SC3"))
            #expect(!csv.contains(",SC\r\n") && !csv.contains(",SC\n"))
            // The rules page: one section per rule, anchored by its id, in both languages.
            for (l, title) in [("da", "Regler for skjulte tal"), ("en", "Rules for hidden figures")] {
                let policy = try await hr.execute(uri: "/policies/suppression?lang=\(l)", method: .get) {
                    String(buffer: $0.body)
                }
                #expect(policy.contains("<h1>\(title)</h1>"))
                for rule in ["SC1", "SC2", "SC3", "unknown"] {
                    #expect(policy.contains("<section id=\"\(rule)\""), "\(l): no section for \(rule)")
                }
                #expect(policy.contains("small-cells@1"))
                #expect(policy.contains("Regional data protection officer"))
            }
        }
    }
}
