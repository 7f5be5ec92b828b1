// Pure Swift (standard library only): compiled on its own by scripts/fuzz-decoders.

/// Streams over a file's bytes and decides whether they are valid UTF-8 and whether any byte
/// is outside ASCII (a Windows-1252 file with æ, ø, å is invalid UTF-8; a UTF-8 file with them
/// has multi-byte sequences).
struct UTF8Scan {
    private(set) var valid = true
    private(set) var hasNonASCII = false
    /// Continuation bytes still expected from the previous chunk.
    private var pending = 0
    private var needMin: UInt8 = 0x80
    private var needMax: UInt8 = 0xBF

    mutating func feed(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard valid else { return }
        var i = 0
        while i < n {
            if pending == 0 {
                // Fast path: 8 ASCII bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                if i >= n { break }
                let b = p[i]
                i += 1
                if b < 0x80 { continue }
                hasNonASCII = true
                switch b {
                case 0xC2...0xDF: pending = 1; needMin = 0x80; needMax = 0xBF
                case 0xE0: pending = 2; needMin = 0xA0; needMax = 0xBF
                case 0xE1...0xEC, 0xEE, 0xEF: pending = 2; needMin = 0x80; needMax = 0xBF
                case 0xED: pending = 2; needMin = 0x80; needMax = 0x9F
                case 0xF0: pending = 3; needMin = 0x90; needMax = 0xBF
                case 0xF1...0xF3: pending = 3; needMin = 0x80; needMax = 0xBF
                case 0xF4: pending = 3; needMin = 0x80; needMax = 0x8F
                default: valid = false; return
                }
            } else {
                let b = p[i]
                i += 1
                guard b >= needMin && b <= needMax else { valid = false; return }
                pending -= 1
                needMin = 0x80; needMax = 0xBF
            }
        }
    }

    /// Call at the end of the data: an incomplete sequence makes the data invalid.
    mutating func finish() {
        if pending != 0 { valid = false }
    }
}
