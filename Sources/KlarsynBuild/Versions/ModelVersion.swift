import Foundation
public import KlarsynWorkspace
import Yams

/// A reference to a data-model version such as `hr@2`: the model set's name and a version number.
public struct ModelVersionID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The model set, e.g. `hr`.
    public var set: String
    /// The version number, ≥ 1.
    public var number: Int

    /// Creates a reference.
    public init(set: String, number: Int) {
        self.set = set
        self.number = number
    }

    /// Parses `hr@2`, or a bare `2` for the workspace's model set `set`.
    public init?(_ text: String, defaultSet: String) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1, let n = Int(parts[0]), n >= 1 {
            self.init(set: defaultSet, number: n)
        } else if parts.count == 2, !parts[0].isEmpty, let n = Int(parts[1]), n >= 1 {
            self.init(set: String(parts[0]), number: n)
        } else {
            return nil
        }
    }

    /// `hr@2`.
    public var description: String { "\(set)@\(number)" }

    /// Orders by set, then number.
    public static func < (a: ModelVersionID, b: ModelVersionID) -> Bool { (a.set, a.number) < (b.set, b.number) }
}

/// How one column of the previous version's table is provided by this version (the column map
/// of `models/hr@N/version.yml`, see `docs/model-versions.md`).
public enum ColumnMapping: Sendable, Equatable {
    /// Same name, same meaning, in the mapped model.
    case same
    /// Same meaning under a new name in the mapped model.
    case renamed(to: String)
    /// Moved to another model of this version (a split): `model.column`.
    case split(model: String, column: String)
    /// Computed from this version's columns with an SQL expression (`model.column` names). The
    /// compatibility view computes it; a re-linked tile reads `relink` (a column of this
    /// version, often with a changed meaning), or breaks when there is none.
    case derived(formula: String, relink: ModelColumn?)
    /// Not provided any more; the text says why.
    case dropped(why: String)
}

/// A `model.column` of one version.
public struct ModelColumn: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// Model (logical name inside its version).
    public var model: String
    /// Column.
    public var column: String

    /// Creates a reference.
    public init(model: String, column: String) {
        self.model = model
        self.column = column
    }

    /// Parses `model.column`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(model: String(parts[0]), column: String(parts[1]))
    }

    /// `model.column`.
    public var description: String { "\(model).\(column)" }

    /// Orders by text.
    public static func < (a: ModelColumn, b: ModelColumn) -> Bool { a.description < b.description }
}

/// How one table of the previous version maps onto this version.
public struct TableMap: Sendable, Equatable {
    /// The previous version's model, e.g. `employment`.
    public var previousModel: String
    /// The model of this version that carries its rows, e.g. `employment`.
    public var from: String
    /// Further models joined on a shared key column (`LEFT JOIN position ON position.position_id = employment.position_id`).
    public var joins: [(model: String, key: String)]
    /// Explicit column entries; a column not listed maps as ``ColumnMapping/same``.
    public var columns: [String: ColumnMapping]

    public static func == (a: TableMap, b: TableMap) -> Bool {
        a.previousModel == b.previousModel && a.from == b.from && a.columns == b.columns
            && a.joins.map(\.model) == b.joins.map(\.model) && a.joins.map(\.key) == b.joins.map(\.key)
    }

    /// The mapping of `column` (``ColumnMapping/same`` when not listed).
    public func mapping(of column: String) -> ColumnMapping { columns[column] ?? .same }
}

/// One data-model version of the workspace.
///
/// Version 1 of the model set is the workspace's `models/*.sql`, built under the models' own
/// names (so existing reports, the sick-leave build and external tools keep reading them).
/// Each later version lives in `models/SET@N/` with a manifest `version.yml`, is built under the
/// prefix `SETN_` (`hr2_employment`), and declares a column map from the previous version.
public struct ModelVersion: Sendable {
    /// `hr@2`.
    public var id: ModelVersionID
    /// Folder of its SQL files (workspace-relative, e.g. `models/hr@2`), `models` for version 1.
    public var folder: String
    /// Table prefix in the warehouse: empty for version 1, else `hr2_`.
    public var prefix: String
    /// `current`, `candidate` or `retired`, as the manifest says (version 1: current unless a later manifest says it is).
    public var status: String
    /// Who answers for the version.
    public var owner: String
    /// What changed, in words.
    public var description: String
    /// Models of the previous version reused unchanged (built again under this version's names).
    public var inherits: [String]
    /// The column map from the previous version, by previous model name.
    public var maps: [String: TableMap]

    /// The warehouse table of a model of this version.
    public func table(_ model: String) -> String { prefix + model }

    /// The models of this version: its own `*.sql` files and the ones it inherits (version 1:
    /// `models/*.sql`).
    public func modelNames(in workspace: Workspace) -> Set<String> {
        let folder = workspace.root.appending(path: self.folder)
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }
        return Set(own + inherits)
    }

    /// The name of the compatibility view that provides the previous version's `model`.
    public func compatibilityView(_ previousModel: String) -> String { prefix + "compat_" + previousModel }
}

/// A manifest or map that cannot be read; names the file, field and fix.
public struct ModelVersionError: Error, CustomStringConvertible, Equatable {
    /// Workspace-relative file.
    public var file: String
    /// What is wrong and what to do.
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// The data-model versions of a workspace, oldest first.
public struct ModelVersionSet: Sendable {
    /// The model set's name, e.g. `hr` (from the manifests; `hr` when there are none).
    public var set: String
    /// Versions, oldest first; the first is always version 1 (`models/*.sql`).
    public var versions: [ModelVersion]

    /// The current version: the newest whose manifest says `status: current`, else version 1.
    public var current: ModelVersion {
        versions.last { $0.status == "current" } ?? versions[0]
    }

    /// The version with a number.
    public func version(_ number: Int) -> ModelVersion? { versions.first { $0.id.number == number } }

    /// Resolves a report's `model_version` (`current`, `2`, `hr@2`).
    public func resolve(_ text: String) -> ModelVersion? {
        if text == "current" { return current }
        guard let id = ModelVersionID(text, defaultSet: set), id.set == set else { return nil }
        return version(id.number)
    }

    /// Reads `models/*@N/version.yml` of the workspace.
    public static func load(workspace: Workspace) throws(ModelVersionError) -> ModelVersionSet {
        let models = workspace.folder(.models)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: models.path)) ?? []).sorted()
        var later: [ModelVersion] = []
        var setName: String?
        for name in names where name.contains("@") {
            let file = "models/\(name)/version.yml"
            let url = models.appending(path: name).appending(path: "version.yml")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ModelVersionError(
                    file: file, message: "is missing; a version folder needs a manifest (see docs/model-versions.md).")
            }
            let version = try parse(text, file: file, folder: "models/\(name)")
            guard "\(version.id)" == name else {
                throw ModelVersionError(
                    file: file,
                    message: "declares \(version.id) but lives in folder '\(name)'; name the folder \(version.id).")
            }
            if let setName, setName != version.id.set {
                throw ModelVersionError(
                    file: file,
                    message:
                        "belongs to model set '\(version.id.set)', others to '\(setName)'; a workspace has one model set."
                )
            }
            setName = version.id.set
            later.append(version)
        }
        let set = setName ?? "hr"
        let first = ModelVersion(
            id: ModelVersionID(set: set, number: 1), folder: "models", prefix: "",
            status: later.contains { $0.status == "current" } ? "previous" : "current",
            owner: "", description: "The models in models/*.sql, built under their own names.", inherits: [], maps: [:])
        later.sort { $0.id.number < $1.id.number }
        for (index, version) in later.enumerated() where version.id.number != index + 2 {
            throw ModelVersionError(
                file: "\(version.folder)/version.yml",
                message: "is version \(version.id.number), but versions must follow each other (expected \(index + 2))."
            )
        }
        return ModelVersionSet(set: set, versions: [first] + later)
    }

    /// Parses a manifest.
    static func parse(_ text: String, file: String, folder: String) throws(ModelVersionError) -> ModelVersion {
        func fail(_ m: String) -> ModelVersionError { ModelVersionError(file: file, message: m) }
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { throw fail("is empty.") }
            node = n
        } catch let e as ModelVersionError {
            throw e
        } catch {
            throw fail("is not valid YAML: \(error).")
        }
        guard let map = node.mapping else { throw fail("must be a mapping of fields (model_set, version, …).") }
        let allowed = ["model_set", "version", "previous", "status", "owner", "description", "inherits", "maps"]
        for key in map.keys.compactMap(\.string) where !allowed.contains(key) {
            throw fail("unknown field `\(key)`; allowed: \(allowed.joined(separator: ", ")).")
        }
        guard let set = map["model_set"]?.string, !set.isEmpty,
            set.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { throw fail("field `model_set` is required: letters, digits and _ (e.g. `model_set: hr`).") }
        guard let number = map["version"]?.int, number >= 2 else {
            throw fail("field `version` must be a whole number ≥ 2 (version 1 is models/*.sql).")
        }
        if let previous = map["previous"]?.int, previous != number - 1 {
            throw fail("field `previous` must be \(number - 1): a version maps from the one before it.")
        }
        let status = map["status"]?.string ?? "candidate"
        guard ["current", "candidate", "retired"].contains(status) else {
            throw fail("field `status` must be current, candidate or retired (found '\(status)').")
        }
        let inherits = map["inherits"]?.sequence?.compactMap(\.string) ?? []
        var maps: [String: TableMap] = [:]
        if let mapsNode = map["maps"] {
            guard let entries = mapsNode.mapping else {
                throw fail("field `maps` must map previous models to entries.")
            }
            for (keyNode, value) in entries {
                guard let previous = keyNode.string, let entry = value.mapping else {
                    throw fail("field `maps` must map previous models to entries.")
                }
                let path = "maps.\(previous)"
                let from = entry["from"]?.string ?? previous
                var joins: [(model: String, key: String)] = []
                for j in entry["joins"]?.sequence ?? [] {
                    guard let model = j.mapping?["model"]?.string, let key = j.mapping?["key"]?.string else {
                        throw fail("field `\(path).joins` lists {model: NAME, key: COLUMN} entries.")
                    }
                    joins.append((model, key))
                }
                var columns: [String: ColumnMapping] = [:]
                for (columnNode, spec) in entry["columns"]?.mapping ?? [:] {
                    guard let column = columnNode.string else { continue }
                    columns[column] = try mapping(spec, field: "\(path).columns.\(column)", fail: fail)
                }
                maps[previous] = TableMap(previousModel: previous, from: from, joins: joins, columns: columns)
            }
        }
        return ModelVersion(
            id: ModelVersionID(set: set, number: number), folder: folder, prefix: "\(set)\(number)_", status: status,
            owner: map["owner"]?.string ?? "", description: map["description"]?.string ?? "", inherits: inherits,
            maps: maps)
    }

    static func mapping(_ spec: Node, field: String, fail: (String) -> ModelVersionError) throws(ModelVersionError)
        -> ColumnMapping
    {
        let kinds =
            "same, {renamed: NEW}, {split: MODEL.COLUMN}, {derived: FORMULA, relink: MODEL.COLUMN} or {dropped: WHY}"
        if spec.string == "same" { return .same }
        guard let m = spec.mapping else { throw fail("field `\(field)` must be \(kinds).") }
        if let to = m["renamed"]?.string { return .renamed(to: to) }
        if let target = m["split"]?.string {
            guard let ref = ModelColumn(target) else { throw fail("field `\(field).split` must be MODEL.COLUMN.") }
            return .split(model: ref.model, column: ref.column)
        }
        if let formula = m["derived"]?.string {
            var relink: ModelColumn?
            if let r = m["relink"]?.string {
                guard let ref = ModelColumn(r) else { throw fail("field `\(field).relink` must be MODEL.COLUMN.") }
                relink = ref
            }
            return .derived(formula: formula, relink: relink)
        }
        if let why = m["dropped"]?.string, !why.isEmpty { return .dropped(why: why) }
        throw fail("field `\(field)` must be \(kinds).")
    }
}
