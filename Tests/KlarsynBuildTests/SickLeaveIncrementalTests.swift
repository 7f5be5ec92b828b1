import Foundation
import GRDB
import KlarsynCore
import KlarsynDemo
import KlarsynIngest
import KlarsynMetrics
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace
import Testing

@testable import KlarsynBuild

/// The incremental sick-leave build must give exactly what a full build gives (ADR 0075): a
/// generated region is ingested without its last delivery day, built, then the last day is
/// ingested and built incrementally; a second warehouse gets everything and a full build.
@Suite(.serialized) struct SickLeaveIncrementalTests {
    static let tables: [(name: String, order: String)] = [
        ("sick_spell", "employee_id, spell_no"),
        ("sick_leave_employee_month", "employee_id, month"),
        ("sick_leave_unit_month", "unit_id, month"),
        ("sick_leave_findings", "employee_id, kind, date, message"),
    ]

    struct Region {
        let tmp: TemporaryDirectory
        let earlier: URL
        let lastDay: URL
        let workspace: Workspace
        let contracts: ContractSet
    }

    /// Generates a region (with faults: retractions, late registrations, references that a later
    /// file resolves) and splits its files into all-but-the-last delivery day and the last day.
    static func region(seed: UInt64) throws -> Region {
        let tmp = try TemporaryDirectory()
        let all = tmp.path("all")
        // Starts on 1 Feb: the last delivery (a Monday) falls in the same month as the one before
        // it, so the horizon (end of the last complete month) does not move with the last day.
        _ = try RegionGenerator(
            spec: RegionSpec(
                employees: 250, years: 1, start: CalendarDay(year: 2023, month: 2, day: 1), seed: seed, faults: true)
        ).write(to: all)
        let names = try FileManager.default.contentsOfDirectory(atPath: all.path).filter { $0 != "faults.json" }
        func date(_ name: String) -> String {
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            let digits = String(stem.split(separator: "_").last ?? "")
            return digits.count == 6 ? digits + "01" : digits
        }
        let last = names.map(date).filter { $0.count == 8 && $0.allSatisfy(\.isNumber) }.max()!
        let earlier = tmp.path("earlier")
        let lastDay = tmp.path("last")
        for folder in [earlier, lastDay] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for name in names {
            try FileManager.default.copyItem(
                at: all.appending(path: name), to: (date(name) == last ? lastDay : earlier).appending(path: name))
        }
        let workspace = try Workspace.builtIn()
        return Region(
            tmp: tmp, earlier: earlier, lastDay: lastDay, workspace: workspace,
            contracts: try ContractSet.load(directory: workspace.folder(.sources)))
    }

    static func warehouse(_ region: Region, _ name: String) throws -> Warehouse {
        try Warehouse.open(
            path: region.tmp.path(name).path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
    }

    static func ingestAndBuild(
        _ region: Region, _ warehouse: Warehouse, inboxes: [URL], definitions: [SickLeaveDefinition],
        mode: SickLeaveBuildMode
    ) throws -> [SickLeaveBuildResult] {
        let ingestor = Ingestor(warehouse: warehouse, contracts: region.contracts)
        for inbox in inboxes { _ = try ingestor.ingest(inbox: inbox) }
        try ingestor.prepareStaging()
        _ = try ModelBuilder(warehouse: warehouse, workspace: region.workspace).build()
        let build = SickLeaveBuild(warehouse: warehouse)
        return try build.run(
            definitions: definitions, horizon: try build.horizon(fallback: CalendarDay(year: 2030, month: 1, day: 1)),
            mode: mode)
    }

    /// Every row of the metric tables, in key order, as text (doubles exactly, via their bit patterns).
    static func rows(_ warehouse: Warehouse, table: String, order: String, version: Int) throws -> [String] {
        try warehouse.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM \(table) WHERE definition_version = ? ORDER BY \(order)", arguments: [version]
            ).map { row in
                row.databaseValues.map { value -> String in
                    if case .double(let d) = value.storage { return "d\(d.bitPattern)" }
                    return value.description
                }.joined(separator: "|")
            }
        }
    }

    static func definitions() throws -> [SickLeaveDefinition] {
        try DefaultWorkspaceDefinitions.sickLeave().versions
    }

    @Test func anIncrementalBuildAfterTheLastDayEqualsAFullRebuild() throws {
        let region = try Self.region(seed: 11)
        let definitions = try Self.definitions()
        #expect(definitions.count >= 2)

        let stepwise = try Self.warehouse(region, "stepwise.sqlite")
        let first = try Self.ingestAndBuild(
            region, stepwise, inboxes: [region.earlier], definitions: definitions, mode: .automatic)
        #expect(first.allSatisfy { $0.mode == "full" })
        let second = try Self.ingestAndBuild(
            region, stepwise, inboxes: [region.lastDay], definitions: definitions, mode: .automatic)
        for result in second {
            #expect(result.mode == "incremental", "\(result.definition): \(result.reason)")
            #expect(result.employees > 0)
        }
        // The delta is a small part of the region.
        #expect(second[0].employees < first[0].employees / 2)

        let fresh = try Self.warehouse(region, "fresh.sqlite")
        let full = try Self.ingestAndBuild(
            region, fresh, inboxes: [region.earlier, region.lastDay], definitions: definitions, mode: .full)
        #expect(full.allSatisfy { $0.mode == "full" })
        #expect(second[0].horizon == full[0].horizon)

        for definition in definitions {
            for (table, order) in Self.tables {
                let a = try Self.rows(stepwise, table: table, order: order, version: definition.version)
                let b = try Self.rows(fresh, table: table, order: order, version: definition.version)
                #expect(!b.isEmpty || table == "sick_leave_findings", "\(table) is empty")
                #expect(
                    a.count == b.count, "\(table) v\(definition.version): \(a.count) rows incremental, \(b.count) full")
                let differing = zip(a, b).filter { $0 != $1 }
                let firstDifference = differing.first.map { "\($0.0) vs \($0.1)" } ?? ""
                #expect(differing.count == 0, "\(table) v\(definition.version): first difference \(firstDifference)")
            }
        }
    }

    @Test func aChangedDefinitionOrUnitTreeForcesAFullBuildAndSaysWhy() throws {
        let region = try Self.region(seed: 12)
        var definition = try Self.definitions()[0]
        let w = try Self.warehouse(region, "w.sqlite")
        _ = try Self.ingestAndBuild(region, w, inboxes: [region.earlier], definitions: [definition], mode: .automatic)
        let build = SickLeaveBuild(warehouse: w)
        let horizon = try build.horizon(fallback: CalendarDay(year: 2030, month: 1, day: 1))

        let unchanged = try build.run(definitions: [definition], horizon: horizon, mode: .automatic)
        #expect(unchanged[0].mode == "incremental")
        #expect(unchanged[0].employees == 0)

        let forced = try build.run(definitions: [definition], horizon: horizon, mode: .full)
        #expect(forced[0].mode == "full")
        #expect(forced[0].reason.contains("--full"))

        definition.parameters.longTermThresholdDays += 1
        let changed = try build.run(definitions: [definition], horizon: horizon, mode: .automatic)
        #expect(changed[0].mode == "full")
        #expect(changed[0].reason.contains("parameters"))

        let moved = try build.run(
            definitions: [definition], horizon: CalendarDay(dayNumber: horizon.dayNumber + 31), mode: .automatic)
        #expect(moved[0].mode == "full")
        #expect(moved[0].reason.contains("horizon"))

        try w.write { db in
            try db.execute(
                sql: "UPDATE org_unit SET valid_from = '2000-01-01' WHERE rowid = (SELECT MIN(rowid) FROM org_unit)")
        }
        let tree = try build.run(
            definitions: [definition], horizon: CalendarDay(dayNumber: horizon.dayNumber + 31), mode: .automatic)
        #expect(tree[0].mode == "full")
        #expect(tree[0].reason.contains("unit tree"))
    }

    @Test func theHorizonIsTheEndOfTheLastCompleteMonth() {
        #expect(SickLeaveBuild.horizon(lastDelivery: CalendarDay(iso: "2028-01-03")!).iso == "2027-12-31")
        #expect(SickLeaveBuild.horizon(lastDelivery: CalendarDay(iso: "2028-01-01")!).iso == "2027-12-31")
        #expect(SickLeaveBuild.horizon(lastDelivery: CalendarDay(iso: "2024-03-31")!).iso == "2024-02-29")
    }

    @Test func storedContributionsRoundTrip() {
        let runs = [
            StoredContributions.Run(
                units: [3, 1, 0], monthOrdinal: 24_290, spellsStarted: 1, lost: 1_500_000_000,
                available: 31_000_000_000,
                short: 1_500_000_000, long: 0),
            StoredContributions.Run(
                units: [3, 1, 0], monthOrdinal: 24_291, spellsStarted: 0, lost: 0, available: 28_000_000_000, short: 0,
                long: 0),
            StoredContributions.Run(
                units: [7], monthOrdinal: 24_289, spellsStarted: 2, lost: 810_810_811, available: 1, short: 2, long: 3),
        ]
        let stored = StoredContributions(extraUnitIds: ["U-øst"], runs: runs)
        #expect(StoredContributions(decoding: stored.encoded()) == stored)
        #expect(StoredContributions(decoding: Array(stored.encoded().dropLast())) == nil)
    }
}
