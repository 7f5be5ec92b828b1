import Foundation
import GRDB
public import KlarsynCore
public import KlarsynMetrics
public import KlarsynStore

/// What the sick-leave build wrote for one definition version.
public struct SickLeaveBuildResult: Sendable, Codable, Equatable {
    public var definition: String
    public var employees: Int
    public var registrations: Int
    public var spells: Int
    public var employeeMonths: Int
    public var unitMonths: Int
    public var findings: Int
    public var horizon: String
    public var firstMonth: String
    public var seconds: Double
}

/// Computes the sick-leave metric tables (`sick_spell`, `sick_leave_employee_month`,
/// `sick_leave_unit_month`, plus `sick_leave_findings`) from the warehouse, one employee at a
/// time, for one or more definition versions. Rows of other versions are kept, so versions
/// coexist and every row carries its `definition_version`.
///
/// Inputs (declared, so the metric sits in the lineage graph like a model): every delivered
/// version of the absence registrations (`stg_psc_absences`, so retractions and late
/// registrations can be explained), the `employment` model and the `org_unit` model.
public struct SickLeaveBuild: Sendable {
    public let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    /// The horizon: the last delivery date of absence or employment data (open employments
    /// end there), or `fallback` when nothing has been delivered.
    public func horizon(fallback: CalendarDay) throws -> CalendarDay {
        let text = try warehouse.read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT MAX(delivery_date) FROM landing_files WHERE source IN ('psc_absences', 'pdc_employments') AND status = 'loaded'"
            )
        }
        return text.flatMap { CalendarDay(iso: $0) } ?? fallback
    }

    /// The first month with absence data: months before it are not reported, because a month
    /// without absence data would read as a month without sickness.
    public func firstMonth() throws -> YearMonth? {
        let text = try warehouse.read { db in try String.fetchOne(db, sql: "SELECT MIN(\"date\") FROM stg_psc_absences")
        }
        return text.flatMap { CalendarDay(iso: $0)?.yearMonth }
    }

    /// Runs the engine for `definitions` and replaces their rows in the metric tables, in one
    /// transaction. Months before `from` (default: ``firstMonth()``) are left out.
    public func run(
        definitions: [SickLeaveDefinition], horizon: CalendarDay, from: YearMonth? = nil, knownAt: Int? = nil,
        progress: @Sendable (String) -> Void = { _ in }
    ) throws -> [SickLeaveBuildResult] {
        let start = try from ?? firstMonth() ?? horizon.yearMonth
        return try warehouse.write { db in
            try Self.createTables(db)
            let tree = UnitTree(periods: try Self.unitPeriods(db))
            let fileOrder = try Self.fileOrder(db)
            var results: [SickLeaveBuildResult] = []
            for definition in definitions {
                let started = Date()
                progress("sick leave \(definition.reference)")
                let engine = SickLeaveEngine(definition: definition, units: tree, through: horizon, knownAt: knownAt)
                var aggregator = SickLeaveUnitAggregator(units: tree, definitionVersion: definition.version)
                for table in [
                    "sick_spell", "sick_leave_employee_month", "sick_leave_unit_month", "sick_leave_findings",
                ] {
                    try db.execute(
                        sql: "DELETE FROM \(table) WHERE definition_version = ?", arguments: [definition.version])
                }
                let spellInsert = try BulkInserter(db, table: "sick_spell", columns: SickSpellRow.columns)
                let monthInsert = try BulkInserter(
                    db, table: "sick_leave_employee_month", columns: EmployeeMonthRow.columns)
                let findingInsert = try BulkInserter(
                    db, table: "sick_leave_findings",
                    columns: ["employee_id", "kind", "date", "message", "definition_version"])
                var result = SickLeaveBuildResult(
                    definition: definition.reference, employees: 0, registrations: 0, spells: 0, employeeMonths: 0,
                    unitMonths: 0, findings: 0, horizon: horizon.iso, firstMonth: start.text, seconds: 0)
                try Self.forEachEmployee(db, fileOrder: fileOrder) { input in
                    result.employees += 1
                    result.registrations += input.registrations.count
                    let computed = engine.compute(input)
                    for spell in computed.spells {
                        spellInsert.bind(1, spell.employeeId)
                        spellInsert.bind(2, spell.spellNo)
                        spellInsert.bind(3, spell.firstDate.iso)
                        spellInsert.bind(4, spell.lastDate.iso)
                        spellInsert.bind(5, spell.spanDays)
                        spellInsert.bind(6, spell.sickDays)
                        spellInsert.bind(7, spell.daysLost)
                        spellInsert.bind(8, spell.isLongTerm ? 1 : 0)
                        spellInsert.bind(9, spell.definitionVersion)
                        try spellInsert.step()
                    }
                    for month in computed.months where month.month >= start {
                        monthInsert.bind(1, month.employeeId)
                        monthInsert.bind(2, month.month.text)
                        monthInsert.bind(3, month.shortDays)
                        monthInsert.bind(4, month.longDays)
                        monthInsert.bind(5, month.fteDaysLost)
                        monthInsert.bind(6, month.fteDaysAvailable)
                        monthInsert.bind(7, month.definitionVersion)
                        try monthInsert.step()
                    }
                    for finding in computed.findings {
                        findingInsert.bind(1, finding.employeeId)
                        findingInsert.bind(2, finding.kind.rawValue)
                        findingInsert.bind(3, finding.date.iso)
                        findingInsert.bind(4, finding.message)
                        findingInsert.bind(5, definition.version)
                        try findingInsert.step()
                    }
                    result.spells += computed.spells.count
                    result.employeeMonths += computed.months.filter { $0.month >= start }.count
                    result.findings += computed.findings.count
                    aggregator.add(computed)
                }
                let unitInsert = try BulkInserter(db, table: "sick_leave_unit_month", columns: UnitMonthRow.columns)
                for row in aggregator.rows() where row.month >= start {
                    unitInsert.bind(1, row.unitId)
                    unitInsert.bind(2, row.month.text)
                    unitInsert.bind(3, row.fteDaysLost)
                    unitInsert.bind(4, row.fteDaysAvailable)
                    unitInsert.bind(5, row.ratePct)
                    unitInsert.bind(6, row.shortDays)
                    unitInsert.bind(7, row.longDays)
                    unitInsert.bind(8, row.spellsStarted)
                    unitInsert.bind(9, row.definitionVersion)
                    try unitInsert.step()
                    result.unitMonths += 1
                }
                result.seconds = Date().timeIntervalSince(started)
                results.append(result)
            }
            return results
        }
    }

    /// Inputs of one employee, read from the warehouse (for `klarsyn explain`).
    public func input(employeeId: String) throws -> (EmployeeInput, UnitTree)? {
        try warehouse.read { db in
            let tree = UnitTree(periods: try Self.unitPeriods(db))
            var found: EmployeeInput?
            try Self.forEachEmployee(db, fileOrder: try Self.fileOrder(db), only: employeeId) { found = $0 }
            return found.map { ($0, tree) }
        }
    }

    static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS sick_spell (
                    employee_id TEXT NOT NULL, spell_no INTEGER NOT NULL, first_date TEXT NOT NULL, last_date TEXT NOT NULL,
                    span_days INTEGER NOT NULL, sick_days INTEGER NOT NULL, days_lost REAL NOT NULL,
                    is_long_term INTEGER NOT NULL, definition_version INTEGER NOT NULL
                );
                CREATE INDEX IF NOT EXISTS sick_spell_key ON sick_spell(definition_version, employee_id, spell_no);
                CREATE TABLE IF NOT EXISTS sick_leave_employee_month (
                    employee_id TEXT NOT NULL, month TEXT NOT NULL, short_days REAL NOT NULL, long_days REAL NOT NULL,
                    fte_days_lost REAL NOT NULL, fte_days_available REAL NOT NULL, definition_version INTEGER NOT NULL
                );
                CREATE INDEX IF NOT EXISTS sick_leave_employee_month_key
                    ON sick_leave_employee_month(definition_version, employee_id, month);
                CREATE TABLE IF NOT EXISTS sick_leave_unit_month (
                    unit_id TEXT NOT NULL, month TEXT NOT NULL, fte_days_lost REAL NOT NULL, fte_days_available REAL NOT NULL,
                    rate_pct REAL, short_days REAL NOT NULL, long_days REAL NOT NULL, spells_started INTEGER NOT NULL,
                    definition_version INTEGER NOT NULL
                );
                CREATE INDEX IF NOT EXISTS sick_leave_unit_month_key ON sick_leave_unit_month(definition_version, unit_id, month);
                CREATE TABLE IF NOT EXISTS sick_leave_findings (
                    employee_id TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, message TEXT NOT NULL,
                    definition_version INTEGER NOT NULL
                );
                """)
    }

    static func unitPeriods(_ db: Database) throws -> [UnitPeriod] {
        let rows = try Row.fetchCursor(db, sql: "SELECT unit_id, parent_id, valid_from, valid_to FROM org_unit")
        var periods: [UnitPeriod] = []
        while let row = try rows.next() {
            guard let from = CalendarDay(iso: row[2] as String? ?? "") else { continue }
            periods.append(
                UnitPeriod(
                    unitId: row[0], parentId: row[1], validFrom: from,
                    validTo: (row[3] as String?).flatMap { CalendarDay(iso: $0) }))
        }
        return periods
    }

    /// Delivery order of loaded files: delivery date, then file name.
    static func fileOrder(_ db: Database) throws -> [Int64: (order: Int, name: String)] {
        var order: [Int64: (Int, String)] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT file_id, file_name FROM landing_files ORDER BY delivery_date, file_name")
        for (index, row) in rows.enumerated() { order[row[0]] = (index, row[1]) }
        return order
    }

    /// Streams employees in id order, merging the `employment` model with every delivered
    /// absence version; an employee with either is visited once.
    static func forEachEmployee(
        _ db: Database, fileOrder: [Int64: (order: Int, name: String)], only: String? = nil,
        _ body: (EmployeeInput) throws -> Void
    ) throws {
        let filter = only == nil ? "" : " WHERE employee_id = ?"
        let arguments: StatementArguments = only.map { [$0] } ?? []
        let employments = try Row.fetchCursor(
            db,
            sql: """
                SELECT employee_id, valid_from, valid_to, employment_form, weekly_hours, unit_id, source_file_id, source_line_no
                FROM employment\(filter) ORDER BY employee_id, valid_from
                """, arguments: arguments)
        let absences = try Row.fetchCursor(
            db,
            sql: """
                SELECT employee_id, absence_id, "date", code, part, registered_at_utc, deleted, file_id, line_no
                FROM stg_psc_absences\(filter) ORDER BY employee_id
                """, arguments: arguments)
        var nextEmployment = try employments.next()
        var nextAbsence = try absences.next()
        while nextEmployment != nil || nextAbsence != nil {
            let e: String? = nextEmployment?[0]
            let a: String? = nextAbsence?[0]
            let id = [e, a].compactMap { $0 }.min()!
            var periods: [EmploymentPeriod] = []
            while let row = nextEmployment, (row[0] as String) == id {
                if let from = CalendarDay(iso: row[1] as String? ?? "") {
                    let file: Int64? = row[6]
                    periods.append(
                        EmploymentPeriod(
                            from: from, to: (row[2] as String?).flatMap { CalendarDay(iso: $0) },
                            form: row[3] as String? ?? "", weeklyHours: row[4] as Double? ?? 0,
                            unitId: row[5] as String? ?? "",
                            source: file.map { SourceRef(file: fileOrder[$0]?.name ?? "file \($0)", line: row[7]) }))
                }
                nextEmployment = try employments.next()
            }
            var registrations: [AbsenceRegistration] = []
            while let row = nextAbsence, (row[0] as String) == id {
                let fileId: Int64 = row[7]
                let line: Int = row[8]
                if let day = CalendarDay(iso: row[2] as String? ?? ""),
                    let part = AbsencePart(rawValue: row[4] as String? ?? "")
                {
                    let file = fileOrder[fileId] ?? (Int(fileId), "file \(fileId)")
                    registrations.append(
                        AbsenceRegistration(
                            absenceId: row[1], date: day, code: row[3] as String? ?? "", part: part,
                            registeredAt: row[5], deleted: (row[6] as Int? ?? 0) == 1,
                            deliveryOrder: file.order * 10_000_000 + line,
                            source: SourceRef(file: file.name, line: line)))
                }
                nextAbsence = try absences.next()
            }
            try body(EmployeeInput(employeeId: id, employments: periods, registrations: registrations))
        }
    }
}
