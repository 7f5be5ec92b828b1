import KlarsynCore
/// A problem in a definition or scenario file of the workspace, naming file, line (when the
/// parser knows it), field and what is allowed.
///
/// `description` reads e.g.
/// ``definitions/sick-leave.toml:31: version 2: parameter `half_day_weight` = 1.5 is outside its domain: allowed 0 … 1``.
public struct DefinitionFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error code, e.g. `definition.parameter-domain`, `definition.toml-syntax`, `scenario.field`.
    public var code: String
    /// Workspace-relative file, e.g. `definitions/sick-leave.toml`.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Context inside the file, e.g. `version 2`.
    public var context: String?
    /// The field concerned, e.g. `half_day_weight` or `registrations[2].dates`.
    public var field: String?
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an error.
    public init(
        code: String, file: String, line: Int? = nil, context: String? = nil, field: String? = nil, message: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.context = context
        self.field = field
        self.message = message
    }

    /// `file[:line]: [context: ]message`.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let context { s += context + ": " }
        return s + message
    }
}

/// Suggests the closest allowed word for a misspelt key ("Did you mean …?").
enum DefinitionKeySuggestion {
    static func closest(_ word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = EditDistance.between(word, c)
            if d <= max(2, c.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }


    static func unknownKey(_ key: String, allowed: [String]) -> String {
        var s = "unknown key `\(key)`"
        if let c = closest(key, in: allowed) { s += "; did you mean `\(c)`?" }
        return s + " Allowed: " + allowed.joined(separator: ", ")
    }
}
