public import GRDB

/// One named, versioned schema change. Identifiers are never renamed once shipped: the
/// warehouse records the identifiers it has applied (GRDB's `grdb_migrations` table).
public struct WarehouseMigration: Sendable {
    /// Stable identifier such as `"2026-11-landing-v1"`; order of the list decides order of application.
    public let identifier: String
    /// The schema change, run in its own transaction.
    public let migrate: @Sendable (Database) throws -> Void

    /// Creates a migration.
    public init(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }
}

/// The warehouse migrations, one static list per area. A later area (models, catalogue,
/// audit log) adds its own list here and appends it to ``all``; never edit a shipped migration,
/// add a new one.
public enum WarehouseMigrations {
    /// Every migration in application order.
    public static var all: [WarehouseMigration] { landing + rawLineBlocks }

    /// Landing, raw lines, quarantine and delivery bookkeeping (step 2, ingest).
    /// Staging tables are not here: they are derived from the source contracts at ingest time
    /// (see `docs/ingest.md`), so that a new vendor layout needs no code change.
    public static let landing: [WarehouseMigration] = [
        WarehouseMigration("landing-v1") { db in
            try db.execute(sql: """
                CREATE TABLE landing_files (
                    file_id            INTEGER PRIMARY KEY,
                    file_name          TEXT    NOT NULL,
                    source             TEXT    NOT NULL,
                    delivery_date      TEXT,
                    size_bytes         INTEGER NOT NULL,
                    sha256             TEXT    NOT NULL UNIQUE,
                    received_at        TEXT    NOT NULL,
                    ingested_at        TEXT    NOT NULL,
                    contract_version   INTEGER NOT NULL,
                    contract_sha256    TEXT    NOT NULL,
                    encoding_declared  TEXT    NOT NULL,
                    encoding_found     TEXT    NOT NULL,
                    bom                INTEGER NOT NULL,
                    status             TEXT    NOT NULL CHECK (status IN ('loaded', 'held')),
                    held_reason        TEXT,
                    lines              INTEGER NOT NULL,
                    header_lines       INTEGER NOT NULL,
                    accepted           INTEGER NOT NULL,
                    quarantined        INTEGER NOT NULL,
                    held               INTEGER NOT NULL,
                    flagged            INTEGER NOT NULL,
                    warnings           TEXT    NOT NULL DEFAULT '[]',
                    seconds            REAL    NOT NULL,
                    CHECK (lines = header_lines + accepted + quarantined + held)
                );
                CREATE INDEX landing_files_source ON landing_files(source, delivery_date, file_name);

                CREATE TABLE raw_lines (
                    id       INTEGER PRIMARY KEY,   -- file_id * 2^32 + line_no
                    file_id  INTEGER NOT NULL,
                    line_no  INTEGER NOT NULL,
                    line     TEXT    NOT NULL
                );

                CREATE TABLE file_columns (
                    file_id       INTEGER NOT NULL,
                    position      INTEGER NOT NULL,
                    source_header TEXT    NOT NULL,
                    column_name   TEXT,
                    PRIMARY KEY (file_id, position)
                ) WITHOUT ROWID;

                CREATE TABLE staging_columns (
                    staging_table TEXT    NOT NULL,
                    column_name   TEXT    NOT NULL,
                    source        TEXT    NOT NULL,
                    source_header TEXT,
                    type          TEXT    NOT NULL,
                    position      INTEGER NOT NULL,
                    description   TEXT    NOT NULL DEFAULT '',
                    PRIMARY KEY (staging_table, column_name)
                ) WITHOUT ROWID;

                CREATE TABLE quarantine (
                    quarantine_id INTEGER PRIMARY KEY,
                    file_id       INTEGER NOT NULL REFERENCES landing_files(file_id),
                    source        TEXT    NOT NULL,
                    line_no       INTEGER NOT NULL,
                    raw_line      TEXT,
                    rule          TEXT    NOT NULL,
                    column_name   TEXT,
                    source_header TEXT,
                    observed      TEXT,
                    expected      TEXT,
                    reason        TEXT    NOT NULL,
                    action        TEXT    NOT NULL CHECK (action IN ('hold', 'quarantine', 'null', 'warn')),
                    replayable    INTEGER NOT NULL DEFAULT 0,
                    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'replayed', 'waived')),
                    created_at    TEXT    NOT NULL,
                    resolved_at   TEXT,
                    note          TEXT
                );
                CREATE INDEX quarantine_file_line ON quarantine(file_id, line_no);
                CREATE INDEX quarantine_open ON quarantine(status, replayable, source);

                CREATE TABLE loaded_months (
                    source   TEXT    NOT NULL,
                    month    TEXT    NOT NULL,
                    file_id  INTEGER NOT NULL,
                    rows     INTEGER NOT NULL,
                    PRIMARY KEY (source, month, file_id)
                ) WITHOUT ROWID;

                CREATE TABLE changed_months (
                    change_id    INTEGER PRIMARY KEY,
                    source       TEXT    NOT NULL,
                    month        TEXT    NOT NULL,
                    file_id      INTEGER NOT NULL,
                    rows         INTEGER NOT NULL,
                    kind         TEXT    NOT NULL,
                    detected_at  TEXT    NOT NULL
                );
                CREATE INDEX changed_months_month ON changed_months(source, month);
                """)
        }
    ]

    /// Raw lines in blocks of ``RawLines/blockSize`` (ADR 0028): the table `raw_lines` becomes a
    /// view over `raw_line_blocks` with the same columns; existing lines are moved into blocks.
    public static let rawLineBlocks: [WarehouseMigration] = [
        WarehouseMigration("raw-line-blocks-v1") { db in
            try db.execute(sql: """
                CREATE TABLE raw_line_blocks (
                    block_id    INTEGER PRIMARY KEY,   -- file_id * 2^32 + (first_line - 1) / \(RawLines.blockSize)
                    file_id     INTEGER NOT NULL,
                    first_line  INTEGER NOT NULL,      -- line_no of lines[0]
                    lines       TEXT    NOT NULL       -- JSON array of the lines, in order
                );
                INSERT INTO raw_line_blocks (block_id, file_id, first_line, lines)
                SELECT (file_id << 32) + (line_no - 1) / \(RawLines.blockSize), file_id, min(line_no), json_group_array(line)
                FROM (SELECT file_id, line_no, line FROM raw_lines ORDER BY id)
                GROUP BY file_id, (line_no - 1) / \(RawLines.blockSize);
                DROP TABLE raw_lines;
                CREATE VIEW raw_lines (id, file_id, line_no, line) AS
                SELECT (b.file_id << 32) + b.first_line + j.key, b.file_id, b.first_line + j.key, j.value
                FROM raw_line_blocks b, json_each(b.lines) j;
                """)
        }
    ]
}
