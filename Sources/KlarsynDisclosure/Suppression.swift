/// Whether a rule hid a cell for its own value or to protect another hidden cell.
public enum SuppressionStage: String, Sendable, Equatable {
    /// Hidden because its own value is small (count or value rule).
    case primary
    /// Hidden so that a primary-hidden cell cannot be recomputed (complement rule).
    case secondary
}

/// How one hidden cell was hidden.
public struct SuppressedCell: Sendable, Equatable {
    /// The id of the rule that hid the cell (link target on the rules page).
    public let ruleID: String
    /// Primary or secondary.
    public let stage: SuppressionStage
    /// The rule's reason, in both languages.
    public let reason: LocalizedText
    /// For a secondary suppression: the hidden cell this one protects.
    public let protects: CellKey?
}

/// The decision for one cell.
public enum CellDecision: Sendable, Equatable {
    /// The cell's value may be shown.
    case shown
    /// The cell is hidden: show the policy's marker and link to the rule.
    case suppressed(SuppressedCell)

    /// True for ``shown``.
    public var isShown: Bool { self == .shown }
}

/// How many cells were shown and hidden, for the limits panel.
public struct SuppressionCounts: Sendable, Equatable {
    /// All cells counted.
    public var cells = 0
    /// Cells shown.
    public var shown = 0
    /// Cells hidden by a primary rule.
    public var primary = 0
    /// Cells hidden by the complement rule.
    public var secondary = 0
    /// Hidden cells per rule id.
    public var byRule: [String: Int] = [:]

    /// All hidden cells.
    public var suppressed: Int { primary + secondary }
}

/// The outcome of ``SuppressionPolicy/suppress(_:)``: a decision per cell.
public struct SuppressionResult: Sendable {
    /// The policy's ``SuppressionPolicy/tag`` (`id@version`), for cache keys and audit records.
    public let policyTag: String
    /// What hidden cells show, e.g. `<5`.
    public let marker: String
    /// The decision per cell key.
    public let decisions: [CellKey: CellDecision]

    /// The decision for `key`; a key that was not in the table is reported hidden (fail closed).
    public func decision(for key: CellKey) -> CellDecision {
        decisions[key]
            ?? .suppressed(
                SuppressedCell(
                    ruleID: "unknown", stage: .primary,
                    reason: LocalizedText(
                        danish: "Cellen var ikke med i beregningen af skjulte celler.",
                        english: "The cell was not part of the suppression run."), protects: nil))
    }

    /// True when `key` may be shown.
    public func isShown(_ key: CellKey) -> Bool { decision(for: key).isShown }

    /// Counts over every cell of the table (including cells that are not displayed).
    public var counts: SuppressionCounts { counts(of: decisions.keys) }

    /// Counts over the given cells only, e.g. those a page displays.
    public func counts(of keys: some Sequence<CellKey>) -> SuppressionCounts {
        var counts = SuppressionCounts()
        for key in keys {
            counts.cells += 1
            switch decision(for: key) {
            case .shown: counts.shown += 1
            case .suppressed(let s):
                if s.stage == .primary { counts.primary += 1 } else { counts.secondary += 1 }
                counts.byRule[s.ruleID, default: 0] += 1
            }
        }
        return counts
    }
}

extension SuppressionPolicy {
    /// Decides, for every cell of `table`, whether it may be shown.
    ///
    /// 1. Primary: the count rule hides person counts in `hide_from..<hide_below`; the value
    ///    rule hides values from fewer than `min_persons` persons.
    /// 2. Secondary, repeated until nothing changes: in every group whose total is shown, the
    ///    hidden parts must be at least `min_hidden_cells` and hold at least
    ///    `min_hidden_persons` persons, else the smallest shown non-zero part is hidden too (the
    ///    total when there is none); a hidden total whose parts are all shown gets its smallest
    ///    non-zero part hidden. Then an audit solves the groups as linear equations over the
    ///    hidden cells and, while any primary-hidden cell is still determined, hides one more
    ///    part of a group that contains it (decision 0091).
    ///
    /// The result does not depend on the order cells were added in (ties break by key).
    /// - Throws: ``DisclosureTableError`` for duplicate or unknown keys and negative counts.
    public func suppress(_ table: DisclosureTable) throws(DisclosureTableError) -> SuppressionResult {
        var index: [CellKey: Int] = [:]
        for (i, cell) in table.cells.enumerated() {
            guard cell.persons >= 0 else { throw .negativePersons(cell.key) }
            guard index.updateValue(i, forKey: cell.key) == nil else { throw .duplicateKey(cell.key) }
        }
        var groups: [(total: Int, parts: [Int])] = []
        for group in table.groups {
            guard let total = index[group.total] else { throw .unknownKey(group.total, groupTotal: group.total) }
            var parts: [Int] = []
            for key in group.parts {
                guard let part = index[key] else { throw .unknownKey(key, groupTotal: group.total) }
                parts.append(part)
            }
            guard !parts.contains(total), Set(parts).count == parts.count else {
                throw .malformedGroup(total: group.total)
            }
            if !parts.isEmpty { groups.append((total, parts)) }
        }
        var engine = Engine(policy: self, cells: table.cells, groups: groups)
        engine.run()
        var decisions: [CellKey: CellDecision] = [:]
        for (i, cell) in table.cells.enumerated() {
            decisions[cell.key] = engine.hidden[i].map { .suppressed($0) } ?? .shown
        }
        return SuppressionResult(policyTag: tag, marker: marker, decisions: decisions)
    }
}

/// The suppression algorithm over cell indices.
private struct Engine {
    let policy: SuppressionPolicy
    let cells: [DisclosureCell]
    let groups: [(total: Int, parts: [Int])]
    var hidden: [SuppressedCell?]
    let complement: (id: String, minCells: Int, minPersons: Int)
    let complementReason: LocalizedText
    /// Groups each cell belongs to (as total or part).
    let groupsOfCell: [[Int]]

    init(policy: SuppressionPolicy, cells: [DisclosureCell], groups: [(total: Int, parts: [Int])]) {
        self.policy = policy
        self.cells = cells
        self.groups = groups
        hidden = Array(repeating: nil, count: cells.count)
        complement = policy.complementRule
        complementReason = policy.rule(id: complement.id)!.reason
        var byCell = Array(repeating: [Int](), count: cells.count)
        for (g, group) in groups.enumerated() {
            byCell[group.total].append(g)
            for p in group.parts { byCell[p].append(g) }
        }
        groupsOfCell = byCell
    }

    mutating func run() {
        applyPrimary()
        while true {
            applyGroupRule()
            let determined = determinedPrimaryCells()
            guard !determined.isEmpty else { return }
            for (cell, group) in determined { widen(group, around: cell) }
        }
    }

    /// Hides one more cell of `group` (or, failing that, of another group around `cell`) so that
    /// `cell` is no longer determined.
    private mutating func widen(_ group: Int, around cell: Int) {
        if hideSmallestShownPart(of: group, protecting: cell) { return }
        // Every part of this group is hidden or zero: hide its total instead, or, when that is
        // hidden too, a part of another group around the cell.
        let total = groups[group].total
        if hidden[total] == nil {
            hide(total, protecting: cell)
            return
        }
        for g in groupsOfCell[cell] where hideSmallestShownPart(of: g, protecting: cell, allowZero: true) { return }
        for g in groupsOfCell[cell] where hidden[groups[g].total] == nil {
            hide(groups[g].total, protecting: cell)
            return
        }
        // Cannot happen for a determined cell (it needs a shown cell in one of its groups), but
        // never loop forever: hide everything.
        for i in cells.indices where hidden[i] == nil { hide(i, protecting: cell) }
    }

    private mutating func applyPrimary() {
        let count = policy.countRule
        let countID = policy.countRuleID
        let value = policy.valueRule
        for (i, cell) in cells.enumerated() {
            switch cell.measure {
            case .personCount where cell.persons >= count.hideFrom && cell.persons < count.threshold:
                hidden[i] = SuppressedCell(
                    ruleID: countID, stage: .primary, reason: policy.rule(id: countID)!.reason, protects: nil)
            case .value where cell.persons < value.minPersons:
                hidden[i] = SuppressedCell(
                    ruleID: value.id, stage: .primary, reason: policy.rule(id: value.id)!.reason, protects: nil)
            default: break
            }
        }
    }

    private mutating func hide(_ i: Int, protecting protected: Int) {
        guard hidden[i] == nil else { return }
        hidden[i] = SuppressedCell(
            ruleID: complement.id, stage: .secondary, reason: complementReason, protects: cells[protected].key)
    }

    /// Hides the shown part with the fewest persons (ties: the smallest key); zeros only when
    /// `allowZero`. Returns false when there is none.
    @discardableResult
    private mutating func hideSmallestShownPart(of g: Int, protecting protected: Int, allowZero: Bool = false) -> Bool {
        let candidates = groups[g].parts.filter { hidden[$0] == nil && (allowZero || cells[$0].persons > 0) }
        guard
            let pick = candidates.min(by: {
                (cells[$0].persons, cells[$0].key) < (cells[$1].persons, cells[$1].key)
            })
        else { return false }
        hide(pick, protecting: protected)
        return true
    }

    /// The group rule, repeated until no group changes.
    private mutating func applyGroupRule() {
        var changed = true
        while changed {
            changed = false
            for (g, group) in groups.enumerated() {
                let hiddenParts = group.parts.filter { hidden[$0] != nil }
                if hidden[group.total] == nil {
                    guard !hiddenParts.isEmpty else { continue }
                    let persons = hiddenParts.reduce(0) { $0 + cells[$1].persons }
                    guard hiddenParts.count < complement.minCells || persons < complement.minPersons else { continue }
                    let protected = hiddenParts.min { cells[$0].persons < cells[$1].persons }!
                    if !hideSmallestShownPart(of: g, protecting: protected) {
                        hide(group.total, protecting: protected)
                    }
                    changed = true
                } else if hiddenParts.isEmpty {
                    // The hidden total is the sum of its shown parts.
                    if hideSmallestShownPart(of: g, protecting: group.total) { changed = true }
                }
            }
        }
    }

    /// The primary-hidden cells that the groups determine from the shown cells, each with a
    /// group containing it (preferably one with a shown part to widen); sorted by key.
    ///
    /// Each group is the equation `total − Σ parts = 0`; shown cells are constants. The hidden
    /// cells fall apart into independent components (cells linked by a shared group); in each,
    /// Gauss–Jordan elimination decides: a hidden cell is determined exactly when its unit
    /// vector lies in the row space, i.e. some reduced row has it as its only non-zero entry.
    private func determinedPrimaryCells() -> [(cell: Int, group: Int)] {
        // Union–find over hidden cells that share a group.
        var parent = Array(cells.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var rowsOfComponent: [Int: [Int]] = [:]
        var groupHidden: [[Int]] = []
        for group in groups {
            let members = ([group.total] + group.parts).filter { hidden[$0] != nil }
            groupHidden.append(members)
            for m in members.dropFirst() {
                let a = find(members[0])
                let b = find(m)
                if a != b { parent[b] = a }
            }
        }
        for (g, members) in groupHidden.enumerated() where !members.isEmpty {
            rowsOfComponent[find(members[0]), default: []].append(g)
        }
        var determined: [Int] = []
        for root in rowsOfComponent.keys.sorted() {
            let rowGroups = rowsOfComponent[root]!
            // Only components with a primary-hidden cell matter.
            var unknowns: [Int] = []
            var seen: Set<Int> = []
            for g in rowGroups { for m in groupHidden[g] where seen.insert(m).inserted { unknowns.append(m) } }
            guard unknowns.contains(where: { hidden[$0]?.stage == .primary }) else { continue }
            determined += solve(unknowns: unknowns, rowGroups: rowGroups)
        }
        let primary = determined.filter { hidden[$0]?.stage == .primary }.sorted { cells[$0].key < cells[$1].key }
        return primary.map { cell in
            let group =
                groupsOfCell[cell].first { g in
                    groups[g].parts.contains { hidden[$0] == nil && cells[$0].persons > 0 }
                } ?? groupsOfCell[cell][0]
            return (cell, group)
        }
    }

    /// The unknowns that the equations of `rowGroups` determine.
    private func solve(unknowns: [Int], rowGroups: [Int]) -> [Int] {
        var column: [Int: Int] = [:]
        for (c, cell) in unknowns.enumerated() { column[cell] = c }
        let width = unknowns.count
        var rows: [[Double]] = []
        for g in rowGroups {
            var row = Array(repeating: 0.0, count: width)
            if let c = column[groups[g].total] { row[c] += 1 }
            for p in groups[g].parts { if let c = column[p] { row[c] -= 1 } }
            rows.append(row)
        }
        var pivotRow = 0
        var pivots: [(row: Int, column: Int)] = []
        for c in 0..<width where pivotRow < rows.count {
            guard let r = (pivotRow..<rows.count).max(by: { abs(rows[$0][c]) < abs(rows[$1][c]) }),
                abs(rows[r][c]) > 1e-9
            else { continue }
            rows.swapAt(pivotRow, r)
            let pivot = rows[pivotRow][c]
            let nonZero = (c..<width).filter { abs(rows[pivotRow][$0]) > 1e-12 }
            for k in nonZero { rows[pivotRow][k] /= pivot }
            let pivotValues = rows[pivotRow]
            for other in rows.indices where other != pivotRow {
                let factor = rows[other][c]
                if abs(factor) > 1e-12 {
                    for k in nonZero { rows[other][k] -= factor * pivotValues[k] }
                }
            }
            pivots.append((pivotRow, c))
            pivotRow += 1
        }
        var determined: [Int] = []
        for (r, c) in pivots where !rows[r].indices.contains(where: { $0 != c && abs(rows[r][$0]) > 1e-9 }) {
            determined.append(unknowns[c])
        }
        return determined
    }
}
