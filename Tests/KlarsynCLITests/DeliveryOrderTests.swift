import Foundation
import KlarsynTesting
import Testing

/// The figures must not depend on how deliveries were batched: a region ingested in one go and
/// the same region ingested delivery day by delivery day give identical sick-leave tables.
@Suite struct DeliveryOrderTests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    @Test func oneGoAndDailyDeliveriesGiveIdenticalFigures() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let generate = try cli.run(
            ["generate", "--out", "all", "--employees", "120", "--years", "1", "--seed", "11"], in: tmp.url)
        #expect(generate.exitCode == 0, "\(generate.stderr)")

        let once = try cli.run(["ingest", "--warehouse", "once.sqlite", "--inbox", "all"], in: tmp.url)
        #expect(once.exitCode == 0, "\(once.stderr)")

        // Group the files by the delivery date in their names and ingest one date at a time.
        let files = try FileManager.default.contentsOfDirectory(atPath: tmp.path("all").path).sorted()
        var byDate: [String: [String]] = [:]
        for file in files {
            guard let match = file.firstMatch(of: /_(\d{6,8})\./) else { continue }
            var date = String(match.1)
            if date.count == 6 { date += "01" }
            byDate[date, default: []].append(file)
        }
        #expect(byDate.count > 20)
        for date in byDate.keys.sorted() {
            let day = tmp.path("day")
            try? FileManager.default.removeItem(at: day)
            try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
            for file in byDate[date]! {
                try FileManager.default.copyItem(at: tmp.path("all/\(file)"), to: day.appending(path: file))
            }
            let daily = try cli.run(["ingest", "--warehouse", "daily.sqlite", "--inbox", "day"], in: tmp.url)
            #expect(daily.exitCode == 0, "\(date): \(daily.stderr)")
        }

        for warehouse in ["once.sqlite", "daily.sqlite"] {
            let build = try cli.run(["build", "--warehouse", warehouse], in: tmp.url)
            #expect(build.exitCode == 0, "\(warehouse): \(build.stderr)")
        }
        let queries = [
            "SELECT * FROM sick_spell ORDER BY employee_id, spell_no",
            "SELECT * FROM sick_leave_employee_month ORDER BY employee_id, month",
            "SELECT * FROM sick_leave_unit_month ORDER BY unit_id, month",
            "SELECT * FROM employment ORDER BY employee_id, valid_from",
            "SELECT absence_id, employee_id, absence_date, code, part FROM absence_day ORDER BY absence_id",
        ]
        for query in queries {
            let a = try cli.run(["query", "--warehouse", "once.sqlite", "--format", "csv", query], in: tmp.url)
            let b = try cli.run(["query", "--warehouse", "daily.sqlite", "--format", "csv", query], in: tmp.url)
            #expect(a.exitCode == 0)
            #expect(a.stdout.split(separator: "\n").count > 2, "\(query) returned no rows")
            #expect(a.stdout == b.stdout, "\(query) differs between one go and daily deliveries")
        }
    }
}
