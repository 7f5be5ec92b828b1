import KlarsynCore
import KlarsynMetrics
import Testing

/// E1–E5 of `definitions/sick-leave.md`, exactly.
@Suite struct WorkedExamplesTests {
    let tree = UnitTree(periods: [
        UnitPeriod(unitId: "R", parentId: nil, validFrom: day("2000-01-01")),
        UnitPeriod(unitId: "D1", parentId: "R", validFrom: day("2000-01-01")),
        UnitPeriod(unitId: "W1", parentId: "D1", validFrom: day("2000-01-01")),
    ])

    @Test func e1FTEWeighting() {
        let engine = SickLeaveEngine(definition: .regionDefault, units: tree, through: day("2024-05-31"))
        let a = EmployeeInput(
            employeeId: "A", employments: [fullTime(hours: 37)], registrations: sick("2024-04-08..2024-04-12"))
        let b = EmployeeInput(
            employeeId: "B", employments: [fullTime(hours: 0.6 * 37)], registrations: sick("2024-04-26..2024-05-03"))
        let c = EmployeeInput(
            employeeId: "C", employments: [fullTime(hours: 0.8 * 37, from: "2024-04-16")], registrations: [])
        var units = SickLeaveUnitAggregator(units: tree, definitionVersion: 1)
        for e in [a, b, c] { units.add(engine.compute(e)) }
        let rows = units.rows()
        for unit in ["W1", "D1", "R"] {
            let april = rows.first { $0.unitId == unit && $0.month == month("2024-04") }!
            #expect(april.fteDaysLost == 8.0)
            #expect(april.fteDaysAvailable == 60.0)
            #expect(april.ratePct == 13.33)
            #expect(april.spellsStarted == 2)
            let may = rows.first { $0.unitId == unit && $0.month == month("2024-05") }!
            #expect(may.fteDaysLost == 1.8)
            #expect(may.spellsStarted == 0)
        }
        let bMay = engine.compute(b).months.first { $0.month == month("2024-05") }!
        #expect(bMay.fteDaysLost == 1.8)
        #expect(bMay.shortDays == 3)
        // C has no row before April (no counted employment), and 12 FTE days in April.
        let cRows = engine.compute(c).months
        #expect(cRows.first?.month == month("2024-04"))
        #expect(cRows.first?.fteDaysAvailable == 12.0)
    }

    @Test(arguments: [(2, 2, false, 35, 31), (4, 1, true, 35, 31)])
    func e2Linking(gap: Int, spells: Int, long: Bool, span: Int, sickDays: Int) {
        let d = definition { $0.linkGapDays = gap }
        let engine = SickLeaveEngine(definition: d, through: day("2024-02-29"))
        let input = EmployeeInput(
            employeeId: "E2", employments: [fullTime()],
            registrations: sick("2024-01-02..2024-01-20") + sick("2024-01-25..2024-02-05"))
        let r = engine.compute(input)
        #expect(r.spells.count == spells)
        if spells == 1 {
            #expect(r.spells[0].spanDays == span)
            #expect(r.spells[0].sickDays == sickDays)
        } else {
            #expect(r.spells.map(\.sickDays) == [19, 12])
        }
        #expect(r.spells.allSatisfy { $0.isLongTerm == long })
    }

    @Test(arguments: [
        (ClassificationMode.retroactive, 0.0, 12.0, 0.0, 25.0),
        (ClassificationMode.asOf, 12.0, 0.0, 0.0, 25.0),
        (ClassificationMode.dayPosition, 12.0, 0.0, 16.0, 9.0),
    ])
    func e3Classifications(
        mode: ClassificationMode, marchShort: Double, marchLong: Double, aprilShort: Double, aprilLong: Double
    ) {
        let engine = SickLeaveEngine(definition: definition { $0.classification = mode }, through: day("2024-04-30"))
        let input = EmployeeInput(
            employeeId: "E3", employments: [fullTime()], registrations: sick("2024-03-20..2024-04-25"))
        let r = engine.compute(input)
        #expect(r.spells.count == 1)
        #expect(r.spells[0].spanDays == 37)
        let march = r.months.first { $0.month == month("2024-03") }!
        let april = r.months.first { $0.month == month("2024-04") }!
        #expect(march.shortDays == marchShort)
        #expect(march.longDays == marchLong)
        #expect(april.shortDays == aprilShort)
        #expect(april.longDays == aprilLong)
        if mode == .dayPosition {
            // Day 29 of the spell is 17 April: the first long-term date.
            let e = engine.explain(input, month: month("2024-04"))
            #expect(e.spells[0].longTermFrom == day("2024-04-17"))
        }
    }

    @Test func e4HalfDays() {
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        let input = EmployeeInput(
            employeeId: "E4", employments: [fullTime()],
            registrations: sick("2024-03-04", part: .half) + sick("2024-03-05..2024-03-06"))
        let r = engine.compute(input)
        #expect(r.spells.count == 1)
        #expect(r.spells[0].spanDays == 3)
        #expect(r.spells[0].daysLost == 2.5)
        #expect(r.months.first { $0.month == month("2024-03") }?.shortDays == 2.5)
    }

    @Test func e5RetractionSplitsSpell() {
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        let base = sick("2024-03-01") + sick("2024-03-04") + sick("2024-03-07..2024-03-08")
        let before = engine.compute(EmployeeInput(employeeId: "E5", employments: [fullTime()], registrations: base))
        #expect(before.spells.count == 1)
        var retraction = sick("2024-03-04", order: 5, file: "psc_absences_20240312.csv")[0]
        retraction.deleted = true
        let after = engine.compute(
            EmployeeInput(employeeId: "E5", employments: [fullTime()], registrations: base + [retraction]))
        #expect(after.spells.count == 2)
        #expect(after.totalDaysLost == 3)
        #expect(!after.spells.contains { $0.firstDate == day("2024-03-04") || $0.lastDate == day("2024-03-04") })
    }

    @Test func e5RetractionInsideGapBridges() {
        // Retracting the middle day of Mon–Wed leaves a 1-day gap ≤ link_gap_days: still one spell.
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        var retraction = sick("2024-03-05", order: 1)[0]
        retraction.deleted = true
        let r = engine.compute(
            EmployeeInput(
                employeeId: "E5b", employments: [fullTime()],
                registrations: sick("2024-03-04..2024-03-06") + [retraction]))
        #expect(r.spells.count == 1)
        #expect(r.spells[0].sickDays == 2)
        #expect(r.spells[0].spanDays == 3)
    }

    @Test func newestVersionWinsByDeliveryOrderNotArrayOrder() {
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        var newer = sick("2024-03-04", order: 9)[0]
        newer.code = "FERIE"
        let older = sick("2024-03-04", order: 3)[0]
        // Newer first in the array: delivery order decides, so the day is holiday, not sickness.
        let r = engine.compute(
            EmployeeInput(employeeId: "X", employments: [fullTime()], registrations: [newer, older]))
        #expect(r.spells.isEmpty)
        #expect(r.months.allSatisfy { $0.shortDays == 0 })
    }

    @Test func knowledgeCutoffIgnoresLaterRegistrations() {
        let regs = sick("2024-03-04..2024-03-05", registeredDaysAfter: 1) + sick("2024-03-06", registeredDaysAfter: 20)
        let cut = CopenhagenTime.instant(localDay: day("2024-03-10"), hour: 0, minute: 0, second: 0)
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"), knownAt: cut)
        let r = engine.compute(EmployeeInput(employeeId: "X", employments: [fullTime()], registrations: regs))
        #expect(r.totalDaysLost == 2)
    }

    @Test func sickDateOutsideEmploymentIsAFinding() {
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        let r = engine.compute(
            EmployeeInput(
                employeeId: "X", employments: [fullTime(from: "2024-03-10")],
                registrations: sick("2024-03-08..2024-03-11")))
        #expect(r.totalDaysLost == 2)
        #expect(r.findings.filter { $0.kind == .sickDateOutsideEmployment }.count == 2)
    }

    @Test func comparisonAndLengthBasis() {
        // 28 calendar days with one weekend unregistered: span 28, 26 sick dates.
        let regs = sick("2024-03-04..2024-03-22") + sick("2024-03-25..2024-03-31")
        func long(_ change: (inout SickLeaveParameters) -> Void) -> Bool {
            SickLeaveEngine(definition: definition(change), through: day("2024-03-31"))
                .compute(EmployeeInput(employeeId: "X", employments: [fullTime()], registrations: regs)).spells[0]
                .isLongTerm
        }
        #expect(!long { _ in })
        #expect(long { $0.longTermComparison = .greaterThanOrEqual })
        #expect(
            !long {
                $0.longTermComparison = .greaterThanOrEqual; $0.lengthBasis = .sickDays
            })
        #expect(
            long {
                $0.longTermComparison = .greaterThanOrEqual; $0.lengthBasis = .sickDays; $0.longTermThresholdDays = 26
            })
    }

    @Test func everyRowCarriesItsDefinitionVersion() {
        let engine = SickLeaveEngine(definition: definition(version: 2), units: tree, through: day("2024-03-31"))
        let r = engine.compute(
            EmployeeInput(employeeId: "X", employments: [fullTime()], registrations: sick("2024-03-04")))
        #expect(r.spells.allSatisfy { $0.definitionVersion == 2 })
        #expect(r.months.allSatisfy { $0.definitionVersion == 2 })
        var units = SickLeaveUnitAggregator(units: tree, definitionVersion: 2)
        units.add(r)
        #expect(units.rows().allSatisfy { $0.definitionVersion == 2 })
        #expect(SickSpellRow.columns.last == "definition_version")
        #expect(
            UnitMonthRow.columns == [
                "unit_id", "month", "fte_days_lost", "fte_days_available", "rate_pct", "short_days", "long_days",
                "spells_started", "definition_version",
            ])
    }
}

/// Employment history edge cases.
@Suite struct EmploymentTests {
    @Test func overlappingPeriodsPreferCountedFormThenLatestStart() {
        let engine = SickLeaveEngine(definition: .regionDefault, through: day("2024-03-31"))
        let periods = [
            EmploymentPeriod(from: day("2024-01-01"), form: "Vikar", weeklyHours: 37, unitId: "W9"),
            EmploymentPeriod(
                from: day("2024-02-01"), to: day("2024-02-29"), form: "Fastansat", weeklyHours: 18.5, unitId: "W1"),
            EmploymentPeriod(
                from: day("2024-02-15"), to: day("2024-03-10"), form: "Tidsbegrænset", weeklyHours: 37, unitId: "W2"),
        ]
        let r = engine.compute(
            EmployeeInput(
                employeeId: "O", employments: periods,
                registrations: sick("2024-02-10") + sick("2024-02-20") + sick("2024-03-20")))
        #expect(r.findings.contains { $0.kind == .overlappingEmployment })
        // 10 Feb: Fastansat 0.5 FTE; 20 Feb: Tidsbegrænset (later start) 1.0 FTE; 20 Mar: only Vikar → not counted.
        let feb = r.months.first { $0.month == month("2024-02") }!
        #expect(feb.fteDaysLost == 1.5)
        #expect(feb.fteDaysAvailable == 14 * 0.5 + 15 * 1.0)
        let mar = r.months.first { $0.month == month("2024-03") }!
        #expect(mar.shortDays == 0)
        #expect(mar.fteDaysAvailable == 10)
        #expect(
            r.months.first { $0.month == month("2024-01") } == nil,
            "January is Vikar only: no counted employment, no row")
    }

    @Test func unknownHomeUnitIsKeptNotDropped() {
        let tree = UnitTree(periods: [UnitPeriod(unitId: "R", parentId: nil, validFrom: day("2000-01-01"))])
        let engine = SickLeaveEngine(definition: .regionDefault, units: tree, through: day("2024-03-31"))
        let r = engine.compute(
            EmployeeInput(
                employeeId: "U", employments: [fullTime(unit: "W404", from: "2024-03-01")],
                registrations: sick("2024-03-04")))
        #expect(r.findings.contains { $0.kind == .unitNotInTree })
        #expect(r.unitContributions.map { r.unitId(of: $0, in: tree) } == ["W404"])
        var agg = SickLeaveUnitAggregator(units: tree, definitionVersion: 1)
        agg.add(r)
        #expect(agg.rows().map(\.unitId) == ["W404"])
        #expect(agg.rows()[0].ratePct == 3.23)
    }

    @Test func zeroAvailableGivesNullRate() {
        var agg = SickLeaveUnitAggregator(units: .empty, definitionVersion: 1)
        agg.add(
            EmployeeSickLeaveResult(
                employeeId: "Z", definitionVersion: 1, spells: [], months: [],
                unitContributions: [
                    UnitMonthContribution(
                        unit: 0, monthOrdinal: Int32(month("2024-03").ordinal), spellsStarted: 0, fteDaysLost: 0,
                        fteDaysAvailable: 0, shortDays: 0, longDays: 0)
                ], extraUnitIds: ["W0"], findings: []))
        #expect(agg.rows().first?.ratePct == nil)
    }
}
