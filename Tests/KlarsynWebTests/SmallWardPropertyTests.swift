import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynBuild
import KlarsynStore
import KlarsynWorkspace
import Testing

@testable import KlarsynWeb

/// Property: in generated departments of small wards (1–6 people each), no figure of a ward with
/// fewer than 5 people reaches the browser through any report page, unit filter, explain page or
/// export, and a hidden ward cannot be worked out as the department minus the wards shown.
@Suite("Small wards never leak")
struct SmallWardPropertyTests {
    /// A department D under R → H with `sizes.count` wards; every ward-month gets a distinctive
    /// number of days lost (`lost(ward, month)`), parents get the sums.
    static func warehouse(sizes: [Int]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("klarsyn-prop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("warehouse.sqlite").path
        let warehouse = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        try warehouse.write { db in
            try db.execute(
                sql:
                    "CREATE TABLE org_unit (unit_id TEXT, parent_id TEXT, name TEXT, unit_type TEXT, valid_from TEXT, valid_to TEXT, is_open INTEGER)"
            )
            var units: [(String, String?)] = [("R", nil), ("H", "R"), ("D", "H")]
            for i in sizes.indices { units.append(("W\(i)", "D")) }
            for (u, p) in units {
                try db.execute(
                    sql: "INSERT INTO org_unit VALUES (?, ?, ?, 'Afsnit', '2020-01-01', NULL, 1)",
                    arguments: [u, p, "Enhed \(u)"])
            }
            try db.execute(
                sql:
                    "CREATE TABLE employment (employee_id TEXT, valid_from TEXT, valid_to TEXT, employment_form TEXT, weekly_hours REAL, fte REAL, unit_id TEXT, in_core_population INTEGER)"
            )
            var n = 0
            for (i, size) in sizes.enumerated() {
                for _ in 0..<size {
                    n += 1
                    try db.execute(
                        sql: "INSERT INTO employment VALUES (?, '2020-01-01', NULL, 'Fastansat', 37, 1.0, ?, 1)",
                        arguments: [String(format: "E%07d", n), "W\(i)"])
                }
            }
            try db.execute(
                sql: """
                    CREATE TABLE sick_leave_unit_month (unit_id TEXT, month TEXT, fte_days_lost REAL, fte_days_available REAL, rate_pct REAL,
                      short_days REAL, long_days REAL, spells_started INTEGER, definition_version INTEGER)
                    """)
            for (m, month) in months.enumerated() {
                var total = (lost: 0.0, available: 0.0)
                for (i, size) in sizes.enumerated() {
                    let lost = Self.lost(i, m)
                    let available = Double(size * 3000)
                    try Fixture.insertUnitMonth(db, "W\(i)", month, lost, available, lost, 0, 1, 2)
                    total.lost += lost
                    total.available += available
                }
                for u in ["D", "H", "R"] {
                    try Fixture.insertUnitMonth(
                        db, u, month, total.lost, total.available, total.lost, 0, sizes.count, 2)
                }
            }
        }
        try AccessFixture.install(path: path)
        return path
    }

    static let months = ["2025-01", "2025-02", "2025-03"]

    /// The built-in workspace with the sick-leave report only (the warehouse has no other models).
    static func sickLeaveOnlyWorkspace() throws -> Workspace {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("klarsyn-ws-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try Workspace.builtIn().root, to: dir)
        let reports = dir.appendingPathComponent("reports")
        for name in try FileManager.default.contentsOfDirectory(atPath: reports.path)
        where name.hasSuffix(".toml") && name != "sick-leave.toml" {
            try FileManager.default.removeItem(at: reports.appendingPathComponent(name))
        }
        return try Workspace.open(at: dir)
    }
    /// Distinctive per ward and month, between 1,234 and 1,650: above every rate, below every
    /// availability (3,000 per person) and below any sum of two wards.
    static func lost(_ ward: Int, _ month: Int) -> Double { 1234.37 + Double(ward) * 71.13 + Double(month) * 5.51 }

    /// Department sizes from a seeded generator: 2–5 wards of 1–6 people, at least one under 5.
    static let departments: [[Int]] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [[Int]] = []
        while out.count < 8 {
            let sizes = (0..<(2 + next(4))).map { _ in 1 + next(6) }
            if sizes.contains(where: { $0 < 5 }) { out.append(sizes) }
        }
        return out
    }()

    @Test(arguments: departments)
    func noSmallWardLeaks(_ sizes: [Int]) async throws {
        let path = try Self.warehouse(sizes: sizes)
        let app = try await buildApplication(
            configuration: WebConfiguration(
                warehousePath: path, workspace: try Self.sickLeaveOnlyWorkspace(), host: "127.0.0.1", port: 0))
        try await app.test(.router) { base in
            let client = try await SignedInClient(base, as: .hrPartner)
            var pages: [String] = []
            var uris = ["/reports/sick-leave", "/reports/sick-leave?unit=D", "/reports/sick-leave?unit=H"]
            for i in sizes.indices { uris.append("/reports/sick-leave?unit=W\(i)") }
            for month in Self.months {
                uris.append("/reports/sick-leave/explain?unit=D&month=\(month)")
                for i in sizes.indices { uris.append("/reports/sick-leave/explain?unit=W\(i)&month=\(month)") }
            }
            for format in ["csv", "excel"] {
                for unit in ["D"] + sizes.indices.map({ "W\($0)" }) {
                    uris.append("/reports/sick-leave/export?unit=\(unit)&format=\(format)")
                }
            }
            for uri in uris {
                let (status, body) = try await client.execute(uri: uri, method: .get) {
                    ($0.status, String(buffer: $0.body))
                }
                #expect(status == .ok, "\(uri): \(status)")
                pages.append(body)
            }
            for (i, size) in sizes.enumerated() where size < 5 {
                for m in Self.months.indices {
                    let v = Self.lost(i, m)
                    for text in [Format.decimal(v, .da), Format.decimal(v, .en), String(format: "%.2f", v)] {
                        #expect(
                            !pages.contains {
                                $0.contains(">\(text)<") || $0.contains(",\(text)") || $0.contains(";\(text)")
                            },
                            "ward W\(i) (\(size) people) month \(m): \(text) is shown")
                    }
                }
            }
            // Differencing: where the department's days lost are shown, the hidden wards are
            // either none or at least two (so none of them is the department minus the others).
            let csv = try await client.execute(uri: "/reports/sick-leave/export?unit=D&format=csv", method: .get) {
                String(buffer: $0.body)
            }
            let hiddenWards = sizes.indices.filter { i in
                csv.split(separator: "\n").contains { $0.contains("Enhed W\(i)") && $0.contains("<5") }
            }
            #expect(hiddenWards.count != 1, "exactly one ward hidden in \(sizes): it is the total minus the rest")
        }
    }
}
