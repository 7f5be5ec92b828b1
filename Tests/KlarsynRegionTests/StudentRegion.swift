import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import KlarsynDemo
import KlarsynIngest
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace

/// A small generated region with crafted extra deliveries, ingested and built once for the
/// student-activity tests.
///
/// The extras are written as delivery files into the same inbox, so they go through ingest like
/// everything else:
/// - `interns_…csv`: two crafted cohorts (same semester and term) of five and of four students,
///   on both sides of the threshold of the cohort comparison;
/// - `ehr_activity_…jsonl`: the crafted students' notes, and edge cases around one generated
///   placement (its login in another ward, the day before and after, a staff role, a staff login
///   in the ward, events just after midnight whose UTC date is the day before).
final class StudentRegion: Sendable {
    let tmp: TemporaryDirectory
    let warehouse: Warehouse
    let build: BuildReport
    /// The deliveries as read back from the inbox files (never from the warehouse).
    let raw: RawDeliveries
    /// Crafted event ids that must be attributed, and those that must not.
    let mustCount: Set<String>
    let mustNotCount: Set<String>

    static let shared = Result { try StudentRegion() }

    private init() throws {
        tmp = try TemporaryDirectory(prefix: "klarsyn-students")
        let inbox = tmp.path("inbox")
        _ = try RegionGenerator(spec: RegionSpec(employees: 300, years: 1, seed: 5, faults: false)).write(to: inbox)
        let generated = try RawDeliveries.read(inbox: inbox)
        let extras = try Self.craft(generated)
        try Data(extras.interns.utf8).write(to: inbox.appending(path: "interns_20230220.csv"))
        try Data(extras.events.utf8).write(to: inbox.appending(path: "ehr_activity_20231231.jsonl"))
        mustCount = extras.mustCount
        mustNotCount = extras.mustNotCount
        raw = try RawDeliveries.read(inbox: inbox)

        let workspace = try Workspace.builtIn()
        warehouse = try Warehouse.open(
            path: tmp.path("warehouse.sqlite").path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        let ingestor = Ingestor(
            warehouse: warehouse, contracts: try ContractSet.load(directory: workspace.folder(.sources)))
        try ingestor.prepareStaging()
        let report = try ingestor.ingest(inbox: inbox)
        // The EHR trace and the placements (generated and crafted) must load whole, or the
        // independent count below would count lines the warehouse never saw.
        let lost = report.files.filter {
            ($0.source == "ehr_activity" || $0.source == "interns")
                && ($0.quarantined > 0 || $0.held > 0 || $0.status != .loaded)
        }
        guard report.invariantHolds, lost.isEmpty else {
            throw RegionError(
                "ingest lost EHR or placement lines: \(lost.map { "\($0.fileName) \($0.status) \($0.rules)" })")
        }
        build = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
    }

    deinit { tmp.remove() }

    struct RegionError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// The crafted files.
    static func craft(_ g: RawDeliveries) throws -> (
        interns: String, events: String, mustCount: Set<String>, mustNotCount: Set<String>
    ) {
        guard let traceEnd = g.events.map(\.localDate).max(), let traceStart = g.events.map(\.localDate).min() else {
            throw RegionError("the generated region has no EHR events")
        }
        // A generated placement that ends well before the trace does, with a second ward to misuse.
        guard
            let p = g.placements.sorted(by: { ($0.start, $0.internID) < ($1.start, $1.internID) }).first(where: {
                $0.end.adding(days: 2) <= traceEnd && $0.start.adding(days: -2) >= traceStart
            }),
            let otherWard = g.placements.map(\.unitID).first(where: { $0 != p.unitID })
        else { throw RegionError("the generated region has no placement to build edge cases on") }

        var lines: [String] = []
        var mustCount: Set<String> = []
        var mustNotCount: Set<String> = []
        var n = 0
        func event(
            _ day: CalendarDay, hour: Int, user: String, role: String = "SYGEPLEJESTUDERENDE", unit: String,
            area: String? = "Ernæring", counts: Bool?
        ) {
            n += 1
            let id = String(format: "CRAFTED%05d", n)
            let offset = CopenhagenTime.offset(
                atUTC: CopenhagenTime.instant(localDay: day, hour: hour, minute: 30, second: 0))
            let time = "\(day.iso)T\(String(format: "%02d", hour)):30:00\(offset == 7200 ? "+02:00" : "+01:00")"
            var json = "{\"event_id\":\"\(id)\",\"time\":\"\(time)\",\"user_id\":\"\(user)\",\"user_role\":\"\(role)\","
            json += "\"unit_id\":\"\(unit)\","
            if let area {
                json += "\"event\":\"SFI_NOTE\",\"sfi\":\"\(area)\","
            } else {
                json += "\"event\":\"DICTATION\","
            }
            json += "\"patient_ref\":\"PCRAFTED\(n)\"}"
            lines.append(json)
            if counts == true { mustCount.insert(id) }
            if counts == false { mustNotCount.insert(id) }
        }
        // Edge cases around placement p.
        event(p.start, hour: 0, user: p.login, unit: p.unitID, area: "Seksualitet", counts: true)  // UTC: day before
        event(p.start.adding(days: -1), hour: 23, user: p.login, unit: p.unitID, counts: false)
        event(p.end, hour: 23, user: p.login, unit: p.unitID, area: nil, counts: true)
        event(p.end.adding(days: 1), hour: 0, user: p.login, unit: p.unitID, counts: false)
        event(p.start.adding(days: 2), hour: 10, user: p.login, unit: otherWard, counts: false)
        event(p.start.adding(days: 2), hour: 11, user: p.login, role: "SYGEPLEJERSKE", unit: p.unitID, counts: false)
        event(p.start.adding(days: 2), hour: 12, user: "EHR19999", role: "SYGEPLEJERSKE", unit: p.unitID, counts: false)
        event(p.start.adding(days: 3), hour: 12, user: "EHR19998", unit: p.unitID, counts: false)  // no placement

        // Two crafted cohorts in p's ward, in the spring term of the region's year: five students
        // (compared) and four (not compared), each in a semester no generated placement of that
        // term has, so the cohorts are exactly that size.
        var start = CalendarDay(year: traceEnd.year, month: 3, day: 1)
        while start.weekday != .monday { start = start.adding(days: 1) }
        let end = start.adding(days: 8 * 7 - 3)
        let usedSemesters = Set(
            g.placements.filter { (2...7).contains($0.start.month) && $0.start.year == start.year }.map(\.semester))
        let free = (1...7).filter { !usedSemesters.contains($0) }
        guard free.count >= 2 else { throw RegionError("no two semesters free for the crafted cohorts") }
        var interns = "intern_id,ehr_user_id,semester,unit_id,placement_start,placement_end,supervisor_employee_id\n"
        for s in 1...9 {
            let login = String(format: "EHR990%02d", s)
            let semester = s <= 5 ? free[0] : free[1]
            interns +=
                String(format: "I99000%02d", s)
                + ",\(login),\(semester),\(p.unitID),\(start.iso),\(end.iso),\(p.supervisor)\n"
            var day = start
            while day <= end && day <= traceEnd {
                if !day.isWeekend {
                    // Student s meets areas 1…(s + 2 + week) in turn: coverage differs between students.
                    let week = start.days(to: day) / 7
                    let reach = min(12, (s - 1) % 5 + 3 + week)
                    let area = RawDeliveries.areas[(start.days(to: day) * 5 + s) % reach]
                    event(
                        day, hour: 8 + (day.dayNumber + s) % 15, user: login, unit: p.unitID, area: area, counts: true)
                    if s == 2 && day.weekday == .wednesday {
                        event(day, hour: 22, user: login, unit: p.unitID, area: nil, counts: true)
                    }
                }
                day = day.adding(days: 1)
            }
        }
        return (interns, lines.joined(separator: "\n") + "\n", mustCount, mustNotCount)
    }
}

/// The EHR events and intern placements as the inbox files hold them, read with Foundation only.
struct RawDeliveries: Sendable {
    struct Event: Sendable {
        var id: String
        var localDate: CalendarDay
        var hour: Int
        var user: String
        var role: String
        var unit: String
        var type: String
        var area: String?
    }

    struct Placement: Sendable, Hashable {
        var internID: String
        var login: String
        var semester: Int
        var unitID: String
        var start: CalendarDay
        var end: CalendarDay
        var supervisor: String
    }

    static let areas = [
        "Funktionsniveau", "Bevægeapparat", "Ernæring", "Hud og slimhinder", "Kommunikation", "Psykosociale forhold",
        "Respiration og cirkulation", "Seksualitet", "Smerter og sanseindtryk", "Søvn og hvile", "Viden og udvikling",
        "Udskillelse af affaldsstoffer",
    ]

    var events: [Event]
    var placements: [Placement]

    static func read(inbox: URL) throws -> RawDeliveries {
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox.path).sorted()
        var events: [Event] = []
        var placements: [Placement] = []
        for name in names where name.hasPrefix("ehr_activity_") && name.hasSuffix(".jsonl") {
            let text = try String(contentsOf: inbox.appending(path: name), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] ?? [:]
                let time = object["time"] ?? ""
                guard let day = CalendarDay(iso: time.prefix(10)), let hour = Int(time.dropFirst(11).prefix(2)) else {
                    throw StudentRegion.RegionError("\(name): unreadable time '\(time)'")
                }
                events.append(
                    Event(
                        id: object["event_id"] ?? "", localDate: day, hour: hour, user: object["user_id"] ?? "",
                        role: object["user_role"] ?? "", unit: object["unit_id"] ?? "", type: object["event"] ?? "",
                        area: object["sfi"]))
            }
        }
        for name in names where name.hasPrefix("interns_") && name.hasSuffix(".csv") {
            let text = try String(contentsOf: inbox.appending(path: name), encoding: .utf8)
            let rows = text.split(whereSeparator: \.isNewline).map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            guard let header = rows.first else { continue }
            let at = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
            for r in rows.dropFirst() {
                func f(_ k: String) -> String { r[at[k]!] }
                placements.append(
                    Placement(
                        internID: f("intern_id"), login: f("ehr_user_id"), semester: Int(f("semester"))!,
                        unitID: f("unit_id"), start: CalendarDay(iso: f("placement_start"))!,
                        end: CalendarDay(iso: f("placement_end"))!, supervisor: f("supervisor_employee_id")))
            }
        }
        return RawDeliveries(events: events, placements: placements)
    }
}

extension Warehouse {
    func rows(_ sql: String) throws -> [Row] { try read { db in try Row.fetchAll(db, sql: sql) } }
}
