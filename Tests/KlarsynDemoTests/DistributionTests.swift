import Foundation
import KlarsynCore
import Testing

@testable import KlarsynDemo

/// The newest version of every employment period, keyed by employee and start.
func employmentPeriods(_ g: Generated) -> [String: [(
    from: CalendarDay, to: CalendarDay?, unit: String, reason: String, title: String, form: String
)]] {
    var newest: [String: [String]] = [:]
    for row in g.rows("pdc_employments") { newest[row.fields[0] + "|" + row.fields[8]] = row.fields }
    var result: [String: [(CalendarDay, CalendarDay?, String, String, String, String)]] = [:]
    for f in newest.values {
        result[f[0], default: []].append(
            (Parse.danish(f[8])!, f[9].isEmpty ? nil : Parse.danish(f[9])!, f[7], f[10], f[4], f[5]))
    }
    for k in result.keys { result[k]!.sort { $0.0 < $1.0 } }
    return result
}

/// Current absence registrations (newest version per id wins; deleted ones dropped).
func currentAbsences(_ g: Generated) -> [(
    employee: String, date: CalendarDay, code: String, part: String, registered: CalendarDay
)] {
    var newest: [String: [String]] = [:]
    for row in g.rows("psc_absences") {
        if let old = newest[row.fields[0]], old[5] > row.fields[5] { continue }
        newest[row.fields[0]] = row.fields
    }
    return newest.values.filter { $0[6] == "0" }.map {
        ($0[1], CalendarDay(iso: $0[2])!, $0[3], $0[4], Parse.dateTime($0[5])!.day)
    }
}

@Suite struct DistributionTests {
    let g = Generated.clean

    @Test func occupationsInRealisticProportions() {
        let snapshot = g.rows("pdc_employments").filter { $0.file == g.names("pdc_employments")[0] }
        let titles = snapshot.map { $0.fields[4] }
        func share(_ t: String) -> Double { Double(titles.filter { $0 == t }.count) / Double(titles.count) }
        #expect(titles.count == 400)
        #expect(share("Sygeplejerske") >= 0.33 && share("Sygeplejerske") <= 0.43, "\(share("Sygeplejerske"))")
        #expect(share("Social- og sundhedsassistent") >= 0.10 && share("Social- og sundhedsassistent") <= 0.20)
        for title in ["Overlæge", "Afdelingslæge", "Reservelæge", "Lægesekretær", "Portør", "Bioanalytiker"] {
            #expect(titles.contains(title), "\(title)")
        }
        let forms = Set(g.rows("pdc_employments").map { $0.fields[5] })
        #expect(forms == ["Fastansat", "Tidsbegrænset", "Vikar", "Timelønnet"])
        let hours = Set(snapshot.map { $0.fields[6] })
        #expect(hours.isSuperset(of: ["37,00", "32,00", "30,00", "28,00"]))
    }

    @Test func leaversAndHiresAreTenToFifteenPercentAYear() {
        let periods = employmentPeriods(g)
        var leaverRates: [Double] = [], hireRates: [Double] = []
        for year in [2023, 2024] {
            let first = CalendarDay(year: year, month: 1, day: 1), last = CalendarDay(year: year, month: 12, day: 31)
            let headcount = periods.values.filter { ps in ps.contains { $0.from <= first && ($0.to ?? last) >= first } }
                .count
            let leavers = periods.values.filter { ps in
                ps.contains { !$0.reason.isEmpty && $0.to! >= first && $0.to! <= last }
            }.count
            let hires = periods.values.filter { ps in ps[0].from >= first && ps[0].from <= last }.count
            leaverRates.append(Double(leavers) / Double(headcount))
            hireRates.append(Double(hires) / Double(headcount))
        }
        // Averaged over the years: 400 people give about ±2 points of noise per year.
        let leaverRate = leaverRates.reduce(0, +) / 2, hireRate = hireRates.reduce(0, +) / 2
        #expect(leaverRate >= 0.10 && leaverRate <= 0.15, "leavers \(leaverRates)")
        #expect(hireRate >= 0.09 && hireRate <= 0.15, "hires \(hireRates)")
        let reasons = Set(periods.values.flatMap { $0.map(\.reason) })
        #expect(reasons.isSuperset(of: ["Egen opsigelse", "Pension", "Udløb"]))
    }

    @Test func employmentHistoryHasTransfersChangesAndNoOverlaps() {
        let periods = employmentPeriods(g)
        var transfers = 0, hourChanges = 0
        for ps in periods.values {
            for i in 1..<max(1, ps.count) {
                #expect(ps[i - 1].to != nil && ps[i - 1].to!.adding(days: 1) == ps[i].from, "contiguous, no overlap")
                if ps[i - 1].unit != ps[i].unit { transfers += 1 }
            }
        }
        for row in g.rows("pdc_employments") where row.fields[10].isEmpty && !row.fields[9].isEmpty { hourChanges += 1 }
        #expect(transfers > 10)
        #expect(hourChanges > 10)
    }

    @Test func unitsAreReorganised() {
        var periods: [String: [[String]]] = [:]
        for row in g.rows("pdc_org_units") { periods[row.fields[0], default: []].append(row.fields) }
        // A ward moves: two periods with different parents.
        let moved = periods.values.filter { rows in
            Set(rows.map { $0[4] }).count == 2 && Set(rows.map { $0[1] }).count == 2
        }
        #expect(moved.count >= 1)
        // Wards close; their staff get new periods in the successor from the next day.
        let closed = periods.filter {
            $0.value.contains { !$0[5].isEmpty } && $0.value.allSatisfy { $0[3] == "Afsnit" }
                && Set($0.value.map { $0[4] }).count == 1
        }
        #expect(closed.count >= 3)
        let employment = employmentPeriods(g)
        for (unit, rows) in closed {
            let end = Parse.danish(rows.first { !$0[5].isEmpty }![5])!
            let moves = employment.values.filter { ps in
                ps.indices.dropFirst().contains {
                    ps[$0 - 1].unit == unit && ps[$0 - 1].to == end && ps[$0].from == end.adding(days: 1)
                        && ps[$0].unit != unit
                }
            }
            #expect(!moves.isEmpty, "staff of \(unit) move on")
        }
        // A merged ward opens during the period.
        let opened = periods.values.filter {
            $0.count == 1 && Parse.danish($0[0][4])! > CalendarDay(year: 2023, month: 1, day: 1)
        }
        #expect(opened.count >= 1)
    }

    @Test func sicknessHasTheKnownShape() {
        let absences = currentAbsences(g)
        let codes = Set(absences.map(\.code))
        #expect(codes == ["SYG", "BARN_SYG", "ARB_SKADE", "FERIE", "KURSUS", "ORLOV"])
        #expect(absences.contains { $0.part == "HALF" })
        // Spells of own sickness: runs of consecutive dates per employee.
        var byEmployee: [String: [CalendarDay]] = [:]
        for a in absences where a.code == "SYG" { byEmployee[a.employee, default: []].append(a.date) }
        var lengths: [Int] = []
        var starts: [CalendarDay] = []
        for var days in byEmployee.values {
            days.sort()
            var first = days[0], previous = days[0]
            for d in days.dropFirst() {
                if d.dayNumber != previous.dayNumber + 1 {
                    lengths.append(first.days(to: previous) + 1)
                    starts.append(first)
                    first = d
                }
                previous = d
            }
            lengths.append(first.days(to: previous) + 1)
            starts.append(first)
        }
        let short = Double(lengths.filter { $0 <= 3 }.count) / Double(lengths.count)
        let long = lengths.filter { $0 >= 30 }.count
        #expect(short > 0.75, "short share \(short)")
        #expect(long >= 5 && Double(long) / Double(lengths.count) < 0.06)
        #expect(lengths.max()! <= 120)
        // More starts on Mondays than on an average other weekday.
        let mondays = Double(starts.filter { $0.weekday == .monday }.count)
        let others = Double(starts.filter { $0.weekday != .monday }.count) / 6
        #expect(mondays / others > 1.4, "Monday ratio \(mondays / others)")
        // More starts per day in winter (Dec–Feb) than in summer (Jun–Aug).
        let winter = Double(starts.filter { [12, 1, 2].contains($0.month) }.count)
        let summer = Double(starts.filter { [6, 7, 8].contains($0.month) }.count)
        #expect(winter / summer > 1.4, "winter ratio \(winter / summer)")
        // Late registrations: weeks after the date.
        let late = absences.filter {
            ["SYG", "BARN_SYG", "ARB_SKADE"].contains($0.code) && $0.date.days(to: $0.registered) >= 14
        }
        #expect(late.count > 50)
    }

    @Test func retractionsArriveInLaterFiles() {
        var firstFile: [String: String] = [:]
        var retractions = 0
        let order = Dictionary(uniqueKeysWithValues: g.names("psc_absences").enumerated().map { ($1, $0) })
        for row in g.rows("psc_absences") {
            if row.fields[6] == "0" {
                firstFile[row.fields[0]] = firstFile[row.fields[0]] ?? row.file
            } else {
                #expect(firstFile[row.fields[0]] != nil, "a retraction follows its registration")
                if let f = firstFile[row.fields[0]] {
                    #expect(order[f]! < order[row.file]!, "retracted in a later file")
                    retractions += 1
                }
            }
        }
        #expect(retractions > 50)
    }

    @Test func shiftsRotateCrossMidnightAndDST() {
        var nights = 0, dstNights = 0, overtime = 0, cancelled = 0, planned = 0
        var versions: [String: [String]] = [:]
        var redelivered = 0
        for row in g.rows("psc_shifts") {
            let f = row.fields
            let start = Parse.dateTime(f[3])!, end = Parse.dateTime(f[4])!
            if f[5] == "night" {
                #expect(end.day == start.day.adding(days: 1))
                nights += 1
                let c = start.day.adding(days: 1).components
                if (c.month == 3 || c.month == 10)
                    && start.day.adding(days: 1) == CopenhagenTime.lastSunday(year: c.year, month: c.month)
                {
                    dstNights += 1
                }
            }
            if f[7] != "0" { overtime += 1 }
            if f[6] == "cancelled" { cancelled += 1 }
            if f[6] == "planned" { planned += 1 }
            if let old = versions[f[0]] {
                redelivered += 1
                #expect(old[8] < f[8], "a newer version has a newer last_changed")
            }
            versions[f[0]] = f
        }
        #expect(nights > 500 && dstNights >= 4 && overtime > 100 && cancelled > 50 && planned > 50 && redelivered > 100)
        #expect(Set(versions.values.map { $0[5] }) == ["day", "evening", "night"])
    }

    @Test func nothingIsRegisteredBeforeTheHire() {
        let periods = employmentPeriods(g)
        for row in g.rows("psc_absences") {
            let hired = periods[row.fields[1]]![0].from
            #expect(Parse.dateTime(row.fields[5])!.day >= hired, "\(row.fields)")
        }
        for row in g.rows("psc_shifts") {
            let hired = periods[row.fields[1]]![0].from
            #expect(Parse.dateTime(row.fields[8])!.day >= hired, "\(row.fields)")
        }
    }

    @Test func borrowedStaffWorkInOtherUnits() {
        let periods = employmentPeriods(g)
        var borrowed = 0, total = 0
        for row in g.rows("psc_shifts") {
            let day = Parse.dateTime(row.fields[3])!.day
            guard let home = periods[row.fields[1]]?.first(where: { $0.from <= day && ($0.to ?? day) >= day }) else {
                Issue.record("shift outside employment: \(row.fields)")
                continue
            }
            total += 1
            if home.unit != row.fields[2] { borrowed += 1 }
        }
        let share = Double(borrowed) / Double(total)
        #expect(share > 0.02 && share < 0.06, "borrowed share \(share)")
    }

    @Test func payrollOvertimeMatchesShifts() {
        var newest: [String: [String]] = [:]
        for row in g.rows("psc_shifts") { newest[row.fields[0]] = row.fields }
        var minutes: [String: Int] = [:]
        for f in newest.values where f[6] == "worked" && f[7] != "0" {
            minutes[f[1] + "|" + String(f[3].prefix(7)), default: 0] += Int(f[7])!
        }
        var paid: Set<String> = []
        var negative = 0
        for row in g.rows("pdc_payroll") {
            if row.fields[2] == "Overarbejde" { paid.insert(row.fields[0] + "|" + row.fields[1]) }
            if row.fields[3].hasPrefix("-") { negative += 1 }
        }
        // Shifts of the last month are delivered after the period; compare the months both sides cover.
        func early(_ key: String) -> Bool { !key.hasSuffix("2024-12") && !key.hasSuffix("2024-11") }
        #expect(Set(minutes.keys.filter(early)) == Set(paid.filter(early)))
        #expect(paid.count > 100)
        #expect(negative > 10)
        let types = Set(g.rows("pdc_payroll").map { $0.fields[2] })
        #expect(types == ["Grundløn", "Overarbejde", "Tillæg", "Vikarløn"])
    }

    @Test func agencyInvoicesFollowSickness() {
        // Ward-month own-sickness days by the employee's home unit.
        let periods = employmentPeriods(g)
        var sick: [String: Int] = [:]
        for a in currentAbsences(g) where a.code == "SYG" {
            if let p = periods[a.employee]?.first(where: { $0.from <= a.date && ($0.to ?? a.date) >= a.date }) {
                sick[p.unit + "|" + a.date.yearMonth.text, default: 0] += 1
            }
        }
        let invoiced = Set(g.rows("agency_invoices").map { $0.fields[1] + "|" + $0.fields[2] })
        let wards = Set(g.rows("pdc_org_units").filter { $0.fields[3] == "Afsnit" }.map { $0.fields[0] })
        let wardMonths = sick.keys.filter { wards.contains(String($0.prefix(5))) }
        let withInvoice = wardMonths.filter { invoiced.contains($0) }.map { sick[$0]! }
        let without = wardMonths.filter { !invoiced.contains($0) }.map { sick[$0]! }
        let meanWith = Double(withInvoice.reduce(0, +)) / Double(max(1, withInvoice.count))
        let meanWithout = Double(without.reduce(0, +)) / Double(max(1, without.count))
        #expect(!withInvoice.isEmpty && meanWith > 1.5 * meanWithout, "with \(meanWith) without \(meanWithout)")
    }
}
