import Foundation

/// What the reconciliation page shows: the latest recorded run, aggregated (no employee ids),
/// with the unit × month grid limited to the user's scope.
struct ReconcilePageView {
    let language: Language
    let report: ReconcileSnapshot?
    let grid: [ReconcileSnapshot.Cell]
}

/// The reconciliation page for the HR partner and the BI unit (issue 8).
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
            scorecard(r, l, &w)
            categories(r, l, &w)
            asOf(r, l, &w)
            w.element(.section, .aria("labelledby", "random")) { w in
                w.element(.h2, .id("random"), text: ReconcileText.randomHeading.text(l))
                let c = r.randomCheck
                w.element(
                    .p,
                    text: ReconcileText.random(
                        n: c.sampleSize, of: c.agreeingPairs, errors: c.errors, bound: c.upperBound95Pct
                    )
                    .text(l))
            }
            sweep(r, l, &w)
            decisions(r, l, &w)
            trend(r, l, &w)
            grid(v.grid, l, &w)
        }
    }

    /// A figure from the report (`2.5`, `76.45`) with the page's decimal mark.
    static func num(_ s: String, _ l: Language) -> String { l == .da ? s.replacingOccurrences(of: ".", with: ",") : s }

    static func table(
        _ caption: String, _ headers: [String], _ rows: [[String]], _ w: inout HTMLWriter
    ) {
        w.element(.table) { w in
            w.element(.caption, text: caption)
            w.element(.thead) { w in
                w.element(.tr) { w in for h in headers { w.element(.th, .scope("col"), text: h) } }
            }
            w.element(.tbody) { w in
                for row in rows {
                    w.element(.tr) { w in
                        for (i, cell) in row.enumerated() {
                            if i == 0 { w.element(.th, .scope("row"), text: cell) } else { w.element(.td, text: cell) }
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
                item(.definition, p.definition + ": " + p.definitionRules.joined(separator: "; "))
                item(.cutoff, p.vendorCutoff)
                item(
                    .tolerances,
                    p.tolerances.map { "\($0.metric) ±\($0.absolute) / \($0.relative)" }.joined(separator: "; "))
                item(.rules, "v\(p.rulesVersion)")
                w.element(.dt, text: ReconcileText.vendorFiles.text(l))
                w.element(.dd) { w in
                    w.element(.ul) { w in
                        for f in p.vendorFiles {
                            w.element(.li) { w in
                                w.text("\(f.name) (\(f.deliveryDate), \(f.rowsUsed)) ")
                                w.element(.code, text: String(f.sha256.prefix(16)) + "…")
                            }
                        }
                    }
                }
            }
        }
    }

    static func scorecard(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "scorecard")) { w in
            w.element(.h2, .id("scorecard"), text: ReconcileText.scorecard.text(l))
            let t: [ReconcileText] = [
                .metric, .pairs, .identical, .within, .different, .vendorOnly, .inHouseOnly, .duplicate, .exactPct,
                .withinPct, .vendorDays, .klarsynDays, .delta,
            ]
            table(
                ReconcileText.scorecard.text(l), t.map { $0.text(l) },
                r.scorecard.map {
                    [
                        $0.metric, "\($0.pairs)", "\($0.identical)", "\($0.withinTolerance)", "\($0.different)",
                        "\($0.vendorOnly)", "\($0.inHouseOnly)", "\($0.duplicateKey)", num($0.exactPct, l),
                        num($0.withinTolerancePct, l), num($0.vendorTotal, l), num($0.inHouseTotal, l),
                        num($0.delta, l),
                    ]
                }, &w)
        }
    }

    static func categories(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "categories")) { w in
            w.element(.h2, .id("categories"), text: ReconcileText.categories.text(l))
            table(
                ReconcileText.categories.text(l),
                [
                    ReconcileText.category.text(l), ReconcileText.pairs.text(l) + " (short / long / total)",
                    "Σ|Δ| (short / long / total)", ReconcileText.employees.text(l), ReconcileText.unitsHit.text(l), "",
                ],
                r.categories.map { c in
                    var status: [String] = []
                    if let d = c.knownDifference { status.append(ReconcileText.known(d).text(l)) }
                    if c.drift != nil { status.append(ReconcileText.drift.text(l)) }
                    return [
                        c.title, c.pairs.map(String.init).joined(separator: " / "),
                        c.days.joined(separator: " / "), "\(c.employees)", "\(c.unitsHit)",
                        status.joined(separator: "; "),
                    ]
                }, &w)
        }
    }

    static func asOf(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "asof")) { w in
            w.element(.h2, .id("asof"), text: ReconcileText.asOfHeading.text(l))
            w.element(.p, text: ReconcileText.asOfLead.text(l))
            table(
                ReconcileText.asOfHeading.text(l),
                [
                    ReconcileText.metric.text(l), ReconcileText.vendorDays.text(l), ReconcileText.today.text(l),
                    ReconcileText.asOf.text(l), ReconcileText.lateOnly.text(l),
                ],
                r.asOf.map {
                    [
                        $0.metric, $0.vendorTotal, $0.todayTotal,
                        $0.asOfTotal, "\($0.lateDataOnly)",
                    ]
                }, &w)
        }
    }

    static func sweep(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        guard let s = r.sweep else { return }
        w.element(.section, .aria("labelledby", "sweep")) { w in
            w.element(.h2, .id("sweep"), text: ReconcileText.sweepHeading.text(l))
            table(
                ReconcileText.sweepHeading.text(l), ["", ReconcileText.agreement.text(l), "Σ|Δ|", ""],
                [
                    [
                        ReconcileText.sweepDefault.text(l), s.defaultVariant.agreementPct + " %",
                        s.defaultVariant.absoluteDelta, s.defaultVariant.name,
                    ],
                    [ReconcileText.sweepBest.text(l), s.best.agreementPct + " %", s.best.absoluteDelta, s.best.name],
                ], &w)
            table(
                ReconcileText.perCategory.text(l),
                [ReconcileText.category.text(l), ReconcileText.agreement.text(l), ""],
                s.perCategory.map { [$0.category, "\($0.agreeing) / \($0.employeeMonths)", $0.bestVariant] }, &w)
        }
    }

    static func decisions(_ r: ReconcileSnapshot, _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "decisions")) { w in
            w.element(.h2, .id("decisions"), text: ReconcileText.decisionsHeading.text(l))
            if r.decisions.isEmpty { w.element(.p, text: ReconcileText.noDecisions.text(l)) }
            for d in r.decisions {
                let x = d.decision
                w.element(.article, .class("tile")) { w in
                    w.element(
                        .h3,
                        text: ReconcileText.decision(id: x.decisionId, date: x.decidedOn, category: x.category).text(l))
                    w.element(
                        .p, text: ReconcileText.approvedBy(x.approvedByBI, x.approvedByHR).text(l) + " — " + x.scope)
                    w.element(.dl) { w in
                        w.element(.dt, text: ReconcileText.presumed.text(l))
                        w.element(.dd, text: x.presumedVendorDefinition)
                        w.element(.dt, text: ReconcileText.chosen.text(l))
                        w.element(.dd, text: x.chosenDefinition)
                        w.element(.dt, text: ReconcileText.impact.text(l))
                        w.element(.dd, text: x.impact)
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
                summary: r.trend.map {
                    "\($0.seq == 0 ? ReconcileText.thisRun.text(l) : ReconcileText.run($0.seq).text(l)): \($0.exactPct) %"
                }
                .joined(separator: "; "),
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
            w.element(.table) { w in
                w.element(.caption, text: ReconcileText.trendHeading.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [
                            "", ReconcileText.definition.text(l), ReconcileText.period.text(l),
                            ReconcileText.exactPct.text(l), ReconcileText.withinPct.text(l), "Unexplained",
                        ] {
                            w.element(.th, .scope("col"), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for t in r.trend {
                        if let b = t.seriesBreak {
                            w.element(.tr, .class("series-break")) { w in
                                w.element(
                                    .td, .attr("colspan", "6"), text: b)
                            }
                        }
                        w.element(.tr) { w in
                            w.element(
                                .th, .scope("row"),
                                text: t.seq == 0 ? ReconcileText.thisRun.text(l) : ReconcileText.run(t.seq).text(l))
                            for cell in [t.definition, t.period, t.exactPct, t.withinTolerancePct, "\(t.unexplained)"] {
                                w.element(.td, text: cell)
                            }
                        }
                    }
                }
            }
        }
    }

    static func grid(_ cells: [ReconcileSnapshot.Cell], _ l: Language, _ w: inout HTMLWriter) {
        w.element(.section, .aria("labelledby", "grid")) { w in
            w.element(.h2, .id("grid"), text: ReconcileText.gridHeading.text(l))
            w.element(.p, text: ReconcileText.gridLead.text(l))
            let months = Array(Set(cells.map(\.month))).sorted()
            let units = Array(Set(cells.map(\.unitId))).sorted()
            var byKey: [String: ReconcileSnapshot.Cell] = [:]
            for c in cells { byKey[c.unitId + "|" + c.month] = c }
            w.element(.table, .class("grid")) { w in
                w.element(.caption, text: ReconcileText.gridHeading.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        w.element(.th, .scope("col"), text: ReconcileText.unit.text(l))
                        for m in months { w.element(.th, .scope("col"), text: m) }
                    }
                }
                w.element(.tbody) { w in
                    for u in units {
                        w.element(.tr) { w in
                            w.element(.th, .scope("row"), text: u)
                            for m in months {
                                guard let c = byKey[u + "|" + m] else {
                                    w.element(.td, text: "")
                                    continue
                                }
                                if c.suppressed {
                                    w.element(.td, .class("suppressed"), text: ReconcileText.suppressed.text(l))
                                    continue
                                }
                                let agrees = c.unitAgrees == true
                                w.element(
                                    .td, .class(agrees ? "agrees" : "differs"),
                                    .titleText(
                                        (agrees ? ReconcileText.agrees : ReconcileText.differs).text(l) + "; "
                                            + (c.personAgreementPct ?? "–") + " % "
                                            + ReconcileText.personsAgreeing.text(l)),
                                    text: (agrees ? "= " : "≠ ") + num(c.personAgreementPct ?? "–", l) + " %")
                            }
                        }
                    }
                }
            }
        }
    }
}
