public import KlarsynCore

/// Publication status of a definition version.
public enum DefinitionStatus: String, Sendable, Codable, CaseIterable {
    /// Adopted by HR; may be current once its effective date has come.
    case published
    /// A proposal under discussion; computed on request (`--definition sick-leave@N`), never current.
    case proposed
    /// Replaced and no longer eligible as current; still computable on request.
    case retired
}

/// One entry of a definition's changelog.
public struct ChangelogEntry: Sendable, Equatable, Codable {
    /// The version this entry introduced.
    public var version: Int
    /// When the change was decided.
    public var date: CalendarDay
    /// Who decided it (a role, not a person's name where avoidable).
    public var by: String
    /// What changed and why, in plain words.
    public var summary: String

    /// Creates an entry.
    public init(version: Int, date: CalendarDay, by: String, summary: String) {
        self.version = version
        self.date = date
        self.by = by
        self.summary = summary
    }
}

/// One version of the sick-leave definition: parameters plus the governance facts around them.
public struct SickLeaveDefinition: Sendable, Equatable, Codable {
    /// Definition id, e.g. `sick-leave`.
    public var id: String
    /// Version number (1, 2, …); every output row carries it.
    public var version: Int
    /// Human title.
    public var title: String
    /// Publication status.
    public var status: DefinitionStatus
    /// First day the version applies as the region's current definition.
    public var effectiveFrom: CalendarDay
    /// Owner (role or unit responsible for the definition).
    public var owner: String
    /// Plain-language description for HR partners.
    public var description: String
    /// Changelog entries up to and including this version.
    public var changelog: [ChangelogEntry]
    /// The parameters.
    public var parameters: SickLeaveParameters
    /// The workspace file the version was loaded from, e.g. `definitions/sick-leave.toml`.
    public var sourceFile: String

    /// Creates a definition version.
    public init(
        id: String = "sick-leave", version: Int, title: String = "Sick leave (short- and long-term)",
        status: DefinitionStatus = .published, effectiveFrom: CalendarDay, owner: String = "HR",
        description: String = "", changelog: [ChangelogEntry] = [], parameters: SickLeaveParameters,
        sourceFile: String = "definitions/sick-leave.toml"
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.status = status
        self.effectiveFrom = effectiveFrom
        self.owner = owner
        self.description = description
        self.changelog = changelog
        self.parameters = parameters
        self.sourceFile = sourceFile
    }

    /// `sick-leave@2`, the form the CLI accepts.
    public var reference: String { "\(id)@\(version)" }

    /// The region default as version 1, effective 2024-01-01 (for tests and examples).
    public static let regionDefault = SickLeaveDefinition(
        version: 1, effectiveFrom: CalendarDay(year: 2024, month: 1, day: 1), parameters: .regionDefault)
}

/// All versions of one definition, with the rule that picks the current one.
///
/// **Current** = among `published` versions whose `effectiveFrom` ≤ the given day, the one with
/// the latest `effectiveFrom` (ties: the higher version). `proposed` and `retired` versions are
/// never current but can always be computed by reference (`sick-leave@2`).
public struct SickLeaveDefinitionSet: Sendable, Equatable {
    /// The versions, sorted by version number.
    public let versions: [SickLeaveDefinition]

    /// Creates the set; throws when a version number occurs twice.
    public init(_ versions: [SickLeaveDefinition]) throws(DefinitionReferenceError) {
        let sorted = versions.sorted { $0.version < $1.version }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.version == b.version {
            throw DefinitionReferenceError(reference: a.reference, message: "version \(a.version) is defined twice")
        }
        self.versions = sorted
    }

    /// The current version on `day`, or `nil` when no published version is effective yet.
    public func current(on day: CalendarDay) -> SickLeaveDefinition? {
        versions.filter { $0.status == .published && $0.effectiveFrom <= day }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }

    /// The version with this number.
    public func version(_ number: Int) -> SickLeaveDefinition? { versions.first { $0.version == number } }

    /// Resolves `sick-leave@2`, `2`, `sick-leave` (the current one) or `current`.
    public func resolve(_ reference: String, today: CalendarDay) throws(DefinitionReferenceError) -> SickLeaveDefinition
    {
        let available = versions.map(\.reference).joined(separator: ", ")
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let id = versions.first?.id ?? "sick-leave"
        if parts.count == 1, parts[0] == id || parts[0] == "current" {
            guard let current = current(on: today) else {
                throw DefinitionReferenceError(
                    reference: reference,
                    message: "no published version is effective on \(today.iso); available: \(available)")
            }
            return current
        }
        let numberText = parts.count == 2 ? parts[1] : parts[0]
        if parts.count == 2, parts[0] != id {
            throw DefinitionReferenceError(
                reference: reference, message: "unknown definition `\(parts[0])`; did you mean `\(id)@\(numberText)`?")
        }
        guard let number = Int(numberText), let found = version(number) else {
            throw DefinitionReferenceError(reference: reference, message: "no such version; available: \(available)")
        }
        return found
    }
}

/// A definition reference (`sick-leave@7`) that does not resolve, or a duplicate version.
public struct DefinitionReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reference as given.
    public var reference: String
    /// What is wrong and what is available.
    public var message: String

    /// Creates the error.
    public init(reference: String, message: String) {
        self.reference = reference
        self.message = message
    }

    /// `definition `sick-leave@7`: no such version; available: sick-leave@1, sick-leave@2`.
    public var description: String { "definition `\(reference)`: \(message)" }
}
