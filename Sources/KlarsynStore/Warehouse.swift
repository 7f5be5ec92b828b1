import Foundation
public import GRDB

/// The warehouse: one SQLite file (WAL mode) holding landing, staging, quarantine and,
/// in later steps, models, catalogue and audit log.
///
/// Every intent-named method runs in one transaction. Schema changes are named, versioned
/// migrations from ``WarehouseMigrations``; opening a warehouse applies the pending ones.
///
/// ```swift
/// let warehouse = try Warehouse.open(path: "region.sqlite")
/// let files = try warehouse.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM landing_files") }
/// ```
public final class Warehouse: Sendable {
    /// The GRDB connection. Exposed so that other modules can run their own transactions;
    /// prefer intent-named methods where they exist.
    public let dbQueue: DatabaseQueue
    /// Path of the SQLite file, or `":memory:"`.
    public let path: String

    private init(dbQueue: DatabaseQueue, path: String) {
        self.dbQueue = dbQueue
        self.path = path
    }

    /// Opens (creating if needed) a warehouse file, switches it to WAL and applies all
    /// pending migrations in `migrations` (by default ``WarehouseMigrations/all``).
    ///
    /// - Throws: ``StoreError`` `store.open_failed` when the file cannot be opened or is not
    ///   a SQLite database, `store.migration_failed` when a migration fails.
    public static func open(path: String, migrations: [WarehouseMigration] = WarehouseMigrations.all) throws -> Warehouse {
        let dbQueue: DatabaseQueue
        do {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            dbQueue = try DatabaseQueue(path: path, configuration: makeConfiguration())
            // WAL: readers never block the loader; a killed process leaves the last commit intact.
            try dbQueue.writeWithoutTransaction { db in
                // Larger pages: fewer B-tree splits and page writes in bulk loads. Only takes
                // effect on a new, empty file (before WAL is switched on).
                try db.execute(sql: "PRAGMA page_size = 16384")
                do {
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    // An exclusive ingest is loading with a rollback journal (ADR 0150): read and
                    // write with it meanwhile (waiting for its commits); it switches back to WAL.
                }
                // Again, now that the page size is known: a negative cache size is converted to
                // pages with the page size at the time of the pragma (memory stays bounded).
                try db.execute(sql: "PRAGMA cache_size = \(Warehouse.cacheKiB)")
            }
        } catch {
            throw StoreError(
                code: "store.open_failed",
                message: "Could not open warehouse '\(path)': \(error). Check that the path is writable and is a Klarsyn warehouse (SQLite) file.")
        }
        let warehouse = Warehouse(dbQueue: dbQueue, path: path)
        try warehouse.migrate(migrations)
        return warehouse
    }

    /// Opens a private in-memory warehouse (for tests and previews).
    public static func inMemory(migrations: [WarehouseMigration] = WarehouseMigrations.all) throws -> Warehouse {
        let dbQueue = try DatabaseQueue(configuration: makeConfiguration())
        let warehouse = Warehouse(dbQueue: dbQueue, path: ":memory:")
        try warehouse.migrate(migrations)
        return warehouse
    }

    /// Page cache per connection: 256 MiB (negative = KiB, as SQLite reads it).
    static let cacheKiB = -262_144

    private static func makeConfiguration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // NORMAL is safe in WAL mode against a killed process (kill -9): a commit is in the
            // WAL before the transaction returns; only a power loss may lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = \(Warehouse.cacheKiB)")
            // Sorts and index builds spill to temporary files, not memory: a region-scale
            // `klarsyn build --full` peaks at 0.6 GB instead of 3.1 GB, for 14 % more time (ADR 0165).
            try db.execute(sql: "PRAGMA temp_store = FILE")
            // Checkpoint (and fsync) after about 1 GiB of WAL instead of 16 MiB: one ingest
            // transaction per file would otherwise fsync after almost every file, and an index
            // page changed by many files is copied into the database once per checkpoint, not once
            // per file (region scale: 24 % fewer bytes written than with 256 MiB, ADR 0029).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 65536")
        }
        return config
    }

    private func migrate(_ migrations: [WarehouseMigration]) throws {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        do {
            try migrator.migrate(dbQueue)
        } catch {
            throw StoreError(
                code: "store.migration_failed",
                message: "Could not bring warehouse '\(path)' up to date: \(error). The file was left as it was; restore a backup or report the error.")
        }
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try dbQueue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    /// Runs `body` in one write transaction (committed when it returns, rolled back when it throws).
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try dbQueue.write(body)
    }

    /// Runs `body` in a read-only access.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try dbQueue.read(body)
    }

    /// Names of the user tables and views, sorted (for tests, `klarsyn query` and docs).
    public func tableNames() throws -> [String] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
    }
}
