import GRDB
import KlarsynStore

/// FNV-1a over typed values, shared by the streaming side (cells) and the loader of
/// ``KeyFilter`` (values read back from staging) so that both hash a value identically.
struct KeyHasher {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) mutating func byte(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    @inline(__always) mutating func null() { byte(0xFF); byte(0x1F) }
    @inline(__always) mutating func int(_ i: Int64) {
        byte(0x01)
        for k in 0..<8 { byte(UInt8(truncatingIfNeeded: i >> (k * 8))) }
        byte(0x1F)
    }
    @inline(__always) mutating func real(_ d: Double) {
        // -0.0 = 0.0 in SQL (and SQLite may read a stored -0.0 back as 0.0).
        let bits = (d == 0 ? 0.0 : d).bitPattern
        byte(0x02)
        for k in 0..<8 { byte(UInt8(truncatingIfNeeded: bits >> (k * 8))) }
        byte(0x1F)
    }
    @inline(__always) mutating func text(_ p: UnsafePointer<UInt8>, _ n: Int) {
        byte(0x03)
        for k in 0..<n { byte(p[k]) }
        byte(0x1F)
    }
    @inline(__always) mutating func emptyText() { byte(0x03); byte(0x1F) }
    /// A final mix so that all bits depend on all input bits (the filter uses several bit fields).
    var value: UInt64 {
        var x = h
        x ^= x >> 33; x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33; x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}

/// A fixed-size, register-blocked Bloom filter of identity-key hashes of one staging table
/// (ADR 0029). "Not contained" is certain; "contained" may be a false positive, so a hit only
/// selects a line for the exact SQL duplicate check. Memory is fixed when it is created
/// (8 KiB to 32 MiB, 16 bits per expected key), whatever the number of rows later added.
final class KeyFilter {
    private let words: UnsafeMutablePointer<UInt64>
    private let mask: Int
    /// Size in bytes.
    let bytes: Int

    init(expectedKeys: Int) {
        var n = 1 << 10
        while n < expectedKeys / 4 && n < 1 << 22 { n <<= 1 }
        words = .allocate(capacity: n)
        words.initialize(repeating: 0, count: n)
        mask = n - 1
        bytes = n * 8
    }

    deinit { words.deallocate() }

    @inline(__always) private func bits(_ h: UInt64) -> (Int, UInt64) {
        let w = Int(truncatingIfNeeded: h) & mask
        let m = (1 as UInt64) << ((h >> 40) & 63) | (1 as UInt64) << ((h >> 46) & 63)
            | (1 as UInt64) << ((h >> 52) & 63) | (1 as UInt64) << ((h >> 58) & 63)
        return (w, m)
    }

    @inline(__always) func insert(_ h: UInt64) {
        let (w, m) = bits(h)
        words[w] |= m
    }

    @inline(__always) func mayContain(_ h: UInt64) -> Bool {
        let (w, m) = bits(h)
        return words[w] & m == m
    }
}

/// The values of one referenced staging column (e.g. `stg_pdc_employments.employee_id`), held in
/// memory for the reference check (ADR 0029). "Contained" is exact (bytes compared); a line whose
/// value is not contained is confirmed by the SQL check. Only built for text columns with at
/// most ``ReferenceSet/maxValues`` distinct values (master data), otherwise SQL is used.
final class ReferenceSet {
    static let maxValues = 2_000_000
    private var byHash: [UInt64: [UInt8]] = [:]

    init?(_ db: Database, table: String, column: String) throws {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT DISTINCT \"\(column)\" FROM \"\(table)\" LIMIT \(ReferenceSet.maxValues + 1))") ?? 0
        guard count <= ReferenceSet.maxValues else { return nil }
        byHash.reserveCapacity(count)
        let cursor = try DatabaseValue.fetchCursor(db, sql: "SELECT DISTINCT \"\(column)\" FROM \"\(table)\" WHERE \"\(column)\" IS NOT NULL")
        while let v = try cursor.next() {
            // Only text values can match a text cell with SQL's `=` on TEXT columns; other
            // storage classes are left to the SQL check.
            guard case .string(let s) = v.storage else { continue }
            let bytes = Array(s.utf8)
            let h = bytes.withUnsafeBufferPointer { ReferenceSet.hash($0.baseAddress!, $0.count) }
            byHash[h] = bytes
        }
    }

    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var k = KeyHasher()
        k.text(p, n)
        return k.value
    }

    /// True when the value is certainly in the referenced column.
    @inline(__always) func contains(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard let v = byHash[ReferenceSet.hash(p, n)], v.count == n else { return false }
        return v.withUnsafeBufferPointer { memcmpBytes($0.baseAddress!, p, n) }
    }
}

/// State kept across the files of one ingest run: identity-key filters per staging table and
/// referenced-value sets. Dropped when another connection changed the warehouse
/// (`PRAGMA data_version`), so a concurrent writer can never make a check miss a row.
final class IngestRunCache {
    private var dataVersion: Int64?
    private var keyFilters: [String: KeyFilter] = [:]
    private var referenceSets: [String: ReferenceSet?] = [:]
    /// Expected number of keys per staging table added during this run (from file sizes).
    var expectedNewKeys: [String: Int] = [:]

    /// Call at the start of each file, inside its transaction.
    func validate(_ db: Database) throws {
        let v = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? -1
        if v != dataVersion {
            keyFilters.removeAll()
            referenceSets.removeAll()
            dataVersion = v
        }
    }

    /// The identity-key filter of a contract's staging table, loaded from staging on first use.
    func keyFilter(_ db: Database, contract: SourceContract, keyColumns: [Int]) throws -> KeyFilter {
        let table = contract.stagingTable
        if let f = keyFilters[table] { return f }
        let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0
        let filter = KeyFilter(expectedKeys: existing + (expectedNewKeys[table] ?? 0))
        if existing > 0 {
            let names = keyColumns.map { "\"\(contract.columns[$0].name)\"" }.joined(separator: ", ")
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(names) FROM \"\(table)\"")
            while let row = try cursor.next() {
                var k = KeyHasher()
                for i in 0..<keyColumns.count {
                    let v: DatabaseValue = row[i]
                    switch v.storage {
                    case .int64(let x): k.int(x)
                    case .double(let d): k.real(d)
                    case .string(let s):
                        var s = s
                        s.withUTF8 { buf in
                            if let base = buf.baseAddress { k.text(base, buf.count) } else { k.emptyText() }
                        }
                    case .blob, .null: k.null()
                    }
                }
                filter.insert(k.value)
            }
        }
        keyFilters[table] = filter
        return filter
    }

    /// The in-memory set of `table.column`'s values, or `nil` when it is too large.
    func referenceSet(_ db: Database, table: String, column: String) throws -> ReferenceSet? {
        let key = table + "\u{1F}" + column
        if let s = referenceSets[key] { return s }
        let s = try ReferenceSet(db, table: table, column: column)
        referenceSets[key] = .some(s)
        return s
    }

    /// Forgets the referenced-value sets of a staging table after its rows changed (a file of
    /// that source was loaded, held or rolled back; a replay ran).
    func stagingChanged(table: String) {
        referenceSets = referenceSets.filter { !$0.key.hasPrefix(table + "\u{1F}") }
    }

    /// Forgets everything (after a replay).
    func reset() {
        keyFilters.removeAll()
        referenceSets.removeAll()
    }
}
