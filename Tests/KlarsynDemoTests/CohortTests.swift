import Foundation
import KlarsynCore
import Testing

@testable import KlarsynDemo

/// Student placements come in cohorts (decision 0140): checked on the intern files of generated
/// regions, independently of the generator's code.
@Suite("Student cohorts")
struct CohortTests {
    /// One placement row of an intern file.
    struct Row {
        let file: String
        let intern: String
        let semester: Int
        let ward: String
        let start: CalendarDay
        let end: CalendarDay
        let supervisor: String
    }

    static func placements(_ g: Generated) -> [Row] {
        g.rows("interns").map { r in
            let f = r.fields
            return Row(
                file: r.file, intern: f[0], semester: Int(f[2])!, ward: f[3], start: CalendarDay(iso: f[4])!,
                end: CalendarDay(iso: f[5])!, supervisor: f[6])
        }
    }

    /// Cohorts: the placements of one delivery (one term) and one semester.
    static func cohorts(_ rows: [Row]) -> [String: [Row]] {
        Dictionary(grouping: rows) { $0.file + "|" + String($0.semester) }
    }

    /// The clean fixture and the region of the test script (`klarsyn demo --employees 600`).
    @Test(arguments: [400, 600])
    func mostCohortsReachFiveAndSomeDoNot(employees: Int) throws {
        let g =
            employees == 400
            ? Generated.clean : Generated.make(RegionSpec(employees: employees, years: 2, seed: 1), tag: "cohorts")
        let rows = CohortTests.placements(g)
        let cohorts = CohortTests.cohorts(rows)
        let big = cohorts.values.filter { $0.count >= 5 }
        let small = cohorts.values.filter { $0.count < 5 }
        #expect(big.count > small.count, "\(big.count) cohorts of 5 or more, \(small.count) below")
        #expect(!small.isEmpty, "some cohort stays below 5")
        let inBig: Int = big.reduce(0) { $0 + $1.count }
        let inSmall: Int = small.reduce(0) { $0 + $1.count }
        #expect(inBig > 2 * inSmall, "\(inBig) students in cohorts of 5 or more, \(inSmall) below")
        for (key, members) in cohorts {
            // A cohort starts on one Monday and ends on one Friday, 8 to 10 weeks later.
            #expect(Set(members.map(\.start)).count == 1, "\(key) starts together")
            #expect(Set(members.map(\.end)).count == 1, "\(key) ends together")
            let first = members[0]
            #expect(first.start.weekday == .monday && first.end.weekday == .friday)
            #expect((8...10).contains((first.start.days(to: first.end) + 3) / 7))
            // Spring terms place even semesters of the big intake, autumn terms odd ones; the small
            // intake is the other parity, so the two never share a cohort.
            let month = first.start.components.month
            #expect((2...3).contains(month) || (9...10).contains(month), "\(key) starts early in its term")
        }
        // Each term: two cohorts of one parity (the big intake) and one of the other.
        for (file, term) in Dictionary(grouping: rows, by: \.file) {
            let semesters = Set(term.map(\.semester))
            let spring = term[0].start.components.month < 8
            let bigParity = spring ? 0 : 1
            #expect(semesters.filter { $0 % 2 == bigParity }.count == 2, "\(file): \(semesters.sorted())")
            #expect(semesters.filter { $0 % 2 != bigParity }.count == 1, "\(file): \(semesters.sorted())")
            #expect(!semesters.contains(1))
        }
        #expect(Set(rows.map(\.intern)).count == rows.count)
    }

    @Test func supervisorsAreWardNursesWithAFewStudents() throws {
        let g = Generated.clean
        let rows = CohortTests.placements(g)
        let periods = employmentPeriods(g)
        var perSupervisor: [String: Int] = [:]
        for row in rows {
            perSupervisor[row.supervisor, default: 0] += 1
            let inPost = (periods[row.supervisor] ?? []).contains { p in
                p.unit == row.ward && p.from <= row.start && (p.to.map { $0 >= row.start } ?? true)
            }
            #expect(inPost, "the supervisor of \(row.intern) works in the ward at the start")
        }
        // Supervision is handed round: in these small wards (a handful of nurses, a dozen students a
        // term) a few nurses get a fifth student, most have 2 to 4.
        let loads = perSupervisor.values.sorted()
        #expect(loads.filter { $0 > 4 }.count * 4 <= loads.count, "\(loads)")
        #expect(loads.allSatisfy { $0 <= 6 }, "\(loads)")
        // The demo supervisor: the supervisor of the student with the lowest id.
        let first = rows.min { $0.intern < $1.intern }!
        #expect((2...4).contains(perSupervisor[first.supervisor]!))
    }

    @Test func theSameSeedGivesTheSamePlacements() throws {
        let spec = RegionSpec(employees: 400, years: 2, seed: 11)
        let again = Generated.make(spec, tag: "cohorts-again")
        for name in Generated.clean.names("interns") {
            #expect(again.files[name] == Generated.clean.files[name], "\(name)")
        }
        let other = Generated.make(RegionSpec(employees: 400, years: 2, seed: 12), tag: "cohorts-other")
        let otherBytes: [[UInt8]] = other.names("interns").map { other.files[$0]! }
        let cleanBytes: [[UInt8]] = Generated.clean.names("interns").map { Generated.clean.files[$0]! }
        #expect(otherBytes != cleanBytes)
    }
}
