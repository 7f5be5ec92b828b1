/// A pair's status, per metric.
public enum PairStatus: String, Sendable, Codable, CaseIterable {
    case identical
    case withinTolerance = "within_tolerance"
    case different
    case vendorOnly = "vendor_only"
    case inHouseOnly = "in_house_only"
    case duplicateKey = "duplicate_key"

    /// True for the two agreeing statuses.
    public var agrees: Bool { self == .identical || self == .withinTolerance }

    /// Words for the text report.
    public var words: String {
        switch self {
        case .identical: "identical"
        case .withinTolerance: "within tolerance"
        case .different: "different"
        case .vendorOnly: "vendor only"
        case .inHouseOnly: "in-house only"
        case .duplicateKey: "duplicate key"
        }
    }
}

/// Mismatch categories, in the order rule set 1 tries them.
public enum MismatchCategory: String, Sendable, Codable, CaseIterable, Comparable {
    case idMapping = "id_mapping"
    case population
    case lateRegistration = "late_registration"
    case dayBasis = "day_basis"
    case splitBoundary = "split_boundary"
    case monthBoundary = "month_boundary"
    case rounding
    case unitAttribution = "unit_attribution"
    case unexplained

    public static func < (a: MismatchCategory, b: MismatchCategory) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Short title.
    public var title: String {
        switch self {
        case .idMapping: "Id mapping"
        case .population: "Population"
        case .lateRegistration: "Late registration after the vendor's cut-off"
        case .dayBasis: "Day basis"
        case .splitBoundary: "Split boundary (same total, different short/long split)"
        case .monthBoundary: "Month boundary"
        case .rounding: "Rounding"
        case .unitAttribution: "Unit attribution"
        case .unexplained: "Unexplained"
        }
    }
}

/// The versioned mismatch rules. A report names the version it applied; a new version is added
/// beside the old one (never edited), so old runs stay reproducible (ADR 0102).
public enum MismatchRules {
    /// Rule-set versions that exist.
    public static let versions = [1]

    /// Rule set 1 in words, in the order the rules are tried.
    public static let ruleSet1: [(MismatchCategory, String)] = [
        (
            .idMapping,
            "R1.1 the vendor's id matches no HR employee (as written and after the configured mapping), or the vendor delivered one employee-month under several ids, or mapping the id with leading zeros would pair it"
        ),
        (
            .population,
            "R1.2 one side is missing and the employee was not employed that month, was employed only in a form outside the definition's population, or the vendor has no figure for an employee in the population; or part of the month lies in a form outside the population and the vendor counts more"
        ),
        (
            .lateRegistration,
            "R1.3 Klarsyn's figure computed from what was registered by the vendor's cut-off (registered_at) agrees, and no recomputation from today's registrations does"
        ),
        (
            .dayBasis,
            "R1.4 Klarsyn's figure agrees when counted Monday–Friday only and/or with a half day as a whole day"
        ),
        (
            .splitBoundary,
            "R1.5 (short/long only) the totals agree, under any of the recomputations above, but not the split"
        ),
        (
            .monthBoundary,
            "R1.6 the difference is offset by the opposite difference of the same employee and metric in the previous or next month"
        ),
        (
            .rounding,
            "R1.7 |Δ| < 1 and Klarsyn's figure rounded to whole days (half up, half to even, down or up) is the vendor's"
        ),
        (
            .unitAttribution,
            "R1.8 (unit level, beside the pair's own category) the employee had counted days in another home unit than the one on the last employed day of the month, where a vendor figure is attributed"
        ),
        (.unexplained, "R1.9 none of the above"),
    ]
}
