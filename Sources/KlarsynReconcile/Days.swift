/// A decimal quantity with four fixed decimals, held as a scaled integer (`1.5` = `15000`).
///
/// Reconciliation compares figures for equality, so it never compares binary floating point:
/// every figure is converted once, on entry, to ten-thousandths (ADR 0100).
public struct Fixed4: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Ten-thousandths.
    public var scaled: Int64

    /// The scale: 10,000 units per 1.
    public static let scale: Int64 = 10_000
    /// Zero.
    public static let zero = Fixed4(scaled: 0)

    /// Creates a value from ten-thousandths.
    public init(scaled: Int64) { self.scaled = scaled }

    /// Converts a stored floating-point figure (staging `REAL`, engine `Double`), rounding to
    /// four decimals half away from zero.
    public init(_ value: Double) { scaled = Int64((value * Double(Self.scale)).rounded()) }

    /// Whole units.
    public init(whole: Int) { scaled = Int64(whole) * Self.scale }

    /// Parses `12`, `-0.5`, `0,25` (a comma or a dot), at most four decimals; `nil` otherwise.
    public init?(text: String) {
        var s = Substring(text.filter { $0 != " " })
        var negative = false
        if s.first == "-" {
            negative = true
            s = s.dropFirst()
        }
        let parts = s.split(separator: s.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let intPart = Int64(parts[0].isEmpty ? "x" : parts[0]) else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.count <= 4, f.allSatisfy(\.isASCII), let v = Int64(f) else { return nil }
            frac = v * [1, 1000, 100, 10, 1][f.count]
        }
        scaled = (intPart * Self.scale + frac) * (negative ? -1 : 1)
    }

    /// The magnitude.
    public var magnitude: Fixed4 { Fixed4(scaled: scaled < 0 ? -scaled : scaled) }
    /// True when the value has no fraction.
    public var isWhole: Bool { scaled % Self.scale == 0 }

    /// Rounds to whole units; `mode` as named in the rounding rule.
    public func roundedToWhole(_ mode: RoundingMode) -> Fixed4 {
        let q = scaled / Self.scale
        let r = scaled % Self.scale
        if r == 0 { return self }
        let down = scaled < 0 ? q - 1 : q
        let half = Self.scale / 2
        let frac = scaled - down * Self.scale
        var whole: Int64
        switch mode {
        case .down: whole = down
        case .up: whole = down + 1
        case .halfUp: whole = frac >= half ? down + 1 : down
        case .halfEven: whole = frac > half ? down + 1 : frac < half ? down : (down % 2 == 0 ? down : down + 1)
        }
        return Fixed4(scaled: whole * Self.scale)
    }

    /// Rounding modes the rounding rule tries.
    public enum RoundingMode: String, Sendable, CaseIterable {
        case halfUp = "half up", halfEven = "half to even", down = "down", up = "up"
    }

    /// Plain text with the decimals needed (`3`, `2.5`, `-0.25`): stable for byte-identical reports.
    public var description: String {
        let negative = scaled < 0
        let m = negative ? -scaled : scaled
        var s = String(m / Self.scale)
        var frac = m % Self.scale
        if frac != 0 {
            var digits = 4
            while frac % 10 == 0 {
                frac /= 10
                digits -= 1
            }
            let f = String(frac)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return (negative ? "-" : "") + s
    }

    public static func < (a: Fixed4, b: Fixed4) -> Bool { a.scaled < b.scaled }
    public static func + (a: Fixed4, b: Fixed4) -> Fixed4 { Fixed4(scaled: a.scaled + b.scaled) }
    public static func - (a: Fixed4, b: Fixed4) -> Fixed4 { Fixed4(scaled: a.scaled - b.scaled) }
    public static func += (a: inout Fixed4, b: Fixed4) { a.scaled += b.scaled }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = Fixed4(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a decimal"))
        }
        self = v
    }

    /// Encoded as a JSON string (`"2.5"`), never a binary float.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A percentage with two decimals computed from integers (`part / whole`), half up.
public func percentText(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "–" }
    let hundredths = (Int64(part) * 10_000 * 2 + Int64(whole)) / (Int64(whole) * 2)
    let s = String(hundredths % 100)
    return "\(hundredths / 100).\(s.count == 1 ? "0" + s : s)"
}

/// The three figures of one employee-month.
public struct Figures: Sendable, Hashable, Codable {
    /// Short-term sick days.
    public var short: Fixed4
    /// Long-term sick days.
    public var long: Fixed4
    /// Their sum.
    public var total: Fixed4 { short + long }

    /// Creates figures.
    public init(short: Fixed4, long: Fixed4) {
        self.short = short
        self.long = long
    }

    /// Zero days.
    public static let zero = Figures(short: .zero, long: .zero)

    /// The value of one metric.
    public func value(_ metric: Metric) -> Fixed4 {
        switch metric {
        case .short: short
        case .long: long
        case .total: total
        }
    }
}

/// The compared metrics, in report order.
public enum Metric: String, Sendable, CaseIterable, Codable, Comparable {
    case short = "short_days", long = "long_days", total = "total"

    public static func < (a: Metric, b: Metric) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
