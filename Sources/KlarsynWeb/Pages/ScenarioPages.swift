import Foundation
import KlarsynCore
import KlarsynMetrics

/// The scenario workbench: the calendar cases HR answered ("is this long-term, yes or no?"),
/// and whether each definition version agrees with HR's answers.
enum ScenarioPages {
    static func verdict(_ o: ScenarioOutcome, _ l: Language) -> String {
        guard o.answered else { return UIText.scenarioNotAnswered.text(l) }
        return (o.agrees ? UIText.scenarioAgrees : UIText.scenarioContradicts).text(l)
    }

    static func index(
        scenarios: [Scenario], definitions: SickLeaveDefinitionSet?, _ l: Language,
        answers: [String: [ScenarioAnswer]] = [:]
    ) -> String {
        let title = UIText.scenariosTitle.text(l)
        return Layout.page(title: title, language: l, switchTo: Route.scenarios.href(l == .da ? .en : .da)) { w in
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), text: UIText.scenariosIntro.text(l))
            let versions = definitions?.versions ?? []
            w.element(.table) { w in
                w.element(
                    .caption, text: UIText.scenariosCaption.text(l)
                )
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: UIText.scenarioColumn.text(l))
                        w.element(.th, .scope("col"), text: UIText.answerQuestion.text(l))
                        w.element(.th, .scope("col"), text: UIText.answeredByColumn.text(l))
                        for v in versions { w.element(.th, .scope("col"), text: v.reference) }
                        w.element(.th, .scope("col"), text: UIText.newAnswersColumn.text(l))
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
                            w.element(.td) { w in
                                let given = answers[s.id] ?? []
                                if given.isEmpty { return }
                                w.element(
                                    .a, .href(Route.scenario(id: s.id).href(l) + "#answers"),
                                    text: UIText.newAnswersCount(given.count).text(l))
                                let contradicted = versions.filter {
                                    !ScenarioRunner.run(s.including(given), definition: $0).agrees
                                }.map(\.reference)
                                if !contradicted.isEmpty {
                                    w.text(
                                        " — "
                                            + UIText.newAnswersContradict(contradicted.joined(separator: ", ")).text(l))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func detail(
        scenario s: Scenario, definition d: SickLeaveDefinition, all: SickLeaveDefinitionSet, _ l: Language,
        answers: [ScenarioAnswer] = []
    ) -> String {
        let outcome = ScenarioRunner.run(s, definition: d)
        let title = UIText.scenarioTitle(s.id).text(l)
        return Layout.page(
            title: title, language: l, switchTo: Route.scenario(id: s.id, version: d.version).href(l == .da ? .en : .da)
        ) { w in
            w.element(.p) {
                $0.element(.a, .href(Route.scenarios.href(l)), text: UIText.allScenarios.text(l))
            }
            w.element(.h1, text: title)
            w.element(.p, .class("lead"), .lang("en"), text: s.question)
            w.element(.nav, .aria("label", UIText.definitionVersionNav.text(l))) { w in
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
                    text: UIText.scenarioChecksCaption(d.reference).text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [UIText.answerQuestion, .hrAnswerColumn, .definitionComputesColumn, .agreesColumn] {
                            w.element(.th, .scope("col"), text: h.text(l))
                        }
                    }
                }
                w.element(.tbody) { w in
                    for c in outcome.checks {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) { $0.element(.code, text: c.key) }
                            w.element(.td, text: c.expected)
                            w.element(.td, text: c.actual)
                            w.element(.td, text: (c.agrees ? UIText.answerYes : UIText.answerNo).text(l))
                        }
                    }
                }
            }
            w.element(
                .p,
                text: UIText.answeredByLine(
                    [s.answeredBy, s.answeredAt?.iso].compactMap { $0 }.joined(separator: ", ")
                )
                .text(l))
            w.element(
                .p, .class("note"),
                text: UIText.scenarioFileNote(s.sourceFile).text(l))
            answerSection(scenario: s, definition: d, all: all, answers: answers, l, &w)
            if let e = outcome.explanation {
                w.element(.details) { w in
                    w.element(.summary, text: UIText.howTheDefinitionComputes.text(l))
                    w.element(.p, .lang("en"), .class("preformatted"), text: e)
                }
            }
        }
    }

    /// Agreement per version with and without the workbench answers, the answers given, the
    /// export link and the answer form.
    static func answerSection(
        scenario s: Scenario, definition d: SickLeaveDefinition, all: SickLeaveDefinitionSet,
        answers: [ScenarioAnswer], _ l: Language, _ w: inout HTMLWriter
    ) {
        let merged = s.including(answers)
        w.element(.section, .id("answers"), .aria("labelledby", "answers-h")) { w in
            w.element(.h2, .id("answers-h"), text: UIText.answersHeading.text(l))
            w.element(.p, text: UIText.answersIntro.text(l))
            w.element(.h3, text: UIText.agreementHeading.text(l))
            w.element(.table, .class("agreement")) { w in
                w.element(.caption, text: UIText.agreementCaption.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: UIText.agreementVersion.text(l))
                        w.element(.th, .scope("col"), text: UIText.agreementFile.text(l))
                        w.element(.th, .scope("col"), text: UIText.agreementIncluding.text(l))
                    }
                }
                w.element(.tbody) { w in
                    for v in all.versions {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row")) {
                                $0.element(
                                    .a, .href(Route.scenario(id: s.id, version: v.version).href(l)), text: v.reference)
                            }
                            w.element(.td, text: verdict(ScenarioRunner.run(s, definition: v), l))
                            w.element(.td, text: verdict(ScenarioRunner.run(merged, definition: v), l))
                        }
                    }
                }
            }
            if answers.isEmpty {
                w.element(.p, text: UIText.noAnswers.text(l))
            } else {
                w.element(.ol, .class("answers"), .attr("reversed", String(answers.count))) { w in
                    for a in answers {
                        w.element(.li) { w in
                            let value =
                                a.key.isYesNo
                                ? (a.value == "true" ? UIText.answerYes : UIText.answerNo).text(l)
                                : (l == .da ? a.value.replacingOccurrences(of: ".", with: ",") : a.value)
                            w.element(.strong) { w in
                                w.element(.code, text: a.key.rawValue)
                                w.text(": " + value)
                            }
                            w.text(" — " + a.answeredBy + ", ")
                            w.element(.time, .datetime(a.answeredAt), text: String(a.answeredAt.prefix(10)))
                            if !a.comment.isEmpty { w.element(.p, text: a.comment) }
                        }
                    }
                }
                w.element(.p) { w in
                    w.element(
                        .a, .href(Route.scenarioExport(id: s.id).path), .attr("download", s.id + ".yml"),
                        text: UIText.exportLink.text(l))
                }
                w.element(.p, .class("note"), text: UIText.exportHelp.text(l))
            }
            let fileKeys = answerKeys(of: s.expect)
            let preselected = ScenarioAnswerKey.allCases.first { fileKeys.contains($0) } ?? .longTerm
            w.element(
                .form, .method("post"), .action(Route.scenarioAnswers(id: s.id).path), .class("answer-form")
            ) { w in
                w.csrfField()
                w.element(.fieldset) { w in
                    w.element(.legend, text: UIText.answerFormLegend.text(l))
                    w.element(.input, .type("hidden"), .name("lang"), .value(l.rawValue))
                    w.element(.input, .type("hidden"), .name("version"), .value(String(d.version)))
                    w.element(.p, .id("answer-privacy"), .class("note"), text: UIText.answerPrivacyNote.text(l))
                    w.element(.label, .for("answer-key"), text: UIText.answerQuestion.text(l))
                    w.element(.select, .id("answer-key"), .name("key")) { w in
                        for k in ScenarioAnswerKey.allCases {
                            if k == preselected {
                                w.element(.option, .value(k.rawValue), .selected, text: k.label.text(l))
                            } else {
                                w.element(.option, .value(k.rawValue), text: k.label.text(l))
                            }
                        }
                    }
                    w.element(.label, .for("answer-value"), text: UIText.answerValue.text(l))
                    w.element(
                        .input, .type("text"), .id("answer-value"), .name("value"), .required,
                        .attr("maxlength", "12"), .aria("describedby", "answer-value-help"))
                    w.element(.p, .id("answer-value-help"), .class("note"), text: UIText.answerValueHelp.text(l))
                    w.element(.label, .for("answer-comment"), text: UIText.answerComment.text(l))
                    w.element(
                        .textarea, .id("answer-comment"), .name("comment"), .attr("rows", "3"),
                        .attr("maxlength", String(ScenarioAnswerRepository.maxComment)),
                        .aria("describedby", "answer-privacy"))
                    w.element(.label, .for("answer-by"), text: UIText.answerBy.text(l))
                    w.element(
                        .input, .type("text"), .id("answer-by"), .name("answered_by"), .required,
                        .attr("maxlength", String(ScenarioAnswerRepository.maxAnsweredBy)),
                        .aria("describedby", "answer-by-help"))
                    w.element(.p, .id("answer-by-help"), .class("note"), text: UIText.answerByHelp.text(l))
                    w.element(.button, .type("submit"), text: UIText.answerSubmit.text(l))
                }
            }
        }
    }

    /// The browser-answerable keys a file's expectation has.
    static func answerKeys(of e: Scenario.Expectation) -> Set<ScenarioAnswerKey> {
        var out: Set<ScenarioAnswerKey> = []
        if e.longTerm != nil { out.insert(.longTerm) }
        if e.spells != nil { out.insert(.spells) }
        if e.longTermDays != nil { out.insert(.longTermDays) }
        if e.shortTermDays != nil { out.insert(.shortTermDays) }
        if e.daysLost != nil { out.insert(.daysLost) }
        if e.fteDaysLost != nil { out.insert(.fteDaysLost) }
        return out
    }
}
