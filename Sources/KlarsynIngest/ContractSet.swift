public import Foundation
import TOMLKit
import Crypto

/// The source contracts of a workspace (`sources/*.toml`), checked for consistency.
///
/// ```swift
/// let contracts = try ContractSet.load(directory: workspace.appendingPathComponent("sources"))
/// contracts.contract(forFileName: "psc_shifts_20240312.csv")?.name   // "psc_shifts"
/// ```
public struct ContractSet: Sendable {
    /// Contracts sorted by name.
    public let contracts: [SourceContract]

    /// Builds a set from parsed contracts; checks names, tables and references.
    public init(_ contracts: [SourceContract]) throws {
        self.contracts = contracts.sorted { $0.name < $1.name }
        var seen = Set<String>()
        for c in self.contracts {
            guard seen.insert(c.name).inserted else {
                throw IngestError.contract(c.fileName, "source name '\(c.name)' is used by two contracts. Rename one.")
            }
            for col in c.columns {
                if let ref = col.references {
                    guard let target = self.contracts.first(where: { $0.name == ref.source }) else {
                        throw IngestError.contract(c.fileName, "column '\(col.name)' references unknown source '\(ref.source)'. Known: \(self.contracts.map(\.name).joined(separator: ", ")).")
                    }
                    guard target.column(ref.column) != nil else {
                        throw IngestError.contract(c.fileName, "column '\(col.name)' references '\(ref.source).\(ref.column)', which that contract does not define.")
                    }
                }
            }
        }
    }

    /// Loads every `*.toml` in `directory`.
    /// - Throws: ``IngestError`` `contract.invalid` naming the file, key and fix.
    public static func load(directory: URL) throws -> ContractSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }.sorted()
        } catch {
            throw IngestError(code: "contract.folder_missing", message: "No source contracts folder at '\(directory.path)'. Pass --workspace DIR pointing at a workspace with a sources/ folder, or run `klarsyn init`.")
        }
        guard !names.isEmpty else {
            throw IngestError(code: "contract.folder_empty", message: "The folder '\(directory.path)' holds no *.toml source contracts.")
        }
        var contracts: [SourceContract] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw IngestError.contract(name, "cannot be read as UTF-8 text.")
            }
            contracts.append(try parse(toml: text, fileName: name))
        }
        return try ContractSet(contracts)
    }

    /// The contract whose file patterns match `fileName`, if any.
    public func contract(forFileName fileName: String) -> SourceContract? {
        contracts.first { $0.matches(fileName: fileName) }
    }

    /// The contract named `name`.
    public func contract(named name: String) -> SourceContract? { contracts.first { $0.name == name } }

    /// Parses one contract from TOML text. Unknown keys are errors (a typo must not silently
    /// switch a rule off).
    public static func parse(toml text: String, fileName: String) throws -> SourceContract {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw IngestError.contract(fileName, "TOML syntax error at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description).")
        } catch {
            throw IngestError.contract(fileName, "TOML syntax error: \(error).")
        }
        var r = TableReader(table: table, file: fileName, path: "")
        let name = try r.string("name")
        guard name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw IngestError.contract(fileName, "name '\(name)' must be lower-case snake_case (it names the staging table).")
        }
        let format = try r.enumValue("format", FileFormat.self, default: .delimited)
        let encoding = try r.enumValue("encoding", TextEncoding.self, default: .utf8)
        let delimiter = try r.byte("delimiter", default: format == .jsonLines ? UInt8(ascii: ",") : nil)
        let quote = try r.byte("quote", default: UInt8(ascii: "\""))
        let decimalMark = try r.byte("decimal_mark", default: UInt8(ascii: "."))
        guard decimalMark == UInt8(ascii: ",") || decimalMark == UInt8(ascii: ".") else {
            throw IngestError.contract(fileName, "decimal_mark must be \",\" or \".\".")
        }
        let timeZone = try r.string("time_zone", default: "Europe/Copenhagen")
        guard timeZone == "Europe/Copenhagen" else {
            throw IngestError.contract(fileName, "time_zone '\(timeZone)' is not supported; only Europe/Copenhagen is.")
        }
        var contract = SourceContract(
            name: name,
            version: try r.int("version"),
            title: try r.string("title", default: name),
            purpose: try r.string("purpose"),
            recordedBy: try r.string("recorded_by"),
            system: try r.string("system", default: ""),
            filePatterns: try r.strings("file_patterns"),
            format: format,
            encoding: encoding,
            onOtherEncoding: try r.enumValue("on_other_encoding", RuleAction.self, default: .warn),
            delimiter: delimiter,
            quote: quote,
            decimalMark: decimalMark,
            dateLayout: try r.enumValue("date_format", DateLayout.self, default: .iso),
            timeZone: timeZone,
            stagingTable: try r.string("staging_table", default: "stg_\(name)"),
            holdWhenFailedShareAbove: try r.double("hold_when_failed_share_above", default: 0.5),
            onUnknownColumn: try r.enumValue("on_unknown_column", RuleAction.self, default: .warn),
            onMissingOptionalColumn: try r.enumValue("on_missing_optional_column", RuleAction.self, default: .warn),
            combine: .append, identity: [], versionColumn: nil, retractionColumn: nil, monthColumn: nil,
            onDuplicate: .quarantine, columns: [], overlapChecks: [],
            sha256: SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined(),
            fileName: fileName)
        if contract.onUnknownColumn == .null || contract.onUnknownColumn == .quarantine {
            throw IngestError.contract(fileName, "on_unknown_column must be \"warn\" or \"hold\".")
        }
        if let versions = try r.table("versions") {
            var v = TableReader(table: versions, file: fileName, path: "versions.")
            contract.combine = try v.enumValue("combine", CombineRule.self, default: .append)
            contract.identity = try v.strings("identity", default: [])
            contract.versionColumn = try v.optionalString("version")
            contract.retractionColumn = try v.optionalString("retraction")
            contract.monthColumn = try v.optionalString("month")
            contract.onDuplicate = try v.enumValue("on_duplicate", RuleAction.self, default: .quarantine)
            try v.finish()
        }
        for (i, t) in try r.tables("columns").enumerated() {
            var c = TableReader(table: t, file: fileName, path: "columns[\(i)].")
            let colName = try c.string("name")
            guard colName.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, colName != "file_id", colName != "line_no" else {
                throw IngestError.contract(fileName, "column name '\(colName)' must be snake_case and not file_id or line_no.")
            }
            let required = try c.bool("required", default: false)
            var spec = ColumnSpec(
                name: colName, header: try c.string("header"), aliases: try c.strings("aliases", default: []),
                type: try c.enumValue("type", ColumnType.self, default: .text), required: required,
                onMissing: try c.enumValue("on_missing", RuleAction.self, default: .quarantine),
                onInvalid: try c.enumValue("on_invalid", RuleAction.self, default: .quarantine),
                dateLayout: try c.optionalEnum("date_format", DateLayout.self),
                pattern: try c.optionalString("pattern"), domain: try c.optionalStrings("domain"),
                min: try c.optionalDouble("min"), max: try c.optionalDouble("max"),
                notBefore: try c.optionalString("not_before"), references: nil,
                description: try c.string("description", default: ""))
            if let ref = try c.optionalString("references") {
                let parts = ref.split(separator: ".").map(String.init)
                guard parts.count == 2 else {
                    throw IngestError.contract(fileName, "columns[\(i)].references must be \"source.column\", e.g. \"pdc_employments.employee_id\".")
                }
                let action = try c.enumValue("on_unknown_reference", RuleAction.self, default: .quarantine)
                spec.references = ColumnReference(source: parts[0], column: parts[1], action: action)
            }
            if let pattern = spec.pattern {
                guard TextPattern(pattern) != nil else {
                    throw IngestError.contract(fileName, "columns[\(i)].pattern '\(pattern)' uses regex features outside the supported subset (^ $ literals . \\d \\w [..] {n} {n,m} ? * +).")
                }
            }
            try c.finish()
            contract.columns.append(spec)
        }
        for (i, t) in try r.tables("overlap_checks").enumerated() {
            var o = TableReader(table: t, file: fileName, path: "overlap_checks[\(i)].")
            contract.overlapChecks.append(OverlapCheck(
                group: try o.strings("group"), from: try o.string("from"), to: try o.string("to"),
                action: try o.enumValue("action", RuleAction.self, default: .quarantine)))
            try o.finish()
        }
        try r.finish()
        try validate(contract)
        return contract
    }

    static func validate(_ c: SourceContract) throws {
        guard !c.columns.isEmpty else { throw IngestError.contract(c.fileName, "has no [[columns]].") }
        var names = Set<String>()
        for col in c.columns {
            guard names.insert(col.name).inserted else {
                throw IngestError.contract(c.fileName, "column '\(col.name)' is defined twice.")
            }
            if col.type.hasUTCColumn { names.insert(col.name + "_utc") }
        }
        func known(_ n: String?, _ key: String) throws {
            if let n, c.column(n) == nil {
                throw IngestError.contract(c.fileName, "\(key) names column '\(n)', which is not among [[columns]].")
            }
        }
        for n in c.identity { try known(n, "versions.identity") }
        try known(c.versionColumn, "versions.version")
        try known(c.retractionColumn, "versions.retraction")
        try known(c.monthColumn, "versions.month")
        for col in c.columns { try known(col.notBefore, "columns.not_before of '\(col.name)'") }
        for o in c.overlapChecks {
            for n in o.group + [o.from, o.to] { try known(n, "overlap_checks") }
        }
        if c.combine == .newestVersion && c.versionColumn == nil {
            throw IngestError.contract(c.fileName, "versions.combine = \"newest_version\" needs versions.version (e.g. \"last_changed\").")
        }
        if c.format == .delimited && c.delimiter == c.quote {
            throw IngestError.contract(c.fileName, "delimiter and quote must differ.")
        }
        guard c.stagingTable.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw IngestError.contract(c.fileName, "staging_table '\(c.stagingTable)' must be snake_case.")
        }
    }
}

/// Reads keys from a TOML table and remembers which were used, so unknown keys are reported.
struct TableReader {
    let table: TOMLTable
    let file: String
    let path: String
    var used = Set<String>()

    init(table: TOMLTable, file: String, path: String) {
        self.table = table
        self.file = file
        self.path = path
    }

    mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        used.insert(key)
        return table[key]
    }
    func fail(_ key: String, _ what: String) -> IngestError {
        IngestError.contract(file, "key '\(path)\(key)' \(what).")
    }
    mutating func string(_ key: String, default def: String? = nil) throws -> String {
        guard let v = value(key) else {
            if let def { return def }
            throw fail(key, "is required")
        }
        guard let s = v.string else { throw fail(key, "must be a string") }
        return s
    }
    mutating func optionalString(_ key: String) throws -> String? {
        guard value(key) != nil else { return nil }
        return try string(key)
    }
    mutating func int(_ key: String) throws -> Int {
        guard let v = value(key) else { throw fail(key, "is required") }
        guard let i = v.int else { throw fail(key, "must be an integer") }
        return i
    }
    mutating func double(_ key: String, default def: Double) throws -> Double {
        try optionalDouble(key) ?? def
    }
    mutating func optionalDouble(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw fail(key, "must be a number")
    }
    mutating func bool(_ key: String, default def: Bool) throws -> Bool {
        guard let v = value(key) else { return def }
        guard let b = v.bool else { throw fail(key, "must be true or false") }
        return b
    }
    mutating func strings(_ key: String, default def: [String]? = nil) throws -> [String] {
        guard let v = value(key) else {
            if let def { return def }
            throw fail(key, "is required")
        }
        if let s = v.string { return [s] }
        guard let a = v.array else { throw fail(key, "must be a list of strings") }
        return try a.map { e in
            guard let s = e.string else { throw fail(key, "must be a list of strings") }
            return s
        }
    }
    mutating func optionalStrings(_ key: String) throws -> [String]? {
        guard value(key) != nil else { return nil }
        return try strings(key)
    }
    mutating func byte(_ key: String, default def: UInt8?) throws -> UInt8 {
        guard value(key) != nil else {
            if let def { return def }
            throw fail(key, "is required")
        }
        let s = try string(key)
        let s2 = s == "\\t" ? "\t" : s
        guard s2.utf8.count == 1, let b = s2.utf8.first, b < 0x80 else { throw fail(key, "must be a single ASCII character") }
        return b
    }
    mutating func enumValue<E: RawRepresentable>(_ key: String, _ type: E.Type, default def: E) throws -> E where E.RawValue == String {
        try optionalEnum(key, type) ?? def
    }
    mutating func optionalEnum<E: RawRepresentable>(_ key: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard value(key) != nil else { return nil }
        let s = try string(key)
        guard let e = E(rawValue: s) else { throw fail(key, "has the unknown value '\(s)'") }
        return e
    }
    mutating func table(_ key: String) throws -> TOMLTable? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { throw fail(key, "must be a table") }
        return t
    }
    mutating func tables(_ key: String) throws -> [TOMLTable] {
        guard let v = value(key) else { return [] }
        guard let a = v.array else { throw fail(key, "must be an array of tables ([[\(key)]])") }
        return try a.map { e in
            guard let t = e.table else { throw fail(key, "must be an array of tables ([[\(key)]])") }
            return t
        }
    }
    func finish() throws {
        let unknown = table.keys.filter { !used.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw IngestError.contract(file, "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\(path)\($0)'" }.joined(separator: ", ")). Check the spelling against docs/ingest.md.")
        }
    }
}
