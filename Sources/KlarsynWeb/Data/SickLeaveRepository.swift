import Foundation
import GRDB
import KlarsynCore
import KlarsynMetrics
import KlarsynStore

/// One unit period of the organisation, as the report needs it.
struct UnitInfo: Sendable, Equatable {
    var id: String
    var parentId: String?
    var name: String
    var type: String
}

/// A month whose figures changed in the latest load.
struct ChangedMonth: Sendable, Equatable {
    var month: String
    var source: String
    var rows: Int
    var kind: String
}

/// Facts about the freshness of the data.
struct DataStatus: Sendable, Equatable {
    /// Latest delivery date of a loaded file (yyyy-mm-dd), if any.
    var latestDelivery: String?
    /// When the latest successful build finished, if known.
    var latestBuild: String?
    /// Months changed by the latest delivery, for the report's sources.
    var changedMonths: [ChangedMonth]
}

/// The organisation as of one day: units, children and the path to the root.
struct OrganisationSnapshot: Sendable {
    var units: [String: UnitInfo]
    var children: [String: [String]]
    var roots: [String]
    var periods: [UnitPeriod]

    func path(to unit: String) -> [UnitInfo] {
        var out: [UnitInfo] = []
        var current: String? = unit
        var seen = Set<String>()
        while let id = current, let info = units[id], seen.insert(id).inserted {
            out.insert(info, at: 0)
            current = info.parentId
        }
        return out
    }
}

/// Reads the sick-leave tables, the organisation and the load bookkeeping. Every method is one
/// read transaction run through GRDB's async API, so no SQLite I/O blocks an event loop.
struct SickLeaveRepository: Sendable {
    let warehouse: Warehouse
    /// The data fingerprint's query for the current schema (``fingerprint(policyTag:)``).
    let fingerprintPlan = FingerprintPlan()
    /// Source contracts that feed the sick-leave tables (the engine's declared inputs).
    static let engineSources = ["psc_absences", "pdc_employments", "pdc_org_units"]
    static let engineInputModels = ["absence_day", "employment", "org_unit"]

    /// True when `sick_leave_unit_month` exists.
    func isBuilt() async throws -> Bool {
        try await warehouse.dbQueue.read { db in try db.tableExists("sick_leave_unit_month") }
    }

    /// The organisation as of `day` (unit periods valid that day; names of the latest period).
    /// Without an `org_unit` model, the units of `sick_leave_unit_month` without a hierarchy.
    func organisation(on day: CalendarDay) async throws -> OrganisationSnapshot {
        try await warehouse.dbQueue.read { db in
            var units: [String: UnitInfo] = [:]
            var periods: [UnitPeriod] = []
            if try db.tableExists("org_unit") {
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT unit_id, parent_id, name, unit_type, valid_from, valid_to FROM org_unit ORDER BY unit_id, valid_from"
                )
                for r in rows {
                    let id: String = r["unit_id"]
                    guard let from = CalendarDay(iso: (r["valid_from"] as String?) ?? "") else { continue }
                    let to = (r["valid_to"] as String?).flatMap { CalendarDay(iso: $0) }
                    let parent: String? = r["parent_id"]
                    let parentId = (parent?.isEmpty ?? true) ? nil : parent
                    periods.append(UnitPeriod(unitId: id, parentId: parentId, validFrom: from, validTo: to))
                    guard from <= day, to.map({ $0 >= day }) ?? true else { continue }
                    units[id] = UnitInfo(id: id, parentId: parentId, name: r["name"] ?? id, type: r["unit_type"] ?? "")
                }
            }
            if units.isEmpty, try db.tableExists("sick_leave_unit_month") {
                for id in try String.fetchAll(
                    db, sql: "SELECT DISTINCT unit_id FROM sick_leave_unit_month ORDER BY unit_id")
                {
                    units[id] = UnitInfo(id: id, parentId: nil, name: id, type: "")
                }
            }
            var children: [String: [String]] = [:]
            var roots: [String] = []
            for info in units.values {
                if let p = info.parentId, units[p] != nil {
                    children[p, default: []].append(info.id)
                } else {
                    roots.append(info.id)
                }
            }
            for key in children.keys {
                children[key]!.sort { (units[$0]!.name, $0) < (units[$1]!.name, $1) }
            }
            return OrganisationSnapshot(units: units, children: children, roots: roots.sorted(), periods: periods)
        }
    }

    /// The latest month in `sick_leave_unit_month`, if any.
    func latestMonth() async throws -> YearMonth? {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("sick_leave_unit_month") else { return nil }
            return try String.fetchOne(db, sql: "SELECT max(month) FROM sick_leave_unit_month").flatMap {
                YearMonth(text: $0)
            }
        }
    }

    /// Rows of `sick_leave_unit_month` for the given units, all months, all versions.
    func unitMonths(units: [String]) async throws -> [UnitMonthRow] {
        guard !units.isEmpty else { return [] }
        return try await warehouse.dbQueue.read { db in
            let marks = databaseQuestionMarks(count: units.count)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT unit_id, month, fte_days_lost, fte_days_available, rate_pct, short_days, long_days, spells_started,
                        definition_version
                    FROM sick_leave_unit_month WHERE unit_id IN (\(marks)) ORDER BY unit_id, month, definition_version
                    """, arguments: StatementArguments(units))
            return rows.compactMap { r -> UnitMonthRow? in
                guard let m = YearMonth(text: (r["month"] as String?) ?? "") else { return nil }
                return UnitMonthRow(
                    unitId: r["unit_id"], month: m, fteDaysLost: r["fte_days_lost"] ?? 0,
                    fteDaysAvailable: r["fte_days_available"] ?? 0, ratePct: r["rate_pct"],
                    shortDays: r["short_days"] ?? 0,
                    longDays: r["long_days"] ?? 0, spellsStarted: r["spells_started"] ?? 0,
                    definitionVersion: r["definition_version"] ?? 1)
            }
        }
    }

    /// Distinct employees per unit (with its sub-units, on the tree of each month) and month,
    /// counted from `employment` periods of the counted employment forms. `nil` when the
    /// warehouse has no `employment` model: then every cell is treated as too small to show.
    func population(
        units: Set<String>, months: ClosedRange<YearMonth>, forms: [String], tree: UnitTree
    ) async throws -> [String: [YearMonth: Int]]? {
        let rows: [(String, String, CalendarDay, CalendarDay?)]? = try await warehouse.dbQueue.read { db in
            guard try db.tableExists("employment") else { return nil }
            let first = months.lowerBound.firstDay.iso, last = months.upperBound.lastDay.iso
            let marks = databaseQuestionMarks(count: max(forms.count, 1))
            let args: [any DatabaseValueConvertible] = [last, first] + (forms.isEmpty ? ["-"] : forms)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT employee_id, unit_id, valid_from, valid_to FROM employment
                    WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) AND employment_form IN (\(marks))
                    """, arguments: StatementArguments(args)
            ).compactMap { r -> (String, String, CalendarDay, CalendarDay?)? in
                guard let from = CalendarDay(iso: (r["valid_from"] as String?) ?? "") else { return nil }
                return (
                    r["employee_id"], r["unit_id"], from, (r["valid_to"] as String?).flatMap { CalendarDay(iso: $0) }
                )
            }
        }
        guard let rows else { return nil }
        var sets: [String: [YearMonth: Set<String>]] = [:]
        var monthList: [YearMonth] = []
        var m = months.lowerBound
        while m <= months.upperBound {
            monthList.append(m)
            m = m.next
        }
        for (employee, unit, from, to) in rows {
            for month in monthList {
                let start = max(from, month.firstDay)
                let end = min(to ?? month.lastDay, month.lastDay)
                guard start <= end else { continue }
                var chain = tree.ancestors(of: unit, on: end)
                if chain.isEmpty { chain = [unit] }
                for u in chain where units.contains(u) {
                    sets[u, default: [:]][month, default: []].insert(employee)
                }
            }
        }
        return sets.mapValues { $0.mapValues(\.count) }
    }

    /// Freshness facts and the months the latest delivery changed, for `sources`.
    func dataStatus(sources: [String]) async throws -> DataStatus {
        try await warehouse.dbQueue.read { db in
            var status = DataStatus(latestDelivery: nil, latestBuild: nil, changedMonths: [])
            if try db.tableExists("landing_files") {
                status.latestDelivery = try String.fetchOne(
                    db, sql: "SELECT max(delivery_date) FROM landing_files WHERE status = 'loaded'")
                if let latest = status.latestDelivery, try db.tableExists("changed_months"), !sources.isEmpty {
                    let marks = databaseQuestionMarks(count: sources.count)
                    let args: [any DatabaseValueConvertible] = [latest] + sources
                    status.changedMonths = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT c.month, c.source, SUM(c.rows) AS rows, c.kind FROM changed_months c
                            JOIN landing_files l ON l.file_id = c.file_id
                            WHERE l.delivery_date = ? AND c.source IN (\(marks))
                            GROUP BY c.month, c.source, c.kind ORDER BY c.month, c.source, c.kind
                            """, arguments: StatementArguments(args)
                    ).map { ChangedMonth(month: $0["month"], source: $0["source"], rows: $0["rows"], kind: $0["kind"]) }
                }
            }
            if try db.tableExists("build_runs") {
                status.latestBuild = try String.fetchOne(
                    db, sql: "SELECT max(finished_at) FROM build_runs WHERE status = 'succeeded'")
            }
            return status
        }
    }

    /// The delivery sources behind `table.column`, walking `catalogue_lineage` upstream to the
    /// staging columns; falls back to the engine's declared inputs when the catalogue does not
    /// hold the metric table's lineage.
    func sources(of reference: ColumnReference) async throws -> [String] {
        try await warehouse.dbQueue.read { db in
            guard try db.tableExists("catalogue_lineage"), try db.tableExists("staging_columns") else {
                return Self.engineSources
            }
            func walk(_ starts: [(String, String)]) throws -> [String] {
                guard !starts.isEmpty else { return [] }
                let seeds = starts.map { _ in "SELECT ?, ?" }.joined(separator: " UNION ")
                let args = starts.flatMap { [$0.0, $0.1] }
                return try String.fetchAll(
                    db,
                    sql: """
                        WITH RECURSIVE up(t, c) AS (
                            \(seeds)
                            UNION SELECT l.input_table, l.input_column FROM catalogue_lineage l JOIN up ON l.model = up.t AND l.column_name = up.c
                        )
                        SELECT DISTINCT s.source FROM up JOIN staging_columns s ON s.staging_table = up.t AND s.column_name = up.c
                        ORDER BY s.source
                        """, arguments: StatementArguments(args))
            }
            var found = try walk([(reference.table, reference.column)])
            if found.isEmpty, SickLeaveTables.contractColumns.contains(reference.description) {
                let marks = databaseQuestionMarks(count: Self.engineInputModels.count)
                let inputs = try Row.fetchAll(
                    db, sql: "SELECT model, column_name FROM catalogue_columns WHERE model IN (\(marks))",
                    arguments: StatementArguments(Self.engineInputModels)
                ).map { ($0[0] as String, $0[1] as String) }
                found = try walk(inputs)
                if found.isEmpty { found = Self.engineSources }
            }
            // The primary data first: absence registrations, then employments, then the organisation.
            return found.sorted {
                (Self.engineSources.firstIndex(of: $0) ?? 99, $0) < (Self.engineSources.firstIndex(of: $1) ?? 99, $1)
            }
        }
    }
}
