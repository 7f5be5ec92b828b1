public import Foundation
import KlarsynCore
public import KlarsynMetrics
import TOMLKit

/// Tolerance for one metric: a pair agrees within tolerance when `|Δ| ≤ absolute` or
/// `|Δ| ≤ relative × |vendor|`.
public struct Tolerance: Sendable, Equatable, Codable {
    /// Days.
    public var absolute: Fixed4
    /// A share (0.05 = 5 %) of the vendor's figure.
    public var relative: Fixed4

    /// Creates a tolerance.
    public init(absolute: Fixed4, relative: Fixed4) {
        self.absolute = absolute
        self.relative = relative
    }

    /// True when `delta` is within the tolerance for a vendor figure `vendor`.
    public func admits(delta: Fixed4, vendor: Fixed4) -> Bool {
        let d = delta.magnitude.scaled
        if d <= absolute.scaled { return true }
        // relative is scaled by 10^4 too: d ≤ rel/10^4 × |vendor|
        return d * Fixed4.scale <= relative.scaled * vendor.magnitude.scaled
    }
}

/// One dimension of the hypothesis sweep, with the values to try.
public struct SweepGrid: Sendable, Equatable, Codable {
    public var codes: [[String]]
    public var population: [[String]]
    public var halfDayWeight: [Fixed4]
    public var linkGapDays: [Int]
    public var longTermThresholdDays: [Int]
    public var longTermComparison: [ThresholdComparison]
    public var classification: [ClassificationMode]
    public var lengthBasis: [LengthBasis]
    /// `calendar` (every counted date) or `weekdays` (Monday–Friday only), applied to the engine's days.
    public var dayBasis: [DayBasis]
    /// `today` or `vendor_cutoff`.
    public var knownAt: [KnownAt]
    /// Employees sampled (seeded) for the sweep; 0 = all.
    public var sampleEmployees: Int
    /// Upper limit on the number of variants.
    public var maxVariants: Int

    /// Number of variants the grid spans.
    public var count: Int {
        codes.count * population.count * halfDayWeight.count * linkGapDays.count * longTermThresholdDays.count
            * longTermComparison.count * classification.count * lengthBasis.count * dayBasis.count * knownAt.count
    }
}

/// Which days a figure counts.
public enum DayBasis: String, Sendable, Codable, CaseIterable { case calendar, weekdays }
/// Which registrations a figure knows.
public enum KnownAt: String, Sendable, Codable, CaseIterable {
    case today
    case vendorCutoff = "vendor_cutoff"
}

/// `reconciliation/sick-leave.toml`: how Klarsyn's sick leave is compared with the vendor's.
public struct ReconcileConfig: Sendable, Equatable, Encodable {
    /// Workspace-relative path of the file.
    public static let relativePath = "reconciliation/sick-leave.toml"

    /// Config file version (changes when a team edits tolerances).
    public var version: Int
    /// The definition Klarsyn computes (`current`, `sick-leave@1`, …).
    public var definition: String
    /// Version of the mismatch rules applied (only 1 exists).
    public var rulesVersion: Int
    /// Staging source of the vendor figures.
    public var vendorSource: String
    /// Days after the end of a month at which the vendor fixes that month's figure.
    public var cutoffLagDays: Int
    /// `pad_leading_zeros` (E12345 → E0012345) or `none`.
    public var idMapping: String
    /// First and last month compared; `nil` = the vendor's months that Klarsyn has complete.
    public var periodFrom: String?
    public var periodTo: String?
    /// Tolerance per metric.
    public var tolerances: [Metric: Tolerance]
    /// Exit 1 when more pairs than this are unexplained (and not a known difference).
    public var maxUnexplainedPairs: Int
    /// A known difference drifts when its days change by more than this share since the decision.
    public var driftRelative: Fixed4
    /// Seed of every random choice in the report.
    public var seed: UInt64
    /// Case samples per category.
    public var casesPerCategory: Int
    /// Size of the random check of agreeing pairs.
    public var randomCheckSize: Int
    /// Unit × month cells with fewer persons are suppressed.
    public var minPersons: Int
    /// The hypothesis sweep.
    public var sweep: SweepGrid

    enum CodingKeys: String, CodingKey {
        case version, definition, rulesVersion, vendorSource, cutoffLagDays, idMapping, periodFrom, periodTo,
            tolerances, maxUnexplainedPairs, driftRelative, seed, casesPerCategory, randomCheckSize, minPersons, sweep
    }

    /// Encodes every field; the tolerances as a list in metric order, so that the encoding (which
    /// goes into the run id) does not depend on dictionary order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(definition, forKey: .definition)
        try c.encode(rulesVersion, forKey: .rulesVersion)
        try c.encode(vendorSource, forKey: .vendorSource)
        try c.encode(cutoffLagDays, forKey: .cutoffLagDays)
        try c.encode(idMapping, forKey: .idMapping)
        try c.encodeIfPresent(periodFrom, forKey: .periodFrom)
        try c.encodeIfPresent(periodTo, forKey: .periodTo)
        try c.encode(
            Metric.allCases.map {
                ToleranceRow(metric: $0, absolute: tolerances[$0]!.absolute, relative: tolerances[$0]!.relative)
            }, forKey: .tolerances)
        try c.encode(maxUnexplainedPairs, forKey: .maxUnexplainedPairs)
        try c.encode(driftRelative, forKey: .driftRelative)
        try c.encode(seed, forKey: .seed)
        try c.encode(casesPerCategory, forKey: .casesPerCategory)
        try c.encode(randomCheckSize, forKey: .randomCheckSize)
        try c.encode(minPersons, forKey: .minPersons)
        try c.encode(sweep, forKey: .sweep)
    }

    /// The shipped defaults (what `reconciliation/sick-leave.toml` of the default workspace says).
    public static let defaults = ReconcileConfig(
        version: 1, definition: "current", rulesVersion: 1, vendorSource: "pdc_sickleave", cutoffLagDays: 0,
        idMapping: "pad_leading_zeros", periodFrom: nil, periodTo: nil,
        tolerances: [
            .short: Tolerance(absolute: .zero, relative: .zero), .long: Tolerance(absolute: .zero, relative: .zero),
            .total: Tolerance(absolute: .zero, relative: .zero),
        ], maxUnexplainedPairs: 0, driftRelative: Fixed4(text: "0.1")!, seed: 1, casesPerCategory: 3,
        randomCheckSize: 30, minPersons: 5,
        sweep: SweepGrid(
            codes: [["SYG"]], population: [["Fastansat", "Tidsbegrænset"]], halfDayWeight: [Fixed4(text: "0.5")!],
            linkGapDays: [2], longTermThresholdDays: [28], longTermComparison: [.greaterThan],
            classification: [.retroactive], lengthBasis: [.span], dayBasis: [.calendar], knownAt: [.today],
            sampleEmployees: 0, maxVariants: 1024))

    /// Loads the file of a workspace.
    /// - Throws: ``ReconcileInputError`` naming file, line and field.
    public static func load(workspaceRoot: URL) throws(ReconcileInputError) -> ReconcileConfig {
        let url = workspaceRoot.appending(path: relativePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ReconcileInputError(
                file: relativePath, line: nil, field: nil,
                message:
                    "cannot read the reconciliation settings; copy reconciliation/sick-leave.toml from the default workspace (`klarsyn init NEW-DIR`)"
            )
        }
        return try parse(text, file: relativePath)
    }

    static let topKeys = [
        "version", "definition", "rules_version", "vendor", "period", "tolerances", "thresholds", "samples", "grid",
        "sweep",
    ]
    static let sectionKeys: [String: [String]] = [
        "vendor": ["source", "cutoff", "cutoff_lag_days", "id_mapping"],
        "period": ["from", "to"],
        "thresholds": ["max_unexplained_pairs", "drift_relative"],
        "samples": ["seed", "cases_per_category", "random_check_size"],
        "grid": ["min_persons"],
        "sweep": [
            "codes", "population", "half_day_weight", "link_gap_days", "long_term_threshold_days",
            "long_term_comparison", "classification", "length_basis", "day_basis", "known_at", "sample_employees",
            "max_variants",
        ],
    ]

    /// Parses the TOML text.
    /// - Throws: ``ReconcileInputError`` naming file, line and field.
    public static func parse(_ text: String, file: String = relativePath) throws(ReconcileInputError) -> ReconcileConfig
    {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ReconcileInputError(file: file, line: e.source.begin.line, field: nil, message: "TOML syntax: \(e)")
        } catch {
            throw ReconcileInputError(file: file, line: nil, field: nil, message: "TOML syntax: \(error)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(_ section: String?, _ key: String?) -> Int? {
            var inSection = section == nil
            var sectionLine: Int?
            for (i, raw) in lines.enumerated() {
                let l = raw.trimmingCharacters(in: .whitespaces)
                if l.hasPrefix("[") {
                    let name = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                    inSection = name == section
                    if inSection { sectionLine = i + 1 }
                    continue
                }
                if inSection, let key, l.hasPrefix(key + " ") || l.hasPrefix(key + "=") { return i + 1 }
            }
            return sectionLine
        }
        func fail(_ section: String?, _ key: String?, _ message: String) -> ReconcileInputError {
            ReconcileInputError(
                file: file, line: line(section, key), field: [section, key].compactMap { $0 }.joined(separator: "."),
                message: message)
        }
        func unknown(_ key: String, _ allowed: [String]) -> String {
            let close = allowed.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
            var s = "unknown key `\(key)`"
            if let close, EditDistance.between(key, close) <= 2 { s += "; did you mean `\(close)`?" }
            return s + " Allowed: " + allowed.joined(separator: ", ")
        }
        var c = defaults
        for key in table.keys.sorted() where !topKeys.contains(key) { throw fail(nil, key, unknown(key, topKeys)) }
        if let v = table["version"] {
            guard let n = v.int, n >= 1 else { throw fail(nil, "version", "must be a whole number ≥ 1") }
            c.version = n
        }
        if let v = table["definition"] {
            guard let s = v.string, !s.isEmpty else {
                throw fail(nil, "definition", "must be a text such as \"current\" or \"sick-leave@1\"")
            }
            c.definition = s
        }
        if let v = table["rules_version"] {
            guard let n = v.int, MismatchRules.versions.contains(n) else {
                throw fail(
                    nil, "rules_version",
                    "mismatch rules version \(v) does not exist; allowed: \(MismatchRules.versions.map(String.init).joined(separator: ", "))"
                )
            }
            c.rulesVersion = n
        }
        func section(_ name: String) throws(ReconcileInputError) -> TOMLTable? {
            guard let v = table[name] else { return nil }
            guard let t = v.table else { throw fail(nil, name, "must be a table: write it as [\(name)]") }
            let allowed = sectionKeys[name] ?? []
            for key in t.keys.sorted() where !allowed.contains(key) { throw fail(name, key, unknown(key, allowed)) }
            return t
        }
        func decimal(_ t: TOMLTable, _ s: String, _ key: String, min: Fixed4 = .zero) throws(ReconcileInputError)
            -> Fixed4?
        {
            guard let v = t[key] else { return nil }
            let parsed: Fixed4?
            if let text = v.string {
                parsed = Fixed4(text: text)
            } else if let i = v.int {
                parsed = Fixed4(whole: i)
            } else if let d = v.double {
                parsed = Fixed4(text: String(d))
            } else {
                parsed = nil
            }
            guard let parsed, parsed >= min else {
                throw fail(s, key, "`\(key)` = \(v) must be a decimal ≥ \(min) with at most 4 decimals, e.g. \"0.5\"")
            }
            return parsed
        }
        func int(_ t: TOMLTable, _ s: String, _ key: String, _ range: ClosedRange<Int>) throws(ReconcileInputError)
            -> Int?
        {
            guard let v = t[key] else { return nil }
            guard let n = v.int, range.contains(n) else {
                throw fail(s, key, "`\(key)` = \(v) must be a whole number \(range.lowerBound) … \(range.upperBound)")
            }
            return n
        }
        if let t = try section("vendor") {
            if let v = t["source"] {
                guard let s = v.string, !s.isEmpty else { throw fail("vendor", "source", "must be a source name") }
                c.vendorSource = s
            }
            if let v = t["cutoff"], v.string != "month_end" {
                throw fail(
                    "vendor", "cutoff",
                    "`cutoff` = \(v) is not known; allowed: \"month_end\" (with cutoff_lag_days after it)")
            }
            if let n = try int(t, "vendor", "cutoff_lag_days", 0...62) { c.cutoffLagDays = n }
            if let v = t["id_mapping"] {
                guard let s = v.string, ["pad_leading_zeros", "none"].contains(s) else {
                    throw fail(
                        "vendor", "id_mapping",
                        "`id_mapping` = \(v) is not known; allowed: \"pad_leading_zeros\", \"none\"")
                }
                c.idMapping = s
            }
        }
        if let t = try section("period") {
            for key in ["from", "to"] {
                guard let v = t[key] else { continue }
                guard let s = v.string, YearMonth(text: s) != nil else {
                    throw fail("period", key, "`\(key)` = \(v) must be a month written \"yyyy-mm\"")
                }
                if key == "from" { c.periodFrom = s } else { c.periodTo = s }
            }
        }
        if let v = table["tolerances"] {
            guard let t = v.table else { throw fail(nil, "tolerances", "must be tables [tolerances.short_days] …") }
            for key in t.keys.sorted() {
                guard let metric = Metric(rawValue: key) else {
                    throw fail("tolerances", key, unknown(key, Metric.allCases.map(\.rawValue)))
                }
                let name = "tolerances.\(key)"
                guard let m = t[key]?.table else { throw fail(name, nil, "must be a table [\(name)]") }
                for k in m.keys.sorted() where !["absolute", "relative"].contains(k) {
                    throw fail(name, k, unknown(k, ["absolute", "relative"]))
                }
                var tol = c.tolerances[metric]!
                if let a = try decimal(m, name, "absolute") { tol.absolute = a }
                if let r = try decimal(m, name, "relative") {
                    guard r <= Fixed4(whole: 1) else {
                        throw fail(name, "relative", "must be a share 0 … 1, e.g. \"0.05\"")
                    }
                    tol.relative = r
                }
                c.tolerances[metric] = tol
            }
        }
        if let t = try section("thresholds") {
            if let n = try int(t, "thresholds", "max_unexplained_pairs", 0...Int(Int32.max)) {
                c.maxUnexplainedPairs = n
            }
            if let d = try decimal(t, "thresholds", "drift_relative") { c.driftRelative = d }
        }
        if let t = try section("samples") {
            if let n = try int(t, "samples", "seed", 0...Int(Int32.max)) { c.seed = UInt64(n) }
            if let n = try int(t, "samples", "cases_per_category", 0...100) { c.casesPerCategory = n }
            if let n = try int(t, "samples", "random_check_size", 0...100_000) { c.randomCheckSize = n }
        }
        if let t = try section("grid"), let n = try int(t, "grid", "min_persons", 1...1000) { c.minPersons = n }
        if let t = try section("sweep") {
            func list(_ key: String) throws(ReconcileInputError) -> [any TOMLValueConvertible]? {
                guard let v = t[key] else { return nil }
                guard let a = v.array, !a.isEmpty else {
                    throw fail("sweep", key, "`\(key)` must be a non-empty list of values to try")
                }
                return (0..<a.count).map { a[$0] }
            }
            func words<T: RawRepresentable>(_ key: String, _ type: T.Type, allowed: [String])
                throws(ReconcileInputError)
                -> [T]? where T.RawValue == String
            {
                guard let items = try list(key) else { return nil }
                var out: [T] = []
                for item in items {
                    guard let s = item.string, let v = T(rawValue: s) else {
                        throw fail(
                            "sweep", key, "`\(key)` holds \(item); allowed: " + allowed.joined(separator: ", "))
                    }
                    out.append(v)
                }
                return out
            }
            func lists(_ key: String, allowed: [String]) throws(ReconcileInputError) -> [[String]]? {
                guard let items = try list(key) else { return nil }
                var out: [[String]] = []
                for item in items {
                    guard let a = item.array, !a.isEmpty else {
                        throw fail("sweep", key, "`\(key)` must be a list of non-empty lists, e.g. [[\"SYG\"]]")
                    }
                    var words: [String] = []
                    for i in 0..<a.count {
                        guard let s = a[i].string, allowed.contains(s) else {
                            throw fail(
                                "sweep", key, "`\(key)` holds \(a[i]); allowed: " + allowed.joined(separator: ", "))
                        }
                        words.append(s)
                    }
                    out.append(words)
                }
                return out
            }
            func ints(_ key: String, _ range: ClosedRange<Int>) throws(ReconcileInputError) -> [Int]? {
                guard let items = try list(key) else { return nil }
                var out: [Int] = []
                for item in items {
                    guard let n = item.int, range.contains(n) else {
                        throw fail(
                            "sweep", key,
                            "`\(key)` holds \(item); allowed: whole numbers \(range.lowerBound) … \(range.upperBound)")
                    }
                    out.append(n)
                }
                return out
            }
            if let v = try lists("codes", allowed: SickLeaveParameters.knownCodes) { c.sweep.codes = v }
            if let v = try lists("population", allowed: SickLeaveParameters.knownForms) { c.sweep.population = v }
            if let items = try list("half_day_weight") {
                var out: [Fixed4] = []
                for item in items {
                    let f: Fixed4? = item.string.flatMap { Fixed4(text: $0) } ?? item.int.map { Fixed4(whole: $0) }
                    guard let f, f >= .zero, f <= Fixed4(whole: 1) else {
                        throw fail(
                            "sweep", "half_day_weight",
                            "`half_day_weight` holds \(item); allowed: decimals 0 … 1 written as text, e.g. \"0.5\"")
                    }
                    out.append(f)
                }
                c.sweep.halfDayWeight = out
            }
            if let v = try ints("link_gap_days", SickLeaveParameters.linkGapDaysDomain) { c.sweep.linkGapDays = v }
            if let v = try ints("long_term_threshold_days", SickLeaveParameters.thresholdDomain) {
                c.sweep.longTermThresholdDays = v
            }
            if let v = try words("long_term_comparison", ThresholdComparison.self, allowed: [">", ">="]) {
                c.sweep.longTermComparison = v
            }
            if let v = try words(
                "classification", ClassificationMode.self, allowed: ClassificationMode.allCases.map(\.rawValue))
            {
                c.sweep.classification = v
            }
            if let v = try words("length_basis", LengthBasis.self, allowed: LengthBasis.allCases.map(\.rawValue)) {
                c.sweep.lengthBasis = v
            }
            if let v = try words("day_basis", DayBasis.self, allowed: DayBasis.allCases.map(\.rawValue)) {
                c.sweep.dayBasis = v
            }
            if let v = try words("known_at", KnownAt.self, allowed: KnownAt.allCases.map(\.rawValue)) {
                c.sweep.knownAt = v
            }
            if let n = try int(t, "sweep", "sample_employees", 0...10_000_000) { c.sweep.sampleEmployees = n }
            if let n = try int(t, "sweep", "max_variants", 1...100_000) { c.sweep.maxVariants = n }
            if c.sweep.count > c.sweep.maxVariants {
                throw fail(
                    "sweep", nil,
                    "the grid spans \(c.sweep.count) variants, more than max_variants = \(c.sweep.maxVariants); remove values or raise max_variants"
                )
            }
        }
        if let f = c.periodFrom, let t = c.periodTo, YearMonth(text: f)! > YearMonth(text: t)! {
            throw fail("period", "to", "`to` (\(t)) is before `from` (\(f))")
        }
        return c
    }
}

/// Bad input to a reconciliation: names the file, line (when known), field and what to do.
public struct ReconcileInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Workspace-relative file, a delivery file name, or the warehouse.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The field concerned, e.g. `tolerances.total.absolute`.
    public var field: String?
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file[:line]: [field: ]message`.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let field, !field.isEmpty { s += field + ": " }
        return s + message
    }
}
