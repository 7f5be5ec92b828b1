/// One unit of a unit tree × periods grid, for ``DisclosureTable/addHierarchy(_:periods:total:)``.
public struct HierarchyUnit: Sendable, Equatable {
    /// The unit's id (first part of its cell keys).
    public let id: String
    /// The parent's id; `nil` (or an id not in the list) makes the unit a root.
    public let parent: String?
    /// Distinct persons in the unit **and below**, per period key; a missing period counts 0.
    public let persons: [String: Int]

    /// A unit with its parent and its subtree's person counts per period.
    public init(id: String, parent: String?, persons: [String: Int]) {
        self.id = id
        self.parent = parent
        self.persons = persons
    }
}

extension DisclosureTable {
    /// The key of a unit's count in a period, as ``addHierarchy(_:periods:total:)`` adds it.
    public static func unitKey(_ unit: String, _ period: String) -> CellKey { CellKey(unit, period) }

    /// The key of a parent unit's own staff (not displayed) in a period.
    public static func ownStaffKey(_ unit: String, _ period: String) -> CellKey { CellKey(unit, period, "own") }

    /// Adds a unit tree × periods grid of person counts with its additive structure, so that a
    /// page cannot get the groups wrong:
    ///
    /// - a count cell per unit and period, key ``unitKey(_:_:)``;
    /// - for every unit with children, an own-staff cell per period, key ``ownStaffKey(_:_:)``,
    ///   with the unit's persons minus its children's (at least 0) — not displayed, but part of
    ///   the sum, since "parent − children" would otherwise reveal it;
    /// - a group per parent and period: unit = own staff + children;
    /// - when `total` is given (a period key such as the year): a group per unit and per
    ///   own-staff row, total = the other periods.
    ///
    /// ```swift
    /// table.addHierarchy([
    ///     HierarchyUnit(id: "H1", parent: nil, persons: ["2025-01": 30, "2025": 34]),
    ///     HierarchyUnit(id: "W1", parent: "H1", persons: ["2025-01": 3, "2025": 4]),
    /// ], periods: ["2025-01", "2025"], total: "2025")
    /// ```
    public mutating func addHierarchy(_ units: [HierarchyUnit], periods: [String], total: String? = nil) {
        let ids = Set(units.map(\.id))
        var children: [String: [HierarchyUnit]] = [:]
        for unit in units {
            if let parent = unit.parent, ids.contains(parent) { children[parent, default: []].append(unit) }
        }
        let parts = periods.filter { $0 != total }
        for unit in units {
            for period in periods { addCount(Self.unitKey(unit.id, period), persons: unit.persons[period] ?? 0) }
            if let total, !parts.isEmpty {
                addGroup(total: Self.unitKey(unit.id, total), parts: parts.map { Self.unitKey(unit.id, $0) })
            }
            guard let kids = children[unit.id] else { continue }
            for period in periods {
                let own = (unit.persons[period] ?? 0) - kids.reduce(0) { $0 + ($1.persons[period] ?? 0) }
                addCount(Self.ownStaffKey(unit.id, period), persons: max(0, own))
                addGroup(
                    total: Self.unitKey(unit.id, period),
                    parts: [Self.ownStaffKey(unit.id, period)] + kids.map { Self.unitKey($0.id, period) })
            }
            if let total, !parts.isEmpty {
                addGroup(total: Self.ownStaffKey(unit.id, total), parts: parts.map { Self.ownStaffKey(unit.id, $0) })
            }
        }
    }
}
