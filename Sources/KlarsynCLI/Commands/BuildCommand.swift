import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynIngest
import KlarsynMetrics

/// `klarsyn build`: models → documentation gate → data tests → catalogue.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the workspace's models in the warehouse, check their documentation and run their data tests.",
        discussion: """
            Models are built in the order their SQL reads each other, each as a table named like \
            the model. The build fails (and the warehouse keeps the previous build) when a model's \
            SQL is outside the portable subset, does not run, or outputs a column its sidecar does \
            not describe. Data tests then run; an error-severity failure fails the build, and the key \
            of every failing row is kept (see `klarsyn test`).

            Exit codes: 0 built and all error-severity tests pass; 1 the build failed; 3 built, but \
            error-severity data tests failed.
            """
    )

    @OptionGroup var warehouse: WarehouseOption
    @OptionGroup var workspace: WorkspaceOption
    @Option(
        help: ArgumentHelp(
            "Also compute this sick-leave definition version (repeatable), e.g. sick-leave@2. The current version is always computed.",
            valueName: "ref"))
    var definition: [String] = []
    @Flag(
        help:
            "Rebuild every model and recompute the sick-leave metric for every employee. Without it the build keeps models whose inputs did not change, updates incremental models for the delivered employees only, and recomputes the metric for the changed employees, when it can (and says why when it cannot)."
    )
    var full = false
    @Option(help: "Output format.") var format: OutputFormat = .text

    func run() throws {
        let store = try warehouse.open()
        let ws = try workspace.resolve()
        let definitions = try loadSickLeaveDefinitions(ws)
        var versions = [try resolveDefinition(nil, in: definitions)]
        for reference in definition {
            let extra = try resolveDefinition(reference, in: definitions)
            if !versions.contains(where: { $0.version == extra.version }) { versions.append(extra) }
        }
        try prepareStaging(warehouse: store, workspace: ws)
        let builder = ModelBuilder(warehouse: store, workspace: ws)
        let terminal = Terminal.current
        let report: BuildReport
        do {
            report = try builder.build(full: full) { terminal.progress($0) }
            terminal.endProgress()
        } catch {
            terminal.endProgress()
            throw CLIError(String(describing: error))
        }
        let versionResults: [ModelVersionBuildResult]
        do {
            versionResults = try ModelVersionBuilder(warehouse: store, workspace: ws).build(full: full) {
                terminal.progress($0)
            }
            terminal.endProgress()
        } catch {
            terminal.endProgress()
            throw CLIError(String(describing: error))
        }
        let problems = try reportProblems(warehouse: store, workspace: ws)
        if !problems.isEmpty {
            throw CLIError(
                "The build's models are in place, but \(problems.count) report tile\(problems.count == 1 ? "" : "s") use columns the model does not have:\n  "
                    + problems.joined(separator: "\n  "))
        }
        let sickLeave = SickLeaveBuild(warehouse: store)
        let metrics: [SickLeaveBuildResult]
        do {
            metrics = try sickLeave.run(
                definitions: versions, horizon: try sickLeave.horizon(fallback: todayInCopenhagen()),
                mode: full ? .full : .automatic
            ) { terminal.progress($0) }
            terminal.endProgress()
        } catch {
            terminal.endProgress()
            throw CLIError("The sick-leave metric could not be built: \(error)")
        }
        if format == .json {
            struct Output: Encodable {
                let models: BuildReport
                let metrics: [SickLeaveBuildResult]
            }
            say(try jsonText(Output(models: report, metrics: metrics)))
        } else {
            say(BuildReportText.render(report))
            for v in versionResults { say(ModelVersionText.render(v)) }
            for m in metrics {
                say(
                    "metric \(m.definition)\(m.mode == "incremental" ? " (recomputed)" : ""): \(m.employees) employees, \(m.registrations) registrations → \(m.spells) spells, "
                        + "\(m.employeeMonths) employee-months, \(m.unitMonths) unit-months, \(m.findings) findings "
                        + "(\(m.firstMonth) through \(m.horizon), \(String(format: "%.2f", m.seconds)) s)")
                say("  \(m.mode)\(m.reason.isEmpty ? "" : ": \(m.reason)")")
            }
        }
        if !report.succeeded { throw ExitCode(3) }
    }
}

/// The text form of a build report.
enum BuildReportText {
    static func render(_ report: BuildReport) -> String {
        var lines: [String] = []
        let width = max(8, report.models.map(\.model.count).max() ?? 0)
        lines.append("model".padding(toLength: width, withPad: " ", startingAt: 0) + "       rows   seconds  build")
        for m in report.models {
            let status = m.status == "incremental" ? "incremental (\(m.keys ?? 0) keys)" : m.status
            lines.append(
                m.model.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: " %10d %9.2f  ", m.rows, m.seconds) + status)
        }
        let passed = report.tests.filter(\.passed).count
        let reused = report.tests.filter(\.reused).count
        lines.append("")
        lines.append(
            "tests: \(passed) passed, \(report.failedTests.count) failed, \(report.warnedTests.count) warnings (of \(report.tests.count))"
                + (reused == 0 ? "" : "; \(reused) kept from the last build of unchanged models"))
        for t in report.tests where !t.passed {
            let label = t.severity == "error" ? "FAIL" : "WARN"
            lines.append("  \(label) \(t.model): \(t.test) — \(t.failingRows) row\(t.failingRows == 1 ? "" : "s")")
            for key in t.sampleKeys {
                lines.append("       " + zip(t.keyColumns, key).map { "\($0)=\($1)" }.joined(separator: ", "))
            }
            if t.failingRows > t.sampleKeys.count {
                lines.append("       … all \(t.failingRows) keys: klarsyn test --warehouse FILE --model \(t.model)")
            }
        }
        lines.append("")
        lines.append(
            report.succeeded
                ? String(format: "Build %lld succeeded in %.1f s.", report.buildId ?? 0, report.seconds)
                : String(
                    format: "Build %lld failed: error-severity data tests failed (%.1f s).", report.buildId ?? 0,
                    report.seconds))
        return lines.joined(separator: "\n")
    }
}
