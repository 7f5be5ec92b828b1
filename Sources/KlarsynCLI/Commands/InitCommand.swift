import ArgumentParser
import Foundation
import KlarsynWorkspace

/// `klarsyn init DIR`: writes the default regional workspace.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write the default regional workspace into a folder.",
        discussion: """
            The workspace is the folder a BI team keeps in git: sources/ (contracts for every \
            delivery), models/, definitions/, scenarios/ and reports/, with a README that explains \
            each. Nothing is overwritten: if any of the files already exists, nothing is written.
            """
    )

    @Argument(help: ArgumentHelp("The folder to write (created when missing).", valueName: "dir"))
    var directory: String

    func run() throws {
        let target = URL(commandLinePath: directory, isDirectory: true)
        let written: [String]
        do {
            written = try Workspace.initialise(at: target)
        } catch {
            throw CLIError(error.description, code: error.code)
        }
        say("Wrote the default regional workspace to \(directory) (\(written.count) files):")
        for folder in Workspace.Folder.allCases {
            let count = written.filter { $0.hasPrefix(folder.rawValue + "/") }.count
            say(
                "  \(folder.rawValue)/".padding(toLength: 16, withPad: " ", startingAt: 0)
                    + "\(count) file\(count == 1 ? "" : "s")")
        }
        say("Next: put it in git (`git init \(directory)`), then use it with --workspace \(directory).")
    }
}
