import KlarsynCore
import Testing

@testable import KlarsynDisclosure

@Suite struct SuppressionTests {
    let policy: SuppressionPolicy

    init() throws { policy = try PolicyFixture.shipped() }

    private func k(_ s: String) -> CellKey { CellKey(s) }

    private func rule(_ result: SuppressionResult, _ key: String) -> String? {
        if case .suppressed(let s) = result.decision(for: k(key)) { return s.ruleID }
        return nil
    }

    @Test func countsOneToFourAreHiddenAndZeroAndFiveAreShown() throws {
        var table = DisclosureTable()
        for n in 0...6 { table.addCount(k("c\(n)"), persons: n) }
        let result = try policy.suppress(table)
        #expect((0...6).map { result.isShown(k("c\($0)")) } == [true, false, false, false, false, true, true])
        #expect(rule(result, "c3") == "SC1")
        guard case .suppressed(let s) = result.decision(for: k("c1")) else { return }
        #expect(s.stage == .primary && s.protects == nil && s.reason == policy.rule(id: "SC1")!.reason)
        #expect(result.counts == SuppressionCounts(cells: 7, shown: 3, primary: 4, secondary: 0, byRule: ["SC1": 4]))
        #expect(result.policyTag == policy.tag && result.marker == "<5")
    }

    @Test func valuesFromFewerThanFivePersonsAreHiddenIncludingZero() throws {
        var table = DisclosureTable()
        for n in [0, 1, 4, 5, 30] { table.addValue(k("v\(n)"), persons: n) }
        let result = try policy.suppress(table)
        #expect([0, 1, 4, 5, 30].map { result.isShown(k("v\($0)")) } == [false, false, false, true, true])
        #expect(rule(result, "v0") == "SC2" && rule(result, "v4") == "SC2")
    }

    @Test func oneHiddenChildHidesTheNextSmallestSibling() throws {
        var table = DisclosureTable()
        table.addCount(k("P"), persons: 30)
        for (name, n) in [("own", 0), ("a", 3), ("b", 9), ("c", 8), ("d", 10)] { table.addCount(k(name), persons: n) }
        table.addGroup(total: k("P"), parts: ["own", "a", "b", "c", "d"].map(k))
        let result = try policy.suppress(table)
        #expect(rule(result, "a") == "SC1")
        // "own" is 0: hiding it would not protect anything, so the next non-zero sibling (8) goes.
        #expect(rule(result, "c") == "SC3")
        guard case .suppressed(let s) = result.decision(for: k("c")) else { return }
        #expect(s.stage == .secondary && s.protects == k("a"))
        #expect(result.isShown(k("P")) && result.isShown(k("b")) && result.isShown(k("d")) && result.isShown(k("own")))
        #expect(result.counts.secondary == 1 && result.counts.byRule == ["SC1": 1, "SC3": 1])
    }

    @Test func hiddenSiblingsMustHoldFivePersonsTogether() throws {
        var table = DisclosureTable()
        table.addCount(k("P"), persons: 26)
        for (name, n) in [("a", 1), ("b", 2), ("c", 11), ("d", 12)] { table.addCount(k(name), persons: n) }
        table.addGroup(total: k("P"), parts: ["a", "b", "c", "d"].map(k))
        let result = try policy.suppress(table)
        // 1 + 2 = 3 could be recomputed as P − c − d: c (11) is hidden too.
        #expect(!result.isShown(k("a")) && !result.isShown(k("b")))
        #expect(rule(result, "c") == "SC3")
        #expect(result.isShown(k("d")) && result.isShown(k("P")))
    }

    @Test func totalIsHiddenWhenNoSiblingCanProtect() throws {
        var table = DisclosureTable()
        // Distinct persons are not additive: a total can exceed its parts.
        table.addCount(k("P"), persons: 6)
        table.addCount(k("a"), persons: 2)
        table.addCount(k("b"), persons: 0)
        table.addGroup(total: k("P"), parts: [k("a"), k("b")])
        let result = try policy.suppress(table)
        #expect(rule(result, "P") == "SC3")
        #expect(result.isShown(k("b")))
    }

    @Test func hiddenTotalWithAllPartsShownHidesAPart() throws {
        var table = DisclosureTable()
        // The year total (hidden, 4 person-months) of months all shown would be their sum.
        table.addCount(k("year"), persons: 4)
        for (m, n) in [("m1", 0), ("m2", 0), ("m3", 0)] { table.addCount(k(m), persons: n) }
        table.addGroup(total: k("year"), parts: [k("m1"), k("m2"), k("m3")])
        let zeros = try policy.suppress(table)
        // All parts are 0: the groups say year = 0 + 0 + 0, so the audit hides a zero month
        // rather than leave the hidden total "worked out".
        #expect(zeros.counts.suppressed == 2 && zeros.counts.byRule["SC3"] == 1)

        var other = DisclosureTable()
        other.addCount(k("Y"), persons: 4)
        other.addCount(k("A"), persons: 0)
        other.addValue(k("B"), persons: 9)
        other.addGroup(total: k("Y"), parts: [k("A"), k("B")])
        let result = try policy.suppress(other)
        #expect(rule(result, "B") == "SC3")
    }

    @Test func suppressionPropagatesUpTheTreeAndAcrossMonths() throws {
        // Region R = H1 + H2; H1 = W1 + W2 (own staff 0); months m1, m2 with totals per unit.
        var table = DisclosureTable()
        let persons: [String: [Int]] = [
            "R": [40, 41], "H1": [12, 13], "H2": [28, 28], "W1": [3, 4], "W2": [9, 9], "H1own": [0, 0],
        ]
        for (unit, months) in persons {
            for (m, n) in months.enumerated() { table.addCount(CellKey(unit, "m\(m + 1)"), persons: n) }
            table.addCount(CellKey(unit, "total"), persons: months.reduce(0, +))
            table.addGroup(
                total: CellKey(unit, "total"), parts: months.indices.map { CellKey(unit, "m\($0 + 1)") })
        }
        for period in ["m1", "m2", "total"] {
            table.addGroup(total: CellKey("R", period), parts: [CellKey("H1", period), CellKey("H2", period)])
            table.addGroup(
                total: CellKey("H1", period),
                parts: [CellKey("H1own", period), CellKey("W1", period), CellKey("W2", period)])
        }
        let result = try policy.suppress(table)
        #expect(!result.isShown(CellKey("W1", "m1")) && !result.isShown(CellKey("W1", "m2")))
        // W1 = H1 − W2 − own in each month: W2 is hidden in both months. W1's total (7) is not
        // small, and W2's months cannot be told apart from its shown total: both totals stay.
        for period in ["m1", "m2"] { #expect(!result.isShown(CellKey("W2", period))) }
        #expect(result.isShown(CellKey("W1", "total")) && result.isShown(CellKey("W2", "total")))
        #expect(result.isShown(CellKey("H1", "m1")) && result.isShown(CellKey("R", "total")))
        #expect(revealedSmallCells(table, result).isEmpty)
    }

    @Test func aCellWorkedOutByCombiningGroupsIsProtected() throws {
        // a + b, b + c and a + c each have two hidden cells holding ≥ 5 persons, so every group
        // passes on its own; but the three equations together give a = 2. The audit sees it.
        var table = DisclosureTable()
        for (name, n) in [("a", 2), ("b", 6), ("c", 7), ("x1", 20), ("x2", 21), ("x3", 22)] {
            table.addCount(k(name), persons: n)
        }
        table.addCount(k("T1"), persons: 28)
        table.addCount(k("T2"), persons: 34)
        table.addCount(k("T3"), persons: 31)
        table.addGroup(total: k("T1"), parts: [k("a"), k("b"), k("x1")])
        table.addGroup(total: k("T2"), parts: [k("b"), k("c"), k("x2")])
        table.addGroup(total: k("T3"), parts: [k("a"), k("c"), k("x3")])
        let result = try policy.suppress(table)
        #expect(!result.isShown(k("a")) && !result.isShown(k("b")) && !result.isShown(k("c")))
        let others = ["x1", "x2", "x3", "T1", "T2", "T3"].filter { !result.isShown(k($0)) }
        #expect(!others.isEmpty, "a = (T1 − x1 − T2 + x2 + T3 − x3) / 2 stays computable")
        #expect(linearlyDeterminedCells(table, result).isEmpty)
        #expect(revealedSmallCells(table, result).isEmpty)
    }

    @Test func hierarchyGridAddsOwnStaffAndGroups() throws {
        // H1 (own staff 1) → W1 (3 persons), W2 (9), W3 (12); months m1, m2 and the year "y".
        var table = DisclosureTable()
        table.addHierarchy(
            [
                HierarchyUnit(id: "H1", parent: "R-outside-scope", persons: ["m1": 25, "m2": 26, "y": 51]),
                HierarchyUnit(id: "W1", parent: "H1", persons: ["m1": 3, "m2": 3, "y": 6]),
                HierarchyUnit(id: "W2", parent: "H1", persons: ["m1": 9, "m2": 10, "y": 19]),
                HierarchyUnit(id: "W3", parent: "H1", persons: ["m1": 12, "m2": 12, "y": 24]),
            ], periods: ["m1", "m2", "y"], total: "y")
        #expect(table.cells.count == 4 * 3 + 3)
        #expect(table.cells.first { $0.key == DisclosureTable.ownStaffKey("H1", "m1") }?.persons == 1)
        #expect(table.cells.first { $0.key == DisclosureTable.ownStaffKey("H1", "y") }?.persons == 2)
        #expect(
            table.groups.contains(
                AdditiveGroup(
                    total: CellKey("H1", "m2"),
                    parts: [CellKey("H1", "m2", "own"), CellKey("W1", "m2"), CellKey("W2", "m2"), CellKey("W3", "m2")]))
        )
        #expect(
            table.groups.contains(
                AdditiveGroup(total: CellKey("W1", "y"), parts: [CellKey("W1", "m1"), CellKey("W1", "m2")])))
        #expect(table.groups.count == 4 + 3 + 1)
        let result = try policy.suppress(table)
        // Own staff (1) and W1 (3) are hidden; together 4 < 5, so W2 goes too, in both months.
        for m in ["m1", "m2"] {
            #expect(!result.isShown(CellKey("W1", m)) && !result.isShown(CellKey("W2", m)))
            #expect(result.isShown(CellKey("H1", m)) && result.isShown(CellKey("W3", m)))
        }
        #expect(revealedSmallCells(table, result).isEmpty)
        #expect(linearlyDeterminedCells(table, result) { [1, 2, 3, 4].contains(table.persons($0)) }.isEmpty)
    }

    @Test func decisionsDoNotDependOnInsertionOrder() throws {
        var table = DisclosureTable()
        let cells = [("P", 40), ("a", 2), ("b", 7), ("c", 7), ("d", 24)]
        for (name, n) in cells { table.addCount(k(name), persons: n) }
        table.addGroup(total: k("P"), parts: ["a", "b", "c", "d"].map(k))
        var reversed = DisclosureTable()
        for (name, n) in cells.reversed() { reversed.addCount(k(name), persons: n) }
        reversed.addGroup(total: k("P"), parts: ["d", "c", "b", "a"].map(k))
        let one = try policy.suppress(table)
        let two = try policy.suppress(reversed)
        #expect(one.decisions == two.decisions)
        // Ties (b and c both 7) break by key: b.
        #expect(rule(one, "b") == "SC3" && one.isShown(k("c")))
    }

    @Test func malformedTablesAreRefused() {
        var duplicate = DisclosureTable()
        duplicate.addCount(k("a"), persons: 1)
        duplicate.addValue(k("a"), persons: 1)
        #expect(throws: DisclosureTableError.duplicateKey(k("a"))) { try policy.suppress(duplicate) }

        var unknown = DisclosureTable()
        unknown.addCount(k("P"), persons: 9)
        unknown.addGroup(total: k("P"), parts: [k("x")])
        #expect(throws: DisclosureTableError.unknownKey(k("x"), groupTotal: k("P"))) { try policy.suppress(unknown) }

        var negative = DisclosureTable()
        negative.addCount(k("a"), persons: -1)
        #expect(throws: DisclosureTableError.negativePersons(k("a"))) { try policy.suppress(negative) }

        var selfPart = DisclosureTable()
        selfPart.addCount(k("P"), persons: 9)
        selfPart.addGroup(total: k("P"), parts: [k("P")])
        #expect(throws: DisclosureTableError.malformedGroup(total: k("P"))) { try policy.suppress(selfPart) }

        let message = DisclosureTableError.unknownKey(k("x"), groupTotal: k("P")).description
        #expect(message.contains("DT002") && message.contains("'x'") && message.contains("'P'"))
    }

    @Test func aKeyOutsideTheTableIsReportedHidden() throws {
        let result = try policy.suppress(DisclosureTable())
        #expect(!result.isShown(k("never-added")))
        #expect(result.counts(of: [k("never-added")]).suppressed == 1)
    }

    @Test func countsCanBeLimitedToDisplayedCells() throws {
        var table = DisclosureTable()
        table.addCount(k("P"), persons: 20)
        table.addCount(k("own"), persons: 2)
        table.addCount(k("a"), persons: 18)
        table.addGroup(total: k("P"), parts: [k("own"), k("a")])
        let result = try policy.suppress(table)
        // "own" is not displayed; "a" was hidden to protect it.
        #expect(
            result.counts(of: [k("P"), k("a")])
                == SuppressionCounts(cells: 2, shown: 1, primary: 0, secondary: 1, byRule: ["SC3": 1]))
    }
}

extension DisclosureTable {
    /// The persons of a cell, for test checks.
    func persons(_ key: CellKey) -> Int { cells.first { $0.key == key }?.persons ?? 0 }
}
