import ArgumentParser

/// An error the CLI shows as it is: what failed and what to do. ArgumentParser prints
/// `Error: <description>` and exits with ``exitCode``.
struct CLIError: Error, CustomStringConvertible {
    /// The message, naming the problem and the fix.
    let description: String
    /// The stable code of the underlying error, when it has one.
    let code: String?
    /// The process exit code.
    let exitCode: ExitCode

    init(_ message: String, code: String? = nil, exitCode: ExitCode = .failure) {
        self.description = code.map { "\(message) [\($0)]" } ?? message
        self.code = code
        self.exitCode = exitCode
    }
}
