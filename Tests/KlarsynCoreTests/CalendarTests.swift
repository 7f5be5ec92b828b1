import Testing

@testable import KlarsynCore

@Suite struct CalendarDayTests {
    @Test func roundTripsEveryDayOfFourCenturies() {
        var day = CalendarDay(year: 1900, month: 1, day: 1)
        let end = CalendarDay(year: 2300, month: 12, day: 31)
        var previous = day.dayNumber - 1
        while day <= end {
            let c = day.components
            #expect(CalendarDay(year: c.year, month: c.month, day: c.day) == day)
            #expect(day.dayNumber == previous + 1)
            previous = day.dayNumber
            day = day.adding(days: 1)
        }
    }

    @Test func parsesOnlyRealDates() {
        #expect(CalendarDay(iso: "2024-02-29")?.iso == "2024-02-29")
        #expect(CalendarDay(iso: "2023-02-29") == nil)
        #expect(CalendarDay(iso: "2024-02-30") == nil)
        #expect(CalendarDay(iso: "2024-13-01") == nil)
        #expect(CalendarDay(iso: "24-02-01") == nil)
        #expect(CalendarDay(iso: "2024-2-01x") == nil)
        #expect(YearMonth(text: "2024-03")?.numberOfDays == 31)
        #expect(YearMonth(text: "2024-00") == nil)
    }

    @Test func weekdaysAndFormats() {
        let day = CalendarDay(year: 2024, month: 3, day: 31)
        #expect(day.weekday == .sunday)
        #expect(day.isWeekend)
        #expect(CalendarDay(year: 1970, month: 1, day: 1).weekday == .thursday)
        #expect(CalendarDay(year: 1969, month: 12, day: 29).weekday == .monday)
        #expect(day.danish == "31-03-2024")
        #expect(day.yearMonth.text == "2024-03")
        #expect(YearMonth(year: 2024, month: 12).next.text == "2025-01")
    }

    @Test func copenhagenDaylightSavingDurations() {
        func hours(_ a: (CalendarDay, Int), _ b: (CalendarDay, Int)) -> Double {
            let s = CopenhagenTime.instant(localDay: a.0, hour: a.1, minute: 0, second: 0)
            let e = CopenhagenTime.instant(localDay: b.0, hour: b.1, minute: 0, second: 0)
            return Double(e - s) / 3600
        }
        let d = { (m: Int, day: Int) in CalendarDay(year: 2024, month: m, day: day) }
        #expect(hours((d(3, 30), 22), (d(3, 31), 7)) == 8)
        #expect(hours((d(10, 26), 22), (d(10, 27), 7)) == 10)
        #expect(hours((d(6, 1), 22), (d(6, 2), 7)) == 9)
        #expect(CopenhagenTime.lastSunday(year: 2024, month: 3).iso == "2024-03-31")
        let local = CopenhagenTime.local(
            fromUTC: CopenhagenTime.instant(localDay: d(7, 1), hour: 10, minute: 41, second: 7))
        #expect(local.day == d(7, 1))
        #expect(local.secondOfDay == 10 * 3600 + 41 * 60 + 7)
    }

    @Test func windows1252RoundTripsDanishLetters() {
        let text = "Sygeplejerske på afsnit Ø — Fødselsår €"
        let bytes = Windows1252.encode(text)
        #expect(bytes != nil)
        #expect(bytes!.contains(0xE5))  // å
        #expect(bytes!.contains(0xD8))  // Ø
        #expect(bytes!.contains(0x80))  // €
        #expect(Windows1252.decode(bytes!) == text)
        #expect(Windows1252.encode("日本") == nil)
    }

    @Test func danishHolidays() {
        #expect(DanishHolidays.easterSunday(year: 2024).iso == "2024-03-31")
        #expect(DanishHolidays.easterSunday(year: 2025).iso == "2025-04-20")
        let h2023 = DanishHolidays.holidays(year: 2023)
        #expect(h2023.contains { $0.name == "Store bededag" && $0.day.iso == "2023-05-05" })
        let h2024 = DanishHolidays.holidays(year: 2024)
        #expect(!h2024.contains { $0.name == "Store bededag" })
        #expect(h2024.first { $0.name == "Kristi himmelfartsdag" }?.day.iso == "2024-05-09")
        #expect(h2024.filter { $0.kind == .publicHoliday }.count == 10)
    }
}
