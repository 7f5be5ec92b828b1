/// The Windows-1252 (CP-1252) code page that the payroll vendor and finance deliver in.
///
/// Foundation on Linux supports it unevenly, and ingest must decode millions of lines, so the
/// table is here: bytes 0x00–0x7F and 0xA0–0xFF map to the same Unicode scalar; 0x80–0x9F map
/// to the table below (five bytes are undefined and decode to U+FFFD).
public enum Windows1252 {
    /// Unicode scalars for bytes 0x80–0x9F; 0 marks an undefined byte.
    static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// Decodes bytes; undefined bytes become U+FFFD.
    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b < 0x80 || b >= 0xA0 {
                scalars.append(Unicode.Scalar(b))
            } else {
                let v = high[Int(b - 0x80)]
                scalars.append(v == 0 ? "\u{FFFD}" : Unicode.Scalar(v)!)
            }
        }
        return String(scalars)
    }

    /// Encodes text; `nil` when a character has no Windows-1252 byte.
    public static func encode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            out.append(byte)
        }
        return out
    }

    /// The byte for one scalar, or `nil` when it has none.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v < 0x80 || (v >= 0xA0 && v <= 0xFF) { return UInt8(v) }
        if let index = high.firstIndex(of: v), v != 0 { return UInt8(0x80 + index) }
        return nil
    }
}
