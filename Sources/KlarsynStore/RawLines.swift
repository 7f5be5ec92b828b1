public import GRDB

/// Raw lines are stored in blocks (ADR 0028): one `raw_line_blocks` row holds up to
/// ``blockSize`` consecutive lines of one file as a JSON array of strings, so a bulk load
/// writes one SQLite row per block instead of one per line. Block boundaries are fixed by the
/// line number, so the block of any line is known without an index look-up:
/// `block_id = file_id · 2^32 + (line_no − 1) / blockSize`, element `(line_no − 1) % blockSize`.
///
/// The view `raw_lines (id, file_id, line_no, line)` unpacks every block (for ad-hoc queries
/// and small warehouses); code that needs one line uses ``line(_:fileID:lineNo:)``, which
/// reads a single block by its key.
///
/// ```swift
/// let text = try warehouse.read { db in try RawLines.line(db, fileID: 3, lineNo: 42) }
/// ```
public enum RawLines {
    /// Lines per block.
    public static let blockSize = 256

    /// The key of the block holding `lineNo` (1-based) of `fileID`.
    @inline(__always) public static func blockID(fileID: Int64, lineNo: Int) -> Int64 {
        fileID << 32 | Int64((lineNo - 1) / blockSize)
    }

    /// The first and last possible block keys of a file.
    public static func blockRange(fileID: Int64) -> (Int64, Int64) { (fileID << 32, fileID << 32 | 0xFFFF_FFFF) }

    /// SQL expression giving the line `?2` (1-based) from the block `?1`; for use in a sub-select.
    public static let lineSQL = "SELECT json_extract(lines, '$[' || ((?2 - 1) % \(blockSize)) || ']') FROM raw_line_blocks WHERE block_id = ?1"

    /// One raw line as received (decoded to UTF-8, line end removed), or `nil` when the file
    /// has no such line.
    public static func line(_ db: Database, fileID: Int64, lineNo: Int) throws -> String? {
        guard lineNo >= 1 else { return nil }
        // A cached statement: replay reads many single lines in one transaction.
        return try String.fetchOne(db.cachedStatement(sql: lineSQL), arguments: [blockID(fileID: fileID, lineNo: lineNo), lineNo])
    }

    /// The number of raw lines stored for a file, counted from the blocks.
    public static func count(_ db: Database, fileID: Int64) throws -> Int {
        let (lo, hi) = blockRange(fileID: fileID)
        return try Int.fetchOne(db, sql: "SELECT coalesce(sum(json_array_length(lines)), 0) FROM raw_line_blocks WHERE block_id BETWEEN ? AND ?", arguments: [lo, hi]) ?? 0
    }

    /// Deletes every raw line of a file.
    public static func delete(_ db: Database, fileID: Int64) throws {
        let (lo, hi) = blockRange(fileID: fileID)
        try db.execute(sql: "DELETE FROM raw_line_blocks WHERE block_id BETWEEN ? AND ?", arguments: [lo, hi])
    }
}

/// Collects the lines of one file into blocks of ``RawLines/blockSize`` and inserts each full
/// block through a prepared statement. Lines must be appended in order, starting at line 1,
/// without gaps; call ``flush()`` after the last line (before reading the file's raw lines).
public final class RawLineBlockWriter {
    /// The block insert (for ``BulkPipe``).
    public let insert: BulkInserter
    /// When set and active, blocks go to this pipe (as rows of its inserter `index`) instead of
    /// being inserted on the calling thread (ADR 0071).
    public var pipe: (pipe: BulkPipe, index: Int)?
    private let fileID: Int64
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private var linesInBlock = 0
    private var firstLine = 1
    /// Lines appended so far.
    public private(set) var lines = 0

    /// Prepares the block insert for `fileID` inside the caller's transaction.
    public init(_ db: Database, fileID: Int64) throws {
        insert = try BulkInserter(db, table: "raw_line_blocks", columns: ["block_id", "file_id", "first_line", "lines"])
        self.fileID = fileID
        capacity = 64 << 10
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    private func reserve(_ n: Int) {
        guard used + n > capacity else { return }
        var c = capacity * 2
        while c < used + n { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: buffer, count: used)
        buffer.deallocate()
        buffer = bigger
        capacity = c
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the next line (UTF-8 bytes, without line end) as a JSON string.
    public func append(_ p: UnsafePointer<UInt8>, _ n: Int) throws {
        // Worst case: every byte becomes \u00XX.
        reserve(n * 6 + 4)
        var o = buffer + used
        o.pointee = linesInBlock == 0 ? 0x5B : 0x2C  // "[" or ","
        o += 1
        o.pointee = 0x22
        o += 1
        var i = 0
        while i < n {
            let b = p[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                o.pointee = b
                o += 1
            } else {
                o[0] = 0x5C
                switch b {
                case 0x22: o[1] = 0x22; o += 2
                case 0x5C: o[1] = 0x5C; o += 2
                case 0x09: o[1] = 0x74; o += 2
                case 0x0A: o[1] = 0x6E; o += 2
                case 0x0D: o[1] = 0x72; o += 2
                default:
                    o[1] = 0x75; o[2] = 0x30; o[3] = 0x30
                    o[4] = RawLineBlockWriter.hex[Int(b >> 4)]; o[5] = RawLineBlockWriter.hex[Int(b & 15)]
                    o += 6
                }
            }
            i += 1
        }
        o.pointee = 0x22
        o += 1
        used = o - buffer
        linesInBlock += 1
        lines += 1
        if linesInBlock == RawLines.blockSize { try flush() }
    }

    /// Inserts the pending (partial) block, if any.
    public func flush() throws {
        guard linesInBlock > 0 else { return }
        reserve(1)
        buffer[used] = 0x5D  // "]"
        used += 1
        if let (pipe, index) = pipe, pipe.isActive {
            pipe.row(index)
            pipe.int(1, RawLines.blockID(fileID: fileID, lineNo: firstLine))
            pipe.int(2, fileID)
            pipe.int(3, Int64(firstLine))
            pipe.text(4, UnsafePointer(buffer), used)
            pipe.endRow()
        } else {
            insert.bind(1, int: RawLines.blockID(fileID: fileID, lineNo: firstLine))
            insert.bind(2, int: fileID)
            insert.bind(3, int: Int64(firstLine))
            insert.bind(4, text: UnsafePointer(buffer), count: used)
            try insert.step()
        }
        firstLine += linesInBlock
        linesInBlock = 0
        used = 0
    }
}
