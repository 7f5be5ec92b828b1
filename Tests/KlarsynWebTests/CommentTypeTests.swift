import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynWeb
import Testing

@Suite("Typed comments and context events on the charts")
struct CommentTypeTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func aContextEventIsAnnotatedOnEveryChartOverMonthsAndInTheTables() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: Self.form,
                body: ByteBuffer(
                    string:
                        "unit=D1&lang=da&role=hr&kind=context_event&event_date=2025-03-01&body=Afsnit+1+og+2+lagt+sammen"
                )
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: Self.form,
                body: ByteBuffer(string: "unit=D1&role=bi&kind=data_error&body=Marts+mangler+en+fil")
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { response in
                let html = String(buffer: response.body)
                let monthCharts = html.occurrences(of: "<svg ") - 1  // the sub-unit comparison is not over months
                #expect(monthCharts >= 2)
                #expect(html.occurrences(of: "<g class=\"event\">") == monthCharts)
                #expect(html.contains("<text x=\""))
                // The description, the legend and the table caption name the event; the month's row is marked.
                #expect(html.occurrences(of: "1: 2025-03-01: Afsnit 1 og 2 lagt sammen</desc>") == monthCharts)
                #expect(
                    html.occurrences(
                        of:
                            "<li class=\"event-note\"><span class=\"event-marker\" aria-hidden=\"true\">1</span> 2025-03-01: Afsnit 1 og 2 lagt sammen</li>"
                    ) == monthCharts)
                #expect(
                    html.occurrences(
                        of:
                            "<br><small class=\"event-note\">Hændelse 1: 2025-03-01: Afsnit 1 og 2 lagt sammen</small></caption>"
                    )
                        == monthCharts)
                #expect(html.contains("<td>Hændelse 1</td></tr>"))
                // The comment list shows type, pinned definition version and the event date.
                #expect(html.contains("<span class=\"comment-kind\">Hændelse</span> <strong>HR-partner</strong>"))
                #expect(html.contains(", gælder sick-leave@"))
                #expect(html.contains(" — hændelse den <time datetime=\"2025-03-01\">2025-03-01</time>"))
                #expect(html.contains("<span class=\"comment-kind\">Datafejl</span> <strong>BI-udvikler</strong>"))
                #expect(
                    html.contains("<label for=\"comment-kind\">Type</label><select id=\"comment-kind\" name=\"kind\">"))
                #expect(html.contains("<input type=\"date\" id=\"comment-event-date\" name=\"event_date\""))
            }
            // Another unit's page is not annotated.
            try await client.execute(uri: "/reports/sick-leave?unit=W1", method: .get) { response in
                #expect(!String(buffer: response.body).contains("<g class=\"event\">"))
            }
        }
    }

    @Test func postsFromOtherSitesAreRefused() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            for (name, value) in [
                ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site"), ("Origin", "null"),
            ] {
                var headers = Self.form
                headers[.init(name)!] = value
                try await client.execute(
                    uri: "/reports/sick-leave/comments", method: .post, headers: headers,
                    body: ByteBuffer(string: "unit=D1&role=hr&body=x")
                ) { response in
                    #expect(response.status == .badRequest, "\(name): \(value)")
                }
            }
            var own = Self.form
            own[.init("Sec-Fetch-Site")!] = "same-origin"
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: own,
                body: ByteBuffer(string: "unit=D1&role=hr&body=x")
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.init("Referrer-Policy")!] == "same-origin")
            }
        }
    }

    @Test func aCommentAboutOneTileIsThatTilesThreadAndMarksOnlyItsChart() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: Self.form,
                body: ByteBuffer(
                    string:
                        "unit=D1&role=manager&tile=split&kind=context_event&event_date=2024-06-15&body=Ny+registreringspraksis"
                )
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.occurrences(of: "<g class=\"event\">") == 1)
                let split = html.components(separatedBy: "<section class=\"tile\" id=\"tile-split\"").last ?? ""
                #expect(split.contains("<g class=\"event\">"))
                #expect(
                    split.contains("<details class=\"tile-comments\"><summary>1 kommentar til denne figur</summary>"))
                #expect(html.occurrences(of: "<details class=\"tile-comments\">") == 1)
                #expect(html.contains(" — om «"))
                #expect(html.contains("<option value=\"split\">"))
                #expect(html.contains("<label for=\"comment-tile\">Om</label>"))
            }
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: Self.form,
                body: ByteBuffer(string: "unit=D1&role=manager&tile=nope&body=x")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func eventDatesBelongToContextEventsOnly() async throws {
        let app = try await buildApplication(
            configuration: try Fixture.configuration(path: try Fixture.makeWarehouse()))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            for body in [
                "unit=D1&role=hr&kind=context_event&body=x",  // no date
                "unit=D1&role=hr&kind=context_event&event_date=2025-02-30&body=x",  // no such day
                "unit=D1&role=hr&kind=question&event_date=2025-03-01&body=x",  // a question has no date
                "unit=D1&role=hr&kind=rumour&body=x",
            ] {
                try await client.execute(
                    uri: "/reports/sick-leave/comments", method: .post, headers: Self.form,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                }
            }
        }
    }
}
