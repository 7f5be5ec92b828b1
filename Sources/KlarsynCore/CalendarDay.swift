/// A calendar day with no time of day and no time zone, e.g. the date of an absence
/// registration or the first day of an employment period.
///
/// Stored as the number of days since 1970-01-01 so that arithmetic and comparison are
/// integer operations (the sick-leave engine walks millions of them).
///
/// ```swift
/// let day = CalendarDay(year: 2024, month: 3, day: 31)
/// day.adding(days: 1).iso      // "2024-04-01"
/// day.weekday                  // .sunday
/// ```
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int

    /// Creates a day from its number of days since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Creates a day from a proleptic Gregorian year, month (1–12) and day (1–31).
    /// The caller must pass a valid date; use ``init(validatingYear:month:day:)`` for input.
    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = era * 146_097 + doe - 719_468
    }

    /// Creates a day when the parts form a real date (no 30 February), else `nil`.
    public init?(validatingYear year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDay.daysIn(year: year, month: month) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `yyyy-mm-dd`; `nil` when the text is not a real date in that form.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = CalendarDay.digits(u, 0, 4), let m = CalendarDay.digits(u, 5, 2),
            let d = CalendarDay.digits(u, 8, 2)
        else { return nil }
        self.init(validatingYear: y, month: m, day: d)
    }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// The month this day falls in.
    public var yearMonth: YearMonth {
        let c = components
        return YearMonth(year: c.year, month: c.month)
    }

    /// Day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday(rawValue: index + 1)!
    }

    /// True on Saturday and Sunday.
    public var isWeekend: Bool { weekday == .saturday || weekday == .sunday }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// `yyyy-mm-dd`.
    public var iso: String {
        let c = components
        return "\(CalendarDay.pad(c.year, 4))-\(CalendarDay.pad(c.month, 2))-\(CalendarDay.pad(c.day, 2))"
    }

    /// `dd-mm-yyyy`, the payroll vendor's format.
    public var danish: String {
        let c = components
        return "\(CalendarDay.pad(c.day, 2))-\(CalendarDay.pad(c.month, 2))-\(CalendarDay.pad(c.year, 4))"
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// True for leap years in the Gregorian calendar.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Number of days in a month.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date of the form yyyy-mm-dd"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static func digits(_ u: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let c = u[i]
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Days of the week, Monday first as in Denmark (ISO 8601).
public enum Weekday: Int, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday
}

/// A calendar month, e.g. `2024-03`: the grain of payroll, vendor figures and reports.
public struct YearMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Creates a month; `month` must be 1–12.
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `yyyy-mm`; `nil` for anything else.
    public init?(text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"), let y = CalendarDay.digits(u, 0, 4),
            let m = CalendarDay.digits(u, 5, 2), (1...12).contains(m)
        else { return nil }
        self.init(year: y, month: m)
    }

    /// First day of the month.
    public var firstDay: CalendarDay { CalendarDay(year: year, month: month, day: 1) }
    /// Last day of the month.
    public var lastDay: CalendarDay { CalendarDay(year: year, month: month, day: numberOfDays) }
    /// Number of days in the month.
    public var numberOfDays: Int { CalendarDay.daysIn(year: year, month: month) }
    /// The following month.
    public var next: YearMonth {
        month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1)
    }
    /// `yyyy-mm`.
    public var text: String { "\(CalendarDay.pad(year, 4))-\(CalendarDay.pad(month, 2))" }
    public var description: String { text }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = YearMonth(text: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a month of the form yyyy-mm"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
