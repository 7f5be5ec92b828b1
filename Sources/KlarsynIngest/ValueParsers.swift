import KlarsynCore

/// Why a value could not be typed.
enum ValueFailure: Error, Equatable {
    /// Not in the expected layout at all.
    case malformed
    /// A decimal number written with the other decimal mark (`37.00` where `37,00` is expected).
    case wrongDecimalMark
    /// Well-formed but not a real date or time (`31-02-2024`, `25:00`).
    case notReal
}

/// Byte-level parsers for the contract types; no `String` is created on the happy path.
enum ValueParsers {
    @inline(__always) static func digit(_ b: UInt8) -> Int? { b >= 48 && b <= 57 ? Int(b - 48) : nil }

    @inline(__always) static func number(_ p: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var v = 0
        for i in at..<(at + count) {
            guard let d = digit(p[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    static func integer(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var negative = false
        if n > 0 && (p[0] == 45 || p[0] == 43) { negative = p[0] == 45; i = 1 }
        guard n - i >= 1, n - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < n {
            guard let d = digit(p[i]) else { return nil }
            v = v * 10 + Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    private static let powers: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { acc, _ in acc * 10 } }

    /// A decimal with `mark` as the decimal separator and no thousands separators.
    static func decimal(_ p: UnsafePointer<UInt8>, _ n: Int, mark: UInt8) -> Result<Double, ValueFailure> {
        var i = 0
        var negative = false
        if n > 0 && (p[0] == 45 || p[0] == 43) { negative = p[0] == 45; i = 1 }
        var mantissa: Int64 = 0
        var digits = 0, fraction = 0
        var seenMark = false, seenOther = false
        let other: UInt8 = mark == 44 ? 46 : 44
        while i < n {
            let b = p[i]
            if let d = digit(b) {
                digits += 1
                guard digits <= 17 else { return .failure(.malformed) }
                mantissa = mantissa * 10 + Int64(d)
                if seenMark { fraction += 1 }
            } else if b == mark && !seenMark {
                seenMark = true
            } else if b == other {
                seenOther = true
            } else {
                return .failure(.malformed)
            }
            i += 1
        }
        if seenOther { return .failure(.wrongDecimalMark) }
        guard digits > 0 else { return .failure(.malformed) }
        let v = Double(mantissa) / powers[fraction]
        return .success(negative ? -v : v)
    }

    /// A date in `layout`; writes `yyyy-mm-dd` to `out` (10 bytes) and returns the day.
    static func date(_ p: UnsafePointer<UInt8>, _ n: Int, layout: DateLayout, out: UnsafeMutablePointer<UInt8>) -> Result<CalendarDay, ValueFailure> {
        guard n == 10 else { return .failure(.malformed) }
        let y: Int?, m: Int?, d: Int?
        switch layout {
        case .iso:
            guard p[4] == 45, p[7] == 45 else { return .failure(.malformed) }
            y = number(p, 0, 4); m = number(p, 5, 2); d = number(p, 8, 2)
        case .danish:
            guard p[2] == 45, p[5] == 45 else { return .failure(.malformed) }
            d = number(p, 0, 2); m = number(p, 3, 2); y = number(p, 6, 4)
        }
        guard let y, let m, let d else { return .failure(.malformed) }
        guard let day = CalendarDay(validatingYear: y, month: m, day: d) else { return .failure(.notReal) }
        writeDate(y, m, d, out)
        return .success(day)
    }

    @inline(__always) static func writeDate(_ y: Int, _ m: Int, _ d: Int, _ out: UnsafeMutablePointer<UInt8>) {
        out[0] = UInt8(48 + y / 1000 % 10); out[1] = UInt8(48 + y / 100 % 10); out[2] = UInt8(48 + y / 10 % 10); out[3] = UInt8(48 + y % 10)
        out[4] = 45; out[5] = UInt8(48 + m / 10); out[6] = UInt8(48 + m % 10)
        out[7] = 45; out[8] = UInt8(48 + d / 10); out[9] = UInt8(48 + d % 10)
    }

    /// Parses `yyyy-mm-ddTHH:MM[:SS]` (or a space instead of `T`); returns the parts.
    private static func dateTimeParts(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<(day: CalendarDay, y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int, length: Int), ValueFailure> {
        guard n >= 16, p[4] == 45, p[7] == 45, p[10] == 84 || p[10] == 32, p[13] == 58,
            let y = number(p, 0, 4), let mo = number(p, 5, 2), let d = number(p, 8, 2),
            let h = number(p, 11, 2), let mi = number(p, 14, 2)
        else { return .failure(.malformed) }
        var s = 0, length = 16
        if n >= 19 && p[16] == 58 {
            guard let sec = number(p, 17, 2) else { return .failure(.malformed) }
            s = sec; length = 19
            if n > 19 && p[19] == 46 {  // fractional seconds are accepted and dropped
                length = 20
                while length < n, digit(p[length]) != nil { length += 1 }
            }
        }
        guard let day = CalendarDay(validatingYear: y, month: mo, day: d), h < 24, mi < 60, s < 60 else { return .failure(.notReal) }
        return .success((day, y, mo, d, h, mi, s, length))
    }

    /// A local date-time in Europe/Copenhagen; writes `yyyy-mm-ddTHH:MM:SS` (19 bytes) to `out`
    /// and returns UTC epoch seconds.
    static func localDateTime(_ p: UnsafePointer<UInt8>, _ n: Int, out: UnsafeMutablePointer<UInt8>) -> Result<Int64, ValueFailure> {
        if n == 10 {
            // A date alone means local midnight.
            switch date(p, n, layout: .iso, out: out) {
            case .failure(let f): return .failure(f)
            case .success(let day):
                for (i, b) in "T00:00:00".utf8.enumerated() { out[10 + i] = b }
                return .success(Int64(localInstant(day: day, year: day.year, 0, 0, 0)))
            }
        }
        switch dateTimeParts(p, n) {
        case .failure(let f): return .failure(f)
        case .success(let t):
            guard t.length == n else { return .failure(.malformed) }
            writeDate(t.y, t.mo, t.d, out)
            out[10] = 84
            out[11] = UInt8(48 + t.h / 10); out[12] = UInt8(48 + t.h % 10); out[13] = 58
            out[14] = UInt8(48 + t.mi / 10); out[15] = UInt8(48 + t.mi % 10); out[16] = 58
            out[17] = UInt8(48 + t.s / 10); out[18] = UInt8(48 + t.s % 10)
            return .success(Int64(localInstant(day: t.day, year: t.y, t.h, t.mi, t.s)))
        }
    }

    /// Summer-time start and end (UTC seconds) per year 1900–2199, so that a local time costs a
    /// table look-up instead of two last-Sunday searches. Same rule as ``CopenhagenTime``.
    private static let summer: [(start: Int, end: Int)] = (1900..<2200).map { y in
        (CopenhagenTime.utcSeconds(day: CopenhagenTime.lastSunday(year: y, month: 3), hour: 1, minute: 0, second: 0),
         CopenhagenTime.utcSeconds(day: CopenhagenTime.lastSunday(year: y, month: 10), hour: 1, minute: 0, second: 0))
    }

    /// ``CopenhagenTime/instant(localDay:hour:minute:second:)`` with the table. The local year
    /// stands in for the instant's year: they differ only around New Year, in winter time.
    @inline(__always) static func localInstant(day: CalendarDay, year: Int, _ h: Int, _ mi: Int, _ s: Int) -> Int {
        guard year >= 1900 && year < 2200 else { return CopenhagenTime.instant(localDay: day, hour: h, minute: mi, second: s) }
        let wall = day.dayNumber * 86_400 + h * 3_600 + mi * 60 + s
        let asSummer = wall - 7_200
        let range = summer[year - 1900]
        return asSummer >= range.start && asSummer < range.end ? asSummer : wall - 3_600
    }

    /// A date-time with an offset (`Z`, `+01:00`, `+0100`); returns UTC epoch seconds.
    static func offsetDateTime(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<Int64, ValueFailure> {
        switch dateTimeParts(p, n) {
        case .failure(let f): return .failure(f)
        case .success(let t):
            var i = t.length
            guard i < n else { return .failure(.malformed) }
            var offset = 0
            if p[i] == 90 || p[i] == 122 {
                i += 1
            } else if p[i] == 43 || p[i] == 45 {
                let sign = p[i] == 45 ? -1 : 1
                i += 1
                guard i + 2 <= n, let oh = number(p, i, 2) else { return .failure(.malformed) }
                i += 2
                var om = 0
                if i < n && p[i] == 58 { i += 1 }
                if i + 2 <= n, let m = number(p, i, 2) { om = m; i += 2 }
                guard oh <= 14, om < 60 else { return .failure(.notReal) }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return .failure(.malformed)
            }
            guard i == n else { return .failure(.malformed) }
            let local = CopenhagenTime.utcSeconds(day: t.day, hour: t.h, minute: t.mi, second: t.s)
            return .success(Int64(local - offset))
        }
    }

    /// `yyyy-mm`.
    static func month(_ p: UnsafePointer<UInt8>, _ n: Int) -> Result<Void, ValueFailure> {
        guard n == 7, p[4] == 45, number(p, 0, 4) != nil, let m = number(p, 5, 2) else { return .failure(.malformed) }
        guard (1...12).contains(m) else { return .failure(.notReal) }
        return .success(())
    }

    /// `0`/`1` (also `true`/`false` from JSON).
    static func boolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        if n == 1 { return p[0] == 48 ? 0 : (p[0] == 49 ? 1 : nil) }
        if n == 4 && p[0] == 116 && p[1] == 114 && p[2] == 117 && p[3] == 101 { return 1 }
        if n == 5 && p[0] == 102 && p[1] == 97 && p[2] == 108 && p[3] == 115 && p[4] == 101 { return 0 }
        return nil
    }
}
