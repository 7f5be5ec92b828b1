import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics
import KlarsynStore
import KlarsynTesting
import Testing

@testable import KlarsynReconcile

/// Crafted deliveries in which each employee hits one mismatch category on purpose.
@Suite(.serialized) struct CraftedTests {
    static let employees: [(id: String, form: String, from: String, to: String, unit: String, reason: String)] = [
        ("E0000001", "Fastansat", "01-01-2020", "", "W1", ""),  // identical
        ("E0000002", "Fastansat", "01-01-2020", "", "W1", ""),  // day basis (weekend)
        ("E0000003", "Fastansat", "01-01-2020", "", "W1", ""),  // late registration
        ("E0000004", "Fastansat", "01-01-2020", "", "W1", ""),  // split boundary
        ("E0000005", "Fastansat", "01-01-2020", "", "W1", ""),  // month boundary
        ("E0000006", "Tidsbegrænset", "01-01-2020", "", "W1", ""),  // rounding
        ("E0000007", "Vikar", "01-01-2020", "", "W2", ""),  // population: form
        ("E0000008", "Fastansat", "01-01-2020", "31-01-2024", "W2", "Egen opsigelse"),  // population: leaver
        ("E0000010", "Fastansat", "01-01-2020", "", "W2", ""),  // duplicate key
        ("E0000011", "Fastansat", "01-01-2020", "", "W2", ""),  // unexplained
        ("E0000012", "Fastansat", "01-01-2020", "15-01-2024", "W1", ""),  // unit attribution (moves to W2)
        ("E0000012", "Fastansat", "16-01-2024", "", "W2", ""),
        ("E0000013", "Fastansat", "01-01-2020", "", "W2", ""),  // in-house only
        ("E0000014", "Fastansat", "01-01-2020", "", "W2", ""),  // within tolerance
    ]

    /// (employee, first date, last date, part, registered days after the date, code)
    static let absences: [(String, String, String, String, Int, String)] = [
        ("E0000001", "2024-01-08", "2024-01-10", "FULL", 0, "SYG"),
        ("E0000002", "2024-01-05", "2024-01-07", "FULL", 1, "SYG"),  // Fri–Sun
        ("E0000003", "2024-01-29", "2024-01-31", "FULL", 7, "SYG"),  // registered after the cut-off
        ("E0000004", "2024-01-02", "2024-02-05", "FULL", 0, "SYG"),  // 35 days
        ("E0000005", "2024-01-31", "2024-01-31", "FULL", 0, "SYG"),
        ("E0000006", "2024-01-10", "2024-01-10", "HALF", 0, "SYG"),
        ("E0000007", "2024-01-15", "2024-01-16", "FULL", 0, "SYG"),
        ("E0000011", "2024-01-15", "2024-01-15", "FULL", 0, "SYG"),
        ("E0000012", "2024-01-10", "2024-01-11", "FULL", 0, "SYG"),
        ("E0000012", "2024-01-22", "2024-01-23", "FULL", 0, "SYG"),
        ("E0000013", "2024-02-12", "2024-02-12", "FULL", 0, "SYG"),
        ("E0000014", "2024-03-04", "2024-03-05", "FULL", 0, "SYG"),
    ]

    /// The vendor's figures: (written id, month, short, long).
    static let vendor: [(String, String, String, String)] = {
        var rows: [(String, String, String, String)] = []
        let special: [String: [String: (String, String)]] = [
            "E0000001": ["2024-01": ("3,00", "0,00")],
            "E0000002": ["2024-01": ("1,00", "0,00")],
            "E0000003": ["2024-01": ("0,00", "0,00")],
            "E0000004": ["2024-01": ("28,00", "2,00"), "2024-02": ("0,00", "5,00")],
            "E0000005": ["2024-02": ("1,00", "0,00")],
            "E0000006": ["2024-01": ("0,00", "0,00")],
            "E0000007": ["2024-01": ("2,00", "0,00")],
            "E0000011": ["2024-01": ("5,00", "0,00")],
            "E0000012": ["2024-01": ("4,00", "0,00")],
            "E0000014": ["2024-03": ("2,25", "0,00")],
        ]
        for id in [
            "E0000001", "E0000002", "E0000003", "E0000004", "E0000005", "E0000006", "E0000007", "E0000011", "E0000012",
            "E0000014",
        ] {
            for m in ["2024-01", "2024-02", "2024-03"] {
                let f = special[id]?[m] ?? ("0,00", "0,00")
                rows.append((id, m, f.0, f.1))
            }
        }
        rows.append(("E0000008", "2024-01", "0,00", "0,00"))
        rows.append(("E0000008", "2024-02", "0,00", "0,00"))  // a leaver, the month after
        rows.append(("E9999", "2024-01", "1,00", "0,00"))  // no such employee
        for m in ["2024-01", "2024-02", "2024-03"] { rows.append(("E0000010", m, "0,00", "0,00")) }
        rows.append(("E10", "2024-01", "0,00", "0,00"))  // the same employee again, zeros dropped
        return rows
    }()

    static func pipeline() throws -> Pipeline {
        let tmp = try TemporaryDirectory()
        let inboxURL = tmp.path("inbox")
        try FileManager.default.createDirectory(at: inboxURL, withIntermediateDirectories: true)
        let inbox = Inbox(url: inboxURL)
        try inbox.pdc(
            "pdc_org_units_20240101.csv",
            [
                "EnhedID;Overordnet;Navn;Type;Gyldig_fra;Gyldig_til", "R;;Region Test;Region;01-01-2020;",
                "H;R;Testhospitalet;Hospital;01-01-2020;", "W1;H;Afsnit Øst;Afsnit;01-01-2020;",
                "W2;H;Afsnit Vest;Afsnit;01-01-2020;",
            ])
        try inbox.pdc(
            "pdc_employments_20240101.csv",
            [
                "MedarbejderID;Fødselsår;Køn;Stillingskode;Stillingsbetegnelse;Ansættelsesform;Ugentlige_timer;EnhedID;Gyldig_fra;Gyldig_til;Fratrædelsesårsag"
            ]
                + employees.map {
                    "\($0.id);1980;K;S1;Sygeplejerske;\($0.form);37,00;\($0.unit);\($0.from);\($0.to);\($0.reason)"
                })
        var lines = ["absence_id,employee_id,date,code,part,registered_at,deleted"]
        var n = 0
        for a in absences {
            var day = CalendarDay(iso: a.1)!
            while day <= CalendarDay(iso: a.2)! {
                n += 1
                lines.append(
                    "A\(n),\(a.0),\(day.iso),\(a.5),\(a.3),\(day.adding(days: a.4).iso)T09:00:00,0")
                day = day.adding(days: 1)
            }
        }
        try inbox.psc("psc_absences_20240415.csv", lines)
        try inbox.pdc(
            "pdc_sickleave_202404.csv",
            ["MedarbejderID;Måned;Korttidsfravær_dage;Langtidsfravær_dage"]
                + vendor.map { "\($0.0);\($0.1);\($0.2);\($0.3)" })
        return try Pipeline.make(inbox: inboxURL, tmp: tmp)
    }

    func run(_ p: Pipeline, idMapping: String = "pad_leading_zeros") throws -> ReconcileReport {
        var config = try ReconcileConfig.parse(configText(idMapping: idMapping))
        // A quarter day either way is tolerated on short days and the total (E0000014).
        config.tolerances[.short]!.absolute = Fixed4(text: "0.25")!
        config.tolerances[.total]!.absolute = Fixed4(text: "0.25")!
        return try p.reconciler(config).run(today: CalendarDay(iso: "2024-06-01")!, sweep: false)
    }

    func pair(_ r: ReconcileReport, _ id: String, _ month: String, _ metric: Metric) -> Pair? {
        r.pairs.first { $0.employeeId == id && $0.month.text == month && $0.metric == metric }
    }

    @Test func everyCategoryIsHit() throws {
        let p = try Self.pipeline()
        let r = try run(p)
        #expect(r.provenance.periodFrom == "2024-01")
        #expect(r.provenance.periodTo == "2024-03")
        #expect(pair(r, "E0000001", "2024-01", .total)?.status == .identical)
        #expect(pair(r, "E0000001", "2024-01", .total)?.vendor == Fixed4(whole: 3))
        #expect(pair(r, "E0000002", "2024-01", .short)?.category == .dayBasis)
        #expect(pair(r, "E0000003", "2024-01", .total)?.category == .lateRegistration)
        #expect(pair(r, "E0000003", "2024-01", .total)?.asOf == .zero)
        #expect(pair(r, "E0000004", "2024-01", .total)?.status == .identical)
        #expect(pair(r, "E0000004", "2024-01", .short)?.category == .splitBoundary)
        #expect(pair(r, "E0000004", "2024-01", .long)?.category == .splitBoundary)
        #expect(pair(r, "E0000004", "2024-02", .long)?.status == .identical)
        #expect(pair(r, "E0000005", "2024-01", .total)?.category == .monthBoundary)
        #expect(pair(r, "E0000005", "2024-02", .total)?.category == .monthBoundary)
        #expect(pair(r, "E0000006", "2024-01", .total)?.category == .rounding)
        #expect(pair(r, "E0000006", "2024-01", .total)?.inHouse == Fixed4(text: "0.5"))
        #expect(pair(r, "E0000007", "2024-01", .total)?.category == .population)
        #expect(pair(r, "E0000008", "2024-02", .total)?.status == .vendorOnly)
        #expect(pair(r, "E0000008", "2024-02", .total)?.evidence == "reported after the employee left")
        #expect(pair(r, "E0009999", "2024-01", .total)?.category == .idMapping)
        #expect(pair(r, "E0000010", "2024-01", .total)?.status == .duplicateKey)
        #expect(pair(r, "E0000010", "2024-01", .total)?.category == .idMapping)
        #expect(pair(r, "E0000010", "2024-02", .total)?.status == .identical)
        #expect(pair(r, "E0000011", "2024-01", .total)?.category == .unexplained)
        #expect(pair(r, "E0000012", "2024-01", .total)?.status == .identical)
        #expect(pair(r, "E0000013", "2024-02", .total)?.status == .inHouseOnly)
        #expect(pair(r, "E0000013", "2024-02", .total)?.category == .population)
        #expect(pair(r, "E0000014", "2024-03", .short)?.status == .withinTolerance)
        #expect(pair(r, "E0000014", "2024-03", .total)?.delta == Fixed4(text: "-0.25"))
        let categories = Set(r.categories.map(\.category))
        #expect(
            categories == Set(MismatchCategory.allCases),
            "missing: \(Set(MismatchCategory.allCases).subtracting(categories))")
        let ua = r.categories.first { $0.category == .unitAttribution }!
        #expect(ua.pairs[2] == 1)
        #expect(ua.days[2] == Fixed4(whole: 2))
        #expect(ua.unitsHit == 2)
        // Every status occurs.
        #expect(Set(r.pairs.map(\.status)) == Set(PairStatus.allCases))
        // One unexplained pair per metric except long (E0000011: short and total).
        #expect(r.newUnexplained == 2)
        #expect(r.exitCode == 1)
        // Case samples carry the engine's explanation beside the vendor's figure.
        let late = r.cases.first { $0.category == .lateRegistration }!
        #expect(late.explanation.contains("E0000003"))
        #expect(late.vendor?.total == .zero)
        #expect(late.verdict == nil)
    }

    /// Writes the crafted report for reading (`RECON_DUMP_DIR=/some/dir swift test …`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RECON_DUMP_DIR"] != nil)) func dump() throws {
        let dir = URL(filePath: ProcessInfo.processInfo.environment["RECON_DUMP_DIR"]!)
        let p = try Self.pipeline()
        let r = try run(p)
        try Data(ReportRenderer.text(r).utf8).write(to: dir.appending(path: "crafted.txt"))
        try Data(try ReportRenderer.json(r).utf8).write(to: dir.appending(path: "crafted.json"))
        let text = ReportRenderer.text(r)
        for c in MismatchCategory.allCases { #expect(text.contains(c.title)) }
    }

    @Test func scorecardMatchesAnIndependentCount() throws {
        let p = try Self.pipeline()
        let r = try run(p)
        // Vendor total for the period, straight from the crafted rows (newest delivery = the only one;
        // the duplicate key compares the last row delivered).
        var vendorTotal = Fixed4.zero
        for row in Self.vendor where row.1 <= "2024-03" {
            vendorTotal += Fixed4(text: row.2)! + Fixed4(text: row.3)!
        }
        let total = r.scorecard.first { $0.metric == .total }!
        #expect(total.vendorTotal == vendorTotal)
        // Klarsyn's total: every counted sick date of the population employees up to March (half = 0.5).
        var days = Fixed4.zero
        for a in Self.absences where a.0 != "E0000007" {
            var d = CalendarDay(iso: a.1)!
            while d <= CalendarDay(iso: a.2)! {
                if d.yearMonth.text <= "2024-03" { days += a.3 == "HALF" ? Fixed4(text: "0.5")! : Fixed4(whole: 1) }
                d = d.adding(days: 1)
            }
        }
        #expect(total.inHouseTotal == days)
        // Pairs: the union of keys, three metrics each.
        #expect(r.pairs.count == total.pairs * 3)
        let keys = Set(r.pairs.map { "\($0.employeeId)|\($0.month.text)" })
        #expect(keys.count == total.pairs)
    }

    @Test func idMappingWithoutPaddingIsItsOwnCategory() throws {
        let p = try Self.pipeline()
        let r = try run(p, idMapping: "none")
        #expect(pair(r, "E10", "2024-01", .total)?.category == .idMapping)
        #expect(pair(r, "E10", "2024-01", .total)?.evidence?.contains("E0000010") == true)
        #expect(pair(r, "E9999", "2024-01", .total)?.category == .idMapping)
    }

    @Test func sameInputsGiveTheSameBytesAndAppendOnce() throws {
        let p = try Self.pipeline()
        let a = try run(p)
        #expect(try ReconcileStore.append(a, to: p.warehouse))
        let b = try run(p)
        #expect(!(try ReconcileStore.append(b, to: p.warehouse)))
        #expect(ReportRenderer.text(a) == ReportRenderer.text(b))
        #expect(try ReportRenderer.json(a) == ReportRenderer.json(b))
        #expect(ReportRenderer.csv(a).map(\.text) == ReportRenderer.csv(b).map(\.text))
        let stored = try p.warehouse.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM recon_pair WHERE run_id = ?", arguments: [a.runId])
        }
        #expect(stored == a.pairs.count)
        // The stored report (for the web page) reads back without its pairs.
        let back = try #require(try p.warehouse.read { db in try ReconcileStore.latestReport(db) })
        #expect(back.runId == a.runId)
        #expect(back.scorecard == a.scorecard)
        #expect(back.categories == a.categories)
        #expect(back.pairs.isEmpty)
        // Append-only.
        #expect(throws: (any Error).self) {
            try p.warehouse.write { db in try db.execute(sql: "DELETE FROM recon_pair") }
        }
        #expect(throws: (any Error).self) {
            try p.warehouse.write { db in try db.execute(sql: "UPDATE recon_run SET unexplained = 0") }
        }
    }

    @Test func baselineDecisionMakesAKnownDifferenceAndFlagsDrift() throws {
        let p = try Self.pipeline()
        let first = try run(p)
        try ReconcileStore.append(first, to: p.warehouse)
        let row = first.categories.first { $0.category == .unexplained }!
        let id = try ReconcileStore.record(
            BaselineDecision(
                category: .unexplained, scope: "all units 2024-01 … 2024-03",
                presumedVendorDefinition: "unknown", chosenDefinition: "sick-leave@1", impact: "none",
                approvedByBI: "BI lead", approvedByHR: "HR partner", decidedOn: "2024-06-01", basedOnRun: first.runId,
                pairsAtDecision: row.pairs.reduce(0, +), daysAtDecision: row.days.reduce(.zero, +)),
            in: p.warehouse)
        let second = try run(p)
        #expect(second.runId != first.runId)
        #expect(second.categories.first { $0.category == .unexplained }?.knownDifference == id)
        #expect(second.newUnexplained == 0)
        #expect(second.exitCode == 0)
        #expect(second.trend.count == 2)
        #expect(second.trend.last?.seriesBreak?.contains("D\(id)") == true)
        // A decision recorded with another size drifts.
        _ = try ReconcileStore.record(
            BaselineDecision(
                category: .unexplained, scope: "all", presumedVendorDefinition: "unknown",
                chosenDefinition: "sick-leave@1", impact: "none", approvedByBI: "BI", approvedByHR: "HR",
                decidedOn: "2024-06-02", basedOnRun: first.runId, pairsAtDecision: 1, daysAtDecision: Fixed4(whole: 1)),
            in: p.warehouse)
        let third = try run(p)
        #expect(third.categories.first { $0.category == .unexplained }?.drift != nil)
        #expect(third.exitCode == 1)
    }

    @Test func randomCheckFindsNoErrorsAndBoundsTheRate() throws {
        let p = try Self.pipeline()
        let r = try run(p)
        #expect(r.randomCheck.sampleSize == 5)
        #expect(r.randomCheck.errors == 0)
        // 0 errors in 5: 1 − 0.05^(1/5) = 45.07 %.
        #expect(r.randomCheck.upperBound95Pct == "45.07")
        #expect(r.randomCheck.items.allSatisfy { $0.vendorLineAgrees && $0.explanationAgrees })
    }

    @Test func clopperPearsonBounds() {
        #expect(abs(ClopperPearson.upperBound(errors: 0, n: 100) - 0.0295) < 0.0001)
        // 1 error in 20: exact upper bound 0.2161 (one-sided 95 %).
        #expect(abs(ClopperPearson.upperBound(errors: 1, n: 20) - 0.2161) < 0.0005)
        #expect(ClopperPearson.upperBound(errors: 3, n: 3) == 1)
    }

    @Test func badConfigNamesFileLineAndField() {
        #expect {
            _ = try ReconcileConfig.parse(configText(extra: "[thresholds]\nmax_unexplaned_pairs = 3"))
        } throws: { e in
            let s = String(describing: e)
            return s.contains("reconciliation/sick-leave.toml:") && s.contains("max_unexplaned_pairs")
                && s.contains("did you mean `max_unexplained_pairs`")
        }
        #expect {
            _ = try ReconcileConfig.parse(
                configText().replacingOccurrences(
                    of: "absolute = \"0\"\nrelative = \"0\"\n\n[tolerances.total]",
                    with: "absolute = \"x\"\nrelative = \"0\"\n\n[tolerances.total]"))
        } throws: { e in
            let s = String(describing: e)
            return s.contains("tolerances.long_days.absolute") && s.contains(":16:")
        }
        #expect(throws: ReconcileInputError.self) { _ = try ReconcileConfig.parse("version = [") }
    }

    @Test func missingVendorFiguresIsBadInput() throws {
        let tmp = try TemporaryDirectory()
        let warehouse = try Warehouse.open(path: tmp.path("w.sqlite").path)
        let r = Reconciler(
            warehouse: warehouse, definitions: try SickLeaveDefinitionSet([.regionDefault]),
            config: ReconcileConfig.defaults)
        #expect(throws: ReconcileInputError.self) { _ = try r.run(today: CalendarDay(iso: "2024-06-01")!) }
    }

    @Test func fixedDecimals() {
        #expect(Fixed4(text: "2,5")?.description == "2.5")
        #expect(Fixed4(text: "-0.0625")?.description == "-0.0625")
        #expect(Fixed4(text: "1.23456") == nil)
        #expect(Fixed4(text: "2.5")!.roundedToWhole(.halfEven) == Fixed4(whole: 2))
        #expect(Fixed4(text: "3.5")!.roundedToWhole(.halfEven) == Fixed4(whole: 4))
        #expect(Fixed4(text: "2.5")!.roundedToWhole(.halfUp) == Fixed4(whole: 3))
        #expect(Fixed4(0.1) + Fixed4(0.2) == Fixed4(text: "0.3"))
        #expect(
            Tolerance(absolute: .zero, relative: Fixed4(text: "0.1")!).admits(
                delta: Fixed4(whole: 1), vendor: Fixed4(whole: 10)))
        #expect(
            !Tolerance(absolute: .zero, relative: Fixed4(text: "0.1")!).admits(
                delta: Fixed4(text: "1.01")!, vendor: Fixed4(whole: 10)))
    }
}
