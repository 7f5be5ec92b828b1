import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics

/// Writes a recomputed employee's rows in an incremental build by difference (ADR 0164): the
/// stored rows of the employee are read by index, rows equal to a recomputed one stay, the
/// others are deleted, and only recomputed rows without a stored twin are inserted. A daily
/// delivery typically changes one spell and a month or two of an employee out of dozens of rows.
final class SickLeaveRowDiff {
    private struct Table {
        let read: Statement
        let delete: Statement
        let insert: Statement
    }

    private let start: YearMonth
    private let spells: Table
    private let months: Table
    private let findings: Table
    /// Rows deleted and inserted so far (for the benchmarks).
    private(set) var deleted = 0
    private(set) var inserted = 0

    static let findingColumns = ["employee_id", "kind", "date", "message", "definition_version"]

    init(_ db: Database, start: YearMonth) throws {
        self.start = start
        func table(_ name: String, _ columns: [String]) throws -> Table {
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            return Table(
                read: try db.makeStatement(
                    sql: "SELECT rowid, \(list) FROM \(name) WHERE definition_version = ? AND employee_id = ?"),
                delete: try db.makeStatement(sql: "DELETE FROM \(name) WHERE rowid = ?"),
                insert: try db.makeStatement(
                    sql:
                        "INSERT INTO \(name) (\(list)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
                ))
        }
        spells = try table("sick_spell", SickSpellRow.columns)
        months = try table("sick_leave_employee_month", EmployeeMonthRow.columns)
        findings = try table("sick_leave_findings", Self.findingColumns)
    }

    /// Makes the stored rows of `computed.employeeId` equal to `computed` (months from `start`)
    /// and counts them into `result` as ``RowWriter/write(_:into:)`` does.
    func write(_ computed: EmployeeSickLeaveResult, version: Int, into result: inout SickLeaveBuildResult) throws {
        let id = computed.employeeId
        let spellRows: [[DatabaseValue]] = computed.spells.map { s in
            [
                s.employeeId.databaseValue, s.spellNo.databaseValue, s.firstDate.iso.databaseValue,
                s.lastDate.iso.databaseValue, s.spanDays.databaseValue, s.sickDays.databaseValue,
                s.daysLost.databaseValue, (s.isLongTerm ? 1 : 0).databaseValue, s.definitionVersion.databaseValue,
            ]
        }
        let monthRows: [[DatabaseValue]] = computed.months.filter { $0.month >= start }.map { m in
            [
                m.employeeId.databaseValue, m.month.text.databaseValue, m.shortDays.databaseValue,
                m.longDays.databaseValue, m.fteDaysLost.databaseValue, m.fteDaysAvailable.databaseValue,
                m.definitionVersion.databaseValue,
            ]
        }
        let findingRows: [[DatabaseValue]] = computed.findings.map { f in
            [
                f.employeeId.databaseValue, f.kind.rawValue.databaseValue, f.date.iso.databaseValue,
                f.message.databaseValue, computed.definitionVersion.databaseValue,
            ]
        }
        try apply(spells, rows: spellRows, version: version, employeeId: id)
        try apply(months, rows: monthRows, version: version, employeeId: id)
        try apply(findings, rows: findingRows, version: version, employeeId: id)
        result.spells += spellRows.count
        result.employeeMonths += monthRows.count
        result.findings += findingRows.count
    }

    private func apply(_ table: Table, rows: [[DatabaseValue]], version: Int, employeeId: String) throws {
        // Recomputed rows not yet matched by a stored one, as a multiset.
        var wanted: [[DatabaseValue]: Int] = [:]
        for row in rows { wanted[row, default: 0] += 1 }
        var stale: [Int64] = []
        let cursor = try Row.fetchCursor(table.read, arguments: [version, employeeId])
        while let row = try cursor.next() {
            let values = Array(row.databaseValues.dropFirst())
            if let n = wanted[values], n > 0 {
                wanted[values] = n - 1
            } else {
                stale.append(row[0])
            }
        }
        for rowid in stale { try table.delete.execute(arguments: [rowid]) }
        deleted += stale.count
        for row in rows {
            guard let n = wanted[row], n > 0 else { continue }
            wanted[row] = n - 1
            try table.insert.execute(arguments: StatementArguments(row))
            inserted += 1
        }
    }
}
