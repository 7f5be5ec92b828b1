import GRDB
public import KlarsynStore

/// Column-level lineage stored in the catalogue, walked up to the source files' headers or
/// down to every column that uses a column.
public enum LineageWalk {
    /// Which way to walk.
    public enum Direction: String, Sendable, CaseIterable {
        /// Towards the sources: what a column is made of.
        case upstream
        /// Towards reports: what a column feeds.
        case downstream
    }

    /// One step of the walk: `table.column`, reached through `kind` at `depth` (1 = direct).
    public struct Step: Sendable, Equatable, Codable {
        public var table: String
        public var column: String
        /// How the child derives from the parent (copied, transformed, aggregated, filter, join_key, group_key).
        public var kind: String
        public var depth: Int
        /// For staging columns: the delivery source and the header in its files.
        public var source: String?
        public var sourceHeader: String?
    }

    /// Walks the lineage of `table.column`.
    ///
    /// - Throws: ``LineageError`` when the column is unknown to the catalogue, with close names.
    public static func walk(
        warehouse: Warehouse, table: String, column: String, direction: Direction
    ) throws -> [Step] {
        try warehouse.read { db in
            let known =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT COUNT(*) FROM catalogue_columns WHERE model = ?1 AND column_name = ?2)
                             + (SELECT COUNT(*) FROM staging_columns WHERE staging_table = ?1 AND column_name = ?2)
                        """, arguments: [table, column]) ?? 0
            guard known > 0 else {
                let columns = try String.fetchAll(
                    db,
                    sql: """
                        SELECT model || '.' || column_name FROM catalogue_columns
                        UNION SELECT staging_table || '.' || column_name FROM staging_columns ORDER BY 1
                        """)
                let target = "\(table).\(column)"
                let close = columns.filter { editDistance($0, target) <= 3 }.prefix(5)
                throw LineageError(
                    message: "'\(target)' is not a column of a built model or a staging table."
                        + (close.isEmpty
                            ? " Run `klarsyn build` first, or check the name."
                            : " Did you mean \(close.joined(separator: ", "))?"))
            }
            var steps: [Step] = []
            var visited = Set<String>()
            func visit(_ table: String, _ column: String, _ depth: Int) throws {
                let rows: [Row]
                switch direction {
                case .upstream:
                    rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT l.input_table AS t, l.input_column AS c, l.kind AS k, s.source AS source, s.source_header AS header
                            FROM catalogue_lineage l LEFT JOIN staging_columns s
                              ON s.staging_table = l.input_table AND s.column_name = l.input_column
                            WHERE l.model = ? AND l.column_name = ? ORDER BY l.kind <> 'copied', l.kind, t, c
                            """, arguments: [table, column])
                case .downstream:
                    rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT model AS t, column_name AS c, kind AS k, NULL AS source, NULL AS header
                            FROM catalogue_lineage WHERE input_table = ? AND input_column = ? ORDER BY t, c, k
                            """, arguments: [table, column])
                }
                for row in rows {
                    let step = Step(
                        table: row["t"], column: row["c"], kind: row["k"], depth: depth, source: row["source"],
                        sourceHeader: row["header"])
                    steps.append(step)
                    let id = "\(step.table).\(step.column)"
                    if visited.insert(id).inserted { try visit(step.table, step.column, depth + 1) }
                }
            }
            try visit(table, column, 1)
            return steps
        }
    }
}

/// A lineage request that cannot be answered.
public struct LineageError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
