public import Foundation

/// A Klarsyn workspace: the folder a BI team keeps in git with its source contracts, models,
/// definitions, scenarios and reports.
///
/// Commands take `--workspace DIR`; without it they use ``Workspace/builtIn()``, the default
/// regional workspace shipped with Klarsyn as package resources.
///
/// ```swift
/// let workspace = try Workspace.open(at: URL(filePath: "hr-workspace"))
/// let contracts = workspace.folder(.sources)
/// ```
public struct Workspace: Sendable {
    /// The folders every workspace has, in the order the README explains them.
    public enum Folder: String, CaseIterable, Sendable {
        case sources, models, definitions, scenarios, reports, policies, reconciliation
    }

    /// The workspace's root folder.
    public let root: URL
    /// True when this is the default workspace shipped inside Klarsyn (read-only in spirit).
    public let isBuiltIn: Bool

    /// The path of one of the workspace's folders.
    public func folder(_ folder: Folder) -> URL {
        root.appending(path: folder.rawValue, directoryHint: .isDirectory)
    }

    /// A short name for messages: the folder path, or "the built-in default workspace".
    public var displayName: String { isBuiltIn ? "the built-in default workspace" : root.path }

    /// Opens the workspace at `root`, checking that it has every folder.
    /// - Throws: ``WorkspaceError`` naming the missing folder and how to create a workspace.
    public static func open(at root: URL) throws(WorkspaceError) -> Workspace {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound(path: root.path)
        }
        for folder in Folder.allCases {
            let path = root.appending(path: folder.rawValue).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .missingFolder(workspace: root.path, folder: folder.rawValue)
            }
        }
        return Workspace(root: root, isBuiltIn: false)
    }

    /// The default regional workspace shipped with Klarsyn.
    public static func builtIn() throws(WorkspaceError) -> Workspace {
        guard let url = Bundle.module.url(forResource: "DefaultWorkspace", withExtension: nil) else {
            throw .builtInMissing
        }
        return Workspace(root: url, isBuiltIn: true)
    }

    /// Opens `root` when given, else the built-in default workspace.
    public static func resolve(_ root: URL?) throws(WorkspaceError) -> Workspace {
        if let root { return try open(at: root) }
        return try builtIn()
    }

    /// Writes the default regional workspace into `directory` (created when missing).
    ///
    /// Refuses to overwrite: when any file it would write already exists, nothing is written.
    /// - Returns: the paths written, relative to `directory`, sorted.
    @discardableResult
    public static func initialise(at directory: URL) throws(WorkspaceError) -> [String] {
        let source = try builtIn().root
        let fm = FileManager.default
        let files = relativeFiles(under: source)
        let clashes = files.filter { fm.fileExists(atPath: directory.appending(path: $0).path) }
        if !clashes.isEmpty { throw .wouldOverwrite(path: directory.path, files: clashes) }
        do {
            for file in files {
                let target = directory.appending(path: file)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: source.appending(path: file), to: target)
            }
            for folder in Folder.allCases {
                try fm.createDirectory(
                    at: directory.appending(path: folder.rawValue), withIntermediateDirectories: true)
            }
        } catch {
            throw .cannotWrite(path: directory.path, reason: String(describing: error))
        }
        return files
    }

    /// Files below `root`, as sorted relative paths.
    static func relativeFiles(under root: URL) -> [String] {
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    /// Files in one folder with a given extension, sorted by name.
    public func files(in folder: Folder, withExtension ext: String) -> [URL] {
        let dir = self.folder(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appending(path: $0) }
    }
}

/// Why a workspace could not be opened or written. Each message says how to fix it.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case missingFolder(workspace: String, folder: String)
    case builtInMissing
    case wouldOverwrite(path: String, files: [String])
    case cannotWrite(path: String, reason: String)

    /// A stable code for documentation and tests.
    public var code: String {
        switch self {
        case .notFound: "WS001"
        case .missingFolder: "WS002"
        case .builtInMissing: "WS003"
        case .wouldOverwrite: "WS004"
        case .cannotWrite: "WS005"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            "No workspace at '\(path)': the folder does not exist. Create one with `klarsyn init \(path)`, or leave out --workspace to use the built-in default workspace."
        case .missingFolder(let workspace, let folder):
            "'\(workspace)' is not a complete Klarsyn workspace: it has no '\(folder)/' folder. Create the folder, or start from the default with `klarsyn init NEW-DIR`."
        case .builtInMissing:
            "The built-in default workspace is missing from this Klarsyn installation (resource bundle Klarsyn_KlarsynWorkspace.resources). Reinstall Klarsyn, or pass --workspace DIR."
        case .wouldOverwrite(let path, let files):
            "'\(path)' already holds \(files.count) of the files `klarsyn init` writes (e.g. \(files.prefix(3).joined(separator: ", "))). Nothing was written. Choose an empty folder, or move those files away first."
        case .cannotWrite(let path, let reason):
            "Could not write the workspace into '\(path)': \(reason). Check that the folder is writable."
        }
    }
}
