import KlarsynCore

/// A growable byte buffer with the few formatters the delivery files need, written digit by digit:
/// no `String` interpolation, no Foundation formatters, no `Date` in the hot loops.
struct ByteSink {
    var bytes: [UInt8] = []
    /// Data rows appended (the caller counts them with ``endRow(_:)``).
    var rows = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    @inline(__always) mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Ends a data row with `\n` or `\r\n`.
    @inline(__always) mutating func endRow(_ crlf: Bool) {
        if crlf { bytes.append(13) }
        bytes.append(10)
        rows += 1
    }

    mutating func int(_ value: Int) {
        var v = value
        if v < 0 {
            bytes.append(45)
            v = -v
        }
        if v < 10 {
            bytes.append(48 + UInt8(v))
            return
        }
        var tmp:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            while v > 0 {
                buf[n] = 48 + UInt8(v % 10)
                v /= 10
                n += 1
            }
        }
        withUnsafeBytes(of: &tmp) { buf in
            var i = n - 1
            while i >= 0 {
                bytes.append(buf[i])
                i -= 1
            }
        }
    }

    /// Non-negative integer left-padded with zeros to `width` digits.
    mutating func padded(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        if v >= divisor * 10 {  // wider than asked: print it all
            int(v)
            return
        }
        while divisor > 0 {
            bytes.append(48 + UInt8(v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    @inline(__always) mutating func two(_ v: Int) {
        bytes.append(48 + UInt8(v / 10))
        bytes.append(48 + UInt8(v % 10))
    }

    /// `yyyy-mm-dd`.
    mutating func isoDay(_ day: CalendarDay) {
        let c = day.components
        padded(c.year, 4)
        bytes.append(45)
        two(c.month)
        bytes.append(45)
        two(c.day)
    }

    /// `dd-mm-yyyy`, the payroll vendor's date.
    mutating func danishDay(_ day: CalendarDay) {
        let c = day.components
        two(c.day)
        bytes.append(45)
        two(c.month)
        bytes.append(45)
        padded(c.year, 4)
    }

    /// `yyyy-mm`.
    mutating func month(_ m: YearMonth) {
        padded(m.year, 4)
        bytes.append(45)
        two(m.month)
    }

    /// `yyyy-mm-ddThh:mm:ss`; `secondOfDay` may exceed a day (rolls over to the next days).
    mutating func isoDateTime(_ day: CalendarDay, _ secondOfDay: Int) {
        var d = day
        var s = secondOfDay
        if s >= 86_400 || s < 0 {
            let shift = s >= 0 ? s / 86_400 : -((-s + 86_399) / 86_400)
            d = d.adding(days: shift)
            s -= shift * 86_400
        }
        isoDay(d)
        bytes.append(84)
        two(s / 3600)
        bytes.append(58)
        two((s / 60) % 60)
        bytes.append(58)
        two(s % 60)
    }

    /// An amount in hundredths with a decimal comma (or dot), e.g. `-1234,50`; no thousands separator.
    mutating func decimal(hundredths: Int, mark: UInt8 = 44) {
        var v = hundredths
        if v < 0 {
            bytes.append(45)
            v = -v
        }
        int(v / 100)
        bytes.append(mark)
        two(v % 100)
    }

    /// Lower-case hexadecimal of all 64 bits.
    mutating func hex64(_ value: UInt64) {
        var shift: UInt64 = 60
        while true {
            let nibble = UInt8((value >> shift) & 0xF)
            bytes.append(nibble < 10 ? 48 + nibble : 87 + nibble)
            if shift == 0 { break }
            shift -= 4
        }
    }
}

/// Text in the two encodings the sources use.
enum Encoded {
    /// Windows-1252 bytes of a text that must be representable (our catalogue is).
    static func cp1252(_ text: String) -> [UInt8] {
        guard let bytes = Windows1252.encode(text) else {
            preconditionFailure("catalogue text not representable in Windows-1252: \(text)")
        }
        return bytes
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
}
