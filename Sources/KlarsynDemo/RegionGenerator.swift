public import Foundation
import KlarsynCore

/// Writes a synthetic Danish hospital region as delivery files in exactly the formats of
/// `sources/README.md`, as an inbox would receive them over the period.
///
/// ```swift
/// let generator = RegionGenerator(spec: RegionSpec(employees: 400, years: 1, seed: 7))
/// let report = try generator.write(to: URL(fileURLWithPath: "/tmp/inbox"))
/// report.summaryLines.forEach { print($0) }
/// ```
public struct RegionGenerator: Sendable {
    /// What to generate.
    public let spec: RegionSpec

    /// Creates a generator for a spec (validated when writing).
    public init(spec: RegionSpec) { self.spec = spec }

    /// Employees per block; two blocks are generated at a time, one per core.
    static let blockSize = 500

    /// Writes every delivery file into `directory` (created if missing). Refuses, with a
    /// ``GenerationError``, a folder that already holds delivery files.
    public func write(to directory: URL, progress: (@Sendable (GenerationProgress) -> Void)? = nil) throws
        -> GenerationReport
    {
        try spec.validate()
        try prepare(directory)
        var done = 0.0
        func report(_ phase: String, _ fraction: Double) {
            done = max(done, min(1, fraction))
            progress?(GenerationProgress(phase: phase, fraction: done))
        }
        report("organisation and workforce", 0)
        let calendar = SimCalendar(spec: spec)
        let org = Organisation(spec: spec, calendar: calendar)
        let workforce = Workforce(spec: spec, org: org, calendar: calendar)
        let writer = DeliveryWriter(directory: directory)
        var ledger = Ledger()

        report("org units and employments", 0.05)
        let hr = HRDeliveries(org: org, workforce: workforce, calendar: calendar)
        let monthlyNames = (0...calendar.months.count).map { k in
            k == 0 ? calendar.months[0] : calendar.months[k - 1].next
        }
        for (source, sinks) in [(Source.orgUnits, hr.orgUnitFiles()), (.employments, hr.employmentFiles())] {
            for (k, sink) in sinks.enumerated() {
                let name = source.fileName(month: monthlyNames[k])
                try writer.create(name, source.headerBytes + sink.bytes)
                ledger.add(source, name, rows: sink.rows)
            }
        }

        // Per-employee sources: created with their headers, then appended block by block.
        let layout = BucketLayout(months: calendar.months.count, weeks: calendar.weeks)
        var bucketNames = [String](repeating: "", count: layout.count)
        var bucketSource = [Source](repeating: .payroll, count: layout.count)
        for m in 0..<calendar.months.count {
            bucketNames[layout.payroll(m)] = Source.payroll.fileName(month: calendar.months[m].next)
            bucketNames[layout.sickLeave(m)] = Source.sickLeave.fileName(month: calendar.months[m].next)
            bucketSource[layout.sickLeave(m)] = .sickLeave
        }
        for k in 0..<calendar.weeks {
            bucketNames[layout.shifts(k)] = Source.shifts.fileName(day: calendar.weekDelivery(k))
            bucketSource[layout.shifts(k)] = .shifts
            bucketNames[layout.absences(k)] = Source.absences.fileName(day: calendar.weekDelivery(k))
            bucketSource[layout.absences(k)] = .absences
        }
        for (i, name) in bucketNames.enumerated() {
            try writer.create(name, bucketSource[i].headerBytes)
            ledger.add(bucketSource[i], name, rows: 0)
        }
        let timeline = TimelineGenerator(seed: spec.seed, org: org, workforce: workforce, calendar: calendar)
        let slotCount = org.units.count * calendar.months.count
        var sick = [Int32](repeating: 0, count: slotCount)
        var staff = [Int32](repeating: 0, count: slotCount)
        let total = workforce.employees.count
        var first = 0
        let box = BlockBox()
        while first < total {
            let ranges = (0..<2).map { i in
                min(
                    total, first + i * RegionGenerator.blockSize)..<min(
                        total, first + (i + 1) * RegionGenerator.blockSize)
            }
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                box.put(i, timeline.run(ranges[i]))
            }
            for i in 0..<2 {
                let out = box.take(i)
                for (f, sink) in out.sinks.enumerated() where !sink.bytes.isEmpty {
                    try writer.append(bucketNames[f], sink.bytes)
                    ledger.add(bucketSource[f], bucketNames[f], rows: sink.rows)
                }
                for s in 0..<slotCount {
                    sick[s] += out.unitMonthSick[s]
                    staff[s] += out.unitMonthStaff[s]
                }
            }
            first += 2 * RegionGenerator.blockSize
            report("shifts, absences, payroll", 0.07 + 0.68 * Double(min(first, total)) / Double(total))
        }

        // Unit-level sources.
        let units = UnitDeliveries(seed: spec.seed, org: org, workforce: workforce, calendar: calendar)
        let placements = units.placements()
        for (si, s) in units.semesterStarts.enumerated() {
            let name = Source.interns.fileName(day: calendar.day(s - 14))
            let sink = units.internFile(placements[si])
            try writer.create(name, Source.interns.headerBytes + sink.bytes)
            ledger.add(.interns, name, rows: sink.rows)
        }
        let allPlacements = placements.flatMap { $0 }
        for k in 0..<calendar.weeks {
            let range =
                k == 0
                ? 0..<calendar.firstMonday : (calendar.firstMonday + 7 * (k - 1))..<(calendar.firstMonday + 7 * k)
            let sink = units.ehrWeek(range, placements: allPlacements)
            let name = Source.ehr.fileName(day: calendar.weekDelivery(k))
            try writer.create(name, sink.bytes)
            ledger.add(.ehr, name, rows: sink.rows)
            if k % 8 == 0 { report("EHR activity", 0.75 + 0.15 * Double(k) / Double(calendar.weeks)) }
        }
        report("survey and agency invoices", 0.9)
        for (ri, round) in units.surveyRounds.enumerated() {
            let sink = units.surveyFile(
                round: round.name, measured: round.measured, roundIndex: ri, sick: sick, staff: staff)
            let name = Source.survey.fileName(day: round.delivered)
            try writer.create(name, Source.survey.headerBytes + sink.bytes)
            ledger.add(.survey, name, rows: sink.rows)
        }
        for m in 0..<calendar.months.count {
            let sink = units.agencyFile(month: m, sick: sick, staff: staff)
            let name = Source.agency.fileName(month: calendar.months[m].next)
            try writer.create(name, Source.agency.headerBytes + sink.bytes)
            ledger.add(.agency, name, rows: sink.rows)
        }

        var faultCount = 0
        if spec.faults {
            report("faults", 0.95)
            var injector = FaultInjector(
                seed: spec.seed, writer: writer, ledger: ledger, calendar: calendar, workforce: workforce, org: org)
            try injector.inject()
            ledger = injector.ledger
            faultCount = injector.records.count
            try injector.writeManifest()
        }
        report("done", 1)
        return try makeReport(directory: directory, ledger: ledger, org: org, workforce: workforce, faults: faultCount)
    }

    /// Creates the folder, or checks that an existing one holds no delivery files.
    private func prepare(_ directory: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw GenerationError(
                    .cannotWrite, "\(directory.path) is a file, not a folder. Choose a folder with --out.")
            }
            let names = try fm.contentsOfDirectory(atPath: directory.path).filter(RegionGenerator.isGeneratedName)
                .sorted()
            if !names.isEmpty {
                let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " …" : "")
                throw GenerationError(
                    .outputNotEmpty,
                    "The folder \(directory.path) already holds delivery files (\(shown)). Choose an empty folder with --out, or delete it first."
                )
            }
        } else {
            do {
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw GenerationError(
                    .cannotWrite, "Could not create the folder \(directory.path). Check the path and its permissions.")
            }
        }
    }

    /// Names the generator writes: every source's files, the faults manifest and the unrecognisable files.
    static func isGeneratedName(_ name: String) -> Bool {
        if name == "faults.json" || name == FaultInjector.readmeName || name.hasPrefix("pdc_") { return true }
        return Source.allCases.contains { name.hasPrefix($0.prefix + "_") }
    }

    private func makeReport(directory: URL, ledger: Ledger, org: Organisation, workforce: Workforce, faults: Int) throws
        -> GenerationReport
    {
        let fm = FileManager.default
        var summaries: [GenerationReport.SourceSummary] = []
        var totalBytes = 0
        var sizes: [String: Int] = [:]
        for name in try fm.contentsOfDirectory(atPath: directory.path) {
            let attributes = try fm.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            sizes[name] = size
            totalBytes += size
        }
        for source in Source.allCases {
            let names = ledger.names[source.rawValue]
            summaries.append(
                .init(
                    source: source.prefix, files: names.count, rows: ledger.rows[source.rawValue],
                    bytes: names.reduce(0) { $0 + (sizes[$1] ?? 0) }))
        }
        let hospitals = org.hospitalCount
        var lines = [
            "\(Catalogue.regionName): \(hospitals) hospitals, \(org.units.count) units, \(workforce.employees.count) employees, \(spec.start.iso) – \(spec.end.iso) (seed \(spec.seed))"
        ]
        for s in summaries {
            let name = s.source.padding(toLength: 16, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(s.files) files, \(s.rows) rows, \(RegionGenerator.megabytes(s.bytes))")
        }
        lines.append("  total            \(RegionGenerator.megabytes(totalBytes))")
        if spec.faults { lines.append("  faults           \(faults) injected, listed in faults.json") }
        return GenerationReport(
            sources: summaries, employees: workforce.employees.count, units: org.units.count, hospitals: hospitals,
            periodStart: spec.start.iso, periodEnd: spec.end.iso, faults: faults, totalBytes: totalBytes,
            summaryLines: lines)
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return String(tenths / 10) + "." + String(tenths % 10) + " MB"
    }
}

/// Files and data rows written per source.
struct Ledger: Sendable {
    var names: [[String]] = Array(repeating: [], count: Source.allCases.count)
    var rows: [Int] = Array(repeating: 0, count: Source.allCases.count)
    var rowsByFile: [String: Int] = [:]

    mutating func add(_ source: Source, _ name: String, rows n: Int) {
        if rowsByFile[name] == nil {
            names[source.rawValue].append(name)
            rowsByFile[name] = 0
        }
        rowsByFile[name, default: 0] += n
        rows[source.rawValue] += n
    }
}

/// Hands the two blocks' outputs from the worker threads to the writing thread.
final class BlockBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [BlockOutput?] = [nil, nil]

    func put(_ i: Int, _ value: BlockOutput) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    func take(_ i: Int) -> BlockOutput {
        lock.lock()
        defer { lock.unlock() }
        let value = slots[i]!
        slots[i] = nil
        return value
    }
}
