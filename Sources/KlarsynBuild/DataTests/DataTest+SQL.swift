import Foundation

extension DataTest {
    /// The SQLite query that returns one row per failing row: its key columns (`key`, or the
    /// tested columns when the model declares no key) followed by the observed values.
    /// `nil` for tests evaluated in Swift (``Kind/noCycles(id:parent:from:to:)``).
    ///
    /// - Parameters:
    ///   - table: the built table of the model under test.
    ///   - key: the model's key columns.
    ///   - tableOf: the built table of another model named by the test.
    func failingRowsQuery(table: String, key: [String], tableOf: (String) -> String) -> String? {
        let t = quote(table)
        func keyList(_ fallback: [String], alias: String = "t") -> String {
            (key.isEmpty ? fallback : key).map { "\(alias).\(quote($0))" }.joined(separator: ", ")
        }
        switch kind {
        case .notNull(let c):
            return "SELECT \(keyList([c])) FROM \(t) t WHERE t.\(quote(c)) IS NULL"
        case .unique(let cs):
            let cols = cs.map(quote).joined(separator: ", ")
            let match = cs.map { "t.\(quote($0)) IS d.\(quote($0))" }.joined(separator: " AND ")
            return """
                SELECT \(keyList(cs)) FROM \(t) t JOIN (SELECT \(cols) FROM \(t) GROUP BY \(cols) HAVING COUNT(*) > 1) d \
                ON \(match) ORDER BY \(keyList(cs))
                """
        case .relationships(let c, let model, let field):
            return """
                SELECT \(keyList([c])), t.\(quote(c)) FROM \(t) t WHERE t.\(quote(c)) IS NOT NULL \
                AND NOT EXISTS (SELECT 1 FROM \(quote(tableOf(model))) o WHERE o.\(quote(field)) = t.\(quote(c)))
                """
        case .acceptedValues(let c, let values):
            let list = values.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
            return "SELECT \(keyList([c])), t.\(quote(c)) FROM \(t) t WHERE t.\(quote(c)) NOT IN (\(list))"
        case .noOverlap(let k, let from, let to):
            let partition = k.map(quote).joined(separator: ", ")
            let fallback = k + [from]
            return """
                SELECT \(keyList(fallback, alias: "x")) FROM (SELECT t.*, MAX(COALESCE(t.\(quote(to)), '9999-12-31')) \
                OVER (PARTITION BY \(partition) ORDER BY t.\(quote(from)) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) \
                AS klarsyn_prev_to FROM \(t) t) x WHERE x.\(quote(from)) <= x.klarsyn_prev_to
                """
        case .validOnDate(let c, let date, let model, let field, let from, let to):
            return """
                SELECT \(keyList([c, date])), t.\(quote(c)), t.\(quote(date)) FROM \(t) t \
                WHERE t.\(quote(c)) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(quote(tableOf(model))) o \
                WHERE o.\(quote(field)) = t.\(quote(c)) AND o.\(quote(from)) <= t.\(quote(date)) \
                AND (o.\(quote(to)) IS NULL OR o.\(quote(to)) >= t.\(quote(date))))
                """
        case .noCycles:
            return nil
        }
    }
}

/// Quotes an identifier for SQL (double quotes, doubled inside).
func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
