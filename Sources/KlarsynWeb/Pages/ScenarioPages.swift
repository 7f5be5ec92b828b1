import KlarsynCore
import KlarsynMetrics

/// The scenario workbench: the calendar cases HR answered ("is this long-term, yes or no?"),
/// and whether each definition version agrees with HR's answers.
enum ScenarioPages {
    static func verdict(_ o: ScenarioOutcome, _ l: Language) -> String {
        guard o.answered else { return l == .da ? "ikke besvaret" : "not answered" }
        return o.agrees
            ? (l == .da ? "✓ enig med HR" : "✓ agrees with HR")
            : (l == .da ? "✗ strider mod HR's svar" : "✗ contradicts HR's answer")
    }

    static func index(scenarios: [Scenario], definitions: SickLeaveDefinitionSet?, _ l: Language) -> String {
        let title = l == .da ? "Scenarier: HR's svar og definitionerne" : "Scenarios: HR's answers and the definitions"
        return Layout.page(title: title, language: l, switchTo: Route.scenarios.href(l == .da ? .en : .da)) { w in
            w.element(.h1, text: title)
            w.element(
                .p, .class("lead"),
                text: l == .da
                    ? "Hvert scenarie er en lille kalender, som HR har taget stilling til (fx «er det langtidsfravær, ja eller nej?»). Svarene er eksekverbare tests: tabellen viser, om hver definitionsversion regner det samme som HR svarede."
                    : "Each scenario is a small calendar HR has answered (e.g. “is this long-term absence, yes or no?”). The answers are executable tests: the table shows whether each definition version computes what HR answered."
            )
            let versions = definitions?.versions ?? []
            w.element(.table) { w in
                w.element(
                    .caption, text: l == .da ? "Scenarier og definitionsversioner" : "Scenarios and definition versions"
                )
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: l == .da ? "Scenarie" : "Scenario")
                        w.element(.th, .scope("col"), text: l == .da ? "Spørgsmål" : "Question")
                        w.element(.th, .scope("col"), text: l == .da ? "Besvaret af" : "Answered by")
                        for v in versions { w.element(.th, .scope("col"), text: v.reference) }
                    }
                }
                w.element(.tbody) { w in
                    for s in scenarios {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) {
                                $0.element(.a, .href(Route.scenario(id: s.id).href(l)), text: s.id)
                            }
                            w.element(.td, .lang("en"), text: s.question)
                            w.element(
                                .td, text: [s.answeredBy, s.answeredAt?.iso].compactMap { $0 }.joined(separator: ", "))
                            for v in versions {
                                let o = ScenarioRunner.run(s, definition: v)
                                w.element(.td) {
                                    $0.element(
                                        .a, .href(Route.scenario(id: s.id, version: v.version).href(l)),
                                        text: verdict(o, l))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func detail(
        scenario s: Scenario, definition d: SickLeaveDefinition, all: SickLeaveDefinitionSet, _ l: Language
    ) -> String {
        let outcome = ScenarioRunner.run(s, definition: d)
        let title = (l == .da ? "Scenarie: " : "Scenario: ") + s.id
        return Layout.page(
            title: title, language: l, switchTo: Route.scenario(id: s.id, version: d.version).href(l == .da ? .en : .da)
        ) { w in
            w.element(.p) {
                $0.element(.a, .href(Route.scenarios.href(l)), text: l == .da ? "Alle scenarier" : "All scenarios")
            }
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), .lang("en"), text: s.question)
            w.element(.nav, .aria("label", l == .da ? "Definitionsversion" : "Definition version")) { w in
                w.element(.ul, .class("inline")) { w in
                    for v in all.versions {
                        w.element(.li) { w in
                            if v.version == d.version {
                                w.element(
                                    .a, .href(Route.scenario(id: s.id, version: v.version).href(l)),
                                    .aria("current", "page"), text: v.reference)
                            } else {
                                w.element(
                                    .a, .href(Route.scenario(id: s.id, version: v.version).href(l)), text: v.reference)
                            }
                        }
                    }
                }
            }
            w.element(.p, .class("summary"), text: "\(d.reference): " + verdict(outcome, l))
            w.element(.figure) { w in
                w.renderedSVG(ScenarioCalendarSVG.render(s, definition: d))
            }
            w.element(.table) { w in
                w.element(
                    .caption,
                    text: l == .da
                        ? "HR's svar og hvad \(d.reference) regner" : "HR's answer and what \(d.reference) computes")
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in l == .da
                            ? ["Spørgsmål", "HR's svar", "Definitionen regner", "Enig"]
                            : ["Question", "HR's answer", "The definition computes", "Agrees"]
                        {
                            w.element(.th, .scope("col"), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for c in outcome.checks {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) { $0.element(.code, text: c.key) }
                            w.element(.td, text: c.expected)
                            w.element(.td, text: c.actual)
                            w.element(.td, text: c.agrees ? (l == .da ? "ja" : "yes") : (l == .da ? "nej" : "no"))
                        }
                    }
                }
            }
            w.element(
                .p,
                text: (l == .da ? "Besvaret af: " : "Answered by: ")
                    + ([s.answeredBy, s.answeredAt?.iso].compactMap { $0 }.joined(separator: ", ")))
            w.element(
                .p, .class("note"),
                text: l == .da
                    ? "Svaret står i arbejdsområdets fil \(s.sourceFile). Et nyt eller ændret svar foreslås som en ændring af filen og gennemgås i git af definitionsejeren."
                    : "The answer is in the workspace file \(s.sourceFile). A new or changed answer is proposed as a change to that file and reviewed in git by the definition owner."
            )
            if let e = outcome.explanation {
                w.element(.details) { w in
                    w.element(.summary, text: l == .da ? "Sådan regner definitionen" : "How the definition computes it")
                    w.element(.p, .lang("en"), .class("preformatted"), text: e)
                }
            }
        }
    }
}
