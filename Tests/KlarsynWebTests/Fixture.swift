import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KlarsynBuild
import KlarsynStore
import KlarsynWeb
import KlarsynWorkspace

/// A temporary warehouse with a small organisation and crafted sick-leave rows:
/// Region R → Hospital H1 → Department D1 → wards W1 (8 employees), W2 (6), W3 (2, suppressed).
/// Months 2024-01 … 2025-06; definition version 1 until 2024-12, version 2 from 2025-01.
enum Fixture {
    static let units: [(String, String?, String, String)] = [
        ("R", nil, "Region Test", "Region"),
        ("H1", "R", "Testhospitalet", "Hospital"),
        ("D1", "H1", "Medicinsk afdeling", "Afdeling"),
        ("W1", "D1", "Afsnit 1 <Øst>", "Afsnit"),
        ("W2", "D1", "Afsnit 2", "Afsnit"),
        ("W3", "D1", "Afsnit 3", "Afsnit"),
    ]
    static let headcount = ["W1": 8, "W2": 6, "W3": 2]

    static func months() -> [String] {
        var out: [String] = []
        for y in 2024...2025 {
            for m in 1...12 where !(y == 2025 && m > 6) { out.append(String(format: "%04d-%02d", y, m)) }
        }
        return out
    }

    /// Creates the warehouse file and returns its path.
    static func makeWarehouse(
        sickTables: Bool = true, brokenUnitMonth: Bool = false, catalogue: Bool = false,
        deliveryDate: String = "2025-07-03"
    ) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("klarsyn-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("warehouse.sqlite").path
        let warehouse = try Warehouse.open(path: path, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        try warehouse.write { db in
            try db.execute(
                sql:
                    "CREATE TABLE org_unit (unit_id TEXT, parent_id TEXT, name TEXT, unit_type TEXT, valid_from TEXT, valid_to TEXT, is_open INTEGER)"
            )
            for u in units {
                try db.execute(
                    sql: "INSERT INTO org_unit VALUES (?, ?, ?, ?, '2020-01-01', NULL, 1)",
                    arguments: [u.0, u.1, u.2, u.3])
            }
            try db.execute(
                sql:
                    "CREATE TABLE employment (employee_id TEXT, valid_from TEXT, valid_to TEXT, employment_form TEXT, weekly_hours REAL, fte REAL, unit_id TEXT, in_core_population INTEGER)"
            )
            var n = 0
            for (ward, count) in headcount.sorted(by: { $0.key < $1.key }) {
                for _ in 0..<count {
                    n += 1
                    try db.execute(
                        sql: "INSERT INTO employment VALUES (?, '2020-01-01', NULL, 'Fastansat', 37, 1.0, ?, 1)",
                        arguments: [String(format: "E%07d", n), ward])
                }
            }
            // A substitute does not count towards the population.
            try db.execute(
                sql: "INSERT INTO employment VALUES ('E9999999', '2020-01-01', NULL, 'Vikar', 37, 1.0, 'W3', 0)")
            try StudentFixture.install(db)
            if catalogue {
                for (model, columns) in [
                    ("absence_day", ["absence_id", "code"]),
                    ("sick_leave_unit_month", ["unit_id", "month", "rate_pct"]),
                ] {
                    try db.execute(
                        sql:
                            "INSERT INTO catalogue_models VALUES (?, 1, 'HR data team', 'A model.', 'one row per thing', 'models/x.sql', 'SELECT 1', 10, 1)",
                        arguments: [model])
                    for (i, c) in columns.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO catalogue_columns VALUES (?, ?, ?, 'TEXT', 'A column.')",
                            arguments: [model, c, i])
                    }
                }
                try db.execute(
                    sql:
                        "INSERT INTO catalogue_lineage VALUES ('absence_day', 'code', 'stg_psc_absences', 'code', 'copied')"
                )
                try db.execute(
                    sql:
                        "INSERT INTO staging_columns VALUES ('stg_psc_absences', 'code', 'psc_absences', 'code', 'TEXT', 4, '')"
                )
            }
            guard sickTables else { return }
            if brokenUnitMonth {
                try db.execute(sql: "CREATE TABLE sick_leave_unit_month (unit_id TEXT, month TEXT)")
                try db.execute(sql: "INSERT INTO sick_leave_unit_month VALUES ('R', '2024-01')")
                return
            }
            try db.execute(
                sql: """
                    CREATE TABLE sick_leave_unit_month (unit_id TEXT, month TEXT, fte_days_lost REAL, fte_days_available REAL, rate_pct REAL,
                      short_days REAL, long_days REAL, spells_started INTEGER, definition_version INTEGER)
                    """)
            try db.execute(
                sql:
                    "CREATE TABLE sick_spell (employee_id TEXT, spell_no INTEGER, first_date TEXT, last_date TEXT, span_days INTEGER, sick_days INTEGER, days_lost REAL, is_long_term INTEGER, definition_version INTEGER)"
            )
            try db.execute(
                sql:
                    "CREATE TABLE sick_leave_employee_month (employee_id TEXT, month TEXT, short_days REAL, long_days REAL, fte_days_lost REAL, fte_days_available REAL, definition_version INTEGER)"
            )
            for (i, month) in months().enumerated() {
                let version = month >= "2025-01" ? 2 : 1
                var totals = (lost: 0.0, available: 0.0, short: 0.0, long: 0.0, spells: 0)
                for (ward, count) in headcount.sorted(by: { $0.key < $1.key }) {
                    let available = Double(count * 30)
                    let short = Double((i % 4) + (ward == "W1" ? 3 : 1))
                    let long = ward == "W2" && i % 5 == 0 ? 10.0 : 0
                    let lost = short + long
                    let spells = ward == "W1" ? 2 : 1
                    try insertUnitMonth(db, ward, month, lost, available, short, long, spells, version)
                    totals.lost += lost; totals.available += available; totals.short += short; totals.long += long;
                    totals.spells += spells
                }
                for unit in ["D1", "H1", "R"] {
                    try insertUnitMonth(
                        db, unit, month, totals.lost, totals.available, totals.short, totals.long, totals.spells,
                        version)
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO landing_files (file_id, file_name, source, delivery_date, size_bytes, sha256, received_at, ingested_at, contract_version,
                      contract_sha256, encoding_declared, encoding_found, bom, status, lines, header_lines, accepted, quarantined, held, flagged, seconds)
                    VALUES (1, 'psc_absences_20250703.csv', 'psc_absences', ?, 10, 'abc', '2025-07-03T06:00:00Z', '2025-07-03T06:00:01Z', 1,
                      'def', 'utf-8', 'utf-8', 0, 'loaded', 1, 1, 0, 0, 0, 0, 0.1)
                    """, arguments: [deliveryDate])
            try db.execute(
                sql:
                    "INSERT INTO changed_months (source, month, file_id, rows, kind, detected_at) VALUES ('psc_absences', '2025-05', 1, 3, 'late_rows', '2025-07-03T06:00:01Z')"
            )
        }
        try ReportCatalogueFixture.install(warehouse)
        try AccessFixture.install(path: path)
        return path
    }

    static func insertUnitMonth(
        _ db: Database, _ unit: String, _ month: String, _ lost: Double, _ available: Double, _ short: Double,
        _ long: Double, _ spells: Int, _ version: Int
    ) throws {
        try db.execute(
            sql: "INSERT INTO sick_leave_unit_month VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [unit, month, lost, available, 100 * lost / available, short, long, spells, version])
    }

    static func configuration(path: String, language: Language = .da) throws -> WebConfiguration {
        WebConfiguration(
            warehousePath: path, workspace: try Workspace.builtIn(), host: "127.0.0.1", port: 0, language: language)
    }
}

extension String {
    func occurrences(of s: String) -> Int { components(separatedBy: s).count - 1 }
}
