public import KlarsynCore

/// One counted sick date as the engine decided it, without the explanation's words.
///
/// For tools that need the day-level result of a whole employee at once (reconciliation: a
/// working-day basis, half days as whole days, the home unit of each day) where calling
/// ``SickLeaveEngine/explain(_:month:lateAfterDays:)`` per month would analyse the employee again
/// and again.
public struct CountedSickDay: Sendable, Equatable {
    /// The sick date.
    public var date: CalendarDay
    /// Its weight: `min(1, Σ parts)` (a half day weighs `half_day_weight`).
    public var weight: Double
    /// Classified long-term under the definition's classification mode.
    public var isLongTerm: Bool
    /// 1-based spell number (as in `sick_spell.spell_no`).
    public var spellNo: Int
    /// The home unit of the employment period that counts the date.
    public var homeUnitId: String
}

extension SickLeaveEngine {
    /// Computes the employee's rows and lists every counted sick date, from one analysis.
    ///
    /// The days add up to the month rows: per month, the weights of the short (long) days are
    /// `short_days` (`long_days`).
    public func computeWithDays(_ employee: EmployeeInput) -> (result: EmployeeSickLeaveResult, days: [CountedSickDay])
    {
        let a = analyse(employee)
        var days: [CountedSickDay] = []
        days.reserveCapacity(a.dates.count)
        for k in a.dates.indices {
            let period = a.pieces[a.datePiece[k]].period
            days.append(
                CountedSickDay(
                    date: CalendarDay(dayNumber: a.dates[k]), weight: a.weights[k], isLongTerm: a.dateLong[k],
                    spellNo: a.dateSpell[k] + 1, homeUnitId: employee.employments[period].unitId))
        }
        return (a.result, days)
    }
}
