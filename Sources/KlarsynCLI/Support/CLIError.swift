/// An error the CLI shows as it is: what failed and what to do. ArgumentParser prints
/// `Error: <description>` and exits with status 1. Commands with documented exit codes throw
/// `ExitCode` after printing their report instead.
struct CLIError: Error, CustomStringConvertible {
    /// The message, naming the problem and the fix, with the stable code of the underlying
    /// error in brackets when it has one.
    let description: String

    init(_ message: String, code: String? = nil) {
        self.description = code.map { "\(message) [\($0)]" } ?? message
    }
}
