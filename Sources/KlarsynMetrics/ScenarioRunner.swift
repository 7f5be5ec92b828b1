public import KlarsynCore

/// The figures a scenario's questions are about, as one definition version computes them.
public struct ScenarioActuals: Sendable, Equatable, Codable {
    /// Number of spells.
    public var spells: Int
    /// Σ long-term days.
    public var longTermDays: Double
    /// Σ short-term days.
    public var shortTermDays: Double
    /// Σ days lost.
    public var daysLost: Double
    /// Any long-term day.
    public var longTerm: Bool
    /// First long-term date.
    public var longTermFrom: CalendarDay?
    /// Σ FTE days lost.
    public var fteDaysLost: Double
    /// Long-term days per month.
    public var longTermDaysByMonth: [String: Double]
}

/// One checked key of a scenario.
public struct ScenarioCheck: Sendable, Equatable, Codable {
    /// The `expect` key, e.g. `long_term_days`.
    public var key: String
    /// HR's answer as written.
    public var expected: String
    /// What the definition computes.
    public var actual: String
    /// Equal?
    public var agrees: Bool
}

/// One scenario against one definition version.
public struct ScenarioOutcome: Sendable, Equatable, Codable {
    /// Scenario id.
    public var scenarioId: String
    /// The question.
    public var question: String
    /// HR's answer applies to this version and has at least one key.
    public var answered: Bool
    /// Every checked key agrees.
    public var agrees: Bool
    /// The checks.
    public var checks: [ScenarioCheck]
    /// The computed figures.
    public var actuals: ScenarioActuals
    /// For a contradiction: the explanation trace of every month the calendar touches.
    public var explanation: String?
}

/// How one definition version fares against HR's answers.
public struct DefinitionScenarioReport: Sendable, Equatable, Codable {
    /// `sick-leave@1`.
    public var definition: String
    /// Version number.
    public var version: Int
    /// Is this the current version?
    public var isCurrent: Bool
    /// Scenarios with an answer that applies to this version.
    public var answered: Int
    /// Of those, agreeing.
    public var agreeing: Int
    /// Of those, contradicting.
    public var contradicting: Int
    /// Every scenario's outcome (unanswered ones too, with `answered = false`).
    public var outcomes: [ScenarioOutcome]

    /// `sick-leave@1 (current): 9 answered, 9 agreeing, 0 contradicting`, then each contradiction.
    public func renderText(withExplanations: Bool = true) -> String {
        var out =
            "\(definition)\(isCurrent ? " (current)" : ""): \(answered) answered, \(agreeing) agreeing, \(contradicting) contradicting\n"
        for o in outcomes where o.answered && !o.agrees {
            out += "  CONTRADICTS \(o.scenarioId): \(o.question)\n"
            for c in o.checks where !c.agrees {
                out += "    \(c.key): HR answered \(c.expected), definition gives \(c.actual)\n"
            }
            if withExplanations, let e = o.explanation {
                out +=
                    e.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
                        separator: "\n") + "\n"
            }
        }
        return out
    }
}

/// Runs scenarios against definition versions.
public enum ScenarioRunner {
    /// Computes the figures of one scenario under one definition.
    public static func actuals(_ scenario: Scenario, definition: SickLeaveDefinition) -> ScenarioActuals {
        let engine = SickLeaveEngine(definition: definition, through: scenario.horizon)
        let input = scenario.employeeInput()
        let a = engine.analyse(input)
        var byMonth: [String: Double] = [:]
        for m in a.result.months where m.longDays > 0 { byMonth[m.month.text] = m.longDays }
        let firstLong = a.dates.indices.first { a.dateLong[$0] }.map { CalendarDay(dayNumber: a.dates[$0]) }
        let long = a.result.totalLongDays
        return ScenarioActuals(
            spells: a.result.spells.count, longTermDays: long, shortTermDays: a.result.totalShortDays,
            daysLost: a.result.totalDaysLost, longTerm: long > 0, longTermFrom: firstLong,
            fteDaysLost: round4(a.result.months.reduce(0) { $0 + $1.fteDaysLost }), longTermDaysByMonth: byMonth)
    }

    /// Checks one scenario against one definition version.
    public static func run(_ scenario: Scenario, definition: SickLeaveDefinition) -> ScenarioOutcome {
        let act = actuals(scenario, definition: definition)
        let e = scenario.expect
        var checks: [ScenarioCheck] = []
        func num(_ key: String, _ expected: Double?, _ actual: Double) {
            guard let expected else { return }
            checks.append(
                .init(
                    key: key, expected: SickLeaveWords.number(expected), actual: SickLeaveWords.number(actual),
                    agrees: abs(expected - actual) < 1e-6))
        }
        if let s = e.spells {
            checks.append(
                .init(key: "spells", expected: String(s), actual: String(act.spells), agrees: s == act.spells))
        }
        num("long_term_days", e.longTermDays, act.longTermDays)
        num("short_term_days", e.shortTermDays, act.shortTermDays)
        num("days_lost", e.daysLost, act.daysLost)
        if let l = e.longTerm {
            checks.append(
                .init(key: "long_term", expected: String(l), actual: String(act.longTerm), agrees: l == act.longTerm))
        }
        if let f = e.longTermFrom {
            checks.append(
                .init(
                    key: "long_term_from", expected: f.iso, actual: act.longTermFrom?.iso ?? "never",
                    agrees: f == act.longTermFrom))
        }
        num("fte_days_lost", e.fteDaysLost, act.fteDaysLost)
        for (m, v) in e.longTermDaysIn.sorted(by: { $0.key < $1.key }) {
            num("long_term_days_in \(m.text)", v, act.longTermDaysByMonth[m.text] ?? 0)
        }
        let answered = scenario.applies(to: definition.version) && e.isAnswered
        let agrees = checks.allSatisfy(\.agrees)
        var explanation: String?
        if answered && !agrees {
            let engine = SickLeaveEngine(definition: definition, through: scenario.horizon)
            let input = scenario.employeeInput()
            explanation = scenario.months.map { engine.explain(input, month: $0).renderText() }.joined(separator: "\n")
        }
        return ScenarioOutcome(
            scenarioId: scenario.id, question: scenario.question, answered: answered, agrees: agrees, checks: checks,
            actuals: act,
            explanation: explanation)
    }

    /// Runs every scenario against every version; `current` marks the current version.
    public static func run(_ scenarios: [Scenario], definitions: [SickLeaveDefinition], current: Int?)
        -> [DefinitionScenarioReport]
    {
        definitions.sorted { $0.version < $1.version }.map { d in
            let outcomes = scenarios.sorted { $0.id < $1.id }.map { run($0, definition: d) }
            let answered = outcomes.filter(\.answered)
            let agreeing = answered.filter(\.agrees).count
            return DefinitionScenarioReport(
                definition: d.reference, version: d.version, isCurrent: d.version == current, answered: answered.count,
                agreeing: agreeing,
                contradicting: answered.count - agreeing, outcomes: outcomes)
        }
    }

    /// True when the current version contradicts an HR answer (the CLI then exits non-zero).
    public static func currentContradicts(_ reports: [DefinitionScenarioReport]) -> Bool {
        reports.contains { $0.isCurrent && $0.contradicting > 0 }
    }
}
