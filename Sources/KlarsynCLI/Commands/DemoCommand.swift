import ArgumentParser
import Foundation
import KlarsynDemo

/// `klarsyn demo`: the main job in one command, on the embedded SQLite warehouse.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a small synthetic region and load it (the quickest way to see Klarsyn work).",
        discussion: """
            Writes a region of about 3,000 employees and 2 years into DIR/inbox, with the faults \
            real deliveries have. A folder made by an earlier `klarsyn demo` is replaced; any other \
            non-empty folder is refused.
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

    /// Marks a folder as made by `klarsyn demo`, so a rerun may replace it.
    static let markerName = ".klarsyn-demo"

    func run() throws {
        let root = URL(commandLinePath: dir, isDirectory: true)
        try prepare(root)
        let inbox = root.appending(path: "inbox", directoryHint: .isDirectory)
        let spec = RegionSpec(employees: employees, years: years, seed: seed, faults: true)
        let report = try generateRegion(spec: spec, into: inbox)
        say("1. Generated a synthetic region into \(dir)/inbox:")
        for line in report.summaryLines { say("   " + line) }
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
                        "'\(dir)' is not empty and was not made by `klarsyn demo`, so it is left alone. Pass another folder with --dir.")
                }
                try fm.removeItem(at: root)
            }
        }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("Made by `klarsyn demo`; a rerun replaces this folder.\n".utf8).write(to: marker)
    }
}
