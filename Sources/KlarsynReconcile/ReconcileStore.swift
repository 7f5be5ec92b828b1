import Foundation
public import GRDB
import KlarsynCore
public import KlarsynStore

/// A baseline decision: the BI unit and HR agree that a category of differences is a known
/// difference (the vendor counts otherwise), and which definition Klarsyn keeps.
public struct BaselineDecision: Sendable, Equatable, Codable {
    /// Sequential id (assigned when recorded).
    public var decisionId: Int
    /// The category made a known difference.
    public var category: MismatchCategory
    /// What the decision covers, e.g. "all units, 2024-01 … 2024-12".
    public var scope: String
    /// The vendor's definition as presumed (e.g. from the hypothesis sweep).
    public var presumedVendorDefinition: String
    /// The definition Klarsyn keeps, e.g. `sick-leave@1`.
    public var chosenDefinition: String
    /// Impact on the headline rates, in words (computed from the run it was based on, plus any note).
    public var impact: String
    /// Approver from the BI unit and from HR (role or initials, not a full name).
    public var approvedByBI: String
    public var approvedByHR: String
    /// The date of the decision, `yyyy-mm-dd`.
    public var decidedOn: String
    /// The run the decision was based on, and the category's size in it.
    public var basedOnRun: String
    public var pairsAtDecision: Int
    public var daysAtDecision: Fixed4

    /// Creates a decision (id 0 until recorded).
    public init(
        decisionId: Int = 0, category: MismatchCategory, scope: String, presumedVendorDefinition: String,
        chosenDefinition: String, impact: String, approvedByBI: String, approvedByHR: String, decidedOn: String,
        basedOnRun: String = "", pairsAtDecision: Int = 0, daysAtDecision: Fixed4 = .zero
    ) {
        self.decisionId = decisionId
        self.category = category
        self.scope = scope
        self.presumedVendorDefinition = presumedVendorDefinition
        self.chosenDefinition = chosenDefinition
        self.impact = impact
        self.approvedByBI = approvedByBI
        self.approvedByHR = approvedByHR
        self.decidedOn = decidedOn
        self.basedOnRun = basedOnRun
        self.pairsAtDecision = pairsAtDecision
        self.daysAtDecision = daysAtDecision
    }
}

/// The reconciliation tables: `recon_run`, `recon_pair`, `recon_decision`, append-only (triggers
/// refuse UPDATE and DELETE), created by the migrations below (ADR 0103).
public enum ReconcileStore {
    /// The migrations of the reconciliation tables.
    public static let migrations: [WarehouseMigration] = [
        WarehouseMigration("reconcile-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE recon_run (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL UNIQUE,
                        definition TEXT NOT NULL,
                        definition_version INTEGER NOT NULL,
                        rules_version INTEGER NOT NULL,
                        period_from TEXT NOT NULL,
                        period_to TEXT NOT NULL,
                        pairs INTEGER NOT NULL,
                        exact_pct TEXT NOT NULL,
                        within_pct TEXT NOT NULL,
                        unexplained INTEGER NOT NULL,
                        decisions TEXT NOT NULL,
                        report_json TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    );
                    CREATE TABLE recon_pair (
                        run_id TEXT NOT NULL REFERENCES recon_run(run_id),
                        metric TEXT NOT NULL,
                        employee_id TEXT NOT NULL,
                        month TEXT NOT NULL,
                        vendor TEXT,
                        in_house TEXT,
                        as_of TEXT,
                        delta TEXT,
                        status TEXT NOT NULL,
                        category TEXT,
                        evidence TEXT
                    );
                    CREATE INDEX recon_pair_run ON recon_pair(run_id, metric, employee_id, month);
                    CREATE TABLE recon_decision (
                        decision_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        category TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        presumed_vendor_definition TEXT NOT NULL,
                        chosen_definition TEXT NOT NULL,
                        impact TEXT NOT NULL,
                        approved_by_bi TEXT NOT NULL,
                        approved_by_hr TEXT NOT NULL,
                        decided_on TEXT NOT NULL,
                        based_on_run TEXT NOT NULL,
                        pairs_at_decision INTEGER NOT NULL,
                        days_at_decision TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    );
                    """)
            for table in ["recon_run", "recon_pair", "recon_decision"] {
                for op in ["UPDATE", "DELETE"] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_no_\(op.lowercased()) BEFORE \(op) ON \(table)
                            BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                            """)
                }
            }
        }
    ]

    /// Applies the reconciliation migrations that are pending (other areas' migrations untouched).
    public static func prepare(_ warehouse: Warehouse) throws {
        var migrator = DatabaseMigrator()
        for m in migrations { migrator.registerMigration(m.identifier, migrate: m.migrate) }
        try migrator.migrate(warehouse.dbQueue)
    }

    /// Recorded decisions, oldest first.
    public static func decisions(_ db: Database) throws -> [BaselineDecision] {
        try Row.fetchAll(db, sql: "SELECT * FROM recon_decision ORDER BY decision_id").map { r in
            BaselineDecision(
                decisionId: r["decision_id"], category: MismatchCategory(rawValue: r["category"]) ?? .unexplained,
                scope: r["scope"], presumedVendorDefinition: r["presumed_vendor_definition"],
                chosenDefinition: r["chosen_definition"], impact: r["impact"], approvedByBI: r["approved_by_bi"],
                approvedByHR: r["approved_by_hr"], decidedOn: r["decided_on"], basedOnRun: r["based_on_run"],
                pairsAtDecision: r["pairs_at_decision"], daysAtDecision: Fixed4(text: r["days_at_decision"]) ?? .zero)
        }
    }

    /// Appends a decision; returns its id.
    public static func record(_ d: BaselineDecision, in warehouse: Warehouse) throws -> Int {
        try prepare(warehouse)
        return try warehouse.write { db in
            try db.execute(
                sql: """
                    INSERT INTO recon_decision (category, scope, presumed_vendor_definition, chosen_definition, impact,
                        approved_by_bi, approved_by_hr, decided_on, based_on_run, pairs_at_decision, days_at_decision, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    d.category.rawValue, d.scope, d.presumedVendorDefinition, d.chosenDefinition, d.impact,
                    d.approvedByBI, d.approvedByHR, d.decidedOn, d.basedOnRun, d.pairsAtDecision,
                    d.daysAtDecision.description, ISO8601DateFormatter().string(from: Date()),
                ])
            return Int(db.lastInsertedRowID)
        }
    }

    /// The runs recorded before `runId` was first recorded (all runs when it is new), oldest first.
    static func previousRuns(_ db: Database, before runId: String) throws -> [TrendRow] {
        let own = try Int.fetchOne(db, sql: "SELECT seq FROM recon_run WHERE run_id = ?", arguments: [runId])
        return try Row.fetchAll(
            db, sql: "SELECT * FROM recon_run WHERE seq < ? ORDER BY seq", arguments: [own ?? Int.max]
        ).map { r in
            TrendRow(
                seq: r["seq"], runId: r["run_id"], definition: r["definition"], rulesVersion: r["rules_version"],
                period: "\(r["period_from"] as String) … \(r["period_to"] as String)", exactPct: r["exact_pct"],
                withinTolerancePct: r["within_pct"], unexplained: r["unexplained"],
                seriesBreak: r["decisions"] as String?)
        }
    }

    /// The report of the latest recorded run (without its pairs), for the web page.
    public static func latestReport(_ db: Database) throws -> ReconcileReport? {
        guard
            try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'recon_run'") == true,
            let json = try String.fetchOne(db, sql: "SELECT report_json FROM recon_run ORDER BY seq DESC LIMIT 1")
        else { return nil }
        return try JSONDecoder().decode(ReconcileReport.self, from: Data(json.utf8))
    }

    /// Appends the run and its pairs unless the run id is recorded already (same inputs).
    /// - Returns: true when written.
    @discardableResult
    public static func append(_ report: ReconcileReport, to warehouse: Warehouse) throws -> Bool {
        try prepare(warehouse)
        return try warehouse.write { db in
            if try Bool.fetchOne(
                db, sql: "SELECT count(*) > 0 FROM recon_run WHERE run_id = ?", arguments: [report.runId]) == true
            {
                return false
            }
            let total = report.scorecard.first { $0.metric == .total }
            try db.execute(
                sql:
                    "INSERT INTO recon_run (run_id, definition, definition_version, rules_version, period_from, period_to, pairs, exact_pct, within_pct, unexplained, decisions, report_json, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    report.runId, report.provenance.definition, report.provenance.definitionVersion,
                    report.provenance.rulesVersion, report.provenance.periodFrom, report.provenance.periodTo,
                    total?.pairs ?? 0, total?.exactPct ?? "–", total?.withinTolerancePct ?? "–",
                    report.categories.first { $0.category == .unexplained }.map { $0.pairs.reduce(0, +) } ?? 0,
                    report.decisions.map { "D\($0.decision.decisionId)" }.joined(separator: ","),
                    try ReportRenderer.json(report), ISO8601DateFormatter().string(from: Date()),
                ])
            let insert = try db.makeStatement(
                sql:
                    "INSERT INTO recon_pair (run_id, metric, employee_id, month, vendor, in_house, as_of, delta, status, category, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            for p in report.pairs {
                try insert.execute(arguments: [
                    report.runId, p.metric.rawValue, p.employeeId, p.month.text, p.vendor?.description,
                    p.inHouse?.description, p.asOf?.description, p.delta?.description, p.status.rawValue,
                    p.category?.rawValue, p.evidence,
                ])
            }
            return true
        }
    }
}
