import Foundation
import KlarsynSQL
import Testing

/// The models of the default workspace (`KlarsynWorkspace/DefaultWorkspace/models`) are the
/// real users of the subset: each must parse, format round-trip and render.
@Suite("Default workspace models")
struct WorkspaceModelTests {
    static let modelsFolder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/KlarsynWorkspace/DefaultWorkspace/models")

    static var modelFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: modelsFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted()
    }

    @Test(arguments: modelFiles)
    func parsesFormatsAndRenders(_ name: String) throws {
        let text = try String(contentsOf: Self.modelsFolder.appendingPathComponent(name), encoding: .utf8)
        let stmt = try parse(text, file: "models/\(name)")
        #expect(try parse(format(stmt)) == stmt)
        for dialect in SQLDialect.allCases { #expect(!render(stmt, dialect: dialect).isEmpty) }
        #expect(!referencedTables(stmt).isEmpty)
        let names = try outputColumnNames(of: stmt, schema: DictionarySchema([:]))
        #expect(!names.isEmpty)
    }

    /// Creates every table the model reads with the columns lineage says it uses, then runs
    /// the SQLite rendering: proves the rendered SQL is valid SQLite for real models.
    @Test(arguments: modelFiles)
    func sqliteRenderingRuns(_ name: String) throws {
        let text = try String(contentsOf: Self.modelsFolder.appendingPathComponent(name), encoding: .utf8)
        let stmt = try parse(text, file: "models/\(name)")
        var columns: [String: Set<String>] = [:]
        for output in try lineage(of: stmt, schema: DictionarySchema([:])) {
            for d in output.dependencies { columns[d.table, default: []].insert(d.column) }
        }
        for table in referencedTables(stmt) where columns[table.qualifiedName] == nil {
            columns[table.qualifiedName] = ["unused"]
        }
        let setup = columns.keys.sorted().map { table in
            "CREATE TABLE \"\(table)\" (\(columns[table]!.sorted().map { "\"\($0)\"" }.joined(separator: ", ")));"
        }.joined(separator: "\n")
        let out = try runSQLite(setup + "\n" + render(stmt, dialect: .sqlite) + ";")
        // Over empty tables a model gives no rows, except a fixed list written in the model itself
        // (the twelve nursing problem areas), which gives exactly that list.
        if name == "nursing_problem_area.sql" {
            #expect(out.split(separator: "\n").count == 12)
        } else {
            #expect(out.isEmpty)
        }
    }
}
