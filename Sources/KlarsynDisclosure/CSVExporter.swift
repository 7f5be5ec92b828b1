import Foundation

/// The CSV flavours Klarsyn writes (decision 0093).
public enum CSVDialect: String, Sendable, Equatable, CaseIterable {
    /// RFC 4180: `,` between fields, `.` as decimal mark, CRLF line ends, UTF-8 without a byte
    /// order mark — for R, Python, DuckDB and other programs.
    case standard
    /// What Danish Excel opens with a double click: `;` between fields, decimal comma, CRLF line
    /// ends, UTF-8 with a byte order mark (without it Excel reads Windows-1252 and garbles æøå).
    case danishExcel

    /// The field separator.
    public var delimiter: Character { self == .standard ? "," : ";" }
    /// The decimal mark.
    public var decimalMark: Character { self == .standard ? "." : "," }
    /// True when the file starts with a UTF-8 byte order mark.
    public var writesByteOrderMark: Bool { self == .danishExcel }
    /// The HTTP `Content-Type`.
    public var contentType: String { "text/csv; charset=utf-8" }
    /// A file-name suffix that tells the two apart, e.g. `sygefravaer-excel.csv`.
    public var fileNameSuffix: String { self == .standard ? ".csv" : "-excel.csv" }
}

/// Writes an ``ExportTable`` as CSV: a header row, then one line per row; suppressed cells as
/// their marker with the rule id in a flag column.
///
/// ```swift
/// let bytes = CSVExporter.bytes(table, dialect: .danishExcel, language: .danish)
/// ```
public enum CSVExporter {
    /// The CSV bytes of `table` in `dialect`; `language` names the flag columns.
    public static func bytes(_ table: ExportTable, dialect: CSVDialect, language: ExportLanguage = .danish) -> [UInt8] {
        let (headers, rows) = table.laidOut(language: language)
        var text = ""
        text += headers.map { field(.text($0), dialect: dialect) }.joined(separator: String(dialect.delimiter))
        text += "\r\n"
        for row in rows {
            text += row.map { field($0, dialect: dialect) }.joined(separator: String(dialect.delimiter))
            text += "\r\n"
        }
        var out: [UInt8] = dialect.writesByteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out.append(contentsOf: text.utf8)
        return out
    }

    static func field(_ cell: ExportCell, dialect: CSVDialect) -> String {
        switch cell {
        case .empty: return ""
        case .integer(let n): return String(n)
        case .decimal(let x, let digits):
            return NumberText.fixed(x, digits: digits, decimalMark: dialect.decimalMark)
        case .marker(let s): return quote(s, dialect: dialect)
        case .text(let s): return quote(neutralised(s), dialect: dialect)
        }
    }

    /// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets
    /// a leading `'` (OWASP "CSV injection"; decision 0093).
    static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return s }
        return "'" + s
    }

    /// Quotes a field when it holds the delimiter, a quote, CR or LF (quotes doubled), or has
    /// spaces at either end.
    static func quote(_ s: String, dialect: CSVDialect) -> String {
        let needs =
            s.contains { $0 == dialect.delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || s.hasPrefix(" ") || s.hasSuffix(" ")
        guard needs else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Fixed-point number text without locale surprises.
enum NumberText {
    /// `x` rounded half away from zero to `digits` fraction digits, with `decimalMark`; non-finite
    /// values give an empty string.
    static func fixed(_ x: Double, digits: Int, decimalMark: Character) -> String {
        guard x.isFinite else { return "" }
        let digits = max(0, min(digits, 12))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(x) }
        let units = Int(scaled)
        let negative = x < 0 && units != 0
        var whole = String(units)
        if digits > 0 {
            while whole.count <= digits { whole = "0" + whole }
            let split = whole.index(whole.endIndex, offsetBy: -digits)
            whole = whole[..<split] + String(decimalMark) + whole[split...]
        }
        return negative ? "-" + whole : whole
    }
}
