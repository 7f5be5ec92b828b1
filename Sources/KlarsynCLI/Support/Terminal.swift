import Foundation

/// Where progress goes: an interactive terminal gets a one-line, self-overwriting display on
/// standard error; CI and pipes get nothing, so logs stay quiet.
struct Terminal: Sendable {
    /// True when standard error is a terminal and `CI` is not set.
    let isInteractive: Bool

    /// The terminal of this process.
    static let current = Terminal(
        isInteractive: isatty(FileHandle.standardError.fileDescriptor) == 1
            && ProcessInfo.processInfo.environment["CI"] == nil)

    /// Replaces the progress line (interactive terminals only).
    func progress(_ text: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    /// Clears the progress line.
    func endProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Writes a line to standard output.
func say(_ text: String = "") {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
