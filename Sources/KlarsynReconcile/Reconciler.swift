import Crypto
import Foundation
import GRDB
import KlarsynBuild
public import KlarsynCore
public import KlarsynMetrics
public import KlarsynStore

/// Reconciles Klarsyn's sick leave with the vendor's figures (`pdc_sickleave`).
///
/// ```swift
/// let report = try Reconciler(warehouse: w, definitions: set, config: config).run(today: day)
/// print(ReportRenderer.text(report))
/// ```
public struct Reconciler: Sendable {
    public let warehouse: Warehouse
    public let definitions: SickLeaveDefinitionSet
    public let config: ReconcileConfig

    /// Creates a reconciler.
    public init(warehouse: Warehouse, definitions: SickLeaveDefinitionSet, config: ReconcileConfig) {
        self.warehouse = warehouse
        self.definitions = definitions
        self.config = config
    }

    struct Key: Hashable, Comparable {
        var employeeId: String
        var month: YearMonth
        static func < (a: Key, b: Key) -> Bool { (a.employeeId, a.month) < (b.employeeId, b.month) }
    }

    /// Runs the reconciliation. `today` resolves `current`; `definitionOverride` replaces the config's.
    /// - Throws: ``ReconcileInputError`` on bad input (exit 2).
    public func run(today: CalendarDay, definitionOverride: String? = nil, sweep runSweep: Bool = true) throws
        -> ReconcileReport
    {
        let reference = definitionOverride ?? config.definition
        let definition: SickLeaveDefinition
        do {
            definition = try definitions.resolve(reference, today: today)
        } catch {
            throw ReconcileInputError(
                file: ReconcileConfig.relativePath, line: nil, field: "definition", message: "\(error)")
        }
        try ReconcileStore.prepare(warehouse)
        let build = SickLeaveBuild(warehouse: warehouse)
        let hasModels = try warehouse.read { db in
            try Bool.fetchOne(
                db,
                sql:
                    "SELECT count(*) = 3 FROM sqlite_master WHERE name IN ('employment', 'org_unit', 'stg_psc_absences')"
            )
        }
        guard hasModels == true else {
            throw ReconcileInputError(
                file: "warehouse", line: nil, field: "employment/org_unit/stg_psc_absences",
                message:
                    "the warehouse has no built HR model or no absence registrations: run `klarsyn ingest` and `klarsyn build` first"
            )
        }
        let horizon = try build.horizon(fallback: today)
        let (vendorRows, files) = try warehouse.read { db in
            try VendorFigures.load(db, source: config.vendorSource, idMapping: config.idMapping)
        }
        guard !vendorRows.isEmpty else {
            throw ReconcileInputError(
                file: "warehouse", line: nil, field: "stg_\(config.vendorSource)",
                message:
                    "no vendor figures are loaded: ingest the vendor's \(config.vendorSource)_*.csv deliveries first")
        }
        // Period: the vendor's months that Klarsyn has complete, unless configured.
        let firstAbsence = try build.firstMonth()
        let lastComplete =
            horizon == horizon.yearMonth.lastDay ? horizon.yearMonth : YearMonth(ordinal: horizon.yearMonth.ordinal - 1)
        let vendorMonths = vendorRows.map(\.month)
        var from =
            config.periodFrom.flatMap { YearMonth(text: $0) }
            ?? max(vendorMonths.min()!, firstAbsence ?? vendorMonths.min()!)
        var to = config.periodTo.flatMap { YearMonth(text: $0) } ?? min(vendorMonths.max()!, lastComplete)
        if config.periodFrom == nil, let f = firstAbsence { from = max(from, f) }
        if config.periodTo == nil { to = min(to, lastComplete) }
        guard from <= to else {
            throw ReconcileInputError(
                file: ReconcileConfig.relativePath, line: nil, field: "period",
                message:
                    "no month to compare: the vendor's figures cover \(vendorMonths.min()!.text) … \(vendorMonths.max()!.text), Klarsyn's data \(firstAbsence?.text ?? "none") … \(lastComplete.text); set [period] from/to"
            )
        }
        var months: [YearMonth] = []
        for o in from.ordinal...to.ordinal { months.append(YearMonth(ordinal: o)) }
        let monthSet = Set(months)

        // Klarsyn's side.
        let tree = try build.unitTree()
        let engine = SickLeaveEngine(definition: definition, units: tree, through: horizon)
        let computer = InHouseComputer(
            engine: engine, months: months, cutoffLagDays: config.cutoffLagDays,
            population: Set(definition.parameters.population))
        var inHouse: [Key: InHouseMonth] = [:]
        var hrIds = Set<String>()
        try build.forEachInput { input in
            if !input.employments.isEmpty { hrIds.insert(input.employeeId) }
            for (m, v) in computer.compute(input) { inHouse[Key(employeeId: input.employeeId, month: m)] = v }
        }

        // The vendor's side.
        var vendor: [Key: [VendorRow]] = [:]
        for row in vendorRows where monthSet.contains(row.month) {
            vendor[Key(employeeId: row.employeeId, month: row.month), default: []].append(row)
        }
        var writtenByPadded: [String: Set<String>] = [:]
        for row in vendorRows {
            writtenByPadded[VendorFigures.map(row.writtenId, mode: "pad_leading_zeros"), default: []].insert(
                row.employeeId)
        }

        // Pairs.
        let keys = Set(inHouse.filter { $0.value.hasRow }.keys).union(vendor.keys).sorted()
        var pairs: [Pair] = []
        pairs.reserveCapacity(keys.count * 3)
        var pairIndex: [Key: Int] = [:]  // index of the short pair; long +1, total +2
        for key in keys {
            let ih = inHouse[key].flatMap { $0.hasRow ? $0 : nil }
            let v = vendor[key]
            pairIndex[key] = pairs.count
            for metric in Metric.allCases {
                let vv = v.map { $0.last!.figures.value(metric) }
                let iv = ih.map { $0.alt[0].value(metric) }
                var p = Pair(
                    metric: metric, employeeId: key.employeeId, month: key.month, vendor: vv, inHouse: iv,
                    asOf: ih.map { $0.alt[Transform.asOf].value(metric) }, delta: nil, status: .different)
                if let vv, let iv { p.delta = iv - vv }
                if let v, v.count > 1 {
                    p.status = .duplicateKey
                } else if vv == nil {
                    p.status = .inHouseOnly
                } else if iv == nil {
                    p.status = .vendorOnly
                } else if p.delta == .zero {
                    p.status = .identical
                } else if config.tolerances[metric]!.admits(delta: p.delta!, vendor: vv!) {
                    p.status = .withinTolerance
                }
                pairs.append(p)
            }
        }

        // Mismatch rules (set 1).
        func agrees(_ metric: Metric, _ a: Fixed4, _ b: Fixed4) -> Bool {
            config.tolerances[metric]!.admits(delta: a - b, vendor: b)
        }
        for (key, base) in pairIndex.sorted(by: { $0.key < $1.key }) {
            let ih = inHouse[key]
            let v = vendor[key]
            for offset in 0..<3 where !pairs[base + offset].status.agrees {
                let metric = Metric.allCases[offset]
                var p = pairs[base + offset]
                let (category, evidence) = categorize(
                    p, key: key, ih: ih, vendorRows: v ?? [], hrIds: hrIds, writtenByPadded: writtenByPadded,
                    definition: definition, agrees: agrees,
                    neighbour: { m in
                        guard let i = pairIndex[Key(employeeId: key.employeeId, month: m)] else { return nil }
                        return pairs[i + offset]
                    }, metric: metric)
                p.category = category
                p.evidence = evidence
                pairs[base + offset] = p
            }
        }

        // Unit attribution (unit level).
        var unitAttribution: [(Key, Fixed4, [String])] = []
        for key in keys {
            guard let ih = inHouse[key], ih.hasRow, vendor[key] != nil, let end = ih.endUnit else { continue }
            let moved = ih.unitDays.filter { $0.key != end && $0.value > .zero }
            if !moved.isEmpty {
                unitAttribution.append((key, moved.values.reduce(.zero, +), (Array(moved.keys) + [end]).sorted()))
            }
        }

        // Decisions, run id, trend.
        let decisions = try warehouse.read { db in try ReconcileStore.decisions(db) }
        var latestDecision: [MismatchCategory: BaselineDecision] = [:]
        for d in decisions { latestDecision[d.category] = d }

        let provenance = Provenance(
            vendorSource: config.vendorSource,
            vendorFiles: files.keys.sorted { (files[$0]!.date, files[$0]!.name) < (files[$1]!.date, files[$1]!.name) }
                .map { id in
                    VendorFile(
                        name: files[id]!.name, sha256: files[id]!.sha, deliveryDate: files[id]!.date,
                        rowsUsed: vendorRows.filter { $0.fileId == id && monthSet.contains($0.month) }.count)
                }.filter { $0.rowsUsed > 0 },
            definition: definition.reference, definitionVersion: definition.version,
            definitionRules: SickLeaveWords.parameters(definition.parameters),
            tolerances: Metric.allCases.map {
                ToleranceRow(
                    metric: $0, absolute: config.tolerances[$0]!.absolute, relative: config.tolerances[$0]!.relative)
            },
            periodFrom: from.text, periodTo: to.text, horizon: horizon.iso,
            vendorCutoff:
                "each month's figure as registered by the end of the month\(config.cutoffLagDays > 0 ? " + \(config.cutoffLagDays) days" : "") (Europe/Copenhagen); later registrations and retractions are missing",
            idMapping: config.idMapping, rulesVersion: config.rulesVersion, configVersion: config.version,
            seed: config.seed)

        let inputHash = try warehouse.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM landing_files WHERE status = 'loaded' ORDER BY sha256")
        }
        var hasher = SHA256()
        for part in inputHash { hasher.update(data: Data(part.utf8)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(data: try encoder.encode(definition))
        hasher.update(data: try encoder.encode(config))
        hasher.update(data: try encoder.encode(decisions))
        hasher.update(data: Data("sweep=\(runSweep)".utf8))
        let runId = hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()

        let report = try assemble(
            runId: runId, provenance: provenance, pairs: pairs, keys: keys, inHouse: inHouse, vendor: vendor,
            unitAttribution: unitAttribution, latestDecision: latestDecision, decisions: decisions, engine: engine,
            build: build, runSweep: runSweep, months: months, hrIds: hrIds)
        return report
    }

    // MARK: - Rules

    func categorize(
        _ p: Pair, key: Key, ih: InHouseMonth?, vendorRows: [VendorRow], hrIds: Set<String>,
        writtenByPadded: [String: Set<String>], definition: SickLeaveDefinition,
        agrees: (Metric, Fixed4, Fixed4) -> Bool, neighbour: (YearMonth) -> Pair?, metric: Metric
    ) -> (MismatchCategory, String) {
        let padded = VendorFigures.map(key.employeeId, mode: "pad_leading_zeros")
        let variants = (writtenByPadded[padded] ?? []).subtracting([key.employeeId])
        switch p.status {
        case .duplicateKey:
            let written = Set(vendorRows.map(\.writtenId)).sorted()
            let where_ = vendorRows.map { "\($0.file):\($0.line)" }.joined(separator: ", ")
            if written.count > 1 {
                return (
                    .idMapping,
                    "the vendor delivered \(vendorRows.count) figures for this employee and month under the ids \(written.joined(separator: ", ")) (\(where_)); the last is compared"
                )
            }
            return (.unexplained, "the vendor delivered \(vendorRows.count) figures for this key (\(where_))")
        case .vendorOnly:
            let written = vendorRows.first?.writtenId ?? key.employeeId
            if !hrIds.contains(key.employeeId) {
                if config.idMapping == "none", hrIds.contains(padded) {
                    return (
                        .idMapping,
                        "the vendor's id \(written) is not an HR id, but \(padded) (with leading zeros) is: set id_mapping = \"pad_leading_zeros\""
                    )
                }
                return (.idMapping, "the vendor's id \(written) matches no employee in HR's data")
            }
            return (.population, populationReason(ih, side: .vendorOnly, definition: definition))
        case .inHouseOnly:
            if config.idMapping == "none", !variants.isEmpty {
                return (
                    .idMapping,
                    "the vendor reports this employee as \(variants.sorted().joined(separator: ", ")) (leading zeros dropped)"
                )
            }
            return (.population, populationReason(ih, side: .inHouseOnly, definition: definition))
        case .identical, .withinTolerance:
            return (.unexplained, "")
        case .different:
            break
        }
        guard let ih, let vv = p.vendor, let iv = p.inHouse else { return (.unexplained, "") }
        if ih.countedDays < ih.employedDays, vv > iv {
            let outside = ih.forms.filter { !definition.parameters.population.contains($0) }
            return (
                .population,
                "\(ih.employedDays - ih.countedDays) of \(ih.employedDays) employed days this month are in a form outside the population (\(outside.joined(separator: ", "))); the vendor counts more"
            )
        }
        let vendorFigures = vendorRows.last!.figures
        for t in Transform.ordered.dropFirst() where agrees(metric, ih.alt[t.bits].value(metric), vv) {
            if t.usesAsOf {
                return (
                    .lateRegistration,
                    "Klarsyn \(t.words): \(ih.alt[t.bits].value(metric)) = vendor \(vv); today Klarsyn counts \(iv): registrations or retractions after the cut-off"
                )
            }
            return (
                .dayBasis,
                "Klarsyn \(t.words): \(ih.alt[t.bits].value(metric)) = vendor \(vv) (Klarsyn as computed: \(iv))"
            )
        }
        if metric != .total {
            for t in Transform.ordered where agrees(.total, ih.alt[t.bits].total, vendorFigures.total) {
                return (
                    .splitBoundary,
                    "same total (Klarsyn \(t.words): \(ih.alt[t.bits].total), vendor \(vendorFigures.total)), different split: Klarsyn short \(ih.alt[t.bits].short) / long \(ih.alt[t.bits].long), vendor short \(vendorFigures.short) / long \(vendorFigures.long)"
                )
            }
        }
        let delta = iv - vv
        for o in [key.month.ordinal - 1, key.month.ordinal + 1] {
            let m = YearMonth(ordinal: o)
            guard let n = neighbour(m), let nd = n.delta, let nv = n.vendor, nd != .zero,
                (nd.scaled < 0) != (delta.scaled < 0)
            else { continue }
            if agrees(metric, delta + nd + vv + nv, vv + nv) {
                return (.monthBoundary, "Δ \(delta) here is offset by Δ \(nd) in \(m.text)")
            }
        }
        if delta.magnitude < Fixed4(whole: 1), vv.isWhole {
            for mode in Fixed4.RoundingMode.allCases where iv.roundedToWhole(mode) == vv {
                return (.rounding, "Klarsyn's \(iv) rounded \(mode.rawValue) is the vendor's \(vv)")
            }
        }
        return (.unexplained, "no rule of set \(config.rulesVersion) explains Δ \(delta)")
    }

    func populationReason(_ ih: InHouseMonth?, side: PairStatus, definition: SickLeaveDefinition) -> String {
        guard let ih, ih.employedDays > 0 else {
            if let ih, ih.afterEnd { return "reported after the employee left" }
            if let ih, ih.beforeStart { return "reported before the employment started" }
            return side == .vendorOnly ? "not employed in the month" : "no employment in the month"
        }
        if side == .vendorOnly {
            if ih.countedDays == 0 {
                return "employment form \(ih.forms.joined(separator: ", ")) is outside the definition's population"
            }
            return "Klarsyn has no row for an employed month"
        }
        return "the vendor has no figure for an employee in the population"
    }
}

/// The rules of a definition in words (as the explanation states them).
enum SickLeaveWords {
    static func parameters(_ p: SickLeaveParameters) -> [String] {
        [
            "codes " + p.codes.joined(separator: ", "),
            "population " + p.population.joined(separator: ", "),
            "half day weight \(Fixed4(p.halfDayWeight))",
            "link gap \(p.linkGapDays) days",
            "long-term when \(p.lengthBasis.rawValue) \(p.longTermComparison.rawValue) \(p.longTermThresholdDays) days",
            "classification \(p.classification.rawValue)",
        ]
    }
}
