import Foundation
import GRDB
import KlarsynStore
import KlarsynTesting
import KlarsynWorkspace
import Testing

@testable import KlarsynBuild

/// hr@1 and the shipped hr@2 built side by side on a small crafted region; compatibility views,
/// impact analysis of a rename, a drop, a split and a changed CASE, and tile diffs.
@Suite struct ModelVersionTests {
    /// Units W1, W2 under H1; five employees; three months of agency invoices.
    static let staging = """
        CREATE TABLE landing_files (file_id INTEGER PRIMARY KEY, file_name TEXT, delivery_date TEXT);
        INSERT INTO landing_files VALUES (1, 'a.csv', '2024-01-05'), (2, 'b.csv', '2024-02-05');
        CREATE TABLE stg_pdc_org_units (unit_id TEXT, parent_unit_id TEXT, unit_name TEXT, unit_type TEXT,
          valid_from TEXT, valid_to TEXT, file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_pdc_org_units VALUES
          ('R', NULL, 'Region', 'Region', '2020-01-01', NULL, 1, 2),
          ('H1', 'R', 'Hospital', 'Hospital', '2020-01-01', NULL, 1, 3),
          ('W1', 'H1', 'Afsnit 1', 'Afsnit', '2020-01-01', NULL, 1, 4),
          ('W2', 'H1', 'Afsnit 2', 'Afsnit', '2020-01-01', NULL, 1, 5);
        CREATE TABLE stg_pdc_employments (employee_id TEXT, valid_from TEXT, valid_to TEXT, employment_type TEXT,
          weekly_hours REAL, unit_id TEXT, occupation_code TEXT, occupation_title TEXT, termination_reason TEXT,
          file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_pdc_employments VALUES
          ('E1', '2023-01-01', '2023-12-31', 'Fastansat', 37, 'W1', '1001', 'Sygeplejerske', NULL, 1, 2),
          ('E1', '2024-01-01', NULL, 'Fastansat', 37, 'W2', '1001', 'Sygeplejerske', NULL, 1, 3),
          ('E2', '2023-01-01', NULL, 'Vikar', 30, 'W1', '1002', 'Social- og sundhedsassistent', NULL, 1, 4),
          ('E3', '2023-01-01', '2024-01-31', 'Tidsbegrænset', 32, 'W1', '1001', 'Sygeplejerske', 'Udløb', 1, 5),
          ('E4', '2023-06-01', NULL, 'Fastansat', 40, 'W2', '2001', 'Læge', NULL, 2, 2),
          ('E5', '2023-06-01', NULL, 'Timelønnet', 10, 'W2', '1002', 'Social- og sundhedsassistent', NULL, 2, 3);
        CREATE TABLE stg_agency_invoices (invoice_id TEXT, unit_id TEXT, month TEXT, agency TEXT, staff_group TEXT,
          hours REAL, amount REAL, file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_agency_invoices VALUES
          ('I1', 'W1', '2024-01', 'A', 'Sygeplejerske', 10, 5000, 1, 2),
          ('I2', 'W2', '2024-01', 'A', 'Sygeplejerske', 20, 10000, 1, 3),
          ('I3', 'W2', '2024-02', 'B', 'Læge', 40, 40000, 2, 2),
          ('I4', 'W1', '2024-03', 'B', 'Sygeplejerske', 5, 2500, 2, 3);
        """

    /// A workspace with hr@1's employment, org_unit, agency_invoice and a model reading
    /// employment, plus the shipped hr@2 (inheriting org_unit only), built into a warehouse.
    struct Built {
        let tmp: TemporaryDirectory
        let workspace: Workspace
        let warehouse: Warehouse
        let versions: ModelVersionSet
    }

    static func build() throws -> Built {
        let tmp = try TemporaryDirectory()
        let builtIn = try Workspace.builtIn().folder(.models)
        for folder in Workspace.Folder.allCases {
            try FileManager.default.createDirectory(
                at: tmp.path("ws/\(folder.rawValue)"), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: tmp.path("ws/models/hr@2"), withIntermediateDirectories: true)
        for model in ["employment", "org_unit", "agency_invoice"] {
            for ext in ["sql", "yml"] {
                try FileManager.default.copyItem(
                    at: builtIn.appending(path: "\(model).\(ext)"), to: tmp.path("ws/models/\(model).\(ext)"))
            }
        }
        for file in ["employment", "position", "agency_invoice"].flatMap({ ["\($0).sql", "\($0).yml"] }) {
            try FileManager.default.copyItem(
                at: builtIn.appending(path: "hr@2/\(file)"), to: tmp.path("ws/models/hr@2/\(file)"))
        }
        let manifest = try String(contentsOf: builtIn.appending(path: "hr@2/version.yml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("inherits:") ? "inherits: [org_unit]" : String($0) }.joined(separator: "\n")
        try Data(manifest.utf8).write(to: tmp.path("ws/models/hr@2/version.yml"))
        try Data(
            "-- Core staff per unit.\nSELECT unit_id, SUM(in_core_population) AS core_staff FROM employment GROUP BY unit_id\n"
                .utf8
        ).write(to: tmp.path("ws/models/unit_staff.sql"))
        try Data(
            """
            name: unit_staff
            version: 1
            owner: test
            description: Core staff per unit over all periods.
            grain: one row per unit_id
            columns:
              - name: unit_id
                description: The unit.
              - name: core_staff
                description: Periods of core staff.

            """.utf8
        ).write(to: tmp.path("ws/models/unit_staff.yml"))
        let warehouse = try Warehouse.open(path: tmp.path("w.sqlite").path, migrations: CatalogueMigrations.all)
        try warehouse.write { db in try db.execute(sql: staging) }
        let workspace = try Workspace.open(at: tmp.path("ws"))
        let report = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        #expect(report.succeeded)
        let results = try ModelVersionBuilder(warehouse: warehouse, workspace: workspace).build()
        #expect(results.map(\.version) == ["hr@2"])
        return Built(
            tmp: tmp, workspace: workspace, warehouse: warehouse,
            versions: try ModelVersionSet.load(workspace: workspace))
    }

    static let tiles: [ImpactTile] = [
        tile("by-form", ("employment.fte", .measure), ("employment.employment_form", .grouping)),
        tile("by-unit", ("employment.fte", .measure), ("employment.unit_id", .grouping)),
        tile("leavers", ("employment.fte", .measure), ("employment.leaver_reason", .grouping)),
        tile("core", ("employment.weekly_hours", .measure), ("employment.in_core_population", .filter)),
        tile("unit-staff", ("unit_staff.core_staff", .measure), ("unit_staff.unit_id", .grouping)),
        tile("agency", ("agency_invoice.hours", .measure), ("agency_invoice.month", .grouping)),
    ]

    static func tile(_ id: String, _ uses: (String, TileColumnRole)...) -> ImpactTile {
        ImpactTile(
            report: "staff", file: "reports/staff.toml", owner: "HR partner team", published: true, tile: id,
            uses: uses.map { ImpactTile.Use(column: $0.0, role: $0.1) })
    }

    static func effects(_ report: ImpactReport) -> [String: TileImpact.Effect] {
        Dictionary(uniqueKeysWithValues: report.tiles.map { ($0.tile, $0.effect) })
    }

    @Test func versionsBuildSideBySideAndCompatibilityViewsMatchWhereTheMapAllows() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        #expect(b.versions.versions.map(\.id.description) == ["hr@1", "hr@2"])
        #expect(b.versions.current.id.number == 1)
        let (unprovided, equalRows) = try b.warehouse.read { db -> ([String], [String: Int]) in
            let unprovided = try String.fetchAll(
                db,
                sql:
                    "SELECT previous_model || '.' || column_name FROM model_version_columns WHERE provided = 0 ORDER BY 1"
            )
            var differing: [String: Int] = [:]
            for (table, columns) in [
                (
                    "employment",
                    try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('hr2_compat_employment')")
                ),
                (
                    "agency_invoice",
                    try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('hr2_compat_agency_invoice')")
                ),
                ("org_unit", try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('hr2_compat_org_unit')")),
            ] {
                let list = columns.map { "ROUND(\($0), 6)" }.joined(separator: ", ")
                let sql = """
                    SELECT (SELECT COUNT(*) FROM (SELECT \(list) FROM \(table) EXCEPT SELECT \(list) FROM hr2_compat_\(table)))
                         + (SELECT COUNT(*) FROM (SELECT \(list) FROM hr2_compat_\(table) EXCEPT SELECT \(list) FROM \(table)))
                         + (SELECT COUNT(*) FROM \(table)) - (SELECT COUNT(*) FROM hr2_compat_\(table))
                    """
                differing[table] = try Int.fetchOne(db, sql: sql)
                #expect(columns.count >= 8, "\(table) view has \(columns)")
            }
            return (unprovided, differing)
        }
        #expect(unprovided == ["employment.leaver_reason"])
        #expect(equalRows == ["employment": 0, "agency_invoice": 0, "org_unit": 0])
        // hr@2's own FTE is capped, so hr2_employment differs from the view where hours > 37.
        let capped = try b.warehouse.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM hr2_employment n JOIN hr2_compat_employment o USING (employee_id, valid_from) WHERE n.fte <> o.fte"
            )
        }
        #expect(capped == 1)
    }

    @Test func renameBreaksOnlyTheTilesReadingTheColumnByName() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        let report = try ImpactAnalysis(warehouse: b.warehouse, workspace: b.workspace)
            .analyse(.rename(table: "employment", column: "employment_form", to: "contract_form"), tiles: Self.tiles)
        #expect(
            Self.effects(report) == [
                "by-form": .breaks, "by-unit": .untouched, "leavers": .untouched, "core": .untouched,
                "unit-staff": .untouched, "agency": .untouched,
            ])
        #expect(
            report.tiles.first { $0.tile == "by-form" }?.reasons.first?.contains("renamed to employment.contract_form")
                == true)
        #expect(report.publishedReportBreaks)
    }

    @Test func dropBreaksTheTileAndEveryDownstreamColumn() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        let analysis = ImpactAnalysis(warehouse: b.warehouse, workspace: b.workspace)
        let leaver = try analysis.analyse(.drop(table: "employment", column: "leaver_reason"), tiles: Self.tiles)
        #expect(Self.effects(leaver).filter { $0.value != .untouched }.keys.sorted() == ["leavers"])
        let core = try analysis.analyse(.drop(table: "employment", column: "in_core_population"), tiles: Self.tiles)
        #expect(core.downstream.map(\.column) == ["unit_staff.core_staff", "unit_staff.unit_id"])
        #expect(core.downstream.allSatisfy { $0.breaks })
        #expect(Self.effects(core).filter { $0.value == .breaks }.keys.sorted() == ["core", "unit-staff"])
        #expect(throws: BuildError.self) {
            try analysis.analyse(.drop(table: "employment", column: "no_such_column"), tiles: Self.tiles)
        }
    }

    @Test func splitIntoANewModelIsAMoveThatBreaksByName() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        let models = b.workspace.folder(.models)
        let sql = try String(contentsOf: models.appending(path: "employment.sql"), encoding: .utf8)
        try Data(sql.replacingOccurrences(of: "    unit_id,\n    occupation_code,", with: "    occupation_code,").utf8)
            .write(to: models.appending(path: "employment.sql"))
        try Data(
            """
            -- Where people work.
            WITH v AS (SELECT e.employee_id, e.valid_from, e.unit_id, ROW_NUMBER() OVER (PARTITION BY e.employee_id, e.valid_from
              ORDER BY f.delivery_date DESC, f.file_name DESC, e.line_no DESC) AS version_rank
              FROM stg_pdc_employments e JOIN landing_files f ON f.file_id = e.file_id)
            SELECT employee_id, valid_from, unit_id FROM v WHERE version_rank = 1

            """.utf8
        ).write(to: models.appending(path: "placement.sql"))
        let report = try ImpactAnalysis(warehouse: b.warehouse, workspace: b.workspace).analyse(
            .editedModels, tiles: Self.tiles)
        let unit = report.changes.first { $0.table == "employment" && $0.column == "unit_id" }
        #expect(unit?.kind == .moved)
        #expect(unit?.to == "placement.unit_id")
        #expect(report.newModels == ["placement"])
        #expect(report.changes.first { $0.column == "employment_form" }?.kind == .sameValues)
        #expect(
            Self.effects(report) == [
                "by-form": .untouched, "by-unit": .breaks, "leavers": .untouched, "core": .untouched,
                "unit-staff": .breaks, "agency": .untouched,
            ])
    }

    @Test func changedCaseMarksOnlyTilesOnColumnsWhoseValuesChange() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        let url = b.workspace.folder(.models).appending(path: "employment.sql")
        let sql = try String(contentsOf: url, encoding: .utf8)
        let edited = sql.replacingOccurrences(
            of: "IN ('Fastansat', 'Tidsbegrænset')", with: "IN ('Fastansat', 'Tidsbegrænset', 'Vikar')")
        #expect(edited != sql)
        try Data(edited.utf8).write(to: url)
        let report = try ImpactAnalysis(warehouse: b.warehouse, workspace: b.workspace).analyse(
            .editedModels, tiles: Self.tiles)
        let core = report.changes.first { $0.column == "in_core_population" }
        #expect(core?.kind == .changed)
        #expect(core?.valuesChanged == 1)
        #expect(report.changes.filter { $0.kind == .changed }.map(\.column) == ["in_core_population"])
        #expect(report.downstream.map(\.column) == ["unit_staff.core_staff"])
        #expect(
            Self.effects(report) == [
                "by-form": .untouched, "by-unit": .untouched, "leavers": .untouched, "core": .valuesMayChange,
                "unit-staff": .valuesMayChange, "agency": .untouched,
            ])
        #expect(!report.publishedReportBreaks)
    }

    @Test func tileDiffNamesTheUnitsAndMonthsThatDiffer() throws {
        let b = try Self.build()
        defer { b.tmp.remove() }
        let diff = TileDiff(
            warehouse: b.warehouse, from: b.versions.versions[0], to: b.versions.versions[1],
            unversionedTables: ["sick_leave_unit_month"])
        let amount = try diff.compare(
            DiffTile(
                id: "amount", metrics: ["agency_invoice.amount"], groupBy: ["agency_invoice.month"],
                filters: [.init(column: "agency_invoice.unit_id", value: "$unit")]))
        #expect(amount.outcome == .different)
        #expect(amount.cellsDiffering == 4)
        #expect(amount.topUnits.map(\.key) == ["W2", "W1"])
        #expect(amount.topMonths.first?.key == "2024-02")
        #expect(abs(amount.totalAbsDifference - 57_500 * 0.2) < 0.01)
        let hours = try diff.compare(
            DiffTile(id: "hours", metrics: ["agency_invoice.hours"], groupBy: ["agency_invoice.month"], filters: []))
        #expect(hours.outcome == .identical)
        #expect(hours.note.contains("renamed"))
        let fte = try diff.compare(
            DiffTile(id: "fte", metrics: ["employment.fte"], groupBy: ["employment.unit_id"], filters: []))
        #expect(fte.outcome == .different)
        #expect(fte.topUnits.map(\.key) == ["W2"])
        let leavers = try diff.compare(
            DiffTile(id: "leavers", metrics: ["employment.fte"], groupBy: ["employment.leaver_reason"], filters: []))
        #expect(leavers.outcome == .broken)
        #expect(leavers.note.contains("dropped"))
        let metric = try diff.compare(
            DiffTile(id: "rate", metrics: ["sick_leave_unit_month.rate_pct"], groupBy: [], filters: []))
        #expect(metric.outcome == .unversioned)
    }
}
