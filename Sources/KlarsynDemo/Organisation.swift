import KlarsynCore

/// The role a unit plays when staff are placed in it.
enum UnitRole: Sendable {
    case region, hospital, center, clinicalDepartment, lab, radiology, service, ward, porterWard
}

/// One validity period of a unit: its parent from `from` to `to` (offsets in days from the start of
/// the generated period; `to == Int.max` = still valid).
struct UnitPeriod: Sendable {
    var parent: Int
    var from: Int
    var to: Int
}

struct OrgUnit: Sendable {
    let index: Int
    let id: String
    let name: String
    let type: String
    let role: UnitRole
    let hospital: Int
    var periods: [UnitPeriod]
    /// First day in the successor unit when this unit is merged or closed, else `Int.max`.
    var successorDay = Int.max
    var successor = -1

    var validFrom: Int { periods[0].from }
    var validTo: Int { periods[periods.count - 1].to }
    func isValid(on day: Int) -> Bool { day >= validFrom && day <= validTo }
    /// The department (parent) of a ward on a day.
    func parent(on day: Int) -> Int {
        for p in periods where day >= p.from && day <= p.to { return p.parent }
        return periods[periods.count - 1].parent
    }
}

/// A documented re-organisation, for the report and the tests.
struct Reorganisation: Sendable {
    let kind: String
    let day: Int
    let units: [Int]
}

/// The unit tree with its history.
struct Organisation: Sendable {
    var units: [OrgUnit] = []
    var clinicalWards: [[Int]] = []
    var clinicalDepartments: [[Int]] = []
    var lab: [Int] = []
    var radiology: [Int] = []
    var porters: [Int] = []
    var reorganisations: [Reorganisation] = []
    /// Wards whose EHR activity is extracted (placement wards), stable over the period: 3 to 24 by region size.
    var pilotWards: [Int] = []

    static let hospitalCount = 5

    init(spec: RegionSpec, calendar: SimCalendar) {
        var rng = SeededRandom(seed: spec.seed, stream: 0x0123, salt: 1)
        let origin = CalendarDay(year: 2007, month: 1, day: 1).dayNumber - spec.start.dayNumber
        let latest = -60
        func add(_ name: String, _ type: String, _ role: UnitRole, _ hospital: Int, parent: Int, from: Int) -> Int {
            let index = units.count
            var b = ByteSink()
            b.ascii("U")
            b.padded(index + 1, 4)
            let id = String(decoding: b.bytes, as: UTF8.self)
            units.append(
                OrgUnit(
                    index: index, id: id, name: name, type: type, role: role, hospital: hospital,
                    periods: [UnitPeriod(parent: parent, from: from, to: Int.max)]))
            return index
        }
        let region = add(Catalogue.regionName, "Region", .region, -1, parent: -1, from: origin)
        let deptsPerCentre = spec.employees >= 2000 ? 4 : 2
        let wardStaffPerHospital = Double(spec.employees) * 0.58 / Double(Organisation.hospitalCount)
        let wardsPerDept = max(2, Int((wardStaffPerHospital / Double(2 * deptsPerCentre) / 24).rounded()))
        for h in 0..<Organisation.hospitalCount {
            let hospital = add(Catalogue.hospitals[h], "Hospital", .hospital, h, parent: region, from: origin)
            var wards: [Int] = []
            var depts: [Int] = []
            let centreFrom = origin + 1826 + rng.below(400)
            for (ci, centreName) in ["Medicinsk Center", "Kirurgisk Center"].enumerated() {
                let centre = add(centreName, "Center", .center, h, parent: hospital, from: centreFrom)
                let list = ci == 0 ? Catalogue.medicalDepartments : Catalogue.surgicalDepartments
                for d in 0..<deptsPerCentre {
                    let deptFrom = centreFrom + rng.below(900)
                    let dept = add(list[d].0, "Afdeling", .clinicalDepartment, h, parent: centre, from: deptFrom)
                    depts.append(dept)
                    for w in 0..<wardsPerDept {
                        let kind = Catalogue.wardKinds[w % Catalogue.wardKinds.count]
                        let name = list[d].1 + " " + kind + " " + String(w + 1)
                        let from = min(latest, deptFrom + rng.below(2500))
                        wards.append(add(name, "Afsnit", .ward, h, parent: dept, from: from))
                    }
                }
            }
            let diag = add("Diagnostisk Center", "Center", .center, h, parent: hospital, from: centreFrom)
            lab.append(add("Klinisk Biokemisk Afdeling", "Afdeling", .lab, h, parent: diag, from: centreFrom))
            radiology.append(add("Røntgen og Skanning", "Afdeling", .radiology, h, parent: diag, from: centreFrom))
            let service = add("Service og Logistik", "Afdeling", .service, h, parent: hospital, from: centreFrom)
            porters.append(add("Portørcentralen", "Afsnit", .porterWard, h, parent: service, from: centreFrom))
            clinicalWards.append(wards)
            clinicalDepartments.append(depts)
        }
        // Re-organisations at fixed fractions of the period, each in its own hospital.
        let months = calendar.months.count
        let moveDay = calendar.monthStart[max(1, months * 35 / 100)]
        let mergeDay = calendar.monthStart[max(2, months * 55 / 100)]
        let closeDay = calendar.monthStart[max(3, months * 75 / 100)]
        // 1. A ward moves from its department to a sibling department.
        let movedWard = clinicalWards[0][wardsPerDept - 1]
        let newParent = clinicalDepartments[0][1]
        units[movedWard].periods[0].to = moveDay - 1
        units[movedWard].periods.append(UnitPeriod(parent: newParent, from: moveDay, to: Int.max))
        reorganisations.append(
            Reorganisation(kind: "move", day: moveDay, units: [movedWard, clinicalDepartments[0][0], newParent]))
        // 2. Two wards of one department merge into a new ward.
        let mergeDept = clinicalDepartments[1][deptsPerCentre]
        let a = clinicalWards[1][deptsPerCentre * wardsPerDept]
        let b = clinicalWards[1][deptsPerCentre * wardsPerDept + 1]
        let merged = add(
            Catalogue.surgicalDepartments[0].1 + " Fællesafsnit (sammenlagt)", "Afsnit", .ward, 1, parent: mergeDept,
            from: mergeDay)
        clinicalWards[1].append(merged)
        for w in [a, b] {
            units[w].periods[units[w].periods.count - 1].to = mergeDay - 1
            units[w].successor = merged
            units[w].successorDay = mergeDay
        }
        reorganisations.append(Reorganisation(kind: "merge", day: mergeDay, units: [a, b, merged]))
        // 3. A ward closes; its staff move to a sibling ward.
        let closed = clinicalWards[2][wardsPerDept - 1]
        let heir = clinicalWards[2][0]
        units[closed].periods[units[closed].periods.count - 1].to = closeDay - 1
        units[closed].successor = heir
        units[closed].successorDay = closeDay
        reorganisations.append(Reorganisation(kind: "close", day: closeDay, units: [closed, heir]))
        // Placement wards: stable wards spread over all hospitals, at most 24.
        var stable: [Int] = []
        for h in 0..<Organisation.hospitalCount {
            for w in clinicalWards[h]
            where units[w].periods.count == 1 && units[w].validTo == Int.max && units[w].validFrom <= 0 {
                stable.append(w)
            }
        }
        let wanted = min(24, max(3, spec.employees / 1250 + 2))
        let step = max(1, stable.count / wanted)
        var i = 0
        while i < stable.count && pilotWards.count < wanted {
            pilotWards.append(stable[i])
            i += step
        }
    }

    /// The unit a person of a closed or merged unit belongs to on `day`.
    func resolve(_ unit: Int, on day: Int) -> Int {
        var u = unit
        while units[u].successor >= 0 && day >= units[u].successorDay { u = units[u].successor }
        return u
    }

    var hospitalCount: Int { Organisation.hospitalCount }
}

/// Day arithmetic of the generated period: months, weekly delivery dates.
struct SimCalendar: Sendable {
    let start: CalendarDay
    let days: Int
    let months: [YearMonth]
    /// Offset of each month's first day; one extra entry equal to `days`.
    let monthStart: [Int]
    /// Month index of each day offset.
    let monthOfDay: [Int16]
    /// Offset of the first weekly delivery (the first Monday after the start).
    let firstMonday: Int
    /// Number of weekly delivery files.
    let weeks: Int

    init(spec: RegionSpec) {
        start = spec.start
        days = start.days(to: spec.end) + 1
        var ms: [YearMonth] = []
        var starts: [Int] = []
        var m = start.yearMonth
        while m.firstDay <= spec.end {
            ms.append(m)
            starts.append(start.days(to: m.firstDay))
            m = m.next
        }
        starts.append(days)
        months = ms
        monthStart = starts
        var mod = [Int16](repeating: 0, count: days)
        for i in 0..<ms.count {
            for d in starts[i]..<starts[i + 1] { mod[d] = Int16(i) }
        }
        monthOfDay = mod
        var first = 1
        while start.adding(days: first).weekday != .monday { first += 1 }
        firstMonday = first
        weeks = (days - first + 6) / 7 + 1
    }

    func day(_ offset: Int) -> CalendarDay { start.adding(days: offset) }

    /// Weekly delivery file that carries a change made on day `offset`; `nil` after the last delivery.
    @inline(__always) func weekFile(_ offset: Int) -> Int? {
        let k = offset < firstMonday ? 0 : (offset - firstMonday) / 7 + 1
        return k < weeks ? k : nil
    }

    /// Delivery date of weekly file `k`.
    func weekDelivery(_ k: Int) -> CalendarDay { start.adding(days: firstMonday + 7 * k) }

    /// Month index of an offset, clamped.
    @inline(__always) func monthIndex(_ offset: Int) -> Int {
        if offset < 0 { return -1 }
        if offset >= days { return months.count }
        return Int(monthOfDay[offset])
    }
}
