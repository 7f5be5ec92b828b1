import Foundation
import GRDB
import KlarsynStore

/// The latest reconciliation run as `klarsyn reconcile` stored it (`recon_run.report_json`),
/// decoded into only what the page shows. The web target reads the stored JSON instead of linking
/// the reconciliation library: the CLI writes, the page reads (decimals stay the report's text).
struct ReconcileSnapshot: Decodable, Sendable {
    struct Provenance: Decodable, Sendable {
        struct File: Decodable, Sendable {
            var name: String
            var sha256: String
            var deliveryDate: String
            var rowsUsed: Int
        }
        struct Tolerance: Decodable, Sendable {
            var metric: String
            var absolute: String
            var relative: String
        }
        var vendorFiles: [File]
        var definition: String
        var definitionRules: [String]
        var tolerances: [Tolerance]
        var periodFrom: String
        var periodTo: String
        var vendorCutoff: String
        var rulesVersion: Int
    }
    struct Score: Decodable, Sendable {
        var metric: String
        var pairs, identical, withinTolerance, different, vendorOnly, inHouseOnly, duplicateKey: Int
        var exactPct, withinTolerancePct, vendorTotal, inHouseTotal, delta: String
    }
    struct Category: Decodable, Sendable {
        /// The category's id (`id_mapping`, …): the page translates from it.
        var category: String?
        var title: String
        var pairs: [Int]
        var days: [String]
        var employees: Int
        var unitsHit: Int
        var knownDifference: Int?
        var drift: String?
    }
    struct AsOf: Decodable, Sendable {
        var metric: String
        var vendorTotal, todayTotal, asOfTotal: String
        var lateDataOnly: Int
    }
    struct RandomCheck: Decodable, Sendable {
        var agreeingPairs, sampleSize, errors: Int
        var upperBound95Pct: String
    }
    struct Variant: Decodable, Sendable {
        var name: String
        var agreementPct: String
        var absoluteDelta: String
    }
    struct CategoryBest: Decodable, Sendable {
        var category: String
        var employeeMonths: Int
        var bestVariant: String
        var agreeing: Int
    }
    struct Sweep: Decodable, Sendable {
        var best: Variant
        var defaultVariant: Variant
        var perCategory: [CategoryBest]
    }
    struct Decision: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            var decisionId: Int
            var category: String
            var pairsAtDecision: Int?
            var daysAtDecision: String?
            var scope, presumedVendorDefinition, chosenDefinition, impact, approvedByBI, approvedByHR, decidedOn: String
        }
        var decision: Record
        var currentPairs: Int?
        var currentDays: String?
        var drifted: Bool
    }
    struct Trend: Decodable, Sendable {
        var seq: Int
        var definition, period, exactPct, withinTolerancePct: String
        var unexplained: Int
        var seriesBreak: String?
    }
    struct Cell: Decodable, Sendable {
        var unitId: String
        var month: String
        /// Set by the report when the cell had fewer persons than its `min_persons`; the page
        /// applies the workspace's suppression policy on top.
        var suppressed: Bool
        var persons: Int?
        var personAgreementPct: String?
        var unitAgrees: Bool?
    }
    struct PopulationDifference: Decodable, Sendable {
        var side: String
        var reason: String
        var employeeMonths: Int
        var employees: Int
        var vendorDays: String
        var inHouseDays: String
    }
    var runId: String
    var provenance: Provenance
    var populationDifferences: [PopulationDifference]?
    var scorecard: [Score]
    var categories: [Category]
    var asOf: [AsOf]
    var randomCheck: RandomCheck
    var sweep: Sweep?
    var decisions: [Decision]
    var trend: [Trend]
    var grid: [Cell]

    /// The latest stored run, or nil when none is recorded.
    static func latest(_ warehouse: Warehouse) throws -> ReconcileSnapshot? {
        let json = try warehouse.read { db -> String? in
            guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'recon_run'") == true
            else { return nil }
            return try String.fetchOne(db, sql: "SELECT report_json FROM recon_run ORDER BY seq DESC LIMIT 1")
        }
        guard let json else { return nil }
        return try JSONDecoder().decode(ReconcileSnapshot.self, from: Data(json.utf8))
    }
}
