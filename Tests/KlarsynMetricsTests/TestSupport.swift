import Foundation
import KlarsynCore
import KlarsynMetrics

/// `yyyy-mm-dd` → day (test input is always valid).
func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

/// `yyyy-mm` → month.
func month(_ text: String) -> YearMonth { YearMonth(text: text)! }

/// Builds registrations for a date or `a..b` range, one absence id per date.
func sick(
    _ range: String, code: String = "SYG", part: AbsencePart = .full, order: Int = 0, prefix: String = "A",
    file: String = "psc_absences_20240601.csv",
    line: Int = 2, registeredDaysAfter: Int = 1
) -> [AbsenceRegistration] {
    let parts = range.components(separatedBy: "..")
    let first = day(parts[0])
    let last = parts.count > 1 ? day(parts[1]) : first
    var out: [AbsenceRegistration] = []
    var d = first
    var n = line
    while d <= last {
        out.append(
            AbsenceRegistration(
                absenceId: "\(prefix)-\(d.iso)-\(code)-\(part.rawValue)", date: d, code: code, part: part,
                registeredAt: CopenhagenTime.instant(
                    localDay: d.adding(days: registeredDaysAfter), hour: 9, minute: 0, second: 0),
                deleted: false, deliveryOrder: order, source: SourceRef(file: file, line: n)))
        d = d.adding(days: 1)
        n += 1
    }
    return out
}

/// A definition with region-default parameters changed by `change`.
func definition(version: Int = 1, _ change: (inout SickLeaveParameters) -> Void = { _ in }) -> SickLeaveDefinition {
    var p = SickLeaveParameters.regionDefault
    change(&p)
    return SickLeaveDefinition(version: version, effectiveFrom: day("2024-01-01"), parameters: p)
}

/// One full-time permanent employment from 2023-01-01.
func fullTime(
    unit: String = "W1", hours: Double = 37, from: String = "2023-01-01", to: String? = nil, form: String = "Fastansat"
) -> EmploymentPeriod {
    EmploymentPeriod(from: day(from), to: to.map(day), form: form, weeklyHours: hours, unitId: unit)
}

