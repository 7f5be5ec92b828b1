import Foundation
import KlarsynTesting
import Testing

/// `klarsyn reconcile` as a user runs it: exit codes 0/1/2, byte-identical reruns, decisions.
@Suite(.serialized) struct ReconcileCLITests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    /// A generated region (generate → ingest → build) in a temporary folder.
    func region(_ tmp: TemporaryDirectory) throws -> String {
        let inbox = tmp.path("inbox").path
        let warehouse = tmp.path("w.sqlite").path
        #expect(
            try cli.run([
                "generate", "--out", inbox, "--employees", "200", "--years", "1", "--start", "2024-01-01", "--seed",
                "2",
            ]).exitCode == 0)
        #expect(try cli.run(["ingest", "--warehouse", warehouse, "--inbox", inbox]).exitCode == 0)
        #expect(try cli.run(["build", "--warehouse", warehouse]).exitCode == 0)
        return warehouse
    }

    @Test func reconcileReportsDecidesAndRepeatsByteForByte() throws {
        let tmp = try TemporaryDirectory()
        let warehouse = try region(tmp)
        let args = ["reconcile", "--warehouse", warehouse, "--today", "2025-01-15", "--no-sweep"]
        let first = try cli.run(args)
        // The vendor counts differently: unexplained differences remain under the default definition.
        #expect(first.exitCode == 1, "\(first.stderr)")
        #expect(first.stdout.contains("Scorecard"))
        #expect(first.stdout.contains("Day basis"))
        let second = try cli.run(args)
        #expect(second.stdout == first.stdout)
        let json1 = try cli.run(args + ["--format", "json"])
        let json2 = try cli.run(args + ["--format", "json"])
        #expect(json1.stdout == json2.stdout)
        #expect(json1.stdout.contains("\"runId\""))

        let decide = try cli.run([
            "reconcile", "decide", "--warehouse", warehouse, "--category", "unexplained", "--scope", "region 2024",
            "--presumed", "working days, day 30, cut-off at month end", "--chosen", "sick-leave@1",
            "--approved-bi", "BI lead", "--approved-hr", "HR partner", "--date", "2025-01-20",
        ])
        #expect(decide.exitCode == 0, "\(decide.stderr)")
        #expect(decide.stdout.contains("Recorded decision D1"))
        let third = try cli.run(args)
        #expect(third.exitCode == 0, "\(third.stderr)")
        #expect(third.stdout.contains("KNOWN DIFFERENCE (decision D1)"))
        #expect(third.stdout.contains("series break: baseline decision D1"))
    }

    @Test func badInputExitsTwoNamingFileLineAndField() throws {
        let tmp = try TemporaryDirectory()
        let missing = try cli.run(["reconcile", "--warehouse", tmp.path("none.sqlite").path])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("There is no warehouse"))

        let workspace = tmp.path("ws").path
        #expect(try cli.run(["init", workspace]).exitCode == 0)
        let file = tmp.path("ws/reconciliation/sick-leave.toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "max_unexplained_pairs = 0", with: "max_unexplained_pairs = -3").utf8)
            .write(to: file)
        let warehouse = tmp.path("w.sqlite").path
        let bad = try cli.run(["reconcile", "--warehouse", warehouse, "--workspace", workspace])
        #expect(bad.exitCode == 2)
        #expect(bad.stderr.contains("reconciliation/sick-leave.toml:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("thresholds.max_unexplained_pairs"), "\(bad.stderr)")

        let csv = try cli.run(["reconcile", "--warehouse", warehouse, "--format", "csv"])
        #expect(csv.exitCode == 2)
        #expect(csv.stderr.contains("--output"))
    }
}
