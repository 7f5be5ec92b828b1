public import KlarsynCore

/// The sums behind one `sick_leave_unit_month` row, in fixed point: 10⁻⁹ day, and for the FTE
/// sums 10⁻⁹ *hour*-day (FTE × the definition's `full_time_hours`, the `scale`).
///
/// Integer sums do not depend on the order in which contributions are added, and a
/// contribution can be subtracted exactly: an incremental build takes an employee's old
/// contributions out and adds the new ones, and gets the same row as a full build (ADR 0075).
/// Hour-days are exact for hours with up to two decimals, so `rate_pct` is the exact ratio of
/// the sums, rounded half away from zero: a rate of exactly 2.625 % is 2.63 %.
public struct UnitMonthSums: Sendable, Equatable {
    /// Number of contributions summed (the row exists while this is above zero).
    public var contributions: Int = 0
    /// Σ spells started.
    public var spellsStarted: Int = 0
    /// Σ FTE days lost × 10⁹.
    public var lost: Int64 = 0
    /// Σ FTE days available × 10⁹.
    public var available: Int64 = 0
    /// Σ short-term days × 10⁹.
    public var short: Int64 = 0
    /// Σ long-term days × 10⁹.
    public var long: Int64 = 0

    /// Creates sums (zero by default, or as stored).
    public init(
        contributions: Int = 0, spellsStarted: Int = 0, lost: Int64 = 0, available: Int64 = 0, short: Int64 = 0,
        long: Int64 = 0
    ) {
        self.contributions = contributions
        self.spellsStarted = spellsStarted
        self.lost = lost
        self.available = available
        self.short = short
        self.long = long
    }

    /// A day count (times `scale`) in fixed point.
    @inline(__always) public static func fixed(_ x: Double, scale: Double = 1) -> Int64 {
        Int64((x * scale * 1e9).rounded())
    }

    /// Adds (`sign` = 1) or subtracts (`sign` = −1) one contribution; `scale` is the
    /// definition's `full_time_hours`.
    @inline(__always) public mutating func add(_ c: UnitMonthContribution, sign: Int = 1, scale: Double) {
        contributions += sign
        spellsStarted += sign * Int(c.spellsStarted)
        let s = Int64(sign)
        lost += s * Self.fixed(c.fteDaysLost, scale: scale)
        available += s * Self.fixed(c.fteDaysAvailable, scale: scale)
        short += s * Self.fixed(c.shortDays)
        long += s * Self.fixed(c.longDays)
    }

    /// The table row: FTE sums rounded to 4 decimals, `rate_pct` = 100 × Σ lost / Σ available
    /// (a ratio of sums, computed exactly) rounded half away from zero to 2, `NULL` when nothing
    /// is available.
    public func row(unitId: String, month: YearMonth, definitionVersion: Int, scale: Double) -> UnitMonthRow {
        var rate: Double?
        if available > 0, lost >= 0, lost <= available {
            // 10 000 × lost / available in 128 bits, then half away from zero.
            let product = UInt64(lost).multipliedFullWidth(by: 10_000)
            let (quotient, remainder) = UInt64(available).dividingFullWidth(product)
            rate = Double(quotient + (remainder >= UInt64(available) - remainder ? 1 : 0)) / 100
        } else if available > 0 {
            rate = round2(100 * Double(lost) / Double(available))
        }
        return UnitMonthRow(
            unitId: unitId, month: month, fteDaysLost: round4(Double(lost) / 1e9 / scale),
            fteDaysAvailable: round4(Double(available) / 1e9 / scale), ratePct: rate, shortDays: Double(short) / 1e9,
            longDays: Double(long) / 1e9, spellsStarted: spellsStarted, definitionVersion: definitionVersion)
    }
}

/// Sums employees' ``UnitMonthContribution``s into `sick_leave_unit_month` rows.
///
/// Memory is one cell per unit and month in the range seen (a flat array); adding is array
/// indexing, no hashing (except for home units the tree does not know). Sums are fixed point
/// (``UnitMonthSums``), so the result does not depend on the order employees are added in.
public struct SickLeaveUnitAggregator: Sendable {
    /// The unit tree the contributions refer to.
    public let units: UnitTree
    /// Definition version stamped on every row.
    public let definitionVersion: Int
    /// The definition's `full_time_hours`: FTE sums are kept in hour-days (``UnitMonthSums``).
    public let scale: Double
    var extraIndex: [String: Int] = [:]
    var extraIds: [String] = []
    /// `cells[u * span + (month − base)]`.
    var cells: [UnitMonthSums] = []
    var base = 0
    var span = 0
    var unitSlots = 0

    /// Creates an empty aggregator; `fullTimeHours` is the definition's `full_time_hours`.
    public init(units: UnitTree, definitionVersion: Int, fullTimeHours: Double = 37) {
        self.units = units
        self.definitionVersion = definitionVersion
        self.scale = fullTimeHours
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
        var fresh = [UnitMonthSums](repeating: UnitMonthSums(), count: newUnits * newSpan)
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
                cells[u * span + Int(c.monthOrdinal) - base].add(c, scale: scale)
            }
        }
    }

    /// Every unit-month with at least one contribution, sorted by unit id then month.
    public func sums() -> [(unitId: String, month: YearMonth, sums: UnitMonthSums)] {
        var out: [(unitId: String, month: YearMonth, sums: UnitMonthSums)] = []
        let ids = units.unitIds + extraIds
        for u in ids.indices.sorted(by: { ids[$0] < ids[$1] }) where u < unitSlots {
            for m in 0..<span {
                let cell = cells[u * span + m]
                guard cell.contributions > 0 else { continue }
                out.append((ids[u], YearMonth(ordinal: base + m), cell))
            }
        }
        return out
    }

    /// The rows, sorted by unit id then month. `rate_pct` = 100 × Σ lost / Σ available (a ratio of sums).
    public func rows() -> [UnitMonthRow] {
        sums().map {
            $0.sums.row(unitId: $0.unitId, month: $0.month, definitionVersion: definitionVersion, scale: scale)
        }
    }
}
