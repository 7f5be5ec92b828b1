import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynWeb
import Testing

@Suite("Web pages, in process through the router")
struct PageTests {
    func get(_ uri: String, path: String, language: Language = .da, headers: HTTPFields = [:]) async throws -> (
        HTTPResponse.Status, String, HTTPFields
    ) {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path, language: language))
        return try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            return try await client.execute(uri: uri, method: .get, headers: headers) { response in
                (response.status, String(buffer: response.body), response.headers)
            }
        }
    }

    @Test func homeListsTheReportInDanish() async throws {
        let (status, html, headers) = try await get("/", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"da\">"))
        #expect(html.contains("<a class=\"skip-link\" href=\"#main\">Spring til indhold</a>"))
        #expect(html.contains("<main id=\"main\" tabindex=\"-1\">"))
        #expect(html.contains("<a href=\"/reports/sick-leave?lang=da\">Sygefravær</a>"))
        #expect(html.contains("<a href=\"/?lang=en\" lang=\"en\" hreflang=\"en\">English</a>"))
        #expect(!html.contains("<script"))
    }

    @Test func reportPageAtTheRootHasEverythingTheIssueAsksFor() async throws {
        let (status, html, headers) = try await get("/reports/sick-leave", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        #expect(html.contains("<html lang=\"da\">"))
        #expect(html.contains("Spring til indhold"))
        // Limits panel: always visible, not a tooltip or a collapsed detail.
        #expect(
            html.contains(
                "<aside class=\"limits\" id=\"limits\" aria-labelledby=\"limits-heading\"><h2 id=\"limits-heading\">Hvad rapporten ikke kan vise</h2>"
            ))
        #expect(html.contains("Rapporten må ikke bruges til"))
        #expect(html.contains("Hvem er ikke med"))
        // Every SVG has a description and a data table alternative.
        let svgs = html.occurrences(of: "<svg ")
        #expect(svgs == 4)
        #expect(html.occurrences(of: "<desc id=") == svgs)
        #expect(
            html.occurrences(of: "<details class=\"data-table\"><summary>Vis tallene som tabel</summary><table>")
                == svgs)
        #expect(html.occurrences(of: "<p class=\"summary\">Kort fortalt: ") == 4)
        // Notices: data as of, months changed since the last load, series break.
        #expect(html.contains("Data pr. 2025-07-03"))
        #expect(html.contains("Tal for disse måneder er ændret siden sidste indlæsning"))
        #expect(html.contains("2025-05: 3 rækker fra Absence registrations (sene registreringer)"))
        #expect(html.contains("Seriebrud: definitionen skiftede til version 2 fra januar 2025."))
        #expect(html.contains("class=\"series-break\""))
        // Definition card with version, owner, changelog, diff and the order of reuse.
        #expect(html.occurrences(of: "class=\"definition-card\"") == 4)
        #expect(html.contains("Hvad er ændret fra version 1 til 2"))
        #expect(
            html.contains(
                "<p class=\"versions-shown\">Tallene på siden følger version 1 (januar 2024 – december 2024), version 2 (januar 2025 – juni 2025).</p>"
            ))
        #expect(html.contains("classification: &quot;retroactive&quot; → &quot;as_of&quot;"))
        #expect(html.contains("Først registreret til"))
        #expect(html.contains("Registered in the shift-planning system to plan cover and pay staff correctly"))
        #expect(html.contains("Ward managers."))
        // The unit picker is a labelled form that works without JavaScript.
        #expect(html.contains("<form method=\"get\" action=\"/reports/sick-leave\" class=\"unit-picker\">"))
        #expect(html.contains("<label for=\"unit-select\">Vælg enhed</label><select id=\"unit-select\" name=\"unit\">"))
        #expect(html.contains("<button type=\"submit\">Vis</button>"))
        // Drill-down link to the hospital.
        #expect(html.contains("<a href=\"/reports/sick-leave?unit=H1&amp;lang=da\">Testhospitalet</a>"))
        // Rolling 12-month rate shown for the latest month (ratio of sums).
        #expect(html.contains("Rullende 12 måneder"))
        #expect(
            html.contains(
                "<tr><th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=R&amp;month=2024-12&amp;lang=da\">december 2024</a></th><td class=\"num\">2,9</td><td class=\"num\">2,5</td><td></td></tr>"
            ))
        // The rolling window does not mix definition versions: it restarts after the break.
        #expect(
            html.contains(
                "<tr><th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=R&amp;month=2025-01&amp;lang=da\">januar 2025</a></th><td class=\"num\">1,0</td><td class=\"num\">—</td><td>seriebrud: definition v2</td></tr>"
            ))
        #expect(!html.contains("<script"))
        #expect(!html.contains("E000000"), "no employee id on a page")
    }

    @Test func departmentComparesWardsAndHidesSmallCells() async throws {
        let (status, html, _) = try await get("/reports/sick-leave?unit=D1", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(html.contains("<span class=\"unit-name\">Medicinsk afdeling</span>"))
        // Breadcrumb region → hospital → department.
        #expect(html.contains("<li><a href=\"/reports/sick-leave?unit=R&amp;lang=da\">Region Test</a></li>"))
        #expect(html.contains("aria-current=\"page\">Medicinsk afdeling</a>"))
        // W3 has 2 counted employees (the substitute does not count): shown as <5, in chart and table,
        // linking to the rule that hid it (SC2: a rate from fewer than 5 persons).
        #expect(
            html.contains(
                "<th scope=\"row\"><a href=\"/reports/sick-leave?unit=W3&amp;lang=da\">Afsnit 3</a></th><td class=\"num suppressed\"><a href=\"/policies/suppression?lang=da#SC2\" class=\"rule\"><abbr title=\"Tal beregnet på få personer (SC2)\">&lt;5</abbr></a></td>"
            ))
        // W2 (6 employees) is hidden too (secondary suppression, policy rule SC3): with W1 and the
        // department shown, W3 alone would be the difference.
        #expect(
            html.contains(
                "<th scope=\"row\"><a href=\"/reports/sick-leave?unit=W2&amp;lang=da\">Afsnit 2</a></th><td class=\"num suppressed\">"
            ))
        #expect(html.contains("2 enhed-måned-celler på denne side har færre end 5 ansatte"))
        #expect(html.contains("Skjulte celler er stadig med i tallene for de overordnede enheder"))
        // Names are escaped.
        #expect(html.contains("Afsnit 1 &lt;Øst&gt;"))
        #expect(!html.contains("Afsnit 1 <Øst>"))
    }

    @Test func smallWardIsSuppressedOnItsOwnPage() async throws {
        let (status, html, _) = try await get("/reports/sick-leave?unit=W3", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(html.contains("18 enhed-måned-celler på denne side har færre end 5 ansatte"))
        #expect(html.contains("Der er ingen tal at vise for denne enhed."))
        #expect(!html.contains("<td class=\"num\">"), "no figure of a small ward is shown")
    }

    @Test func englishByQueryAndByCookie() async throws {
        let path = try Fixture.makeWarehouse()
        let (status, html, headers) = try await get("/reports/sick-leave?unit=H1&lang=en", path: path)
        #expect(status == .ok)
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("What this report cannot show"))
        #expect(html.contains("Figures for these months changed since the last load"))
        #expect(html.contains("<a href=\"/reports/sick-leave?unit=D1&amp;lang=en\">Medicinsk afdeling</a>"))
        #expect(headers[.setCookie] == "klarsyn_lang=en; Path=/; SameSite=Lax; HttpOnly")
        let (_, byCookie, cookieHeaders) = try await get("/", path: path, headers: [.cookie: "klarsyn_lang=en"])
        #expect(byCookie.contains("<html lang=\"en\">"))
        #expect(cookieHeaders[.setCookie] == nil)
    }

    @Test func definitionPageShowsEveryVersion() async throws {
        let (status, html, _) = try await get("/definitions/sick-leave", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(html.contains("version 1"))
        #expect(html.contains("version 2"))
        #expect(html.contains("forslag"))
    }

    @Test func errorsAreMappedOnPurpose() async throws {
        let path = try Fixture.makeWarehouse()
        let (s1, unknownUnit, _) = try await get("/reports/sick-leave?unit=NOPE", path: path)
        #expect(s1 == .notFound)
        #expect(unknownUnit.contains("Enheden «NOPE» findes ikke i organisationen."))
        let (s2, _, _) = try await get("/reports/nothing", path: path)
        #expect(s2 == .notFound)
        let (s3, notFound, _) = try await get("/no/such/page", path: path)
        #expect(s3 == .notFound)
        #expect(notFound.contains("<h1>Siden findes ikke</h1>"))
        let (s4, bad, _) = try await get("/reports/sick-leave?unit=%3Cscript%3E", path: path)
        #expect(s4 == .badRequest)
        #expect(!bad.contains("<script>"))
    }

    @Test func unbuiltWarehouseSaysSo() async throws {
        let (status, html, _) = try await get("/reports/sick-leave", path: try Fixture.makeWarehouse(sickTables: false))
        #expect(status == .serviceUnavailable)
        #expect(html.contains("Kør `klarsyn build`"))
    }

    @Test func internalErrorsShowOnlyARequestID() async throws {
        let (status, html, _) = try await get(
            "/reports/sick-leave", path: try Fixture.makeWarehouse(brokenUnitMonth: true))
        #expect(status == .internalServerError)
        #expect(html.contains("<h1>Der skete en fejl</h1>"))
        #expect(html.contains("oplys fejl-id "))
        #expect(!html.contains("no such column"))
        #expect(!html.contains("SQLite"))
    }

    @Test func stylesheetAndHealth() async throws {
        let path = try Fixture.makeWarehouse()
        let (s1, css, h1) = try await get("/assets/klarsyn.css", path: path)
        #expect(s1 == .ok)
        #expect(h1[.contentType] == "text/css; charset=utf-8")
        #expect(css.contains(".skip-link:focus"))
        let (s2, ok, _) = try await get("/health", path: path)
        #expect(s2 == .ok)
        #expect(ok == "ok")
    }

    @Test func missingWarehouseStopsStartUp() async throws {
        await #expect(throws: WebStartError.self) {
            _ = try await buildApplication(
                configuration: try Fixture.configuration(path: "/nonexistent/warehouse.sqlite"))
        }
    }

    @Test func explainPageShowsTheSumsTheRuleAndHidesSmallSubUnits() async throws {
        let path = try Fixture.makeWarehouse()
        let (status, html, _) = try await get("/reports/sick-leave/explain?unit=D1&month=2024-12", path: path)
        #expect(status == .ok)
        #expect(html.contains("<h1>Sådan er tallet lavet: Medicinsk afdeling, december 2024</h1>"))
        // December 2024 (i = 11): short 3×3+5 = 14 days, no long; 16 employees × 30 days available.
        #expect(html.contains("<code>100 × 14,0 / 480,0 = 2,92 %</code>"))
        #expect(html.contains("Sygedage med højst 2 dage imellem hører til samme forløb."))
        #expect(html.contains("<h2 id=\"limits-heading\">Hvad rapporten ikke kan vise</h2>"))
        #expect(
            html.contains(
                "<th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=W3&amp;month=2024-12&amp;lang=da\">Afsnit 3</a></th><td class=\"num suppressed\">"
            ))
        let (s2, small, _) = try await get("/reports/sick-leave/explain?unit=W3&month=2024-12", path: path)
        #expect(s2 == .ok)
        #expect(small.contains("færre end 5 ansatte i måneden"))
        #expect(!small.contains("<code>100 × "))
        let (s3, _, _) = try await get("/reports/sick-leave/explain?unit=D1&month=2024-13", path: path)
        #expect(s3 == .badRequest)
        let (s4, changed, _) = try await get("/reports/sick-leave/explain?unit=D1&month=2025-05", path: path)
        #expect(s4 == .ok)
        #expect(changed.contains("Tal for disse måneder er ændret siden sidste indlæsning"))
    }

    @Test func cataloguePagesListModelsColumnsLineageAndReportUse() async throws {
        let path = try Fixture.makeWarehouse(catalogue: true)
        let (status, html, _) = try await get("/catalogue", path: path)
        #expect(status == .ok)
        #expect(html.contains("<a href=\"/catalogue/absence_day?lang=da\">absence_day</a>"))
        let (s2, model, _) = try await get("/catalogue/absence_day", path: path)
        #expect(s2 == .ok)
        #expect(model.contains("<code>stg_psc_absences.code</code> (copied)"))
        let (s3, unitMonth, _) = try await get("/catalogue/sick_leave_unit_month", path: path)
        #expect(s3 == .ok)
        #expect(unitMonth.contains("<a href=\"/reports/sick-leave?lang=da#tile-rate\">Sygefravær › rate</a>"))
        let (s4, _, _) = try await get("/catalogue/nope", path: path)
        #expect(s4 == .notFound)
    }

    @Test func aMonthTheDeliveriesDoNotCoverIsLeftOutAndNamed() async throws {
        let (status, html, _) = try await get(
            "/reports/sick-leave?unit=D1", path: try Fixture.makeWarehouse(deliveryDate: "2025-06-15"))
        #expect(status == .ok)
        #expect(html.contains("Juni 2025 er ikke med: leverancerne dækker kun til 2025-06-15."))
        #expect(html.contains("Seneste måned med tal: maj 2025."))
        #expect(!html.contains(">juni 2025</a></th>"))
    }

    @Test func homePageWholeResponse() async throws {
        let (status, html, headers) = try await get("/", path: try Fixture.makeWarehouse())
        #expect(status == .ok)
        #expect(headers[.cacheControl] == "no-store")
        #expect(headers[.xContentTypeOptions] == "nosniff")
        let expected = """
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>Rapporter — Klarsyn</title><link rel="stylesheet" href="/assets/klarsyn.css"></head><body>\
            <a class="skip-link" href="#main">Spring til indhold</a><header class="site-header"><a class="brand" href="/?lang=da">Klarsyn</a>\
            <nav aria-label="Hovedmenu"><ul><li><a href="/?lang=da">Rapporter</a></li><li><a href="/scenarios?lang=da">Scenarier</a></li>\
            <li><a href="/catalogue?lang=da">Katalog</a></li>\
            <li><a href="/quarantine?lang=da">Karantæne</a></li>\
            <li><a href="/reconciliation?lang=da">Afstemning</a></li>\
            <li><a href="/migration?lang=da">Migrering</a></li>\
            <li><a href="/?lang=en" lang="en" hreflang="en">English</a></li></ul></nav>\
            <form method="post" action="/logout" class="sign-out"><input type="hidden" name="_csrf" value="CSRF">\
            <span class="signed-in">Logget ind som BI (BI-udvikler)</span><button type="submit">Log ud</button></form>\
            </header><main id="main" tabindex="-1">\
            <h1>Rapporter</h1><p class="lead">Rapporterne er til dialog: hver rapport viser sine definitioner og sine grænser, og du opfordres til at kommentere dem.</p>\
            <ul class="report-list"><li><a href="/reports/sick-leave?lang=da">Sygefravær</a><p>Sygefravær pr. måned og over 12 måneder, fordelt på kort- og langtidsfravær, \
            med sammenligning af underenhederne. Vælg en enhed for at gå fra region til hospital, afdeling og afsnit.</p>\
            <p class="owner">Rapportejer: HR partner team, regional HR</p></li></ul></main><footer class="site-footer">\
            <p>Klarsyn — åbent datavarehus for det offentlige sundhedsvæsen. Alle tal kan forklares.</p></footer></body></html>
            """
        #expect(html.withoutCSRF == expected)
    }

    @Test func commentsArePostedRedirectedAndShownEscaped() async throws {
        let path = try Fixture.makeWarehouse()
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        try await app.test(.router) { client in
            let client = try await SignedInClient(client)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: form,
                body: ByteBuffer(string: "unit=D1&lang=da&role=manager&body=Vi+havde+influenza+i+marts+%3Cb%3E")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/reports/sick-leave?unit=D1&lang=da#comments")
            }
            try await client.execute(uri: "/reports/sick-leave?unit=D1", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<strong>Leder</strong>"))
                #expect(html.contains("<p>Vi havde influenza i marts &lt;b&gt;</p>"))
                #expect(
                    html.contains(
                        "<label for=\"comment-body\">Kommentar</label><textarea id=\"comment-body\" name=\"body\""))
                #expect(html.contains("<label for=\"comment-role\">Din rolle</label>"))
            }
            try await client.execute(uri: "/reports/sick-leave?unit=W1", method: .get) { response in
                #expect(String(buffer: response.body).contains("Ingen kommentarer til denne enhed endnu."))
            }
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: form,
                body: ByteBuffer(string: "unit=D1&role=manager&body=+++")
            ) { response in
                #expect(response.status == .badRequest)
            }
            var foreign = form
            foreign[.origin] = "https://evil.example"
            try await client.execute(
                uri: "/reports/sick-leave/comments", method: .post, headers: foreign,
                body: ByteBuffer(string: "unit=D1&role=hr&body=x")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func scenarioWorkbenchShowsHRsAnswersAgainstEachVersion() async throws {
        let path = try Fixture.makeWarehouse()
        let (status, html, _) = try await get("/scenarios", path: path)
        #expect(status == .ok)
        #expect(html.contains("<th scope=\"col\">sick-leave@1</th><th scope=\"col\">sick-leave@2</th>"))
        #expect(html.contains("<a href=\"/scenarios/twenty-nine?lang=da\">twenty-nine</a>"))
        #expect(html.contains("✗ strider mod HR&#39;s svar"))
        let (s2, detail, _) = try await get("/scenarios/twenty-nine?version=1", path: path)
        #expect(s2 == .ok)
        #expect(detail.contains("<p class=\"summary\">sick-leave@1: ✓ enig med HR</p>"))
        #expect(detail.contains("role=\"img\""))
        #expect(detail.contains("<th scope=\"row\"><code>long_term_days</code></th><td>29</td><td>29</td><td>ja</td>"))
        let (s3, _, _) = try await get("/scenarios/nope", path: path)
        #expect(s3 == .notFound)
    }
}
