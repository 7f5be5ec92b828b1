import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

/// One employee's month behind a unit-month figure (person-level: BI developers and HR partners only).
struct EmployeeMonthRow: Sendable, Equatable {
    var employeeID: String
    var fteDaysLost: Double
    var fteDaysAvailable: Double
    var shortDays: Double
    var longDays: Double
}

extension SickLeaveRepository {
    /// The employees counted in `unit` (with its sub-units, on the month's tree) in `month`, and
    /// their row of `sick_leave_employee_month` for the version shown. Employees with no row
    /// (no sick days) are listed with zeros lost and their availability unknown (0).
    func employeeMonths(
        unit: String, month: YearMonth, forms: [String], version: Int, tree: UnitTree
    ) async throws -> [EmployeeMonthRow] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("employment") else { return [] }
            let marks = databaseQuestionMarks(count: max(forms.count, 1))
            let args: [any DatabaseValueConvertible] =
                [month.lastDay.iso, month.firstDay.iso] + (forms.isEmpty ? ["-"] : forms)
            var people = Set<String>()
            for r in try Row.fetchAll(
                db,
                sql: """
                    SELECT employee_id, unit_id, valid_to FROM employment
                    WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) AND employment_form IN (\(marks))
                    """, arguments: StatementArguments(args))
            {
                let to = (r["valid_to"] as String?).flatMap { CalendarDay(iso: $0) }
                let end = min(to ?? month.lastDay, month.lastDay)
                var chain = tree.ancestors(of: r["unit_id"], on: end)
                if chain.isEmpty { chain = [r["unit_id"]] }
                if chain.contains(unit) { people.insert(r["employee_id"]) }
            }
            var rows: [String: EmployeeMonthRow] = [:]
            if try db.tableExists("sick_leave_employee_month"), !people.isEmpty {
                let list = people.sorted()
                for chunk in stride(from: 0, to: list.count, by: 500) {
                    let part = Array(list[chunk..<min(chunk + 500, list.count)])
                    let m = databaseQuestionMarks(count: part.count)
                    for r in try Row.fetchAll(
                        db,
                        sql: """
                            SELECT employee_id, fte_days_lost, fte_days_available, short_days, long_days
                            FROM sick_leave_employee_month WHERE month = ? AND definition_version = ? AND employee_id IN (\(m))
                            """,
                        arguments: StatementArguments([month.text, version] as [any DatabaseValueConvertible] + part))
                    {
                        rows[r["employee_id"]] = EmployeeMonthRow(
                            employeeID: r["employee_id"], fteDaysLost: r["fte_days_lost"] ?? 0,
                            fteDaysAvailable: r["fte_days_available"] ?? 0, shortDays: r["short_days"] ?? 0,
                            longDays: r["long_days"] ?? 0)
                    }
                }
            }
            return people.sorted().map {
                rows[$0]
                    ?? EmployeeMonthRow(employeeID: $0, fteDaysLost: 0, fteDaysAvailable: 0, shortDays: 0, longDays: 0)
            }
        }
    }
}
