import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynWeb
import Testing

@Suite("Catalogue column page with lineage graphs")
struct LineageTests {
    /// The fixture catalogue plus `sick_leave_unit_month.rate_pct ← absence_day.code`, so the walk
    /// goes from a source header through two models to a report tile.
    static func warehouse() throws -> String {
        let path = try Fixture.makeWarehouse(catalogue: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO catalogue_lineage VALUES ('sick_leave_unit_month', 'rate_pct', 'absence_day', 'code', 'filter')"
            )
            // Two builds; the page shows the latest build's results.
            for (build, status) in [(1, "pass"), (2, "fail")] {
                try db.execute(
                    sql: """
                        INSERT INTO build_runs (build_id, started_at, finished_at, workspace, status)
                        VALUES (?, '2025-07-03T06:00:00Z', ?, 'ws', 'succeeded')
                        """, arguments: [build, "2025-07-0\(build + 2)T06:01:00Z"])
                try db.execute(
                    sql: """
                        INSERT INTO build_test_results VALUES (?, 'absence_day', 'accepted_values(code)', 'error', ?, ?, '["code"]'),
                          (?, 'absence_day', 'unique(absence_id)', 'error', 'pass', 0, '["absence_id"]')
                        """, arguments: [build, status, status == "fail" ? 3 : 0, build])
            }
        }
        return path
    }

    @Test func upstreamReachesTheSourceHeaderAndDownstreamTheReportTiles() async throws {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: try Self.warehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/catalogue/absence_day", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<a href=\"/catalogue/absence_day/code?lang=da\"><code>code</code></a>"))
                #expect(html.contains("<caption>Resultater fra bygning 2 (2025-07-04T06:01:00Z)</caption>"))
                #expect(
                    html.contains(
                        "<tr><th scope=\"row\"><code>accepted_values(code)</code></th><td>error</td><td class=\"test-fail\">✗ fejlet</td><td class=\"num\">3</td></tr>"
                    ))
                #expect(html.contains("<code>unique(absence_id)</code>"))
            }
            try await client.execute(uri: "/catalogue/absence_day/code", method: .get) { response in
                let html = String(buffer: response.body)
                // Only the tests of this column.
                #expect(html.contains("<code>accepted_values(code)</code>"))
                #expect(!html.contains("<code>unique(absence_id)</code>"))
            }
            try await client.execute(uri: "/catalogue/sick_leave_unit_month/rate_pct", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                // Two graphs, each an image with a title and a description, each followed by a list.
                #expect(html.occurrences(of: "<svg ") == 2)
                #expect(html.occurrences(of: "role=\"img\"") == 2)
                #expect(
                    html.contains("<desc id=\"lineage-up-desc\">2 trin. Listen under grafen viser dem alle.</desc>"))
                #expect(html.occurrences(of: "<h3>Som liste</h3>") == 2)
                // Upstream: the model column, then the staging column and its source header.
                #expect(
                    html.contains(
                        "<ul class=\"lineage-list\"><li><a href=\"/catalogue/absence_day/code?lang=da\"><code>absence_day.code</code></a> (filter)<ul><li><code>stg_psc_absences.code</code> (copied) — overskriften «code» i filerne fra psc_absences</li></ul></li></ul>"
                    ))
                #expect(html.contains("<g class=\"node header\">"))
                #expect(html.contains(">psc_absences: code</text>"))
                // Downstream: the column's own report tile.
                #expect(html.contains("<g class=\"node tile\">"))
                #expect(html.contains("bruges i Sygefravær › "))
                #expect(!html.contains("<script"))
            }
            try await client.execute(uri: "/catalogue/stg_psc_absences/code?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                // Downstream from the staging column through both models to the tiles using rate_pct.
                #expect(
                    html.contains("<code>sick_leave_unit_month.rate_pct</code></a> (filter) — used in Sick leave › "))
                #expect(html.contains("<li>stg_psc_absences</li>"))  // a staging table is not a model page
            }
            try await client.execute(uri: "/catalogue/absence_day/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Kolonnen «absence_day.nope» findes ikke i kataloget."))
            }
        }
    }

    @Test func withoutACatalogueAColumnIsNotFound() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(uri: "/catalogue/absence_day/code", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
