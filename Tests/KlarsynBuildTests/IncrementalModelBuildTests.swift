import Foundation
import GRDB
import KlarsynCore
import KlarsynIngest
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace
import Testing

@testable import KlarsynBuild

/// Models are skipped when their inputs did not change and rebuilt per employee when they are
/// incremental (ADR 0160, 0161); the result must equal a full rebuild of the same data.
@Suite(.serialized) struct IncrementalModelBuildTests {
    typealias Region = SickLeaveIncrementalTests.Region

    static func ingest(_ region: Region, _ warehouse: Warehouse, _ inboxes: [URL]) throws {
        let ingestor = Ingestor(warehouse: warehouse, contracts: region.contracts)
        for inbox in inboxes { _ = try ingestor.ingest(inbox: inbox) }
        try ingestor.prepareStaging()
    }

    /// Every row of a table in the order of all its columns, as text (doubles via their bits).
    static func rows(_ warehouse: Warehouse, _ table: String) throws -> [String] {
        try warehouse.read { db in
            let n = try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")").count
            let order = (1...max(n, 1)).map(String.init).joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(order)").map { row in
                row.databaseValues.map { value -> String in
                    if case .double(let d) = value.storage { return "d\(d.bitPattern)" }
                    return value.description
                }.joined(separator: "|")
            }
        }
    }

    /// Failing-row counts of the data tests of the last later-version build (hr@2 tables).
    static func versionTestCounts(_ warehouse: Warehouse) throws -> [String] {
        try warehouse.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT model || '.' || test_name || ' ' || failing_rows FROM build_test_results
                    WHERE build_id = (SELECT MAX(build_id) FROM build_test_results WHERE model LIKE 'hr2_%')
                    ORDER BY 1
                    """)
        }
    }

    static func status(_ report: BuildReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.models.map { ($0.model, $0.status) })
    }

    static func testOutcomes(_ report: BuildReport) -> [String] {
        report.tests.map { "\($0.model).\($0.test): \($0.failingRows) \($0.keyColumns)" }.sorted()
    }

    /// Every failing row of the warehouse's last build, sorted.
    static func failures(_ warehouse: Warehouse, build: Int64? = nil) throws -> [String] {
        try warehouse.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT model || '.' || test_name || ' ' || row_key FROM build_test_failures
                    WHERE build_id = COALESCE(?, (SELECT MAX(build_id) FROM build_runs)) ORDER BY 1
                    """, arguments: [build])
        }
    }

    @Test func aBuildAfterTheLastDayEqualsAFullRebuild() throws {
        let region = try SickLeaveIncrementalTests.region(seed: 21)
        let stepwise = try SickLeaveIncrementalTests.warehouse(region, "stepwise.sqlite")
        let builder = ModelBuilder(warehouse: stepwise, workspace: region.workspace)
        try Self.ingest(region, stepwise, [region.earlier])
        let first = try builder.build()
        #expect(first.models.allSatisfy { $0.status == "rebuilt" })
        let versions = ModelVersionBuilder(warehouse: stepwise, workspace: region.workspace)
        let firstVersions = try versions.build().flatMap(\.models)
        #expect(!firstVersions.isEmpty)
        #expect(firstVersions.allSatisfy { $0.status == "rebuilt" })

        // Nothing delivered: every model is kept, with its test results.
        let again = try builder.build()
        #expect(again.models.allSatisfy { $0.status == "unchanged" }, "\(Self.status(again))")
        #expect(again.tests.allSatisfy { $0.reused })
        #expect(Self.testOutcomes(again) == Self.testOutcomes(first))
        #expect(try Self.failures(stepwise, build: again.buildId) == Self.failures(stepwise, build: first.buildId))
        #expect(again.models.map(\.rows) == first.models.map(\.rows))
        let versionsAgain = try versions.build().flatMap(\.models)
        #expect(versionsAgain.allSatisfy { $0.status == "unchanged" }, "\(versionsAgain.map(\.status))")

        try Self.ingest(region, stepwise, [region.lastDay])
        let daily = try builder.build()
        let dailyVersions = try versions.build().flatMap(\.models)
        #expect(dailyVersions.contains { $0.status == "incremental" })
        let statuses = Self.status(daily)
        #expect(statuses["absence_day"] == "incremental")
        #expect(statuses["shift"] == "incremental")
        #expect(statuses["ehr_event"] == "incremental")
        // Keyed by ehr_event's updated event ids (ADR 0163).
        #expect(statuses["student_ehr_event"] == "incremental")
        let students = try #require(daily.models.first { $0.model == "student_ehr_event" })
        let events = try #require(daily.models.first { $0.model == "ehr_event" })
        #expect(students.keys == events.keys)
        #expect(statuses["calendar"] == "unchanged")
        let absence = try #require(daily.models.first { $0.model == "absence_day" })
        #expect((absence.keys ?? 0) > 0)
        #expect((absence.keys ?? 0) < absence.rows / 10)
        #expect(daily.tests.contains { $0.model == "absence_day" && !$0.reused })

        let fresh = try SickLeaveIncrementalTests.warehouse(region, "fresh.sqlite")
        try Self.ingest(region, fresh, [region.earlier, region.lastDay])
        let full = try ModelBuilder(warehouse: fresh, workspace: region.workspace).build(full: true)
        #expect(full.models.allSatisfy { $0.status == "rebuilt" })
        let fullVersions = try ModelVersionBuilder(warehouse: fresh, workspace: region.workspace).build(full: true)
            .flatMap(\.models)
        #expect(dailyVersions.map { "\($0.model) \($0.rows)" } == fullVersions.map { "\($0.model) \($0.rows)" })
        #expect(try Self.versionTestCounts(stepwise) == Self.versionTestCounts(fresh))
        for table in fullVersions.map(\.model) {
            #expect(try Self.rows(stepwise, table) == Self.rows(fresh, table), "\(table)")
        }
        #expect(Self.testOutcomes(daily) == Self.testOutcomes(full))
        #expect(daily.models.map { "\($0.model) \($0.rows)" } == full.models.map { "\($0.model) \($0.rows)" })
        let failing = try Self.failures(fresh, build: full.buildId)
        #expect(!failing.isEmpty)  // the generated faults break some warn-level tests
        #expect(try Self.failures(stepwise, build: daily.buildId) == failing)
        #expect(daily.tests.contains { $0.model == "absence_day" && !$0.reused })
        for model in full.models {
            let a = try Self.rows(stepwise, model.model)
            let b = try Self.rows(fresh, model.model)
            #expect(a.count == b.count, "\(model.model): \(a.count) rows stepwise, \(b.count) full")
            let differing = zip(a, b).filter { $0 != $1 }
            #expect(
                differing.isEmpty,
                "\(model.model) (\(statuses[model.model] ?? "")): first difference \(differing.first.map { "\($0.0) vs \($0.1)" } ?? "")"
            )
        }

        // --full rebuilds every model even when nothing changed.
        let forced = try builder.build(full: true)
        #expect(forced.models.allSatisfy { $0.status == "rebuilt" })
        #expect(!forced.tests.contains { $0.reused })
    }

    @Test func aChangedSidecarOrHeldFileRebuildsTheModelAndWhatReadsIt() throws {
        let region = try SickLeaveIncrementalTests.region(seed: 22)
        let w = try SickLeaveIncrementalTests.warehouse(region, "w.sqlite")
        try Self.ingest(region, w, [region.earlier])
        _ = try ModelBuilder(warehouse: w, workspace: region.workspace).build()

        // A copy of the workspace in which the sidecar of a model that other models read says
        // something else.
        let knownTables = Set(try w.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") })
        let project = try ModelProject.load(workspace: region.workspace, knownTables: knownTables)
        let names = Set(project.models.map(\.name))
        let upstream = try #require(project.models.flatMap(\.references).first { names.contains($0) })
        var readers: Set<String> = [upstream]
        for model in project.models where model.references.contains(where: readers.contains) {
            readers.insert(model.name)  // build order: every reader comes after what it reads
        }
        let copy = region.tmp.path("workspace")
        try FileManager.default.copyItem(at: region.workspace.root, to: copy)
        let sidecar = copy.appending(path: "models/\(upstream).yml")
        let text = try String(contentsOf: sidecar, encoding: .utf8)
        try text.replacingOccurrences(of: "owner: ", with: "owner: (new) ")
            .write(to: sidecar, atomically: true, encoding: .utf8)
        let workspace = try Workspace.open(at: copy)
        let report = try ModelBuilder(warehouse: w, workspace: workspace).build()
        for model in report.models {
            let expected = readers.contains(model.model) ? "rebuilt" : "unchanged"
            #expect(model.status == expected, "\(model.model) (\(upstream) changed)")
        }
        #expect(readers.count > 1)
        #expect(report.models.contains { $0.status == "unchanged" })

        // A file of an earlier delivery changes status (held): an incremental model cannot just
        // add rows, so it is rebuilt whole.
        try w.write { db in
            try db.execute(
                sql: """
                    UPDATE landing_files SET accepted = accepted - 1, quarantined = quarantined + 1
                    WHERE file_id = (SELECT MIN(file_id) FROM landing_files WHERE source = 'psc_absences')
                    """)
        }
        let after = try ModelBuilder(warehouse: w, workspace: workspace).build()
        #expect(Self.status(after)["absence_day"] == "rebuilt")
        #expect(Self.status(after)["shift"] == "unchanged")
    }

    @Test func anIncrementalColumnMustBeAnOutputColumn() {
        let yaml = """
            name: m
            version: 1
            owner: o
            description: d
            grain: g
            incremental: person_id
            columns:
              - name: employee_id
                description: e
            """
        #expect(throws: SidecarError.self) { try ModelSidecar.parse(yaml, file: "models/m.yml") }
        do {
            _ = try ModelSidecar.parse(yaml, file: "models/m.yml")
        } catch {
            #expect(error.description.contains("models/m.yml"))
            #expect(error.description.contains("incremental"))
            #expect(error.description.contains("person_id"))
        }
        let ok = try? ModelSidecar.parse(
            yaml.replacingOccurrences(of: "person_id", with: "employee_id"), file: "models/m.yml")
        #expect(ok?.incremental == "employee_id")
    }
}
