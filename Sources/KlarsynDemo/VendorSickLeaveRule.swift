/// The payroll vendor's own, undisclosed way of counting sick days per employee and month
/// (`pdc_sickleave_*`). It is deliberately different from the region's default definition, so that
/// reconciliation finds differences that can be put into categories. Kept in code and tests only:
/// users of the product must not see it.
///
/// Differences from the region default (definition version 1):
/// 1. population: every employment form counts, substitutes and hourly staff included;
/// 2. codes: `SYG` and `ARB_SKADE` (work injury) count, `BARN_SYG` does not;
/// 3. a `HALF` registration counts as a whole day;
/// 4. only Monday–Friday dates are counted (working days, not calendar days);
/// 5. long-term by day position: from day 30 of a spell (calendar span, counted from the spell's first
///    date), not retroactively after 28 days;
/// 6. a fixed cut-off: the figure for a month is computed from the registrations (and retractions)
///    made by the last day of that month and never restated, so late registrations and later
///    retractions are missing;
/// 7. ids: the vendor drops leading zeros from ids below `E0100000` (e.g. `E0012345` → `E12345`);
/// 8. a leaver is still reported (with zeros) for the month after the last employed month.
struct VendorSickLeaveRule: Sendable {
    static let codes: Set<UInt8> = [AbsenceCode.syg, AbsenceCode.arbSkade]
    static let linkGapDays = 2
    static let longTermFromDay = 30
    /// Ids below this number lose their leading zeros at the vendor.
    static let strippedIdBelow = 100_000

    /// Writes the vendor's id for an employee.
    static func writeId(_ index: Int, into sink: inout ByteSink) {
        let n = Employee.number(for: index)
        sink.byte(69)
        if n < strippedIdBelow { sink.int(n) } else { sink.padded(n, 7) }
    }

    /// The vendor's short and long days (whole days) for one month of one employee.
    /// - Parameters: day arrays of the employee (absence kind, retraction day, registration day),
    ///   the first employed day `lo`, the month's first and last offset, weekday of offset 0 (0 = Monday).
    @inline(__always)
    static func figures(
        kind: UnsafeBufferPointer<UInt8>, reg: UnsafeBufferPointer<Int32>, retract: UnsafeBufferPointer<Int32>,
        lo: Int, first: Int, last: Int, weekdayOfZero: Int
    ) -> (short: Int, long: Int) {
        let cutoff = Int32(last)
        @inline(__always) func known(_ d: Int) -> Bool {
            let k = kind[d]
            guard k == AbsenceCode.syg || k == AbsenceCode.arbSkade else { return false }
            if reg[d] > cutoff { return false }
            let x = retract[d]
            return !(x >= 0 && x <= cutoff)
        }
        var short = 0
        var long = 0
        var spellStart = -1
        var lastKnown = Int.min / 2
        for d in first...last {
            guard known(d) else { continue }
            if d - lastKnown - 1 > linkGapDays || spellStart < 0 {
                // Find the true start of the spell, possibly in earlier months.
                spellStart = d
                var j = d - 1
                var gap = 0
                while j >= lo {
                    if known(j) {
                        spellStart = j
                        gap = 0
                    } else {
                        gap += 1
                        if gap > linkGapDays { break }
                    }
                    j -= 1
                }
            }
            lastKnown = d
            if (weekdayOfZero + d) % 7 >= 5 { continue }
            if d - spellStart + 1 >= longTermFromDay { long += 1 } else { short += 1 }
        }
        return (short, long)
    }
}
