import KlarsynCore

/// Windows-1252 → UTF-8 at byte level, built once from ``KlarsynCore/Windows1252``.
enum Windows1252Transcoder {
    /// For bytes 0x80–0xFF: UTF-8 bytes packed little-endian, length in the top byte.
    static let table: [UInt32] = (0x80...0xFF).map { b -> UInt32 in
        let s = Windows1252.decode([UInt8(b)])
        let u = Array(s.utf8)
        var v = UInt32(u.count) << 24
        for (i, x) in u.enumerated() { v |= UInt32(x) << (8 * UInt32(i)) }
        return v
    }

    /// Transcodes `n` bytes from `src` to `dst` (needs room for `3 * n`); returns bytes written.
    static func transcode(_ src: UnsafePointer<UInt8>, _ n: Int, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        var o = 0
        table.withUnsafeBufferPointer { t in
            for i in 0..<n {
                let b = src[i]
                if b < 0x80 {
                    dst[o] = b; o += 1
                } else {
                    let v = t[Int(b) - 0x80]
                    let len = Int(v >> 24)
                    dst[o] = UInt8(v & 0xFF)
                    if len > 1 { dst[o + 1] = UInt8((v >> 8) & 0xFF) }
                    if len > 2 { dst[o + 2] = UInt8((v >> 16) & 0xFF) }
                    o += len
                }
            }
        }
        return o
    }
}
