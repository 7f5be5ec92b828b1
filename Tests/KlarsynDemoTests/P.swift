import Testing
@testable import KlarsynDemo
@testable import KlarsynCore
@Test func dayRoundTrip() { #expect(CalendarDay(year: 2024, month: 3, day: 31).adding(days: 1).iso == "2024-04-01"); #expect(CalendarDay(year: 2024, month: 3, day: 31).weekday == .sunday) }
