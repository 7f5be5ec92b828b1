/// Local time in Europe/Copenhagen without Foundation's time-zone database, so that shift
/// durations across daylight-saving changes are computed the same way on every machine.
///
/// Denmark follows the EU rule: summer time (UTC+2) from 01:00 UTC on the last Sunday of
/// March to 01:00 UTC on the last Sunday of October; otherwise UTC+1.
public enum CopenhagenTime {
    /// The last Sunday of a month.
    public static func lastSunday(year: Int, month: Int) -> CalendarDay {
        var day = YearMonth(year: year, month: month).lastDay
        while day.weekday != .sunday { day = day.adding(days: -1) }
        return day
    }

    /// Seconds since 1970-01-01T00:00:00Z for a UTC wall-clock time.
    public static func utcSeconds(day: CalendarDay, hour: Int, minute: Int, second: Int) -> Int {
        day.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// True when the instant (seconds since the epoch, UTC) falls in Danish summer time.
    public static func isSummerTime(utcSeconds instant: Int) -> Bool {
        let year = CalendarDay(dayNumber: Int((Double(instant) / 86_400).rounded(.down))).year
        let start = utcSeconds(day: lastSunday(year: year, month: 3), hour: 1, minute: 0, second: 0)
        let end = utcSeconds(day: lastSunday(year: year, month: 10), hour: 1, minute: 0, second: 0)
        return instant >= start && instant < end
    }

    /// UTC offset in seconds (3600 or 7200) at an instant.
    public static func offset(atUTC utcSeconds: Int) -> Int { isSummerTime(utcSeconds: utcSeconds) ? 7_200 : 3_600 }

    /// Converts a local wall-clock time to an instant. A time that does not exist (skipped in
    /// the spring change, 02:00–02:59 on the last Sunday of March) is read as standard time; an
    /// ambiguous one (repeated in the autumn, 02:00–02:59) is read as the first (summer) occurrence.
    public static func instant(localDay day: CalendarDay, hour: Int, minute: Int, second: Int) -> Int {
        let wall = utcSeconds(day: day, hour: hour, minute: minute, second: second)
        let asSummer = wall - 7_200
        if isSummerTime(utcSeconds: asSummer) { return asSummer }
        return wall - 3_600
    }

    /// Converts an instant to the local wall-clock day and seconds since local midnight.
    public static func local(fromUTC utcSeconds: Int) -> (day: CalendarDay, secondOfDay: Int) {
        let wall = utcSeconds + offset(atUTC: utcSeconds)
        let dayNumber = Int((Double(wall) / 86_400).rounded(.down))
        return (CalendarDay(dayNumber: dayNumber), wall - dayNumber * 86_400)
    }
}
