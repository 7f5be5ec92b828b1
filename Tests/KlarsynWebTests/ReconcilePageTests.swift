import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynBuild
import KlarsynDisclosure
import KlarsynStore
import KlarsynWorkspace
import Testing

@testable import KlarsynWeb

/// The reconciliation page (issue 8): reads the latest run `klarsyn reconcile` stored, shows
/// aggregated figures only, and is open to the roles with the `reconcile` permission.
@Suite("Reconciliation page")
struct ReconcilePageTests {
    /// A report as `klarsyn reconcile` stores it (crafted deliveries, cases and checked pairs left out).
    static let report = #"""
        {"asOf":[{"agreeingAsOf":24,"agreeingToday":23,"asOfTotal":"14.5","lateDataOnly":1,"metric":"short_days","todayOnly":0,"todayTotal":"17.5","vendorTotal":"44.25"},{"agreeingAsOf":29,"agreeingToday":29,"asOfTotal":"35","lateDataOnly":0,"metric":"long_days","todayOnly":0,"todayTotal":"35","vendorTotal":"7"},{"agreeingAsOf":25,"agreeingToday":24,"asOfTotal":"49.5","lateDataOnly":1,"metric":"total","todayOnly":0,"todayTotal":"52.5","vendorTotal":"51.25"}],"cases":[],"categories":[{"category":"id_mapping","days":["1","0","1"],"employees":2,"pairs":[2,2,2],"rule":"R1.1 the vendor's id matches no HR employee (as written and after the configured mapping), or the vendor delivered one employee-month under several ids, or mapping the id with leading zeros would pair it","title":"Id mapping","unitsHit":1},{"category":"population","days":["3","0","3"],"employees":3,"pairs":[7,7,7],"rule":"R1.2 one side is missing and the employee was not employed that month, was employed only in a form outside the definition's population, or the vendor has no figure for an employee in the population; or part of the month lies in a form outside the population and the vendor counts more","title":"Population","unitsHit":1},{"category":"late_registration","days":["3","0","3"],"employees":1,"pairs":[1,0,1],"rule":"R1.3 Klarsyn's figure computed from what was registered by the vendor's cut-off (registered_at) agrees, and no recomputation from today's registrations does","title":"Late registration after the vendor's cut-off","unitsHit":1},{"category":"day_basis","days":["2","0","2"],"employees":1,"pairs":[1,0,1],"rule":"R1.4 Klarsyn's figure agrees when counted Monday\\u2013Friday only and/or with a half day as a whole day","title":"Day basis","unitsHit":1},{"category":"split_boundary","days":["28","28","0"],"employees":1,"pairs":[1,1,0],"rule":"R1.5 (short/long only) the totals agree, under any of the recomputations above, but not the split","title":"Split boundary (same total, different short/long split)","unitsHit":1},{"category":"month_boundary","days":["2","0","2"],"employees":1,"pairs":[2,0,2],"rule":"R1.6 the difference is offset by the opposite difference of the same employee and metric in the previous or next month","title":"Month boundary","unitsHit":1},{"category":"rounding","days":["0.5","0","0.5"],"employees":1,"pairs":[1,0,1],"rule":"R1.7 |\\u0394| < 1 and Klarsyn's figure rounded to whole days (half up, half to even, down or up) is the vendor's","title":"Rounding","unitsHit":1},{"category":"unit_attribution","days":["0","0","2"],"employees":1,"pairs":[0,0,1],"rule":"R1.8 (unit level, beside the pair's own category) the employee had counted days in another home unit than the one on the last employed day of the month, where a vendor figure is attributed","title":"Unit attribution","unitsHit":2},{"category":"unexplained","days":["4","0","4"],"employees":1,"pairs":[1,0,1],"rule":"R1.9 none of the above","title":"Unexplained","unitsHit":1}],"decisions":[],"driftedDecisions":0,"exitCode":1,"grid":[{"month":"2024-01","suppressed":true,"unitId":"(unknown)"},{"month":"2024-02","suppressed":true,"unitId":"(unknown)"},{"delta":"8.5","inHouseDays":"42.5","month":"2024-01","personAgreementPct":"33.33","persons":6,"personsAgreeing":2,"suppressed":false,"unitAgrees":false,"unitId":"W1","vendorDays":"34"},{"delta":"-1","inHouseDays":"5","month":"2024-02","personAgreementPct":"83.33","persons":6,"personsAgreeing":5,"suppressed":false,"unitAgrees":false,"unitId":"W1","vendorDays":"6"},{"delta":"0","inHouseDays":"0","month":"2024-03","personAgreementPct":"100.00","persons":6,"personsAgreeing":6,"suppressed":false,"unitAgrees":true,"unitId":"W1","vendorDays":"0"},{"delta":"-8","inHouseDays":"3","month":"2024-01","personAgreementPct":"42.86","persons":7,"personsAgreeing":3,"suppressed":false,"unitAgrees":false,"unitId":"W2","vendorDays":"11"},{"delta":"1","inHouseDays":"1","month":"2024-02","personAgreementPct":"66.67","persons":6,"personsAgreeing":4,"suppressed":false,"unitAgrees":false,"unitId":"W2","vendorDays":"0"},{"delta":"-0.25","inHouseDays":"2","month":"2024-03","personAgreementPct":"66.67","persons":6,"personsAgreeing":4,"suppressed":false,"unitAgrees":true,"unitId":"W2","vendorDays":"2.25"}],"newUnexplained":2,"populationDifferences":[],"provenance":{"configVersion":1,"definition":"sick-leave@1","definitionRules":["codes SYG","population Fastansat, Tidsbegr\\u00e6nset","half day weight 0.5","link gap 2 days","long-term when span > 28 days","classification retroactive"],"definitionVersion":1,"horizon":"2024-03-31","idMapping":"pad_leading_zeros","periodFrom":"2024-01","periodTo":"2024-03","rulesVersion":1,"seed":7,"tolerances":[{"absolute":"0.25","metric":"short_days","relative":"0"},{"absolute":"0","metric":"long_days","relative":"0"},{"absolute":"0.25","metric":"total","relative":"0"}],"vendorCutoff":"each month's figure as registered by the end of the month (Europe/Copenhagen); later registrations and retractions are missing","vendorFiles":[{"deliveryDate":"2024-04-01","name":"pdc_sickleave_202404.csv","rowsUsed":37,"sha256":"87447e9e7e61a6110aff004053999e97a4734313e821de93242edc783f4eb692"}],"vendorSource":"pdc_sickleave"},"randomCheck":{"agreeingPairs":24,"errors":0,"items":[],"method":"seeded simple random sample of agreeing total pairs; each re-read from the vendor's raw line and recomputed through Klarsyn's explanation; exact one-sided 95 % Clopper\\u2013Pearson bound (0 errors: 1 \\u2212 0.05^(1/n), about 3/n)","sampleSize":5,"seed":8,"upperBound95Pct":"45.07"},"runId":"c68fa44f54016988","scorecard":[{"delta":"-28.75","different":7,"duplicateKey":1,"exactPct":"56.41","identical":22,"inHouseOnly":3,"inHouseTotal":"18.5","metric":"short_days","pairs":39,"vendorOnly":5,"vendorTotal":"47.25","withinTolerance":1,"withinTolerancePct":"58.97"},{"delta":"28","different":1,"duplicateKey":1,"exactPct":"74.36","identical":29,"inHouseOnly":3,"inHouseTotal":"35","metric":"long_days","pairs":39,"vendorOnly":5,"vendorTotal":"7","withinTolerance":0,"withinTolerancePct":"74.36"},{"delta":"-0.75","different":6,"duplicateKey":1,"exactPct":"58.97","identical":23,"inHouseOnly":3,"inHouseTotal":"53.5","metric":"total","pairs":39,"vendorOnly":5,"vendorTotal":"54.25","withinTolerance":1,"withinTolerancePct":"61.54"}],"trend":[{"definition":"sick-leave@1","exactPct":"58.97","period":"2024-01 \\u2026 2024-03","rulesVersion":1,"runId":"c68fa44f54016988","seq":0,"unexplained":2,"withinTolerancePct":"61.54"}]}
        """#

    static func warehouse(withRun: Bool) throws -> String {
        let path = try Fixture.makeWarehouse()
        guard withRun else { return path }
        let w = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        try w.write { db in
            try db.execute(
                sql: "CREATE TABLE IF NOT EXISTS recon_run (seq INTEGER PRIMARY KEY, run_id TEXT, report_json TEXT)")
            try db.execute(sql: "INSERT INTO recon_run (run_id, report_json) VALUES ('old', '{}')")
            try db.execute(
                sql: "INSERT INTO recon_run (run_id, report_json) VALUES (?, ?)", arguments: ["new", report])
        }
        return path
    }

    func get(_ path: String, as role: Role, language: String = "en") async throws -> (HTTPResponse.Status, String) {
        let app = try await buildApplication(configuration: try Fixture.configuration(path: path))
        return try await app.test(.router) { client in
            let client = try await SignedInClient(client, as: role)
            return try await client.execute(uri: "/reconciliation?lang=\(language)", method: .get) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }

    @Test func hrPartnerSeesTheLatestRunWithoutEmployeeIds() async throws {
        let (status, html) = try await get(try Self.warehouse(withRun: true), as: .hrPartner)
        #expect(status == .ok)
        #expect(html.contains("Reconciliation of sick leave with the payroll vendor"))
        #expect(html.contains("pdc_sickleave_202404.csv"))
        #expect(html.contains("58.97 %"))  // exact % of the total
        #expect(html.contains("Split boundary (same total, different short/long split)"))
        #expect(html.contains("R1.5 (short/long only) the totals agree"))
        // The report hid the "(unknown)" cells (too few persons): the policy's marker and rule.
        #expect(html.contains("<td class=\"suppressed\" title=\"SC2: The figure is computed from fewer than 5 persons"))
        #expect(html.contains("≠</abbr> 33.33 %<span class=\"n\""))
        #expect(html.contains("=</abbr> 100.00 %<span class=\"n\""))
        // Person counts: five shown, one hidden by the complement rule (the report's two hidden cells hold
        // fewer than 5 persons together, and the page shows the total pairs).
        #expect(
            html.occurrences(of: "<span class=\"n\">6 pers.</span>")
                + html.occurrences(of: "<span class=\"n\">7 pers.</span>") == 5)
        #expect(html.occurrences(of: "<span class=\"n\" title=\"SC3: ") == 1)
        #expect(html.contains("small-cells@1"))
        #expect(html.contains("<a href=\"/policies/suppression?lang=en#SC3\">SC3</a>"))
        #expect(!html.contains("E000"), "no employee id on the page")
        #expect(!html.contains("<script"))
        #expect(html.contains("<svg"))
    }

    @Test func theDanishPageTranslatesTheReportsIdsAndPhrases() async throws {
        let (status, html) = try await get(try Self.warehouse(withRun: true), as: .hrPartner, language: "da")
        #expect(status == .ok)
        for danish in [
            "Opdeling (samme total, anden fordeling på kort/lang)",
            "Sen registrering efter leverandørens skæringstidspunkt",
            "Id-kobling", "Uforklaret", "R1.9 ingen af ovenstående", "Korttidsfravær", "Langtidsfravær",
            "hver måneds tal som registreret ved månedens udgang (dansk tid)", "fraværskoder SYG",
            "sammenkædning ved op til 2 dages mellemrum", "langtid når forløbets længde &gt; 28 dage",
            "klassifikation med tilbagevirkning", "58,97 %", "(ukendt)", "Uforklarede par",
        ] {
            #expect(html.contains(danish), "missing: \(danish)")
        }
        for english in [
            "Split boundary", "Late registration after", "Unexplained", "each month's figure", "short_days",
            "long_days",
            "link gap", "classification retroactive", "(unknown)",
        ] {
            #expect(!html.contains(english), "English on the Danish page: \(english)")
        }
    }

    @Test func wideTablesAreKeyboardFocusableRegionsAndTheScorecardIsTurned() async throws {
        let (_, html) = try await get(try Self.warehouse(withRun: true), as: .biDeveloper)
        // Every table sits in a labelled, focusable scroll region whose label is the table's caption.
        let regions = html.components(separatedBy: "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"")
            .dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(regions.count == html.occurrences(of: "<table"))
        for id in regions { #expect(html.contains("<caption id=\"\(id)\"")) }
        #expect(html.occurrences(of: "tabindex=\"0\"") == regions.count)
        // The scorecard: metrics as columns (4 header cells), measures in three row groups.
        let scorecard = html.components(separatedBy: "id=\"scorecard-caption\"")[1].components(separatedBy: "</table>")[
            0]
        #expect(scorecard.components(separatedBy: "</thead>")[0].occurrences(of: "<th ") == 4)
        #expect(scorecard.occurrences(of: "scope=\"rowgroup\"") == 3)
        #expect(scorecard.occurrences(of: "<tbody>") == 3)
    }

    @Test func theGridFollowsTheWorkspacePolicyOverTheWholeRun() throws {
        let report = try JSONDecoder().decode(ReconcileSnapshot.self, from: Data(Self.report.utf8))
        let file = try Workspace.builtIn().folder(.policies).appending(path: SuppressionPolicy.fileName)
        let text = try String(contentsOf: file, encoding: .utf8)
        // The shipped policy: the report's hidden cells stay hidden, six persons are shown; the two hidden
        // cells hold fewer than 5 persons together, so one more count is hidden against the total pairs.
        let shipped = ReconcileDisclosure.table(report)
        let standard = try SuppressionPolicy.parse(text, file: "policies/suppression.toml").suppress(shipped)
        #expect(!standard.isShown(ReconcileDisclosure.agreementKey("(unknown)", "2024-01")))
        #expect(!standard.isShown(ReconcileDisclosure.personsKey("(unknown)", "2024-02")))
        #expect(standard.isShown(ReconcileDisclosure.agreementKey("W1", "2024-01")))
        #expect(standard.isShown(ReconcileDisclosure.totalPairsKey))
        let months = ["2024-01", "2024-02", "2024-03"]
        let hiddenCounts = ["W1", "W2"].flatMap { u in months.map { ReconcileDisclosure.personsKey(u, $0) } }
            .filter { !standard.isShown($0) }
        #expect(hiddenCounts.count == 1)
        // A stricter policy (fewer than 7 hidden) hides the six-person cells the report showed.
        let strict = try SuppressionPolicy.parse(
            text.replacingOccurrences(of: "hide_below = 5", with: "hide_below = 7")
                .replacingOccurrences(of: "min_persons = 5", with: "min_persons = 7")
                .replacingOccurrences(of: "min_hidden_persons = 5", with: "min_hidden_persons = 7"),
            file: "policies/suppression.toml"
        ).suppress(shipped)
        #expect(!strict.isShown(ReconcileDisclosure.agreementKey("W1", "2024-01")))
        #expect(strict.isShown(ReconcileDisclosure.agreementKey("W2", "2024-01")))  // 7 persons
        if case .suppressed(let s) = strict.decision(for: ReconcileDisclosure.agreementKey("W1", "2024-02")) {
            #expect(s.ruleID == "SC2")
        } else {
            Issue.record("a six-person share is shown under a 7-person policy")
        }
    }

    @Test func generatedPhrasesHaveADanishFormAndUnknownOnesStayAsWritten() {
        #expect(
            ReconcileTerms.impact(
                "1103 pairs, Σ|Δ| 2160 days over all metrics = 50.13 % of the vendor's 4309 total days in run 23a7; weekdays",
                .da)
                == "1103 par, Σ|Δ| 2160 dage over alle mål = 50,13 % af leverandørens 4309 dage i alt i kørsel 23a7; weekdays"
        )
        #expect(
            ReconcileTerms.drift("size drifted: 12.5 days now, 10 at decision D3 (limit ± 1)", .da)
                == "størrelsen har flyttet sig: 12,5 dage nu, 10 ved beslutning D3 (grænse ± 1)")
        #expect(
            ReconcileTerms.seriesBreak(
                "series break: definition sick-leave@1 → sick-leave@2; baseline decision D1", .da)
                == "brud i serien: definition sick-leave@1 → sick-leave@2; baselinebeslutning D1")
        #expect(
            ReconcileTerms.variant(
                "codes SYG+ARB_SKADE · population all forms · half day 0.5 · gap 2 · long when span >= 30 · day_position · weekdays · known at the vendor's cut-off",
                .da)
                == "koder SYG+ARB_SKADE · population alle ansættelsesformer · halv dag 0,5 · mellemrum 2 · langtid når forløbets længde >= 30 · efter dagens plads i forløbet · hverdage · kendt ved leverandørens skæringstidspunkt"
        )
        #expect(
            ReconcileTerms.populationReason("employment form Vikar is outside the definition's population", .da)
                == "ansættelsesform Vikar ligger uden for definitionens population")
        #expect(ReconcileTerms.category("new_rule", fallback: "New rule", .da) == "New rule")
        #expect(ReconcileTerms.drift("something else", .da) == "something else")
        #expect(ReconcileTerms.impact("a note", .en) == "a note")
    }

    @Test func withoutARunThePageSaysHowToMakeOne() async throws {
        let (status, html) = try await get(try Self.warehouse(withRun: false), as: .biDeveloper)
        #expect(status == .ok)
        #expect(html.contains("klarsyn reconcile"))
    }

    @Test func aUnitManagerIsRefused() async throws {
        let (status, _) = try await get(try Self.warehouse(withRun: true), as: .unitManager)
        #expect(status == .forbidden)
    }
}
