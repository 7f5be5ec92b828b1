/// The key of one cell: its dimension values, e.g. a unit id and a month.
///
/// ```swift
/// let key = CellKey("H1-W2", "2025-03")
/// ```
public struct CellKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The dimension values, outermost first.
    public let parts: [String]

    /// A key from its dimension values.
    public init(_ parts: String...) { self.parts = parts }

    /// A key from an array of dimension values.
    public init(parts: [String]) { self.parts = parts }

    /// The parts joined with " / ", for messages (keys hold unit ids and periods, never persons).
    public var description: String { parts.joined(separator: " / ") }

    /// Orders keys part by part; used to break ties deterministically.
    public static func < (lhs: CellKey, rhs: CellKey) -> Bool { lhs.parts.lexicographicallyPrecedes(rhs.parts) }
}

/// What a cell shows, which decides the primary rule that applies to it.
public enum CellMeasure: Sendable, Equatable {
    /// The cell shows its person count (the count rule applies).
    case personCount
    /// The cell shows a value computed from its persons: a rate, a percentage, a sum of days
    /// (the value rule applies).
    case value
}

/// One aggregated cell, before suppression.
public struct DisclosureCell: Sendable, Equatable {
    /// The cell's key.
    public let key: CellKey
    /// The number of distinct persons behind the cell (for a rate: in its denominator).
    public let persons: Int
    /// What the cell shows.
    public let measure: CellMeasure
}

/// An additive relation between cells: `total` is (at most) the sum of `parts`.
///
/// A parent unit and its children — with the parent's own staff as a part, else the parent
/// minus its children reveals them — or a period total and its months.
public struct AdditiveGroup: Sendable, Equatable {
    /// The total cell.
    public let total: CellKey
    /// The parts that add up to the total.
    public let parts: [CellKey]
}

/// The aggregated cells of one page or export, with their additive structure, ready for
/// ``SuppressionPolicy/suppress(_:)``.
///
/// Add every cell the page's figures depend on, including cells that are not displayed (such
/// as a parent unit's own staff): the complement rule needs them to see what subtraction
/// would reveal.
///
/// ```swift
/// var table = DisclosureTable()
/// table.addCount(CellKey("H1", "2025-03"), persons: 12)
/// table.addCount(CellKey("W1", "2025-03"), persons: 3)
/// table.addCount(CellKey("W2", "2025-03"), persons: 9)
/// table.addGroup(total: CellKey("H1", "2025-03"), parts: [CellKey("W1", "2025-03"), CellKey("W2", "2025-03")])
/// ```
public struct DisclosureTable: Sendable {
    /// The cells in the order they were added.
    public private(set) var cells: [DisclosureCell] = []
    /// The additive groups in the order they were added.
    public private(set) var groups: [AdditiveGroup] = []

    /// An empty table.
    public init() {}

    /// Adds a cell that shows a person count.
    public mutating func addCount(_ key: CellKey, persons: Int) {
        cells.append(DisclosureCell(key: key, persons: persons, measure: .personCount))
    }

    /// Adds a cell that shows a value (rate, percentage, sum) computed from `persons` persons.
    public mutating func addValue(_ key: CellKey, persons: Int) {
        cells.append(DisclosureCell(key: key, persons: persons, measure: .value))
    }

    /// Declares that `total` is the sum of `parts` (a parent and its children, a period and
    /// its months). Groups may nest and overlap: a cell can be a part in several groups.
    public mutating func addGroup(total: CellKey, parts: [CellKey]) {
        groups.append(AdditiveGroup(total: total, parts: parts))
    }
}

/// Why a ``DisclosureTable`` cannot be suppressed: a programming error in the caller, reported
/// without cell values.
public enum DisclosureTableError: Error, CustomStringConvertible, Equatable {
    /// Two cells have the same key.
    case duplicateKey(CellKey)
    /// A group refers to a key that is not a cell.
    case unknownKey(CellKey, groupTotal: CellKey)
    /// A person count is negative.
    case negativePersons(CellKey)
    /// A group lists its total among its parts, or a part twice.
    case malformedGroup(total: CellKey)

    /// A stable code for documentation and tests.
    public var code: String {
        switch self {
        case .duplicateKey: "DT001"
        case .unknownKey: "DT002"
        case .negativePersons: "DT003"
        case .malformedGroup: "DT004"
        }
    }

    /// The message, with the code and what to fix.
    public var description: String {
        switch self {
        case .duplicateKey(let key):
            "[\(code)] The disclosure table has two cells with key '\(key)'; give every cell a unique key."
        case .unknownKey(let key, let total):
            "[\(code)] The group with total '\(total)' refers to '\(key)', which is not a cell of the table; add the cell (even if it is not displayed)."
        case .negativePersons(let key):
            "[\(code)] Cell '\(key)' has a negative person count."
        case .malformedGroup(let total):
            "[\(code)] The group with total '\(total)' lists its total among its parts, or a part twice."
        }
    }
}
