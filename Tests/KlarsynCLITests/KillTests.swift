import Foundation
import KlarsynTesting
import Testing

/// `kill -9` at any point of an ingest, then a rerun, must end in exactly the state of an
/// uninterrupted run: same landed files, raw lines, staging rows, quarantine and changed months.
@Suite struct KillTests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    /// A digest of everything ingest writes, without wall-clock columns.
    func state(_ warehouse: String, in folder: URL) throws -> String {
        let queries = [
            "SELECT file_name, source, sha256, status, lines, accepted, quarantined, held FROM landing_files ORDER BY file_name",
            "SELECT COUNT(*), SUM(LENGTH(line)) FROM raw_lines",
            "SELECT q.source, q.line_no, q.rule, q.column_name, q.observed, q.status FROM quarantine q JOIN landing_files f USING (file_id) ORDER BY f.file_name, q.line_no, q.rule, q.column_name, q.observed",
            "SELECT COUNT(*), COUNT(DISTINCT shift_id), SUM(overtime_minutes) FROM stg_psc_shifts",
            "SELECT COUNT(*), COUNT(DISTINCT absence_id), SUM(deleted) FROM stg_psc_absences",
            "SELECT COUNT(*), SUM(weekly_hours) FROM stg_pdc_employments",
            "SELECT c.source, c.month, c.rows, c.kind FROM changed_months c JOIN landing_files f USING (file_id) ORDER BY c.source, c.month, f.file_name, c.kind",
        ]
        var digest = ""
        for query in queries {
            let result = try cli.run(["query", "--warehouse", warehouse, "--format", "csv", query], in: folder)
            #expect(result.exitCode == 0, "\(result.stderr)")
            digest += result.stdout
        }
        return digest
    }

    @Test func killedIngestsRerunToTheUninterruptedState() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        #expect(try cli.run(["generate", "--out", "inbox", "--employees", "250", "--years", "1", "--faults"], in: tmp.url).exitCode == 0)
        let started = Date()
        let clean = try cli.run(["ingest", "--warehouse", "clean.sqlite", "--inbox", "inbox"], in: tmp.url)
        let duration = Date().timeIntervalSince(started)
        #expect([0, 3].contains(clean.exitCode))
        let expected = try state("clean.sqlite", in: tmp.url)

        // Kill three times at different moments (shares of a clean run's duration, so the kills
        // land inside the run on a fast or a slow machine), each time continuing the same warehouse.
        var killedWhileRunning = 0
        for share in [0.1, 0.3, 0.5] {
            let delay = duration * share
            let process = Process()
            process.executableURL = cli.executable
            process.arguments = ["ingest", "--warehouse", "killed.sqlite", "--inbox", "inbox"]
            process.currentDirectoryURL = tmp.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedWhileRunning += 1
            }
            process.waitUntilExit()
        }
        let rerun = try cli.run(["ingest", "--warehouse", "killed.sqlite", "--inbox", "inbox"], in: tmp.url)
        #expect([0, 3].contains(rerun.exitCode), "\(rerun.stderr)")
        #expect(try state("killed.sqlite", in: tmp.url) == expected)
        // The test is only meaningful when at least one kill hit a running ingest.
        #expect(killedWhileRunning > 0)
    }
}
