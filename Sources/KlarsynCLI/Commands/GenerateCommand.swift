import ArgumentParser
import Foundation
import KlarsynCore
import KlarsynDemo

/// `klarsyn generate`: writes a synthetic hospital region as delivery files.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic Danish hospital region as vendor delivery files.",
        discussion: """
            Every source of a region's inbox is written in the exact format its vendor uses \
            (see docs/sources.md): org units, employments, payroll and the payroll vendor's \
            sick-leave figures (Windows-1252, `;`, decimal comma), shifts and absences (UTF-8 \
            delta files), EHR activity (JSON Lines), intern placements, the well-being survey and \
            agency invoices — split into dated delivery files. The same seed gives the same bytes.

            With --faults it also injects every fault real deliveries have and lists each one \
            in faults.json beside the files. Distributions: docs/synthetic-region.md.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The folder to write the delivery files into (must hold no delivery files yet).", valueName: "dir"))
    var out: String

    @Option(help: "Number of employees in the region at the start.")
    var employees: Int = RegionSpec().employees

    @Option(help: "Number of years of history.")
    var years: Int = RegionSpec().years

    @Option(help: ArgumentHelp("The first day of the history.", valueName: "yyyy-mm-dd"))
    var start: String = RegionSpec().start.iso

    @Option(help: "Seed for the random generator; the same seed gives byte-identical files.")
    var seed: UInt64 = RegionSpec().seed

    @Flag(help: "Inject the faults real deliveries have and list them in faults.json.")
    var faults = false

    func validate() throws {
        guard CalendarDay(iso: start) != nil else {
            throw ValidationError("--start '\(start)' is not a date. Write it as yyyy-mm-dd, e.g. --start 2023-01-01.")
        }
    }

    func run() throws {
        let spec = RegionSpec(
            employees: employees, years: years, start: CalendarDay(iso: start)!, seed: seed, faults: faults)
        let report = try generateRegion(spec: spec, into: URL(commandLinePath: out, isDirectory: true))
        say("Generated a synthetic region in \(out):")
        for line in report.summaryLines { say("  " + line) }
    }
}

/// Runs the generator with a progress display on a terminal.
func generateRegion(spec: RegionSpec, into directory: URL) throws -> GenerationReport {
    let terminal = Terminal.current
    defer { terminal.endProgress() }
    do {
        return try RegionGenerator(spec: spec).write(to: directory) { progress in
            terminal.progress("generating: \(progress)")
        }
    } catch let error as any CustomStringConvertible & Error {
        throw CLIError(error.description)
    }
}
