public import Foundation

/// A folder under the system's temporary directory that tests write into; removed by
/// ``remove()`` (or left for inspection when a test fails and `KLARSYN_KEEP_TMP` is set).
public struct TemporaryDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// Creates a new, empty folder whose name starts with `prefix`.
    public init(prefix: String = "klarsyn-test") throws {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        url = FileManager.default.temporaryDirectory.appending(path: name, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func path(_ relative: String) -> URL { url.appending(path: relative) }

    /// Deletes the folder and everything in it.
    public func remove() {
        guard ProcessInfo.processInfo.environment["KLARSYN_KEEP_TMP"] == nil else { return }
        try? FileManager.default.removeItem(at: url)
    }
}
