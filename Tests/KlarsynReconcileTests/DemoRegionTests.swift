import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynDemo
import KlarsynMetrics
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace
import Testing

@testable import KlarsynReconcile

/// A generated region whose vendor figures follow the generator's undisclosed rule. The test
/// knows the rule (KlarsynDemo's VendorSickLeaveRule); the reconciler does not.
@Suite(.serialized) struct DemoRegionTests {
    static let sweep = """
        [sweep]
        codes = [["SYG"], ["SYG", "ARB_SKADE"]]
        population = [["Fastansat", "Tidsbegrænset"], ["Fastansat", "Tidsbegrænset", "Vikar", "Timelønnet"]]
        half_day_weight = ["0.5", "1"]
        link_gap_days = [2]
        long_term_threshold_days = [28, 30]
        long_term_comparison = [">", ">="]
        classification = ["retroactive", "day_position"]
        day_basis = ["calendar", "weekdays"]
        known_at = ["today", "vendor_cutoff"]
        """

    /// The vendor rule's traits, as the sweep names them.
    static let vendorTraits = [
        "codes SYG+ARB_SKADE", "population all forms", "half day 1 ", "long when span >= 30", "· day_position ·",
        "· weekdays ·", "known at the vendor's cut-off",
    ]

    static func traits(_ name: String) -> Int { vendorTraits.filter { name.contains($0) }.count }

    @Test func sweepFindsTheVendorRuleAndFiguresMatchAnIndependentCount() throws {
        let tmp = try TemporaryDirectory()
        let inbox = tmp.path("inbox")
        _ = try RegionGenerator(
            spec: RegionSpec(employees: 300, years: 1, start: CalendarDay(year: 2024, month: 1, day: 1), seed: 5)
        ).write(to: inbox)
        let p = try Pipeline.make(inbox: inbox, tmp: tmp)
        let config = try ReconcileConfig.parse(configText(sweep: Self.sweep))
        let report = try p.reconciler(config).run(today: CalendarDay(year: 2025, month: 1, day: 15))

        // The sweep: the best variant agrees far better than the default and carries the rule's traits.
        let sweep = try #require(report.sweep)
        #expect(sweep.variants == 256)
        let best = Double(sweep.best.agreementPct)!
        let base = Double(sweep.defaultVariant.agreementPct)!
        // Most employee-months are zero on both sides, so compare the disagreeing share and Σ|Δ|.
        #expect((100 - best) * 5 <= 100 - base, "best \(best) % vs default \(base) %")
        #expect(best >= 90, "best \(sweep.best.name): \(best) %")
        #expect(Self.traits(sweep.best.name) >= 6, "best: \(sweep.best.name)")
        #expect(Self.traits(sweep.defaultVariant.name) == 0)
        #expect(sweep.best.absoluteDelta.scaled * 5 <= sweep.defaultVariant.absoluteDelta.scaled)

        // Independent count of the vendor's figures: read the delivered files directly.
        let from = YearMonth(text: report.provenance.periodFrom)!
        let to = YearMonth(text: report.provenance.periodTo)!
        var vendorTotal = Fixed4.zero
        var vendorKeys = Set<String>()
        var vendorShort = Fixed4.zero
        for name in try FileManager.default.contentsOfDirectory(atPath: inbox.path).sorted()
        where name.hasPrefix("pdc_sickleave_") {
            let text = Windows1252.decode(try Data(contentsOf: inbox.appending(path: name)))
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                guard let m = YearMonth(text: f[1]), m >= from, m <= to else { continue }
                let digits = f[0].dropFirst()
                vendorKeys.insert("E" + String(repeating: "0", count: 7 - digits.count) + digits + "|" + f[1])
                vendorShort += Fixed4(text: f[2])!
                vendorTotal += Fixed4(text: f[2])! + Fixed4(text: f[3])!
            }
        }
        let total = report.scorecard.first { $0.metric == .total }!
        let short = report.scorecard.first { $0.metric == .short }!
        #expect(total.vendorTotal == vendorTotal)
        #expect(short.vendorTotal == vendorShort)

        // Independent count of Klarsyn's side: the sick-leave build's own table.
        let build = SickLeaveBuild(warehouse: p.warehouse)
        let v1 = try DefaultWorkspaceDefinitions.sickLeave().version(1)!
        _ = try build.run(
            definitions: [v1], horizon: try build.horizon(fallback: CalendarDay(year: 2030, month: 1, day: 1)))
        let rows = try p.warehouse.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT employee_id, month, short_days, long_days FROM sick_leave_employee_month WHERE definition_version = 1 AND month BETWEEN ? AND ?",
                arguments: [from.text, to.text])
        }
        var inHouseTotal = Fixed4.zero
        var inHouseKeys = Set<String>()
        for r in rows {
            inHouseTotal += Fixed4(r[2] as Double) + Fixed4(r[3] as Double)
            inHouseKeys.insert((r[0] as String) + "|" + (r[1] as String))
        }
        #expect(total.inHouseTotal == inHouseTotal)
        #expect(total.pairs == vendorKeys.union(inHouseKeys).count)
        #expect(total.vendorOnly == vendorKeys.subtracting(inHouseKeys).count)
        #expect(total.inHouseOnly == inHouseKeys.subtracting(vendorKeys).count)
        // Under the default definition the vendor's figures differ: every category of the rule shows up.
        let categories = Set(report.categories.map(\.category))
        for c in [MismatchCategory.population, .dayBasis, .splitBoundary, .lateRegistration] {
            #expect(categories.contains(c), "no \(c.rawValue)")
        }
    }
}
