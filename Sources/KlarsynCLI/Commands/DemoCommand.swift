import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynDemo
import KlarsynIngest
import KlarsynMetrics
import KlarsynReconcile
import KlarsynStore
import KlarsynWeb
import KlarsynWorkspace

/// `klarsyn demo`: the main job in one command, on the embedded SQLite warehouse.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a small synthetic region, ingest it and build it (the quickest way to see Klarsyn work).",
        discussion: """
            1. writes a region of about 3,000 employees and 2 years into DIR/inbox, with the faults \
            real deliveries have (listed in DIR/inbox/faults.json); 2. ingests it into \
            DIR/warehouse.sqlite; 3. builds the documented HR model, runs its data tests and \
            computes the sick-leave metric; 4. serves the web workbench on 127.0.0.1:PORT. A folder made by an earlier `klarsyn demo` is replaced; \
            any other non-empty folder is refused.
            """
    )

    @Option(help: ArgumentHelp("The demo folder.", valueName: "dir"))
    var dir: String = "klarsyn-demo"

    @Option(help: "Number of employees.")
    var employees: Int = 3_000

    @Option(help: "Number of years of history.")
    var years: Int = 2

    @Option(help: "Seed for the random generator.")
    var seed: UInt64 = 1

    @Option(help: "The loopback port to serve the workbench on.")
    var port: Int = 8080

    @Flag(help: "Stop after building instead of serving the workbench.")
    var noServe = false

    /// Marks a folder as made by `klarsyn demo`, so a rerun may replace it.
    static let markerName = ".klarsyn-demo"

    func run() async throws {
        let root = URL(commandLinePath: dir, isDirectory: true)
        try prepare(root)
        let inbox = root.appending(path: "inbox", directoryHint: .isDirectory)
        let spec = RegionSpec(employees: employees, years: years, seed: seed, faults: true)
        let report = try generateRegion(spec: spec, into: inbox)
        say("1. Generated a synthetic region into \(dir)/inbox:")
        for line in report.summaryLines { say("   " + line) }

        let workspace = try Workspace.builtIn()
        let warehousePath = root.appending(path: "warehouse.sqlite").path
        let warehouse: Warehouse
        do {
            warehouse = try Warehouse.open(
                path: warehousePath, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        } catch {
            throw CLIError(String(describing: error))
        }
        let ingest = try ingestInbox(warehouse: warehouse, inbox: inbox, workspace: workspace)
        let totals = ingest.totals
        say("")
        say("2. Ingested \(totals.files) delivery files into \(dir)/warehouse.sqlite:")
        say(
            "   \(totals.lines) lines = \(totals.headerLines) headers + \(totals.accepted) accepted + \(totals.quarantined) quarantined + \(totals.held) held"
        )
        say(
            "   \(ingest.files.filter { $0.status == .unrecognised }.count) files no contract recognises, \(ingest.files.filter { $0.status == .alreadyIngested }.count) re-deliveries skipped, \(ingest.changedMonths.count) late changes to past months"
        )
        say(
            "   Invariant lines = header + accepted + quarantined + held: \(ingest.invariantHolds ? "holds for every file" : "BROKEN")"
        )

        let terminal = Terminal.current
        let build: BuildReport
        do {
            build = try ModelBuilder(warehouse: warehouse, workspace: workspace).build { terminal.progress($0) }
            terminal.endProgress()
        } catch {
            terminal.endProgress()
            throw CLIError(String(describing: error))
        }
        let versions = try DemoVersions.build(warehouse: warehouse, workspace: workspace, terminal: terminal)
        let definitions = try loadSickLeaveDefinitions(workspace)
        let current = try resolveDefinition(nil, in: definitions)
        let sickLeave = SickLeaveBuild(warehouse: warehouse)
        let metrics = try sickLeave.run(
            definitions: [current], horizon: try sickLeave.horizon(fallback: todayInCopenhagen()))
        say("")
        say(
            "3. Built \(build.models.count) models (\(build.models.reduce(0) { $0 + $1.rows }) rows); data tests: \(build.tests.filter(\.passed).count) passed, \(build.failedTests.count) failed, \(build.warnedTests.count) warnings."
        )
        for t in build.tests where !t.passed {
            say("   \(t.severity == "error" ? "FAIL" : "WARN") \(t.model): \(t.test) — \(t.failingRows) rows")
        }
        for line in versions { say("   " + line) }
        for m in metrics {
            say(
                "   Sick leave \(m.definition): \(m.spells) spells, \(m.employeeMonths) employee-months, \(m.unitMonths) unit-months (\(m.firstMonth) – \(m.horizon))."
            )
        }
        // A first reconciliation with the vendor's figures, so the HR partner's page has a run to
        // show; the hypothesis sweep is left to `klarsyn reconcile` (it takes minutes).
        do {
            let store = try ReconcileCommand.open(warehousePath)
            let report = try Reconciler(
                warehouse: store, definitions: definitions,
                config: try ReconcileConfig.load(workspaceRoot: workspace.root)
            ).run(today: todayInCopenhagen(), definitionOverride: nil, sweep: false)
            try ReconcileStore.append(report, to: store)
            let agreement = report.scorecard.map { "\($0.metric.rawValue) \($0.exactPct) %" }.joined(separator: ", ")
            say("   Reconciled with the vendor's figures: pairs agreeing exactly — \(agreement) (see /reconciliation).")
        } catch {
            throw CLIError("The reconciliation with the vendor's figures failed: \(error)")
        }
        let problems = try reportProblems(warehouse: warehouse, workspace: workspace)
        if !problems.isEmpty {
            throw CLIError("The reports do not match the built model:\n  " + problems.joined(separator: "\n  "))
        }
        let accounts: [AccountRecord]
        do {
            accounts = try DemoAccounts.install(
                in: try Warehouse.open(
                    path: warehousePath,
                    migrations: WarehouseMigrations.all + CatalogueMigrations.all + WebMigrations.all))
        } catch {
            throw CLIError("Could not create the demo accounts: \(error)")
        }
        say("")
        say("Demo accounts (password for all: \(DemoAccounts.password)):")
        for a in accounts {
            let scope = [a.unitID.map { "unit \($0) and below" }, a.subjectID.map { "id \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            say(
                "   \(a.login.padding(toLength: 11, withPad: " ", startingAt: 0)) \(a.role.rawValue)\(scope.isEmpty ? "" : " — " + scope)"
            )
        }
        say("")
        say("Try:")
        say(
            "  klarsyn query --warehouse \(warehousePath) \"SELECT month, rate_pct FROM sick_leave_unit_month WHERE unit_id = 'U0001' ORDER BY month\""
        )
        say("  klarsyn lineage --warehouse \(warehousePath) employment.fte")
        say("  klarsyn quarantine list --warehouse \(warehousePath) --limit 20")
        say("  klarsyn scenarios")
        guard !noServe else { return }
        say("")
        say(
            "4. Serving the workbench on this machine only (Ctrl-C stops it). Sign in with a demo account above."
        )
        try await serveWorkbench(warehousePath: warehousePath, workspace: workspace, host: "127.0.0.1", port: port)
    }

    /// Creates the folder, or empties one an earlier demo made; refuses anything else.
    private func prepare(_ root: URL) throws {
        let fm = FileManager.default
        let marker = root.appending(path: Self.markerName)
        if fm.fileExists(atPath: root.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
            if !contents.isEmpty {
                guard fm.fileExists(atPath: marker.path) else {
                    throw CLIError(
                        "'\(dir)' is not empty and was not made by `klarsyn demo`, so it is left alone. Pass another folder with --dir."
                    )
                }
                try fm.removeItem(at: root)
            }
        }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("Made by `klarsyn demo`; a rerun replaces this folder.\n".utf8).write(to: marker)
    }
}
