import Testing

@testable import KlarsynWeb

@Suite("HTML writer, routes and text catalogue")
struct BuildingBlockTests {
    @Test func writerEscapesTextAndAttributes() {
        var w = HTMLWriter()
        w.element(.p, .class("a\"b"), .titleText("<x>")) { $0.text("5 < 6 & 'q'") }
        #expect(w.output == "<p class=\"a&quot;b\" title=\"&lt;x&gt;\">5 &lt; 6 &amp; &#39;q&#39;</p>")
        var v = HTMLWriter()
        v.element(.input, .type("hidden"), .name("lang"), .value("da"))
        #expect(v.output == "<input type=\"hidden\" name=\"lang\" value=\"da\">")
    }

    @Test func routesCarryTheLanguageAndEncodeParameters() {
        #expect(Route.home.href(.en) == "/?lang=en")
        #expect(Route.report(id: "sick-leave", unit: "U 1&2").href(.da) == "/reports/sick-leave?unit=U%201%262&lang=da")
        #expect(Route.definition(id: "sick-leave").href(.da) == "/definitions/sick-leave?lang=da")
        #expect(Route.stylesheet.href(.en) == "/assets/klarsyn.css")
        #expect(Route.quarantine(status: "all").href(.en) == "/quarantine?status=all&lang=en")
        #expect(Route.quarantineWaive.href(.en) == "/quarantine/waive")
        #expect(Route.column(model: "m", column: "a b").href(.da) == "/catalogue/m/a%20b?lang=da")
        // Every pattern the router registers has a route that links to it.
        #expect(
            Set(Route.Pattern.allCases)
                == Set(
                    [
                        Route.home, .report(id: "x"), .definition(id: "x"),
                        .explain(report: "x", unit: "u", month: "2024-01"), .comments(report: "x"), .scenarios,
                        .scenario(id: "x"), .scenarioAnswers(id: "x"), .scenarioExport(id: "x"), .catalogue,
                        .model(name: "m"), .column(model: "m", column: "c"), .quarantine(), .quarantineWaive,
                        .stylesheet, .health, .login(), .logout, .audit, .auditPerson, .explainPeople(report: "x"),
                        .reportExport(id: "x", format: "csv"),
                        .students, .student(token: "t"), .studentComments(token: "t"), .studentExport(token: "t"),
                        .reconciliation, .migration, .suppressionPolicy(),
                    ].map(\.pattern)))
        // A rule is a fragment of the policy page, after the query.
        #expect(Route.suppressionPolicy(rule: "SC3").href(.en) == "/policies/suppression?lang=en#SC3")
        #expect(Route.suppressionPolicy().href(.da) == "/policies/suppression?lang=da")
    }

    @Test func catalogueHasBothLanguages() {
        let samples: [UIText] = [
            .limitsHeading, .dataAsOf("2025-07-03"), .changedMonthsHeading, .definition, .skipToContent, .showTable,
        ]
        for s in samples {
            #expect(!s.text(.da).isEmpty && !s.text(.en).isEmpty)
        }
        #expect(UIText.limitsHeading.text(.da) == "Hvad rapporten ikke kan vise")
        #expect(UIText.dataAsOf("2025-07-03").text(.da) == "Data pr. 2025-07-03")
        #expect(UIText.changedMonthsHeading.text(.da) == "Tal for disse måneder er ændret siden sidste indlæsning")
    }

    @Test func danishNumbersUseADecimalComma() {
        #expect(Format.decimal(2.456, .da) == "2,5")
        #expect(Format.decimal(2.456, .en) == "2.5")
        #expect(SVGChart.label(1.25, .da) == "1,25")
    }
}
