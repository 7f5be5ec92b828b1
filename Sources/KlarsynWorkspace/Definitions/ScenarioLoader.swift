public import Foundation
import KlarsynCore
public import KlarsynMetrics
import Yams

/// Loads HR scenarios from `scenarios/*.yml` (format of `definitions/scenarios.md`).
public enum ScenarioLoader {
    /// Workspace-relative folder of scenario files.
    public static let relativeFolder = "scenarios"

    static let topKeys = [
        "id", "question", "employment", "registrations", "expect", "answered_by", "answered_at", "definitions",
        "definition", "note",
    ]
    static let employmentKeys = ["from", "to", "weekly_hours", "form", "unit"]
    static let registrationKeys = ["dates", "code", "part", "deleted", "registered_at"]
    static let expectKeys = [
        "spells", "long_term_days", "short_term_days", "days_lost", "long_term", "long_term_from", "fte_days_lost",
        "long_term_days_in",
    ]

    /// Reads every `scenarios/*.yml` (and `.yaml`) of a workspace folder, sorted by id.
    ///
    /// - Throws: ``DefinitionFileError`` for the first file that is not valid.
    public static func loadAll(workspace: URL) throws -> [Scenario] {
        let folder = workspace.appendingPathComponent(relativeFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var out: [Scenario] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let rel = "\(relativeFolder)/\(name)"
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
                throw DefinitionFileError(
                    code: "scenario.unreadable", file: rel, message: "cannot read the file as UTF-8 text")
            }
            out.append(try parse(text, file: rel))
        }
        return out.sorted { $0.id < $1.id }
    }

    /// Parses one scenario file.
    ///
    /// - Throws: ``DefinitionFileError`` with file, line, field and what is allowed.
    public static func parse(_ text: String, file: String) throws -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let
            YamlError.composer(_, problem, mark, _)
        {
            throw DefinitionFileError(
                code: "scenario.yaml-syntax", file: file, line: mark.line, message: "YAML syntax: \(problem)")
        } catch {
            throw DefinitionFileError(code: "scenario.yaml-syntax", file: file, message: "YAML syntax: \(error)")
        }
        guard let root, let map = root.mapping else {
            throw DefinitionFileError(
                code: "scenario.field", file: file, line: root?.mark?.line,
                message: "a scenario file must be a mapping with id, question, employment, registrations, expect")
        }
        func fail(_ node: Node?, _ field: String, _ message: String) -> DefinitionFileError {
            DefinitionFileError(
                code: "scenario.field", file: file, line: node?.mark?.line ?? root.mark?.line, field: field,
                message: "`\(field)`: " + message)
        }
        try checkKeys(map, allowed: topKeys, prefix: "", file: file)
        func required(_ key: String) throws -> Node {
            guard let n = map[key] else { throw fail(root, key, "is required") }
            return n
        }
        guard let id = try required("id").string, !id.isEmpty else { throw fail(map["id"], "id", "must be a text") }
        let stem = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? "") } ?? id
        if stem != id {
            throw fail(map["id"], "id", "`\(id)` differs from the file name `\(stem)`; rename one so they match")
        }
        guard let question = try required("question").string else {
            throw fail(map["question"], "question", "must be a text")
        }

        // Employment: a mapping or a list of mappings.
        let employmentNode = try required("employment")
        var employmentNodes: [Node] = []
        if let seq = employmentNode.sequence {
            employmentNodes = Array(seq)
        } else {
            employmentNodes = [employmentNode]
        }
        var employments: [EmploymentPeriod] = []
        for (i, e) in employmentNodes.enumerated() {
            let prefix = employmentNodes.count > 1 ? "employment[\(i + 1)]" : "employment"
            guard let m = e.mapping else { throw fail(e, prefix, "must be a mapping {from, weekly_hours, form}") }
            try checkKeys(m, allowed: employmentKeys, prefix: prefix + ".", file: file)
            guard let from = day(m["from"]) else {
                throw fail(m["from"] ?? e, prefix + ".from", "is required: a date yyyy-mm-dd")
            }
            var to: CalendarDay?
            if let t = m["to"] {
                guard let d = day(t) else { throw fail(t, prefix + ".to", "must be a date yyyy-mm-dd") }
                to = d
            }
            guard let hoursNode = m["weekly_hours"], let hours = number(hoursNode), hours > 0, hours <= 80 else {
                throw fail(
                    m["weekly_hours"] ?? e, prefix + ".weekly_hours",
                    "is required: hours per week, more than 0 and at most 80")
            }
            guard let form = m["form"]?.string, SickLeaveParameters.knownForms.contains(form) else {
                throw fail(
                    m["form"] ?? e, prefix + ".form",
                    "is required: one of " + SickLeaveParameters.knownForms.joined(separator: ", "))
            }
            employments.append(
                EmploymentPeriod(
                    from: from, to: to, form: form, weeklyHours: hours, unitId: m["unit"]?.string ?? "U-SCENARIO"))
        }

        // Registrations.
        guard let regSeq = try required("registrations").sequence else {
            throw fail(map["registrations"], "registrations", "must be a list")
        }
        var regs: [Scenario.Registration] = []
        for (i, r) in regSeq.enumerated() {
            let prefix = "registrations[\(i + 1)]"
            guard let m = r.mapping else { throw fail(r, prefix, "must be a mapping {dates, code, part}") }
            try checkKeys(m, allowed: registrationKeys, prefix: prefix + ".", file: file)
            guard let datesText = m["dates"]?.string, let range = dateRange(datesText) else {
                throw fail(
                    m["dates"] ?? r, prefix + ".dates",
                    "is required: a date 2024-03-07 or a range 2024-03-07..2024-03-08 (first ≤ last)")
            }
            guard let code = m["code"]?.string, SickLeaveParameters.knownCodes.contains(code) else {
                throw fail(
                    m["code"] ?? r, prefix + ".code",
                    "is required: one of " + SickLeaveParameters.knownCodes.joined(separator: ", "))
            }
            var part = AbsencePart.full
            if let pn = m["part"] {
                guard let s = pn.string, let p = AbsencePart(rawValue: s) else {
                    throw fail(pn, prefix + ".part", "must be FULL or HALF")
                }
                part = p
            }
            var deleted = false
            if let dn = m["deleted"] {
                guard let b = bool(dn) else { throw fail(dn, prefix + ".deleted", "must be true/false or 1/0") }
                deleted = b
            }
            var registeredOn: CalendarDay?
            if let rn = m["registered_at"] {
                guard let d = day(rn) else { throw fail(rn, prefix + ".registered_at", "must be a date yyyy-mm-dd") }
                registeredOn = d
            }
            regs.append(
                .init(
                    from: range.0, to: range.1, code: code, part: part, deleted: deleted, registeredOn: registeredOn,
                    line: r.mark?.line ?? 0))
        }

        // Expectation.
        var expect = Scenario.Expectation()
        if let en = map["expect"] {
            guard let m = en.mapping else {
                throw fail(en, "expect", "must be a mapping of " + expectKeys.joined(separator: ", "))
            }
            try checkKeys(m, allowed: expectKeys, prefix: "expect.", file: file)
            if let n = m["spells"] {
                guard let s = n.string, let v = Int(s), v >= 0 else {
                    throw fail(n, "expect.spells", "must be a whole number ≥ 0")
                }
                expect.spells = v
            }
            func num(_ key: String) throws -> Double? {
                guard let n = m[key] else { return nil }
                guard let v = number(n), v >= 0 else {
                    throw fail(n, "expect." + key, "must be a number ≥ 0, e.g. 2.5")
                }
                return v
            }
            expect.longTermDays = try num("long_term_days")
            expect.shortTermDays = try num("short_term_days")
            expect.daysLost = try num("days_lost")
            expect.fteDaysLost = try num("fte_days_lost")
            if let n = m["long_term"] {
                guard let b = bool(n) else { throw fail(n, "expect.long_term", "must be true or false") }
                expect.longTerm = b
            }
            if let n = m["long_term_from"] {
                guard let d = day(n) else { throw fail(n, "expect.long_term_from", "must be a date yyyy-mm-dd") }
                expect.longTermFrom = d
            }
            if let n = m["long_term_days_in"] {
                guard let mm = n.mapping else {
                    throw fail(n, "expect.long_term_days_in", "must be a mapping of month (yyyy-mm) to days")
                }
                for (k, v) in mm {
                    guard let ks = k.string, let month = YearMonth(text: ks) else {
                        throw fail(k, "expect.long_term_days_in", "keys must be months yyyy-mm")
                    }
                    guard let days = number(v) else {
                        throw fail(v, "expect.long_term_days_in.\(ks)", "must be a number")
                    }
                    expect.longTermDaysIn[month] = days
                }
            }
        }

        var answeredAt: CalendarDay?
        if let n = map["answered_at"] {
            guard let d = day(n) else { throw fail(n, "answered_at", "must be a date yyyy-mm-dd") }
            answeredAt = d
        }
        var versions: [Int] = []
        if let n = map["definitions"] ?? map["definition"] {
            let items = n.sequence.map(Array.init) ?? [n]
            for item in items {
                guard let s = item.string, let v = Int(s.split(separator: "@").last ?? "") else {
                    throw fail(item, "definitions", "must list versions, e.g. [1, 2] or [\"sick-leave@1\"]")
                }
                versions.append(v)
            }
        }
        return Scenario(
            id: id, question: question, employments: employments, registrations: regs, expect: expect,
            answeredBy: map["answered_by"]?.string, answeredAt: answeredAt, definitions: versions, sourceFile: file)
    }

    static func checkKeys(_ m: Node.Mapping, allowed: [String], prefix: String, file: String) throws {
        for (k, _) in m {
            let key = k.string ?? "?"
            if !allowed.contains(key) {
                throw DefinitionFileError(
                    code: "scenario.unknown-key", file: file, line: k.mark?.line, field: prefix + key,
                    message: DefinitionKeySuggestion.unknownKey(prefix + key, allowed: allowed.map { prefix + $0 }))
            }
        }
    }

    static func day(_ n: Node?) -> CalendarDay? {
        n?.string.flatMap { CalendarDay(iso: $0.trimmingCharacters(in: .whitespaces)) }
    }

    static func number(_ n: Node) -> Double? { n.string.flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } }

    static func bool(_ n: Node) -> Bool? {
        switch n.string?.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: return nil
        }
    }

    static func dateRange(_ text: String) -> (CalendarDay, CalendarDay)? {
        let parts = text.components(separatedBy: "..")
        if parts.count == 1, let d = CalendarDay(iso: parts[0].trimmingCharacters(in: .whitespaces)) { return (d, d) }
        guard parts.count == 2, let a = CalendarDay(iso: parts[0].trimmingCharacters(in: .whitespaces)),
            let b = CalendarDay(iso: parts[1].trimmingCharacters(in: .whitespaces)), a <= b
        else { return nil }
        return (a, b)
    }
}
