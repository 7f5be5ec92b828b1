import ArgumentParser
import Foundation
import KlarsynBuild

/// `klarsyn test`: the data-test results of a build, with every failing key.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Show the data-test results of the latest build, with the key of every failing row.",
        discussion: "Exit codes: 0 no error-severity test failed; 3 at least one did; 1 no build to show."
    )

    @OptionGroup var warehouse: WarehouseOption
    @Option(help: "Only this model's tests.") var model: String?
    @Option(help: "A build id (default: the latest build that ran tests).") var build: Int?
    @Option(help: "Output format: table, csv or json.") var format: QueryCommand.Format = .table

    func run() throws {
        let store = try warehouse.open()
        let latest = try WarehouseQuery.run(
            "SELECT MAX(build_id) FROM build_runs WHERE finished_at IS NOT NULL AND models > 0", on: store)
        guard let buildId = build ?? latest.rows.first?.first.flatMap({ $0 }).flatMap({ Int($0) }) else {
            throw CLIError("No build has run tests yet. Run `klarsyn build --warehouse \(warehouse.warehouse)` first.")
        }
        let filter = model == nil ? "" : " AND r.model = ?"
        let filterArguments = [String(buildId)] + (model.map { [$0] } ?? [])
        let results = try WarehouseQuery.run(
            """
            SELECT r.model, r.test_name, r.severity, r.status, r.failing_rows, r.key_columns
            FROM build_test_results r WHERE r.build_id = ?\(filter) ORDER BY r.status = 'pass', r.model, r.test_name
            """, arguments: filterArguments, on: store)
        if format != .table {
            let failures = try WarehouseQuery.run(
                """
                SELECT r.model, r.test_name, r.severity, f.row_key FROM build_test_failures f
                JOIN build_test_results r USING (build_id, model, test_name)
                WHERE r.build_id = ?\(filter) ORDER BY r.model, r.test_name, f.rowid
                """, arguments: filterArguments, on: store)
            say(format == .csv ? CSVText.render(failures) : try jsonText(failures.rows))
            return
        }
        say("Data tests of build \(buildId):")
        var failedErrors = 0
        for row in results.rows {
            let status = row[3] == "pass" ? "pass" : (row[2] == "error" ? "FAIL" : "WARN")
            if status == "FAIL" { failedErrors += 1 }
            say(
                "  \(status.padding(toLength: 4, withPad: " ", startingAt: 0)) \(row[0] ?? ""): \(row[1] ?? "")\(row[3] == "pass" ? "" : " — \(row[4] ?? "0") rows")"
            )
            guard row[3] != "pass" else { continue }
            let keys = try WarehouseQuery.run(
                "SELECT row_key FROM build_test_failures WHERE build_id = ? AND model = ? AND test_name = ? ORDER BY rowid",
                arguments: [String(buildId), row[0] ?? "", row[1] ?? ""], on: store)
            say("       keys \(row[5] ?? ""):")
            for key in keys.rows { say("       \(key[0] ?? "")") }
        }
        if failedErrors > 0 { throw ExitCode(3) }
    }
}
