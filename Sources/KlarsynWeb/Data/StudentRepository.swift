import Crypto
import Foundation
import GRDB
import KlarsynStore

/// One student placement as the student pages show it. `token` is the only way pages refer to
/// it in an address: the intern id never appears in a URL.
struct StudentPlacement: Sendable, Equatable {
    var internID: String
    var placementStart: String
    var placementEnd: String
    var unitID: String
    var unitName: String
    var semester: Int
    var cohortTerm: String?
    /// Opaque, unguessable reference to the placement (see ``StudentRepository/token(internID:start:)``).
    var token: String
}

/// One week of a placement from `student_activity_week`.
struct StudentWeek: Sendable, Equatable {
    var weekStart: String
    var weekNo: Int
    var placementDays: Int
    var dictations: Int
    var sfiNotes: Int
    var day: Int
    var evening: Int
    var night: Int
    var areasThisWeek: Int
    var areasMetSoFar: Int
    var cohortStudents: Int
    /// `nil` when the cohort has fewer than 5 students in this placement week.
    var cohortMedian: Double?
    var cohortTooSmall: Bool
}

/// One cell of the coverage matrix from `student_area_week`.
struct StudentAreaWeek: Sendable, Equatable {
    var weekStart: String
    var areaNo: Int
    var sfiNotes: Int
    var notesSoFar: Int
    var metSoFar: Bool
}

/// A nursing problem area with its names.
struct NursingArea: Sendable, Equatable {
    var number: Int
    var da: String
    var en: String

    func name(_ l: Language) -> String { l == .da ? da : en }
}

/// How current the student figures are.
struct StudentDataStatus: Sendable, Equatable {
    /// The newest local date in the EHR trace.
    var traceThrough: String?
    /// The newest delivery date of a loaded EHR file.
    var latestDelivery: String?
}

/// A comment in the thread on a student's placement: who wrote it is a role (supervisor or
/// student), never a name.
struct StudentComment: Sendable, Equatable {
    enum Author: String, Sendable, CaseIterable {
        case supervisor, student
    }
    var author: Author
    var body: String
    var createdAt: String
}

/// Reads the student marts, scoped before anything is read: a student sees only their own
/// placements, a supervisor only the placements that name them as supervisor in a ward they
/// are employed in during the placement. Every other scope sees nothing.
struct StudentRepository: Sendable {
    let warehouse: Warehouse
    /// Key of the placement tokens; new at each start, so tokens do not outlive the server.
    let tokenKey: Data

    init(warehouse: Warehouse, tokenKey: Data? = nil) {
        self.warehouse = warehouse
        var generator = SystemRandomNumberGenerator()
        self.tokenKey = tokenKey ?? Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The comment table.
    static let migration = WarehouseMigration("web-student-comments-v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE web_student_comments (
                    comment_id       INTEGER PRIMARY KEY,
                    intern_id        TEXT NOT NULL,
                    placement_start  TEXT NOT NULL,
                    author           TEXT NOT NULL,
                    body             TEXT NOT NULL,
                    created_at       TEXT NOT NULL
                );
                CREATE INDEX web_student_comments_placement ON web_student_comments(intern_id, placement_start, comment_id);
                """)
    }

    static let maxCommentLength = 2000

    /// An opaque reference to a placement: HMAC-SHA256 of intern id and start under a key that
    /// lives only in this server process, base64url, 22 characters.
    func token(internID: String, start: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(internID)|\(start)".utf8), using: SymmetricKey(data: tokenKey))
        return Data(mac).prefix(16).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// True when the student marts have been built.
    func isBuilt() async throws -> Bool {
        try await warehouse.dbQueue.read { db in
            try db.tableExists("student_activity_week") && db.tableExists("student_area_week")
                && db.tableExists("intern_placement") && db.tableExists("nursing_problem_area")
        }
    }

    /// The placements the scope may see, newest first. Anything but a student or a supervisor
    /// scope sees none.
    func placements(for scope: AccessScope) async throws -> [StudentPlacement] {
        let condition: String
        let argument: String
        switch scope {
        case .intern(let internID):
            condition = "p.intern_id = ?"
            argument = internID
        case .supervisor(let employeeID):
            // The supervisor's own students, and only in a ward the supervisor is employed in
            // during the placement: a placement naming them elsewhere stays out of sight.
            condition = """
                p.supervisor_employee_id = ? AND EXISTS (
                    SELECT 1 FROM employment e WHERE e.employee_id = p.supervisor_employee_id AND e.unit_id = p.unit_id
                    AND e.valid_from <= p.placement_end AND (e.valid_to IS NULL OR e.valid_to >= p.placement_start))
                """
            argument = employeeID
        case .everything, .units, .nothing:
            return []
        }
        let needsEmployment = condition.contains("employment")
        let found: [StudentPlacement] = try await warehouse.dbQueue.read { db in
            guard try db.tableExists("intern_placement") else { return [] }
            if needsEmployment, try !db.tableExists("employment") { return [] }
            let names =
                try db.tableExists("org_unit")
                ? "(SELECT o.name FROM org_unit o WHERE o.unit_id = p.unit_id ORDER BY o.valid_from DESC LIMIT 1)"
                : "NULL"
            let term =
                try db.tableExists("placement_week")
                ? "(SELECT w.cohort_term FROM placement_week w WHERE w.intern_id = p.intern_id AND w.placement_start = p.placement_start LIMIT 1)"
                : "NULL"
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT p.intern_id, p.placement_start, p.placement_end, p.unit_id, p.semester,
                           \(names) AS unit_name, \(term) AS cohort_term
                    FROM intern_placement p WHERE \(condition)
                    ORDER BY p.placement_start DESC, p.intern_id
                    """, arguments: [argument]
            ).map { r in
                let unit: String = r["unit_id"]
                return StudentPlacement(
                    internID: r["intern_id"], placementStart: r["placement_start"], placementEnd: r["placement_end"],
                    unitID: unit, unitName: r["unit_name"] ?? unit, semester: r["semester"] ?? 0,
                    cohortTerm: r["cohort_term"], token: "")
            }
        }
        return found.map { p in
            var p = p
            p.token = token(internID: p.internID, start: p.placementStart)
            return p
        }
    }

    /// The placement behind a token, if the scope may see it; `nil` otherwise (also for a token
    /// that names a placement outside the scope: the caller cannot tell the two apart).
    func placement(token: String, scope: AccessScope) async throws -> StudentPlacement? {
        guard token.count == 22 else { return nil }
        return try await placements(for: scope).first { $0.token == token }
    }

    /// The weeks of a placement, in order.
    func weeks(of p: StudentPlacement) async throws -> [StudentWeek] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("student_activity_week") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT week_start, week_no, placement_days, dictations, sfi_notes, events_day, events_evening,
                           events_night, areas_this_week, areas_met_so_far, cohort_students, cohort_median_areas_met,
                           cohort_too_small
                    FROM student_activity_week WHERE intern_id = ? AND placement_start = ? ORDER BY week_start
                    """, arguments: [p.internID, p.placementStart]
            ).map { r in
                StudentWeek(
                    weekStart: r["week_start"], weekNo: r["week_no"], placementDays: r["placement_days"],
                    dictations: r["dictations"], sfiNotes: r["sfi_notes"], day: r["events_day"],
                    evening: r["events_evening"], night: r["events_night"], areasThisWeek: r["areas_this_week"],
                    areasMetSoFar: r["areas_met_so_far"], cohortStudents: r["cohort_students"] ?? 0,
                    cohortMedian: r["cohort_median_areas_met"], cohortTooSmall: (r["cohort_too_small"] as Int?) != 0)
            }
        }
    }

    /// The coverage cells of a placement, by week then area.
    func areaWeeks(of p: StudentPlacement) async throws -> [StudentAreaWeek] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("student_area_week") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT week_start, area_no, sfi_notes, notes_so_far, met_so_far FROM student_area_week
                    WHERE intern_id = ? AND placement_start = ? ORDER BY week_start, area_no
                    """, arguments: [p.internID, p.placementStart]
            ).map { r in
                StudentAreaWeek(
                    weekStart: r["week_start"], areaNo: r["area_no"], sfiNotes: r["sfi_notes"],
                    notesSoFar: r["notes_so_far"], metSoFar: (r["met_so_far"] as Int) != 0)
            }
        }
    }

    /// The twelve nursing problem areas, in order.
    func areas() async throws -> [NursingArea] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("nursing_problem_area") else { return [] }
            return try Row.fetchAll(
                db, sql: "SELECT area_no, sfi_area, name_en FROM nursing_problem_area ORDER BY area_no"
            )
            .map { NursingArea(number: $0["area_no"], da: $0["sfi_area"], en: $0["name_en"]) }
        }
    }

    /// How far the EHR trace reaches, and its newest delivery.
    func status() async throws -> StudentDataStatus {
        try await warehouse.dbQueue.read { db in
            let through: String? =
                try db.tableExists("ehr_event")
                ? try String.fetchOne(db, sql: "SELECT MAX(event_date) FROM ehr_event") : nil
            let delivery: String? =
                try db.tableExists("landing_files")
                ? try String.fetchOne(
                    db,
                    sql:
                        "SELECT MAX(delivery_date) FROM landing_files WHERE source = 'ehr_activity' AND status = 'loaded'"
                )
                : nil
            return StudentDataStatus(traceThrough: through, latestDelivery: delivery)
        }
    }

    /// The comment thread of a placement, oldest first.
    func comments(of p: StudentPlacement, limit: Int = 200) async throws -> [StudentComment] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("web_student_comments") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT author, body, created_at FROM (
                        SELECT comment_id, author, body, created_at FROM web_student_comments
                        WHERE intern_id = ? AND placement_start = ? ORDER BY comment_id DESC LIMIT ?
                    ) ORDER BY comment_id
                    """, arguments: [p.internID, p.placementStart, limit]
            ).map {
                StudentComment(
                    author: StudentComment.Author(rawValue: $0["author"]) ?? .supervisor, body: $0["body"],
                    createdAt: $0["created_at"])
            }
        }
    }

    /// Adds a comment to the thread of a placement.
    func addComment(to p: StudentPlacement, author: StudentComment.Author, body: String, now: Date = Date())
        async throws
    {
        let stamp = ISO8601DateFormatter().string(from: now)
        try await warehouse.dbQueue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_student_comments (intern_id, placement_start, author, body, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [p.internID, p.placementStart, author.rawValue, body, stamp])
        }
    }
}
