import Foundation
import KlarsynCore
import KlarsynTesting
import Testing

@testable import KlarsynDisclosure

/// The shipped policy file and a valid minimal policy text to break in the unhappy-path tests.
enum PolicyFixture {
    /// `Sources/KlarsynWorkspace/DefaultWorkspace/policies/suppression.toml` of the repository.
    static var shippedFile: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources/KlarsynWorkspace/DefaultWorkspace/policies/suppression.toml")
    }

    static func shipped() throws -> SuppressionPolicy { try SuppressionPolicy.load(contentsOf: shippedFile) }

    static let valid = """
        id = "small-cells"
        version = 2
        effective_from = 2027-01-01
        owner = "DPO"
        marker = "<5"
        description = \"\"\"
        Two lines
        of text.
        \"\"\"

        [[changelog]]
        version = 2
        date = 2026-11-23
        by = "DPO"
        summary = "Test"

        [[rules]]
        id = "A1"
        kind = "count"
        hide_from = 1
        hide_below = 5
        title_da = "a"
        title_en = "a"
        reason_da = "a"
        reason_en = "a"

        [[rules]]
        id = "A2"
        kind = "value"
        min_persons = 5
        title_da = "b"
        title_en = "b"
        reason_da = "b"
        reason_en = "b"

        [[rules]]
        id = "A3"
        kind = "complement"
        min_hidden_cells = 2
        min_hidden_persons = 5
        title_da = "c"
        title_en = "c"
        reason_da = "c"
        reason_en = "c"
        """

    /// `valid` with one line replaced (1-based), or removed when `with` is nil.
    static func valid(replacingLine line: Int, with text: String?) -> String {
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let text { lines[line - 1] = text } else { lines.remove(at: line - 1) }
        return lines.joined(separator: "\n")
    }

    /// The 1-based line of `valid` that starts with `prefix` (the first after line `after`).
    static func line(_ prefix: String, after: Int = 0) -> Int {
        let lines = valid.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.indices.first { $0 >= after && lines[$0].hasPrefix(prefix) }! + 1
    }
}

@Suite struct PolicyTests {
    @Test func shippedPolicyLoadsWithTheDanishStatisticsDefaults() throws {
        let policy = try PolicyFixture.shipped()
        #expect(policy.id == "small-cells")
        #expect(policy.tag == "small-cells@\(policy.version)")
        #expect(policy.marker == "<5")
        #expect(policy.threshold == 5)
        #expect(policy.rules.map(\.id) == ["SC1", "SC2", "SC3"])
        #expect(policy.rules.map(\.stage) == [.primary, .primary, .secondary])
        #expect(policy.rule(id: "SC1")?.kind == .count(.init(hideFrom: 1, threshold: 5)))
        #expect(policy.rule(id: "SC2")?.kind == .value(minPersons: 5))
        #expect(policy.rule(id: "SC3")?.kind == .complement(minHiddenCells: 2, minHiddenPersons: 5))
        #expect(policy.changelog.contains { $0.version == policy.version })
        #expect(!policy.description.hasPrefix("\n") && !policy.description.hasSuffix("\n"))
        #expect(policy.rules.allSatisfy { !$0.reason.danish.isEmpty && !$0.reason.english.isEmpty })
    }

    @Test func validTextParsesEveryField() throws {
        let policy = try SuppressionPolicy.parse(PolicyFixture.valid, file: "p.toml")
        #expect(policy.version == 2)
        #expect(policy.effectiveFrom == CalendarDay(year: 2027, month: 1, day: 1))
        #expect(policy.description == "Two lines\nof text.")
        #expect(
            policy.changelog == [
                PolicyChange(version: 2, date: CalendarDay(year: 2026, month: 11, day: 23), by: "DPO", summary: "Test")
            ])
        #expect(policy.rule(id: "A1")?.title == LocalizedText(danish: "a", english: "a"))
    }

    @Test func commentsEscapesAndCRLFAreRead() throws {
        let text = PolicyFixture.valid.replacingOccurrences(of: "\n", with: "\r\n")
            .replacingOccurrences(
                of: "owner = \"DPO\"", with: "owner = \"DPO # not a comment \\\"x\\\" \\u00e6\" # a comment")
        let policy = try SuppressionPolicy.parse(text, file: "p.toml")
        #expect(policy.owner == "DPO # not a comment \"x\" æ")
    }

    @Test func missingFileSaysWhereThePolicyComesFrom() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let url = tmp.path("suppression.toml")
        #expect(throws: PolicyError.fileNotFound(file: url.path)) { try SuppressionPolicy.load(contentsOf: url) }
        let message = PolicyError.fileNotFound(file: url.path).description
        #expect(message.contains("DP001") && message.contains("klarsyn init") && message.contains(url.path))
    }

    @Test func nonUTF8FileIsRefused() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let url = tmp.path("suppression.toml")
        try Data([0x69, 0x64, 0x20, 0x3D, 0x20, 0x22, 0xE6, 0x22, 0x0A]).write(to: url)
        #expect(throws: PolicyError.notUTF8(file: url.path)) { try SuppressionPolicy.load(contentsOf: url) }
    }

    /// One broken line → the error with its code, the line, and words of the message.
    @Test(
        arguments: [
            // (line prefix to replace, replacement or nil to delete, code, expected line, words in message)
            ("owner", "owner = \"unclosed", "DP003", "owner", ["not closed"]),
            ("owner", "[owner]", "DP003", "owner", ["plain tables"]),
            ("owner", "owner", "DP003", "owner", ["key = value"]),
            ("owner", "owner = DPO", "DP003", "owner", ["must be a \"string\"", "'DPO'"]),
            ("owner", "own er = \"x\"", "DP003", "owner", ["not a valid key"]),
            ("owner", "id = \"again\"", "DP003", "owner", ["set twice", "first on line 1"]),
            ("owner", "owner = \"bad \\q escape\"", "DP003", "owner", ["escape"]),
            ("owner", "colour = \"red\"", "DP007", "owner", ["'colour'", "allowed: id, version"]),
            ("owner", "owner = 3", "DP005", "owner", ["'owner' must be a \"string\"", "integer"]),
            ("owner", "owner = \"  \"", "DP006", "owner", ["must not be empty"]),
            ("effective_from", "effective_from = \"2027-01-01\"", "DP005", "effective_from", ["no quotes"]),
            ("version", "version = 0", "DP006", "version", ["at least 1"]),
            ("version", "version = 3", "DP006", "version", ["no [[changelog]] entry"]),
            ("id = \"small", "id = \"Small Cells\"", "DP006", "id = \"small", ["lower-case"]),
            (
                "kind = \"count\"", "kind = \"counts\"", "DP006", "kind = \"count\"",
                ["\"count\", \"value\", \"complement\""]
            ),
            ("hide_from", "hide_from = 2", "DP006", "hide_from", ["0 (hide zeros too) or 1"]),
            ("hide_from", "hide_from = 5", "DP006", "hide_from", ["below hide_below"]),
            (
                "min_hidden_persons", "min_hidden_persons = 3", "DP006", "min_hidden_persons",
                ["at least the count rule"]
            ),
            ("min_hidden_cells", "min_hidden_cells = 1", "DP006", "min_hidden_cells", ["at least 2"]),
            ("id = \"A2\"", "id = \"A1\"", "DP006", "id = \"A2\"", ["used twice"]),
            ("id = \"A2\"", "id = \"A 2\"", "DP006", "id = \"A2\"", ["rule id"]),
            ("min_persons", "max_persons = 5", "DP007", "min_persons", ["'max_persons'", "min_persons"]),
            ("[[rules]]", "[[rule]]", "DP007", "[[rules]]", ["[[rule]]", "[[rules]]"]),
        ] as [(String, String?, String, String, [String])])
    func brokenLineIsNamed(prefix: String, replacement: String?, code: String, linePrefix: String, words: [String]) {
        let line = PolicyFixture.line(prefix)
        let text = PolicyFixture.valid(replacingLine: line, with: replacement)
        do {
            _ = try SuppressionPolicy.parse(text, file: "policies/suppression.toml")
            Issue.record("expected \(code) for \(replacement ?? "deletion")")
        } catch {
            #expect(error.code == code, "\(error)")
            let message = error.description
            #expect(message.contains("policies/suppression.toml:\(PolicyFixture.line(linePrefix))"), "\(message)")
            for word in words { #expect(message.contains(word), "\(message) lacks \(word)") }
        }
    }

    @Test func missingKeysAreNamedWithTheirTable() {
        let noOwner = PolicyFixture.valid(replacingLine: PolicyFixture.line("owner"), with: nil)
        #expect(throws: PolicyError.missingKey(file: "p", line: nil, key: "owner", context: "the top level")) {
            try SuppressionPolicy.parse(noOwner, file: "p")
        }
        let ruleHeader = PolicyFixture.line("[[rules]]")
        let noTitle = PolicyFixture.valid(replacingLine: PolicyFixture.line("title_en", after: ruleHeader), with: nil)
        do {
            _ = try SuppressionPolicy.parse(noTitle, file: "p")
            Issue.record("expected a missing title_en")
        } catch {
            #expect(error.code == "DP004")
            #expect(error.description.contains("p:\(ruleHeader)") && error.description.contains("'title_en'"))
        }
    }

    @Test func unclosedMultiLineStringPointsAtItsStart() {
        let text = PolicyFixture.valid.replacingOccurrences(of: "of text.\n\"\"\"", with: "of text.")
        #expect(
            throws: PolicyError.syntax(
                file: "p", line: PolicyFixture.line("description"),
                message: "the multi-line string is not closed with '\"\"\"'")
        ) {
            try SuppressionPolicy.parse(text, file: "p")
        }
    }

    @Test func everyRuleKindIsRequiredOnce() {
        // Drop the value rule (its [[rules]] header and the eight keys after it).
        var lines = PolicyFixture.valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = PolicyFixture.line("id = \"A2\"") - 2
        lines.removeSubrange(start..<(start + 9))
        #expect(throws: PolicyError.ruleCount(file: "p", kind: "value", found: 0)) {
            try SuppressionPolicy.parse(lines.joined(separator: "\n"), file: "p")
        }
        #expect(PolicyError.ruleCount(file: "p", kind: "value", found: 0).description.contains("exactly one"))
    }

    @Test func everyTruncationEitherParsesOrNamesALine() {
        // A file cut off anywhere (a half-saved edit) never crashes the loader; the error points
        // into the file or names the missing key.
        let text = PolicyFixture.valid
        var errors = 0
        for length in stride(from: 0, to: text.count, by: 3) {
            do {
                _ = try SuppressionPolicy.parse(String(text.prefix(length)), file: "p")
            } catch {
                errors += 1
                #expect(error.description.hasPrefix("[\(error.code)] p"))
            }
        }
        #expect(errors == (text.count + 2) / 3)
    }

    @Test func errorCodesAreDistinct() {
        let errors: [PolicyError] = [
            .fileNotFound(file: "f"), .notUTF8(file: "f"), .syntax(file: "f", line: 1, message: "m"),
            .missingKey(file: "f", line: 1, key: "k", context: "c"),
            .wrongType(file: "f", line: 1, key: "k", expected: "e", found: "x"),
            .invalidValue(file: "f", line: 1, key: "k", message: "m"),
            .unknownKey(file: "f", line: 1, key: "k", allowed: []), .ruleCount(file: "f", kind: "k", found: 0),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors {
            #expect(error.description.hasPrefix("[\(error.code)] "))
            #expect(error.description.contains("f"))
        }
    }
}
