import Foundation
import KlarsynTesting
import Testing

@Suite struct CLITests {
    let cli: CommandRunner
    init() throws { cli = try CommandRunner() }

    @Test func helpListsOnlyWorkingSubcommands() throws {
        let result = try cli.run(["--help"])
        #expect(result.exitCode == 0)
        for command in [
            "demo", "init", "generate", "ingest", "quarantine", "build", "query", "lineage", "docs", "test", "explain",
            "scenarios", "serve", "reconcile",
        ] {
            #expect(result.stdout.contains("  \(command)"), "help should list \(command)")
        }
        #expect(result.stdout.contains("OVERVIEW: Klarsyn — a data warehouse and report workbench for public"))
        #expect(result.stdout.contains("serve"))
    }

    @Test func initWritesAWorkspaceAndRefusesToOverwrite() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let first = try cli.run(["init", "ws"], in: tmp.url)
        #expect(first.exitCode == 0)
        #expect(first.stdout.contains("Wrote the default regional workspace to ws"))
        for folder in ["sources", "models", "definitions", "scenarios", "reports"] {
            #expect(FileManager.default.fileExists(atPath: tmp.path("ws/\(folder)").path))
        }
        let second = try cli.run(["init", "ws"], in: tmp.url)
        #expect(second.exitCode != 0)
        #expect(second.stderr.contains("Nothing was written"))
        #expect(second.stderr.contains("[WS004]"))
    }

    @Test func generateRejectsABadStartDateWithTheFix() throws {
        let result = try cli.run(["generate", "--out", "x", "--start", "2024-02-30"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--start '2024-02-30' is not a date. Write it as yyyy-mm-dd"))
    }

    @Test func aMissingWorkspaceNamesTheFix() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let result = try cli.run(["build", "--warehouse", "w.sqlite", "--workspace", "nowhere"], in: tmp.url)
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("klarsyn"))
    }

    @Test func queryOnAMissingWarehouseSaysHowToMakeOne() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let result = try cli.run(["query", "--warehouse", "none.sqlite", "SELECT 1"], in: tmp.url)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("There is no warehouse at 'none.sqlite'"))
        #expect(!FileManager.default.fileExists(atPath: tmp.path("none.sqlite").path))
    }
}
