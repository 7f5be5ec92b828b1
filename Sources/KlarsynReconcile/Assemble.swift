import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

extension Reconciler {
    func assemble(
        runId: String, provenance: Provenance, pairs: [Pair], keys: [Key], inHouse: [Key: InHouseMonth],
        vendor: [Key: [VendorRow]], unitAttribution: [(Key, Fixed4, [String])],
        latestDecision: [MismatchCategory: BaselineDecision], decisions: [BaselineDecision], engine: SickLeaveEngine,
        build: SickLeaveBuild, runSweep: Bool, months: [YearMonth], hrIds: Set<String>
    ) throws -> ReconcileReport {
        // Scorecard.
        var scorecard: [ScorecardRow] = []
        for metric in Metric.allCases {
            let ps = pairs.filter { $0.metric == metric }
            func n(_ s: PairStatus) -> Int { ps.filter { $0.status == s }.count }
            let vt = ps.reduce(Fixed4.zero) { $0 + ($1.vendor ?? .zero) }
            let it = ps.reduce(Fixed4.zero) { $0 + ($1.inHouse ?? .zero) }
            scorecard.append(
                ScorecardRow(
                    metric: metric, pairs: ps.count, identical: n(.identical), withinTolerance: n(.withinTolerance),
                    different: n(.different), vendorOnly: n(.vendorOnly), inHouseOnly: n(.inHouseOnly),
                    duplicateKey: n(.duplicateKey), exactPct: percentText(n(.identical), of: ps.count),
                    withinTolerancePct: percentText(n(.identical) + n(.withinTolerance), of: ps.count), vendorTotal: vt,
                    inHouseTotal: it, delta: it - vt))
        }

        // Population differences (total pairs with one side missing), by reason.
        var groups: [String: (PairStatus, String, Int, Set<String>, Fixed4, Fixed4)] = [:]
        for p in pairs where p.metric == .total && (p.status == .vendorOnly || p.status == .inHouseOnly) {
            let reason = p.evidence ?? ""
            let g = p.status.rawValue + "|" + reason
            var e = groups[g] ?? (p.status, reason, 0, [], .zero, .zero)
            e.2 += 1
            e.3.insert(p.employeeId)
            e.4 += p.vendor ?? .zero
            e.5 += p.inHouse ?? .zero
            groups[g] = e
        }
        let population = groups.keys.sorted().map { k in
            let e = groups[k]!
            return PopulationDifference(
                side: e.0, reason: e.1, employeeMonths: e.2, employees: e.3.count, vendorDays: e.4, inHouseDays: e.5)
        }

        // Categories.
        var categoryRows: [CategoryRow] = []
        var categoryKeys: [MismatchCategory: [Key]] = [:]
        for category in MismatchCategory.allCases {
            var counts = [0, 0, 0]
            var days = [Fixed4.zero, .zero, .zero]
            var employees = Set<String>()
            var units = Set<String>()
            var ks = Set<Key>()
            if category == .unitAttribution {
                for (key, moved, us) in unitAttribution {
                    counts[2] += 1
                    days[2] += moved
                    employees.insert(key.employeeId)
                    units.formUnion(us)
                    ks.insert(key)
                }
            } else {
                for p in pairs where p.category == category {
                    let i = Metric.allCases.firstIndex(of: p.metric)!
                    counts[i] += 1
                    days[i] += (p.delta ?? p.vendor ?? p.inHouse ?? .zero).magnitude
                    employees.insert(p.employeeId)
                    let key = Key(employeeId: p.employeeId, month: p.month)
                    ks.insert(key)
                    if let ih = inHouse[key] {
                        units.formUnion(ih.unitDays.keys)
                        if let u = ih.endUnit { units.insert(u) }
                    }
                }
            }
            guard counts.reduce(0, +) > 0 || latestDecision[category] != nil else { continue }
            var row = CategoryRow(
                category: category, title: category.title,
                rule: MismatchRules.ruleSet1.first { $0.0 == category }!.1, pairs: counts, days: days,
                employees: employees.count, unitsHit: units.count, knownDifference: nil, drift: nil)
            if let d = latestDecision[category] {
                row.knownDifference = d.decisionId
                let now = days.reduce(.zero, +)
                let limit = Fixed4(scaled: d.daysAtDecision.scaled * config.driftRelative.scaled / Fixed4.scale)
                if (now - d.daysAtDecision).magnitude > limit {
                    row.drift =
                        "size drifted: \(now) days now, \(d.daysAtDecision) at decision D\(d.decisionId) (limit ± \(limit))"
                }
            }
            categoryRows.append(row)
            categoryKeys[category] = ks.sorted()
        }

        // Case samples.
        var rng = SeededRandom(seed: config.seed)
        var cases: [CaseSample] = []
        for category in MismatchCategory.allCases {
            guard let ks = categoryKeys[category], !ks.isEmpty else { continue }
            for key in rng.sample(ks, config.casesPerCategory).sorted() {
                let ps = pairs.filter { $0.employeeId == key.employeeId && $0.month == key.month }
                let ih = inHouse[key].flatMap { $0.hasRow ? $0 : nil }
                let evidence: String
                let metrics: [Metric]
                if category == .unitAttribution {
                    let ua = unitAttribution.first { $0.0 == key }!
                    metrics = [.total]
                    evidence =
                        "counted days in units \(ua.2.joined(separator: ", ")); \(ua.1) days lie outside \(ih?.endUnit ?? "–"), the unit a vendor figure is attributed to"
                } else {
                    let hit = ps.filter { $0.category == category }
                    metrics = hit.map(\.metric)
                    evidence = hit.map { "\($0.metric.rawValue): \($0.evidence ?? "")" }.joined(separator: "; ")
                }
                var explanation = "Klarsyn has no employment or absence data for this employee."
                if hrIds.contains(key.employeeId), let (input, _) = try build.input(employeeId: key.employeeId) {
                    explanation = engine.explain(input, month: key.month).renderText()
                }
                cases.append(
                    CaseSample(
                        category: category, employeeId: key.employeeId, month: key.month, metrics: metrics,
                        vendor: vendor[key]?.last?.figures, inHouse: ih?.alt[0],
                        asOf: ih?.alt[Transform.asOf], evidence: evidence, explanation: explanation, verdict: nil))
            }
        }

        // Random check of agreeing total pairs.
        let agreeing = pairs.filter { $0.metric == .total && $0.status.agrees }
        var checkRng = SeededRandom(seed: config.seed &+ 1)
        let sample = checkRng.sample(agreeing, config.randomCheckSize).sorted {
            ($0.employeeId, $0.month) < ($1.employeeId, $1.month)
        }
        var items: [RandomCheckItem] = []
        for p in sample {
            let key = Key(employeeId: p.employeeId, month: p.month)
            let row = vendor[key]!.last!
            let reread = try warehouse.read { db in try VendorFigures.reread(db, row: row) }
            var explained = false
            if let (input, _) = try build.input(employeeId: p.employeeId) {
                let e = engine.explain(input, month: p.month)
                explained = Fixed4(e.shortDays) + Fixed4(e.longDays) == p.inHouse!
            }
            items.append(
                RandomCheckItem(
                    employeeId: p.employeeId, month: p.month, vendor: p.vendor!, inHouse: p.inHouse!,
                    vendorLineAgrees: reread == row.figures, explanationAgrees: explained, verdict: nil))
        }
        let errors = items.filter { !$0.vendorLineAgrees || !$0.explanationAgrees }.count
        let bound = ClopperPearson.upperBound(errors: errors, n: items.count)
        let randomCheck = RandomCheck(
            agreeingPairs: agreeing.count, sampleSize: items.count, seed: config.seed &+ 1, errors: errors,
            upperBound95Pct: String(format: "%.2f", bound * 100),
            method:
                "seeded simple random sample of agreeing total pairs; each re-read from the vendor's raw line and recomputed through Klarsyn's explanation; exact one-sided 95 % Clopper–Pearson bound (0 errors: 1 − 0.05^(1/n), about 3/n)",
            items: items)

        // As-of comparison.
        var asOfRows: [AsOfRow] = []
        for metric in Metric.allCases {
            var row = AsOfRow(
                metric: metric, vendorTotal: .zero, todayTotal: .zero, asOfTotal: .zero, agreeingToday: 0,
                agreeingAsOf: 0, lateDataOnly: 0, todayOnly: 0)
            for p in pairs where p.metric == metric && p.status != .duplicateKey {
                guard let v = p.vendor, let i = p.inHouse, let a = p.asOf else { continue }
                row.vendorTotal += v
                row.todayTotal += i
                row.asOfTotal += a
                let tol = config.tolerances[metric]!
                let t = tol.admits(delta: i - v, vendor: v)
                let s = tol.admits(delta: a - v, vendor: v)
                if t { row.agreeingToday += 1 }
                if s { row.agreeingAsOf += 1 }
                if s && !t { row.lateDataOnly += 1 }
                if t && !s { row.todayOnly += 1 }
            }
            asOfRows.append(row)
        }

        // Unit × month grid at the home unit: in-house days where they were counted, vendor days at the unit
        // of the last employed day; persons are those whose figure is attributed to the unit.
        struct Cell {
            var persons = Set<String>()
            var agreeing = 0
            var inHouse = Fixed4.zero
            var vendor = Fixed4.zero
        }
        var cells: [String: Cell] = [:]
        func cellKey(_ u: String, _ m: YearMonth) -> String { u + "\u{1}" + m.text }
        for p in pairs where p.metric == .total {
            let key = Key(employeeId: p.employeeId, month: p.month)
            let ih = inHouse[key]
            let unit = ih?.endUnit ?? "(not employed)"
            var c = cells[cellKey(unit, p.month)] ?? Cell()
            c.persons.insert(p.employeeId)
            if p.status.agrees { c.agreeing += 1 }
            c.vendor += p.vendor ?? .zero
            cells[cellKey(unit, p.month)] = c
            if let ih, ih.hasRow {
                for (u, d) in ih.unitDays {
                    var c2 = cells[cellKey(u, p.month)] ?? Cell()
                    c2.inHouse += d
                    cells[cellKey(u, p.month)] = c2
                }
            }
        }
        let tol = config.tolerances[.total]!
        let grid: [GridCell] = cells.keys.sorted().map { k in
            let c = cells[k]!
            let parts = k.split(separator: "\u{1}").map(String.init)
            let month = YearMonth(text: parts[1])!
            if c.persons.count < config.minPersons {
                return GridCell(
                    unitId: parts[0], month: month, suppressed: true, persons: nil, inHouseDays: nil, vendorDays: nil,
                    delta: nil, personsAgreeing: nil, personAgreementPct: nil, unitAgrees: nil)
            }
            return GridCell(
                unitId: parts[0], month: month, suppressed: false, persons: c.persons.count, inHouseDays: c.inHouse,
                vendorDays: c.vendor, delta: c.inHouse - c.vendor, personsAgreeing: c.agreeing,
                personAgreementPct: percentText(c.agreeing, of: c.persons.count),
                unitAgrees: tol.admits(delta: c.inHouse - c.vendor, vendor: c.vendor))
        }

        // Sweep.
        var sweepResult: SweepResult?
        if runSweep {
            sweepResult = try HypothesisSweep(
                config: config, base: engine.definition, units: engine.units, horizon: engine.horizon, months: months
            ).run(build: build, vendor: vendor.mapValues { $0.last!.figures }, categories: categoryKeys)
        }

        // Decisions and trend.
        var decisionStatus: [DecisionStatus] = []
        for d in decisions {
            let row = categoryRows.first { $0.category == d.category }
            let days = row.map { $0.days.reduce(.zero, +) } ?? .zero
            let drifted = latestDecision[d.category] == d && row?.drift != nil
            decisionStatus.append(
                DecisionStatus(
                    decision: d, currentPairs: row?.pairs.reduce(0, +) ?? 0, currentDays: days, drifted: drifted))
        }
        let unexplained = pairs.filter { $0.category == .unexplained }.count
        let newUnexplained = latestDecision[.unexplained] == nil ? unexplained : 0
        let drifted = decisionStatus.filter(\.drifted).count
        let total = scorecard.last!
        var trend = try warehouse.read { db in try ReconcileStore.previousRuns(db, before: runId) }
        trend.append(
            TrendRow(
                seq: 0, runId: runId, definition: provenance.definition, rulesVersion: provenance.rulesVersion,
                period: "\(provenance.periodFrom) … \(provenance.periodTo)", exactPct: total.exactPct,
                withinTolerancePct: total.withinTolerancePct, unexplained: unexplained,
                seriesBreak: decisions.map { "D\($0.decisionId)" }.joined(separator: ",")))
        // seriesBreak holds the decision list until here; turn it into a break note.
        var previous: (String, String)?
        for i in trend.indices {
            let now = (trend[i].definition, trend[i].seriesBreak ?? "")
            var note: [String] = []
            if let previous {
                if previous.0 != now.0 { note.append("definition \(previous.0) → \(now.0)") }
                if previous.1 != now.1 {
                    let new = Set(now.1.split(separator: ",")).subtracting(previous.1.split(separator: ","))
                    note.append("baseline decision " + new.sorted().joined(separator: ", "))
                }
            }
            trend[i].seriesBreak = note.isEmpty ? nil : "series break: " + note.joined(separator: "; ")
            previous = now
        }
        let exitCode = newUnexplained > config.maxUnexplainedPairs || drifted > 0 ? 1 : 0
        return ReconcileReport(
            runId: runId, provenance: provenance, scorecard: scorecard, populationDifferences: population,
            categories: categoryRows, cases: cases, randomCheck: randomCheck, asOf: asOfRows, grid: grid,
            sweep: sweepResult, decisions: decisionStatus, trend: trend, newUnexplained: newUnexplained,
            driftedDecisions: drifted, exitCode: exitCode, pairs: pairs)
    }
}
