import Foundation

/// Runs the SQLite side of a bulk load on a second thread (ADR 0071): the producer (the thread
/// that owns the write transaction) encodes each row's values into a batch buffer instead of
/// binding them, and a worker binds and steps them on ``BulkInserter``s, in order, while the
/// producer decodes and validates the next lines.
///
/// Only the SQLite C API is used on the worker, on statements prepared beforehand, and never at
/// the same time as the producer: the producer must not touch the connection between
/// ``begin()`` and ``drain()`` (the connection is used by one thread at a time, as SQLite's
/// multi-thread mode requires). Memory is bounded: at most ``batchesInFlight`` batches of about
/// ``batchBytes`` each wait for the worker.
///
/// ```swift
/// let pipe = BulkPipe([insert])
/// pipe.begin()
/// pipe.row(0); pipe.int(1, 42); pipe.text(2, "x"); pipe.endRow()
/// try pipe.drain()   // waits for the worker; rethrows its first error
/// ```
public final class BulkPipe: @unchecked Sendable {
    /// Bytes after which a batch is handed to the worker.
    public static let batchBytes = 1 << 20
    /// Batches filled but not yet executed, at most.
    public static let batchesInFlight = 3

    private let inserters: [BulkInserter]
    private let queue = DispatchQueue(label: "klarsyn.bulk-pipe")
    private let slots = DispatchSemaphore(value: BulkPipe.batchesInFlight)
    private let group = DispatchGroup()
    // Written only by the worker; read by the producer after `group.wait()`.
    private var failure: (any Error)?
    // Batch being filled by the producer.
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    private var free: [(UnsafeMutableRawPointer, Int)] = []
    private let freeLock = NSLock()
    private var active = false

    /// Creates a pipe executing rows on the given prepared statements (by index).
    public init(_ inserters: [BulkInserter]) {
        self.inserters = inserters
        capacity = BulkPipe.batchBytes + (64 << 10)
        buffer = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit {
        group.wait()
        buffer.deallocate()
        for (b, _) in free { b.deallocate() }
    }

    /// True between ``begin()`` and ``drain()``: rows go to the worker.
    public var isActive: Bool { active }

    /// Starts sending rows to the worker.
    public func begin() {
        failure = nil
        active = true
    }

    // Op layout: UInt16 inserter, then parameters (UInt8 tag, UInt16 index, payload), then tag 0xFF.
    private static let tagNull: UInt8 = 0, tagInt: UInt8 = 1, tagDouble: UInt8 = 2, tagText: UInt8 = 3,
        tagEnd: UInt8 = 0xFF

    @inline(__always) private func reserve(_ n: Int) {
        guard used + n > capacity else { return }
        var c = capacity * 2
        while c < used + n { c *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 8)
        bigger.copyMemory(from: buffer, byteCount: used)
        buffer.deallocate()
        buffer = bigger
        capacity = c
    }

    @inline(__always) private func put<T: BitwiseCopyable>(_ value: T) {
        // Unaligned stores are allowed on raw pointers (SE-0349).
        buffer.storeBytes(of: value, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    /// Starts a row for inserter `index`.
    @inline(__always) public func row(_ index: Int) {
        reserve(2)
        put(UInt16(index))
    }

    /// Adds SQL NULL for parameter `index` (1-based).
    @inline(__always) public func null(_ index: Int32) {
        reserve(3)
        put(BulkPipe.tagNull)
        put(UInt16(index))
    }

    /// Adds an integer for parameter `index`.
    @inline(__always) public func int(_ index: Int32, _ value: Int64) {
        reserve(11)
        put(BulkPipe.tagInt)
        put(UInt16(index))
        put(value)
    }

    /// Adds a floating-point number for parameter `index`.
    @inline(__always) public func double(_ index: Int32, _ value: Double) {
        reserve(11)
        put(BulkPipe.tagDouble)
        put(UInt16(index))
        put(value)
    }

    /// Adds UTF-8 text for parameter `index`, copied into the batch.
    @inline(__always) public func text(_ index: Int32, _ p: UnsafePointer<UInt8>, _ count: Int) {
        reserve(7 + count)
        put(BulkPipe.tagText)
        put(UInt16(index))
        put(Int32(count))
        (buffer + used).copyMemory(from: p, byteCount: count)
        used += count
    }

    /// Adds a Swift string (or NULL) for parameter `index`.
    public func text(_ index: Int32, _ value: String?) {
        guard var value else { null(index); return }
        value.withUTF8 { b in
            if let base = b.baseAddress {
                text(index, base, b.count)
            } else {
                var empty: UInt8 = 0
                text(index, &empty, 0)
            }
        }
    }

    /// Adds an optional integer for parameter `index`.
    public func int(_ index: Int32, _ value: Int?) {
        if let value { int(index, Int64(value)) } else { null(index) }
    }

    /// Ends the row; hands the batch to the worker when it is full.
    @inline(__always) public func endRow() {
        reserve(1)
        put(BulkPipe.tagEnd)
        if used >= BulkPipe.batchBytes { submit() }
    }

    private func submit() {
        guard used > 0 else { return }
        slots.wait()
        let batch = Batch(bytes: buffer), count = used
        freeLock.lock()
        if let (b, c) = free.popLast() {
            buffer = b
            capacity = c
        } else {
            capacity = BulkPipe.batchBytes + (64 << 10)
            buffer = .allocate(byteCount: capacity, alignment: 8)
        }
        freeLock.unlock()
        used = 0
        let batchCapacity = BulkPipe.batchBytes + (64 << 10)
        group.enter()
        queue.async { [self] in
            if failure == nil {
                do { try execute(batch.bytes, count) } catch { failure = error }
            }
            freeLock.lock()
            // Recycled with the standard capacity (a grown buffer is at least that large).
            if free.count < BulkPipe.batchesInFlight {
                free.append((batch.bytes, batchCapacity))
            } else {
                batch.bytes.deallocate()
            }
            freeLock.unlock()
            slots.signal()
            group.leave()
        }
    }

    /// A filled batch handed to the worker (owned by it until recycled).
    private struct Batch: @unchecked Sendable { let bytes: UnsafeMutableRawPointer }

    private func execute(_ batch: UnsafeMutableRawPointer, _ count: Int) throws {
        var o = 0
        @inline(__always) func load<T>(_: T.Type) -> T {
            let v = batch.loadUnaligned(fromByteOffset: o, as: T.self)
            o += MemoryLayout<T>.size
            return v
        }
        while o < count {
            let insert = inserters[Int(load(UInt16.self))]
            while true {
                let tag = load(UInt8.self)
                if tag == BulkPipe.tagEnd { break }
                let index = Int32(load(UInt16.self))
                switch tag {
                case BulkPipe.tagNull: insert.bindNull(index)
                case BulkPipe.tagInt: insert.bind(index, int: load(Int64.self))
                case BulkPipe.tagDouble: insert.bind(index, double: load(Double.self))
                default:
                    let n = Int(load(Int32.self))
                    insert.bind(index, text: (batch + o).assumingMemoryBound(to: UInt8.self), count: n)
                    o += n
                }
            }
            try insert.step()
        }
    }

    /// Hands over the last batch, waits until the worker has executed everything, and stops
    /// sending rows to the worker. Rethrows the worker's first error (the rows after it were
    /// not executed; roll the transaction back).
    public func drain() throws {
        submit()
        group.wait()
        active = false
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    /// Like ``drain()`` but discards pending rows' errors: for error paths, where the
    /// transaction is rolled back anyway but the worker must be idle first.
    public func stop() {
        submit()
        group.wait()
        active = false
        failure = nil
    }
}
