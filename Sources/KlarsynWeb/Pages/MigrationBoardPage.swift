import Foundation
import KlarsynBuild

/// The migration board (issue 10): a table of reports, then one section per report with its tile diffs.
enum MigrationBoardPage {
    static func render(_ v: MigrationBoardView) -> String {
        let l = v.language
        let other: Language = l == .da ? .en : .da
        return Layout.page(title: MigrationText.title.text(l), language: l, switchTo: Route.migration.href(other)) {
            w in
            w.element(.h1, text: MigrationText.title.text(l))
            w.element(.p, .class("lead"), text: MigrationText.lead.text(l))
            w.element(.p) { w in
                w.element(.strong, text: MigrationText.versions.text(l) + ": ")
                w.text(v.versions.map { "\($0.id) (\($0.status))" }.joined(separator: ", "))
            }
            w.element(.table, .id("migration-board")) { w in
                w.element(.caption, text: MigrationText.title.text(l))
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [MigrationText.report, .owner, .pinned, .target, .status, .tiles, .usage] {
                            w.element(.th, .scope("col"), text: h.text(l))
                        }
                    }
                }
                w.element(.tbody) { w in
                    for row in v.rows {
                        let s = row.state
                        w.element(.tr, .data("report", s.report)) { w in
                            w.element(.th, .scope("row")) { w in
                                w.element(.a, .href("#report-\(s.report)"), text: row.title)
                            }
                            w.element(.td, text: s.owner)
                            w.element(.td, text: s.pinned)
                            w.element(.td, text: s.target)
                            w.element(.td, .class("status-\(s.status.rawValue)"), text: status(s.status, l))
                            w.element(.td, text: tileSummary(s, l))
                            w.element(.td, text: usage(row.usage, audit: v.auditAvailable, l))
                        }
                    }
                }
            }
            w.element(.p, .class("note"), text: MigrationText.usageNote.text(l))
            w.element(.p, .class("note"), text: MigrationText.howTo.text(l))
            for row in v.rows { details(row, l, &w) }
        }
    }

    static func status(_ s: ReportMigrationState.Status, _ l: Language) -> String {
        switch s {
        case .pending: MigrationText.pending.text(l)
        case .relinked: MigrationText.relinked.text(l)
        case .verified: MigrationText.verified.text(l)
        }
    }

    static func outcome(_ o: TileDiffResult.Outcome, _ l: Language) -> String {
        switch o {
        case .identical: MigrationText.identical.text(l)
        case .different: MigrationText.different.text(l)
        case .broken: MigrationText.broken.text(l)
        case .unversioned: MigrationText.unversioned.text(l)
        }
    }

    static func tileSummary(_ s: ReportMigrationState, _ l: Language) -> String {
        guard !s.diffs.isEmpty else { return MigrationText.noDiff.text(l) }
        let counts = Dictionary(grouping: s.diffs, by: \.outcome).mapValues(\.count)
        return [TileDiffResult.Outcome.identical, .different, .broken, .unversioned].compactMap { o in
            counts[o].map { "\($0) \(outcome(o, l))" }
        }.joined(separator: ", ")
    }

    static func usage(_ u: MigrationBoardView.Usage?, audit: Bool, _ l: Language) -> String {
        guard audit else { return MigrationText.noAudit.text(l) }
        guard let u else { return MigrationText.notUsed.text(l) }
        return MigrationText.used(
            count: u.count, last: String(u.lastViewed.prefix(10)),
            roles: u.roles.map { Role(rawValue: $0).map { AccessText.roleName($0).text(l) } ?? $0 }.joined(
                separator: ", ")
        )
        .text(l)
    }

    static func number(_ x: Double, _ l: Language) -> String {
        let s = String(format: "%.2f", x)
        return l == .da ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    static func details(_ row: MigrationBoardView.Row, _ l: Language, _ w: inout HTMLWriter) {
        let s = row.state
        w.element(.section, .id("report-\(s.report)"), .aria("labelledby", "h-\(s.report)")) { w in
            w.element(
                .h2, .id("h-\(s.report)"), text: "\(row.title) — \(s.pinned) → \(s.target): \(status(s.status, l))")
            guard !s.diffs.isEmpty else {
                w.element(.p, text: MigrationText.noDiff.text(l))
                return
            }
            w.element(.table, .class("tile-diff")) { w in
                w.element(.caption, text: "\(row.title): \(MigrationText.tiles.text(l))")
                w.element(.thead) { w in
                    w.element(.tr) { w in
                        for h in [
                            MigrationText.tiles.text(l), MigrationText.status.text(l), "Δ", MigrationText.units.text(l),
                            MigrationText.months.text(l),
                            MigrationText.signOff.text(l),
                        ] {
                            w.element(.th, .scope("col"), text: h)
                        }
                    }
                }
                w.element(.tbody) { w in
                    for d in s.diffs {
                        w.element(.tr, .data("tile", d.tile)) { w in
                            w.element(.th, .scope("row"), text: d.tile)
                            w.element(.td, .class("outcome-\(d.outcome.rawValue)"), text: outcome(d.outcome, l))
                            if d.outcome == .different {
                                w.element(
                                    .td,
                                    text: MigrationText.differs(
                                        cells: d.cellsDiffering, of: d.cells, size: number(d.totalAbsDifference, l),
                                        pct: number(d.relativePct, l)
                                    ).text(l))
                            } else {
                                w.element(.td, text: d.note)
                            }
                            w.element(
                                .td,
                                text: d.topUnits.map { "\($0.key) (\(number($0.absDifference, l)))" }.joined(
                                    separator: ", "))
                            w.element(
                                .td,
                                text: d.topMonths.map { "\($0.key) (\(number($0.absDifference, l)))" }.joined(
                                    separator: ", "))
                            if let sign = s.signOffs[d.tile] {
                                w.element(
                                    .td,
                                    text: MigrationText.signedOff(role: sign.role).text(l) + ": " + sign.explanation)
                            } else {
                                w.element(.td, text: d.outcome == .different ? MigrationText.notSigned.text(l) : "")
                            }
                        }
                    }
                }
            }
        }
    }
}
