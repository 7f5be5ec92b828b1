public import Foundation
import Yams

/// The YAML sidecar of a model (`models/NAME.yml`): what the model is, its grain, owner and
/// version, a description of every output column, and its data tests.
///
/// ```yaml
/// name: employment
/// version: 1
/// owner: HR data team, regional BI unit
/// description: One row per employment period as the payroll vendor last delivered it.
/// grain: one row per employee_id and valid_from
/// columns:
///   - name: employee_id
///     description: Pseudonymous employee id.
///     tests: [not_null]
/// tests:
///   - unique: [employee_id, valid_from]
///   - no_overlap: {key: [employee_id], from: valid_from, to: valid_to}
/// ```
public struct ModelSidecar: Sendable, Equatable {
    /// The model's name; must equal the file name without `.yml`.
    public var name: String
    /// Model version (the data-model version the model belongs to).
    public var version: Int
    /// Who answers for the model.
    public var owner: String
    /// What the model is, in words a BI developer and an HR partner understand.
    public var description: String
    /// What one row is.
    public var grain: String
    /// The columns that identify a row (used to name failing rows); empty when not declared.
    public var key: [String]
    /// Every documented output column, in order.
    public var columns: [ColumnDoc]
    /// Data tests on the model (column tests are included here, attached to their column).
    public var tests: [DataTest]
    /// `incremental: COLUMN` (e.g. `employee_id`): the author states that the model's rows with a
    /// value of COLUMN depend only on the input rows with that value (in every input that has the
    /// column) and on inputs without it, so a build after a delivery rebuilds only the values in
    /// the delivered rows (ADR 0161). Nil: the model is always built whole.
    public var incremental: String? = nil

    /// One documented output column.
    public struct ColumnDoc: Sendable, Equatable {
        /// Column name as the model outputs it.
        public var name: String
        /// What the column holds.
        public var description: String
    }
}

/// A sidecar that could not be read; the message names file, field and fix.
public struct SidecarError: Error, CustomStringConvertible, Equatable {
    /// The sidecar file (workspace-relative where possible).
    public var file: String
    /// The line, when the YAML parser knows it.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

extension ModelSidecar {
    /// Reads and validates a sidecar file.
    public static func load(from url: URL, displayPath: String) throws(SidecarError) -> ModelSidecar {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SidecarError(file: displayPath, line: nil, message: "cannot be read as UTF-8 text. Save it as UTF-8.")
        }
        return try parse(text, file: displayPath)
    }

    /// Parses sidecar YAML text.
    public static func parse(_ text: String, file: String) throws(SidecarError) -> ModelSidecar {
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else {
                throw SidecarError(
                    file: file, line: nil,
                    message: "is empty. Describe the model: name, version, owner, description, grain, columns.")
            }
            node = parsed
        } catch let error as SidecarError {
            throw error
        } catch let error as YamlError {
            throw SidecarError(file: file, line: yamlLine(error), message: "is not valid YAML: \(yamlProblem(error)).")
        } catch {
            throw SidecarError(file: file, line: nil, message: "is not valid YAML.")
        }
        let reader = YAMLFields(node: node, file: file, path: "")
        let name = try reader.string("name")
        let versionText = try reader.string("version")
        guard let version = Int(versionText), version >= 1 else {
            throw reader.error("version", "must be a whole number ≥ 1, e.g. `version: 1` (found '\(versionText)')")
        }
        var columns: [ColumnDoc] = []
        var tests: [DataTest] = []
        for (index, columnNode) in try reader.sequence("columns").enumerated() {
            let column = YAMLFields(node: columnNode, file: file, path: "columns[\(index)]")
            let columnName = try column.string("name")
            let description = try column.optionalString("description") ?? ""
            columns.append(ColumnDoc(name: columnName, description: description))
            for (testIndex, testNode) in (try column.optionalSequence("tests") ?? []).enumerated() {
                tests.append(
                    try DataTest.parse(
                        testNode, column: columnName, file: file, path: "columns[\(index)].tests[\(testIndex)]"))
            }
        }
        let names = columns.map(\.name)
        if let duplicate = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw reader.error("columns", "lists column '\(duplicate)' twice; document each column once")
        }
        for (index, testNode) in (try reader.optionalSequence("tests") ?? []).enumerated() {
            tests.append(try DataTest.parse(testNode, column: nil, file: file, path: "tests[\(index)]"))
        }
        return ModelSidecar(
            name: name, version: version, owner: try reader.string("owner"),
            description: try reader.string("description"), grain: try reader.string("grain"),
            key: reader.value("key") == nil ? [] : try reader.stringList("key"),
            columns: columns, tests: tests,
            incremental: try incrementalColumn(reader, columns: names))
    }

    static func incrementalColumn(_ reader: YAMLFields, columns: [String]) throws(SidecarError) -> String? {
        guard let column = try reader.optionalString("incremental") else { return nil }
        guard columns.contains(column) else {
            throw reader.error(
                "incremental",
                "names column '\(column)', which is not a documented output column; name one of \(columns.joined(separator: ", ")) (e.g. `incremental: employee_id`) or remove the field"
            )
        }
        return column
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}

/// Reads typed fields from a YAML mapping with errors that name the file and field path.
struct YAMLFields {
    let node: Node
    let file: String
    let path: String

    func error(_ key: String, _ message: String) -> SidecarError {
        let field = path.isEmpty ? key : "\(path).\(key)"
        return SidecarError(file: file, line: line(of: key), message: "field `\(field)` \(message).")
    }

    func line(of key: String) -> Int? {
        if let mapping = node.mapping {
            for (k, _) in mapping where k.string == key { return k.mark.map { $0.line } }
        }
        return node.mark.map { $0.line }
    }

    func value(_ key: String) -> Node? { node.mapping?[Node(key)] }

    func string(_ key: String) throws(SidecarError) -> String {
        guard let text = try optionalString(key), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(key, "is missing; it is required")
        }
        return text
    }

    func optionalString(_ key: String) throws(SidecarError) -> String? {
        guard let v = value(key) else { return nil }
        guard let scalar = v.scalar else { throw error(key, "must be text, not a list or mapping") }
        return scalar.string
    }

    func sequence(_ key: String) throws(SidecarError) -> [Node] {
        guard let items = try optionalSequence(key) else { throw error(key, "is missing; list the items") }
        return items
    }

    func optionalSequence(_ key: String) throws(SidecarError) -> [Node]? {
        guard let v = value(key) else { return nil }
        guard let items = v.sequence else { throw error(key, "must be a list (lines starting with `- `)") }
        return Array(items)
    }

    func stringList(_ key: String) throws(SidecarError) -> [String] {
        guard let v = value(key) else { throw error(key, "is missing") }
        if let scalar = v.scalar { return [scalar.string] }
        guard let items = v.sequence else { throw error(key, "must be a column name or a list of them") }
        var out: [String] = []
        for item in items {
            guard let scalar = item.scalar else { throw error(key, "must list names, not mappings") }
            out.append(scalar.string)
        }
        return out
    }
}
