import Foundation
import GRDB
public import KlarsynStore

/// The result of a read-only query: column names and rows as display text (NULL as `nil`).
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
}

/// Runs a read-only query on the warehouse: the BI developer's everyday tool.
public enum WarehouseQuery {
    /// Runs one statement with `PRAGMA query_only` on, so nothing can change the warehouse.
    ///
    /// - Throws: ``QueryError`` with SQLite's message and what to do.
    /// - Parameter arguments: values bound to the statement's `?` placeholders, in order.
    public static func run(_ sql: String, arguments: [String] = [], on warehouse: Warehouse) throws(QueryError)
        -> QueryResult
    {
        do {
            return try warehouse.dbQueue.inDatabase { db in
                try db.execute(sql: "PRAGMA query_only = ON")
                defer { try? db.execute(sql: "PRAGMA query_only = OFF") }
                let statement = try db.makeStatement(sql: sql)
                statement.arguments = StatementArguments(arguments)
                let columns = statement.columnNames
                var rows: [[String?]] = []
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    rows.append(row.databaseValues.map(display))
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_READONLY {
                throw QueryError(
                    message:
                        "`klarsyn query` only reads: the statement would change the warehouse. Change data through ingest and models."
                )
            }
            throw QueryError(message: "SQLite could not run the query: \(error.message ?? "unknown error").")
        } catch {
            throw QueryError(message: "The query failed: \(error).")
        }
    }

    static func display(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let v): return String(v)
        case .double(let v):
            if v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
            return String(v)
        case .string(let s): return s
        case .blob(let d): return "<\(d.count) bytes>"
        }
    }
}

/// A query that could not run; the message says why and what to do.
public struct QueryError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
