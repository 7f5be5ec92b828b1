import Foundation
import GRDB

/// Data tests of a model updated for some keys (ADR 0162): a test whose failing rows are a
/// property of single rows (`not_null`, `accepted_values`, `relationships`, `valid_on_date`) is
/// evaluated on the removed and the inserted rows only; `unique` on the values those rows carry;
/// the result is the stored failures of the last build minus the removed rows' plus the new rows'.
/// Any other test, or one whose referenced model changed in this build, runs on the whole table.
struct IncrementalTestPlan {
    /// Temporary view of the model's rows of the rebuilt keys.
    let rowsView: String

    /// Failing rows (as stored: JSON arrays) among the rows about to be removed, per test name.
    var removedFailures: [String: [String]] = [:]
    /// For `unique` tests: temporary table holding the tested values of removed and new rows.
    var uniqueValues: [String: String] = [:]

    /// True when the test can be evaluated on the changed rows.
    static func supports(_ test: DataTest, key: [String]) -> Bool {
        switch test.kind {
        case .notNull, .acceptedValues, .relationships, .validOnDate: return true
        case .unique(let columns): return key.isEmpty || key == columns
        case .noOverlap, .noCycles: return false
        }
    }

    /// Captures, before the rows of the keys are deleted, what the incremental tests need.
    /// `rowsView` (the model's rows of the keys) must exist.
    static func capture(
        _ db: Database, model: Model, rowsView: String
    ) throws -> IncrementalTestPlan {
        var plan = IncrementalTestPlan(rowsView: rowsView)
        let tests = model.sidecar.tests
        for (index, test) in tests.enumerated()
        where supports(test, key: model.sidecar.key) {
            if case .unique(let columns) = test.kind {
                let table = "klarsyn_incremental_unique_\(model.name)_\(index)"
                let cols = columns.map(quote).joined(separator: ", ")
                try db.execute(sql: "DROP TABLE IF EXISTS temp.\(quote(table))")
                try db.execute(sql: "CREATE TEMP TABLE \(quote(table)) AS SELECT DISTINCT \(cols) FROM \(rowsView)")
                plan.uniqueValues[test.name] = table
            } else if let sql = test.failingRowsQuery(table: rowsView, key: model.sidecar.key, tableOf: { $0 }) {
                plan.removedFailures[test.name] = try failingRows(db, sql: sql).rows.map(jsonArray)
            }
        }
        return plan
    }

    /// Drops the temporary tables.
    func cleanUp(_ db: Database) {
        for table in uniqueValues.values { try? db.execute(sql: "DROP TABLE IF EXISTS temp.\(quote(table))") }
        try? db.execute(sql: "DROP VIEW IF EXISTS temp.\(quote(rowsView))")
    }

    /// The failing rows of `test` after the update, or nil when it must run on the whole table.
    func failures(
        of test: DataTest, model: Model, previousBuild: Int64, changedModels: Set<String>, db: Database
    ) throws -> (keyColumns: [String], rows: [String])? {
        // A test against another model that changed in this build may fail elsewhere now.
        if test.referencedModels.contains(where: changedModels.contains) { return nil }
        let stored = try String.fetchAll(
            db,
            sql:
                "SELECT row_key FROM build_test_failures WHERE build_id = ? AND model = ? AND test_name = ? ORDER BY rowid",
            arguments: [previousBuild, model.name, test.name])
        if let removed = removedFailures[test.name],
            let sql = test.failingRowsQuery(table: rowsView, key: model.sidecar.key, tableOf: { $0 })
        {
            var remove = Dictionary(removed.map { ($0, 1) }, uniquingKeysWith: +)
            var kept: [String] = []
            for row in stored {
                if let n = remove[row], n > 0 { remove[row] = n - 1 } else { kept.append(row) }
            }
            let added = try Self.failingRows(db, sql: sql)
            var names = added.names ?? test.columns
            if added.names == nil, !kept.isEmpty,
                let json = try String.fetchOne(
                    db,
                    sql:
                        "SELECT key_columns FROM build_test_results WHERE build_id = ? AND model = ? AND test_name = ?",
                    arguments: [previousBuild, model.name, test.name]),
                let stored = try? JSONDecoder().decode([String].self, from: Data(json.utf8))
            {
                names = stored
            }
            return (names, kept + added.rows.map(jsonArray))
        }
        if case .unique(let columns) = test.kind, let values = uniqueValues[test.name] {
            let cols = columns.map(quote).joined(separator: ", ")
            try db.execute(sql: "INSERT INTO temp.\(quote(values)) SELECT DISTINCT \(cols) FROM \(rowsView)")
            let touched = Set(
                try Row.fetchAll(db, sql: "SELECT DISTINCT \(cols) FROM temp.\(quote(values))").map { row in
                    jsonArray(row.databaseValues.map(Self.text))
                })
            // The stored failures of untouched values stay; the touched values are re-tested.
            let kept = stored.filter { !touched.contains($0) }
            let match = columns.map { "t.\(quote($0)) IS v.\(quote($0))" }.joined(separator: " AND ")
            let list = columns.map { "t.\(quote($0))" }.joined(separator: ", ")
            let sql = """
                SELECT \(list) FROM \(quote(model.name)) t JOIN (
                    SELECT \(list) FROM \(quote(model.name)) t
                    WHERE (\(list)) IN (SELECT \(cols) FROM temp.\(quote(values)))
                    GROUP BY \(list) HAVING COUNT(*) > 1
                ) v ON \(match) ORDER BY \(list)
                """
            let added = try Self.failingRows(db, sql: sql)
            return (columns, kept + added.rows.map(jsonArray))
        }
        return nil
    }

    /// Runs a failing-rows query: column names and rows as text (NULL as "NULL").
    static func failingRows(_ db: Database, sql: String) throws -> (names: [String]?, rows: [[String]]) {
        let cursor = try Row.fetchCursor(db, sql: sql)
        var names: [String]? = nil
        var rows: [[String]] = []
        while let row = try cursor.next() {
            if names == nil { names = Array(row.columnNames) }
            rows.append(row.databaseValues.map(text))
        }
        return (names, rows)
    }

    static func text(_ value: DatabaseValue) -> String {
        value.isNull ? "NULL" : String(describing: value.storage.value ?? "")
    }
}

/// Failing-row counts of a test restricted to the rows of the updated keys, for tables whose
/// builder stores counts only (hr@2 and later versions; ADR 0162): total after the update = the
/// stored count − the count among the old rows of the keys + the count among the new ones.
enum IncrementalTestCount {
    /// The count among the rows of the keys now (`rowsView`), or nil when the test needs the
    /// whole table. `unique` is supported when its columns are the incremental column (the
    /// values re-tested are then exactly the keys, in `keyTable`).
    static func count(
        _ db: Database, test: DataTest, table: String, key: [String], column: String, rowsView: String,
        keyTable: String, tableOf: (String) -> String
    ) throws -> Int? {
        switch test.kind {
        case .notNull, .acceptedValues, .relationships, .validOnDate:
            guard let sql = test.failingRowsQuery(table: rowsView, key: key, tableOf: tableOf) else { return nil }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(sql))") ?? 0
        case .unique(let columns) where columns == [column]:
            let c = quote(column)
            return try Int.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(n), 0) FROM (
                        SELECT COUNT(*) AS n FROM \(quote(table)) WHERE \(c) IN (SELECT key FROM temp.\(quote(keyTable)))
                        GROUP BY \(c) HAVING COUNT(*) > 1)
                    """) ?? 0
        default:
            return nil
        }
    }
}
