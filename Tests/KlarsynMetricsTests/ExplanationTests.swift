import Foundation
import KlarsynCore
import KlarsynMetrics
import Testing

/// Explanations in words and JSON.
@Suite struct ExplanationTests {
    let tree = UnitTree(periods: [
        UnitPeriod(unitId: "R", parentId: nil, validFrom: day("2000-01-01")),
        UnitPeriod(unitId: "W1", parentId: "R", validFrom: day("2000-01-01")),
    ])

    func input() -> EmployeeInput {
        var retraction = sick(
            "2024-03-19", order: 7, file: "psc_absences_20240420.csv", line: 40, registeredDaysAfter: 30)[0]
        retraction.deleted = true
        let regs =
            sick("2024-03-04..2024-03-08", file: "psc_absences_20240310.csv", line: 2)
            + sick("2024-03-11", part: .half, file: "psc_absences_20240312.csv", line: 9)
            + sick("2024-03-18..2024-03-20", file: "psc_absences_20240321.csv", line: 3)
            + sick("2024-03-28..2024-04-12", file: "psc_absences_20240415.csv", line: 5, registeredDaysAfter: 12)
            + sick("2024-03-25", code: "BARN_SYG", file: "psc_absences_20240326.csv", line: 2)
            + [retraction]
        return EmployeeInput(employeeId: "E0042", employments: [fullTime(hours: 29.6)], registrations: regs)
    }

    @Test func textTellsTheWholeStory() {
        let engine = SickLeaveEngine(definition: .regionDefault, units: tree, through: day("2024-04-30"))
        let x = engine.explain(input(), month: month("2024-03"))
        let text = x.renderText()
        #expect(text.contains("Sick leave for employee E0042 in March 2024, computed with definition sick-leave@1."))
        #expect(
            text.contains(
                "Mon 4 Mar 2024 – Fri 8 Mar 2024 (5 dates) SYG FULL — used as a sick registration [psc_absences_20240310.csv:2–6]"
            ))
        #expect(text.contains("Retractions applied: Tue 19 Mar 2024 (psc_absences_20240420.csv:40)."))
        #expect(text.contains("LATE: registered 12 days after the date"))
        #expect(text.contains("BARN_SYG is not counted as own sickness"))
        #expect(text.contains("Bridged (not days lost): Sat 9 Mar 2024, Sun 10 Mar 2024."))
        #expect(
            text.contains(
                "Length 8 calendar days; long-term needs more than 28: the spell as known now is NOT long-term."))
        #expect(text.contains("Mon 11 Mar 2024: day 8 of spell 1, sick, part day (weight 0.5): short-term"))
        #expect(text.contains("The other 16 days: employed, not sick; FTE 0.8 (29.6 h/week) available."))
        #expect(text.contains("FTE 0.8 (29.6 h/week)"))
        // 4–8 Mar (5) + 11 Mar (0.5) + 18, 20 Mar (2) + 28–31 Mar (4) = 11.5 days; FTE 0.8.
        #expect(x.shortDays == 11.5)
        #expect(x.longDays == 0)
        #expect(x.fteDaysLost == 9.2)
        #expect(x.fteDaysAvailable == 24.8)
        #expect(
            text.contains(
                "Result for March 2024: 11.5 short-term days, 0 long-term days, 9.2 FTE days lost of 24.8 FTE days available."
            ))
        // The explanation agrees with the engine's month row.
        let row = engine.compute(input()).months.first { $0.month == month("2024-03") }!
        #expect(
            row.shortDays == x.shortDays && row.longDays == x.longDays && row.fteDaysLost == x.fteDaysLost
                && row.fteDaysAvailable == x.fteDaysAvailable)
    }

    @Test func jsonRoundTrips() throws {
        let engine = SickLeaveEngine(definition: .regionDefault, units: tree, through: day("2024-04-30"))
        let x = engine.explain(input(), month: month("2024-04"))
        let data = try JSONEncoder().encode(x)
        let back = try JSONDecoder().decode(SickLeaveExplanation.self, from: data)
        #expect(back == x)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"month\":\"2024-04\""))
        #expect(x.days.count == 30)
        #expect(x.spells.count == 1)
        #expect(x.spells[0].firstDate == day("2024-03-28"))
    }
}
