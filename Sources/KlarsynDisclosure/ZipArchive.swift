/// CRC-32 (ISO-HDLC, polynomial 0xEDB88320), as ZIP and PNG use it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// A minimal ZIP writer: stored (uncompressed) entries, no ZIP64, a fixed time stamp so the same
/// content gives the same bytes (decision 0094). Enough for Office Open XML packages.
struct ZipArchive {
    private var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// 1980-01-01 00:00 in MS-DOS format: the earliest a ZIP can say, and constant.
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    private static let dosTime: UInt16 = 0

    /// Adds a file; `name` is a relative path with `/`.
    mutating func add(_ name: String, _ data: [UInt8]) {
        precondition(data.count < Int(UInt32.max) && bytes.count < Int(UInt32.max), "ZIP64 is not supported")
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(bytes.count)
        // Local file header.
        bytes.le32(0x0403_4B50)
        bytes.le16(20)  // version needed: 2.0
        bytes.le16(0x0800)  // flags: names are UTF-8
        bytes.le16(0)  // method: stored
        bytes.le16(Self.dosTime)
        bytes.le16(Self.dosDate)
        bytes.le32(crc)
        bytes.le32(UInt32(data.count))
        bytes.le32(UInt32(data.count))
        bytes.le16(UInt16(nameBytes.count))
        bytes.le16(0)  // extra length
        bytes.append(contentsOf: nameBytes)
        bytes.append(contentsOf: data)
        // Central directory header.
        central.le32(0x0201_4B50)
        central.le16(20)  // version made by: 2.0, MS-DOS attributes
        central.le16(20)
        central.le16(0x0800)
        central.le16(0)
        central.le16(Self.dosTime)
        central.le16(Self.dosDate)
        central.le32(crc)
        central.le32(UInt32(data.count))
        central.le32(UInt32(data.count))
        central.le16(UInt16(nameBytes.count))
        central.le16(0)  // extra
        central.le16(0)  // comment
        central.le16(0)  // disk number
        central.le16(0)  // internal attributes
        central.le32(0)  // external attributes
        central.le32(offset)
        central.append(contentsOf: nameBytes)
        count += 1
    }

    /// The finished archive.
    func finish() -> [UInt8] {
        var out = bytes
        let centralOffset = UInt32(out.count)
        out.append(contentsOf: central)
        out.le32(0x0605_4B50)
        out.le16(0)
        out.le16(0)
        out.le16(UInt16(count))
        out.le16(UInt16(count))
        out.le32(UInt32(central.count))
        out.le32(centralOffset)
        out.le16(0)  // comment length
        return out
    }
}

extension [UInt8] {
    fileprivate mutating func le16(_ v: UInt16) {
        append(UInt8(v & 0xFF))
        append(UInt8(v >> 8))
    }

    fileprivate mutating func le32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xFF)) }
    }
}
