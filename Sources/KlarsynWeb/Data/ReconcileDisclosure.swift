import Foundation
import KlarsynDisclosure

/// Small-cell suppression of the reconciliation page's unit × month grid with the workspace's
/// policy (`policies/suppression.toml`), decided once per recorded run over the whole grid and
/// looked up per user scope (decision 0143).
///
/// Each grid cell shows two figures about the persons whose total is attributed to the unit that
/// month: their number (a person count, rule SC1) and the share of them whose figures agree (a
/// value from that many persons, rule SC2). The grid's counts add up, over all units and months,
/// to the scorecard's total pairs, which the page shows, so that is declared as an additive group
/// (rule SC3 then hides further cells when one hidden cell could be worked out by subtraction).
///
/// The report itself already left out the persons of cells under its own `min_persons`; those
/// cells enter the table with 1 person — the fewest a hidden cell can have, which is the
/// cautious side for the complement rule — so they stay hidden whatever the policy says. The
/// page can thus be stricter than the report, never looser.
actor ReconcileDisclosure {
    let policy: SuppressionPolicy
    private var cache: (key: String, result: SuppressionResult)?

    init(policy: SuppressionPolicy) { self.policy = policy }

    /// The decisions for a run's grid (computed once per run and policy version).
    func result(for report: ReconcileSnapshot) throws -> SuppressionResult {
        let key = policy.tag + "|" + report.runId
        if let cache, cache.key == key { return cache.result }
        let result = try policy.suppress(Self.table(report))
        cache = (key, result)
        return result
    }

    /// The cell of a unit-month's person count.
    static func personsKey(_ unit: String, _ month: String) -> CellKey { CellKey(unit, month, "persons") }
    /// The cell of a unit-month's share of persons whose figures agree.
    static func agreementKey(_ unit: String, _ month: String) -> CellKey { CellKey(unit, month, "agreement") }
    /// The scorecard's total pairs (the sum of the grid's person counts).
    static let totalPairsKey = CellKey("all units", "all months", "pairs")

    /// The whole grid of a run as one disclosure table.
    static func table(_ report: ReconcileSnapshot) -> DisclosureTable {
        var table = DisclosureTable()
        var parts: [CellKey] = []
        var seen = Set<CellKey>()
        for c in report.grid {
            let persons = c.suppressed ? 1 : (c.persons ?? 1)
            let key = personsKey(c.unitId, c.month)
            guard seen.insert(key).inserted else { continue }
            table.addCount(key, persons: persons)
            table.addValue(agreementKey(c.unitId, c.month), persons: persons)
            parts.append(key)
        }
        if let total = report.scorecard.first(where: { $0.metric == "total" }), !parts.isEmpty {
            table.addCount(totalPairsKey, persons: total.pairs)
            table.addGroup(total: totalPairsKey, parts: parts)
        }
        return table
    }
}
