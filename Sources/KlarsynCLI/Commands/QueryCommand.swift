import ArgumentParser
import Foundation
import KlarsynBuild

/// `klarsyn query`: a read-only SQL query on the warehouse.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a read-only SQL query on the warehouse.",
        discussion: """
            The query runs on SQLite with writes switched off. Tables: the staging tables \
            (stg_*), the models, and the catalogue (catalogue_models, catalogue_columns, \
            catalogue_lineage, build_runs, build_test_results, build_test_failures, quarantine, \
            landing_files).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var warehouse: WarehouseOption
    @Option(help: "Output format: table, csv (comma, dot decimals) or json.") var format: Format = .table
    @Argument(help: ArgumentHelp("The SELECT statement.", valueName: "sql")) var sql: String

    func run() throws {
        let store = try warehouse.open()
        let result: QueryResult
        do {
            result = try WarehouseQuery.run(sql, on: store)
        } catch {
            throw CLIError(error.description)
        }
        switch format {
        case .table: say(TableText.render(result))
        case .csv: say(CSVText.render(result))
        case .json:
            let objects = result.rows.map { row in
                Dictionary(uniqueKeysWithValues: zip(result.columns, row).map { ($0, $1) })
            }
            say(try jsonText(objects))
        }
    }
}

/// Renders a result as an aligned text table.
enum TableText {
    static func render(_ result: QueryResult) -> String {
        let cells = result.rows.map { $0.map { $0 ?? "NULL" } }
        var widths = result.columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        var out = [line(result.columns), line(widths.map { String(repeating: "-", count: $0) })]
        out += cells.map(line)
        out.append("(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))")
        return out.joined(separator: "\n")
    }
}

/// Renders a result as RFC 4180 CSV.
enum CSVText {
    static func render(_ result: QueryResult, delimiter: String = ",") -> String {
        func field(_ value: String?) -> String {
            guard let value else { return "" }
            if value.contains(delimiter) || value.contains("\"") || value.contains("\n") {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
        return
            ([result.columns.map(field).joined(separator: delimiter)]
            + result.rows.map { $0.map(field).joined(separator: delimiter) }).joined(separator: "\n")
    }
}
