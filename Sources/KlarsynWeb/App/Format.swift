import Foundation
import KlarsynCore

/// Numbers and months as the page language writes them (Danish: decimal comma).
enum Format {
    static func decimal(_ value: Double, digits: Int = 1, _ language: Language) -> String {
        let s = String(format: "%.\(digits)f", value)
        return language == .da ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    static func integer(_ value: Int) -> String { String(value) }

    static let daMonths = [
        "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
        "december",
    ]
    static let enMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `oktober 2024` / `October 2024`.
    static func monthName(_ m: YearMonth, _ language: Language) -> String {
        (language == .da ? daMonths : enMonths)[m.month - 1] + " \(m.year)"
    }

    /// Short axis label: `okt 24`.
    static func monthShort(_ m: YearMonth, _ language: Language) -> String {
        String((language == .da ? daMonths : enMonths)[m.month - 1].prefix(3)) + " " + String(String(m.year).suffix(2))
    }
}
