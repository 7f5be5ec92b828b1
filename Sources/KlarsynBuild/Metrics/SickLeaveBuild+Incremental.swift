import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

// The incremental sick-leave build (ADR 0075): after a delivery, recompute only the employees
// whose registrations or employments the delivery touched, and the unit-months they feed.

/// What the inputs of a build looked like, to decide whether the next build may be incremental.
struct BuildFingerprint {
    /// Bumped when the stored state's meaning changes: an older state forces a full build.
    static let format = 1

    /// Hash of the things that change every employee's figures when they change.
    var models: String
    var tree: String
    var horizon: String
    var knownAt: Int?
    /// The newest landing file; staging rows of later files are new.
    var lastFileId: Int64
    /// Hash of (file_id, status) of every landing file up to ``lastFileId``.
    var files: String
    /// Σ accepted lines of those files (a quarantine replay raises it).
    var accepted: Int64

    static func current(_ db: Database, periods: [UnitPeriod], horizon: CalendarDay, knownAt: Int?) throws
        -> BuildFingerprint
    {
        var models = ChangeHash()
        for name in ["employment", "org_unit"] {
            models.add(
                try String.fetchOne(db, sql: "SELECT sql_text FROM catalogue_models WHERE model = ?", arguments: [name])
                    ?? "(none)")
        }
        var tree = ChangeHash()
        for p in periods { tree.add("\(p.unitId)|\(p.parentId ?? "")|\(p.validFrom.iso)|\(p.validTo?.iso ?? "")") }
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(file_id) FROM landing_files") ?? 0
        let (files, accepted) = try filesDigest(db, through: last)
        return BuildFingerprint(
            models: models.hex, tree: tree.hex, horizon: horizon.iso, knownAt: knownAt, lastFileId: last, files: files,
            accepted: accepted)
    }

    static func filesDigest(_ db: Database, through last: Int64) throws -> (String, Int64) {
        var hash = ChangeHash()
        var accepted: Int64 = 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT file_id, status, accepted FROM landing_files WHERE file_id <= ? ORDER BY file_id",
            arguments: [last])
        while let row = try rows.next() {
            hash.add("\(row[0] as Int64):\(row[1] as String)")
            accepted += row[2] as Int64
        }
        return (hash.hex, accepted)
    }
}

/// The stored state of a definition version's last build (`sick_leave_build_state`).
struct StoredBuildState {
    var format: Int
    var definition: String
    var models: String
    var tree: String
    var horizon: String
    var knownAt: Int?
    var firstMonth: String
    var lastFileId: Int64
    var files: String
    var accepted: Int64
    var builtAt: String
}

/// What changed since the last build of a definition version.
struct BuildDelta {
    /// Employees to recompute, sorted.
    var employees: [String]
    var newFiles: Int
    var replayed: Int
    var firstMonth: YearMonth

    var summary: String {
        "\(employees.count) employee\(employees.count == 1 ? "" : "s") changed by \(newFiles) new file\(newFiles == 1 ? "" : "s")"
            + (replayed > 0 ? " and \(replayed) replayed quarantine line\(replayed == 1 ? "" : "s")" : "")
    }
}

enum IncrementalPlan {
    case full(String)
    case incremental(BuildDelta)
}

extension SickLeaveBuild {
    static func createStateTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS sick_leave_build_state (
                    definition_version INTEGER PRIMARY KEY, format INTEGER NOT NULL, definition TEXT NOT NULL,
                    models TEXT NOT NULL, tree TEXT NOT NULL, horizon TEXT NOT NULL, known_at INTEGER,
                    first_month TEXT NOT NULL, last_file_id INTEGER NOT NULL, files TEXT NOT NULL,
                    accepted INTEGER NOT NULL, built_at TEXT NOT NULL, mode TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS sick_leave_employee_state (
                    definition_version INTEGER NOT NULL, employee_id TEXT NOT NULL, contributions BLOB NOT NULL,
                    PRIMARY KEY (definition_version, employee_id)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS sick_leave_unit_month_sums (
                    definition_version INTEGER NOT NULL, unit_id TEXT NOT NULL, month TEXT NOT NULL,
                    contributions INTEGER NOT NULL, spells_started INTEGER NOT NULL, lost_e9 INTEGER NOT NULL,
                    available_e9 INTEGER NOT NULL, short_e9 INTEGER NOT NULL, long_e9 INTEGER NOT NULL,
                    PRIMARY KEY (definition_version, unit_id, month)
                ) WITHOUT ROWID;
                """)
    }

    /// The definition as the build state compares it: version and every parameter.
    static func definitionText(_ definition: SickLeaveDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parameters = (try? encoder.encode(definition.parameters)).map { String(decoding: $0, as: UTF8.self) }
        return "\(definition.version) \(parameters ?? "?")"
    }

    static func writeState(
        _ db: Database, definition: SickLeaveDefinition, fingerprint f: BuildFingerprint, firstMonth: YearMonth,
        mode: String
    ) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO sick_leave_build_state (definition_version, format, definition, models, tree,
                    horizon, known_at, first_month, last_file_id, files, accepted, built_at, mode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                definition.version, BuildFingerprint.format, definitionText(definition), f.models, f.tree, f.horizon,
                f.knownAt, firstMonth.text, f.lastFileId, f.files, f.accepted, Self.utcNow(), mode,
            ])
    }

    static func utcNow(_ date: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CalendarDay(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.dayNumber * 86_400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day.iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    static func loadState(_ db: Database, version: Int) throws -> StoredBuildState? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT format, definition, models, tree, horizon, known_at, first_month, last_file_id, files,
                        accepted, built_at FROM sick_leave_build_state WHERE definition_version = ?
                    """, arguments: [version])
        else { return nil }
        return StoredBuildState(
            format: row[0], definition: row[1], models: row[2], tree: row[3], horizon: row[4], knownAt: row[5],
            firstMonth: row[6], lastFileId: row[7], files: row[8], accepted: row[9], builtAt: row[10])
    }

    /// Incremental when nothing that affects every employee changed; otherwise full, with the reason.
    static func plan(_ db: Database, definition: SickLeaveDefinition, current: BuildFingerprint, from: YearMonth?)
        throws -> IncrementalPlan
    {
        guard let state = try loadState(db, version: definition.version) else {
            return .full("no earlier build of version \(definition.version) to update")
        }
        if state.format != BuildFingerprint.format { return .full("the stored build state is of an older format") }
        if state.definition != definitionText(definition) {
            return .full("the parameters of definition version \(definition.version) changed")
        }
        if state.models != current.models { return .full("the employment or org_unit model changed") }
        if state.tree != current.tree { return .full("the unit tree changed") }
        if state.horizon != current.horizon {
            return .full("the horizon moved from \(state.horizon) to \(current.horizon)")
        }
        if state.knownAt != nil || current.knownAt != nil { return .full("a knowledge cut-off is set") }
        let (files, accepted) = try BuildFingerprint.filesDigest(db, through: state.lastFileId)
        if files != state.files { return .full("earlier deliveries changed (a file was held, replaced or removed)") }
        guard let stateFirst = YearMonth(text: state.firstMonth) else {
            return .full("the stored first month is unreadable")
        }
        if let from, from != stateFirst {
            return .full("the first month changed from \(state.firstMonth) to \(from.text)")
        }

        // Touched employees: rows of files loaded since, and quarantined lines replayed since.
        let lowest = (state.lastFileId + 1) << 32
        var employees = Set<String>()
        var firstDate: String?
        // A new absence version matters only when its code counts or it supersedes a version
        // whose code counts; otherwise it is "not sickness" and changes no figure.
        let codes = definition.parameters.codes.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }
            .joined(separator: ", ")
        employees.formUnion(
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT employee_id FROM stg_psc_absences n WHERE row_id >= ? AND employee_id IS NOT NULL
                    AND (code IN (\(codes)) OR EXISTS (SELECT 1 FROM stg_psc_absences o
                        WHERE o.absence_id = n.absence_id AND o.row_id <> n.row_id AND o.code IN (\(codes))))
                    """, arguments: [lowest]))
        employees.formUnion(
            try String.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT employee_id FROM stg_pdc_employments WHERE row_id >= ? AND employee_id IS NOT NULL",
                arguments: [lowest]))
        firstDate = try String.fetchOne(
            db, sql: "SELECT MIN(\"date\") FROM stg_psc_absences WHERE row_id >= ?", arguments: [lowest])
        var replayed = 0
        if accepted != state.accepted {
            // Replays keep their original row ids; find them through the quarantine, from a day
            // before the last build (a superset is harmless: those employees are recomputed).
            let since = dayBefore(state.builtAt)
            for (source, table) in [("psc_absences", "stg_psc_absences"), ("pdc_employments", "stg_pdc_employments")] {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.employee_id, \(table == "stg_psc_absences" ? "s.\"date\"" : "NULL")
                        FROM quarantine q JOIN \(table) s ON s.row_id = q.file_id * 4294967296 + q.line_no
                        WHERE q.status IN ('replayed', 'fixed') AND q.source = ? AND q.file_id <= ? AND q.resolved_at >= ?
                        """, arguments: [source, state.lastFileId, since])
                for row in rows {
                    replayed += 1
                    if let id: String = row[0] { employees.insert(id) }
                    if let d: String = row[1], firstDate.map({ d < $0 }) ?? true { firstDate = d }
                }
            }
        }
        let first = firstDate.flatMap { CalendarDay(iso: $0)?.yearMonth }
        if from == nil, let first, first < stateFirst {
            return .full("the first month with absence data moved from \(state.firstMonth) to \(first.text)")
        }
        let newFiles =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM landing_files WHERE file_id > ?", arguments: [state.lastFileId])
            ?? 0
        return .incremental(
            BuildDelta(employees: employees.sorted(), newFiles: newFiles, replayed: replayed, firstMonth: stateFirst))
    }

    static func dayBefore(_ iso: String) -> String {
        guard let day = CalendarDay(iso: iso.prefix(10)) else { return "" }
        return CalendarDay(dayNumber: day.dayNumber - 1).iso
    }

    /// Recomputes the touched employees: replaces their rows, takes their stored unit
    /// contributions out of the unit-month sums and adds the new ones, and rewrites the
    /// unit-months whose sums changed.
    static func runIncremental(
        _ db: Database, engine: SickLeaveEngine, tree: UnitTree, fileOrder: [Int64: (order: Int, name: String)],
        delta: BuildDelta, horizon: CalendarDay
    ) throws -> SickLeaveBuildResult {
        let version = engine.definition.version
        let start = delta.firstMonth
        var result = SickLeaveBuildResult(
            definition: engine.definition.reference, employees: 0, registrations: 0, spells: 0, employeeMonths: 0,
            unitMonths: 0, findings: 0, horizon: horizon.iso, firstMonth: start.text, seconds: 0)
        try db.execute(
            sql: "CREATE TEMP TABLE IF NOT EXISTS sick_leave_touched (employee_id TEXT PRIMARY KEY) WITHOUT ROWID")
        try db.execute(sql: "DELETE FROM temp.sick_leave_touched")
        let touch = try BulkInserter(db, sql: "INSERT INTO temp.sick_leave_touched (employee_id) VALUES (?)")
        for id in delta.employees {
            touch.bind(1, id)
            try touch.step()
        }
        let writer = try RowWriter(db, start: start)
        let deletes = try [
            "sick_spell", "sick_leave_employee_month", "sick_leave_findings", "sick_leave_employee_state",
        ].map {
            try BulkInserter(db, sql: "DELETE FROM \($0) WHERE definition_version = ? AND employee_id = ?")
        }
        let readState = try db.makeStatement(
            sql: "SELECT contributions FROM sick_leave_employee_state WHERE definition_version = ? AND employee_id = ?")
        let writeState = try db.makeStatement(
            sql: """
                INSERT OR REPLACE INTO sick_leave_employee_state (definition_version, employee_id, contributions)
                VALUES (?, ?, ?)
                """)
        let diff = try SickLeaveRowDiff(db, start: start)
        let readSums = try db.makeStatement(
            sql: """
                SELECT contributions, spells_started, lost_e9, available_e9, short_e9, long_e9
                FROM sick_leave_unit_month_sums WHERE definition_version = ? AND unit_id = ? AND month = ?
                """)
        var sums: [UnitMonthKey: UnitMonthSums] = [:]
        var loaded: [UnitMonthKey: UnitMonthSums] = [:]
        var extraSlots: [String: Int] = [:]
        var unitIds = tree.unitIds
        func slot(_ extraId: String) -> Int {
            if let known = extraSlots[extraId] { return known }
            extraSlots[extraId] = unitIds.count
            unitIds.append(extraId)
            return unitIds.count - 1
        }
        func load(_ key: UnitMonthKey) throws -> UnitMonthSums {
            let month = YearMonth(ordinal: key.monthOrdinal).text
            let row = try Row.fetchOne(readSums, arguments: [version, unitIds[key.unit], month])
            let cell =
                row.map {
                    UnitMonthSums(
                        contributions: $0[0], spellsStarted: $0[1], lost: $0[2], available: $0[3], short: $0[4],
                        long: $0[5])
                } ?? UnitMonthSums()
            loaded[key] = cell
            return cell
        }
        func subtract(_ bytes: Data) throws {
            guard let old = StoredContributions(decoding: Array(bytes)) else {
                throw BuildError(
                    description:
                        "The stored sick-leave state of one employee (definition version \(version)) is unreadable. Run `klarsyn build --full`."
                )
            }
            try old.apply(sign: -1, tree: tree, slot: slot, to: &sums, load: load)
        }
        func remove(_ employeeId: String) throws {
            if let bytes = try Data.fetchOne(readState, arguments: [version, employeeId]) { try subtract(bytes) }
            for statement in deletes {
                statement.bind(1, version)
                statement.bind(2, employeeId)
                try statement.step()
            }
        }
        var seen = Set<String>()
        try forEachEmployee(db, fileOrder: fileOrder, touched: true) { input in
            seen.insert(input.employeeId)
            result.employees += 1
            result.registrations += input.registrations.count
            let computed = engine.compute(input)
            // Only rows that differ are written; unchanged contributions leave the unit sums alone.
            try diff.write(computed, version: version, into: &result)
            let stored = StoredContributions(computed, scale: engine.definition.parameters.fullTimeHours)
            let encoded = Data(stored.encoded())
            let previous = try Data.fetchOne(readState, arguments: [version, input.employeeId])
            guard previous != encoded else { return }
            if let previous { try subtract(previous) }
            try stored.apply(sign: 1, tree: tree, slot: slot, to: &sums, load: load)
            try writeState.execute(arguments: [version, input.employeeId, encoded])
        }
        for id in delta.employees where !seen.contains(id) { try remove(id) }

        let sumsStatement = try RowWriter.sumsStatement(db)
        let deleteSums = try BulkInserter(
            db, sql: "DELETE FROM sick_leave_unit_month_sums WHERE definition_version = ? AND unit_id = ? AND month = ?"
        )
        let deleteUnit = try BulkInserter(
            db, sql: "DELETE FROM sick_leave_unit_month WHERE definition_version = ? AND unit_id = ? AND month = ?")
        for (key, cell) in sums where cell != loaded[key] {
            let month = YearMonth(ordinal: key.monthOrdinal)
            let unitId = unitIds[key.unit]
            for statement in [deleteSums, deleteUnit] {
                statement.bind(1, version)
                statement.bind(2, unitId)
                statement.bind(3, month.text)
                try statement.step()
            }
            guard cell.contributions > 0 else { continue }
            try RowWriter.writeSums(sumsStatement, version: version, key: unitId, month: month, cell)
            guard month >= start else { continue }
            try writer.writeUnitRow(
                cell.row(
                    unitId: unitId, month: month, definitionVersion: version,
                    scale: engine.definition.parameters.fullTimeHours))
            result.unitMonths += 1
        }
        return result
    }
}

/// Writes the rows of computed employees (both build paths use it, so they write alike).
final class RowWriter {
    let start: YearMonth
    let spell: BulkInserter
    let month: BulkInserter
    let finding: BulkInserter
    let unit: BulkInserter

    init(_ db: Database, start: YearMonth) throws {
        self.start = start
        spell = try BulkInserter(db, table: "sick_spell", columns: SickSpellRow.columns)
        month = try BulkInserter(db, table: "sick_leave_employee_month", columns: EmployeeMonthRow.columns)
        finding = try BulkInserter(
            db, table: "sick_leave_findings", columns: ["employee_id", "kind", "date", "message", "definition_version"])
        unit = try BulkInserter(db, table: "sick_leave_unit_month", columns: UnitMonthRow.columns)
    }

    func write(_ computed: EmployeeSickLeaveResult, into result: inout SickLeaveBuildResult) throws {
        for s in computed.spells {
            spell.bind(1, s.employeeId)
            spell.bind(2, s.spellNo)
            spell.bind(3, s.firstDate.iso)
            spell.bind(4, s.lastDate.iso)
            spell.bind(5, s.spanDays)
            spell.bind(6, s.sickDays)
            spell.bind(7, s.daysLost)
            spell.bind(8, s.isLongTerm ? 1 : 0)
            spell.bind(9, s.definitionVersion)
            try spell.step()
        }
        for m in computed.months where m.month >= start {
            month.bind(1, m.employeeId)
            month.bind(2, m.month.text)
            month.bind(3, m.shortDays)
            month.bind(4, m.longDays)
            month.bind(5, m.fteDaysLost)
            month.bind(6, m.fteDaysAvailable)
            month.bind(7, m.definitionVersion)
            try month.step()
            result.employeeMonths += 1
        }
        for f in computed.findings {
            finding.bind(1, f.employeeId)
            finding.bind(2, f.kind.rawValue)
            finding.bind(3, f.date.iso)
            finding.bind(4, f.message)
            finding.bind(5, computed.definitionVersion)
            try finding.step()
        }
        result.spells += computed.spells.count
        result.findings += computed.findings.count
    }

    func writeUnitRow(_ row: UnitMonthRow) throws {
        unit.bind(1, row.unitId)
        unit.bind(2, row.month.text)
        unit.bind(3, row.fteDaysLost)
        unit.bind(4, row.fteDaysAvailable)
        unit.bind(5, row.ratePct)
        unit.bind(6, row.shortDays)
        unit.bind(7, row.longDays)
        unit.bind(8, row.spellsStarted)
        unit.bind(9, row.definitionVersion)
        try unit.step()
    }

    static func sumsStatement(_ db: Database) throws -> BulkInserter {
        try BulkInserter(
            db,
            sql: """
                INSERT INTO sick_leave_unit_month_sums (definition_version, unit_id, month, contributions, spells_started,
                    lost_e9, available_e9, short_e9, long_e9) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    static func writeSums(_ s: BulkInserter, version: Int, key: String, month: YearMonth, _ cell: UnitMonthSums) throws
    {
        s.bind(1, version)
        s.bind(2, key)
        s.bind(3, month.text)
        s.bind(4, cell.contributions)
        s.bind(5, cell.spellsStarted)
        s.bind(6, int: cell.lost)
        s.bind(7, int: cell.available)
        s.bind(8, int: cell.short)
        s.bind(9, int: cell.long)
        try s.step()
    }
}
