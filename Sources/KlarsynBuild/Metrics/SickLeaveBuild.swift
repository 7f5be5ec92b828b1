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
    /// `full` or `incremental` (ADR 0075).
    public var mode: String = SickLeaveBuildMode.full.rawValue
    /// Why this mode: what forced a full build, or what the incremental build recomputed.
    public var reason: String = ""
}

/// How `SickLeaveBuild.run` computes a definition version.
public enum SickLeaveBuildMode: String, Sendable, Codable {
    /// Incremental when the stored build state allows it (same definition, models, unit tree,
    /// horizon and first month; earlier deliveries unchanged), otherwise full.
    case automatic
    /// Recompute every employee.
    case full
    /// Only the employees touched since the last build (reported in results; never requested).
    case incremental
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

    /// The horizon: the end of the last complete month before the last delivery date of absence
    /// or employment data (open employments end there), or before `fallback` when nothing has
    /// been delivered. It moves once a month, not with every daily delivery, so a daily build
    /// can be incremental (ADR 0076).
    public func horizon(fallback: CalendarDay) throws -> CalendarDay {
        let text = try warehouse.read { db in try Self.lastDeliveryDate(db) }
        let last = text.flatMap { CalendarDay(iso: $0) } ?? fallback
        return Self.horizon(lastDelivery: last)
    }

    /// The last day of the month before `lastDelivery`'s month: a delivery dated in a month
    /// completes the month before it.
    public static func horizon(lastDelivery: CalendarDay) -> CalendarDay {
        CalendarDay(dayNumber: lastDelivery.yearMonth.firstDay.dayNumber - 1)
    }

    static func lastDeliveryDate(_ db: Database) throws -> String? {
        try String.fetchOne(
            db,
            sql:
                "SELECT MAX(delivery_date) FROM landing_files WHERE source IN ('psc_absences', 'pdc_employments') AND status = 'loaded'"
        )
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
    ///
    /// With `mode: .automatic` a definition version is recomputed only for the employees whose
    /// registrations or employments changed since its last build, when the stored build state
    /// allows it; otherwise (and with `.full`) every employee is recomputed. Each result says
    /// which and why (ADR 0075). Either way the tables end up identical.
    public func run(
        definitions: [SickLeaveDefinition], horizon: CalendarDay, from: YearMonth? = nil, knownAt: Int? = nil,
        mode: SickLeaveBuildMode = .full, progress: @Sendable (String) -> Void = { _ in }
    ) throws -> [SickLeaveBuildResult] {
        try warehouse.write { db in
            try Self.createTables(db)
            let periods = try Self.unitPeriods(db)
            let tree = UnitTree(periods: periods)
            let fileOrder = try Self.fileOrder(db)
            let current = try BuildFingerprint.current(db, periods: periods, horizon: horizon, knownAt: knownAt)
            var fullFirstMonth: YearMonth?
            func firstMonthOfAll() throws -> YearMonth {
                if let known = fullFirstMonth { return known }
                let text = try String.fetchOne(db, sql: "SELECT MIN(\"date\") FROM stg_psc_absences")
                let first = text.flatMap { CalendarDay(iso: $0)?.yearMonth } ?? horizon.yearMonth
                fullFirstMonth = first
                return first
            }
            var results: [SickLeaveBuildResult] = []
            for definition in definitions {
                let started = Date()
                let engine = SickLeaveEngine(definition: definition, units: tree, through: horizon, knownAt: knownAt)
                var plan = IncrementalPlan.full(mode == .full ? "--full requested" : "")
                if mode != .full {
                    plan = try Self.plan(db, definition: definition, current: current, from: from)
                }
                var result: SickLeaveBuildResult
                switch plan {
                case .incremental(let delta):
                    progress("sick leave \(definition.reference): \(delta.employees.count) employees changed")
                    result = try Self.runIncremental(
                        db, engine: engine, tree: tree, fileOrder: fileOrder, delta: delta, horizon: horizon)
                    result.mode = SickLeaveBuildMode.incremental.rawValue
                    result.reason = delta.summary
                case .full(let reason):
                    progress("sick leave \(definition.reference)")
                    let start = try from ?? firstMonthOfAll()
                    result = try Self.runFull(
                        db, engine: engine, tree: tree, fileOrder: fileOrder, start: start, horizon: horizon)
                    result.reason = reason
                }
                try Self.writeState(
                    db, definition: definition, fingerprint: current,
                    firstMonth: YearMonth(text: result.firstMonth) ?? horizon.yearMonth, mode: result.mode)
                result.seconds = Date().timeIntervalSince(started)
                results.append(result)
            }
            return results
        }
    }

    /// Recomputes every employee for one definition version.
    static func runFull(
        _ db: Database, engine: SickLeaveEngine, tree: UnitTree, fileOrder: [Int64: (order: Int, name: String)],
        start: YearMonth, horizon: CalendarDay
    ) throws -> SickLeaveBuildResult {
        let definition = engine.definition
        let scale = definition.parameters.fullTimeHours
        var aggregator = SickLeaveUnitAggregator(
            units: tree, definitionVersion: definition.version, fullTimeHours: scale)
        for table in [
            "sick_spell", "sick_leave_employee_month", "sick_leave_unit_month", "sick_leave_findings",
            "sick_leave_employee_state", "sick_leave_unit_month_sums",
        ] {
            try db.execute(sql: "DELETE FROM \(table) WHERE definition_version = ?", arguments: [definition.version])
        }
        let writer = try RowWriter(db, start: start)
        let state = try db.makeStatement(
            sql:
                "INSERT INTO sick_leave_employee_state (definition_version, employee_id, contributions) VALUES (?, ?, ?)"
        )
        var result = SickLeaveBuildResult(
            definition: definition.reference, employees: 0, registrations: 0, spells: 0, employeeMonths: 0,
            unitMonths: 0, findings: 0, horizon: horizon.iso, firstMonth: start.text, seconds: 0)
        try forEachEmployee(db, fileOrder: fileOrder) { input in
            result.employees += 1
            result.registrations += input.registrations.count
            let computed = engine.compute(input)
            try writer.write(computed, into: &result)
            aggregator.add(computed)
            try state.execute(
                arguments: [
                    definition.version, input.employeeId, Data(StoredContributions(computed, scale: scale).encoded()),
                ])
        }
        let sums = try RowWriter.sumsStatement(db)
        for cell in aggregator.sums() {
            try RowWriter.writeSums(sums, version: definition.version, key: cell.unitId, month: cell.month, cell.sums)
            guard cell.month >= start else { continue }
            try writer.writeUnitRow(
                cell.sums.row(
                    unitId: cell.unitId, month: cell.month, definitionVersion: definition.version, scale: scale))
            result.unitMonths += 1
        }
        return result
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
                CREATE INDEX IF NOT EXISTS sick_leave_findings_key ON sick_leave_findings(definition_version, employee_id);
                """)
        // The engine reads every delivered absence version employee by employee: a covering
        // index in that order makes the read a sequential scan (a full build) or a few pages per
        // employee (an incremental build), instead of sorting or scanning the staging table.
        if try db.tableExists("stg_psc_absences") {
            try db.execute(
                sql: """
                    CREATE INDEX IF NOT EXISTS stg_psc_absences_sick_leave ON stg_psc_absences (employee_id, "date",
                        absence_id, code, part, registered_at_utc, deleted, file_id, line_no)
                    """)
        }
        try createStateTables(db)
    }

    static func unitPeriods(_ db: Database) throws -> [UnitPeriod] {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT unit_id, parent_id, valid_from, valid_to FROM org_unit ORDER BY unit_id, valid_from")
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
        _ db: Database, fileOrder: [Int64: (order: Int, name: String)], only: String? = nil, touched: Bool = false,
        _ body: (EmployeeInput) throws -> Void
    ) throws {
        let filter =
            only != nil
            ? " WHERE employee_id = ?"
            : touched ? " WHERE employee_id IN (SELECT employee_id FROM temp.sick_leave_touched)" : ""
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
                FROM stg_psc_absences\(filter) ORDER BY employee_id, "date"
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
