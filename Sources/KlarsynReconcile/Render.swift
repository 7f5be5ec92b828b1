import Foundation
import KlarsynCore

/// Renders a ``ReconcileReport`` as text (for the CLI), JSON (for tools and the web page) and
/// CSV files. Every renderer is a pure function of the report: the same report gives the same bytes.
public enum ReportRenderer {
    /// Key-sorted, pretty JSON (without the pairs; they are in `pairs.csv` and `recon_pair`).
    public static func json(_ report: ReconcileReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    static func opt(_ f: Fixed4?) -> String { f?.description ?? "–" }
    static func figures(_ f: Figures?) -> String {
        f.map { "short \($0.short), long \($0.long), total \($0.total)" } ?? "–"
    }

    /// The report as text for an HR partner and the BI unit.
    public static func text(_ r: ReconcileReport) -> String {
        var o: [String] = []
        let p = r.provenance
        o.append("Reconciliation of sick leave: Klarsyn vs the payroll vendor (run \(r.runId))")
        o.append("")
        o.append("Provenance")
        o.append("  Period compared: \(p.periodFrom) … \(p.periodTo) (Klarsyn's data up to \(p.horizon))")
        o.append(
            "  Klarsyn definition: \(p.definition) (version \(p.definitionVersion)): \(p.definitionRules.joined(separator: "; "))"
        )
        o.append("  Vendor cut-off (presumed): \(p.vendorCutoff)")
        o.append(
            "  Id mapping: \(p.idMapping); mismatch rules version \(p.rulesVersion); settings version \(p.configVersion); seed \(p.seed)"
        )
        o.append(
            "  Tolerances: "
                + p.tolerances.map {
                    "\($0.metric.rawValue) ±\($0.absolute) days or \($0.relative) of the vendor's figure"
                }.joined(separator: "; "))
        o.append("  Vendor files (\(p.vendorFiles.count)):")
        for f in p.vendorFiles {
            o.append("    \(f.name)  delivered \(f.deliveryDate)  \(f.rowsUsed) figures  sha256 \(f.sha256)")
        }
        o.append("")
        o.append("Scorecard (pairs = metric × employee × month; Δ = Klarsyn − vendor)")
        o.append(
            "  metric      pairs  identical  within  different  vendor-only  in-house-only  duplicate  exact %  within %  vendor days  Klarsyn days  Δ days"
        )
        for s in r.scorecard {
            o.append(
                "  "
                    + [
                        pad(s.metric.rawValue, 10), lpad(s.pairs, 6), lpad(s.identical, 10), lpad(s.withinTolerance, 7),
                        lpad(s.different, 10), lpad(s.vendorOnly, 12), lpad(s.inHouseOnly, 14),
                        lpad(s.duplicateKey, 10),
                        lpad(s.exactPct, 8), lpad(s.withinTolerancePct, 9), lpad(s.vendorTotal.description, 12),
                        lpad(s.inHouseTotal.description, 13), lpad(s.delta.description, 7),
                    ].joined(separator: " "))
        }
        o.append("")
        o.append("Population differences (employee-months only one side has)")
        if r.populationDifferences.isEmpty { o.append("  none") }
        for d in r.populationDifferences {
            o.append(
                "  \(d.side.words): \(d.employeeMonths) employee-months, \(d.employees) employees, vendor \(d.vendorDays) / Klarsyn \(d.inHouseDays) days — \(d.reason)"
            )
        }
        o.append("")
        o.append(
            "Mismatch categories (rules version \(p.rulesVersion); pairs and Σ|Δ| days per metric short / long / total)"
        )
        if r.categories.isEmpty { o.append("  none: every pair agrees") }
        for c in r.categories {
            var line =
                "  \(c.title): pairs \(c.pairs.map(String.init).joined(separator: " / ")), days \(c.days.map(\.description).joined(separator: " / ")), \(c.employees) employees, \(c.unitsHit) units hit"
            if let d = c.knownDifference { line += " — KNOWN DIFFERENCE (decision D\(d))" }
            o.append(line)
            if let drift = c.drift { o.append("    ⚠ \(drift)") }
            o.append("    rule: \(c.rule)")
        }
        o.append("")
        o.append("As-of comparison (Klarsyn from what was registered by the vendor's cut-off, beside today's)")
        for a in r.asOf {
            o.append(
                "  \(pad(a.metric.rawValue, 10)) vendor \(a.vendorTotal)  Klarsyn today \(a.todayTotal)  Klarsyn as of cut-off \(a.asOfTotal)  agreeing pairs today \(a.agreeingToday), as of cut-off \(a.agreeingAsOf)  (late data alone: \(a.lateDataOnly); today only: \(a.todayOnly))"
            )
        }
        o.append("")
        o.append("Random check of agreeing pairs")
        let rc = r.randomCheck
        o.append(
            "  \(rc.sampleSize) of \(rc.agreeingPairs) agreeing total pairs checked (seed \(rc.seed)); errors \(rc.errors); 95 % upper bound of the error rate \(rc.upperBound95Pct) %"
        )
        o.append("  Method: \(rc.method)")
        for i in rc.items {
            o.append(
                "    \(i.employeeId) \(i.month.text): vendor \(i.vendor), Klarsyn \(i.inHouse); raw line \(i.vendorLineAgrees ? "agrees" : "DIFFERS"), explanation \(i.explanationAgrees ? "agrees" : "DIFFERS")  Verdict: ____"
            )
        }
        o.append("")
        if let s = r.sweep {
            o.append("Hypothesis sweep (\(s.variants) definition variants, \(s.employees) employees)")
            o.append(
                "  Default:  \(s.defaultVariant.agreementPct) % of \(s.defaultVariant.employeeMonths) employee-months agree, Σ|Δ| \(s.defaultVariant.absoluteDelta) days — \(s.defaultVariant.name)"
            )
            o.append(
                "  Best:     \(s.best.agreementPct) % of \(s.best.employeeMonths) employee-months agree, Σ|Δ| \(s.best.absoluteDelta) days — \(s.best.name)"
            )
            o.append("  Top variants:")
            for v in s.top {
                o.append(
                    "    \(lpad(v.agreementPct, 6)) %  Σ|Δ| \(lpad(v.absoluteDelta.description, 9))  \(v.name)\(v.isDefault ? "  (default)" : "")"
                )
            }
            o.append("  Best per category (employee-months of the category that agree):")
            for c in s.perCategory {
                o.append(
                    "    \(c.category.title): \(c.agreeing) of \(c.employeeMonths) (default \(c.defaultAgreeing)) — \(c.bestVariant)"
                )
            }
            o.append("")
        }
        o.append("Baseline decisions")
        if r.decisions.isEmpty { o.append("  none recorded (`klarsyn reconcile decide` records one)") }
        for d in r.decisions {
            let x = d.decision
            o.append(
                "  D\(x.decisionId) \(x.decidedOn): \(x.category.title) is a known difference — scope \(x.scope); vendor presumed: \(x.presumedVendorDefinition); Klarsyn keeps \(x.chosenDefinition); approved by \(x.approvedByBI) (BI) and \(x.approvedByHR) (HR)"
            )
            o.append("     impact: \(x.impact)")
            o.append(
                "     size at decision \(x.pairsAtDecision) pairs / \(x.daysAtDecision) days; now \(d.currentPairs) pairs / \(d.currentDays) days\(d.drifted ? " — DRIFTED" : "")"
            )
        }
        o.append("")
        o.append("Trend across runs")
        for t in r.trend {
            if let b = t.seriesBreak { o.append("  ── \(b) ──") }
            o.append(
                "  \(t.seq == 0 ? "this run" : "run \(t.seq)") \(t.runId): \(t.definition), rules v\(t.rulesVersion), \(t.period): exact \(t.exactPct) %, within tolerance \(t.withinTolerancePct) %, unexplained \(t.unexplained)"
            )
        }
        o.append("")
        o.append(
            "Unit × month grid (= unit agrees, ≠ differs, · suppressed: fewer than the minimum persons; % persons agreeing over the shown months)"
        )
        let months = Array(Set(r.grid.map(\.month))).sorted()
        let units = Array(Set(r.grid.map(\.unitId))).sorted()
        var byKey: [String: GridCell] = [:]
        for c in r.grid { byKey[c.unitId + "|" + c.month.text] = c }
        o.append(
            "  " + pad("unit", 12) + " " + months.map { String($0.text.suffix(2)) }.joined(separator: " ")
                + "  persons agreeing")
        for u in units {
            var shown = 0
            var agreeingP = 0
            let symbols = months.map { m -> String in
                guard let c = byKey[u + "|" + m.text] else { return " -" }
                if c.suppressed { return " ·" }
                shown += c.persons ?? 0
                agreeingP += c.personsAgreeing ?? 0
                return c.unitAgrees == true ? " =" : " ≠"
            }
            o.append(
                "  " + pad(u, 12) + " " + symbols.joined(separator: " ") + "  "
                    + (shown > 0 ? percentText(agreeingP, of: shown) + " %" : "–"))
        }
        o.append("")
        o.append("Case samples (for review; verdict: confirmed / rejected / note)")
        for c in r.cases {
            o.append(
                "  [\(c.category.title)] \(c.employeeId) \(c.month.text) (\(c.metrics.map(\.rawValue).joined(separator: ", ")))"
            )
            o.append("    vendor: \(figures(c.vendor))")
            o.append("    Klarsyn today: \(figures(c.inHouse)); as of the vendor's cut-off: \(figures(c.asOf))")
            o.append("    evidence: \(c.evidence)")
            o.append("    Klarsyn's explanation:")
            for line in c.explanation.split(separator: "\n", omittingEmptySubsequences: false) {
                o.append("      " + line)
            }
            o.append("    Reviewer verdict: ________________")
        }
        o.append("")
        o.append(
            "Result: \(r.newUnexplained) unexplained pairs not covered by a baseline decision, \(r.driftedDecisions) drifted known differences → exit \(r.exitCode)"
        )
        return o.joined(separator: "\n") + "\n"
    }

    /// CSV files by name: `pairs.csv`, `scorecard.csv`, `categories.csv`, `grid.csv`, `cases.csv`, `sweep.csv`.
    public static func csv(_ r: ReconcileReport) -> [(name: String, text: String)] {
        func row(_ fields: [String]) -> String {
            fields.map { f in
                f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",")
        }
        func file(_ header: [String], _ rows: [[String]]) -> String {
            ([row(header)] + rows.map(row)).joined(separator: "\n") + "\n"
        }
        var out: [(String, String)] = []
        out.append(
            (
                "pairs.csv",
                file(
                    [
                        "run_id", "metric", "employee_id", "month", "vendor", "in_house", "as_of", "delta", "status",
                        "category", "evidence",
                    ],
                    r.pairs.map {
                        [
                            r.runId, $0.metric.rawValue, $0.employeeId, $0.month.text, opt($0.vendor), opt($0.inHouse),
                            opt($0.asOf), opt($0.delta), $0.status.rawValue, $0.category?.rawValue ?? "",
                            $0.evidence ?? "",
                        ]
                    })
            ))
        out.append(
            (
                "scorecard.csv",
                file(
                    [
                        "metric", "pairs", "identical", "within_tolerance", "different", "vendor_only", "in_house_only",
                        "duplicate_key", "exact_pct", "within_tolerance_pct", "vendor_total", "in_house_total", "delta",
                    ],
                    r.scorecard.map {
                        [
                            $0.metric.rawValue, "\($0.pairs)", "\($0.identical)", "\($0.withinTolerance)",
                            "\($0.different)", "\($0.vendorOnly)", "\($0.inHouseOnly)", "\($0.duplicateKey)",
                            $0.exactPct, $0.withinTolerancePct, $0.vendorTotal.description, $0.inHouseTotal.description,
                            $0.delta.description,
                        ]
                    })
            ))
        out.append(
            (
                "categories.csv",
                file(
                    [
                        "category", "pairs_short", "pairs_long", "pairs_total", "days_short", "days_long", "days_total",
                        "employees", "units_hit", "known_difference", "drift",
                    ],
                    r.categories.map {
                        [$0.category.rawValue] + $0.pairs.map(String.init) + $0.days.map(\.description) + [
                            "\($0.employees)", "\($0.unitsHit)", $0.knownDifference.map { "D\($0)" } ?? "",
                            $0.drift ?? "",
                        ]
                    })
            ))
        out.append(
            (
                "grid.csv",
                file(
                    [
                        "unit_id", "month", "suppressed", "persons", "in_house_days", "vendor_days", "delta",
                        "persons_agreeing", "person_agreement_pct", "unit_agrees",
                    ],
                    r.grid.map {
                        [
                            $0.unitId, $0.month.text, $0.suppressed ? "1" : "0", $0.persons.map(String.init) ?? "",
                            $0.inHouseDays?.description ?? "", $0.vendorDays?.description ?? "",
                            $0.delta?.description ?? "", $0.personsAgreeing.map(String.init) ?? "",
                            $0.personAgreementPct ?? "", $0.unitAgrees.map { $0 ? "1" : "0" } ?? "",
                        ]
                    })
            ))
        out.append(
            (
                "cases.csv",
                file(
                    [
                        "category", "employee_id", "month", "metrics", "vendor_short", "vendor_long", "in_house_short",
                        "in_house_long", "as_of_short", "as_of_long", "evidence", "verdict",
                    ],
                    r.cases.map {
                        [
                            $0.category.rawValue, $0.employeeId, $0.month.text,
                            $0.metrics.map(\.rawValue).joined(separator: " "), opt($0.vendor?.short),
                            opt($0.vendor?.long), opt($0.inHouse?.short), opt($0.inHouse?.long), opt($0.asOf?.short),
                            opt($0.asOf?.long), $0.evidence, $0.verdict ?? "",
                        ]
                    })
            ))
        if let s = r.sweep {
            out.append(
                (
                    "sweep.csv",
                    file(
                        ["variant", "is_default", "employee_months", "agreeing", "agreement_pct", "abs_delta_total"],
                        s.top.map {
                            [
                                $0.name, $0.isDefault ? "1" : "0", "\($0.employeeMonths)", "\($0.agreeing)",
                                $0.agreementPct, $0.absoluteDelta.description,
                            ]
                        })
                ))
        }
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
    static func lpad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
    }
    static func lpad(_ i: Int, _ n: Int) -> String { lpad(String(i), n) }
}
