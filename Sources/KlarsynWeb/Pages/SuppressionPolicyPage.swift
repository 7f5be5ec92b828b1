import Foundation
import Hummingbird
import KlarsynCore
import KlarsynDisclosure

/// The rule that hid a cell, as a page shows it: the rule id (`SC1`…, or ``HiddenBy/failClosedID``)
/// links to its section on the policy page (`/policies/suppression#SC1`).
struct HiddenBy: Sendable, Equatable {
    /// The id of a suppression-policy rule, or ``failClosedID``.
    var id: String
    /// The rule's title in the page language, e.g. "Små antal".
    var title: String

    /// A cell hidden because no decision was available for it (no suppression run, no employment
    /// model, or a cell that was not in the run): hidden without a rule, fail closed.
    static let failClosedID = "unknown"

    /// The rule of a suppressed cell; `nil` for a shown cell.
    init?(_ decision: CellDecision, policy: SuppressionPolicy?, language: Language) {
        guard case .suppressed(let cell) = decision else { return nil }
        self.init(ruleID: cell.ruleID, policy: policy, language: language)
    }

    /// The rule with this id, titled from the policy.
    init(ruleID: String, policy: SuppressionPolicy?, language: Language) {
        id = ruleID
        title =
            policy?.rule(id: ruleID)?.title.text(language.export) ?? PolicyText.failClosedTitle.text(language)
    }

    /// Hidden without a decision (fail closed).
    static func failClosed(_ language: Language) -> HiddenBy {
        HiddenBy(ruleID: failClosedID, policy: nil, language: language)
    }

    /// The link to the rule's section on the policy page.
    func href(_ language: Language) -> String { Route.suppressionPolicy(rule: id).href(language) }
}

extension Language {
    /// The export library's language for the same UI language.
    var export: ExportLanguage { self == .da ? .danish : .english }
}

/// UI text of the policy page: Danish first, English second.
enum PolicyText: Sendable {
    case title, lead, policyID, version, effectiveFrom, owner, marker, description, rulesHeading, stage(
        SuppressionStage), parameters, changelogHeading, changeVersion, changeDate, changeBy, changeSummary,
        failClosedTitle, failClosedText, ruleLinkLead, countRule(Int, Int), valueRule(Int), complementRule(Int, Int)

    func text(_ l: Language) -> String {
        let (da, en): (String, String) =
            switch self {
            case .title: ("Regler for skjulte tal", "Rules for hidden figures")
            case .lead:
                (
                    "Klarsyn skjuler små tal efter denne politik. Hvert skjult tal på en rapportside linker til den regel, der skjulte det, og eksporter har reglens id i kolonnen med markering.",
                    "Klarsyn hides small figures under this policy. Every hidden figure on a report page links to the rule that hid it, and exports carry the rule's id in the flag column."
                )
            case .policyID: ("Politik", "Policy")
            case .version: ("Version", "Version")
            case .effectiveFrom: ("Gælder fra", "Effective from")
            case .owner: ("Ejer", "Owner")
            case .marker: ("Skjulte tal vises som", "Hidden figures show as")
            case .description: ("Formål", "Purpose")
            case .rulesHeading: ("Reglerne", "The rules")
            case .stage(.primary):
                ("primær: skjuler tallet for dets egen værdi", "primary: hides a figure for its own value")
            case .stage(.secondary):
                (
                    "sekundær: skjuler tallet for at beskytte et andet skjult tal",
                    "secondary: hides a figure to protect another hidden figure"
                )
            case .parameters: ("Parametre", "Parameters")
            case .changelogHeading: ("Ændringslog", "Changelog")
            case .changeVersion: ("Version", "Version")
            case .changeDate: ("Dato", "Date")
            case .changeBy: ("Besluttet af", "Decided by")
            case .changeSummary: ("Ændring", "Change")
            case .failClosedTitle: ("Ingen beslutning om cellen", "No decision for the cell")
            case .failClosedText:
                (
                    "Et tal, der ikke var med i beregningen af skjulte celler (fx fordi ansættelsesmodellen mangler eller data er ændret), skjules, indtil beregningen er kørt igen. Klarsyn viser hellere for lidt end for meget.",
                    "A figure that was not part of the suppression run (e.g. because the employment model is missing or the data changed) is hidden until the run is repeated. Klarsyn fails closed: it shows too little rather than too much."
                )
            case .ruleLinkLead: ("Skjult efter reglen", "Hidden by rule")
            case .countRule(let from, let below):
                (
                    "antal personer fra \(from) til \(below - 1) skjules",
                    "person counts from \(from) to \(below - 1) are hidden"
                )
            case .valueRule(let n):
                (
                    "tal beregnet på færre end \(n) personer skjules",
                    "figures computed from fewer than \(n) persons are hidden"
                )
            case .complementRule(let cells, let persons):
                (
                    "en vist total har mindst \(cells) skjulte dele med mindst \(persons) personer tilsammen",
                    "a shown total has at least \(cells) hidden parts holding at least \(persons) persons together"
                )
            }
        return l == .da ? da : en
    }
}

/// `/policies/suppression`: the workspace's suppression policy, one section per rule (anchor = rule id).
enum SuppressionPolicyPage {
    static func render(_ policy: SuppressionPolicy, _ l: Language) -> String {
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: PolicyText.title.text(l), language: l, switchTo: Route.suppressionPolicy().href(other)
        ) { w in
            w.element(.h1, text: PolicyText.title.text(l))
            w.element(.p, .class("lead"), text: PolicyText.lead.text(l))
            w.element(.dl, .class("facts")) { w in
                for (k, v) in [
                    (PolicyText.policyID, policy.id), (.version, String(policy.version)),
                    (.effectiveFrom, policy.effectiveFrom.iso), (.owner, policy.owner), (.marker, policy.marker),
                ] {
                    w.element(.dt, text: k.text(l))
                    w.element(.dd, text: v)
                }
            }
            w.element(.h2, text: PolicyText.description.text(l))
            // The description is written once, in the policy file's language.
            w.element(.p, text: policy.description.trimmingCharacters(in: .whitespacesAndNewlines))
            w.element(.h2, text: PolicyText.rulesHeading.text(l))
            for rule in policy.rules {
                w.element(.section, .id(rule.id), .class("policy-rule"), .aria("labelledby", "rule-\(rule.id)")) { w in
                    w.element(.h3, .id("rule-\(rule.id)"), text: "\(rule.id) — \(rule.title.text(l.export))")
                    w.element(.p, text: rule.reason.text(l.export))
                    w.element(.p) { w in
                        w.element(.strong, text: PolicyText.parameters.text(l) + ": ")
                        w.text(parameters(rule.kind).text(l) + "; " + PolicyText.stage(rule.stage).text(l) + ".")
                    }
                }
            }
            w.element(
                .section, .id(HiddenBy.failClosedID), .class("policy-rule"), .aria("labelledby", "rule-fail-closed")
            ) { w in
                w.element(.h3, .id("rule-fail-closed"), text: PolicyText.failClosedTitle.text(l))
                w.element(.p, text: PolicyText.failClosedText.text(l))
            }
            w.element(.h2, text: PolicyText.changelogHeading.text(l))
            w.element(.table, .class("data")) { w in
                w.element(.caption, text: "\(PolicyText.changelogHeading.text(l)): \(policy.tag)")
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [PolicyText.changeVersion, .changeDate, .changeBy, .changeSummary] {
                            w.element(.th, .scope("col"), text: h.text(l))
                        }
                    }
                }
                w.element(.tbody) { w in
                    for c in policy.changelog.reversed() {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row"), text: String(c.version))
                            w.element(.td, text: c.date.iso)
                            w.element(.td, text: c.by)
                            w.element(.td, text: c.summary)
                        }
                    }
                }
            }
        }
    }

    static func parameters(_ kind: PolicyRule.Kind) -> PolicyText {
        switch kind {
        case .count(let p): .countRule(p.hideFrom, p.threshold)
        case .value(let n): .valueRule(n)
        case .complement(let cells, let persons): .complementRule(cells, persons)
        }
    }

    /// A suppressed cell: the marker, explained by the rule's title, linking to the rule.
    static func cell(_ c: CellView, _ l: Language, _ w: inout HTMLWriter) {
        let rule = c.rule ?? HiddenBy.failClosed(l)
        w.element(.td, .class("num suppressed")) { w in
            w.element(.a, .href(rule.href(l)), .class("rule")) { w in
                w.element(.abbr, .titleText("\(rule.title) (\(rule.id))"), text: c.text)
            }
        }
    }
}

extension PagesController {
    /// The policy page (permission `viewDefinitions`: whoever reads definitions reads the rules).
    func suppressionPolicy(_ request: Request) throws -> Response {
        let (l, cookie) = language(request)
        guard let suppression else { throw PageError.notBuilt }
        return HTMLResponse.page(SuppressionPolicyPage.render(suppression.policy, l), language: cookie)
    }
}

extension TableView {
    /// Cells served (shown, including "not available") and suppressed, for the audit log.
    var cellCounts: (served: Int, suppressed: Int) {
        var served = 0
        var suppressed = 0
        for row in rows {
            for cell in row.cells {
                if cell.suppressed { suppressed += 1 } else { served += 1 }
            }
        }
        return (served, suppressed)
    }
}

extension ReportPageView {
    /// The audit entry of an aggregate page view: report, definition versions, unit, cells — no person.
    var auditEvent: AuditEvent {
        let counts = tiles.map(\.table.cellCounts)
        return AuditEvent(
            action: .reportView, report: reportID, reportVersion: auditVersion, filters: ["unit": unitID],
            cellsServed: counts.map(\.served).reduce(0, +), cellsSuppressed: counts.map(\.suppressed).reduce(0, +))
    }
}

extension ExplainPageView {
    /// The audit entry of an explain page: report, definition version, unit and month, cells.
    var auditEvent: AuditEvent {
        let sub = subUnits?.cellCounts ?? (served: 0, suppressed: 0)
        return AuditEvent(
            action: .explainView, report: reportID, reportVersion: definitionVersion.map { "sick-leave@\($0)" },
            filters: ["unit": unitID, "month": month], cellsServed: facts.count + sub.served,
            cellsSuppressed: sub.suppressed + (hiddenBy == nil ? 0 : 1))
    }
}
