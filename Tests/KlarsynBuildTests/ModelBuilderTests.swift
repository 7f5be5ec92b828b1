import Foundation
import GRDB
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace
import Testing

@testable import KlarsynBuild

/// Builds small workspaces on crafted staging data: each data-test kind must fail on bad rows
/// and pass on good ones; the documentation gate and the model order must hold.
@Suite struct ModelBuilderTests {
    /// A workspace folder with the given models (name → (sql, yml)) and an in-file warehouse
    /// holding the given staging SQL.
    func fixture(models: [String: (String, String)], staging: String) throws -> (
        TemporaryDirectory, Workspace, Warehouse
    ) {
        let tmp = try TemporaryDirectory()
        for folder in Workspace.Folder.allCases {
            try FileManager.default.createDirectory(
                at: tmp.path("ws/\(folder.rawValue)"), withIntermediateDirectories: true)
        }
        for (name, files) in models {
            try Data(files.0.utf8).write(to: tmp.path("ws/models/\(name).sql"))
            try Data(files.1.utf8).write(to: tmp.path("ws/models/\(name).yml"))
        }
        let warehouse = try Warehouse.open(
            path: tmp.path("w.sqlite").path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        try warehouse.write { db in try db.execute(sql: staging) }
        return (tmp, try Workspace.open(at: tmp.path("ws")), warehouse)
    }

    func sidecar(
        _ name: String, columns: [String], key: [String] = [], tests: String = "", columnTests: [String: String] = [:]
    ) -> String {
        var text = "name: \(name)\nversion: 1\nowner: test\ndescription: test model\ngrain: test grain\n"
        if !key.isEmpty { text += "key: [\(key.joined(separator: ", "))]\n" }
        text += "columns:\n"
        for c in columns {
            text += "  - name: \(c)\n    description: the \(c)\n"
            if let t = columnTests[c] { text += "    tests:\n      - \(t)\n" }
        }
        if !tests.isEmpty { text += "tests:\n" + tests }
        return text
    }

    let staging = """
        CREATE TABLE stg_people (id TEXT, unit TEXT, kind TEXT, valid_from TEXT, valid_to TEXT);
        INSERT INTO stg_people VALUES
          ('E1', 'U1', 'a', '2024-01-01', '2024-06-30'),
          ('E1', 'U1', 'a', '2024-06-01', NULL),
          ('E2', 'U9', 'z', '2024-01-01', NULL),
          ('E3', NULL, 'a', '2024-01-01', '2024-01-31'),
          ('E3', NULL, 'a', '2024-01-01', '2024-03-31');
        CREATE TABLE stg_units (unit_id TEXT, parent_id TEXT, valid_from TEXT, valid_to TEXT);
        INSERT INTO stg_units VALUES ('R', NULL, '2020-01-01', NULL), ('U1', 'R', '2020-01-01', '2023-12-31'),
          ('U1', 'U2', '2024-01-01', NULL), ('U2', 'U1', '2024-01-01', NULL);
        CREATE TABLE stg_events (event_id TEXT, person TEXT, day TEXT);
        INSERT INTO stg_events VALUES ('A', 'E1', '2024-03-01'), ('B', 'E2', '2023-12-31'), ('C', 'E9', '2024-03-01');
        """

    @Test func everyTestKindFindsItsBadRowsWithKeys() throws {
        let people = (
            "SELECT id, unit, kind, valid_from, valid_to FROM stg_people",
            sidecar(
                "people", columns: ["id", "unit", "kind", "valid_from", "valid_to"], key: ["id", "valid_from"],
                tests: """
                      - unique: [id, valid_from]
                      - no_overlap: {key: [id], from: valid_from, to: valid_to}

                    """,
                columnTests: [
                    "unit": "not_null", "kind": "accepted_values: [a, b]",
                    "id": "relationships: {to: events, field: person, severity: warn}",
                ])
        )
        let units = (
            "SELECT unit_id, parent_id, valid_from, valid_to FROM stg_units",
            sidecar(
                "units", columns: ["unit_id", "parent_id", "valid_from", "valid_to"],
                tests: "  - no_cycles: {id: unit_id, parent: parent_id, from: valid_from, to: valid_to}\n")
        )
        let events = (
            "SELECT e.event_id, e.person, e.day FROM stg_events e",
            sidecar(
                "events", columns: ["event_id", "person", "day"], key: ["event_id"],
                columnTests: [
                    "person": "valid_on_date: {date: day, to: people, field: id, from: valid_from, until: valid_to}"
                ])
        )
        let (tmp, workspace, warehouse) = try fixture(
            models: ["people": people, "units": units, "events": events], staging: staging)
        defer { tmp.remove() }
        let report = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        let byName = Dictionary(uniqueKeysWithValues: report.tests.map { ("\($0.model).\($0.test)", $0) })
        #expect(byName["people.not_null(unit)"]?.sampleKeys == [["E3", "2024-01-01"], ["E3", "2024-01-01"]])
        #expect(byName["people.accepted_values(kind)"]?.sampleKeys == [["E2", "2024-01-01", "z"]])
        #expect(byName["people.unique(id, valid_from)"]?.failingRows == 2)
        #expect(
            byName["people.no_overlap(id: valid_from..valid_to)"]?.sampleKeys.map { $0[0] }.sorted() == ["E1", "E3"])
        #expect(byName["people.relationships(id → events.person)"]?.sampleKeys.map { $0[0] } == ["E3", "E3"])
        #expect(byName["people.relationships(id → events.person)"]?.severity == "warn")
        #expect(byName["units.no_cycles(unit_id → parent_id)"]?.sampleKeys == [["2024-01-01", "U1 → U2"]])
        #expect(byName["events.valid_on_date(person on day → people.id)"]?.sampleKeys.map { $0[0] } == ["B", "C"])
        #expect(!report.succeeded)
        #expect(report.failedTests.count == 6)
        let stored = try warehouse.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM build_test_failures WHERE build_id = ?", arguments: [report.buildId])
        }
        #expect(stored == report.tests.reduce(0) { $0 + $1.failingRows })
        #expect(report.models.map(\.model) == ["events", "people", "units"])
    }

    @Test func passingTestsPassAndTheBuildSucceeds() throws {
        let model = (
            "SELECT DISTINCT id FROM stg_people WHERE kind = 'a'",
            sidecar("ids", columns: ["id"], key: ["id"], columnTests: ["id": "unique"])
        )
        let (tmp, workspace, warehouse) = try fixture(models: ["ids": model], staging: staging)
        defer { tmp.remove() }
        let report = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        #expect(report.succeeded)
        #expect(report.models.first?.rows == 2)
        let lineage = try LineageWalk.walk(warehouse: warehouse, table: "ids", column: "id", direction: .upstream)
        #expect(lineage.contains { $0.table == "stg_people" && $0.column == "id" && $0.kind == "copied" })
        #expect(lineage.contains { $0.table == "stg_people" && $0.column == "kind" && $0.kind == "filter" })
    }

    @Test func theDocumentationGateFailsOnUndocumentedAndMissingColumnsAndKeepsThePreviousBuild() throws {
        let good = ("SELECT id FROM stg_people", sidecar("m", columns: ["id"]))
        let (tmp, workspace, warehouse) = try fixture(models: ["m": good], staging: staging)
        defer { tmp.remove() }
        _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        try Data("SELECT id, unit FROM stg_people".utf8).write(to: tmp.path("ws/models/m.sql"))
        try Data(sidecar("m", columns: ["id", "gone"]).utf8).write(to: tmp.path("ws/models/m.yml"))
        #expect(throws: BuildError.self) { try ModelBuilder(warehouse: warehouse, workspace: workspace).build() }
        do {
            _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        } catch {
            #expect(
                String(describing: error).contains("column 'unit' is output by models/m.sql but has no description"))
            #expect(String(describing: error).contains("documents column 'gone', which models/m.sql does not output"))
        }
        let columns = try warehouse.read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(m)").map { $0["name"] as String }
        }
        #expect(columns == ["id"])
        let coverage = try DocumentationCoverage.check(warehouse: warehouse, workspace: workspace)
        #expect(coverage.first?.outputColumns == 2)
        #expect(coverage.first?.documented == 1)
    }

    @Test func unknownTablesAndCyclesAreNamed() throws {
        let a = ("SELECT id FROM b", sidecar("a", columns: ["id"]))
        let b = ("SELECT id FROM a", sidecar("b", columns: ["id"]))
        let c = ("SELECT id FROM stg_peple", sidecar("c", columns: ["id"]))
        let (tmp, workspace, warehouse) = try fixture(models: ["a": a, "b": b], staging: staging)
        defer { tmp.remove() }
        do {
            _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
            Issue.record("expected a cycle error")
        } catch {
            #expect(String(describing: error).contains("a → b → a") || String(describing: error).contains("b → a → b"))
        }
        try FileManager.default.removeItem(at: tmp.path("ws/models/b.sql"))
        try FileManager.default.removeItem(at: tmp.path("ws/models/b.yml"))
        try Data(c.0.utf8).write(to: tmp.path("ws/models/c.sql"))
        try Data(c.1.utf8).write(to: tmp.path("ws/models/c.yml"))
        do {
            _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
            Issue.record("expected unknown tables")
        } catch {
            let text = String(describing: error)
            #expect(
                text.contains("models/a.sql: reads table 'b', which is neither a model nor a table in the warehouse."))
            #expect(text.contains("Did you mean 'stg_people'?"))
        }
        let failed = try warehouse.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM build_runs WHERE status = 'failed'")
        }
        #expect(failed == 2)
    }
}
