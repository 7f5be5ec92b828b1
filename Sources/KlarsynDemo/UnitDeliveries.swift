import KlarsynCore

/// A student nurse placement.
struct InternPlacement: Sendable {
    let internNumber: Int
    let ehrUser: Int
    let semester: Int
    let ward: Int
    let start: Int
    let end: Int
    let supervisor: Int
}

/// Intern placements, the EHR activity trace, the well-being survey and agency invoices: sources that
/// are generated per unit rather than per employee.
struct UnitDeliveries {
    let seed: UInt64
    let org: Organisation
    let workforce: Workforce
    let calendar: SimCalendar
    let unitIds: [[UInt8]]

    init(seed: UInt64, org: Organisation, workforce: Workforce, calendar: SimCalendar) {
        self.seed = seed
        self.org = org
        self.workforce = workforce
        self.calendar = calendar
        unitIds = org.units.map { Array($0.id.utf8) }
    }

    // MARK: Interns

    /// Semester starts (1 February, 1 September) inside the period, as offsets.
    var semesterStarts: [Int] {
        var result: [Int] = []
        for year in calendar.start.year...(calendar.start.year + 11) {
            for month in [2, 9] {
                let o = calendar.start.days(to: CalendarDay(year: year, month: month, day: 1))
                if o >= 0 && o < calendar.days { result.append(o) }
            }
        }
        return result
    }

    /// Placements per semester start (index parallel to `semesterStarts`), in cohorts.
    ///
    /// The nursing education places a semester's students together: each term two semesters of the
    /// big summer intake (spring: 2, 4 or 6; autumn: 3, 5 or 7) and one semester of the small winter
    /// intake (the other parity) come to the placement wards. All students of a cohort start on the
    /// same Monday, 0–6 weeks into the term, and stay the cohort's 8–10 weeks. A big cohort has
    /// `max(5, round(wards × 1.2–1.8))` students, a small one 2–4, dealt round the wards in turn. A
    /// ward's clinical supervisor (a nurse in post at the start) takes 2–4 students one after the
    /// other, then hands over to the nurse in post who has supervised the fewest so far. The draws
    /// come from their own stream (salt 41), so no other source shifts. Decision 0140.
    func placements() -> [[InternPlacement]] {
        // Nurses by ward, to pick a supervisor in post at the placement's start.
        var nurses: [Int: [(Int, Period)]] = [:]
        for e in workforce.employees where e.occupation == 0 {
            for p in e.periods { nurses[p.unit, default: []].append((e.index, p)) }
        }
        let wards = org.pilotWards
        var result: [[InternPlacement]] = []
        var number = 0
        var cursor = 0
        // The ward's current supervisor and how many more students they take.
        var supervising: [Int: (employee: Int, more: Int)] = [:]
        // Students each nurse has supervised so far.
        var supervised: [Int: Int] = [:]
        for (si, s) in semesterStarts.enumerated() {
            var r = SeededRandom(seed: seed, stream: UInt64(si), salt: 41)
            var list: [InternPlacement] = []
            guard !wards.isEmpty else {
                result.append(list)
                continue
            }
            if si == 0 { cursor = r.below(wards.count) }
            let spring = calendar.day(s).components.month < 8
            var big = spring ? [2, 4, 6] : [3, 5, 7]
            let small = spring ? [3, 5, 7] : [2, 4, 6]
            big.remove(at: r.below(big.count))
            var cohorts: [(semester: Int, size: Int)] = big.map { semester in
                (semester, max(5, Int((Double(wards.count) * (1.2 + 0.6 * r.unit())).rounded())))
            }
            cohorts.append((small[r.below(small.count)], r.range(2, 4)))
            for cohort in cohorts {
                var start = s + 7 * r.range(0, 6)
                while calendar.day(start).weekday != .monday { start += 1 }
                let end = start + 7 * r.range(8, 10) - 3
                for _ in 0..<cohort.size {
                    let ward = wards[cursor % wards.count]
                    cursor += 1
                    number += 1
                    let inPost = (nurses[ward] ?? []).filter { $0.1.from <= start && $0.1.to >= start }.map(\.0)
                    var supervisor: Int
                    if let current = supervising[ward], current.more > 0, inPost.contains(current.employee) {
                        supervisor = current.employee
                        supervising[ward] = (current.employee, current.more - 1)
                    } else if !inPost.isEmpty {
                        let fewest = inPost.map { supervised[$0, default: 0] }.min() ?? 0
                        let pool = inPost.filter { supervised[$0, default: 0] == fewest }
                        supervisor = pool[r.below(pool.count)]
                        supervising[ward] = (supervisor, max(1, min(r.range(2, 4), 4 - fewest)) - 1)
                    } else {
                        let any = workforce.employees.filter {
                            $0.occupation == 0 && $0.hireDay <= start && $0.lastDay >= start
                        }
                        supervisor = any.isEmpty ? 0 : any[r.below(any.count)].index
                    }
                    supervised[supervisor, default: 0] += 1
                    list.append(
                        InternPlacement(
                            internNumber: 100_000 + number * 7, ehrUser: 90_000 + number, semester: cohort.semester,
                            ward: ward, start: start, end: end, supervisor: supervisor))
                }
            }
            result.append(list)
        }
        return result
    }

    func internFile(_ list: [InternPlacement]) -> ByteSink {
        var s = ByteSink()
        for p in list {
            s.byte(73)
            s.padded(p.internNumber, 7)
            s.byte(44)
            s.ascii("EHR")
            s.padded(p.ehrUser, 5)
            s.byte(44)
            s.int(p.semester)
            s.byte(44)
            s.raw(unitIds[p.ward])
            s.byte(44)
            s.isoDay(calendar.day(p.start))
            s.byte(44)
            s.isoDay(calendar.day(p.end))
            s.byte(44)
            s.byte(69)
            s.padded(Employee.number(for: p.supervisor), 7)
            s.endRow(false)
        }
        return s
    }

    // MARK: EHR

    static let roles: [[UInt8]] = ["SYGEPLEJERSKE", "LÆGE", "SOSU_ASSISTENT", "SYGEPLEJESTUDERENDE"].map {
        Array($0.utf8)
    }
    static let sfi: [[UInt8]] = Catalogue.sfiAreas.map { Array($0.utf8) }
    /// Relative activity per hour of the day.
    static let hourWeights: [Double] = [
        0.3, 0.2, 0.2, 0.2, 0.2, 0.3, 0.8, 1.5, 2.6, 2.8, 2.6, 2.2, 1.6, 1.8, 2.3, 2.0, 1.4, 1.1, 1.0, 1.2, 1.4, 1.2,
        0.8, 0.5,
    ]
    static let staffUsersPerWard = 30

    struct Event {
        var second: Int
        var user: Int
        var role: Int
        var dictation: Bool
        var sfi: Int
        var patient: Int
    }

    /// EHR events of the days in `range` (one weekly delivery), as JSON Lines.
    func ehrWeek(_ range: Range<Int>, placements: [InternPlacement]) -> ByteSink {
        var s = ByteSink(capacity: 1 << 20)
        var events: [Event] = []
        var hourCumulative: [Double] = []
        var acc = 0.0
        for w in UnitDeliveries.hourWeights {
            acc += w
            hourCumulative.append(acc)
        }
        for d in max(0, range.lowerBound)..<min(calendar.days, range.upperBound) {
            let day = calendar.day(d)
            let weekend = day.isWeekend
            let c = day.components
            let changeDay =
                (c.month == 3 || c.month == 10) && day == CopenhagenTime.lastSunday(year: c.year, month: c.month)
            let noonOffset = CopenhagenTime.offset(
                atUTC: CopenhagenTime.instant(localDay: day, hour: 12, minute: 0, second: 0))
            for (wi, ward) in org.pilotWards.enumerated() {
                var r = SeededRandom(seed: seed, stream: UInt64(d * 1000 + wi), salt: 50)
                events.removeAll(keepingCapacity: true)
                func hour() -> Int {
                    let x = r.unit() * acc
                    var h = 0
                    while h < 23 && hourCumulative[h] <= x { h += 1 }
                    return h
                }
                func patient() -> Int { (d / 4) * 12 + r.below(16) }
                let staffEvents = r.poisson(weekend ? 14 : 22)
                for _ in 0..<staffEvents {
                    let u = r.below(UnitDeliveries.staffUsersPerWard)
                    let role = u < 16 ? 0 : u < 22 ? 1 : 2
                    let dictation = role == 1 ? r.chance(0.9) : r.chance(0.03)
                    events.append(
                        Event(
                            second: hour() * 3600 + r.below(3600), user: 10_000 + wi * 40 + u, role: role,
                            dictation: dictation,
                            sfi: r.weighted(Catalogue.sfiWeights), patient: patient()))
                }
                if !weekend {
                    for p in placements where p.ward == ward && d >= p.start && d <= p.end {
                        let n = r.range(3, 9)
                        for _ in 0..<n {
                            // Students work day and evening shifts: 07–22.
                            let h = 7 + r.below(15)
                            events.append(
                                Event(
                                    second: h * 3600 + r.below(3600), user: p.ehrUser, role: 3,
                                    dictation: r.chance(0.06),
                                    sfi: r.weighted(Catalogue.sfiWeights), patient: patient()))
                        }
                    }
                }
                if changeDay && c.month == 3 {
                    // 02:00–02:59 does not exist on the spring change day.
                    for i in events.indices where events[i].second / 3600 == 2 { events[i].second += 3600 }
                }
                events.sort { ($0.second, $0.user) < ($1.second, $1.user) }
                for (n, ev) in events.enumerated() {
                    let second = ev.second
                    var offset = noonOffset
                    if changeDay {
                        let h = second / 3600
                        offset = CopenhagenTime.offset(
                            atUTC: CopenhagenTime.instant(
                                localDay: day, hour: h, minute: (second / 60) % 60, second: second % 60))
                    }
                    s.ascii("{\"event_id\":\"")
                    var id = ByteSink()
                    id.hex64(SeededRandom.hash(seed ^ 0xE4E, UInt64(d) << 32 | UInt64(wi) << 16 | UInt64(n)))
                    for b in id.bytes { s.byte(b >= 97 ? b - 32 : b) }
                    s.ascii("\",\"time\":\"")
                    s.isoDateTime(day, second)
                    s.ascii(offset == 7200 ? "+02:00" : "+01:00")
                    s.ascii("\",\"user_id\":\"EHR")
                    s.padded(ev.user, 5)
                    s.ascii("\",\"user_role\":\"")
                    s.raw(UnitDeliveries.roles[ev.role])
                    s.ascii("\",\"unit_id\":\"")
                    s.raw(unitIds[ward])
                    if ev.dictation {
                        s.ascii("\",\"event\":\"DICTATION\",\"patient_ref\":\"P")
                    } else {
                        s.ascii("\",\"event\":\"SFI_NOTE\",\"sfi\":\"")
                        s.raw(UnitDeliveries.sfi[ev.sfi])
                        s.ascii("\",\"patient_ref\":\"P")
                    }
                    s.hex64(SeededRandom.hash(seed ^ 0x9A71E47, UInt64(ward) << 40 | UInt64(ev.patient)))
                    s.ascii("\"}")
                    s.endRow(false)
                }
            }
        }
        return s
    }

    // MARK: Survey

    /// Survey rounds: H1 measured 1 May and delivered 1 July; H2 measured 1 November, delivered 1 January.
    var surveyRounds: [(name: String, measured: Int, delivered: CalendarDay)] {
        var result: [(String, Int, CalendarDay)] = []
        for year in calendar.start.year...(calendar.start.year + 11) {
            for half in [1, 2] {
                let measured = calendar.start.days(to: CalendarDay(year: year, month: half == 1 ? 5 : 11, day: 1))
                if measured >= 0 && measured < calendar.days {
                    let delivered =
                        half == 1
                        ? CalendarDay(year: year, month: 7, day: 1) : CalendarDay(year: year + 1, month: 1, day: 1)
                    result.append((String(year) + "H" + String(half), measured, delivered))
                }
            }
        }
        return result
    }

    func surveyFile(round: String, measured: Int, roundIndex: Int, sick: [Int32], staff: [Int32]) -> ByteSink {
        var headcount = [Int](repeating: 0, count: org.units.count)
        for e in workforce.employees {
            for p in e.periods where p.from <= measured && p.to >= measured { headcount[p.unit] += 1 }
        }
        let months = calendar.months.count
        let m = calendar.monthIndex(measured)
        var s = ByteSink()
        let questions = Catalogue.surveyQuestions.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        for unit in org.units
        where (unit.role == .ward || unit.role == .clinicalDepartment) && unit.isValid(on: measured) {
            var r = SeededRandom(seed: seed, stream: UInt64(unit.index), salt: UInt64(60 + roundIndex))
            var unitEffect = SeededRandom(seed: seed, stream: UInt64(unit.index), salt: 61)
            let effect = (unitEffect.unit() - 0.5) * 0.7
            let slot = unit.index * months + m
            let rate = staff[slot] > 0 ? Double(sick[slot]) / Double(staff[slot]) : 0.04
            let n = headcount[unit.index]
            for (qi, q) in questions.enumerated() {
                var respondents = 0
                for _ in 0..<n where r.chance(0.7) { respondents += 1 }
                s.raw(Array(round.utf8))
                s.byte(44)
                s.raw(unitIds[unit.index])
                s.byte(44)
                s.raw(q.0)
                s.byte(44)
                s.raw(q.1)
                s.byte(44)
                s.int(respondents)
                s.byte(44)
                let score = min(
                    5, max(1, Catalogue.surveyQuestionBase[qi] + effect - (rate - 0.045) * 9 + 0.12 * r.normal()))
                if respondents >= 5 { s.decimal(hundredths: Int((score * 100).rounded()), mark: 46) }
                s.endRow(false)
            }
        }
        return s
    }

    // MARK: Agency invoices

    static let agencies = Catalogue.agencies.map { Encoded.cp1252($0) }
    static let groups: [(name: [UInt8], weight: Double, hourly: Int)] = [
        (Encoded.cp1252("Sygeplejerske"), 0.7, 52_000), (Encoded.cp1252("Social- og sundhedsassistent"), 0.25, 41_500),
        (Encoded.cp1252("Læge"), 0.05, 115_000),
    ]

    /// Invoices for month `m`: concentrated in the wards with the most sickness that month.
    func agencyFile(month m: Int, sick: [Int32], staff: [Int32]) -> ByteSink {
        let months = calendar.months.count
        var wards: [(unit: Int, rate: Double, sickDays: Int)] = []
        for h in 0..<org.hospitalCount {
            for w in org.clinicalWards[h] {
                let slot = w * months + m
                if staff[slot] > 0 { wards.append((w, Double(sick[slot]) / Double(staff[slot]), Int(sick[slot]))) }
            }
        }
        wards.sort { $0.rate != $1.rate ? $0.rate > $1.rate : $0.unit < $1.unit }
        let top = max(1, wards.count / 5)
        var r = SeededRandom(seed: seed, stream: UInt64(m), salt: 70)
        var s = ByteSink()
        let month = calendar.months[m]
        var number = 0
        for (rank, w) in wards.enumerated() {
            guard r.chance(rank < top ? 0.9 : 0.04) else { continue }
            for _ in 0..<r.range(1, 2) {
                number += 1
                let g = r.weighted(UnitDeliveries.groups.map(\.weight))
                let quarterHours = max(30, Int(Double(max(w.sickDays, 2)) * 7.4 * (0.3 + 0.4 * r.unit()) * 4))
                let hundredths = quarterHours * 25
                s.byte(70)
                s.int(month.year)
                s.two(month.month)
                s.padded(number, 5)
                s.byte(59)
                s.raw(unitIds[w.unit])
                s.byte(59)
                s.month(month)
                s.byte(59)
                s.raw(UnitDeliveries.agencies[r.below(UnitDeliveries.agencies.count)])
                s.byte(59)
                s.raw(UnitDeliveries.groups[g].name)
                s.byte(59)
                s.decimal(hundredths: hundredths)
                s.byte(59)
                s.decimal(hundredths: hundredths * UnitDeliveries.groups[g].hourly / 100)
                s.endRow(true)
            }
        }
        return s
    }
}
