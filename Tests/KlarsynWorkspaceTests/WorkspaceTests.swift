import Foundation
import KlarsynTesting
import Testing

@testable import KlarsynWorkspace

@Suite struct WorkspaceTests {
    @Test func builtInWorkspaceHasEveryFolderAndAReadme() throws {
        let workspace = try Workspace.builtIn()
        #expect(workspace.isBuiltIn)
        for folder in Workspace.Folder.allCases {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: workspace.folder(folder).path, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
        let readme = try String(contentsOf: workspace.root.appending(path: "README.md"), encoding: .utf8)
        for folder in Workspace.Folder.allCases { #expect(readme.contains("`\(folder.rawValue)/`")) }
    }

    @Test func initWritesTheDefaultWorkspaceAndOpensIt() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let target = tmp.path("hr-workspace")
        let written = try Workspace.initialise(at: target)
        #expect(written.contains("README.md"))
        #expect(written == Workspace.relativeFiles(under: try Workspace.builtIn().root))
        let opened = try Workspace.open(at: target)
        #expect(!opened.isBuiltIn)
        for file in written {
            let original = try Data(contentsOf: try Workspace.builtIn().root.appending(path: file))
            #expect(try Data(contentsOf: target.appending(path: file)) == original)
        }
    }

    @Test func initRefusesToOverwriteAndWritesNothing() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try Data("ours\n".utf8).write(to: tmp.path("README.md"))
        #expect(throws: WorkspaceError.self) { try Workspace.initialise(at: tmp.url) }
        do {
            try Workspace.initialise(at: tmp.url)
        } catch {
            #expect(error.code == "WS004")
            #expect(error.description.contains("Nothing was written"))
        }
        #expect(try String(contentsOf: tmp.path("README.md"), encoding: .utf8) == "ours\n")
        #expect(!FileManager.default.fileExists(atPath: tmp.path("sources").path))
    }

    @Test func openingAnIncompleteWorkspaceNamesTheMissingFolder() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        for folder in ["sources", "models", "definitions", "scenarios"] {
            try FileManager.default.createDirectory(at: tmp.path(folder), withIntermediateDirectories: true)
        }
        do {
            _ = try Workspace.open(at: tmp.url)
            Issue.record("expected an error")
        } catch {
            #expect(error == .missingFolder(workspace: tmp.url.path, folder: "reports"))
            #expect(error.description.contains("no 'reports/' folder"))
        }
        #expect(throws: WorkspaceError.notFound(path: tmp.path("nope").path)) {
            try Workspace.open(at: tmp.path("nope"))
        }
    }
}
