import Foundation
import GRDB
import KlarsynCore
import KlarsynDisclosure
import KlarsynMetrics
import KlarsynStore

/// Small-cell suppression of the sick-leave report, decided once over the whole unit tree and
/// every month, and looked up by every page, scope and export (decision 0087).
///
/// Suppressing each page's own table separately would let two pages be combined (a department
/// page hides ward A, a hospital page hides ward B, the difference gives A back). So the
/// service builds one `DisclosureTable` — a cell per unit-month with the persons counted there,
/// a hidden "own staff" cell per parent unit, and an additive group parent = own + children per
/// month — suppresses it with the workspace's policy, and caches the result under the policy's
/// tag and the data version. The result holds decisions only, no figures, so one cache entry
/// serves every scope; the scope predicate still decides which cells a user is served.
actor SuppressionService {
    let policy: SuppressionPolicy
    let warehouse: Warehouse
    private var cache: (key: String, result: SuppressionResult)?

    init(policy: SuppressionPolicy, warehouse: Warehouse) {
        self.policy = policy
        self.warehouse = warehouse
    }

    /// The cache key: policy tag and a fingerprint of the data (the models' and builds' last rowids).
    func dataVersion() async throws -> String {
        try await warehouse.dbQueue.read { db in
            var parts = [self.policy.tag]
            // O(1) per table: the models are rebuilt (new rowids) whenever their data changes.
            for table in ["sick_leave_unit_month", "employment", "org_unit"] where try db.tableExists(table) {
                let n = try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM \(table)") ?? 0
                parts.append("\(table)=\(n)")
            }
            if try db.tableExists("build_runs") {
                parts.append("build=\(try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM build_runs") ?? 0)")
            }
            return parts.joined(separator: "|")
        }
    }

    /// The decisions for the current data (computed at most once per data version).
    func result(forms: [String]) async throws -> SuppressionResult {
        let key = try await dataVersion() + "|" + forms.joined(separator: ",")
        if let cache, cache.key == key { return cache.result }
        let table = try await buildTable(forms: forms)
        let result = try policy.suppress(table)
        cache = (key, result)
        return result
    }

    /// The cell of a unit-month.
    static func key(_ unit: String, _ month: YearMonth) -> CellKey { CellKey(unit, month.text) }

    private func buildTable(forms: [String]) async throws -> DisclosureTable {
        let (rows, periods, unitMonths) = try await warehouse.dbQueue.read {
            db -> ([(String, String, String, String?)], [UnitPeriod], [(String, String)]) in
            guard try db.tableExists("sick_leave_unit_month") else { return ([], [], []) }
            let unitMonths = try Row.fetchAll(db, sql: "SELECT DISTINCT unit_id, month FROM sick_leave_unit_month")
                .map { ($0["unit_id"] as String, $0["month"] as String) }
            var periods: [UnitPeriod] = []
            if try db.tableExists("org_unit") {
                for r in try Row.fetchAll(db, sql: "SELECT unit_id, parent_id, valid_from, valid_to FROM org_unit") {
                    guard let from = CalendarDay(iso: r["valid_from"] ?? "") else { continue }
                    periods.append(
                        UnitPeriod(
                            unitId: r["unit_id"], parentId: r["parent_id"], validFrom: from,
                            validTo: (r["valid_to"] as String?).flatMap { CalendarDay(iso: $0) }))
                }
            }
            var rows: [(String, String, String, String?)] = []
            if try db.tableExists("employment") {
                let marks = databaseQuestionMarks(count: max(forms.count, 1))
                rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT employee_id, unit_id, valid_from, valid_to FROM employment WHERE employment_form IN (\(marks))",
                    arguments: StatementArguments(forms.isEmpty ? ["-"] : forms)
                ).map { ($0["employee_id"], $0["unit_id"], $0["valid_from"], $0["valid_to"]) }
            }
            return (rows, periods, unitMonths)
        }
        let tree = UnitTree(periods: periods)
        let months = Set(unitMonths.compactMap { YearMonth(text: $0.1) }).sorted()
        var subtree: [String: [YearMonth: Set<String>]] = [:]
        var own: [String: [YearMonth: Set<String>]] = [:]
        var children: [YearMonth: [String: Set<String>]] = [:]
        for (employee, unit, fromText, toText) in rows {
            guard let from = CalendarDay(iso: fromText) else { continue }
            let to = toText.flatMap { CalendarDay(iso: $0) }
            for month in months {
                let start = max(from, month.firstDay)
                let end = min(to ?? month.lastDay, month.lastDay)
                guard start <= end else { continue }
                var chain = tree.ancestors(of: unit, on: end)
                if chain.isEmpty { chain = [unit] }
                own[chain[0], default: [:]][month, default: []].insert(employee)
                for (i, u) in chain.enumerated() {
                    subtree[u, default: [:]][month, default: []].insert(employee)
                    if i > 0 { children[month, default: [:]][u, default: []].insert(chain[i - 1]) }
                }
            }
        }
        var table = DisclosureTable()
        var present = Set<CellKey>()
        for (unit, monthText) in unitMonths {
            guard let month = YearMonth(text: monthText) else { continue }
            let key = Self.key(unit, month)
            guard present.insert(key).inserted else { continue }
            table.addValue(key, persons: subtree[unit]?[month]?.count ?? 0)
        }
        for month in months {
            for (parent, kids) in children[month] ?? [:] {
                let total = Self.key(parent, month)
                guard present.contains(total) else { continue }
                // The parent's own staff is a part (else parent − children reveals it); with no own
                // staff the parent is exactly the sum of its children and there is no such part.
                var parts: [CellKey] = []
                let ownPersons = own[parent]?[month]?.count ?? 0
                if ownPersons > 0 {
                    let ownKey = CellKey(parent + "#own", month.text)
                    table.addValue(ownKey, persons: ownPersons)
                    parts.append(ownKey)
                }
                for kid in kids.sorted() {
                    let k = Self.key(kid, month)
                    if present.contains(k) { parts.append(k) }
                }
                table.addGroup(total: total, parts: parts)
            }
        }
        return table
    }
}
