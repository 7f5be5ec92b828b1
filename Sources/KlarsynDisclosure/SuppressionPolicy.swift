public import Foundation
public import KlarsynCore

/// The small-cell suppression policy: which aggregated cells a page or export may show.
///
/// The policy is data in the workspace (`policies/suppression.toml`), versioned like a metric
/// definition: it has an id, a version, an effective date, an owner, a description and a
/// changelog. Its three rules have fixed kinds (the algorithm is code, decision 0091) and
/// adjustable parameters:
///
/// - a **count** rule (primary): person counts in `hideFrom..<threshold` are hidden and shown as
///   ``marker``; by default 1–4 are hidden and 0 stays visible;
/// - a **value** rule (primary): rates, percentages and sums computed from fewer than
///   `minPersons` persons are hidden;
/// - a **complement** rule (secondary): in every additive group whose total is shown, the hidden
///   parts must number at least `minHiddenCells` and hold at least `minHiddenPersons` persons
///   together, so no hidden cell can be recomputed by subtraction.
///
/// ```swift
/// let policy = try SuppressionPolicy.load(contentsOf: workspace.folder(.policies)
///     .appending(path: SuppressionPolicy.fileName))
/// let result = try policy.suppress(table)
/// ```
public struct SuppressionPolicy: Sendable, Equatable {
    /// The file name inside the workspace's `policies/` folder.
    public static let fileName = "suppression.toml"

    /// A stable id, e.g. `small-cells`.
    public let id: String
    /// The policy's version; raise it with every change, and add a changelog entry.
    public let version: Int
    /// The day from which this version applies.
    public let effectiveFrom: CalendarDay
    /// Who decides the policy.
    public let owner: String
    /// What the policy protects and why, in prose.
    public let description: String
    /// Every version's change, oldest first.
    public let changelog: [PolicyChange]
    /// The rules in file order (ids link suppressed cells to the rule that hid them).
    public let rules: [PolicyRule]
    /// What a suppressed cell shows instead of its value, e.g. `<5`.
    public let marker: String

    /// `id@version`, e.g. `small-cells@1`: part of every cache key for suppressed content.
    public var tag: String { "\(id)@\(version)" }

    /// The rule with this id, if any.
    public func rule(id: String) -> PolicyRule? { rules.first { $0.id == id } }

    /// The smallest person count that is shown (counts below it, except those under the count
    /// rule's `hideFrom`, are hidden): 5 by default.
    public var threshold: Int { countRule.threshold }

    var countRule: PolicyRule.CountParameters {
        for rule in rules { if case .count(let p) = rule.kind { return p } }
        preconditionFailure("validated at load: a policy has one count rule")
    }
    var countRuleID: String { rules.first { if case .count = $0.kind { true } else { false } }!.id }
    var valueRule: (id: String, minPersons: Int) {
        for rule in rules { if case .value(let m) = rule.kind { return (rule.id, m) } }
        preconditionFailure("validated at load: a policy has one value rule")
    }
    var complementRule: (id: String, minCells: Int, minPersons: Int) {
        for rule in rules {
            if case .complement(let c, let p) = rule.kind { return (rule.id, c, p) }
        }
        preconditionFailure("validated at load: a policy has one complement rule")
    }

    /// Reads and checks a policy file.
    /// - Throws: ``PolicyError`` naming the file, line and key, and what is allowed.
    public static func load(contentsOf url: URL) throws(PolicyError) -> SuppressionPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .fileNotFound(file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .notUTF8(file: url.path)
        }
        return try parse(text, file: url.path)
    }

    /// Parses and checks policy text; `file` is used in error messages only.
    /// - Throws: ``PolicyError`` naming the file, line and key, and what is allowed.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> SuppressionPolicy {
        let document = try PolicyTOMLParser.parse(text, file: file)
        let top = Reader(table: document.top, file: file, context: "the top level")
        for name in document.arrays.keys.sorted() where name != "changelog" && name != "rules" {
            throw .unknownKey(
                file: file, line: document.arrays[name]![0].line, key: "[[\(name)]]",
                allowed: ["[[changelog]]", "[[rules]]"])
        }
        try top.finish(allowed: ["id", "version", "effective_from", "owner", "description", "marker"])
        let id = try top.string("id")
        guard isSlug(id) else {
            throw .invalidValue(
                file: file, line: top.line("id"), key: "id",
                message: "must be lower-case letters, digits and '-', e.g. \"small-cells\"")
        }
        let version = try top.integer("version", minimum: 1)
        let effectiveFrom = try top.date("effective_from")
        let owner = try top.string("owner")
        let description = try top.string("description").trimmingCharacters(in: .whitespacesAndNewlines)
        let marker = try top.string("marker")

        var changelog: [PolicyChange] = []
        for table in document.arrays["changelog"] ?? [] {
            let r = Reader(table: table, file: file, context: "a [[changelog]] entry (line \(table.line))")
            try r.finish(allowed: ["version", "date", "by", "summary"])
            let change = PolicyChange(
                version: try r.integer("version", minimum: 1), date: try r.date("date"), by: try r.string("by"),
                summary: try r.string("summary"))
            changelog.append(change)
        }
        guard changelog.contains(where: { $0.version == version }) else {
            throw .invalidValue(
                file: file, line: top.line("version"), key: "version",
                message:
                    "version \(version) has no [[changelog]] entry; add one with version = \(version), date, by and summary"
            )
        }

        var rules: [PolicyRule] = []
        for table in document.arrays["rules"] ?? [] {
            let r = Reader(table: table, file: file, context: "a [[rules]] entry (line \(table.line))")
            let ruleID = try r.string("id")
            guard isRuleID(ruleID) else {
                throw .invalidValue(
                    file: file, line: r.line("id"), key: "id",
                    message: "a rule id is letters, digits and '-' (it becomes part of a link), e.g. \"SC1\"")
            }
            if rules.contains(where: { $0.id == ruleID }) {
                throw .invalidValue(
                    file: file, line: r.line("id"), key: "id", message: "rule id \"\(ruleID)\" is used twice")
            }
            let kindText = try r.string("kind")
            let common = ["id", "kind", "title_da", "title_en", "reason_da", "reason_en"]
            let kind: PolicyRule.Kind
            switch kindText {
            case "count":
                try r.finish(allowed: common + ["hide_from", "hide_below"])
                let hideFrom = try r.integer("hide_from", minimum: 0)
                let threshold = try r.integer("hide_below", minimum: 1)
                guard hideFrom < threshold else {
                    throw .invalidValue(
                        file: file, line: r.line("hide_from"), key: "hide_from",
                        message: "must be below hide_below (\(threshold)); 1 hides 1…\(threshold - 1) and shows 0")
                }
                guard hideFrom <= 1 else {
                    throw .invalidValue(
                        file: file, line: r.line("hide_from"), key: "hide_from",
                        message: "must be 0 (hide zeros too) or 1 (show zeros); a higher value would show small counts")
                }
                kind = .count(.init(hideFrom: hideFrom, threshold: threshold))
            case "value":
                try r.finish(allowed: common + ["min_persons"])
                let minPersons = try r.integer("min_persons", minimum: 1)
                kind = .value(minPersons: minPersons)
            case "complement":
                try r.finish(allowed: common + ["min_hidden_cells", "min_hidden_persons"])
                let minCells = try r.integer("min_hidden_cells", minimum: 2)
                let minPersons = try r.integer("min_hidden_persons", minimum: 1)
                kind = .complement(minHiddenCells: minCells, minHiddenPersons: minPersons)
            default:
                throw .invalidValue(
                    file: file, line: r.line("kind"), key: "kind",
                    message: "\"\(kindText)\" is not a rule kind; allowed: \"count\", \"value\", \"complement\"")
            }
            rules.append(
                PolicyRule(
                    id: ruleID, kind: kind,
                    title: LocalizedText(danish: try r.string("title_da"), english: try r.string("title_en")),
                    reason: LocalizedText(danish: try r.string("reason_da"), english: try r.string("reason_en"))))
        }
        for (kindName, matches) in [
            ("count", { (k: PolicyRule.Kind) in if case .count = k { true } else { false } }),
            ("value", { (k: PolicyRule.Kind) in if case .value = k { true } else { false } }),
            ("complement", { (k: PolicyRule.Kind) in if case .complement = k { true } else { false } }),
        ] {
            let n = rules.filter { matches($0.kind) }.count
            guard n == 1 else {
                throw .ruleCount(file: file, kind: kindName, found: n)
            }
        }
        let policy = SuppressionPolicy(
            id: id, version: version, effectiveFrom: effectiveFrom, owner: owner, description: description,
            changelog: changelog, rules: rules, marker: marker)
        // The complement must protect at least what the primary rules protect.
        let complement = policy.complementRule
        if complement.minPersons < policy.threshold {
            let line = (document.arrays["rules"] ?? []).first { $0.entries["id"]?.value == .string(complement.id) }
            throw .invalidValue(
                file: file, line: line?.entries["min_hidden_persons"]?.line, key: "min_hidden_persons",
                message:
                    "must be at least the count rule's hide_below (\(policy.threshold)), else a hidden count can be narrowed down by subtraction"
            )
        }
        return policy
    }

    private static func isSlug(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func isRuleID(_ s: String) -> Bool {
        !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
    }
}

/// One version's entry in a policy's changelog.
public struct PolicyChange: Sendable, Equatable {
    /// The version this entry describes.
    public let version: Int
    /// When the change was decided.
    public let date: CalendarDay
    /// Who decided it (a role or body, not a person's name).
    public let by: String
    /// What changed and why.
    public let summary: String
}

/// A text in Danish and English (policy texts are shown in both UI languages).
public struct LocalizedText: Sendable, Equatable {
    /// The Danish text.
    public let danish: String
    /// The English text.
    public let english: String

    /// Creates a text in both languages.
    public init(danish: String, english: String) {
        self.danish = danish
        self.english = english
    }

    /// The text in `language`.
    public func text(_ language: ExportLanguage) -> String { language == .danish ? danish : english }
}

/// One rule of a ``SuppressionPolicy``.
public struct PolicyRule: Sendable, Equatable {
    /// The rule's id, e.g. `SC1`; suppressed cells carry it and link to it.
    public let id: String
    /// What the rule does, with its parameters.
    public let kind: Kind
    /// A short title, e.g. "Small counts".
    public let title: LocalizedText
    /// Why a cell this rule hides is hidden, for tooltips and the rules page.
    public let reason: LocalizedText

    /// Whether the rule hides cells for their own value (primary) or to protect other hidden
    /// cells (secondary).
    public var stage: SuppressionStage {
        if case .complement = kind { .secondary } else { .primary }
    }

    /// The parameters of the count rule.
    public struct CountParameters: Sendable, Equatable {
        /// The smallest count that is hidden: 1 keeps 0 visible, 0 hides zeros too.
        public let hideFrom: Int
        /// Counts below this are hidden (5 by default, so 1–4 are hidden).
        public let threshold: Int
    }

    /// The three rule kinds a policy has, one of each.
    public enum Kind: Sendable, Equatable {
        /// Person counts in `hideFrom..<threshold` are hidden.
        case count(CountParameters)
        /// Values (rates, percentages, sums) computed from fewer than `minPersons` persons are hidden.
        case value(minPersons: Int)
        /// Secondary suppression in additive groups (see ``SuppressionPolicy``).
        case complement(minHiddenCells: Int, minHiddenPersons: Int)
    }
}

/// Why a policy file could not be used. Every message names the file and says what to do.
public enum PolicyError: Error, CustomStringConvertible, Equatable {
    /// The file does not exist or cannot be read.
    case fileNotFound(file: String)
    /// The file is not UTF-8 text.
    case notUTF8(file: String)
    /// A line is not valid policy TOML.
    case syntax(file: String, line: Int, message: String)
    /// A required key is missing.
    case missingKey(file: String, line: Int?, key: String, context: String)
    /// A key's value has the wrong type.
    case wrongType(file: String, line: Int, key: String, expected: String, found: String)
    /// A key's value is out of range or otherwise not allowed.
    case invalidValue(file: String, line: Int?, key: String, message: String)
    /// A key that policy files do not have.
    case unknownKey(file: String, line: Int, key: String, allowed: [String])
    /// A rule kind is missing or repeated.
    case ruleCount(file: String, kind: String, found: Int)

    /// A stable code for documentation and tests.
    public var code: String {
        switch self {
        case .fileNotFound: "DP001"
        case .notUTF8: "DP002"
        case .syntax: "DP003"
        case .missingKey: "DP004"
        case .wrongType: "DP005"
        case .invalidValue: "DP006"
        case .unknownKey: "DP007"
        case .ruleCount: "DP008"
        }
    }

    /// The message: code, file, line, key, and what is allowed.
    public var description: String {
        switch self {
        case .fileNotFound(let file):
            "[\(code)] No suppression policy at '\(file)'. Every workspace needs policies/\(SuppressionPolicy.fileName); copy it from the built-in workspace (`klarsyn init NEW-DIR` writes it). Without it, no aggregated figures are served."
        case .notUTF8(let file):
            "[\(code)] '\(file)' is not UTF-8 text. Save the policy file as UTF-8."
        case .syntax(let file, let line, let message):
            "[\(code)] \(file):\(line): \(message)."
        case .missingKey(let file, let line, let key, let context):
            "[\(code)] \(file)\(line.map { ":\($0)" } ?? ""): \(context) has no '\(key)'. Add `\(key) = …`."
        case .wrongType(let file, let line, let key, let expected, let found):
            "[\(code)] \(file):\(line): '\(key)' must be \(expected), found \(found)."
        case .invalidValue(let file, let line, let key, let message):
            "[\(code)] \(file)\(line.map { ":\($0)" } ?? ""): '\(key)' \(message)."
        case .unknownKey(let file, let line, let key, let allowed):
            "[\(code)] \(file):\(line): '\(key)' is not a policy key here; allowed: \(allowed.joined(separator: ", "))."
        case .ruleCount(let file, let kind, let found):
            "[\(code)] \(file): a policy needs exactly one [[rules]] entry with kind = \"\(kind)\", found \(found)."
        }
    }
}

/// Reads typed keys from one table and reports unknown ones.
private struct Reader {
    let table: PolicyTable
    let file: String
    let context: String

    init(table: PolicyTable, file: String, context: String) {
        self.table = table
        self.file = file
        self.context = context
    }

    func line(_ key: String) -> Int? { table.entries[key]?.line ?? (table.line > 0 ? table.line : nil) }

    private func entry(_ key: String) throws(PolicyError) -> PolicyEntry {
        guard let entry = table.entries[key] else {
            throw .missingKey(file: file, line: table.line > 0 ? table.line : nil, key: key, context: context)
        }
        return entry
    }

    func string(_ key: String) throws(PolicyError) -> String {
        let e = try entry(key)
        guard case .string(let s) = e.value else {
            throw .wrongType(file: file, line: e.line, key: key, expected: "a \"string\"", found: e.value.typeName)
        }
        guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidValue(file: file, line: e.line, key: key, message: "must not be empty")
        }
        return s
    }

    func integer(_ key: String, minimum: Int) throws(PolicyError) -> Int {
        let e = try entry(key)
        guard case .integer(let n) = e.value else {
            throw .wrongType(file: file, line: e.line, key: key, expected: "an integer", found: e.value.typeName)
        }
        guard n >= minimum else {
            throw .invalidValue(file: file, line: e.line, key: key, message: "must be at least \(minimum), found \(n)")
        }
        return n
    }

    func date(_ key: String) throws(PolicyError) -> CalendarDay {
        let e = try entry(key)
        guard case .date(let d) = e.value else {
            throw .wrongType(
                file: file, line: e.line, key: key, expected: "a date like 2026-12-01 (no quotes)",
                found: e.value.typeName)
        }
        return d
    }

    func finish(allowed: [String]) throws(PolicyError) {
        for key in table.order where !allowed.contains(key) {
            throw .unknownKey(file: file, line: table.entries[key]!.line, key: key, allowed: allowed)
        }
    }
}
