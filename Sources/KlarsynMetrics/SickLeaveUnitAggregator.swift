import KlarsynCore

/// Sums employees' ``UnitMonthContribution``s into `sick_leave_unit_month` rows.
///
/// Memory is one cell per unit and month touched; adding is array indexing, no hashing
/// (except for home units the tree does not know).
public struct SickLeaveUnitAggregator: Sendable {
    struct Cell {
        var lost = 0.0
        var available = 0.0
        var short = 0.0
        var long = 0.0
        var spells = 0
        var touched = false
    }

    struct Series {
        var base = 0
        var cells: [Cell] = []
    }

    /// The unit tree the contributions refer to.
    public let units: UnitTree
    /// Definition version stamped on every row.
    public let definitionVersion: Int
    var series: [Series]
    var extraIndex: [String: Int] = [:]
    var extraIds: [String] = []

    /// Creates an empty aggregator.
    public init(units: UnitTree, definitionVersion: Int) {
        self.units = units
        self.definitionVersion = definitionVersion
        self.series = Array(repeating: Series(), count: units.count)
    }

    /// Adds one employee's contributions.
    public mutating func add(_ result: EmployeeSickLeaveResult) {
        let n = units.count
        var localExtra: [Int] = []
        for id in result.extraUnitIds {
            if let i = extraIndex[id] {
                localExtra.append(i)
            } else {
                extraIndex[id] = n + extraIds.count
                localExtra.append(n + extraIds.count)
                extraIds.append(id)
                series.append(Series())
            }
        }
        for c in result.unitContributions {
            let u = Int(c.unit) < n ? Int(c.unit) : localExtra[Int(c.unit) - n]
            let m = Int(c.monthOrdinal)
            if series[u].cells.isEmpty {
                series[u].base = m
                series[u].cells = [Cell()]
            } else if m < series[u].base {
                series[u].cells.insert(contentsOf: Array(repeating: Cell(), count: series[u].base - m), at: 0)
                series[u].base = m
            } else if m - series[u].base >= series[u].cells.count {
                series[u].cells.append(contentsOf: Array(repeating: Cell(), count: m - series[u].base - series[u].cells.count + 1))
            }
            let i = m - series[u].base
            series[u].cells[i].lost += c.fteDaysLost
            series[u].cells[i].available += c.fteDaysAvailable
            series[u].cells[i].short += c.shortDays
            series[u].cells[i].long += c.longDays
            series[u].cells[i].spells += Int(c.spellsStarted)
            series[u].cells[i].touched = true
        }
    }

    /// The rows, sorted by unit id then month. `rate_pct` = 100 × Σ lost / Σ available (a ratio of sums).
    public func rows() -> [UnitMonthRow] {
        var out: [UnitMonthRow] = []
        let ids = units.unitIds + extraIds
        for u in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            let s = series[u]
            for (i, cell) in s.cells.enumerated() where cell.touched {
                out.append(
                    UnitMonthRow(
                        unitId: ids[u], month: YearMonth(ordinal: s.base + i), fteDaysLost: round4(cell.lost),
                        fteDaysAvailable: round4(cell.available),
                        ratePct: cell.available > 0 ? round2(100 * cell.lost / cell.available) : nil, shortDays: cell.short,
                        longDays: cell.long, spellsStarted: cell.spells, definitionVersion: definitionVersion))
            }
        }
        return out
    }
}
