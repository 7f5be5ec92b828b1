import Foundation
import GRDB

/// Copies committed WAL frames into the database file on a background thread, through its own
/// connection, so that the writer's commits do not stop for a checkpoint (ADR 0072).
///
/// A `PASSIVE` checkpoint never blocks the writer and never loses a commit; the writer still has
/// its automatic checkpoint as a safety net. With the checkpoints keeping up, the writer restarts
/// the WAL from its beginning at the next transaction, so the WAL stays about one transaction long.
///
/// ```swift
/// let checkpointer = warehouse.makeCheckpointer()
/// // after each commit:
/// checkpointer?.request()
/// checkpointer?.finish()   // waits for the last checkpoint
/// ```
public final class WALCheckpointer: @unchecked Sendable {
    private let dbQueue: DatabaseQueue
    private let queue = DispatchQueue(label: "klarsyn.wal-checkpointer")
    private let lock = NSLock()
    // Guarded by `lock`: a checkpoint is queued and has not started yet.
    private var pending = false

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        dbQueue = try DatabaseQueue(path: path, configuration: config)
    }

    /// Asks for a checkpoint of everything committed so far (coalesced with one already queued).
    public func request() {
        lock.lock()
        defer { lock.unlock() }
        guard !pending else { return }
        pending = true
        queue.async { [self] in
            lock.lock()
            pending = false
            lock.unlock()
            // A failed passive checkpoint changes nothing; the writer's automatic one remains.
            try? dbQueue.inDatabase { db in _ = try db.checkpoint(.passive) }
        }
    }

    /// Waits until the queued checkpoints have run.
    public func finish() {
        queue.sync {}
    }
}

extension Warehouse {
    /// A background checkpointer for this warehouse's file, or `nil` for an in-memory warehouse
    /// or when a second connection cannot be opened (the writer then checkpoints itself).
    public func makeCheckpointer() -> WALCheckpointer? {
        guard path != ":memory:" else { return nil }
        return try? WALCheckpointer(path: path)
    }
}
