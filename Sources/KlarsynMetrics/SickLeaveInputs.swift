public import KlarsynCore

/// Where a row came from: the delivered file and its line (1 = header).
public struct SourceRef: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// File name as delivered, e.g. `psc_absences_20240305.csv`.
    public var file: String
    /// Line number in that file.
    public var line: Int

    /// Creates a reference.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// `FULL` or `HALF` (`psc_absences.part`).
public enum AbsencePart: String, Sendable, Codable, CaseIterable {
    /// A whole day.
    case full = "FULL"
    /// Half a day, weighted by `half_day_weight`.
    case half = "HALF"
}

/// One delivered version of an absence registration (`psc_absences`).
///
/// Several versions of one `absenceId` may arrive; the newest (highest `deliveryOrder`, then the
/// later position in the input array) wins, and a `deleted` newest version retracts the absence.
public struct AbsenceRegistration: Sendable, Equatable {
    /// Stable id of the absence.
    public var absenceId: String
    /// The calendar day absent.
    public var date: CalendarDay
    /// Absence code, e.g. `SYG`.
    public var code: String
    /// `FULL` or `HALF`.
    public var part: AbsencePart
    /// When the manager registered it: seconds since 1970-01-01 UTC (see ``CopenhagenTime``); `nil` when unknown.
    public var registeredAt: Int?
    /// `deleted = 1`: this version retracts the absence.
    public var deleted: Bool
    /// Position of the delivery in delivery order (file date, then file name); higher is newer.
    public var deliveryOrder: Int
    /// Source file and line.
    public var source: SourceRef

    /// Creates a registration version.
    public init(
        absenceId: String, date: CalendarDay, code: String, part: AbsencePart = .full, registeredAt: Int? = nil,
        deleted: Bool = false, deliveryOrder: Int = 0, source: SourceRef
    ) {
        self.absenceId = absenceId
        self.date = date
        self.code = code
        self.part = part
        self.registeredAt = registeredAt
        self.deleted = deleted
        self.deliveryOrder = deliveryOrder
        self.source = source
    }
}

/// One employment period (`pdc_employments`), already resolved to its newest delivery.
public struct EmploymentPeriod: Sendable, Equatable {
    /// First day (inclusive).
    public var from: CalendarDay
    /// Last day (inclusive); `nil` = open.
    public var to: CalendarDay?
    /// `Ansættelsesform`, e.g. `Fastansat`.
    public var form: String
    /// Contracted weekly hours.
    public var weeklyHours: Double
    /// Home unit in this period.
    public var unitId: String
    /// Source file and line, when known.
    public var source: SourceRef?

    /// Creates a period.
    public init(
        from: CalendarDay, to: CalendarDay? = nil, form: String, weeklyHours: Double, unitId: String,
        source: SourceRef? = nil
    ) {
        self.from = from
        self.to = to
        self.form = form
        self.weeklyHours = weeklyHours
        self.unitId = unitId
        self.source = source
    }

    /// True when the period covers `day`.
    public func covers(_ day: CalendarDay) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// Everything the engine needs about one employee: the unit of streaming and of incremental builds.
public struct EmployeeInput: Sendable, Equatable {
    /// Pseudonymous employee id.
    public var employeeId: String
    /// Employment periods (any order; overlaps are resolved, see `docs/sick-leave-engine.md`).
    public var employments: [EmploymentPeriod]
    /// All delivered versions of the employee's absence registrations, in delivery order.
    public var registrations: [AbsenceRegistration]

    /// Creates an input.
    public init(employeeId: String, employments: [EmploymentPeriod], registrations: [AbsenceRegistration]) {
        self.employeeId = employeeId
        self.employments = employments
        self.registrations = registrations
    }
}

extension YearMonth {
    /// Months since year 0 (`year × 12 + month − 1`): an integer key for arrays.
    @inlinable public var ordinal: Int { year * 12 + month - 1 }

    /// The month with this ``ordinal``.
    @inlinable public init(ordinal: Int) {
        let y = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        self.init(year: y, month: ordinal - y * 12 + 1)
    }
}
