import Foundation
import KlarsynSQL

/// Parses or fails the test with the error's description.
func parse(_ sql: String, file: String? = nil) throws -> SelectStatement {
    try SQLParser.parse(sql, file: file)
}

/// The error parsing `sql` throws, or `nil`.
func parseError(_ sql: String, file: String? = nil) -> SQLError? {
    do {
        _ = try SQLParser.parse(sql, file: file)
        return nil
    } catch {
        return error
    }
}

/// Shorthand expressions for structural assertions.
func col(_ name: String, _ table: String? = nil) -> SQLExpression {
    SQLExpression(.column(ColumnReference(table: table, name: name)))
}
func int(_ n: String) -> SQLExpression { SQLExpression(.literal(.integer(n))) }
func bin(_ op: BinaryOperator, _ l: SQLExpression, _ r: SQLExpression) -> SQLExpression {
    SQLExpression(.binary(op, l, r))
}

/// The single expression of `SELECT <expr>`.
func firstExpression(_ sql: String) throws -> SQLExpression {
    let stmt = try parse(sql)
    guard case .select(let core) = stmt.body, case .expression(let e, _) = core.items[0].kind else {
        throw TestFailure("not a single select item: \(sql)")
    }
    return e
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs SQL through `sqlite3 :memory:` and returns stdout (rows as `a|b`, one per line).
func runSQLite(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["-bail", ":memory:"]
    let input = Pipe(), output = Pipe(), failure = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = failure
    try process.run()
    input.fileHandleForWriting.write(Data(sql.utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = failure.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errText = String(decoding: err, as: UTF8.self)
    if process.terminationStatus != 0 || !errText.isEmpty {
        throw TestFailure("sqlite3 failed: \(errText)\nSQL: \(sql)")
    }
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Parses a Klarsyn model, renders it for SQLite and runs it after `setup`.
func runModel(_ model: String, setup: String = "") throws -> String {
    let sql = render(try parse(model), dialect: .sqlite)
    return try runSQLite(setup + "\n" + sql + ";\n")
}
