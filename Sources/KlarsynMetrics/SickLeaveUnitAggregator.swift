import KlarsynCore

/// Sums employees' ``UnitMonthContribution``s into `sick_leave_unit_month` rows.
///
/// Memory is one cell per unit and month in the range seen (a flat array); adding is array
/// indexing, no hashing (except for home units the tree does not know).
public struct SickLeaveUnitAggregator: Sendable {
    struct Cell {
        var lost = 0.0
        var available = 0.0
        var short = 0.0
        var long = 0.0
        var spells = 0
        var touched = false
    }

    /// The unit tree the contributions refer to.
    public let units: UnitTree
    /// Definition version stamped on every row.
    public let definitionVersion: Int
    var extraIndex: [String: Int] = [:]
    var extraIds: [String] = []
    /// `cells[u * span + (month − base)]`.
    var cells: [Cell] = []
    var base = 0
    var span = 0
    var unitSlots = 0

    /// Creates an empty aggregator.
    public init(units: UnitTree, definitionVersion: Int) {
        self.units = units
        self.definitionVersion = definitionVersion
        self.unitSlots = units.count
    }

    /// Re-lays the flat storage so that `months` and `unitCount` units fit (rare: only when the
    /// range grows).
    mutating func ensure(months: ClosedRange<Int>, unitCount: Int) {
        let newBase = span == 0 ? months.lowerBound : min(base, months.lowerBound)
        let newEnd = span == 0 ? months.upperBound : max(base + span - 1, months.upperBound)
        let newSpan = newEnd - newBase + 1
        let newUnits = max(unitSlots, unitCount)
        if newBase == base, newSpan == span, newUnits == unitSlots, !cells.isEmpty { return }
        var fresh = [Cell](repeating: Cell(), count: newUnits * newSpan)
        if span > 0 {
            for u in 0..<unitSlots {
                for m in 0..<span { fresh[u * newSpan + (base + m - newBase)] = cells[u * span + m] }
            }
        }
        cells = fresh
        base = newBase
        span = newSpan
        unitSlots = newUnits
    }

    /// Adds one employee's contributions.
    public mutating func add(_ result: EmployeeSickLeaveResult) {
        guard !result.unitContributions.isEmpty else { return }
        let n = units.count
        var localExtra: [Int] = []
        for id in result.extraUnitIds {
            if let i = extraIndex[id] {
                localExtra.append(i)
            } else {
                extraIndex[id] = n + extraIds.count
                localExtra.append(n + extraIds.count)
                extraIds.append(id)
            }
        }
        var lo = Int.max
        var hi = Int.min
        for c in result.unitContributions {
            lo = min(lo, Int(c.monthOrdinal))
            hi = max(hi, Int(c.monthOrdinal))
        }
        ensure(months: lo...hi, unitCount: n + extraIds.count)
        let base = self.base
        let span = self.span
        cells.withUnsafeMutableBufferPointer { cells in
            for c in result.unitContributions {
                let u = Int(c.unit) < n ? Int(c.unit) : localExtra[Int(c.unit) - n]
                let i = u * span + Int(c.monthOrdinal) - base
                cells[i].lost += c.fteDaysLost
                cells[i].available += c.fteDaysAvailable
                cells[i].short += c.shortDays
                cells[i].long += c.longDays
                cells[i].spells += Int(c.spellsStarted)
                cells[i].touched = true
            }
        }
    }

    /// The rows, sorted by unit id then month. `rate_pct` = 100 × Σ lost / Σ available (a ratio of sums).
    public func rows() -> [UnitMonthRow] {
        var out: [UnitMonthRow] = []
        let ids = units.unitIds + extraIds
        for u in ids.indices.sorted(by: { ids[$0] < ids[$1] }) where u < unitSlots {
            for m in 0..<span {
                let cell = cells[u * span + m]
                guard cell.touched else { continue }
                out.append(
                    UnitMonthRow(
                        unitId: ids[u], month: YearMonth(ordinal: base + m), fteDaysLost: round4(cell.lost),
                        fteDaysAvailable: round4(cell.available),
                        ratePct: cell.available > 0 ? round2(100 * cell.lost / cell.available) : nil,
                        shortDays: cell.short,
                        longDays: cell.long, spellsStarted: cell.spells, definitionVersion: definitionVersion))
            }
        }
        return out
    }
}
