import GRDB
import KlarsynCore

/// Reference tables Klarsyn writes itself (no vendor delivers them) before models are built.
enum ReferenceTables {
    /// `ref_calendar`: one row per day 2000–2040 with ISO weekday, weekend flag and Danish
    /// public holidays; the `calendar` model documents and exposes it.
    static let calendar = "ref_calendar"

    static let firstYear = 2000
    static let lastYear = 2040

    static func writeCalendar(_ db: Database) throws {
        let expected =
            CalendarDay(year: firstYear, month: 1, day: 1).days(to: CalendarDay(year: lastYear, month: 12, day: 31)) + 1
        if try db.tableExists(calendar), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ref_calendar") == expected {
            return
        }
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS ref_calendar;
                CREATE TABLE ref_calendar (
                    date TEXT PRIMARY KEY, year INTEGER NOT NULL, month TEXT NOT NULL, iso_weekday INTEGER NOT NULL,
                    is_weekend INTEGER NOT NULL, holiday_name TEXT, holiday_kind TEXT, is_workday INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        let insert = try db.makeStatement(sql: "INSERT INTO ref_calendar VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for year in firstYear...lastYear {
            let holidays = Dictionary(
                DanishHolidays.holidays(year: year).map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
            var day = CalendarDay(year: year, month: 1, day: 1)
            while day.year == year {
                let holiday = holidays[day]
                let workday = !day.isWeekend && holiday == nil
                try insert.execute(arguments: [
                    day.iso, year, day.yearMonth.text, day.weekday.rawValue, day.isWeekend ? 1 : 0, holiday?.name,
                    holiday?.kind.rawValue, workday ? 1 : 0,
                ])
                day = day.adding(days: 1)
            }
        }
    }
}
