public import KlarsynCore

/// One compared figure: (metric, employee, month).
public struct Pair: Sendable, Equatable, Codable {
    public var metric: Metric
    public var employeeId: String
    public var month: YearMonth
    public var vendor: Fixed4?
    public var inHouse: Fixed4?
    /// Klarsyn's figure from what was known at the vendor's cut-off.
    public var asOf: Fixed4?
    /// in-house − vendor, when both exist.
    public var delta: Fixed4?
    public var status: PairStatus
    /// Set for pairs that do not agree.
    public var category: MismatchCategory?
    /// The evidence the rule found.
    public var evidence: String?
}

/// Where the compared figures come from.
public struct Provenance: Sendable, Equatable, Codable {
    public var vendorSource: String
    public var vendorFiles: [VendorFile]
    public var definition: String
    public var definitionVersion: Int
    public var definitionRules: [String]
    public var tolerances: [ToleranceRow]
    public var periodFrom: String
    public var periodTo: String
    public var horizon: String
    public var vendorCutoff: String
    public var idMapping: String
    public var rulesVersion: Int
    public var configVersion: Int
    public var seed: UInt64
}

/// A tolerance, for the provenance.
public struct ToleranceRow: Sendable, Equatable, Codable {
    public var metric: Metric
    public var absolute: Fixed4
    public var relative: Fixed4
}

/// Scorecard line of one metric.
public struct ScorecardRow: Sendable, Equatable, Codable {
    public var metric: Metric
    public var pairs: Int
    public var identical: Int
    public var withinTolerance: Int
    public var different: Int
    public var vendorOnly: Int
    public var inHouseOnly: Int
    public var duplicateKey: Int
    public var exactPct: String
    public var withinTolerancePct: String
    public var vendorTotal: Fixed4
    public var inHouseTotal: Fixed4
    public var delta: Fixed4
}

/// Employee-months one side has and the other not, grouped by reason.
public struct PopulationDifference: Sendable, Equatable, Codable {
    public var side: PairStatus
    public var reason: String
    public var employeeMonths: Int
    public var employees: Int
    public var vendorDays: Fixed4
    public var inHouseDays: Fixed4
}

/// One mismatch category's size.
public struct CategoryRow: Sendable, Equatable, Codable {
    public var category: MismatchCategory
    public var title: String
    public var rule: String
    /// Pairs per metric (short_days, long_days, total).
    public var pairs: [Int]
    /// Σ |Δ| per metric.
    public var days: [Fixed4]
    public var employees: Int
    public var unitsHit: Int
    /// The baseline decision that made this a known difference.
    public var knownDifference: Int?
    /// Set when the size moved by more than the drift tolerance since the decision.
    public var drift: String?
}

/// A case for a reviewer.
public struct CaseSample: Sendable, Equatable, Codable {
    public var category: MismatchCategory
    public var employeeId: String
    public var month: YearMonth
    public var metrics: [Metric]
    public var vendor: Figures?
    public var inHouse: Figures?
    public var asOf: Figures?
    public var evidence: String
    /// Klarsyn's explanation of the month (step 4), as text.
    public var explanation: String
    /// For the reviewer: `confirmed`, `rejected` or a note; empty in a generated report.
    public var verdict: String?
}

/// The random check of agreeing pairs.
public struct RandomCheck: Sendable, Equatable, Codable {
    public var agreeingPairs: Int
    public var sampleSize: Int
    public var seed: UInt64
    public var errors: Int
    /// One-sided 95 % upper bound of the error rate (Clopper–Pearson), percent.
    public var upperBound95Pct: String
    public var method: String
    public var items: [RandomCheckItem]
}

/// One checked pair.
public struct RandomCheckItem: Sendable, Equatable, Codable {
    public var employeeId: String
    public var month: YearMonth
    public var vendor: Fixed4
    public var inHouse: Fixed4
    public var vendorLineAgrees: Bool
    public var explanationAgrees: Bool
    public var verdict: String?
}

/// Today's figures beside those known at the vendor's cut-off.
public struct AsOfRow: Sendable, Equatable, Codable {
    public var metric: Metric
    public var vendorTotal: Fixed4
    public var todayTotal: Fixed4
    public var asOfTotal: Fixed4
    public var agreeingToday: Int
    public var agreeingAsOf: Int
    /// Pairs that agree as of the cut-off but not today: late data.
    public var lateDataOnly: Int
    /// Pairs that agree today but not as of the cut-off.
    public var todayOnly: Int
}

/// A unit × month cell.
public struct GridCell: Sendable, Equatable, Codable {
    public var unitId: String
    public var month: YearMonth
    public var suppressed: Bool
    public var persons: Int?
    public var inHouseDays: Fixed4?
    public var vendorDays: Fixed4?
    public var delta: Fixed4?
    public var personsAgreeing: Int?
    public var personAgreementPct: String?
    public var unitAgrees: Bool?
}

/// A hypothesis variant and how well it agrees with the vendor.
public struct SweepVariant: Sendable, Equatable, Codable {
    public var name: String
    public var isDefault: Bool
    public var employeeMonths: Int
    /// Employee-months whose three figures all agree.
    public var agreeing: Int
    public var agreementPct: String
    /// Σ |Δ| of the total.
    public var absoluteDelta: Fixed4
}

/// The best variant for the pairs of one category.
public struct SweepCategoryBest: Sendable, Equatable, Codable {
    public var category: MismatchCategory
    public var employeeMonths: Int
    public var bestVariant: String
    public var agreeing: Int
    public var defaultAgreeing: Int
}

/// The hypothesis sweep.
public struct SweepResult: Sendable, Equatable, Codable {
    public var variants: Int
    public var employees: Int
    public var best: SweepVariant
    public var defaultVariant: SweepVariant
    public var top: [SweepVariant]
    public var perCategory: [SweepCategoryBest]
}

/// A baseline decision and whether it still holds.
public struct DecisionStatus: Sendable, Equatable, Codable {
    public var decision: BaselineDecision
    public var currentPairs: Int
    public var currentDays: Fixed4
    public var drifted: Bool
}

/// A previous (or this) run.
public struct TrendRow: Sendable, Equatable, Codable {
    public var seq: Int
    public var runId: String
    public var definition: String
    public var rulesVersion: Int
    public var period: String
    public var exactPct: String
    public var withinTolerancePct: String
    public var unexplained: Int
    /// Set when the definition or the baseline changed since the previous run: a series break.
    public var seriesBreak: String?
}

/// The reconciliation report.
public struct ReconcileReport: Sendable, Equatable, Codable {
    public var runId: String
    public var provenance: Provenance
    public var scorecard: [ScorecardRow]
    public var populationDifferences: [PopulationDifference]
    public var categories: [CategoryRow]
    public var cases: [CaseSample]
    public var randomCheck: RandomCheck
    public var asOf: [AsOfRow]
    public var grid: [GridCell]
    public var sweep: SweepResult?
    public var decisions: [DecisionStatus]
    public var trend: [TrendRow]
    /// Unexplained pairs not covered by a baseline decision.
    public var newUnexplained: Int
    public var driftedDecisions: Int
    /// 0 within thresholds, 1 new unexplained differences or a drifted known difference.
    public var exitCode: Int
    /// Every pair (written to CSV and `recon_pair`, not to JSON).
    public var pairs: [Pair]

    enum CodingKeys: String, CodingKey {
        case runId, provenance, scorecard, populationDifferences, categories, cases, randomCheck, asOf, grid, sweep,
            decisions, trend, newUnexplained, driftedDecisions, exitCode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runId = try c.decode(String.self, forKey: .runId)
        provenance = try c.decode(Provenance.self, forKey: .provenance)
        scorecard = try c.decode([ScorecardRow].self, forKey: .scorecard)
        populationDifferences = try c.decode([PopulationDifference].self, forKey: .populationDifferences)
        categories = try c.decode([CategoryRow].self, forKey: .categories)
        cases = try c.decode([CaseSample].self, forKey: .cases)
        randomCheck = try c.decode(RandomCheck.self, forKey: .randomCheck)
        asOf = try c.decode([AsOfRow].self, forKey: .asOf)
        grid = try c.decode([GridCell].self, forKey: .grid)
        sweep = try c.decodeIfPresent(SweepResult.self, forKey: .sweep)
        decisions = try c.decode([DecisionStatus].self, forKey: .decisions)
        trend = try c.decode([TrendRow].self, forKey: .trend)
        newUnexplained = try c.decode(Int.self, forKey: .newUnexplained)
        driftedDecisions = try c.decode(Int.self, forKey: .driftedDecisions)
        exitCode = try c.decode(Int.self, forKey: .exitCode)
        pairs = []
    }

    init(
        runId: String, provenance: Provenance, scorecard: [ScorecardRow], populationDifferences: [PopulationDifference],
        categories: [CategoryRow], cases: [CaseSample], randomCheck: RandomCheck, asOf: [AsOfRow], grid: [GridCell],
        sweep: SweepResult?, decisions: [DecisionStatus], trend: [TrendRow], newUnexplained: Int,
        driftedDecisions: Int, exitCode: Int, pairs: [Pair]
    ) {
        self.runId = runId
        self.provenance = provenance
        self.scorecard = scorecard
        self.populationDifferences = populationDifferences
        self.categories = categories
        self.cases = cases
        self.randomCheck = randomCheck
        self.asOf = asOf
        self.grid = grid
        self.sweep = sweep
        self.decisions = decisions
        self.trend = trend
        self.newUnexplained = newUnexplained
        self.driftedDecisions = driftedDecisions
        self.exitCode = exitCode
        self.pairs = pairs
    }
}
