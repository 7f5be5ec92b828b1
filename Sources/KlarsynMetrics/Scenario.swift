public import KlarsynCore

/// An HR scenario (`workspace/scenarios/*.yml`, format of `scenarios.md`): a small made-up
/// calendar, one question, and HR's answer, which becomes an executable test.
public struct Scenario: Sendable, Equatable {
    /// One registration line: a date or range, code, part; `deleted` retracts the earlier line(s) on those dates.
    public struct Registration: Sendable, Equatable {
        /// First date.
        public var from: CalendarDay
        /// Last date (= `from` for a single date).
        public var to: CalendarDay
        /// Code.
        public var code: String
        /// Part.
        public var part: AbsencePart
        /// A later delivery retracts the earlier registration of the same code on these dates.
        public var deleted: Bool
        /// Registration day (local), when the scenario says so; else the date itself.
        public var registeredOn: CalendarDay?
        /// Line in the scenario file.
        public var line: Int

        /// Creates a registration line.
        public init(
            from: CalendarDay, to: CalendarDay, code: String, part: AbsencePart, deleted: Bool = false,
            registeredOn: CalendarDay? = nil, line: Int = 0
        ) {
            self.from = from
            self.to = to
            self.code = code
            self.part = part
            self.deleted = deleted
            self.registeredOn = registeredOn
            self.line = line
        }
    }

    /// What HR answered; any subset.
    public struct Expectation: Sendable, Equatable {
        /// Number of spells.
        public var spells: Int?
        /// Σ long-term days.
        public var longTermDays: Double?
        /// Σ short-term days.
        public var shortTermDays: Double?
        /// Σ days lost.
        public var daysLost: Double?
        /// Any long-term days at all.
        public var longTerm: Bool?
        /// First long-term date.
        public var longTermFrom: CalendarDay?
        /// Klarsyn extension: Σ FTE days lost.
        public var fteDaysLost: Double?
        /// Klarsyn extension: long-term days in one month (`long_term_days_in: {2024-03: 12}`).
        public var longTermDaysIn: [YearMonth: Double]

        /// Creates an expectation.
        public init(
            spells: Int? = nil, longTermDays: Double? = nil, shortTermDays: Double? = nil, daysLost: Double? = nil,
            longTerm: Bool? = nil,
            longTermFrom: CalendarDay? = nil, fteDaysLost: Double? = nil, longTermDaysIn: [YearMonth: Double] = [:]
        ) {
            self.spells = spells
            self.longTermDays = longTermDays
            self.shortTermDays = shortTermDays
            self.daysLost = daysLost
            self.longTerm = longTerm
            self.longTermFrom = longTermFrom
            self.fteDaysLost = fteDaysLost
            self.longTermDaysIn = longTermDaysIn
        }

        /// True when HR answered anything.
        public var isAnswered: Bool {
            spells != nil || longTermDays != nil || shortTermDays != nil || daysLost != nil || longTerm != nil
                || longTermFrom != nil
                || fteDaysLost != nil || !longTermDaysIn.isEmpty
        }
    }

    /// Scenario id (file name without `.yml`).
    public var id: String
    /// The question put to HR.
    public var question: String
    /// Employment periods (one for most scenarios).
    public var employments: [EmploymentPeriod]
    /// Registration lines.
    public var registrations: [Registration]
    /// HR's answer.
    public var expect: Expectation
    /// Who answered (role).
    public var answeredBy: String?
    /// When.
    public var answeredAt: CalendarDay?
    /// Definition versions the answer applies to; empty = all.
    public var definitions: [Int]
    /// Workspace file, e.g. `scenarios/four-day-gap.yml`.
    public var sourceFile: String

    /// Creates a scenario.
    public init(
        id: String, question: String, employments: [EmploymentPeriod], registrations: [Registration],
        expect: Expectation,
        answeredBy: String? = nil, answeredAt: CalendarDay? = nil, definitions: [Int] = [], sourceFile: String = ""
    ) {
        self.id = id
        self.question = question
        self.employments = employments
        self.registrations = registrations
        self.expect = expect
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.definitions = definitions
        self.sourceFile = sourceFile.isEmpty ? "scenarios/\(id).yml" : sourceFile
    }

    /// True when the answer applies to this definition version.
    public func applies(to version: Int) -> Bool { definitions.isEmpty || definitions.contains(version) }

    /// The employee id used for the scenario's made-up person.
    public var employeeId: String { "SCENARIO-\(id)" }

    /// Last day the scenario's calendar needs: the end of the month of its last registration or employment start.
    public var horizon: CalendarDay {
        var last = employments.map(\.from).max() ?? CalendarDay(dayNumber: 0)
        for r in registrations { last = max(last, r.to) }
        return last.yearMonth.lastDay
    }

    /// The months the calendar shows: from the first to the last registration.
    public var months: [YearMonth] {
        guard let first = registrations.map(\.from).min(), let last = registrations.map(\.to).max() else { return [] }
        var out: [YearMonth] = []
        var m = first.yearMonth
        while m <= last.yearMonth {
            out.append(m)
            m = m.next
        }
        return out
    }

    /// The scenario as engine input: one absence id per date and line; a `deleted` line is a later
    /// delivery of the most recent earlier registration of the same code on that date.
    public func employeeInput() -> EmployeeInput {
        var regs: [AbsenceRegistration] = []
        var latestId: [String: String] = [:]  // "date|code" → absence id
        let file = sourceFile
        for (n, line) in registrations.enumerated() {
            var d = line.from
            while d <= line.to {
                let key = "\(d.iso)|\(line.code)"
                let registered = line.registeredOn ?? d
                let instant = CopenhagenTime.instant(localDay: registered, hour: 12, minute: 0, second: 0)
                let id: String
                if line.deleted, let previous = latestId[key] {
                    id = previous
                } else {
                    id = "L\(n + 1)-\(d.iso)"
                    latestId[key] = id
                }
                regs.append(
                    AbsenceRegistration(
                        absenceId: id, date: d, code: line.code, part: line.part, registeredAt: instant,
                        deleted: line.deleted,
                        deliveryOrder: n, source: SourceRef(file: file, line: line.line)))
                d = d.adding(days: 1)
            }
        }
        return EmployeeInput(employeeId: employeeId, employments: employments, registrations: regs)
    }
}
