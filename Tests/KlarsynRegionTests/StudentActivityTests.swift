import Foundation
import GRDB
import KlarsynBuild
import KlarsynCore
import Testing

/// The student-activity models (student_ehr_event, placement_week, student_area_week,
/// student_activity_week) on a generated region, checked against counts computed here from the
/// delivery files themselves.
@Suite("Student activity from the EHR trace")
struct StudentActivityTests {
    func region() throws -> StudentRegion { try StudentRegion.shared.get() }

    @Test func theBuildSucceeds() throws {
        let r = try region()
        #expect(r.build.failedTests.map { "\($0.model): \($0.test)" } == [])
        for model in ["student_ehr_event", "placement_week", "student_area_week", "student_activity_week"] {
            #expect((r.build.models.first { $0.model == model }?.rows ?? 0) > 0, "\(model) is empty")
        }
    }

    @Test func attributionOnlyInsidePlacementPeriodAndWard() throws {
        let r = try region()
        let attributed = try r.warehouse.rows("SELECT event_id, intern_id, placement_start FROM student_ehr_event")
        let expected = Expected(r.raw)
        let byID = Dictionary(uniqueKeysWithValues: r.raw.events.map { ($0.id, $0) })
        let placements = Dictionary(
            uniqueKeysWithValues: r.raw.placements.map { ("\($0.internID)|\($0.start.iso)", $0) })
        for row in attributed {
            let id: String = row["event_id"]
            let key = "\(row["intern_id"] as String)|\(row["placement_start"] as String)"
            guard let e = byID[id], let p = placements[key] else {
                Issue.record("\(id) attributed to \(key), unknown in the delivery files")
                continue
            }
            #expect(e.user == p.login && e.unit == p.unitID, "\(id): another login or ward")
            #expect(e.localDate >= p.start && e.localDate <= p.end, "\(id): outside the placement period")
            #expect(e.role == "SYGEPLEJESTUDERENDE", "\(id): staff role attributed")
        }
        let ids = Set(attributed.map { $0["event_id"] as String })
        #expect(ids == Set(expected.attributed.keys))
        #expect(r.mustCount.isSubset(of: ids))
        #expect(r.mustNotCount.isDisjoint(with: ids))
        #expect(r.mustNotCount.count == 6)
        // Other staff's events exist in the same wards and weeks, and none is attributed.
        let logins = Set(r.raw.placements.map(\.login))
        let staffInWards = r.raw.events.filter {
            !logins.contains($0.user) && Set(r.raw.placements.map(\.unitID)).contains($0.unit)
        }
        #expect(!staffInWards.isEmpty)
        #expect(staffInWards.allSatisfy { !ids.contains($0.id) })
    }

    @Test func weeklyCountsAndCoverageMatchAnIndependentCount() throws {
        let r = try region()
        let expected = Expected(r.raw)
        let rows = try r.warehouse.rows(
            """
            SELECT intern_id, placement_start, unit_id, week_start, week_no, dictations, sfi_notes, events_day,
                   events_evening, events_night, areas_this_week, areas_met_so_far, trace_through
            FROM student_activity_week
            """)
        var seen: Set<String> = []
        for row in rows {
            let key = "\(row["intern_id"] as String)|\(row["placement_start"] as String)|\(row["week_start"] as String)"
            seen.insert(key)
            guard let w = expected.weeks[key] else {
                Issue.record("\(key): a week the delivery files do not give")
                continue
            }
            #expect(row["unit_id"] as String == w.unit, "\(key)")
            #expect(row["week_no"] as Int == w.weekNo, "\(key)")
            #expect(row["dictations"] as Int == w.dictations, "\(key) dictations")
            #expect(row["sfi_notes"] as Int == w.notes, "\(key) notes")
            #expect(row["events_day"] as Int == w.bands[0], "\(key) day")
            #expect(row["events_evening"] as Int == w.bands[1], "\(key) evening")
            #expect(row["events_night"] as Int == w.bands[2], "\(key) night")
            #expect(row["areas_this_week"] as Int == w.areasThisWeek, "\(key) areas this week")
            #expect(row["areas_met_so_far"] as Int == w.areasSoFar, "\(key) coverage")
            #expect(row["trace_through"] as String == expected.traceEnd.iso)
        }
        #expect(seen == Set(expected.weeks.keys))
        // The crafted students reach different coverage, and some generated ones meet every area.
        #expect(Set(expected.weeks.values.map(\.areasSoFar)).count > 3)
        #expect(
            expected.weeks.values.contains { $0.dictations > 0 } && expected.weeks.values.contains { $0.bands[2] > 0 })
    }

    @Test func notesPerAreaMatchAnIndependentCount() throws {
        let r = try region()
        let expected = Expected(r.raw)
        let rows = try r.warehouse.rows(
            "SELECT intern_id, placement_start, week_start, sfi_area, sfi_notes, notes_so_far, met_so_far FROM student_area_week"
        )
        #expect(rows.count == expected.weeks.count * 12)
        for row in rows {
            let key = "\(row["intern_id"] as String)|\(row["placement_start"] as String)|\(row["week_start"] as String)"
            let area: String = row["sfi_area"]
            guard let w = expected.weeks[key] else {
                Issue.record("\(key): unexpected week")
                continue
            }
            #expect(row["sfi_notes"] as Int == w.notesByArea[area, default: 0], "\(key) \(area)")
            #expect(row["notes_so_far"] as Int == w.notesSoFarByArea[area, default: 0], "\(key) \(area) so far")
            #expect(row["met_so_far"] as Int == (w.notesSoFarByArea[area, default: 0] > 0 ? 1 : 0), "\(key) \(area)")
        }
    }

    @Test func noCohortComparisonBelowFiveStudents() throws {
        let r = try region()
        let expected = Expected(r.raw)
        let rows = try r.warehouse.rows(
            """
            SELECT intern_id, placement_start, week_start, cohort_students, cohort_median_areas_met, cohort_too_small
            FROM student_activity_week
            """)
        var small = 0
        var compared = 0
        for row in rows {
            let key = "\(row["intern_id"] as String)|\(row["placement_start"] as String)|\(row["week_start"] as String)"
            guard let w = expected.weeks[key] else { continue }
            let cohort = expected.cohorts[w.cohortKey] ?? []
            #expect(row["cohort_students"] as Int == cohort.count, "\(key)")
            let median: Double? = row["cohort_median_areas_met"]
            if cohort.count < 5 {
                small += 1
                #expect(median == nil, "\(key): a cohort of \(cohort.count) is compared")
                #expect(row["cohort_too_small"] as Int == 1)
            } else {
                compared += 1
                #expect(median == Expected.median(cohort), "\(key)")
                #expect(row["cohort_too_small"] as Int == 0)
            }
        }
        #expect(small > 0 && compared > 0)
        // Both sides of the threshold occur: the crafted cohorts of exactly five and four.
        #expect(expected.cohorts.values.contains { $0.count == 5 })
        #expect(expected.cohorts.values.contains { $0.count == 4 })
    }

    @Test func noModelCarriesAPatientReference() throws {
        let r = try region()
        let columns = try r.warehouse.rows(
            "SELECT model, column_name FROM catalogue_columns WHERE lower(column_name) LIKE '%patient%'")
        #expect(columns.isEmpty)
        let lineage = try r.warehouse.rows(
            "SELECT model, column_name FROM catalogue_lineage WHERE input_column = 'patient_ref'")
        #expect(lineage.isEmpty)
        // The mart's coverage is traced back to the trace's `sfi` header.
        let upstream = try r.warehouse.rows(
            "SELECT input_table, input_column FROM catalogue_lineage WHERE model = 'student_ehr_event' AND column_name = 'sfi_area'"
        )
        #expect(upstream.contains { ($0["input_table"] as String) == "ehr_event" })
    }
}

/// What the models must give, computed from the delivery files with the rules written down in
/// the models' sidecars: an event is a student's when login, student role, ward and local date
/// match a placement; weeks run Monday–Sunday from the week of the first day to the last day or
/// the newest trace day; the cohort is semester × term (spring February–July, autumn otherwise).
struct Expected {
    struct Week {
        var unit: String
        var weekNo: Int
        var dictations = 0
        var notes = 0
        var bands = [0, 0, 0]
        var notesByArea: [String: Int] = [:]
        var notesSoFarByArea: [String: Int] = [:]
        var areasThisWeek: Int { notesByArea.count }
        var areasSoFar: Int { notesSoFarByArea.count }
        var cohortKey: String
    }

    var attributed: [String: RawDeliveries.Placement] = [:]
    var weeks: [String: Week] = [:]
    var cohorts: [String: [Int]] = [:]
    var traceEnd: CalendarDay

    init(_ raw: RawDeliveries) {
        traceEnd = raw.events.map(\.localDate).max()!
        var byLogin: [String: [RawDeliveries.Placement]] = [:]
        for p in raw.placements { byLogin[p.login, default: []].append(p) }
        var eventsOf: [RawDeliveries.Placement: [RawDeliveries.Event]] = [:]
        for e in raw.events where e.role == "SYGEPLEJESTUDERENDE" {
            for p in byLogin[e.user] ?? [] where p.unitID == e.unit && e.localDate >= p.start && e.localDate <= p.end {
                attributed[e.id] = p
                eventsOf[p, default: []].append(e)
            }
        }
        for p in raw.placements {
            let monday = p.start.adding(days: 1 - p.start.weekday.rawValue)
            let term: String
            switch p.start.month {
            case 2...7: term = "\(p.start.year)F"
            case 8...12: term = "\(p.start.year)E"
            default: term = "\(p.start.year - 1)E"
            }
            var week = monday
            var soFar: [String: Int] = [:]
            while week <= p.end && week <= traceEnd {
                let weekNo = monday.days(to: week) / 7 + 1
                var w = Week(unit: p.unitID, weekNo: weekNo, cohortKey: "\(term)|\(p.semester)|\(weekNo)")
                for e in eventsOf[p] ?? [] where e.localDate >= week && e.localDate <= week.adding(days: 6) {
                    if e.type == "DICTATION" { w.dictations += 1 } else { w.notes += 1 }
                    w.bands[e.hour >= 7 && e.hour < 15 ? 0 : e.hour >= 15 && e.hour < 23 ? 1 : 2] += 1
                    if let a = e.area, e.type == "SFI_NOTE" {
                        w.notesByArea[a, default: 0] += 1
                        soFar[a, default: 0] += 1
                    }
                }
                w.notesSoFarByArea = soFar
                weeks["\(p.internID)|\(p.start.iso)|\(week.iso)"] = w
                cohorts[w.cohortKey, default: []].append(w.areasSoFar)
                week = week.adding(days: 7)
            }
        }
    }

    static func median(_ values: [Int]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
