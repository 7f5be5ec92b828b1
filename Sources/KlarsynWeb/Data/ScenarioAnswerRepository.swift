import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

/// The questions an HR partner can answer from the browser: yes/no (`long_term`) or a number.
/// The raw values are the scenario file's `expect` keys.
enum ScenarioAnswerKey: String, CaseIterable, Sendable {
    case longTerm = "long_term"
    case spells = "spells"
    case longTermDays = "long_term_days"
    case shortTermDays = "short_term_days"
    case daysLost = "days_lost"
    case fteDaysLost = "fte_days_lost"

    var isYesNo: Bool { self == .longTerm }

    var label: UIText {
        switch self {
        case .longTerm: .answerKeyLongTerm
        case .spells: .answerKeySpells
        case .longTermDays: .answerKeyLongTermDays
        case .shortTermDays: .answerKeyShortTermDays
        case .daysLost: .answerKeyDaysLost
        case .fteDaysLost: .answerKeyFTEDaysLost
        }
    }

    /// The value as stored and as written in the YAML file (`true`/`false`, `2.5`, `3`), or `nil`
    /// when the text is not an answer to this question. Accepts ja/nej, yes/no and a decimal comma.
    func normalise(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if isYesNo {
            switch t {
            case "ja", "yes", "true": return "true"
            case "nej", "no", "false": return "false"
            default: return nil
            }
        }
        guard t.count <= 12, let v = Double(t.replacingOccurrences(of: ",", with: ".")), v.isFinite, v >= 0,
            v <= 10_000
        else { return nil }
        if self == .spells { return v == v.rounded() ? String(Int(v)) : nil }
        return ScenarioYAML.number(v)
    }

    /// Writes a stored value into an expectation.
    func apply(_ value: String, to e: inout Scenario.Expectation) {
        switch self {
        case .longTerm: e.longTerm = value == "true"
        case .spells: e.spells = Int(value)
        case .longTermDays: e.longTermDays = Double(value)
        case .shortTermDays: e.shortTermDays = Double(value)
        case .daysLost: e.daysLost = Double(value)
        case .fteDaysLost: e.fteDaysLost = Double(value)
        }
    }
}

/// One answer given on the scenario page.
struct ScenarioAnswer: Sendable, Equatable {
    var key: ScenarioAnswerKey
    /// Normalised value (see ``ScenarioAnswerKey/normalise(_:)``).
    var value: String
    var comment: String
    /// Free text role or name (log-in comes in step 6).
    var answeredBy: String
    /// `yyyy-mm-ddTHH:MM:SSZ`.
    var answeredAt: String
}

extension Scenario {
    /// The scenario with the workbench answers laid over the file's `expect`: the newest answer
    /// per key wins; `answered_by`/`answered_at` become those of the newest answer.
    /// `answers` are newest first.
    func including(_ answers: [ScenarioAnswer]) -> Scenario {
        guard let newest = answers.first else { return self }
        var s = self
        for a in answers.reversed() { a.key.apply(a.value, to: &s.expect) }
        s.answeredBy = newest.answeredBy
        s.answeredAt = CalendarDay(iso: String(newest.answeredAt.prefix(10))) ?? s.answeredAt
        return s
    }
}

/// Stores and lists scenario answers (table `web_scenario_answers`, async GRDB access).
struct ScenarioAnswerRepository: Sendable {
    let warehouse: Warehouse
    static let maxComment = 2000
    static let maxAnsweredBy = 80

    static let migration = WarehouseMigration("web-scenario-answers-v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE web_scenario_answers (
                    answer_id    INTEGER PRIMARY KEY,
                    scenario_id  TEXT NOT NULL,
                    answer_key   TEXT NOT NULL,
                    value        TEXT NOT NULL,
                    comment      TEXT NOT NULL,
                    answered_by  TEXT NOT NULL,
                    answered_at  TEXT NOT NULL
                );
                CREATE INDEX web_scenario_answers_scenario ON web_scenario_answers(scenario_id, answer_id);
                """)
    }

    func add(scenario: String, _ answer: ScenarioAnswer) async throws {
        try await warehouse.dbQueue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_scenario_answers (scenario_id, answer_key, value, comment, answered_by, answered_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    scenario, answer.key.rawValue, answer.value, answer.comment, answer.answeredBy, answer.answeredAt,
                ])
        }
    }

    /// The answers to one scenario, newest first.
    func list(scenario: String) async throws -> [ScenarioAnswer] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("web_scenario_answers") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT answer_key, value, comment, answered_by, answered_at FROM web_scenario_answers
                    WHERE scenario_id = ? ORDER BY answer_id DESC
                    """, arguments: [scenario]
            ).compactMap { r in
                ScenarioAnswerKey(rawValue: r["answer_key"]).map {
                    ScenarioAnswer(
                        key: $0, value: r["value"], comment: r["comment"], answeredBy: r["answered_by"],
                        answeredAt: r["answered_at"])
                }
            }
        }
    }

    /// Every scenario's answers, newest first (for the workbench index).
    func all() async throws -> [String: [ScenarioAnswer]] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("web_scenario_answers") else { return [:] }
            var out: [String: [ScenarioAnswer]] = [:]
            for r in try Row.fetchAll(
                db,
                sql:
                    "SELECT scenario_id, answer_key, value, comment, answered_by, answered_at FROM web_scenario_answers ORDER BY answer_id DESC"
            ) {
                guard let key = ScenarioAnswerKey(rawValue: r["answer_key"]) else { continue }
                out[r["scenario_id"], default: []].append(
                    ScenarioAnswer(
                        key: key, value: r["value"], comment: r["comment"], answeredBy: r["answered_by"],
                        answeredAt: r["answered_at"]))
            }
            return out
        }
    }
}

/// Writes a scenario file with the workbench answers in it, for `scenarios/ID.yml`.
///
/// The file as read at start-up is kept line for line (registrations, comments); the top-level
/// `expect`, `answered_by` and `answered_at` are replaced by the merged answer at the end of the
/// file. The result is parsed back with `ScenarioLoader` before it is served.
enum ScenarioYAML {
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// A double-quoted YAML scalar on one line.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r", "\t": out += " "
            default:
                if c.value < 0x20 || c.value == 0x7F { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// One line for a YAML comment: no line breaks.
    static func commentLine(_ s: String) -> String {
        String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// The `expect:` block of an expectation, keys in the order of the format description.
    static func expectBlock(_ e: Scenario.Expectation, comments: [ScenarioAnswerKey: String]) -> [String] {
        var lines = ["expect:"]
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            if let k = ScenarioAnswerKey(rawValue: key), let c = comments[k], !c.isEmpty {
                lines.append("  # " + commentLine(c))
            }
            lines.append("  \(key): \(value)")
        }
        add("spells", e.spells.map(String.init))
        add("long_term", e.longTerm.map { $0 ? "true" : "false" })
        add("long_term_from", e.longTermFrom?.iso)
        add("long_term_days", e.longTermDays.map(number))
        add("short_term_days", e.shortTermDays.map(number))
        add("days_lost", e.daysLost.map(number))
        add("fte_days_lost", e.fteDaysLost.map(number))
        if !e.longTermDaysIn.isEmpty {
            let items = e.longTermDaysIn.sorted { $0.key < $1.key }.map { "\($0.key.text): \(number($0.value))" }
            lines.append("  long_term_days_in: {" + items.joined(separator: ", ") + "}")
        }
        return lines.count == 1 ? ["expect: {}"] : lines
    }

    /// `original` with `expect`, `answered_by`, `answered_at` replaced from `merged`.
    static func export(original: String, merged: Scenario, answers: [ScenarioAnswer]) -> String {
        let replaced: Set<String> = ["expect", "answered_by", "answered_at"]
        var kept: [String] = []
        var skipping = false
        for line in original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let topLevel = !(line.first?.isWhitespace ?? true) && line.first != "#"
            if topLevel {
                let key = line.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                skipping = replaced.contains(key.trimmingCharacters(in: .whitespaces))
            }
            if !skipping { kept.append(line) }
        }
        while kept.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { kept.removeLast() }
        var comments: [ScenarioAnswerKey: String] = [:]
        for a in answers where comments[a.key] == nil {
            comments[a.key] =
                "\(a.answeredBy), \(a.answeredAt.prefix(10))" + (a.comment.isEmpty ? "" : ": " + a.comment)
        }
        var out = kept
        out += expectBlock(merged.expect, comments: comments)
        if let by = merged.answeredBy { out.append("answered_by: " + quoted(by)) }
        if let at = merged.answeredAt { out.append("answered_at: " + at.iso) }
        return out.joined(separator: "\n") + "\n"
    }
}
