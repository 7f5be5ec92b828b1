import Foundation
import KlarsynCore

/// One employment period; days are offsets from the start of the generated period, `to == Int.max` is open.
struct Period: Sendable, Equatable {
    var unit: Int
    var form: UInt8
    var hours: Int
    var reason: UInt8
    var from: Int
    var to: Int
}

struct Employee: Sendable {
    let index: Int
    let occupation: Int
    let birthYear: Int
    let female: Bool
    /// Personal sickness propensity (mean about 1).
    let frailty: Double
    /// True for the people in post on the first day; false for later hires.
    let initial: Bool
    var periods: [Period] = []

    /// The 7-digit number behind `E0012345`: a bijection of the index, so ids look random but never collide.
    static func number(for index: Int) -> Int { (index &* 7919 &+ 4711) % 10_000_000 }

    var number: Int { Employee.number(for: index) }

    var idString: String { Employee.idString(index) }

    static func idString(_ index: Int) -> String {
        var b = ByteSink()
        b.ascii("E")
        b.padded(number(for: index), 7)
        return String(decoding: b.bytes, as: UTF8.self)
    }

    var hireDay: Int { periods[0].from }
    /// Last employed day, or `Int.max`.
    var lastDay: Int { periods[periods.count - 1].to }
    var isLeaver: Bool { periods[periods.count - 1].reason != LeaveReason.none }
}

/// Builds every employee's employment history: the initial staff, their careers (transfers, changes of
/// hours and form, re-organisations, leaving) and the replacements of leavers.
struct Workforce: Sendable {
    var employees: [Employee] = []

    /// Annual leaving rates per employment form (trainee doctors leave when their contract ends).
    static let leaveRates = [0.07, 0.22, 0.22, 0.20]
    static let pensionRate = 0.25
    static let transferRate = 0.04
    static let hoursChangeRate = 0.05
    static let permanentRate = 0.30

    init(spec: RegionSpec, org: Organisation, calendar: SimCalendar) {
        let occupationWeights = Catalogue.occupations.map(\.share)
        var queue: [(occupation: Int, unit: Int, hire: Int, initial: Bool)] = []
        var rng = SeededRandom(seed: spec.seed, stream: 0x77, salt: 2)
        for _ in 0..<spec.employees {
            let occ = rng.weighted(occupationWeights)
            let unit = Workforce.placeUnit(occupation: occ, org: org, day: 0, rng: &rng, avoid: -1)
            queue.append((occ, unit, 0, true))
        }
        var next = 0
        while next < queue.count {
            let item = queue[next]
            let index = next
            next += 1
            var r = SeededRandom(seed: spec.seed, stream: UInt64(index), salt: 3)
            let occupation = Catalogue.occupations[item.occupation]
            // Ages lean young-to-middle: the mean of two uniforms.
            let span = occupation.maxAge - occupation.minAge
            let age = occupation.minAge + (r.below(span + 1) + r.below(span + 1)) / 2
            let female = r.chance(occupation.title.hasSuffix("læge") || occupation.title == "Portør" ? 0.5 : 0.85)
            let frailty = min(6, exp(0.65 * r.normal() - 0.21))
            var e = Employee(
                index: index, occupation: item.occupation, birthYear: spec.start.year - age, female: female,
                frailty: frailty, initial: item.initial)
            var form = occupation.trainee ? EmploymentForm.tidsbegraenset : UInt8(r.weighted(Catalogue.formWeights))
            var hours = Workforce.drawHours(occupation: occupation, form: form, rng: &r)
            var from = item.hire
            var contractEnd = Int.max
            if occupation.trainee {
                let months = occupation.title == "Introduktionslæge" ? 12 : [12, 24, 36][r.below(3)]
                let length = months * 365 / 12
                if item.initial { from = -r.below(length - 30) }
                contractEnd = from + length - 1
            } else if item.initial {
                from = -r.range(1, 6 * 365)
            }
            var cur = Period(
                unit: item.unit, form: form, hours: hours, reason: LeaveReason.none, from: from, to: Int.max)
            var t = max(from, 0)
            while true {
                let year = spec.start.year + t / 365
                let ageNow = year - e.birthYear
                var leaveRate = occupation.trainee ? 0.04 : Workforce.leaveRates[Int(cur.form)]
                if ageNow >= 63 { leaveRate += Workforce.pensionRate }
                func draw(_ rate: Double) -> Int {
                    let x = r.exponential(rate: rate) * 365
                    return x > 100_000 ? Int.max : t + 1 + Int(x)
                }
                let tLeave = min(draw(leaveRate), contractEnd)
                let canMove = occupation.placement == .ward || occupation.placement == .department
                let tTransfer = canMove && cur.form <= 1 ? draw(Workforce.transferRate) : Int.max
                let tHours = occupation.partTime && cur.form <= 1 ? draw(Workforce.hoursChangeRate) : Int.max
                let tForm =
                    !occupation.trainee && cur.form == EmploymentForm.tidsbegraenset
                    ? draw(Workforce.permanentRate) : Int.max
                let succ = org.units[cur.unit].successorDay
                let tReorg = succ > t && succ > cur.from ? succ : Int.max
                let nextEvent = min(tLeave, tTransfer, tHours, tForm, tReorg)
                if nextEvent >= calendar.days {
                    e.periods.append(cur)
                    break
                }
                if nextEvent == tReorg {
                    cur.to = nextEvent - 1
                    e.periods.append(cur)
                    cur = Period(
                        unit: org.units[cur.unit].successor, form: cur.form, hours: cur.hours, reason: 0,
                        from: nextEvent, to: Int.max)
                } else if nextEvent == tLeave {
                    cur.to = nextEvent
                    if nextEvent == contractEnd {
                        cur.reason = LeaveReason.expired
                    } else if ageNow >= 63 && r.chance(0.8) {
                        cur.reason = LeaveReason.pension
                    } else if cur.form == EmploymentForm.tidsbegraenset || cur.form == EmploymentForm.vikar {
                        cur.reason =
                            r.chance(0.6)
                            ? LeaveReason.expired : (r.chance(0.9) ? LeaveReason.resigned : LeaveReason.dismissed)
                    } else {
                        cur.reason = r.chance(0.92) ? LeaveReason.resigned : LeaveReason.dismissed
                    }
                    e.periods.append(cur)
                    // The post is filled again after a vacancy.
                    let hire = nextEvent + r.range(14, 75)
                    if hire < calendar.days {
                        let unit = org.resolve(cur.unit, on: hire)
                        queue.append((e.occupation, unit, hire, false))
                    }
                    break
                } else {
                    cur.to = nextEvent - 1
                    e.periods.append(cur)
                    if nextEvent == tTransfer {
                        cur.unit = Workforce.placeUnit(
                            occupation: e.occupation, org: org, day: nextEvent, rng: &r, avoid: cur.unit,
                            hospital: org.units[cur.unit].hospital)
                    } else if nextEvent == tHours {
                        var h = hours
                        while h == hours { h = Workforce.drawHours(occupation: occupation, form: cur.form, rng: &r) }
                        hours = h
                        cur.hours = h
                    } else {
                        form = EmploymentForm.fastansat
                        cur.form = form
                    }
                    cur.from = nextEvent
                    cur.to = Int.max
                }
                t = nextEvent
            }
            employees.append(e)
        }
    }

    static func drawHours(occupation: Occupation, form: UInt8, rng: inout SeededRandom) -> Int {
        if form == EmploymentForm.timeloennet { return [12, 15, 20][rng.below(3)] }
        if !occupation.partTime { return 37 }
        return Catalogue.hours[rng.weighted(Catalogue.hoursWeights)]
    }

    /// A unit for a person of this occupation, valid on `day` and not about to close.
    static func placeUnit(
        occupation: Int, org: Organisation, day: Int, rng: inout SeededRandom, avoid: Int, hospital: Int? = nil
    ) -> Int {
        let h = hospital ?? rng.below(org.hospitalCount)
        let pool: [Int]
        switch Catalogue.occupations[occupation].placement {
        case .ward: pool = org.clinicalWards[h]
        case .department: pool = org.clinicalDepartments[h]
        case .lab: return org.lab[h]
        case .radiology: return org.radiology[h]
        case .porters: return org.porters[h]
        }
        for _ in 0..<20 {
            let u = pool[rng.below(pool.count)]
            if u != avoid && org.units[u].isValid(on: day) && org.units[u].successorDay > day + 30 { return u }
        }
        for u in pool where u != avoid && org.units[u].isValid(on: day) { return u }
        return avoid >= 0 ? avoid : pool[0]
    }
}
