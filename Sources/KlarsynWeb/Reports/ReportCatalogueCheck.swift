import GRDB
import KlarsynCore
public import KlarsynStore

/// Checks that every column a report tile depends on exists: in the catalogue of built models
/// (`catalogue_columns`) or among the metric tables' contract columns (``SickLeaveTables``).
///
/// `klarsyn build` calls ``problems(reports:columns:)`` after the models are built, and fails
/// the build when it returns anything.
public enum ReportCatalogueCheck {
    /// The problems of `reports` against the known `columns` (`"table.column"` texts).
    ///
    /// Each problem names the report file, the tile id and the column, and suggests close names:
    /// `reports/sick-leave.toml: tile 'rate' uses column 'sick_leave_unit_month.rate_pc', which no
    /// built model or metric table has. Did you mean 'sick_leave_unit_month.rate_pct'?`
    public static func problems(reports: [ReportDefinition], columns: Set<String>) -> [String] {
        var problems: [String] = []
        for report in reports {
            for tile in report.tiles {
                for reference in tile.dependencies where !columns.contains(reference.description) {
                    let target = reference.description
                    let tables = Set(columns.compactMap { $0.split(separator: ".").first.map(String.init) })
                    var message =
                        "\(report.file): tile '\(tile.id)' uses column '\(target)', which no built model or metric table has."
                    if !tables.contains(reference.table) {
                        message =
                            "\(report.file): tile '\(tile.id)' uses column '\(target)': there is no built model or metric table '\(reference.table)'."
                    }
                    let close = columns.filter { EditDistance.between($0, target) <= 3 }.sorted().prefix(3)
                    if !close.isEmpty {
                        message += " Did you mean " + close.map { "'\($0)'" }.joined(separator: ", ") + "?"
                    } else {
                        message += " Check the name, or run `klarsyn catalogue` to list the columns."
                    }
                    problems.append(message)
                }
            }
        }
        return problems
    }

    /// The columns reports may use: `catalogue_columns` of the warehouse plus the metric tables'
    /// contract columns.
    public static func knownColumns(warehouse: Warehouse) throws -> Set<String> {
        var columns = SickLeaveTables.contractColumns
        let fromCatalogue = try warehouse.read { db -> [String] in
            guard try db.tableExists("catalogue_columns") else { return [] }
            return try String.fetchAll(db, sql: "SELECT model || '.' || column_name FROM catalogue_columns")
        }
        columns.formUnion(fromCatalogue)
        return columns
    }

}

/// The sick-leave metric tables and their contract columns (`definitions/sick-leave.md`).
public enum SickLeaveTables {
    /// `sick_spell` columns.
    public static let spell = [
        "employee_id", "spell_no", "first_date", "last_date", "span_days", "sick_days", "days_lost", "is_long_term",
        "definition_version",
    ]
    /// `sick_leave_employee_month` columns.
    public static let employeeMonth = [
        "employee_id", "month", "short_days", "long_days", "fte_days_lost", "fte_days_available", "definition_version",
    ]
    /// `sick_leave_unit_month` columns.
    public static let unitMonth = [
        "unit_id", "month", "fte_days_lost", "fte_days_available", "rate_pct", "short_days", "long_days",
        "spells_started",
        "definition_version",
    ]

    /// Every contract column as `table.column`.
    public static var contractColumns: Set<String> {
        Set(
            spell.map { "sick_spell.\($0)" } + employeeMonth.map { "sick_leave_employee_month.\($0)" }
                + unitMonth.map { "sick_leave_unit_month.\($0)" })
    }
}
