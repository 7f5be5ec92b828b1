import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

/// The hypothesis sweep: computes a grid of definition variants and scores each against the
/// vendor's figures, overall and on the pairs of each mismatch category (ADR 0104).
struct HypothesisSweep {
    let config: ReconcileConfig
    let base: SickLeaveDefinition
    let units: UnitTree
    let horizon: CalendarDay
    let months: [YearMonth]

    struct Variant {
        var definition: SickLeaveDefinition
        var dayBasis: DayBasis
        var knownAt: KnownAt
        var name: String
        var isDefault: Bool
    }

    static func name(_ p: SickLeaveParameters, _ basis: DayBasis, _ known: KnownAt) -> String {
        let pop =
            Set(p.population) == Set(SickLeaveParameters.knownForms) ? "all forms" : p.population.joined(separator: "+")
        return
            "codes \(p.codes.joined(separator: "+")) · population \(pop) · half day \(Fixed4(p.halfDayWeight)) · gap \(p.linkGapDays) · long when \(p.lengthBasis.rawValue) \(p.longTermComparison.rawValue) \(p.longTermThresholdDays) · \(p.classification.rawValue) · \(basis.rawValue) · \(known == .today ? "today's registrations" : "known at the vendor's cut-off")"
    }

    func variants() -> [Variant] {
        let g = config.sweep
        let baseName = Self.name(base.parameters, .calendar, .today)
        var out = [Variant(definition: base, dayBasis: .calendar, knownAt: .today, name: baseName, isDefault: true)]
        for codes in g.codes {
            for population in g.population {
                for half in g.halfDayWeight {
                    for gap in g.linkGapDays {
                        for threshold in g.longTermThresholdDays {
                            for comparison in g.longTermComparison {
                                for classification in g.classification {
                                    for length in g.lengthBasis {
                                        for basis in g.dayBasis {
                                            for known in g.knownAt {
                                                var d = base
                                                d.parameters.codes = codes
                                                d.parameters.population = population
                                                d.parameters.halfDayWeight = Double(half.scaled) / Double(Fixed4.scale)
                                                d.parameters.linkGapDays = gap
                                                d.parameters.longTermThresholdDays = threshold
                                                d.parameters.longTermComparison = comparison
                                                d.parameters.classification = classification
                                                d.parameters.lengthBasis = length
                                                let name = Self.name(d.parameters, basis, known)
                                                if name == baseName { continue }
                                                out.append(
                                                    Variant(
                                                        definition: d, dayBasis: basis, knownAt: known, name: name,
                                                        isDefault: false))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Month figures of one employee under one variant (`nil` month = no row).
    func figures(_ v: Variant, _ input: EmployeeInput) -> [YearMonth: Figures] {
        let engine = SickLeaveEngine(definition: v.definition, units: units, through: horizon)
        let (result, days) = engine.computeWithDays(input)
        var out: [YearMonth: Figures] = [:]
        let period = Set(months)
        let rows = result.months.filter { period.contains($0.month) }
        let weekdays = v.dayBasis == .weekdays
        if v.knownAt == .today {
            for row in rows {
                out[row.month] =
                    weekdays
                    ? InHouseComputer.figures(InHouseComputer.slice(days, row.month), weekdays: true, halfFull: false)
                    : Figures(short: Fixed4(row.shortDays), long: Fixed4(row.longDays))
            }
            return out
        }
        let computer = InHouseComputer(
            engine: engine, months: months, cutoffLagDays: config.cutoffLagDays, population: [])
        var cache: [Int: [CountedSickDay]] = [:]
        for row in rows {
            let known = computer.asOfDays(input, row.month, cache: &cache)
            out[row.month] = InHouseComputer.figures(
                InHouseComputer.slice(known, row.month), weekdays: weekdays, halfFull: false)
        }
        return out
    }

    func run(
        build: SickLeaveBuild, vendor: [Reconciler.Key: Figures], categories: [MismatchCategory: [Reconciler.Key]]
    ) throws -> SweepResult {
        let variants = variants()
        var chosen: Set<String>?
        if config.sweep.sampleEmployees > 0 {
            let ids = try build.warehouse.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT employee_id FROM employment ORDER BY employee_id")
            }
            var rng = SeededRandom(seed: config.seed &+ 2)
            chosen = Set(rng.sample(ids, config.sweep.sampleEmployees))
        }
        var keyCategories: [Reconciler.Key: [MismatchCategory]] = [:]
        for (c, ks) in categories { for k in ks { keyCategories[k, default: []].append(c) } }
        var employeeMonths = [Int](repeating: 0, count: variants.count)
        var agreeing = [Int](repeating: 0, count: variants.count)
        var absDelta = [Fixed4](repeating: .zero, count: variants.count)
        var catTotal: [MismatchCategory: Int] = [:]
        var catAgree: [MismatchCategory: [Int]] = [:]
        var vendorByEmployee: [String: [YearMonth: Figures]] = [:]
        for (k, f) in vendor { vendorByEmployee[k.employeeId, default: [:]][k.month] = f }
        var employees = 0
        let tolerances = config.tolerances
        try build.forEachInput { input in
            if let chosen, !chosen.contains(input.employeeId) { return }
            guard !input.employments.isEmpty else { return }
            employees += 1
            let v = vendorByEmployee[input.employeeId] ?? [:]
            var counted = false
            for (i, variant) in variants.enumerated() {
                let ih = figures(variant, input)
                let keys = Set(ih.keys).union(v.keys)
                for m in keys {
                    employeeMonths[i] += 1
                    let key = Reconciler.Key(employeeId: input.employeeId, month: m)
                    let cats = keyCategories[key] ?? []
                    if !counted { for c in cats { catTotal[c, default: 0] += 1 } }
                    guard let a = ih[m], let b = v[m] else {
                        absDelta[i] += (ih[m] ?? v[m] ?? .zero).total
                        continue
                    }
                    absDelta[i] += (a.total - b.total).magnitude
                    let ok = Metric.allCases.allSatisfy {
                        tolerances[$0]!.admits(delta: a.value($0) - b.value($0), vendor: b.value($0))
                    }
                    if ok {
                        agreeing[i] += 1
                        for c in cats { catAgree[c, default: [Int](repeating: 0, count: variants.count)][i] += 1 }
                    }
                }
                if i == 0 { counted = true }
            }
        }
        let scored = variants.indices.map { i in
            SweepVariant(
                name: variants[i].name, isDefault: variants[i].isDefault, employeeMonths: employeeMonths[i],
                agreeing: agreeing[i], agreementPct: percentText(agreeing[i], of: employeeMonths[i]),
                absoluteDelta: absDelta[i])
        }
        // Best: highest agreement share, then smallest Σ|Δ|, then grid order.
        func better(_ a: Int, _ b: Int) -> Bool {
            let l = Int64(agreeing[a]) * Int64(max(1, employeeMonths[b]))
            let r = Int64(agreeing[b]) * Int64(max(1, employeeMonths[a]))
            if l != r { return l > r }
            if absDelta[a] != absDelta[b] { return absDelta[a] < absDelta[b] }
            return a < b
        }
        let order = variants.indices.sorted(by: better)
        var perCategory: [SweepCategoryBest] = []
        for c in MismatchCategory.allCases {
            guard let total = catTotal[c], total > 0 else { continue }
            let counts = catAgree[c] ?? [Int](repeating: 0, count: variants.count)
            let best = variants.indices.max { (counts[$0], -$0) < (counts[$1], -$1) }!
            perCategory.append(
                SweepCategoryBest(
                    category: c, employeeMonths: total, bestVariant: variants[best].name, agreeing: counts[best],
                    defaultAgreeing: counts[0]))
        }
        return SweepResult(
            variants: variants.count, employees: employees, best: scored[order[0]], defaultVariant: scored[0],
            top: order.prefix(10).map { scored[$0] }, perCategory: perCategory)
    }
}
