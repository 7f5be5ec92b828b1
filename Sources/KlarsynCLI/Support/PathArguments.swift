import ArgumentParser
import Foundation
import KlarsynWorkspace

/// `--workspace DIR`, shared by every command that reads workspace files.
struct WorkspaceOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The workspace folder (sources/, models/, definitions/, scenarios/, reports/).",
            discussion: "Without it, Klarsyn uses its built-in default regional workspace.",
            valueName: "dir"))
    var workspace: String?

    /// The resolved workspace, or a validation error naming the fix.
    func resolve() throws -> Workspace {
        do {
            return try Workspace.resolve(workspace.map { URL(filePath: $0, directoryHint: .isDirectory) })
        } catch {
            throw ValidationError(error.description)
        }
    }
}

extension URL {
    /// A URL for a path given on the command line, relative to the current folder.
    init(commandLinePath path: String, isDirectory: Bool = false) {
        self = URL(filePath: path, directoryHint: isDirectory ? .isDirectory : .notDirectory)
    }
}
