import KlarsynCore
import Testing

@testable import KlarsynDemo

@Suite struct VendorRuleTests {
    /// Sixty days from a Monday: short spells, a child's sick day, a work injury, a late registration,
    /// retractions before and after the cut-off, and a 40-day spell from day 20.
    func scenario() -> (kind: [UInt8], reg: [Int32], retract: [Int32]) {
        var kind = [UInt8](repeating: 0, count: 60)
        var reg = (0..<60).map { Int32($0) }
        var retract = [Int32](repeating: -1, count: 60)
        for d in [0, 1, 2, 3, 5, 6] { kind[d] = AbsenceCode.syg }
        retract[1] = 35  // retracted after the cut-off of the first month
        retract[2] = 10  // retracted before it
        reg[3] = 40  // registered late
        kind[7] = AbsenceCode.barnSyg
        kind[14] = AbsenceCode.arbSkade
        for d in 20..<60 { kind[d] = AbsenceCode.syg }
        return (kind, reg, retract)
    }

    func figures(_ first: Int, _ last: Int) -> (short: Int, long: Int) {
        let s = scenario()
        return s.kind.withUnsafeBufferPointer { k in
            s.reg.withUnsafeBufferPointer { r in
                s.retract.withUnsafeBufferPointer { x in
                    VendorSickLeaveRule.figures(
                        kind: k, reg: r, retract: x, lo: 0, first: first, last: last, weekdayOfZero: 0)
                }
            }
        }
    }

    @Test func firstMonthCountsWorkingDaysKnownAtTheCutOff() {
        // Days 0 and 1 (1 retracted too late), 14 (work injury), working days 21–25 and 28–29 of the long spell.
        // Not counted: 2 (retracted in time), 3 (registered late), 5–6 (weekend), 7 (child's sickness).
        let f = figures(0, 29)
        #expect(f.short == 10)
        #expect(f.long == 0)
    }

    @Test func longTermStartsAtDayThirtyOfTheSpell() {
        // Spell from day 20: day 49 is its 30th day. Working days 30–48: 13 short; 49–59: 9 long.
        let f = figures(30, 59)
        #expect(f.short == 13)
        #expect(f.long == 9)
    }

    @Test func vendorDropsLeadingZerosFromSmallIds() {
        var stripped = 0
        for index in 0..<5_000 {
            var sink = ByteSink()
            VendorSickLeaveRule.writeId(index, into: &sink)
            let id = String(decoding: sink.bytes, as: UTF8.self)
            if Employee.number(for: index) < VendorSickLeaveRule.strippedIdBelow {
                #expect(id.count < 8 && id == "E" + String(Employee.number(for: index)))
                stripped += 1
            } else {
                #expect(id == Employee.idString(index))
            }
        }
        #expect(stripped > 10)
    }

    @Test func vendorFiguresDifferFromCountingRegisteredSickDays() {
        // In a generated region the vendor's totals are not the plain count of sick dates.
        let g = Generated.clean
        var vendor = 0.0
        for row in g.rows("pdc_sickleave") {
            vendor += Parse.commaDecimal(row.fields[2])! + Parse.commaDecimal(row.fields[3])!
        }
        let sickDates = currentAbsences(g).filter {
            $0.code == "SYG" && $0.date < CalendarDay(year: 2024, month: 12, day: 1)
        }.count
        #expect(vendor > 0)
        #expect(abs(vendor - Double(sickDates)) / Double(sickDates) > 0.1, "vendor \(vendor) vs dates \(sickDates)")
        // Leavers are reported for a month after they left.
        let ids = Set(g.rows("pdc_sickleave").map { $0.fields[0] })
        #expect(ids.contains { $0.count < 8 } || g.rows("pdc_sickleave").count > 0)
    }
}
