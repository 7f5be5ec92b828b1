public import KlarsynCore

/// What synthetic region to generate: its size, its period and the seed that makes it repeatable.
///
/// ```swift
/// let spec = RegionSpec(employees: 400, years: 1, seed: 7, faults: true)
/// try spec.validate()
/// ```
public struct RegionSpec: Sendable, Equatable {
    /// Number of employees in post on the first day (leavers are replaced, so the headcount stays near this).
    public var employees: Int
    /// Length of the generated period in whole years.
    public var years: Int
    /// First day of the period; must be the first day of a month.
    public var start: CalendarDay
    /// Seed of the generator: the same seed and spec give byte-identical files.
    public var seed: UInt64
    /// When true, the faults that real deliveries have are injected and listed in `faults.json`.
    public var faults: Bool

    /// Creates a spec; the defaults give a hospital-sized region over two years from 2023-01-01.
    public init(
        employees: Int = 3000, years: Int = 2, start: CalendarDay = CalendarDay(year: 2023, month: 1, day: 1),
        seed: UInt64 = 1, faults: Bool = false
    ) {
        self.employees = employees
        self.years = years
        self.start = start
        self.seed = seed
        self.faults = faults
    }

    /// The last day of the period (inclusive).
    public var end: CalendarDay {
        let c = start.components
        return CalendarDay(year: c.year + years, month: c.month, day: c.day).adding(days: -1)
    }

    /// Throws a ``GenerationError`` that names the problem and the fix when the spec cannot be generated.
    public func validate() throws {
        if employees < 50 || employees > 200_000 {
            throw GenerationError(
                .invalidSpec,
                "The number of employees must be between 50 and 200000 (got \(employees)). Pass for example --employees 3000."
            )
        }
        if years < 1 || years > 10 {
            throw GenerationError(
                .invalidSpec, "The period must be between 1 and 10 years (got \(years)). Pass for example --years 2.")
        }
        if start.day != 1 {
            throw GenerationError(
                .invalidSpec,
                "The period must start on the first day of a month (got \(start.iso)), because the payroll vendor delivers whole months. Pass for example --start \(start.yearMonth.firstDay.iso)."
            )
        }
        if start.year < 2000 || start.year + years > 2100 {
            throw GenerationError(
                .invalidSpec,
                "The period must lie between 2000 and 2100 (got \(start.iso) plus \(years) years). Choose another --start."
            )
        }
    }
}

/// Why the generator could not do its work; `description` names the problem and the fix.
public struct GenerationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable code for each kind of problem.
    public enum Code: String, Sendable {
        /// The spec is out of range.
        case invalidSpec = "invalid-spec"
        /// The output folder already holds delivery files.
        case outputNotEmpty = "output-not-empty"
        /// A file or folder could not be created or written.
        case cannotWrite = "cannot-write"
    }

    /// The kind of problem.
    public let code: Code
    /// A sentence that names the problem and says how to fix it.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for printing.
    public var description: String { message }
}
