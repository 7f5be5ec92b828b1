import GRDB

extension Warehouse {
    /// Switches the warehouse from WAL to a rollback journal for an exclusive bulk load
    /// (ADR 0150): appended pages are then written once, to the database file, instead of to the
    /// WAL and again by a checkpoint.
    ///
    /// Switching needs the only connection to the file: when another one is open (a running
    /// `klarsyn serve`, a second ingest) the switch is not made, without waiting, and the load
    /// keeps WAL. While the rollback journal is on, commits use `synchronous = FULL`, so a killed
    /// process (kill -9) and a power loss both leave the last committed file intact; a
    /// connection that opens meanwhile waits for each file's commit and never sees half a file.
    ///
    /// ```swift
    /// let exclusive = warehouse.beginBulkLoadJournal()
    /// defer { if exclusive { warehouse.endBulkLoadJournal() } }
    /// ```
    ///
    /// - Returns: `true` when the rollback journal is on (call ``endBulkLoadJournal()`` after the
    ///   load); `false` for an in-memory warehouse or when another connection has the file open.
    public func beginBulkLoadJournal() -> Bool {
        guard path != ":memory:" else { return false }
        let switched = try? dbQueue.writeWithoutTransaction { db -> Bool in
            // Do not wait for other connections: if there are any, WAL stays.
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Warehouse.busyTimeoutMilliseconds)") }
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = TRUNCATE") == "truncate" else { return false }
            // FULL: the journal is synced before the database is changed, so even a power loss
            // cannot leave a partly written file (NORMAL may, in rollback-journal modes).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return true
        }
        return switched ?? false
    }

    /// Switches back to WAL after ``beginBulkLoadJournal()``. If another connection has opened the
    /// file meanwhile the switch waits for it (busy timeout); should it still fail, the next
    /// ``Warehouse/open(path:migrations:)`` switches the file back to WAL.
    public func endBulkLoadJournal() {
        try? dbQueue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
    }

    /// The busy timeout every warehouse connection uses (see `makeConfiguration`).
    static let busyTimeoutMilliseconds = 10_000
}
