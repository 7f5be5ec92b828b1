public import KlarsynCore

/// A row of `sick_spell`.
public struct SickSpellRow: Sendable, Equatable, Codable {
    /// Employee.
    public var employeeId: String
    /// 1, 2, … per employee in date order.
    public var spellNo: Int
    /// First sick date.
    public var firstDate: CalendarDay
    /// Last sick date.
    public var lastDate: CalendarDay
    /// Calendar days first … last, bridged days included.
    public var spanDays: Int
    /// Number of sick dates.
    public var sickDays: Int
    /// Σ weights of the sick dates.
    public var daysLost: Double
    /// The whole spell (as known) is long-term on the definition's length basis and comparison.
    public var isLongTerm: Bool
    /// Definition version that produced the row.
    public var definitionVersion: Int

    /// Creates a row (e.g. read back from the warehouse).
    public init(
        employeeId: String, spellNo: Int, firstDate: CalendarDay, lastDate: CalendarDay, spanDays: Int, sickDays: Int,
        daysLost: Double, isLongTerm: Bool, definitionVersion: Int
    ) {
        self.employeeId = employeeId
        self.spellNo = spellNo
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.spanDays = spanDays
        self.sickDays = sickDays
        self.daysLost = daysLost
        self.isLongTerm = isLongTerm
        self.definitionVersion = definitionVersion
    }

    /// Column names, the contract of `sick-leave.md`.
    public static let columns = [
        "employee_id", "spell_no", "first_date", "last_date", "span_days", "sick_days", "days_lost", "is_long_term",
        "definition_version",
    ]
}

/// A row of `sick_leave_employee_month`: one per employee and month with a counted employment.
public struct EmployeeMonthRow: Sendable, Equatable, Codable {
    /// Employee.
    public var employeeId: String
    /// Month (`yyyy-mm` in the table).
    public var month: YearMonth
    /// Σ weights of short-term sick dates in the month.
    public var shortDays: Double
    /// Σ weights of long-term sick dates in the month.
    public var longDays: Double
    /// Σ weight × FTE over sick dates (rounded to 4 decimals).
    public var fteDaysLost: Double
    /// Σ FTE over counted employment days (rounded to 4 decimals).
    public var fteDaysAvailable: Double
    /// Definition version that produced the row.
    public var definitionVersion: Int

    /// Creates a row (e.g. read back from the warehouse).
    public init(
        employeeId: String, month: YearMonth, shortDays: Double, longDays: Double, fteDaysLost: Double,
        fteDaysAvailable: Double, definitionVersion: Int
    ) {
        self.employeeId = employeeId
        self.month = month
        self.shortDays = shortDays
        self.longDays = longDays
        self.fteDaysLost = fteDaysLost
        self.fteDaysAvailable = fteDaysAvailable
        self.definitionVersion = definitionVersion
    }

    /// Column names, the contract of `sick-leave.md`.
    public static let columns = [
        "employee_id", "month", "short_days", "long_days", "fte_days_lost", "fte_days_available", "definition_version",
    ]
}

/// A row of `sick_leave_unit_month`: one per unit (ancestors included) and month.
public struct UnitMonthRow: Sendable, Equatable, Codable {
    /// Unit.
    public var unitId: String
    /// Month.
    public var month: YearMonth
    /// Σ FTE days lost (rounded to 4 decimals).
    public var fteDaysLost: Double
    /// Σ FTE days available (rounded to 4 decimals).
    public var fteDaysAvailable: Double
    /// `100 × Σ lost / Σ available`, rounded to 2 decimals; `nil` (NULL) when nothing is available.
    public var ratePct: Double?
    /// Σ short-term days.
    public var shortDays: Double
    /// Σ long-term days.
    public var longDays: Double
    /// Spells whose first date falls in the month (attributed to the unit of that date).
    public var spellsStarted: Int
    /// Definition version that produced the row.
    public var definitionVersion: Int

    /// Creates a row (e.g. read back from the warehouse).
    public init(
        unitId: String, month: YearMonth, fteDaysLost: Double, fteDaysAvailable: Double, ratePct: Double?,
        shortDays: Double, longDays: Double, spellsStarted: Int, definitionVersion: Int
    ) {
        self.unitId = unitId
        self.month = month
        self.fteDaysLost = fteDaysLost
        self.fteDaysAvailable = fteDaysAvailable
        self.ratePct = ratePct
        self.shortDays = shortDays
        self.longDays = longDays
        self.spellsStarted = spellsStarted
        self.definitionVersion = definitionVersion
    }

    /// Column names, the contract of `sick-leave.md`.
    public static let columns = [
        "unit_id", "month", "fte_days_lost", "fte_days_available", "rate_pct", "short_days", "long_days",
        "spells_started", "definition_version",
    ]
}

/// One employee's additive share of one unit-month (home unit or an ancestor).
public struct UnitMonthContribution: Sendable, Equatable {
    /// Index into ``UnitTree/unitIds``, or `tree.count + k` for ``EmployeeSickLeaveResult/extraUnitIds``[k].
    public var unit: Int32
    /// ``YearMonth/ordinal``.
    public var monthOrdinal: Int32
    /// Σ spells started.
    public var spellsStarted: Int32
    /// Σ weight × FTE.
    public var fteDaysLost: Double
    /// Σ FTE.
    public var fteDaysAvailable: Double
    /// Σ short-term weights.
    public var shortDays: Double
    /// Σ long-term weights.
    public var longDays: Double

    /// Creates a contribution.
    public init(
        unit: Int32, monthOrdinal: Int32, spellsStarted: Int32, fteDaysLost: Double, fteDaysAvailable: Double,
        shortDays: Double,
        longDays: Double
    ) {
        self.unit = unit
        self.monthOrdinal = monthOrdinal
        self.spellsStarted = spellsStarted
        self.fteDaysLost = fteDaysLost
        self.fteDaysAvailable = fteDaysAvailable
        self.shortDays = shortDays
        self.longDays = longDays
    }
}

/// A data-quality finding raised while computing one employee.
public struct SickLeaveFinding: Sendable, Equatable, Codable {
    /// What kind of finding.
    public enum Kind: String, Sendable, Codable {
        /// A sick date with no employment period covering it (not counted).
        case sickDateOutsideEmployment = "sick_date_outside_employment"
        /// A sick date in an employment whose form is outside the population (not counted, by definition).
        case sickDateOutsidePopulation = "sick_date_outside_population"
        /// A sick date after the build's horizon (not counted yet).
        case sickDateAfterHorizon = "sick_date_after_horizon"
        /// Two employment periods cover the same day; one was chosen.
        case overlappingEmployment = "overlapping_employment"
        /// The home unit is not in the unit tree on that day; attributed to the unit alone.
        case unitNotInTree = "unit_not_in_tree"
    }

    /// Employee.
    public var employeeId: String
    /// Kind.
    public var kind: Kind
    /// The (first) day concerned.
    public var date: CalendarDay
    /// What happened and what to do, in words.
    public var message: String

    /// Creates a finding.
    public init(employeeId: String, kind: Kind, date: CalendarDay, message: String) {
        self.employeeId = employeeId
        self.kind = kind
        self.date = date
        self.message = message
    }
}

/// Everything the engine computed for one employee under one definition version.
public struct EmployeeSickLeaveResult: Sendable, Equatable {
    /// Employee.
    public var employeeId: String
    /// Definition version.
    public var definitionVersion: Int
    /// `sick_spell` rows.
    public var spells: [SickSpellRow]
    /// `sick_leave_employee_month` rows, by month.
    public var months: [EmployeeMonthRow]
    /// Additive shares of `sick_leave_unit_month`; sum them with ``SickLeaveUnitAggregator``.
    public var unitContributions: [UnitMonthContribution]
    /// Home units the tree does not know, addressed by contributions as `tree.count + index`.
    public var extraUnitIds: [String]
    /// Data-quality findings.
    public var findings: [SickLeaveFinding]

    /// Creates a result (e.g. from stored rows in an incremental build).
    public init(
        employeeId: String, definitionVersion: Int, spells: [SickSpellRow], months: [EmployeeMonthRow],
        unitContributions: [UnitMonthContribution], extraUnitIds: [String], findings: [SickLeaveFinding]
    ) {
        self.employeeId = employeeId
        self.definitionVersion = definitionVersion
        self.spells = spells
        self.months = months
        self.unitContributions = unitContributions
        self.extraUnitIds = extraUnitIds
        self.findings = findings
    }

    /// The unit id a contribution refers to (for storing contributions in an incremental build).
    public func unitId(of contribution: UnitMonthContribution, in tree: UnitTree) -> String {
        let u = Int(contribution.unit)
        return u < tree.count ? tree.unitIds[u] : extraUnitIds[u - tree.count]
    }

    /// Σ short days over all months.
    public var totalShortDays: Double { months.reduce(0) { $0 + $1.shortDays } }
    /// Σ long days over all months.
    public var totalLongDays: Double { months.reduce(0) { $0 + $1.longDays } }
    /// Σ days lost over all spells.
    public var totalDaysLost: Double { spells.reduce(0) { $0 + $1.daysLost } }
}

@inline(__always) func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
@inline(__always) func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
