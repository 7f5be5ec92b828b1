import KlarsynCore
import Foundation
public import KlarsynSQL
public import KlarsynWorkspace

/// One model of the workspace: its SQL, its parsed statement and its sidecar.
public struct Model: Sendable {
    /// The model's name (file name without extension); also its table name in the warehouse.
    public let name: String
    /// Workspace-relative path of the SQL file, for messages.
    public let sqlPath: String
    /// The SQL text as written.
    public let sql: String
    /// The parsed statement.
    public let statement: SelectStatement
    /// The sidecar.
    public let sidecar: ModelSidecar
    /// Tables the SQL reads (models or warehouse tables), sorted.
    public let references: [String]
}

/// Every problem found while loading the models, so an author sees them all at once.
public struct ModelLoadError: Error, CustomStringConvertible {
    /// One message per problem, each starting with `file:line:column:` where known.
    public let problems: [String]

    public var description: String {
        "The models have \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  " + $0 }.joined(separator: "\n")
    }
}

/// The workspace's models, in build order (every model after the models it reads).
public struct ModelProject: Sendable {
    /// Models in build order.
    public let models: [Model]

    /// The model with a name, if any.
    public func model(named name: String) -> Model? { models.first { $0.name == name } }

    /// Loads `models/*.sql` with their sidecars, parses and orders them.
    ///
    /// - Parameter knownTables: tables that exist outside the models (staging and built-in
    ///   reference tables); a model reading any other table is an error.
    /// - Throws: ``ModelLoadError`` listing every problem: a SQL file without sidecar or the
    ///   reverse, a sidecar naming another model, SQL outside the portable subset, a reference to
    ///   an unknown table, a cycle between models.
    public static func load(workspace: Workspace, knownTables: Set<String>) throws(ModelLoadError) -> ModelProject {
        let folder = workspace.folder(.models)
        let sqlFiles = workspace.files(in: .models, withExtension: "sql")
        let sidecarFiles = workspace.files(in: .models, withExtension: "yml")
        var problems: [String] = []
        var models: [Model] = []
        let sqlNames = Set(sqlFiles.map { $0.deletingPathExtension().lastPathComponent })
        for sidecar in sidecarFiles where !sqlNames.contains(sidecar.deletingPathExtension().lastPathComponent) {
            problems.append(
                "models/\(sidecar.lastPathComponent): a sidecar without a model; add models/\(sidecar.deletingPathExtension().lastPathComponent).sql or delete the sidecar."
            )
        }
        for sqlFile in sqlFiles {
            let name = sqlFile.deletingPathExtension().lastPathComponent
            let sqlPath = "models/\(sqlFile.lastPathComponent)"
            let sidecarPath = "models/\(name).yml"
            guard let sql = try? String(contentsOf: sqlFile, encoding: .utf8) else {
                problems.append("\(sqlPath): cannot be read as UTF-8 text; save it as UTF-8.")
                continue
            }
            let sidecarURL = folder.appending(path: "\(name).yml")
            guard FileManager.default.fileExists(atPath: sidecarURL.path) else {
                problems.append(
                    "\(sqlPath): has no sidecar. Write \(sidecarPath) describing the model and every output column.")
                continue
            }
            let sidecar: ModelSidecar
            do {
                sidecar = try ModelSidecar.load(from: sidecarURL, displayPath: sidecarPath)
            } catch {
                problems.append(error.description)
                continue
            }
            if sidecar.name != name {
                problems.append(
                    "\(sidecarPath): `name: \(sidecar.name)` differs from the file name; write `name: \(name)`.")
            }
            do {
                let statement = try SQLParser.parse(sql, file: sqlPath)
                let references = statement.referencedTables().sorted()
                models.append(
                    Model(
                        name: name, sqlPath: sqlPath, sql: sql, statement: statement, sidecar: sidecar,
                        references: references))
            } catch {
                problems.append(String(describing: error))
            }
        }
        let modelNames = Set(models.map(\.name))
        for model in models {
            for table in model.references where !modelNames.contains(table) && !knownTables.contains(table) {
                let close = (modelNames.union(knownTables)).sorted().filter { editDistance($0, table) <= 2 }
                let hint = close.isEmpty ? "" : " Did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?"
                problems.append(
                    "\(model.sqlPath): reads table '\(table)', which is neither a model nor a table in the warehouse.\(hint)"
                )
            }
            for test in model.sidecar.tests {
                for other in test.referencedModels where !modelNames.contains(other) && !knownTables.contains(other) {
                    problems.append(
                        "models/\(model.name).yml: test \(test.name) refers to '\(other)', which is not a model.")
                }
            }
        }
        if !problems.isEmpty { throw ModelLoadError(problems: problems) }
        do {
            return ModelProject(models: try order(models))
        } catch {
            throw ModelLoadError(problems: [error.message])
        }
    }

    struct CycleError: Error { let message: String }

    /// Orders models so each comes after the models it reads (stable: by name among equals).
    static func order(_ models: [Model]) throws(CycleError) -> [Model] {
        let byName = Dictionary(uniqueKeysWithValues: models.map { ($0.name, $0) })
        var state: [String: Int] = [:]
        var ordered: [Model] = []
        func visit(_ name: String, _ path: [String]) throws(CycleError) {
            guard let model = byName[name] else { return }
            if state[name] == 2 { return }
            if state[name] == 1 {
                let cycle = path.drop { $0 != name } + [name]
                throw CycleError(
                    message:
                        "The models read each other in a circle: \(cycle.joined(separator: " → ")). Break the circle: a model can only read models built before it."
                )
            }
            state[name] = 1
            for reference in model.references { try visit(reference, path + [name]) }
            state[name] = 2
            ordered.append(model)
        }
        for name in byName.keys.sorted() { try visit(name, []) }
        return ordered
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
