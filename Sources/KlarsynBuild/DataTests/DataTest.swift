import Foundation
import Yams

/// A data test declared in a model sidecar. Each test finds the rows that break it; a build
/// stores the key of every failing row (no cap).
public struct DataTest: Sendable, Equatable {
    /// What the test checks.
    public enum Kind: Sendable, Equatable {
        /// The column is never NULL.
        case notNull(column: String)
        /// No two rows share these columns.
        case unique(columns: [String])
        /// Every non-NULL value of `column` exists in `model.field`.
        case relationships(column: String, model: String, field: String)
        /// Every non-NULL value is one of `values`.
        case acceptedValues(column: String, values: [String])
        /// Periods `[from, to]` (inclusive; NULL `to` = open) of one key never overlap.
        case noOverlap(key: [String], from: String, to: String)
        /// On the row's date, `column` matches a row of `model` whose period covers the date
        /// (e.g. every shift's employee has an employment on the shift's date).
        case validOnDate(column: String, date: String, model: String, field: String, from: String, to: String)
        /// The tree `id → parent`, with periods `[from, to]`, has no cycle on any date.
        case noCycles(id: String, parent: String, from: String, to: String)
    }

    /// How a failure counts.
    public enum Severity: String, Sendable, Equatable {
        /// Fails the build.
        case error
        /// Reported, does not fail the build.
        case warn
    }

    /// What the test checks.
    public var kind: Kind
    /// How a failure counts.
    public var severity: Severity

    /// A short stable name, e.g. `unique(employee_id, valid_from)`.
    public var name: String {
        switch kind {
        case .notNull(let c): "not_null(\(c))"
        case .unique(let cs): "unique(\(cs.joined(separator: ", ")))"
        case .relationships(let c, let m, let f): "relationships(\(c) → \(m).\(f))"
        case .acceptedValues(let c, _): "accepted_values(\(c))"
        case .noOverlap(let k, let f, let t): "no_overlap(\(k.joined(separator: ", ")): \(f)..\(t))"
        case .validOnDate(let c, let d, let m, let f, _, _): "valid_on_date(\(c) on \(d) → \(m).\(f))"
        case .noCycles(let i, let p, _, _): "no_cycles(\(i) → \(p))"
        }
    }

    /// The model columns the test reads, for lineage ("used by test") and checks.
    public var columns: [String] {
        switch kind {
        case .notNull(let c): [c]
        case .unique(let cs): cs
        case .relationships(let c, _, _): [c]
        case .acceptedValues(let c, _): [c]
        case .noOverlap(let k, let f, let t): k + [f, t]
        case .validOnDate(let c, let d, _, _, _, _): [c, d]
        case .noCycles(let i, let p, let f, let t): [i, p, f, t]
        }
    }

    /// Other models the test reads.
    public var referencedModels: [String] {
        switch kind {
        case .relationships(_, let m, _), .validOnDate(_, _, let m, _, _, _): [m]
        default: []
        }
    }

    static let kinds = [
        "not_null", "unique", "relationships", "accepted_values", "no_overlap", "valid_on_date", "no_cycles",
    ]

    /// Parses one entry of a `tests:` list; `column` is set for column-level tests.
    static func parse(_ node: Node, column: String?, file: String, path: String) throws(SidecarError) -> DataTest {
        let line = node.mark.map { $0.line }
        func fail(_ message: String) -> SidecarError {
            SidecarError(file: file, line: line, message: "test `\(path)` \(message).")
        }
        let testName: String
        var params: Node?
        if let scalar = node.scalar {
            testName = scalar.string
        } else if let mapping = node.mapping, mapping.count == 1, let first = mapping.first, let key = first.key.scalar
        {
            testName = key.string
            params = first.value
        } else {
            throw fail("must be a test name (e.g. `not_null`) or a one-key mapping (e.g. `unique: [a, b]`)")
        }
        guard kinds.contains(testName) else {
            throw fail("'\(testName)' is not a test Klarsyn knows; use one of \(kinds.joined(separator: ", "))")
        }
        let fields = params.flatMap { $0.mapping == nil ? nil : YAMLFields(node: $0, file: file, path: path) }
        func param(_ key: String) throws(SidecarError) -> String {
            guard let fields else { throw fail("needs `\(key):`") }
            return try fields.string(key)
        }
        func theColumn() throws(SidecarError) -> String {
            if let column { return column }
            return try param("column")
        }
        var severity = Severity.error
        if let fields, let text = try fields.optionalString("severity") {
            guard let s = Severity(rawValue: text) else { throw fail("has severity '\(text)'; use `error` or `warn`") }
            severity = s
        }
        let kind: Kind
        switch testName {
        case "not_null":
            kind = .notNull(column: try theColumn())
        case "unique":
            if let params, params.sequence != nil || params.scalar != nil {
                let list = params.sequence.map { $0.compactMap { $0.scalar?.string } } ?? [params.scalar!.string]
                kind = .unique(columns: list)
            } else if let fields, fields.value("columns") != nil {
                kind = .unique(columns: try fields.stringList("columns"))
            } else {
                kind = .unique(columns: [try theColumn()])
            }
        case "relationships":
            kind = .relationships(column: try theColumn(), model: try param("to"), field: try param("field"))
        case "accepted_values":
            let values: [String]
            if let params, let seq = params.sequence {
                values = seq.compactMap { $0.scalar?.string }
            } else if let fields {
                values = try fields.stringList("values")
            } else {
                throw fail("needs the accepted values, e.g. `accepted_values: [K, M]`")
            }
            kind = .acceptedValues(column: try theColumn(), values: values)
        case "no_overlap":
            guard let fields else { throw fail("needs `key`, `from` and `to`") }
            kind = .noOverlap(key: try fields.stringList("key"), from: try param("from"), to: try param("to"))
        case "valid_on_date":
            kind = .validOnDate(
                column: try theColumn(), date: try param("date"), model: try param("to"), field: try param("field"),
                from: try param("from"), to: try param("until"))
        default:
            guard fields != nil else { throw fail("needs `id`, `parent`, `from` and `to`") }
            kind = .noCycles(
                id: try param("id"), parent: try param("parent"), from: try param("from"), to: try param("to"))
        }
        return DataTest(kind: kind, severity: severity)
    }
}
