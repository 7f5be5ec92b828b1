import Foundation
import Hummingbird
import HummingbirdTesting
import KlarsynWeb
import Testing

@Suite("Web pages, in process through the router")
struct PageTests {
    func get(_ uri: String, path: String, language: Language = .da, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path, language: language))
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
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
        #expect(html.contains("<aside class=\"limits\" id=\"limits\" aria-labelledby=\"limits-heading\"><h2 id=\"limits-heading\">Hvad rapporten ikke kan vise</h2>"))
        #expect(html.contains("Rapporten må ikke bruges til"))
        #expect(html.contains("Hvem er ikke med"))
        // Every SVG has a description and a data table alternative.
        let svgs = html.occurrences(of: "<svg ")
        #expect(svgs == 4)
        #expect(html.occurrences(of: "<desc id=") == svgs)
        #expect(html.occurrences(of: "<details class=\"data-table\"><summary>Vis tallene som tabel</summary><table>") == svgs)
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
        #expect(html.contains("<p class=\"versions-shown\">Tallene på siden følger version 1 (januar 2024 – december 2024), version 2 (januar 2025 – juni 2025).</p>"))
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
        #expect(html.contains("<tr><th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=R&amp;month=2024-12&amp;lang=da\">december 2024</a></th><td class=\"num\">2,9</td><td class=\"num\">2,5</td><td></td></tr>"))
        // The rolling window does not mix definition versions: it restarts after the break.
        #expect(html.contains("<tr><th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=R&amp;month=2025-01&amp;lang=da\">januar 2025</a></th><td class=\"num\">1,0</td><td class=\"num\">—</td><td>seriebrud: definition v2</td></tr>"))
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
        // W3 has 2 counted employees (the substitute does not count): shown as <5, in chart and table.
        #expect(html.contains("<th scope=\"row\"><a href=\"/reports/sick-leave?unit=W3&amp;lang=da\">Afsnit 3</a></th><td class=\"num suppressed\"><abbr title=\"færre end 5 ansatte\">&lt;5</abbr></td>"))
        #expect(html.contains("1 enhed-måned-celler på denne side har færre end 5 ansatte"))
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
        let (status, html, _) = try await get("/reports/sick-leave", path: try Fixture.makeWarehouse(brokenUnitMonth: true))
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
            _ = try await buildApplication(configuration: try Fixture.configuration(path: "/nonexistent/warehouse.sqlite"))
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
        #expect(html.contains("<th scope=\"row\"><a href=\"/reports/sick-leave/explain?unit=W3&amp;month=2024-12&amp;lang=da\">Afsnit 3</a></th><td class=\"num suppressed\">"))
        let (s2, small, _) = try await get("/reports/sick-leave/explain?unit=W3&month=2024-12", path: path)
        #expect(s2 == .ok)
        #expect(small.contains("færre end 5 ansatte i måneden"))
        #expect(!small.contains("100 × "))
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
}
