public import Foundation
import KlarsynCore
public import KlarsynMetrics
import TOMLKit

/// Loads `definitions/sick-leave.toml`: one file, several `[[versions]]`, each with its status,
/// effective date, description, changelog entry and parameters (see `docs/sick-leave-engine.md`).
public enum SickLeaveDefinitionLoader {
    /// Workspace-relative path of the definition file.
    public static let relativePath = "definitions/sick-leave.toml"

    static let topKeys = ["id", "title", "owner", "versions"]
    static let versionKeys = ["version", "status", "effective_from", "description", "changelog", "parameters"]
    static let changelogKeys = ["date", "by", "summary"]

    /// Reads and validates the definition file of a workspace folder.
    ///
    /// - Throws: ``DefinitionFileError`` naming file, line, field and what is allowed.
    public static func load(workspace: URL) throws -> SickLeaveDefinitionSet {
        let url = workspace.appendingPathComponent(relativePath)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DefinitionFileError(
                code: "definition.missing", file: relativePath,
                message: "cannot read the file; `klarsyn init` writes the default one")
        }
        return try parse(text, file: relativePath)
    }

    /// Parses and validates definition TOML text.
    ///
    /// - Throws: ``DefinitionFileError``.
    public static func parse(_ text: String, file: String = relativePath) throws -> SickLeaveDefinitionSet {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw DefinitionFileError(
                code: "definition.toml-syntax", file: file, line: e.source.begin.line,
                message: "TOML syntax: \(e.description)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let locate = Locator(lines: lines)
        func fail(_ code: String, _ block: Int?, _ key: String?, _ context: String?, _ message: String)
            -> DefinitionFileError
        {
            DefinitionFileError(
                code: code, file: file, line: locate.line(ofKey: key, inVersionBlock: block), context: context,
                field: key, message: message)
        }
        for key in table.keys where !topKeys.contains(key) {
            throw fail(
                "definition.unknown-key", nil, key, nil, DefinitionKeySuggestion.unknownKey(key, allowed: topKeys))
        }
        guard let id = table["id"]?.string, !id.isEmpty else {
            throw fail("definition.field", nil, "id", nil, "`id` is required: a text such as \"sick-leave\"")
        }
        let title = table["title"]?.string ?? id
        guard let owner = table["owner"]?.string, !owner.isEmpty else {
            throw fail(
                "definition.field", nil, "owner", nil,
                "`owner` is required: the role or unit responsible for the definition")
        }
        guard let versions = table["versions"]?.array, !versions.isEmpty else {
            throw fail("definition.field", nil, "versions", nil, "at least one `[[versions]]` table is required")
        }
        var definitions: [SickLeaveDefinition] = []
        var changelog: [ChangelogEntry] = []
        for block in 0..<versions.count {
            guard let v = versions[block].table else {
                throw fail("definition.field", block, nil, nil, "`versions` must be an array of tables ([[versions]])")
            }
            for key in v.keys where !versionKeys.contains(key) {
                throw fail(
                    "definition.unknown-key", block, key, "versions[\(block + 1)]",
                    DefinitionKeySuggestion.unknownKey(key, allowed: versionKeys))
            }
            guard let number = v["version"]?.int, number >= 1 else {
                throw fail(
                    "definition.field", block, "version", "versions[\(block + 1)]",
                    "`version` is required: a whole number ≥ 1")
            }
            let ctx = "version \(number)"
            let statusText = v["status"]?.string ?? "published"
            guard let status = DefinitionStatus(rawValue: statusText) else {
                throw fail(
                    "definition.field", block, "status", ctx,
                    "`status` = \"\(statusText)\" is not allowed: allowed \"published\", \"proposed\", \"retired\"")
            }
            guard let effective = date(v["effective_from"]) else {
                throw fail(
                    "definition.field", block, "effective_from", ctx,
                    "`effective_from` is required: a date such as 2024-01-01")
            }
            guard let description = v["description"]?.string, !description.isEmpty else {
                throw fail(
                    "definition.field", block, "description", ctx,
                    "`description` is required: a plain-language description for HR")
            }
            if let c = v["changelog"] {
                guard let ct = c.table else {
                    throw fail(
                        "definition.field", block, "changelog", ctx,
                        "`changelog` must be a table with date, by, summary")
                }
                for key in ct.keys where !changelogKeys.contains(key) {
                    throw fail(
                        "definition.unknown-key", block, key, ctx + ": changelog",
                        DefinitionKeySuggestion.unknownKey(key, allowed: changelogKeys))
                }
                guard let d = date(ct["date"]), let by = ct["by"]?.string, let summary = ct["summary"]?.string else {
                    throw fail(
                        "definition.field", block, "changelog", ctx,
                        "`changelog` needs `date` (yyyy-mm-dd), `by` and `summary`")
                }
                changelog.append(ChangelogEntry(version: number, date: d, by: by, summary: summary))
            }
            let params = try parameters(v["parameters"]?.table, block: block, ctx: ctx, fail: fail)
            do {
                try params.validate()
            } catch {
                throw fail("definition.parameter-domain", block, error.parameter, ctx, error.description)
            }
            definitions.append(
                SickLeaveDefinition(
                    id: id, version: number, title: title, status: status, effectiveFrom: effective, owner: owner,
                    description: description, changelog: [], parameters: params, sourceFile: file))
        }
        changelog.sort { $0.version < $1.version }
        for i in definitions.indices {
            definitions[i].changelog = changelog.filter { $0.version <= definitions[i].version }
        }
        do {
            return try SickLeaveDefinitionSet(definitions)
        } catch {
            throw DefinitionFileError(code: "definition.duplicate-version", file: file, message: error.message)
        }
    }

    static func parameters(
        _ t: TOMLTable?, block: Int, ctx: String,
        fail: (String, Int?, String?, String?, String) -> DefinitionFileError
    ) throws -> SickLeaveParameters {
        var p = SickLeaveParameters.regionDefault
        guard let t else { return p }
        let names = SickLeaveParameters.parameterNames
        for key in t.keys where !names.contains(key) {
            throw fail(
                "definition.unknown-key", block, key, ctx,
                "parameter " + DefinitionKeySuggestion.unknownKey(key, allowed: names))
        }
        func strings(_ key: String) throws -> [String]? {
            guard let value = t[key] else { return nil }
            guard let array = value.array else {
                throw fail(
                    "definition.parameter-type", block, key, ctx,
                    "parameter `\(key)` must be a list of texts, e.g. [\"SYG\"]")
            }
            var out: [String] = []
            for i in 0..<array.count {
                guard let s = array[i].string else {
                    throw fail(
                        "definition.parameter-type", block, key, ctx,
                        "parameter `\(key)` must be a list of texts, e.g. [\"SYG\"]")
                }
                out.append(s)
            }
            return out
        }
        func integer(_ key: String) throws -> Int? {
            guard let value = t[key] else { return nil }
            guard let i = value.int else {
                throw fail(
                    "definition.parameter-type", block, key, ctx,
                    "parameter `\(key)` must be a whole number, got \(value.debugDescription)")
            }
            return i
        }
        func number(_ key: String) throws -> Double? {
            guard let value = t[key] else { return nil }
            if let d = value.double { return d }
            if let i = value.int { return Double(i) }
            throw fail(
                "definition.parameter-type", block, key, ctx,
                "parameter `\(key)` must be a number, got \(value.debugDescription)")
        }
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E?
        where E.RawValue == String {
            guard let value = t[key] else { return nil }
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let s = value.string, let e = E(rawValue: s) else {
                throw fail(
                    "definition.parameter-domain", block, key, ctx,
                    "parameter `\(key)` = \(value.debugDescription) is outside its domain: allowed \(allowed)")
            }
            return e
        }
        if let v = try strings("codes") { p.codes = v }
        if let v = try strings("population") { p.population = v }
        if let v = try number("half_day_weight") { p.halfDayWeight = v }
        if let v = try integer("link_gap_days") { p.linkGapDays = v }
        if let v = try choice("length_basis", LengthBasis.self) { p.lengthBasis = v }
        if let v = try integer("long_term_threshold_days") { p.longTermThresholdDays = v }
        if let v = try choice("long_term_comparison", ThresholdComparison.self) { p.longTermComparison = v }
        if let v = try choice("classification", ClassificationMode.self) { p.classification = v }
        if let v = try number("full_time_hours") { p.fullTimeHours = v }
        return p
    }

    static func date(_ value: (any TOMLValueConvertible)?) -> CalendarDay? {
        guard let value else { return nil }
        if let d = value.date { return CalendarDay(validatingYear: d.year, month: d.month, day: d.day) }
        if let s = value.string { return CalendarDay(iso: s) }
        return nil
    }

    /// Finds the line of `key =` inside the n-th `[[versions]]` block (TOMLKit keeps no positions).
    struct Locator {
        let lines: [String]

        func line(ofKey key: String?, inVersionBlock block: Int?) -> Int? {
            var start = 0
            var end = lines.count
            if let block {
                let headers = lines.indices.filter {
                    lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("[[versions]]")
                }
                guard block < headers.count else { return nil }
                start = headers[block]
                end = block + 1 < headers.count ? headers[block + 1] : lines.count
            }
            guard let key else { return block == nil ? nil : start + 1 }
            for i in start..<end {
                let t = lines[i].trimmingCharacters(in: .whitespaces)
                if t.hasPrefix(key), t.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                    return i + 1
                }
                if block == nil, t.hasPrefix("[") { break }
            }
            return block == nil ? nil : start + 1
        }
    }
}
