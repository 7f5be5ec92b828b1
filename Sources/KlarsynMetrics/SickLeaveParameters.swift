/// How the length of a spell is measured (`length_basis`).
public enum LengthBasis: String, Sendable, Codable, CaseIterable {
    /// Calendar days from the first to the last sick date of the spell, bridged days included.
    case span
    /// The number of sick dates in the spell.
    case sickDays = "sick_days"
}

/// How a spell length is compared with the threshold (`long_term_comparison`).
public enum ThresholdComparison: String, Sendable, Codable, CaseIterable {
    /// Long-term when the length is strictly greater than the threshold.
    case greaterThan = ">"
    /// Long-term when the length is greater than or equal to the threshold.
    case greaterThanOrEqual = ">="

    /// True when `length` is long-term against `threshold`.
    @inlinable public func isLongTerm(length: Int, threshold: Int) -> Bool {
        self == .greaterThan ? length > threshold : length >= threshold
    }
}

/// Which sick dates of a spell are long-term (`classification`).
public enum ClassificationMode: String, Sendable, Codable, CaseIterable {
    /// Long-term iff the whole spell (as known now) is long-term; past months are restated.
    case retroactive
    /// Long-term iff the spell, cut at the end of the date's month, is long-term; closed months never change.
    case asOf = "as_of"
    /// Long-term iff the spell from its first date up to and including the date is long-term.
    case dayPosition = "day_position"
}

/// The parameters of the sick-leave definition (`definitions/sick-leave.md`), typed.
///
/// ```swift
/// var p = SickLeaveParameters.regionDefault
/// p.linkGapDays = 4
/// try p.validate()
/// ```
public struct SickLeaveParameters: Sendable, Equatable, Codable {
    /// Absence codes that count as sickness (`codes`).
    public var codes: [String]
    /// Employment forms counted (`population`).
    public var population: [String]
    /// Days lost for a `HALF` registration (`half_day_weight`).
    public var halfDayWeight: Double
    /// Calendar days without a sick registration that may lie between two dates of one spell (`link_gap_days`).
    public var linkGapDays: Int
    /// How a spell's length is measured (`length_basis`).
    public var lengthBasis: LengthBasis
    /// Threshold on the spell length (`long_term_threshold_days`).
    public var longTermThresholdDays: Int
    /// `>` or `>=` (`long_term_comparison`).
    public var longTermComparison: ThresholdComparison
    /// Which sick dates of a spell are long-term (`classification`).
    public var classification: ClassificationMode
    /// FTE = contracted weekly hours / this (`full_time_hours`).
    public var fullTimeHours: Double

    /// Creates parameters; call ``validate()`` before use.
    public init(
        codes: [String], population: [String], halfDayWeight: Double, linkGapDays: Int, lengthBasis: LengthBasis,
        longTermThresholdDays: Int, longTermComparison: ThresholdComparison, classification: ClassificationMode,
        fullTimeHours: Double
    ) {
        self.codes = codes
        self.population = population
        self.halfDayWeight = halfDayWeight
        self.linkGapDays = linkGapDays
        self.lengthBasis = lengthBasis
        self.longTermThresholdDays = longTermThresholdDays
        self.longTermComparison = longTermComparison
        self.classification = classification
        self.fullTimeHours = fullTimeHours
    }

    /// The region's default (version 1 of `sick-leave.md`).
    public static let regionDefault = SickLeaveParameters(
        codes: ["SYG"], population: ["Fastansat", "Tidsbegrænset"], halfDayWeight: 0.5, linkGapDays: 2,
        lengthBasis: .span, longTermThresholdDays: 28, longTermComparison: .greaterThan,
        classification: .retroactive, fullTimeHours: 37)

    /// The absence codes the shift-planning software delivers (`psc_absences.code`).
    public static let knownCodes = ["SYG", "BARN_SYG", "ARB_SKADE", "FERIE", "KURSUS", "ORLOV"]
    /// The employment forms the payroll vendor delivers (`Ansættelsesform`).
    public static let knownForms = ["Fastansat", "Tidsbegrænset", "Vikar", "Timelønnet"]
    /// The TOML names of all parameters, in the order of `sick-leave.md`.
    public static let parameterNames = [
        "codes", "population", "half_day_weight", "link_gap_days", "length_basis", "long_term_threshold_days",
        "long_term_comparison", "classification", "full_time_hours",
    ]
    /// Allowed range of `half_day_weight`.
    public static let halfDayWeightDomain: ClosedRange<Double> = 0...1
    /// Allowed range of `link_gap_days`.
    public static let linkGapDaysDomain: ClosedRange<Int> = 0...31
    /// Allowed range of `long_term_threshold_days`.
    public static let thresholdDomain: ClosedRange<Int> = 1...366
    /// Allowed range of `full_time_hours`.
    public static let fullTimeHoursDomain: ClosedRange<Double> = 1...80

    /// Checks every parameter against its domain; the error names the parameter and what is allowed.
    public func validate() throws(SickLeaveParameterError) {
        if codes.isEmpty {
            throw .init(parameter: "codes", value: "[]", allowed: "a non-empty list of " + Self.list(Self.knownCodes))
        }
        for code in codes where !Self.knownCodes.contains(code) {
            throw .init(
                parameter: "codes", value: "\"\(code)\"", allowed: "a non-empty list of " + Self.list(Self.knownCodes))
        }
        if population.isEmpty {
            throw .init(
                parameter: "population", value: "[]", allowed: "a non-empty list of " + Self.list(Self.knownForms))
        }
        for form in population where !Self.knownForms.contains(form) {
            throw .init(
                parameter: "population", value: "\"\(form)\"",
                allowed: "a non-empty list of " + Self.list(Self.knownForms))
        }
        if !halfDayWeight.isFinite || !Self.halfDayWeightDomain.contains(halfDayWeight) {
            throw .init(parameter: "half_day_weight", value: Self.number(halfDayWeight), allowed: "0 … 1")
        }
        if !Self.linkGapDaysDomain.contains(linkGapDays) {
            throw .init(
                parameter: "link_gap_days", value: String(linkGapDays), allowed: "a whole number of days 0 … 31")
        }
        if !Self.thresholdDomain.contains(longTermThresholdDays) {
            throw .init(
                parameter: "long_term_threshold_days", value: String(longTermThresholdDays),
                allowed: "a whole number of days 1 … 366")
        }
        if !fullTimeHours.isFinite || !Self.fullTimeHoursDomain.contains(fullTimeHours) {
            throw .init(
                parameter: "full_time_hours", value: Self.number(fullTimeHours), allowed: "hours per week 1 … 80")
        }
    }

    static func list(_ values: [String]) -> String { values.map { "\"\($0)\"" }.joined(separator: ", ") }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A parameter value outside its domain.
///
/// `description` reads e.g. ``parameter `half_day_weight` = 1.5 is outside its domain: allowed 0 … 1``.
public struct SickLeaveParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TOML name of the parameter, e.g. `half_day_weight`.
    public var parameter: String
    /// The offending value as written.
    public var value: String
    /// What is allowed, in words.
    public var allowed: String

    /// Creates the error.
    public init(parameter: String, value: String, allowed: String) {
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
    }

    /// Stable error code.
    public var code: String { "definition.parameter-domain" }

    /// ``parameter `x` = v is outside its domain: allowed …``.
    public var description: String { "parameter `\(parameter)` = \(value) is outside its domain: allowed \(allowed)" }
}
