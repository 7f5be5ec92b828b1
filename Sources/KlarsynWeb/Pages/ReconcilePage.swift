import Foundation
import KlarsynDisclosure

/// What the reconciliation page shows: the latest recorded run, aggregated (no employee ids),
/// with the unit × month grid limited to the user's scope.
struct ReconcilePageView {
    let language: Language
    let report: ReconcileSnapshot?
    let grid: [ReconcileSnapshot.Cell]
    /// The workspace policy's decisions for the run's whole grid (nil: every grid figure is hidden).
    var disclosure: SuppressionResult? = nil
    /// The policy, for the grid's legend.
    var policy: SuppressionPolicy? = nil
}

/// The reconciliation page for the HR partner and the BI unit (issue 8).
///
/// Wide tables sit in a scroll container that is a labelled, keyboard-focusable region
/// (WCAG 2.1.1 and 1.4.10); the scorecard is turned so the metrics are the columns and the
/// measures rows in three groups, which fits any width (decision 0142).
enum ReconcilePage {
    static func render(_ v: ReconcilePageView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        return Layout.page(
            title: ReconcileText.title.text(l), language: l, switchTo: Route.reconciliation.href(other)
        ) { w in
            w.element(.h1, text: ReconcileText.title.text(l))
            w.element(.p, .class("lead"), text: ReconcileText.lead.text(l))
            guard let r = v.report else {
                w.element(.p, text: ReconcileText.none.text(l))
                return
            }
            provenance(r, l, &w)
            scorecard(r, l, totalPairsShown: v.disclosure?.isShown(ReconcileDisclosure.totalPairsKey) ?? true, &w)
            population(r, l, &w)
            categories(r, l, &w)
            asOf(r, l, &w)
            w.element(.section, .aria("labelledby", "random")) { w in
                w.element(.h2, .id("random"), text: ReconcileText.randomHeading.text(l))
                let c = r.randomCheck
                w.element(
                    .p,
                    text: ReconcileText.random(
                        n: c.sampleSize, of: c.agreeingPairs, errors: c.errors, bound: num(c.upperBound95Pct, l)
                    )
                    .text(l))
            }
            sweep(r, l, &w)
            decisions(r, l, &w)
            trend(r, l, &w)
            grid(v, l, &w)
        }
    }

    /// Styles of this page (appended to the one stylesheet).
    static let css = """
        .table-scroll { overflow-x: auto; max-width: 100%; margin: .5rem 0; }
        .table-scroll:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
        .table-scroll > table { margin: 0; }
        table.recon th.num, table.recon td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.recon th[scope=rowgroup] { background: var(--limits-bg); font-weight: 600; }
        table.recon tbody th[scope=row].sub { font-weight: normal; padding-left: 1.25rem; }
        table.recon thead th[scope=colgroup] { text-align: center; border-bottom: 1px solid var(--ink); }
        table.recon-grid { font-size: .8rem; }
        table.recon-grid th, table.recon-grid td { padding: .2rem .3rem; }
        table.recon-grid td { white-space: nowrap; font-variant-numeric: tabular-nums; text-align: right; line-height: 1.25; }
        table.recon-grid .n { display: block; color: var(--muted); font-size: .75rem; }
        table.recon-grid td.differs abbr { font-weight: 700; }
        .recon-rules dt { font-weight: 600; margin-top: .4rem; }
        .recon-rules dd { margin-left: 0; max-width: 60rem; }
        """

    /// A wide table's container (see ``Layout/scrollRegion(labelledBy:_:_:)``).
    static func scrollRegion(labelledBy id: String, _ w: inout HTMLWriter, _ body: (inout HTMLWriter) -> Void) {
        Layout.scrollRegion(labelledBy: id, &w, body)
    }

    /// A figure from the report (`2.5`, `76.45`) with the page's decimal mark.
    static func num(_ s: String, _ l: Language) -> String { l == .da ? s.replacingOccurrences(of: ".", with: ",") : s }

    /// A table in a scroll region: the first column holds row headers; columns listed in
    /// `numeric` are right-aligned.
    static func table(
        id: String, _ caption: String, _ headers: [String], _ rows: [[String]], numeric: Set<Int> = [],
        _ w: inout HTMLWriter
    ) {
        scrollRegion(labelledBy: id, &w) { w in
            w.element(.table, .class("recon")) { w in
                w.element(.caption, .id(id), text: caption)
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for (i, h) in headers.enumerated() {
                            w.element(.th, .scope("col"), .class(numeric.contains(i) ? "num" : ""), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for row in rows {
                        w.element(.tr) { w in
                            for (i, cell) in row.enumerated() {
                                if i == 0 {
                                    w.element(.th, .scope("row"), text: cell)
                                } else {
                                    w.element(.td, .class(numeric.contains(i) ? "num" : ""), text: cell)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func provenance(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        let p = r.provenance
        w.element(.section, .aria("labelledby", "provenance")) { w in
            w.element(.h2, .id("provenance"), text: ReconcileText.provenance.text(l))
            w.element(.dl) { w in
                func item(_ t: ReconcileText, _ value: String) {
                    w.element(.dt, text: t.text(l))
                    w.element(.dd, text: value)
                }
                item(.period, "\(p.periodFrom) … \(p.periodTo)")
                item(
                    .definition,
                    p.definition + ": "
                        + p.definitionRules.map { ReconcileTerms.definitionRule($0, l) }.joined(separator: "; "))
                item(.cutoff, ReconcileTerms.cutoff(p.vendorCutoff, l))
                item(
                    .tolerances,
                    p.tolerances.map {
                        ReconcileText.tolerance(
                            metric: ReconcileTerms.metric($0.metric, l), absolute: num($0.absolute, l),
                            relative: num($0.relative, l)
                        )
                        .text(l)
                    }
                    .joined(separator: "; "))
                item(.rules, "v\(p.rulesVersion)")
                w.element(.dt, text: ReconcileText.vendorFiles.text(l))
                w.element(.dd) { w in
                    w.element(.ul) { w in
                        for f in p.vendorFiles {
                            w.element(.li) { w in
                                w.text("\(f.name) (\(f.deliveryDate), \(ReconcileText.rowsUsed(f.rowsUsed).text(l))) ")
                                w.element(.code, text: String(f.sha256.prefix(16)) + "…")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The scorecard turned: one column per metric, the measures as rows in three groups
    /// (pairs by status, shares, days), so that it fits any width.
    static func scorecard(_ r: ReconcileSnapshot, _ l: Language, totalPairsShown: Bool, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "scorecard")) { w in
            w.element(.h2, .id("scorecard"), text: ReconcileText.scorecard.text(l))
            let metrics = r.scorecard
            typealias Row = (ReconcileText, (ReconcileSnapshot.Score) -> String)
            let groups: [(ReconcileText, [Row])] = [
                (
                    .groupPairs,
                    [
                        (.pairs, { s in s.metric == "total" && !totalPairsShown ? "–" : "\(s.pairs)" }),
                        (.identical, { "\($0.identical)" }), (.within, { "\($0.withinTolerance)" }),
                        (.different, { "\($0.different)" }), (.vendorOnly, { "\($0.vendorOnly)" }),
                        (.inHouseOnly, { "\($0.inHouseOnly)" }), (.duplicate, { "\($0.duplicateKey)" }),
                    ]
                ),
                (
                    .groupShares,
                    [
                        (.exactPct, { num($0.exactPct, l) + " %" }),
                        (.withinPct, { num($0.withinTolerancePct, l) + " %" }),
                    ]
                ),
                (
                    .groupDays,
                    [
                        (.vendorDays, { num($0.vendorTotal, l) }), (.klarsynDays, { num($0.inHouseTotal, l) }),
                        (.delta, { num($0.delta, l) }),
                    ]
                ),
            ]
            scrollRegion(labelledBy: "scorecard-caption", &w) { w in
                w.element(.table, .class("recon")) { w in
                    w.element(.caption, .id("scorecard-caption"), text: ReconcileText.scorecardCaption.text(l))
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            w.element(.th, .scope("col"), text: ReconcileText.measure.text(l))
                            for m in metrics {
                                w.element(.th, .scope("col"), .class("num"), text: ReconcileTerms.metric(m.metric, l))
                            }
                        }
                    }
                    for (group, rows) in groups {
                        w.element(.tbody) { w in
                            w.element(.tr) { w in
                                w.element(
                                    .th, .scope("rowgroup"), .attr("colspan", "\(metrics.count + 1)"),
                                    text: group.text(l))
                            }
                            for (label, value) in rows {
                                w.element(.tr) { w in
                                    w.element(.th, .scope("row"), .class("sub"), text: label.text(l))
                                    for m in metrics { w.element(.td, .class("num"), text: value(m)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Employee-months one side has and the other not, by reason.
    static func population(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        guard let rows = r.populationDifferences, !rows.isEmpty else { return }
        w.element(.section, .aria("labelledby", "population")) { w in
            w.element(.h2, .id("population"), text: ReconcileText.populationHeading.text(l))
            table(
                id: "population-caption", ReconcileText.populationHeading.text(l),
                [
                    ReconcileText.reason.text(l), ReconcileText.side.text(l), ReconcileText.employeeMonths.text(l),
                    ReconcileText.employees.text(l), ReconcileText.vendorDays.text(l),
                    ReconcileText.klarsynDays.text(l),
                ],
                rows.map {
                    [
                        ReconcileTerms.populationReason($0.reason, l), ReconcileTerms.side($0.side, l),
                        "\($0.employeeMonths)", "\($0.employees)", num($0.vendorDays, l), num($0.inHouseDays, l),
                    ]
                }, numeric: [2, 3, 4, 5], &w)
        }
    }

    /// The categories with grouped headers: pairs and Σ|Δ| per metric under a shared header.
    static func categories(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "categories")) { w in
            w.element(.h2, .id("categories"), text: ReconcileText.categories.text(l))
            let metrics = ["short_days", "long_days", "total"]
            scrollRegion(labelledBy: "categories-caption", &w) { w in
                w.element(.table, .class("recon")) { w in
                    w.element(.caption, .id("categories-caption"), text: ReconcileText.categories.text(l))
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            w.element(.th, .scope("col"), .attr("rowspan", "2"), text: ReconcileText.category.text(l))
                            w.element(.th, .scope("colgroup"), .attr("colspan", "3"), text: ReconcileText.pairs.text(l))
                            w.element(
                                .th, .scope("colgroup"), .attr("colspan", "3"), text: ReconcileText.sumAbsDelta.text(l))
                            for h in [ReconcileText.employees, .unitsHit] {
                                w.element(.th, .scope("col"), .attr("rowspan", "2"), .class("num"), text: h.text(l))
                            }
                            w.element(.th, .scope("col"), .attr("rowspan", "2"), text: ReconcileText.status.text(l))
                        }
                        w.element(.tr) { w in
                            for _ in 0..<2 {
                                for m in metrics {
                                    w.element(
                                        .th, .scope("col"), .class("num"),
                                        .attr("abbr", ReconcileTerms.metric(m, l)),
                                        text: ReconcileTerms.metricShort(m, l))
                                }
                            }
                        }
                    }
                    w.element(.tbody) { w in
                        for c in r.categories {
                            w.element(.tr) { w in
                                w.element(
                                    .th, .scope("row"), text: ReconcileTerms.category(c.category, fallback: c.title, l))
                                for i in 0..<3 {
                                    w.element(.td, .class("num"), text: c.pairs.count > i ? "\(c.pairs[i])" : "")
                                }
                                for i in 0..<3 {
                                    w.element(.td, .class("num"), text: c.days.count > i ? num(c.days[i], l) : "")
                                }
                                w.element(.td, .class("num"), text: "\(c.employees)")
                                w.element(.td, .class("num"), text: "\(c.unitsHit)")
                                var status: [String] = []
                                if let d = c.knownDifference { status.append(ReconcileText.known(d).text(l)) }
                                if let d = c.drift { status.append(ReconcileTerms.drift(d, l)) }
                                w.element(
                                    .td,
                                    text: status.isEmpty ? ReconcileText.open.text(l) : status.joined(separator: "; "))
                            }
                        }
                    }
                }
            }
            // What each category means, in the page's language (rule set of the run).
            w.element(.details, .class("recon-rules")) { w in
                w.element(.summary, text: ReconcileText.rulesHeading(r.provenance.rulesVersion).text(l))
                w.element(.dl) { w in
                    for c in r.categories {
                        w.element(.dt, text: ReconcileTerms.category(c.category, fallback: c.title, l))
                        w.element(.dd, text: ReconcileTerms.rule(c.category, l) ?? "")
                    }
                }
            }
        }
    }

    static func asOf(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "asof")) { w in
            w.element(.h2, .id("asof"), text: ReconcileText.asOfHeading.text(l))
            w.element(.p, text: ReconcileText.asOfLead.text(l))
            table(
                id: "asof-caption", ReconcileText.asOfHeading.text(l),
                [
                    ReconcileText.metric.text(l), ReconcileText.vendorDays.text(l), ReconcileText.today.text(l),
                    ReconcileText.asOf.text(l), ReconcileText.lateOnly.text(l),
                ],
                r.asOf.map {
                    [
                        ReconcileTerms.metric($0.metric, l), num($0.vendorTotal, l), num($0.todayTotal, l),
                        num($0.asOfTotal, l), "\($0.lateDataOnly)",
                    ]
                }, numeric: [1, 2, 3, 4], &w)
        }
    }

    static func sweep(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        guard let s = r.sweep else { return }
        w.element(.section, .aria("labelledby", "sweep")) { w in
            w.element(.h2, .id("sweep"), text: ReconcileText.sweepHeading.text(l))
            table(
                id: "sweep-caption", ReconcileText.sweepHeading.text(l),
                [
                    "", ReconcileText.agreement.text(l), ReconcileText.sumAbsDelta.text(l),
                    ReconcileText.variant.text(l),
                ],
                [
                    [
                        ReconcileText.sweepDefault.text(l), num(s.defaultVariant.agreementPct, l) + " %",
                        num(s.defaultVariant.absoluteDelta, l), ReconcileTerms.variant(s.defaultVariant.name, l),
                    ],
                    [
                        ReconcileText.sweepBest.text(l), num(s.best.agreementPct, l) + " %",
                        num(s.best.absoluteDelta, l), ReconcileTerms.variant(s.best.name, l),
                    ],
                ], numeric: [1, 2], &w)
            table(
                id: "sweep-category-caption", ReconcileText.perCategory.text(l),
                [ReconcileText.category.text(l), ReconcileText.agreement.text(l), ReconcileText.variant.text(l)],
                s.perCategory.map {
                    [
                        ReconcileTerms.category($0.category, fallback: $0.category, l),
                        ReconcileText.agreeingOf($0.agreeing, $0.employeeMonths).text(l),
                        ReconcileTerms.variant($0.bestVariant, l),
                    ]
                }, numeric: [1], &w)
        }
    }

    static func decisions(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "decisions")) { w in
            w.element(.h2, .id("decisions"), text: ReconcileText.decisionsHeading.text(l))
            if r.decisions.isEmpty {
                w.element(.p, text: ReconcileText.noDecisions.text(l))
            } else {
                w.element(.p, .class("note"), text: ReconcileText.decisionsNote.text(l))
            }
            for d in r.decisions {
                let x = d.decision
                w.element(.article, .class("tile")) { w in
                    w.element(
                        .h3,
                        text: ReconcileText.decision(
                            id: x.decisionId, date: x.decidedOn,
                            category: ReconcileTerms.category(x.category, fallback: x.category, l)
                        )
                        .text(l))
                    w.element(
                        .p, text: ReconcileText.approvedBy(x.approvedByBI, x.approvedByHR).text(l) + " — " + x.scope)
                    w.element(.dl) { w in
                        w.element(.dt, text: ReconcileText.presumed.text(l))
                        w.element(.dd, text: x.presumedVendorDefinition)
                        w.element(.dt, text: ReconcileText.chosen.text(l))
                        w.element(.dd, text: x.chosenDefinition)
                        w.element(.dt, text: ReconcileText.impact.text(l))
                        w.element(.dd, text: ReconcileTerms.impact(x.impact, l))
                        if let pairs = d.currentPairs, let days = d.currentDays {
                            w.element(.dt, text: ReconcileText.sizeNow.text(l))
                            w.element(.dd, text: ReconcileText.size(pairs: pairs, days: num(days, l)).text(l))
                        }
                    }
                    if d.drifted { w.element(.p, .class("warning"), text: ReconcileText.drifted.text(l)) }
                }
            }
        }
    }

    static func trend(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "trend")) { w in
            w.element(.h2, .id("trend"), text: ReconcileText.trendHeading.text(l))
            // The agreement over runs; a new definition or baseline decision is drawn as a series break.
            let labels = r.trend.map { $0.seq == 0 ? ReconcileText.thisRun.text(l) : ReconcileText.run($0.seq).text(l) }
            let chart = ChartModel(
                id: "recon-trend", kind: .line, title: ReconcileText.trendHeading.text(l),
                summary: zip(labels, r.trend).map { "\($0): \(num($1.exactPct, l)) %" }.joined(separator: "; "),
                categories: labels,
                series: [
                    ChartSeries(name: ReconcileText.exactPct.text(l), values: r.trend.map { Double($0.exactPct) }),
                    ChartSeries(
                        name: ReconcileText.withinPct.text(l), values: r.trend.map { Double($0.withinTolerancePct) }),
                ],
                breaks: r.trend.enumerated().compactMap { i, t in
                    t.seriesBreak.map { _ in (index: i, label: ReconcileText.seriesBreak.text(l)) }
                }, language: l)
            SVGChart.render(chart, into: &w)
            scrollRegion(labelledBy: "trend-caption", &w) { w in
                w.element(.table, .class("recon")) { w in
                    w.element(.caption, .id("trend-caption"), text: ReconcileText.trendHeading.text(l))
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            for (i, h) in [
                                "", ReconcileText.definition.text(l), ReconcileText.period.text(l),
                                ReconcileText.exactPct.text(l), ReconcileText.withinPct.text(l),
                                ReconcileText.unexplainedPairs.text(l),
                            ].enumerated() {
                                w.element(.th, .scope("col"), .class(i >= 3 ? "num" : ""), text: h)
                            }
                        }
                    }
                    w.element(.tbody) { w in
                        for (label, t) in zip(labels, r.trend) {
                            if let b = t.seriesBreak {
                                w.element(.tr, .class("series-break")) { w in
                                    w.element(.td, .attr("colspan", "6"), text: ReconcileTerms.seriesBreak(b, l))
                                }
                            }
                            w.element(.tr) { w in
                                w.element(.th, .scope("row"), text: label)
                                w.element(.td, text: t.definition)
                                w.element(.td, text: t.period)
                                for cell in [
                                    num(t.exactPct, l) + " %", num(t.withinTolerancePct, l) + " %", "\(t.unexplained)",
                                ] {
                                    w.element(.td, .class("num"), text: cell)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The unit × month grid. Which figures are shown is decided by the workspace's suppression
    /// policy over the run's whole grid (``ReconcileDisclosure``), then limited to the user's scope.
    static func grid(_ v: ReconcilePageView, _ l: Language, _ w: inout HTMLWriter) {
        let cells = v.grid
        let marker = v.policy?.marker ?? "<5"
        w.element(.section, .aria("labelledby", "grid")) { w in
            w.element(.h2, .id("grid"), text: ReconcileText.gridHeading.text(l))
            w.element(.p, text: ReconcileText.gridLead.text(l))
            let months = Array(Set(cells.map(\.month))).sorted()
            let units = Array(Set(cells.map(\.unitId))).sorted()
            var byKey: [String: ReconcileSnapshot.Cell] = [:]
            for c in cells { byKey[c.unitId + "|" + c.month] = c }
            var hidden = 0
            scrollRegion(labelledBy: "grid-caption", &w) { w in
                w.element(.table, .class("recon recon-grid")) { w in
                    w.element(.caption, .id("grid-caption"), text: ReconcileText.gridHeading.text(l))
                    w.element(.thead) { w in
                        w.element(.tr) { w in
                            w.element(.th, .scope("col"), text: ReconcileText.unit.text(l))
                            for m in months { w.element(.th, .scope("col"), text: m) }
                        }
                    }
                    w.element(.tbody) { w in
                        for u in units {
                            w.element(.tr) { w in
                                w.element(.th, .scope("row"), text: ReconcileTerms.unit(u, l))
                                for m in months {
                                    guard let c = byKey[u + "|" + m] else {
                                        w.element(.td, text: "")
                                        continue
                                    }
                                    let rate = v.disclosure?.decision(for: ReconcileDisclosure.agreementKey(u, m))
                                    let count = v.disclosure?.decision(for: ReconcileDisclosure.personsKey(u, m))
                                    guard !c.suppressed, let rate, rate.isShown, let pct = c.personAgreementPct else {
                                        hidden += 1
                                        w.element(
                                            .td, .class("suppressed"),
                                            .titleText(reason(rate, l) ?? ReconcileText.hiddenByReport.text(l)),
                                            text: marker)
                                        continue
                                    }
                                    let agrees = c.unitAgrees == true
                                    let persons = count?.isShown == true ? c.persons.map(String.init) : nil
                                    w.element(.td, .class(agrees ? "agrees" : "differs")) { w in
                                        w.element(
                                            .abbr,
                                            .titleText((agrees ? ReconcileText.agrees : ReconcileText.differs).text(l)),
                                            text: agrees ? "=" : "≠")
                                        w.text(" " + num(pct, l) + " %")
                                        if let persons {
                                            w.element(.span, .class("n"), text: ReconcileText.nPersons(persons).text(l))
                                        } else {
                                            w.element(
                                                .span, .class("n"), .titleText(reason(count, l) ?? ""),
                                                text: ReconcileText.nPersons(marker).text(l))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Which policy decided, and its rules in the page's language.
            if let p = v.policy {
                w.element(
                    .p, .class("note"),
                    text: ReconcileText.gridPolicy(tag: p.tag, marker: p.marker, hidden: hidden).text(l))
                w.element(.ul, .class("note")) { w in
                    for rule in p.rules {
                        w.element(.li) { w in
                            w.element(.strong) { w in
                                w.element(.a, .href(Route.suppressionPolicy(rule: rule.id).href(l)), text: rule.id)
                                w.text(" " + rule.title.text(export(l)) + ": ")
                            }
                            w.text(rule.reason.text(export(l)))
                        }
                    }
                }
            } else {
                w.element(.p, .class("note"), text: ReconcileText.gridNoPolicy.text(l))
            }
        }
    }

    static func export(_ l: Language) -> ExportLanguage { l == .da ? .danish : .english }

    /// The policy's reason for a hidden cell, with its rule id.
    static func reason(_ d: CellDecision?, _ l: Language) -> String? {
        guard case .suppressed(let s) = d else { return nil }
        return s.ruleID + ": " + s.reason.text(export(l))
    }
}
