/// Danish public holidays (helligdage), which shift planning, sick-leave calendars and the
/// `calendar` model need.
///
/// Great Prayer Day (Store Bededag) was a public holiday until 2023 and was abolished from
/// 2024 by act no. 41 of 28 February 2023. Constitution Day (5 June), Christmas Eve and New
/// Year's Eve are not public holidays but are days off under most collective agreements; they
/// are listed with ``Kind/customaryDayOff``.
public enum DanishHolidays {
    /// Whether a day is a public holiday by law or a customary day off.
    public enum Kind: String, Sendable {
        case publicHoliday = "public_holiday"
        case customaryDayOff = "customary_day_off"
    }

    /// One holiday: the day, its Danish name and its kind.
    public struct Holiday: Sendable, Equatable {
        public let day: CalendarDay
        public let name: String
        public let kind: Kind
    }

    /// Easter Sunday (Gregorian computus, anonymous algorithm).
    public static func easterSunday(year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)
    }

    /// The holidays of a year, in date order.
    public static func holidays(year: Int) -> [Holiday] {
        let easter = easterSunday(year: year)
        func on(_ offset: Int, _ name: String) -> Holiday {
            Holiday(day: easter.adding(days: offset), name: name, kind: .publicHoliday)
        }
        var list = [
            Holiday(day: CalendarDay(year: year, month: 1, day: 1), name: "Nytårsdag", kind: .publicHoliday),
            on(-3, "Skærtorsdag"), on(-2, "Langfredag"), on(0, "Påskedag"), on(1, "2. påskedag"),
            on(39, "Kristi himmelfartsdag"), on(49, "Pinsedag"), on(50, "2. pinsedag"),
            Holiday(day: CalendarDay(year: year, month: 6, day: 5), name: "Grundlovsdag", kind: .customaryDayOff),
            Holiday(day: CalendarDay(year: year, month: 12, day: 24), name: "Juleaftensdag", kind: .customaryDayOff),
            Holiday(day: CalendarDay(year: year, month: 12, day: 25), name: "Juledag", kind: .publicHoliday),
            Holiday(day: CalendarDay(year: year, month: 12, day: 26), name: "2. juledag", kind: .publicHoliday),
            Holiday(day: CalendarDay(year: year, month: 12, day: 31), name: "Nytårsaftensdag", kind: .customaryDayOff),
        ]
        if year <= 2023 { list.append(on(26, "Store bededag")) }
        return list.sorted { $0.day < $1.day }
    }
}
