import GRDB

/// Staging tables are derived from the contracts: `stg_<source>` with `row_id` (= file_id · 2^32 + line_no), `file_id`, `line_no`
/// and one column per contract column (plus `<column>_utc` for date-times), and for sources
/// whose versions combine, a view `stg_<source>_current` holding the winning version of each identity.
enum StagingSchema {
    /// Staging columns in bind order after `file_id`, `line_no`: (name, SQL type, contract column index).
    static func columns(of contract: SourceContract) -> [(name: String, sqlType: String, column: Int)] {
        var out: [(String, String, Int)] = []
        for (i, c) in contract.columns.enumerated() {
            out.append((c.name, c.type.sqlType, i))
            if c.type.hasUTCColumn { out.append((c.name + "_utc", "INTEGER", i)) }
        }
        return out
    }

    static func quoted(_ name: String) -> String { "\"\(name)\"" }

    /// Columns of the `<table>_identity` index (ADR 0070): the identity (+ version) columns, led by
    /// a column that grows with delivery time — the version column (`newest_version`), else the
    /// month column — so that each delivery's keys land at the end of the index instead of on
    /// every leaf page. Every column is compared with `=`/`IS` by the cross-file duplicate check
    /// (the version or month column is part of the key or of the compared content), so the order
    /// does not change what the index can find.
    static func identityIndexColumns(of contract: SourceContract) -> [String] {
        guard !contract.identity.isEmpty else { return [] }
        var key = contract.identity
        if contract.combine == .newestVersion, let v = contract.versionColumn { key.append(v) }
        let lead = contract.combine == .newestVersion ? contract.versionColumn : contract.monthColumn
        guard let lead else { return key }
        return [lead] + key.filter { $0 != lead }
    }

    /// Creates the staging table, its indexes, its `_current` view and its column lineage rows,
    /// or adds columns a newer contract version introduced. Safe to call on every load.
    static func ensure(_ db: Database, contract: SourceContract, referencedColumns: [String]) throws {
        let table = contract.stagingTable
        let cols = columns(of: contract)
        if try db.tableExists(table) {
            let existing = Set(try db.columns(in: table).map(\.name))
            for c in cols where !existing.contains(c.name) {
                try db.execute(sql: "ALTER TABLE \(quoted(table)) ADD COLUMN \(quoted(c.name)) \(c.sqlType)")
            }
        } else {
            let defs = (["row_id INTEGER PRIMARY KEY", "file_id INTEGER NOT NULL", "line_no INTEGER NOT NULL"] + cols.map { "\(quoted($0.name)) \($0.sqlType)" })
                .joined(separator: ",\n    ")
            try db.execute(sql: "CREATE TABLE \(quoted(table)) (\n    \(defs)\n)")
        }
        let identity = identityIndexColumns(of: contract)
        if !identity.isEmpty {
            let name = table + "_identity"
            // A warehouse from before ADR 0070 has the index keyed by identity first: rebuild it once.
            let existing = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name])
            if !existing.isEmpty && existing != identity {
                try db.execute(sql: "DROP INDEX \(quoted(name))")
            }
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(quoted(name)) ON \(quoted(table)) (\(identity.map(quoted).joined(separator: ", ")))")
        }
        for ref in referencedColumns where ref != identity.first {
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(quoted(table + "_ref_" + ref)) ON \(quoted(table)) (\(quoted(ref)))")
        }
        for o in contract.overlapChecks where (o.group + [o.from]) != Array(identity.prefix(o.group.count + 1)) {
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(quoted(table + "_overlap")) ON \(quoted(table)) (\((o.group + [o.from]).map(quoted).joined(separator: ", ")))")
        }
        // The current-version view.
        let view = table + "_current"
        try db.execute(sql: "DROP VIEW IF EXISTS \(quoted(view))")
        if contract.combine != .append && !contract.identity.isEmpty {
            let partition = contract.identity.map { "s." + quoted($0) }.joined(separator: ", ")
            var order: [String] = []
            if contract.combine == .newestVersion, let v = contract.versionColumn { order.append("s.\(quoted(v)) DESC") }
            order += ["l.delivery_date DESC", "l.file_name DESC", "s.file_id DESC", "s.line_no DESC"]
            let all = (["file_id", "line_no"] + cols.map(\.name)).map(quoted).joined(separator: ", ")
            let allS = (["file_id", "line_no"] + cols.map(\.name)).map { "s." + quoted($0) }.joined(separator: ", ")
            try db.execute(sql: """
                CREATE VIEW \(quoted(view)) AS
                SELECT \(all) FROM (
                    SELECT \(allS), ROW_NUMBER() OVER (PARTITION BY \(partition) ORDER BY \(order.joined(separator: ", "))) AS version_rank
                    FROM \(quoted(table)) s JOIN landing_files l ON l.file_id = s.file_id
                ) WHERE version_rank = 1
                """)
        }
        // Column lineage: staging column ← source header.
        try db.execute(sql: "DELETE FROM staging_columns WHERE staging_table = ?", arguments: [table])
        let base: [(String, String?, String, String)] = [
            ("row_id", nil, "integer", "file_id · 2^32 + line_no: the row's key, also the id of its raw line in raw_lines."),
            ("file_id", nil, "integer", "Landing file the row came from (landing_files.file_id)."),
            ("line_no", nil, "integer", "Line number in that file (1 = header)."),
        ]
        var position = 0
        for (name, header, type, description) in base {
            try db.execute(
                sql: "INSERT INTO staging_columns (staging_table, column_name, source, source_header, type, position, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [table, name, contract.name, header, type, position, description])
            position += 1
        }
        for c in cols {
            let spec = contract.columns[c.column]
            let isUTC = c.name != spec.name
            try db.execute(
                sql: "INSERT INTO staging_columns (staging_table, column_name, source, source_header, type, position, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    table, c.name, contract.name, spec.header, isUTC ? "utc_epoch_seconds" : spec.type.rawValue, position,
                    isUTC ? "\(spec.name) as UTC seconds since 1970-01-01." : spec.description,
                ])
            position += 1
        }
    }
}
