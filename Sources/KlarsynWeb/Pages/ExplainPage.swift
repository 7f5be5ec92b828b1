import KlarsynCore
import KlarsynDisclosure
import KlarsynMetrics

/// How one unit-month figure is made: the sums behind the rate, the rule in plain words from the
/// definition's parameters, the sub-units' shares (small cells hidden), the definition card.
struct ExplainPageView: Sendable {
    var language: Language
    var reportID: String
    var unitID: String
    var month: String
    var heading: String
    var backHref: String
    var suppressed: Bool
    /// When the unit's own figures are hidden: the rule that hid them.
    var hiddenBy: HiddenBy? = nil
    /// The definition version of the figure, for the audit log.
    var definitionVersion: Int? = nil
    var formula: String?
    var facts: [(String, String)]
    var steps: [String]
    var changed: [String]
    var subUnits: TableView?
    var card: DefinitionCardView?
    var limits: LimitsView
}

extension ReportPageBuilder {
    func explain(reportID: String, unitParameter: String?, monthParameter: String?, language l: Language) async throws
        -> ExplainPageView
    {
        guard let report = facts.report(reportID) else { throw PageError.notFound(.unknownReport(reportID)) }
        guard try await repository.isBuilt() else { throw PageError.notBuilt }
        guard let monthText = monthParameter, let month = YearMonth(text: monthText) else {
            throw PageError.badRequest(.unknownMonth)
        }
        guard let unitID = unitParameter, unitID.count <= 64,
            unitID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw PageError.badRequest(.unknownUnit(String((unitParameter ?? "").prefix(64))))
        }
        let org = try await repository.organisation(on: month.lastDay)
        guard let unit = org.units[unitID] else { throw PageError.notFound(.unknownUnit(unitID)) }
        let children = (org.children[unitID] ?? []).compactMap { org.units[$0] }
        let rows = try await repository.unitMonths(units: [unitID] + children.map(\.id)).filter { $0.month == month }
        let byUnit = Dictionary(grouping: rows, by: \.unitId).mapValues { chooseVersions($0, facts.sickLeave) }
        guard let row = byUnit[unitID]?.first else { throw PageError.notFound(.unknownMonth) }
        let definition = facts.sickLeave?.version(row.definitionVersion)
        let forms = definition?.parameters.population ?? SickLeaveParameters.regionDefault.population
        let population = try await repository.population(
            units: Set([unitID] + children.map(\.id)), months: month...month, forms: forms,
            tree: UnitTree(periods: org.periods))
        func count(_ u: String) -> Int { population?[u]?[month] ?? 0 }
        let decisions = try await suppression?.result(forms: forms)
        func hiddenBy(_ u: String) -> HiddenBy? {
            guard population != nil, let decisions else { return .failClosed(l) }
            return HiddenBy(
                decisions.decision(for: SuppressionService.key(u, month)), policy: suppression?.policy, language: l)
        }
        func hidden(_ u: String) -> Bool { hiddenBy(u) != nil }
        let suppressed = hidden(unitID)
        let t = Totals([row])
        var figures: [(String, String)] = []
        var formula: String?
        if !suppressed {
            figures = [
                (UIText.fteDaysLost.text(l), Format.decimal(t.lost, l)),
                (UIText.fteDaysAvailable.text(l), Format.decimal(t.available, l)),
                (UIText.rate.text(l), t.value("rate_pct").map { Format.decimal($0, digits: 2, l) } ?? "—"),
                (UIText.shortDays.text(l), Format.decimal(t.short, l)),
                (UIText.longDays.text(l), Format.decimal(t.long, l)),
                (UIText.spellsStarted.text(l), Format.decimal(t.spells, digits: 0, l)),
                (UIText.population.text(l), String(count(unitID))),
                (UIText.definition.text(l), "sick-leave@\(row.definitionVersion)"),
            ]
            if let rate = t.value("rate_pct") {
                formula =
                    "100 × \(Format.decimal(t.lost, l)) / \(Format.decimal(t.available, l)) = \(Format.decimal(rate, digits: 2, l)) %"
            }
        }
        var subTable: TableView?
        if !children.isEmpty {
            let columns = [
                UIText.unit.text(l), UIText.fteDaysLost.text(l), UIText.fteDaysAvailable.text(l), UIText.rate.text(l),
            ]
            let subRows = children.map { c -> RowView in
                let href = Route.explain(report: reportID, unit: c.id, month: month.text).href(l)
                guard !hidden(c.id), let r = byUnit[c.id]?.first else {
                    let cell = CellView(
                        text: UIText.lessThanFive.text(l), suppressed: true,
                        rule: hiddenBy(c.id) ?? .failClosed(l))
                    return RowView(header: c.name, headerHref: href, cells: [cell, cell, cell])
                }
                let ct = Totals([r])
                return RowView(
                    header: c.name, headerHref: href,
                    cells: [
                        CellView(text: Format.decimal(ct.lost, l)), CellView(text: Format.decimal(ct.available, l)),
                        CellView(text: ct.value("rate_pct").map { Format.decimal($0, l) } ?? "—"),
                    ])
            }
            subTable = TableView(
                caption: l == .da
                    ? "Underenhedernes andel i \(Format.monthName(month, l))"
                    : "The sub-units' shares in \(Format.monthName(month, l))", columns: columns, rows: subRows)
        }
        let sources = try await repository.sources(
            of: ColumnReference(table: "sick_leave_unit_month", column: "rate_pct"))
        let status = try await repository.dataStatus(sources: sources)
        let changed = status.changedMonths.filter { $0.month == month.text }.map {
            UIText.changedMonthLine(
                month: $0.month, source: facts.sources[$0.source]?.title ?? $0.source, rows: $0.rows,
                kind: kindText($0.kind).text(l)
            ).text(l)
        }
        var card: DefinitionCardView?
        if let definition, let set = facts.sickLeave {
            card = Self.card(definition, set: set, sources: sources.compactMap { facts.sources[$0] }, language: l)
        }
        return ExplainPageView(
            language: l, reportID: report.id, unitID: unitID, month: month.text,
            heading: l == .da
                ? "Sådan er tallet lavet: \(unit.name), \(Format.monthName(month, l))"
                : "How the figure is made: \(unit.name), \(Format.monthName(month, l))",
            backHref: Route.report(id: report.id, unit: unitID).href(l), suppressed: suppressed,
            hiddenBy: hiddenBy(unitID), definitionVersion: row.definitionVersion, formula: formula,
            facts: figures,
            steps: definition.map { Self.steps($0.parameters, l) } ?? [], changed: changed, subUnits: subTable,
            card: card,
            limits: LimitsView(
                cannotShow: report.limits.cannotShow.map { $0.text(l) },
                leftOut: report.limits.leftOut.map { $0.text(l) },
                late: report.limits.lateRegistrations.map { $0.text(l) } + [UIText.lateRegistrationsNote.text(l)],
                suppressed: [UIText.suppressionEffect.text(l)],
                mustNotServe: report.limits.mustNotServe.map { $0.text(l) },
                policyHref: Route.suppressionPolicy().href(l)))
    }

    /// The rule in plain words, generated from the parameters so that it always matches them.
    static func steps(_ p: SickLeaveParameters, _ l: Language) -> [String] {
        let codes = p.codes.joined(separator: ", "), forms = p.population.joined(separator: ", ")
        let cmp =
            p.longTermComparison == .greaterThan
            ? (l == .da ? "mere end" : "more than") : (l == .da ? "mindst" : "at least")
        let basis =
            p.lengthBasis == .span
            ? (l == .da
                ? "kalenderdage fra første til sidste sygedag" : "calendar days from the first to the last sick day")
            : (l == .da ? "sygedage" : "sick days")
        if l == .da {
            return [
                "Sygedage er dage med en gældende registrering med koden \(codes) i vagtplanen (tilbagekaldte registreringer tæller ikke).",
                "Kun dage under en ansættelse som \(forms) tæller.",
                "En halv dag tæller \(Format.decimal(p.halfDayWeight, l)) dag.",
                "Sygedage med højst \(p.linkGapDays) dage imellem hører til samme forløb.",
                "Et forløb er langvarigt, når det varer \(cmp) \(p.longTermThresholdDays) \(basis) (klassifikation: \(p.classification.rawValue)).",
                "Dagene vægtes med årsværk (ugentlige timer / \(Format.decimal(p.fullTimeHours, digits: 0, l))) og lægges til medarbejderens hjemenhed og alle enheder over den.",
                "Fraværsprocenten er 100 × summen af tabte årsværksdage / summen af mulige årsværksdage — aldrig et gennemsnit af procenter.",
            ]
        }
        return [
            "Sick days are days with a current registration with code \(codes) in the shift-planning system (retracted registrations do not count).",
            "Only days within an employment as \(forms) count.",
            "A half day counts as \(Format.decimal(p.halfDayWeight, l)) day.",
            "Sick days with at most \(p.linkGapDays) days between them belong to one spell.",
            "A spell is long-term when it lasts \(cmp) \(p.longTermThresholdDays) \(basis) (classification: \(p.classification.rawValue)).",
            "Days are weighted by FTE (weekly hours / \(Format.decimal(p.fullTimeHours, digits: 0, l))) and added to the employee's home unit and every unit above it.",
            "The rate is 100 × the sum of FTE days lost / the sum of FTE days available — never a mean of rates.",
        ]
    }
}

enum ExplainPage {
    static func render(_ v: ExplainPageView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: v.heading, language: l,
            switchTo: Route.explain(report: v.reportID, unit: v.unitID, month: v.month).href(other)
        ) { w in
            w.element(.p) { $0.element(.a, .href(v.backHref), text: UIText.backToReport.text(l)) }
            w.element(.h1, text: v.heading)
            for c in v.changed {
                w.element(.div, .class("notice changed"), .role("note")) { w in
                    w.element(.h2, text: UIText.changedMonthsHeading.text(l))
                    w.element(.p, text: c)
                }
            }
            if v.suppressed {
                w.element(
                    .p, .class("notice"),
                    text: l == .da
                        ? "Enheden havde færre end 5 ansatte i måneden, så tallene vises ikke. De indgår i enhederne over den."
                        : "The unit had fewer than 5 employees that month, so its figures are not shown. They count in the units above it."
                )
                if let rule = v.hiddenBy {
                    w.element(.p, .class("rule-link")) { w in
                        w.text(PolicyText.ruleLinkLead.text(l) + " ")
                        w.element(.a, .href(rule.href(l)), text: "\(rule.id) — \(rule.title)")
                    }
                }
            } else {
                if let f = v.formula {
                    w.element(.p, .class("summary")) { w in
                        w.text(l == .da ? "Fraværsprocent: " : "Sick-leave rate: ")
                        w.element(.code, text: f)
                    }
                }
                w.element(.dl, .class("facts")) { w in
                    for (k, value) in v.facts {
                        w.element(.dt, text: k)
                        w.element(.dd, text: value)
                    }
                }
            }
            ReportPage.limitsPanel(v.limits, l, &w)
            if !v.steps.isEmpty {
                w.element(.h2, text: l == .da ? "Reglen i ord" : "The rule in words")
                w.element(.ol) { w in for s in v.steps { w.element(.li, text: s) } }
            }
            if let t = v.subUnits {
                w.element(.h2, text: UIText.subUnits.text(l))
                ReportPage.table(t, &w, l)
            }
            AccessPages.peopleForm(reportID: v.reportID, unitID: v.unitID, month: v.month, l, &w)
            if let card = v.card { ReportPage.definitionCard(card, tileID: "explain", l, &w) }
        }
    }
}
