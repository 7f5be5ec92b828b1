import KlarsynCore

/// Indexes of the per-employee delivery files in a block's sinks.
struct BucketLayout: Sendable {
    let months: Int
    let weeks: Int
    func payroll(_ m: Int) -> Int { m }
    func sickLeave(_ m: Int) -> Int { months + m }
    func shifts(_ k: Int) -> Int { 2 * months + k }
    func absences(_ k: Int) -> Int { 2 * months + weeks + k }
    var count: Int { 2 * months + 2 * weeks }
}

/// What one block of employees produced: bytes per delivery file, and sums the unit-level sources need.
struct BlockOutput: Sendable {
    var sinks: [ByteSink]
    /// Own-sickness (`SYG`) days per unit and month, by home unit.
    var unitMonthSick: [Int32]
    /// Employed days per unit and month, by home unit.
    var unitMonthStaff: [Int32]
}

/// Parameters of the absence and shift model (documented in docs/synthetic-region.md).
enum Model {
    /// Own-sickness spells per person-year at frailty 1, before weekday and season factors.
    static let sickSpellsPerYear = 3.3
    static let childSickSpellsPerYear = 0.9
    static let injurySpellsPerYear = 0.06
    /// Relative start rates Monday…Sunday.
    static let weekdayFactor = [1.75, 1.05, 0.95, 0.9, 0.85, 0.7, 0.8]
    /// Relative start rates January…December.
    static let monthFactor = [1.35, 1.35, 1.15, 0.95, 0.9, 0.75, 0.65, 0.7, 0.95, 1.05, 1.15, 1.3]
    static let retractionShare = 0.012
    static let holidayRetractionShare = 0.02
    static let overtimeShare = 0.07
    static let borrowedShare = 0.04
    static let cancelledShare = 0.01
    static let plannedFirstShare = 0.05
    static let changedShare = 0.03
    static let correctionShare = 0.01
}

/// Generates, for a range of employees, their absences, shifts, payroll and the vendor's sick-leave
/// figures, appended to the sinks of the delivery files they belong to.
struct TimelineGenerator {
    let seed: UInt64
    let org: Organisation
    let workforce: Workforce
    let calendar: SimCalendar
    let layout: BucketLayout
    let weekdayOfZero: Int
    /// Sickness start factor per day offset (weekday × season).
    let dayFactor: [Double]
    let unitIds: [[UInt8]]

    init(seed: UInt64, org: Organisation, workforce: Workforce, calendar: SimCalendar) {
        self.seed = seed
        self.org = org
        self.workforce = workforce
        self.calendar = calendar
        layout = BucketLayout(months: calendar.months.count, weeks: calendar.weeks)
        weekdayOfZero = calendar.start.weekday.rawValue - 1
        var f = [Double](repeating: 0, count: calendar.days)
        for d in 0..<calendar.days {
            let month = calendar.months[calendar.monthIndex(d)].month
            f[d] = Model.weekdayFactor[(weekdayOfZero + d) % 7] * Model.monthFactor[month - 1]
        }
        dayFactor = f
        unitIds = org.units.map { Array($0.id.utf8) }
    }

    func run(_ range: Range<Int>) -> BlockOutput {
        let units = org.units.count
        let months = calendar.months.count
        var out = BlockOutput(
            sinks: [ByteSink](repeating: ByteSink(), count: layout.count),
            unitMonthSick: [Int32](repeating: 0, count: units * months),
            unitMonthStaff: [Int32](repeating: 0, count: units * months))
        let days = calendar.days
        var kind = [UInt8](repeating: 0, count: days)
        var part = [UInt8](repeating: 0, count: days)
        var reg = [Int32](repeating: 0, count: days)
        var regSec = [Int32](repeating: 0, count: days)
        var retract = [Int32](repeating: -1, count: days)
        var period = [Int16](repeating: -1, count: days)
        var overtime = [Int](repeating: 0, count: months)
        var evenings = [Int](repeating: 0, count: months)
        var nights = [Int](repeating: 0, count: months)
        for index in range {
            let e = workforce.employees[index]
            let lo = max(0, e.hireDay)
            let hi = min(days - 1, e.lastDay)
            if lo > hi { continue }
            for d in lo...hi {
                kind[d] = 0
                part[d] = 0
                retract[d] = -1
                period[d] = -1
            }
            for (pi, p) in e.periods.enumerated() where p.to >= 0 && p.from < days {
                for d in max(0, p.from)...min(days - 1, p.to) { period[d] = Int16(pi) }
            }
            var r = SeededRandom(seed: seed, stream: UInt64(index), salt: 10)
            planAbsences(
                e, lo: lo, hi: hi, r: &r, kind: &kind, part: &part, reg: &reg, regSec: &regSec, retract: &retract)
            writeAbsences(
                e, lo: lo, hi: hi, r: &r, kind: kind, part: part, reg: reg, regSec: regSec, retract: retract, out: &out)
            for m in 0..<months {
                overtime[m] = 0
                evenings[m] = 0
                nights[m] = 0
            }
            if Catalogue.occupations[e.occupation].shiftWorker {
                writeShifts(
                    e, lo: lo, hi: hi, r: &r, kind: kind, period: period, out: &out,
                    overtime: &overtime, evenings: &evenings, nights: &nights)
            }
            writePayroll(e, lo: lo, hi: hi, r: &r, overtime: overtime, evenings: evenings, nights: nights, out: &out)
            writeVendorFigures(e, lo: lo, hi: hi, kind: kind, reg: reg, retract: retract, out: &out)
            for d in lo...hi {
                let p = period[d]
                if p < 0 { continue }
                let slot = e.periods[Int(p)].unit * months + calendar.monthIndex(d)
                out.unitMonthStaff[slot] += 1
                if kind[d] == AbsenceCode.syg { out.unitMonthSick[slot] += 1 }
            }
        }
        return out
    }

    // MARK: Absences

    private func planAbsences(
        _ e: Employee, lo: Int, hi: Int, r: inout SeededRandom, kind: inout [UInt8], part: inout [UInt8],
        reg: inout [Int32], regSec: inout [Int32], retract: inout [Int32]
    ) {
        let startYear = calendar.start.year
        func weekday(_ d: Int) -> Int { (weekdayOfZero + d) % 7 }
        func mark(_ d: Int, _ code: UInt8, registered: Int, second: Int) {
            kind[d] = code
            part[d] = 0
            reg[d] = Int32(max(registered, e.hireDay))  // nothing is planned before the person is hired
            regSec[d] = Int32(second)
        }
        func second() -> Int { 25_200 + r.below(39_600) }
        // Leave (ORLOV): parental leave for some women of 25–40, shorter leave for others.
        var y = lo
        while y <= hi {
            let age = startYear + y / 365 - e.birthYear
            let parental = e.female && age >= 25 && age <= 40
            if r.chance(parental ? 0.05 : 0.008) {
                let length = parental ? r.range(120, 300) : r.range(20, 120)
                let s = y + r.below(365)
                let registered = s - r.range(10, 60)
                let sec = second()
                if s <= hi {
                    for d in s...min(hi, s + length - 1) {
                        mark(d, AbsenceCode.orlov, registered: registered, second: sec)
                    }
                }
            }
            y += 365
        }
        // Holidays (FERIE) on working days: three summer weeks, often an autumn and a winter week, a few single days.
        for year in startYear...(startYear + hi / 365 + 1) {
            var blocks: [(Int, Int)] = []
            let june15 = calendar.start.days(to: CalendarDay(year: year, month: 6, day: 15))
            blocks.append((june15 + r.below(50), 21))
            if r.chance(0.5) {
                blocks.append((calendar.start.days(to: CalendarDay(year: year, month: 10, day: 10)) + r.below(14), 7))
            }
            if r.chance(0.5) {
                blocks.append((calendar.start.days(to: CalendarDay(year: year, month: 2, day: 5)) + r.below(21), 7))
            }
            for _ in 0..<5 {
                blocks.append((calendar.start.days(to: CalendarDay(year: year, month: 1, day: 2)) + r.below(360), 1))
            }
            for (first, length) in blocks {
                var s = first
                if length > 1 { while weekday(s) != 0 { s -= 1 } }
                let registered = s - r.range(14, 120)
                let sec = second()
                for d in s..<(s + length) where d >= lo && d <= hi && weekday(d) < 5 && kind[d] == 0 {
                    mark(d, AbsenceCode.ferie, registered: registered, second: sec)
                }
            }
            // Courses (KURSUS): two to four single working days.
            for _ in 0..<r.range(2, 4) {
                let d = calendar.start.days(to: CalendarDay(year: year, month: 1, day: 2)) + r.below(360)
                if d >= lo && d <= hi && weekday(d) < 5 && kind[d] == 0 {
                    mark(d, AbsenceCode.kursus, registered: d - r.range(7, 60), second: second())
                }
            }
        }
        // Sickness: own (SYG), child's (BARN_SYG) and work injury (ARB_SKADE).
        let age = startYear + (lo + hi) / 730 - e.birthYear
        let childRate = age >= 24 && age <= 52 ? Model.childSickSpellsPerYear / 365 : 0
        let sickRate = Model.sickSpellsPerYear / 365 * e.frailty
        let injuryRate = Model.injurySpellsPerYear / 365
        var d = lo
        while d <= hi {
            if kind[d] == AbsenceCode.orlov {
                d += 1
                continue
            }
            let f = dayFactor[d]
            let u = r.unit()
            let code: UInt8
            if u < sickRate * f {
                code = AbsenceCode.syg
            } else if u < (sickRate + childRate) * f {
                code = AbsenceCode.barnSyg
            } else if u < (sickRate + childRate) * f + injuryRate {
                code = AbsenceCode.arbSkade
            } else {
                d += 1
                continue
            }
            var length: Int
            switch code {
            case AbsenceCode.syg:
                let x = r.unit()
                length =
                    x < 0.60
                    ? 1
                    : x < 0.79
                        ? 2 : x < 0.88 ? 3 : x < 0.95 ? r.range(4, 14) : x < 0.975 ? r.range(15, 29) : r.range(30, 120)
            case AbsenceCode.barnSyg: length = r.chance(0.75) ? 1 : 2
            default: length = r.chance(0.6) ? r.range(1, 3) : r.range(4, 30)
            }
            let x = r.unit()
            let lag = x < 0.55 ? 0 : x < 0.80 ? r.range(1, 3) : x < 0.95 ? r.range(4, 14) : r.range(15, 45)
            var last = d
            let sec = second()
            for j in 0..<length {
                let dd = d + j
                if dd > hi || kind[dd] == AbsenceCode.orlov { break }
                mark(dd, code, registered: max(dd, d + lag), second: dd > d + lag ? second() : sec)
                last = dd
            }
            if code == AbsenceCode.syg && length <= 3 && r.chance(0.10) { part[d] = 1 }
            if code == AbsenceCode.barnSyg && r.chance(0.2) { part[d] = 1 }
            if length >= 15 && r.chance(0.35) {
                // Partial return to work: the last days are half days.
                let halfDays = r.range(1, 5)
                var dd = last
                while dd > d && dd > last - halfDays {
                    part[dd] = 1
                    dd -= 1
                }
            }
            d = last + 2
        }
        // Retractions: a later file withdraws the registration.
        for d in lo...hi where kind[d] != 0 {
            let share = kind[d] == AbsenceCode.ferie ? Model.holidayRetractionShare : Model.retractionShare
            if r.chance(share) {
                // Always in a later delivery than the registration itself.
                var x = Int(reg[d]) + r.range(2, 40)
                while let a = calendar.weekFile(x), a == calendar.weekFile(Int(reg[d])) { x += 7 }
                retract[d] = Int32(x)
            }
        }
    }

    private func writeAbsences(
        _ e: Employee, lo: Int, hi: Int, r: inout SeededRandom, kind: [UInt8], part: [UInt8], reg: [Int32],
        regSec: [Int32], retract: [Int32], out: inout BlockOutput
    ) {
        var seq = 0
        let base = e.index * 10_000
        for d in lo...hi where kind[d] != 0 {
            seq += 1
            guard let file = calendar.weekFile(Int(reg[d])) else { continue }
            let day = calendar.day(d)
            for version in 0..<2 {
                let f: Int
                let when: Int
                if version == 0 {
                    f = layout.absences(file)
                    when = Int(reg[d])
                } else {
                    guard retract[d] >= 0, let rf = calendar.weekFile(Int(retract[d])) else { break }
                    f = layout.absences(rf)
                    when = Int(retract[d])
                }
                out.sinks[f].byte(65)
                out.sinks[f].padded(base + seq, 10)
                out.sinks[f].byte(44)
                out.sinks[f].byte(69)
                out.sinks[f].padded(e.number, 7)
                out.sinks[f].byte(44)
                out.sinks[f].isoDay(day)
                out.sinks[f].byte(44)
                out.sinks[f].raw(TimelineGenerator.codeBytes[Int(kind[d])])
                out.sinks[f].byte(44)
                if part[d] == 1 { out.sinks[f].ascii("HALF,") } else { out.sinks[f].ascii("FULL,") }
                out.sinks[f].isoDateTime(calendar.day(when), Int(regSec[d]) + version * 1800)
                out.sinks[f].ascii(version == 0 ? ",0" : ",1")
                out.sinks[f].endRow(false)
            }
        }
    }

    static let codeBytes: [[UInt8]] = Catalogue.absenceCodes.map { Array($0.utf8) }

    // MARK: Shifts

    private func writeShifts(
        _ e: Employee, lo: Int, hi: Int, r: inout SeededRandom, kind: [UInt8], period: [Int16], out: inout BlockOutput,
        overtime: inout [Int], evenings: inout [Int], nights: inout [Int]
    ) {
        let pattern = r.weighted([0.6, 0.25, 0.15])  // rotating, days only, fixed nights
        var seq = 0
        let base = e.index * 10_000
        var previousNight = false
        for d in lo...hi {
            let k = kind[d]
            let p = period[d]
            if p < 0 || k >= AbsenceCode.ferie {
                previousNight = false
                continue
            }
            let per = e.periods[Int(p)]
            let workProbability = Double(per.hours) / 37 * 0.64
            if !r.chance(workProbability) {
                previousNight = false
                continue
            }
            var type: Int  // 0 day, 1 evening, 2 night
            switch pattern {
            case 1: type = 0
            case 2: type = 2
            default:
                if previousNight {
                    if r.chance(0.5) {
                        previousNight = false
                        continue
                    }
                    type = 2
                } else {
                    type = r.weighted([0.55, 0.3, 0.15])
                }
            }
            previousNight = type == 2
            var unit = per.unit
            if org.units[unit].role == .ward && r.chance(Model.borrowedShare) {
                let pool = org.clinicalWards[org.units[unit].hospital]
                let other = pool[r.below(pool.count)]
                if org.units[other].isValid(on: d) { unit = other }
            }
            let startMinute: Int
            var endMinute: Int
            switch type {
            case 0:
                startMinute = 420
                endMinute = 900
            case 1:
                startMinute = 900
                endMinute = 1380
            default:
                startMinute = unit % 3 == 0 ? 1320 : 1380
                endMinute = 1860
            }
            var status = 2  // worked
            if k != 0 || r.chance(Model.cancelledShare) { status = 1 }
            var minutes = 0
            if status == 2 && r.chance(Model.overtimeShare) {
                minutes = 15 * (r.chance(0.7) ? r.range(1, 3) : r.range(4, 12))
            }
            seq += 1
            let id = base + seq
            // Optional early delivery as planned.
            if r.chance(Model.plannedFirstShare) {
                let changed = max(e.hireDay, d - r.range(14, 28))
                if let f = calendar.weekFile(changed) {
                    writeShift(
                        id: id, e: e, unit: unit, day: d, start: startMinute, end: endMinute, type: type, status: 0,
                        overtime: 0,
                        changedDay: changed, changedSecond: 36_000 + r.below(18_000), into: &out.sinks[layout.shifts(f)]
                    )
                }
            }
            var changedDay: Int
            var changedSecond: Int
            if status == 2 {
                changedDay = d + (type == 2 ? 1 : 0) + r.range(0, 3)
                changedSecond = 28_800 + r.below(28_800)
            } else if k != 0 {
                changedDay = d
                changedSecond = 21_600 + r.below(3_600)
            } else {
                changedDay = max(e.hireDay, d - r.range(1, 10))
                changedSecond = 28_800 + r.below(28_800)
            }
            if let f = calendar.weekFile(changedDay) {
                writeShift(
                    id: id, e: e, unit: unit, day: d, start: startMinute, end: endMinute + minutes, type: type,
                    status: status,
                    overtime: minutes, changedDay: changedDay, changedSecond: changedSecond,
                    into: &out.sinks[layout.shifts(f)])
            }
            if status == 2 && r.chance(Model.changedShare) {
                // A correction: more overtime approved later, same shift_id, newer last_changed.
                minutes += 15 * r.range(1, 4)
                changedDay += r.range(7, 30)
                if let f = calendar.weekFile(changedDay) {
                    writeShift(
                        id: id, e: e, unit: unit, day: d, start: startMinute, end: endMinute + minutes, type: type,
                        status: status,
                        overtime: minutes, changedDay: changedDay, changedSecond: 28_800 + r.below(28_800),
                        into: &out.sinks[layout.shifts(f)])
                }
            }
            if status == 2 {
                let m = calendar.monthIndex(d)
                overtime[m] += minutes
                if type == 1 { evenings[m] += 1 }
                if type == 2 { nights[m] += 1 }
            }
        }
    }

    static let shiftTypeBytes: [[UInt8]] = ["day", "evening", "night"].map { Array($0.utf8) }
    static let statusBytes: [[UInt8]] = ["planned", "cancelled", "worked"].map { Array($0.utf8) }

    @inline(__always)
    private func writeShift(
        id: Int, e: Employee, unit: Int, day: Int, start: Int, end: Int, type: Int, status: Int, overtime: Int,
        changedDay: Int, changedSecond: Int, into s: inout ByteSink
    ) {
        s.byte(83)
        s.padded(id, 10)
        s.byte(44)
        s.byte(69)
        s.padded(e.number, 7)
        s.byte(44)
        s.raw(unitIds[unit])
        s.byte(44)
        let date = calendar.day(day)
        s.isoDateTime(date, start * 60)
        s.byte(44)
        s.isoDateTime(date, end * 60)
        s.byte(44)
        s.raw(TimelineGenerator.shiftTypeBytes[type])
        s.byte(44)
        s.raw(TimelineGenerator.statusBytes[status])
        s.byte(44)
        s.int(overtime)
        s.byte(44)
        s.isoDateTime(calendar.day(changedDay), changedSecond)
        s.endRow(false)
    }

    // MARK: Payroll and vendor figures

    static let grundloen = Encoded.cp1252("Grundløn")
    static let overarbejde = Encoded.cp1252("Overarbejde")
    static let tillaeg = Encoded.cp1252("Tillæg")
    static let vikarloen = Encoded.cp1252("Vikarløn")

    private func writePayroll(
        _ e: Employee, lo: Int, hi: Int, r: inout SeededRandom, overtime: [Int], evenings: [Int], nights: [Int],
        out: inout BlockOutput
    ) {
        let occupation = Catalogue.occupations[e.occupation]
        let personal = 1 + 0.08 * (r.unit() * 2 - 1)
        let monthly = Double(occupation.monthlyPay) * personal
        let hourlyHundredths = monthly / 160.33 * 100
        for m in calendar.monthIndex(lo)...calendar.monthIndex(hi) {
            let first = calendar.monthStart[m]
            let last = calendar.monthStart[m + 1] - 1
            let monthDays = Double(last - first + 1)
            var base = 0.0
            var substitute = 0.0
            for p in e.periods {
                let a = max(first, p.from)
                let b = min(last, p.to)
                if a > b { continue }
                let amount = monthly * 100 * Double(p.hours) / 37 * Double(b - a + 1) / monthDays
                if p.form == EmploymentForm.vikar { substitute += amount } else { base += amount }
            }
            let f = layout.payroll(m)
            let month = calendar.months[m]
            func row(_ type: [UInt8], _ hundredths: Int) {
                out.sinks[f].byte(69)
                out.sinks[f].padded(e.number, 7)
                out.sinks[f].byte(59)
                out.sinks[f].month(month)
                out.sinks[f].byte(59)
                out.sinks[f].raw(type)
                out.sinks[f].byte(59)
                out.sinks[f].decimal(hundredths: hundredths)
                out.sinks[f].endRow(true)
            }
            if base > 0 { row(TimelineGenerator.grundloen, Int(base.rounded())) }
            if substitute > 0 { row(TimelineGenerator.vikarloen, Int(substitute.rounded())) }
            if overtime[m] > 0 {
                row(TimelineGenerator.overarbejde, Int((Double(overtime[m]) / 60 * hourlyHundredths * 1.5).rounded()))
            }
            let allowance: Int
            if occupation.shiftWorker {
                allowance = evenings[m] * 8 * 2_850 + nights[m] * 8 * 5_240
            } else {
                allowance = Int(((base + substitute) * (occupation.monthlyPay >= 45_000 ? 0.06 : 0.035)).rounded())
            }
            if allowance > 0 { row(TimelineGenerator.tillaeg, allowance) }
            if r.chance(Model.correctionShare) {
                row(r.chance(0.5) ? TimelineGenerator.grundloen : TimelineGenerator.tillaeg, -100 * r.range(150, 4_000))
            }
        }
    }

    private func writeVendorFigures(
        _ e: Employee, lo: Int, hi: Int, kind: [UInt8], reg: [Int32], retract: [Int32], out: inout BlockOutput
    ) {
        let firstMonth = calendar.monthIndex(lo)
        let lastMonth = calendar.monthIndex(hi)
        let months = calendar.months.count
        // Oddity: a leaver is still reported, with zeros, for the month after.
        let reportedLast = e.lastDay < calendar.days - 1 ? min(months - 1, lastMonth + 1) : lastMonth
        kind.withUnsafeBufferPointer { kind in
            reg.withUnsafeBufferPointer { reg in
                retract.withUnsafeBufferPointer { retract in
                    for m in firstMonth...reportedLast {
                        let first = max(lo, calendar.monthStart[m])
                        let last = min(hi, calendar.monthStart[m + 1] - 1)
                        var figures = (short: 0, long: 0)
                        if first <= last {
                            figures = VendorSickLeaveRule.figures(
                                kind: kind, reg: reg, retract: retract, lo: lo, first: first, last: last,
                                weekdayOfZero: weekdayOfZero)
                        }
                        let f = layout.sickLeave(m)
                        VendorSickLeaveRule.writeId(e.index, into: &out.sinks[f])
                        out.sinks[f].byte(59)
                        out.sinks[f].month(calendar.months[m])
                        out.sinks[f].byte(59)
                        out.sinks[f].decimal(hundredths: figures.short * 100)
                        out.sinks[f].byte(59)
                        out.sinks[f].decimal(hundredths: figures.long * 100)
                        out.sinks[f].endRow(true)
                    }
                }
            }
        }
    }
}
