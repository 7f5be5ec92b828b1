import GRDB
public import KlarsynStore

/// Warehouse tables of the build: build runs, per-model and per-test results with the key of
/// every failing row, and the catalogue (models, columns, column lineage).
public enum CatalogueMigrations {
    /// The migrations, after the store's own (``WarehouseMigrations/all``).
    public static let all: [WarehouseMigration] = [
        WarehouseMigration("catalogue-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE build_runs (
                        build_id     INTEGER PRIMARY KEY,
                        started_at   TEXT NOT NULL,
                        finished_at  TEXT,
                        workspace    TEXT NOT NULL,
                        status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
                        models       INTEGER NOT NULL DEFAULT 0,
                        tests_passed INTEGER NOT NULL DEFAULT 0,
                        tests_failed INTEGER NOT NULL DEFAULT 0,
                        tests_warned INTEGER NOT NULL DEFAULT 0,
                        message      TEXT
                    );
                    CREATE TABLE build_models (
                        build_id  INTEGER NOT NULL,
                        model     TEXT NOT NULL,
                        version   INTEGER NOT NULL,
                        row_count INTEGER NOT NULL,
                        seconds   REAL NOT NULL,
                        PRIMARY KEY (build_id, model)
                    ) WITHOUT ROWID;
                    CREATE TABLE build_test_results (
                        build_id     INTEGER NOT NULL,
                        model        TEXT NOT NULL,
                        test_name    TEXT NOT NULL,
                        severity     TEXT NOT NULL,
                        status       TEXT NOT NULL CHECK (status IN ('pass', 'fail')),
                        failing_rows INTEGER NOT NULL,
                        key_columns  TEXT NOT NULL,
                        PRIMARY KEY (build_id, model, test_name)
                    ) WITHOUT ROWID;
                    CREATE TABLE build_test_failures (
                        build_id  INTEGER NOT NULL,
                        model     TEXT NOT NULL,
                        test_name TEXT NOT NULL,
                        row_key   TEXT NOT NULL
                    );
                    CREATE INDEX build_test_failures_test ON build_test_failures(build_id, model, test_name);
                    CREATE TABLE catalogue_models (
                        model       TEXT PRIMARY KEY,
                        version     INTEGER NOT NULL,
                        owner       TEXT NOT NULL,
                        description TEXT NOT NULL,
                        grain       TEXT NOT NULL,
                        sql_path    TEXT NOT NULL,
                        sql_text    TEXT NOT NULL,
                        row_count   INTEGER NOT NULL,
                        build_id    INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE catalogue_columns (
                        model       TEXT NOT NULL,
                        column_name TEXT NOT NULL,
                        position    INTEGER NOT NULL,
                        type        TEXT NOT NULL,
                        description TEXT NOT NULL,
                        PRIMARY KEY (model, column_name)
                    ) WITHOUT ROWID;
                    CREATE TABLE catalogue_lineage (
                        model        TEXT NOT NULL,
                        column_name  TEXT NOT NULL,
                        input_table  TEXT NOT NULL,
                        input_column TEXT NOT NULL,
                        kind         TEXT NOT NULL,
                        PRIMARY KEY (model, column_name, input_table, input_column, kind)
                    ) WITHOUT ROWID;
                    CREATE INDEX catalogue_lineage_input ON catalogue_lineage(input_table, input_column);
                    """)
        }
    ]
}
