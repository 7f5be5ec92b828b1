import Foundation
import GRDB

/// Student placements and their marts on the fixture warehouse (``Fixture/makeWarehouse``).
///
/// Ward W1's nurses are E0000001…E0000008, W2's E0000009…E0000014 (see ``Fixture``).
/// - I0100007 (the `intern` account) and I0100014: supervised by E0000001 in W1;
/// - I0100021: supervised by E0000009 in W2;
/// - I0100028: names E0000001 as supervisor, but in W2, where E0000001 does not work.
enum StudentFixture {
    struct Placement {
        var intern: String
        var supervisor: String
        var ward: String
        var semester: Int
    }

    static let placements = [
        Placement(intern: "I0100007", supervisor: "E0000001", ward: "W1", semester: 4),
        Placement(intern: "I0100014", supervisor: "E0000001", ward: "W1", semester: 4),
        Placement(intern: "I0100021", supervisor: "E0000009", ward: "W2", semester: 4),
        Placement(intern: "I0100028", supervisor: "E0000001", ward: "W2", semester: 6),
    ]
    static let start = "2025-02-03"
    static let end = "2025-03-28"
    static let weeks = ["2025-02-03", "2025-02-10", "2025-02-17", "2025-02-24"]
    static let areas = [
        "Funktionsniveau", "Bevægeapparat", "Ernæring", "Hud og slimhinder", "Kommunikation", "Psykosociale forhold",
        "Respiration og cirkulation", "Seksualitet", "Smerter og sanseindtryk", "Søvn og hvile", "Viden og udvikling",
        "Udskillelse af affaldsstoffer",
    ]

    static let activityColumns = [
        "intern_id", "placement_start", "unit_id", "semester", "cohort_term", "week_start", "week_no", "placement_days",
        "dictations", "sfi_notes", "events_day", "events_evening", "events_night", "areas_this_week",
        "areas_met_so_far", "cohort_students", "cohort_median_areas_met", "cohort_too_small", "trace_through",
    ]
    static let areaColumns = [
        "intern_id", "placement_start", "unit_id", "week_start", "week_no", "area_no", "sfi_area", "sfi_notes",
        "notes_so_far", "met_so_far",
    ]

    static func install(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE intern_placement (intern_id TEXT, ehr_user_id TEXT, semester INTEGER, unit_id TEXT,
                  placement_start TEXT, placement_end TEXT, placement_weeks REAL, supervisor_employee_id TEXT);
                CREATE TABLE nursing_problem_area (area_no INTEGER, sfi_area TEXT, name_en TEXT, notes_in_trace INTEGER);
                CREATE TABLE ehr_event (event_id TEXT, event_date TEXT);
                INSERT INTO ehr_event VALUES ('A1', '2025-02-27');
                CREATE TABLE student_activity_week (\(activityColumns.joined(separator: ", ")));
                CREATE TABLE student_area_week (\(areaColumns.joined(separator: ", ")));
                """)
        for (i, a) in areas.enumerated() {
            try db.execute(
                sql: "INSERT INTO nursing_problem_area VALUES (?, ?, ?, 0)", arguments: [i + 1, a, "Area \(i + 1)"])
        }
        for (n, p) in placements.enumerated() {
            try db.execute(
                sql: "INSERT INTO intern_placement VALUES (?, ?, ?, ?, ?, ?, 8, ?)",
                arguments: [p.intern, "EHR9\(n)", p.semester, p.ward, start, end, p.supervisor])
            var metSoFar: [Int: Int] = [:]
            for (k, week) in weeks.enumerated() {
                var areasThisWeek = 0
                var notes = 0
                for area in 1...12 {
                    // Student n reaches areas 1…(2 + n + 2k): coverage grows week by week.
                    let count = area <= 2 + n + 2 * k ? (area + k + n) % 3 : 0
                    metSoFar[area, default: 0] += count
                    if count > 0 { areasThisWeek += 1 }
                    notes += count
                    try db.execute(
                        sql: "INSERT INTO student_area_week VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            p.intern, start, p.ward, week, k + 1, area, areas[area - 1], count, metSoFar[area]!,
                            metSoFar[area]! > 0 ? 1 : 0,
                        ])
                }
                let met = metSoFar.values.filter { $0 > 0 }.count
                try db.execute(
                    sql:
                        "INSERT INTO student_activity_week VALUES (\(Array(repeating: "?", count: 19).joined(separator: ", ")))",
                    arguments: [
                        p.intern, start, p.ward, p.semester, "2025F", week, k + 1, 7, 1 + n, notes, notes, 1, 0,
                        areasThisWeek, met, 3, nil, 1, "2025-02-27",
                    ])
            }
        }
    }
}
