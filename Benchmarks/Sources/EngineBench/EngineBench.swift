import KlarsynCore
import KlarsynMetrics

/// Region-scale timing of the sick-leave engine step on synthetic inputs: 30,000 employees,
/// 5 years, every ward moving once. Prints the time; asserts nothing.
@main
struct EngineBench {
    static func main() {
            let employees = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 30_000 : 30_000
            var units: [UnitPeriod] = [UnitPeriod(unitId: "R", parentId: nil, validFrom: Self.day("2000-01-01"))]
            for h in 0..<5 {
                units.append(UnitPeriod(unitId: "H\(h)", parentId: "R", validFrom: Self.day("2000-01-01")))
                for d in 0..<20 {
                    units.append(UnitPeriod(unitId: "H\(h)D\(d)", parentId: "H\(h)", validFrom: Self.day("2000-01-01")))
                    for w in 0..<5 {
                        // every ward moves once, on a different date
                        let move = Self.day("2021-01-01").adding(days: (h * 100 + d * 5 + w) * 3)
                        units.append(
                            UnitPeriod(
                                unitId: "H\(h)D\(d)W\(w)", parentId: "H\(h)D\(d)", validFrom: Self.day("2000-01-01"),
                                validTo: move.adding(days: -1)))
                        units.append(
                            UnitPeriod(unitId: "H\(h)D\(d)W\(w)", parentId: "H\(h)D\((d + 1) % 20)", validFrom: move))
                    }
                }
            }
            let tree = UnitTree(periods: units)
            let engine = SickLeaveEngine(definition: .regionDefault, units: tree, through: Self.day("2024-12-31"))
            var aggregator = SickLeaveUnitAggregator(units: tree, definitionVersion: 1)
            var rng = SplitMix64(seed: 42)
            let start = Self.day("2020-01-01").dayNumber
            let end = Self.day("2024-12-31").dayNumber
            var rows = 0
            var spells = 0
            var engineTime = Duration.zero
            let clock = ContinuousClock()
            let file = "psc_absences_20240101.csv"
            for e in 0..<employees {
                let unit = "H\(e % 5)D\((e / 5) % 20)W\((e / 100) % 5)"
                var employments: [EmploymentPeriod] = []
                var from = start
                while from <= end {
                    let length = Int.random(in: 200...900, using: &rng)
                    employments.append(
                        EmploymentPeriod(
                            from: CalendarDay(dayNumber: from), to: CalendarDay(dayNumber: from + length - 1),
                            form: "Fastansat", weeklyHours: [37, 32, 30].randomElement(using: &rng)!, unitId: unit))
                    from += length
                }
                var regs: [AbsenceRegistration] = []
                regs.reserveCapacity(200)
                var d = start + Int.random(in: 0..<30, using: &rng)
                while d <= end {
                    let length =
                        Int.random(in: 0..<15, using: &rng) == 0
                        ? Int.random(in: 10...40, using: &rng) : Int.random(in: 1...4, using: &rng)
                    let code = Int.random(in: 0..<3, using: &rng) == 0 ? "FERIE" : "SYG"
                    for k in 0..<length where d + k <= end {
                        regs.append(
                            AbsenceRegistration(
                                absenceId: "A\(e)-\(regs.count)", date: CalendarDay(dayNumber: d + k), code: code,
                                part: .full, registeredAt: nil,
                                deleted: false, deliveryOrder: 0, source: SourceRef(file: file, line: regs.count + 2)))
                    }
                    d += length + Int.random(in: 5...40, using: &rng)
                }
                rows += regs.count
                let input = EmployeeInput(employeeId: "E\(e)", employments: employments, registrations: regs)
                let t0 = clock.now
                let result = engine.compute(input)
                aggregator.add(result)
                engineTime += clock.now - t0
                spells += result.spells.count
            }
            let t0 = clock.now
            let unitRows = aggregator.rows()
            engineTime += clock.now - t0
            print(
                "sick-leave engine: \(employees) employees, \(rows) absence rows, \(spells) spells, \(unitRows.count) unit-month rows: engine \(engineTime)"
            )
    }

    static func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
}
