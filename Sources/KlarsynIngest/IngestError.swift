/// An ingest error with a stable code and a message that names the file, line and field
/// involved and says what to do. Messages carry pseudonymous ids at most, never row values.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    /// Stable code such as `contract.invalid` or `ingest.invariant_broken`.
    public let code: String
    /// Plain-language message naming the object and the fix.
    public let message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "[\(code)] \(message)" }

    static func contract(_ file: String, _ message: String) -> IngestError {
        IngestError(code: "contract.invalid", message: "Source contract '\(file)': \(message)")
    }
}
