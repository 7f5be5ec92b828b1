import KlarsynCore
import KlarsynMetrics

/// Ways of recomputing Klarsyn's figure to test an explanation, as a bit set:
/// 1 = as known at the vendor's cut-off, 2 = Monday–Friday only, 4 = a half day counts whole.
struct Transform: Hashable, Comparable {
    var bits: Int
    static let identity = Transform(bits: 0)
    static let asOf = 1
    static let weekdays = 2
    static let halfFull = 4
    /// Every transform, fewest changes first (the order the rules try them).
    static let ordered: [Transform] = [0, 2, 4, 6, 1, 3, 5, 7].map { Transform(bits: $0) }
    var usesAsOf: Bool { bits & Self.asOf != 0 }
    var words: String {
        var w: [String] = []
        if bits & Self.asOf != 0 { w.append("as known at the vendor's cut-off") }
        if bits & Self.weekdays != 0 { w.append("Monday–Friday only") }
        if bits & Self.halfFull != 0 { w.append("a half day counted as a whole day") }
        return w.isEmpty ? "as computed" : w.joined(separator: ", ")
    }
    static func < (a: Transform, b: Transform) -> Bool {
        ordered.firstIndex(of: a)! < ordered.firstIndex(of: b)!
    }
}

/// Klarsyn's side of one employee-month, with the facts the mismatch rules look at.
struct InHouseMonth: Sendable {
    /// The engine produced a row for the month.
    var hasRow = false
    /// Figures under each transform (index = transform bits; 0 = today's row).
    var alt = [Figures](repeating: .zero, count: 8)
    /// Today's counted days per home unit.
    var unitDays: [String: Fixed4] = [:]
    /// Home unit on the last employed day of the month (where a vendor figure is attributed).
    var endUnit: String?
    /// Days employed in the month, and of those in a form the definition counts.
    var employedDays = 0
    var countedDays = 0
    /// Employment forms in the month, sorted.
    var forms: [String] = []
    /// Days in the month before the first or after the last employment day.
    var beforeStart = false
    var afterEnd = false
}

/// Computes Klarsyn's figures of one employee for every month of the period.
struct InHouseComputer: Sendable {
    let engine: SickLeaveEngine
    let months: [YearMonth]
    let cutoffLagDays: Int
    let population: Set<String>

    func cutoff(_ m: YearMonth) -> Int {
        CopenhagenTime.instant(localDay: m.lastDay.adding(days: cutoffLagDays + 1), hour: 0, minute: 0, second: 0) - 1
    }

    /// Figures of a list of counted days in one month.
    static func figures(_ days: ArraySlice<CountedSickDay>, weekdays: Bool, halfFull: Bool) -> Figures {
        var f = Figures.zero
        for d in days {
            if weekdays && d.date.isWeekend { continue }
            let w = halfFull ? (d.weight > 0 ? Fixed4(whole: 1) : .zero) : Fixed4(d.weight)
            if d.isLongTerm { f.long += w } else { f.short += w }
        }
        return f
    }

    /// Days of month `m` in a date-sorted list.
    static func slice(_ days: [CountedSickDay], _ m: YearMonth) -> ArraySlice<CountedSickDay> {
        let lo = m.firstDay
        let hi = m.lastDay
        var a = 0
        while a < days.count, days[a].date < lo { a += 1 }
        var b = a
        while b < days.count, days[b].date <= hi { b += 1 }
        return days[a..<b]
    }

    /// Days per month as known at each month's cut-off, reusing one analysis while nothing new was registered.
    func asOfDays(_ input: EmployeeInput, _ m: YearMonth, cache: inout [Int: [CountedSickDay]]) -> [CountedSickDay] {
        let cut = cutoff(m)
        let known = input.registrations.reduce(0) { $0 + (($1.registeredAt ?? Int.min) <= cut ? 1 : 0) }
        if let hit = cache[known] { return hit }
        let e = SickLeaveEngine(
            definition: engine.definition, units: engine.units, through: engine.horizon, knownAt: cut)
        let days = e.computeWithDays(input).days
        cache[known] = days
        return days
    }

    func compute(_ input: EmployeeInput) -> [YearMonth: InHouseMonth] {
        let (result, days) = engine.computeWithDays(input)
        var out: [YearMonth: InHouseMonth] = [:]
        let period = Set(months)
        for row in result.months where period.contains(row.month) {
            var m = InHouseMonth()
            m.hasRow = true
            m.alt[0] = Figures(short: Fixed4(row.shortDays), long: Fixed4(row.longDays))
            out[row.month] = m
        }
        // Employment facts.
        let horizon = engine.horizon
        let periods = input.employments.filter { $0.from <= horizon }
        let first = periods.map(\.from).min()
        let last: CalendarDay? =
            periods.contains { $0.to == nil } ? horizon : periods.compactMap(\.to).max().map { min($0, horizon) }
        var cache: [Int: [CountedSickDay]] = [:]
        for month in months {
            var employed = 0
            var counted = 0
            var forms = Set<String>()
            var endUnit: String?
            var endFrom: CalendarDay?
            var day = month.firstDay
            while day <= month.lastDay && day <= horizon {
                var covering: EmploymentPeriod?
                for p in periods where p.covers(day) {
                    if covering == nil || p.from > covering!.from
                        || (population.contains(p.form) && !population.contains(covering!.form))
                    {
                        covering = p
                    }
                }
                if let c = covering {
                    employed += 1
                    forms.insert(c.form)
                    if population.contains(c.form) { counted += 1 }
                    if endFrom == nil || day >= endFrom! {
                        endUnit = c.unitId
                        endFrom = day
                    }
                }
                day = day.adding(days: 1)
            }
            guard !periods.isEmpty || out[month] != nil else { continue }
            var m = out[month] ?? InHouseMonth()
            m.employedDays = employed
            m.countedDays = counted
            m.forms = forms.sorted()
            m.endUnit = endUnit
            if let first, first > month.firstDay { m.beforeStart = true }
            if let last, last < month.lastDay { m.afterEnd = true }
            if first == nil { m.afterEnd = true }
            let today = Self.slice(days, month)
            for d in today { m.unitDays[d.homeUnitId, default: .zero] += Fixed4(d.weight) }
            let asOf = Self.slice(asOfDays(input, month, cache: &cache), month)
            for t in 1..<8 {
                let source = t & Transform.asOf != 0 ? asOf : today
                m.alt[t] = Self.figures(
                    source, weekdays: t & Transform.weekdays != 0, halfFull: t & Transform.halfFull != 0)
            }
            if !m.hasRow { m.alt = [Figures](repeating: .zero, count: 8) }
            out[month] = m
        }
        return out
    }
}
