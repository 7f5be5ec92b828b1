import Foundation
import GRDB
import KlarsynBuild
import KlarsynStore
import KlarsynWorkspace
import Testing

@testable import KlarsynWeb

/// The shipped agency-staffing report re-linked from hr@1 to the shipped hr@2 on a small crafted
/// region: tile diffs, statuses, sign-offs, retirement refused, and the board page.
@Suite struct MigrationTests {
    static let staging = """
        CREATE TABLE landing_files (file_id INTEGER PRIMARY KEY, file_name TEXT, delivery_date TEXT);
        INSERT INTO landing_files VALUES (1, 'a.csv', '2024-01-05');
        CREATE TABLE stg_pdc_org_units (unit_id TEXT, parent_unit_id TEXT, unit_name TEXT, unit_type TEXT,
          valid_from TEXT, valid_to TEXT, file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_pdc_org_units VALUES ('R', NULL, 'Region', 'Region', '2020-01-01', NULL, 1, 2),
          ('W1', 'R', 'Afsnit 1', 'Afsnit', '2020-01-01', NULL, 1, 3), ('W2', 'R', 'Afsnit 2', 'Afsnit', '2020-01-01', NULL, 1, 4);
        CREATE TABLE stg_pdc_employments (employee_id TEXT, valid_from TEXT, valid_to TEXT, employment_type TEXT,
          weekly_hours REAL, unit_id TEXT, occupation_code TEXT, occupation_title TEXT, termination_reason TEXT,
          file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_pdc_employments VALUES
          ('E1', '2023-01-01', NULL, 'Fastansat', 37, 'W1', '1001', 'Sygeplejerske', NULL, 1, 2),
          ('E2', '2023-01-01', '2024-01-31', 'Tidsbegrænset', 32, 'W1', '1001', 'Sygeplejerske', 'Udløb', 1, 3),
          ('E3', '2023-06-01', NULL, 'Fastansat', 40, 'W2', '2001', 'Læge', NULL, 1, 4);
        CREATE TABLE stg_agency_invoices (invoice_id TEXT, unit_id TEXT, month TEXT, agency TEXT, staff_group TEXT,
          hours REAL, amount REAL, file_id INTEGER, line_no INTEGER);
        INSERT INTO stg_agency_invoices VALUES ('I1', 'W1', '2024-01', 'A', 'Sygeplejerske', 10, 5000, 1, 2),
          ('I2', 'W2', '2024-02', 'B', 'Læge', 40, 40000, 1, 3);
        """

    static func migration() throws -> (URL, ReportMigration) {
        let root = FileManager.default.temporaryDirectory.appending(path: "klarsyn-migration-\(UUID().uuidString)")
        let fm = FileManager.default
        for folder in Workspace.Folder.allCases {
            try fm.createDirectory(at: root.appending(path: "ws/\(folder.rawValue)"), withIntermediateDirectories: true)
        }
        try fm.createDirectory(at: root.appending(path: "ws/models/hr@2"), withIntermediateDirectories: true)
        let builtIn = try Workspace.builtIn()
        for model in ["employment", "org_unit", "agency_invoice"] {
            for ext in ["sql", "yml"] {
                try fm.copyItem(
                    at: builtIn.folder(.models).appending(path: "\(model).\(ext)"),
                    to: root.appending(path: "ws/models/\(model).\(ext)"))
                if model != "org_unit" {
                    try fm.copyItem(
                        at: builtIn.folder(.models).appending(path: "hr@2/\(model).\(ext)"),
                        to: root.appending(path: "ws/models/hr@2/\(model).\(ext)"))
                }
            }
        }
        for ext in ["sql", "yml"] {
            try fm.copyItem(
                at: builtIn.folder(.models).appending(path: "hr@2/position.\(ext)"),
                to: root.appending(path: "ws/models/hr@2/position.\(ext)"))
        }
        let manifest = try String(
            contentsOf: builtIn.folder(.models).appending(path: "hr@2/version.yml"), encoding: .utf8
        )
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix("inherits:") ? "inherits: [org_unit]" : String($0) }.joined(separator: "\n")
        try Data(manifest.utf8).write(to: root.appending(path: "ws/models/hr@2/version.yml"))
        try fm.copyItem(
            at: builtIn.folder(.reports).appending(path: "agency-staffing.toml"),
            to: root.appending(path: "ws/reports/agency-staffing.toml"))
        let warehouse = try Warehouse.open(
            path: root.appending(path: "w.sqlite").path, migrations: CatalogueMigrations.all)
        try warehouse.write { db in try db.execute(sql: staging) }
        let workspace = try Workspace.open(at: root.appending(path: "ws"))
        _ = try ModelBuilder(warehouse: warehouse, workspace: workspace).build()
        _ = try ModelVersionBuilder(warehouse: warehouse, workspace: workspace).build()
        return (root, try ReportMigration(warehouse: warehouse, workspace: workspace))
    }

    @Test func relinkDiffsEveryTileAndSignOffsDecideVerification() throws {
        let (root, migration) = try Self.migration()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try migration.states()
        #expect(before.map(\.status) == [.pending])
        #expect(before.first?.pinned == "hr@1")
        #expect(before.first?.target == "hr@2")
        let state = try migration.relink(report: "agency-staffing")
        let outcomes = Dictionary(uniqueKeysWithValues: state.diffs.map { ($0.tile, $0.outcome) })
        #expect(
            outcomes == [
                "agency-hours": .identical, "agency-cost": .different, "fte-by-unit": .different,
                "fte-by-form": .different,
                "leavers": .broken,
            ])
        let cost = try #require(state.diffs.first { $0.tile == "agency-cost" })
        #expect(cost.topUnits.map(\.key) == ["W2", "W1"])
        #expect(cost.topMonths.map(\.key) == ["2024-02", "2024-01"])
        #expect(state.diffs.first { $0.tile == "fte-by-unit" }?.topUnits.map(\.key) == ["W2"])
        // employment_form is renamed, but FTE is capped in hr@2: only the permanent staff's cell differs.
        #expect(state.diffs.first { $0.tile == "fte-by-form" }?.cellsDiffering == 1)
        #expect(state.status == .relinked)
        _ = try migration.signOff(
            report: "agency-staffing", tile: "agency-cost", role: "Økonomipartner",
            explanation: "hr@2 shows amounts without VAT (25 %).")
        #expect(throws: MigrationError.self) {
            try migration.signOff(report: "agency-staffing", tile: "leavers", role: "HR partner", explanation: "gone")
        }
        #expect(throws: MigrationError.self) {
            try migration.signOff(report: "agency-staffing", tile: "fte-by-unit", role: " ", explanation: "capped")
        }
        let after = try migration.signOff(
            report: "agency-staffing", tile: "fte-by-unit", role: "HR partner",
            explanation: "FTE is capped at 1.0 in hr@2.")
        #expect(after.status == .relinked)  // the broken leavers tile still blocks verification
        #expect(after.signOffs["agency-cost"]?.role == "Økonomipartner")
        let refused = #expect(throws: MigrationError.self) { try migration.retire("hr@1") }
        #expect(refused?.description.contains("reports/agency-staffing.toml") == true)

        let page = MigrationBoardPage.render(
            try MigrationBoardView.load(
                warehouse: migration.warehouse, workspace: migration.workspace, language: .en))
        #expect(page.contains("id=\"migration-board\""))
        #expect(page.contains("Agency use and staffing"))
        #expect(page.contains("signed off by Økonomipartner"))
        #expect(page.contains("this warehouse has no audit log"))
        #expect(page.contains("W2 (8000.00)"))
    }

    /// The usage column reads every served look-up of a report from the audit log — aggregate page
    /// and explain views included — and leaves out refusals and other reports.
    @Test func usageComesFromTheAuditLogIncludingAggregateViews() async throws {
        let (root, migration) = try Self.migration()
        defer { try? FileManager.default.removeItem(at: root) }
        let log = AuditLog(
            warehouse: try Warehouse.open(path: migration.warehouse.path, migrations: WebMigrations.all))
        let hr = User(login: "hr", displayName: "HR", role: .hrPartner, scope: .everything)
        let bi = User(login: "bi", displayName: "BI", role: .biDeveloper, scope: .everything)
        let manager = User(login: "m", displayName: "M", role: .unitManager, scope: .nothing)
        let day = { (d: Int) in Date(timeIntervalSince1970: 1_767_225_600 + Double(d) * 86_400) }  // 2026-01-01 + d
        try await log.append(
            AuditEvent(action: .reportView, report: "agency-staffing", filters: ["unit": "W1"], cellsServed: 12),
            user: hr, requestID: "r1", now: day(0))
        try await log.append(
            AuditEvent(action: .explainView, report: "agency-staffing", filters: ["unit": "W1", "month": "2024-01"]),
            user: hr, requestID: "r2", now: day(1))
        try await log.append(
            AuditEvent(action: .export, report: "agency-staffing", filters: ["unit": "W2", "format": "csv"]),
            user: bi, requestID: "r3", now: day(2))
        try await log.append(
            AuditEvent(action: .denied, report: "agency-staffing", note: "scope:unit"), user: manager,
            requestID: "r4", now: day(9))
        try await log.append(
            AuditEvent(action: .reportView, report: "sick-leave", filters: ["unit": "W1"]), user: manager,
            requestID: "r5", now: day(9))
        let view = try MigrationBoardView.load(
            warehouse: migration.warehouse, workspace: migration.workspace, language: .en)
        let usage = try #require(view.rows.first { $0.state.report == "agency-staffing" }?.usage)
        #expect(usage.count == 3)
        #expect(usage.lastViewed.hasPrefix("2026-01-03"))
        #expect(usage.roles == ["bi-developer", "hr-partner"])
        #expect(usage.byAction == [.reportView: 1, .explainView: 1, .export: 1])
        let page = MigrationBoardPage.render(view)
        #expect(page.contains("3 look-ups, last 2026-01-03, by BI developer, HR partner"))
        #expect(!page.contains("this warehouse has no audit log"))
        #expect(!page.contains("are not logged"))
        #expect(try log.verify().problem == nil)
    }

    @Test func aReportPinnedToHr2ReadsHr2Tables() throws {
        let (root, migration) = try Self.migration()
        defer { try? FileManager.default.removeItem(at: root) }
        func report(_ version: String, _ metric: String) throws -> ReportDefinition {
            try ReportLoader.parse(
                """
                id = "pinned"
                title = "P"
                owner = "HR"
                model_version = "\(version)"
                [limits]
                cannot_show = ["x"]
                must_not_serve = ["y"]
                [[tiles]]
                id = "t"
                title = "T"
                metric = "\(metric)"
                group_by = ["position.unit_id"]
                """, file: "reports/pinned.toml")
        }
        let known = try ReportCatalogueCheck.knownColumns(warehouse: migration.warehouse)
        let pinned = ReportPins.resolve([try report("hr@2", "employment.fte")], workspace: migration.workspace)
        #expect(pinned[0].tiles[0].dependencies.map(\.description) == ["hr2_employment.fte", "hr2_position.unit_id"])
        #expect(ReportCatalogueCheck.problems(reports: pinned, columns: known).isEmpty)
        let wrong = ReportPins.resolve(
            [try report("hr@2", "employment.employment_form")], workspace: migration.workspace)
        #expect(ReportCatalogueCheck.problems(reports: wrong, columns: known).count == 1)
        let onHr1 = ReportPins.resolve([try report("current", "employment.fte")], workspace: migration.workspace)
        #expect(ReportCatalogueCheck.problems(reports: onHr1, columns: known).count == 1)  // hr@1 has no position
    }

    @Test func reportPinsAcceptVersionNamesAndRejectOthers() throws {
        let base = """
            id = "r"
            title = "R"
            owner = "HR"
            model_version = "%@"
            [limits]
            cannot_show = ["x"]
            must_not_serve = ["y"]
            [[tiles]]
            id = "t"
            title = "T"
            metric = "employment.fte"
            """
        #expect(
            try ReportLoader.parse(base.replacingOccurrences(of: "%@", with: "hr@2"), file: "reports/r.toml")
                .modelVersion == "hr@2")
        #expect(throws: ReportFileError.self) {
            try ReportLoader.parse(base.replacingOccurrences(of: "%@", with: "hr@x"), file: "reports/r.toml")
        }
        let draft = try ReportLoader.parse(
            base.replacingOccurrences(of: "%@", with: "current") + "\n", file: "reports/r.toml")
        #expect(!draft.draft)
    }
}
