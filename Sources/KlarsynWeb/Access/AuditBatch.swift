import Foundation
import GRDB
import KlarsynStore
import ServiceLifecycle

/// The audit log's writer in the server: aggregate page views are queued and written in one
/// transaction at most ``interval`` later (or when ``maxEntries`` are waiting); every other entry
/// (person-level views, exports, refusals, sign-ins, the auditor's reads) is written at once,
/// after the queued ones, before its page is served (decision 0145).
///
/// The queue is written on graceful shutdown (``AuditFlushService``) and before the log is read
/// (``AuditLog/entries(subject:action:limit:)``). A crash (or `kill -9`) loses at most the
/// aggregate views of the last ``interval``; person-level look-ups are never queued.
actor AuditBatch {
    let warehouse: Warehouse
    /// Longest an aggregate view waits in the queue.
    let interval: Duration
    /// Queue length that triggers a write without waiting for ``interval``.
    let maxEntries: Int
    private var pending: [AuditLog.Entry] = []
    private var flushScheduled = false
    /// The last write failed: the next aggregate view waits for a successful write (and is refused
    /// if there is none), as a synchronous entry would be.
    private var failing = false

    init(warehouse: Warehouse, interval: Duration = .milliseconds(100), maxEntries: Int = 256) {
        self.warehouse = warehouse
        self.interval = interval
        self.maxEntries = maxEntries
    }

    /// Entries waiting to be written (for tests).
    var pendingCount: Int { pending.count }

    /// Queues an aggregate view. Throws (and queues nothing) only when the log could not be
    /// written and still cannot: then the page must not be served.
    func enqueue(_ entry: AuditLog.Entry) async throws {
        if failing { try await flush() }
        pending.append(entry)
        if pending.count >= maxEntries {
            try? await flush()
            return
        }
        if !flushScheduled {
            flushScheduled = true
            let interval = interval
            Task {
                try? await Task.sleep(for: interval)
                await self.scheduledFlush()
            }
        }
    }

    private func scheduledFlush() async {
        flushScheduled = false
        try? await flush()
    }

    /// Writes the queue and then `entry`, in one transaction; returns once they are stored.
    func write(_ entry: AuditLog.Entry) async throws {
        let batch = pending + [entry]
        pending = []
        do {
            try await AuditLog.write(batch, to: warehouse)
            failing = false
        } catch {
            // The queued entries stay queued; `entry` is not logged and its page is not served.
            pending = batch.dropLast() + pending
            failing = true
            throw error
        }
    }

    /// Writes every queued entry now.
    func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        do {
            try await AuditLog.write(batch, to: warehouse)
            failing = false
        } catch {
            pending = batch + pending
            failing = true
            throw error
        }
    }
}

/// Writes the audit queue when the server shuts down gracefully (after the HTTP server has
/// stopped: a service group stops its services in reverse order, and the server comes last).
struct AuditFlushService: Service {
    let batch: AuditBatch

    func run() async throws {
        // Returns when shutdown starts; throws if the task is cancelled — write the queue either way.
        try? await gracefulShutdown()
        try await batch.flush()
    }
}
