/// An error from the warehouse, with a stable code and a message that says what to do.
///
/// Messages never contain row values (personal data); they name the warehouse file,
/// the table or the migration involved.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// A stable, greppable code such as `store.open_failed`.
    public let code: String
    /// A plain-language message naming the object and the fix.
    public let message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "[\(code)] \(message)" }
}
