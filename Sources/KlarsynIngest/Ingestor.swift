public import Foundation
public import KlarsynStore
import Crypto
import KlarsynCore
import GRDB

/// Ingests delivered files into a warehouse according to a set of source contracts.
///
/// Each file is one transaction: landing row, raw lines, staging rows, quarantine rows, checks
/// and the line invariant commit together or not at all, so a killed process leaves the
/// warehouse as it was before that file, and running again finishes the job. A file whose
/// SHA-256 is already in `landing_files` is skipped.
///
/// ```swift
/// let ingestor = Ingestor(warehouse: try Warehouse.open(path: "region.sqlite"),
///                         contracts: try ContractSet.load(directory: sourcesFolder))
/// let report = try ingestor.ingest(inbox: inboxFolder) { progress in print(progress.fileName) }
/// print(report.renderText()); exit(report.exitCode.rawValue)
/// ```
public final class Ingestor: Sendable {
    /// The warehouse written to.
    public let warehouse: Warehouse
    /// The contracts used to recognise and read files.
    public let contracts: ContractSet

    /// Creates an ingestor.
    public init(warehouse: Warehouse, contracts: ContractSet) {
        self.warehouse = warehouse
        self.contracts = contracts
    }

    /// Per-file phase timings on standard error when `KLARSYN_INGEST_TRACE` is set.
    static let trace = ProcessInfo.processInfo.environment["KLARSYN_INGEST_TRACE"] != nil

    /// A delivery found in the inbox.
    struct Delivery {
        var url: URL
        var name: String
        var contract: SourceContract
        var deliveryDate: String?
    }

    /// The delivery date in a file name `NAME_YYYYMMDD.EXT` or `NAME_YYYYMM.EXT` (first of the month), as `yyyy-mm-dd`.
    public static func deliveryDate(fileName: String) -> String? {
        var base = Substring(fileName)
        if let dot = base.firstIndex(of: ".") { base = base[..<dot] }
        guard let us = base.lastIndex(of: "_") else { return nil }
        let digits = base[base.index(after: us)...]
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let d = String(digits)
        if d.count == 8 {
            let iso = "\(d.prefix(4))-\(d.dropFirst(4).prefix(2))-\(d.suffix(2))"
            return (CalendarDayCheck.valid(iso)) ? iso : nil
        }
        if d.count == 6 {
            let iso = "\(d.prefix(4))-\(d.suffix(2))-01"
            return CalendarDayCheck.valid(iso) ? iso : nil
        }
        return nil
    }

    /// Ingests every file in `inbox` (not recursive; hidden files are ignored) in delivery order:
    /// the date in the file name, then the name. Unrecognised files are reported and left alone.
    ///
    /// - Parameter progress: called from the ingesting thread during the run (throttled).
    /// - Returns: the report; quarantined rows are normal, see ``IngestReport/exitCode``.
    /// - Throws: ``IngestError`` `ingest.inbox_missing` when the folder cannot be listed, and
    ///   `ingest.injected_fault` from the test hook. Per-file failures are reported, not thrown.
    public func ingest(inbox: URL, options: IngestOptions = IngestOptions(), progress: (@Sendable (IngestProgress) -> Void)? = nil) throws -> IngestReport {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw IngestError(code: "ingest.inbox_missing", message: "Cannot list the inbox folder '\(inbox.path)'. Check the path given to --inbox.")
        }
        let urls = names.map { inbox.appendingPathComponent($0) }.filter { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
        }
        return try ingest(files: urls, inboxLabel: inbox.path, options: options, progress: progress)
    }

    /// Ingests the given files in delivery order (see ``ingest(inbox:options:progress:)``).
    public func ingest(files: [URL], inboxLabel: String = "", options: IngestOptions = IngestOptions(), progress: (@Sendable (IngestProgress) -> Void)? = nil) throws -> IngestReport {
        let started = Date()
        var reports: [FileReport] = []
        var deliveries: [Delivery] = []
        for url in files {
            let name = url.lastPathComponent
            if let c = contracts.contract(forFileName: name) {
                deliveries.append(Delivery(url: url, name: name, contract: c, deliveryDate: Ingestor.deliveryDate(fileName: name)))
            } else {
                var r = FileReport(fileName: name, source: nil, status: .unrecognised)
                r.message = "No source contract matches this file name; it was left in the inbox. Known patterns: \(contracts.contracts.flatMap(\.filePatterns).joined(separator: ", "))."
                reports.append(r)
            }
        }
        deliveries.sort { ($0.deliveryDate ?? "9999-99-99", $0.name) < ($1.deliveryDate ?? "9999-99-99", $1.name) }
        var loadedIDs: [Int64] = []
        var loadedSources = Set<String>()
        let cache = IngestRunCache()
        for d in deliveries {
            // Sizes only size the key filters (about one key per 32 bytes delivered).
            let size = ((try? FileManager.default.attributesOfItem(atPath: d.url.path))?[.size] as? Int) ?? 0
            cache.expectedNewKeys[d.contract.stagingTable, default: 0] += size / 32
        }
        // The facts pass (SHA-256, encoding scan) of the next file runs on another core while
        // this file loads: one file ahead, so memory stays bounded.
        var next = deliveries.first.map { FactsPrefetch(url: $0.url) }
        // An exclusive run loads with a rollback journal: each page written once (ADR 0150).
        let rollbackJournal = !deliveries.isEmpty && !options.sharedWarehouse && warehouse.beginBulkLoadJournal()
        defer { if rollbackJournal { warehouse.endBulkLoadJournal() } }
        // In WAL mode checkpoints run on another thread after each file's commit (ADR 0072).
        let checkpointer = deliveries.isEmpty || rollbackJournal ? nil : warehouse.makeCheckpointer()
        defer { checkpointer?.finish() }
        for (i, d) in deliveries.enumerated() {
            let facts = next!
            next = i + 1 < deliveries.count ? FactsPrefetch(url: deliveries[i + 1].url) : nil
            let report = try ingestOne(d, index: i + 1, count: deliveries.count, options: options, cache: cache, facts: facts, progress: progress)
            checkpointer?.request()
            if report.status == .loaded, let id = report.fileID {
                loadedIDs.append(id)
                loadedSources.insert(d.contract.name)
            }
            reports.append(report)
        }
        var replay: ReplayReport?
        if options.replayAfterIngest {
            // Replay when this run loaded data that quarantined rows may refer to — or when open
            // replayable rows wait although nothing referenced was loaded now: a run killed after
            // its last file's commit but before its replay's commit must not leave them open
            // (kill -9 at any point ends in the state of an uninterrupted run).
            let referenced = Set(contracts.contracts.flatMap { $0.columns.compactMap { $0.references?.source } })
            if try !referenced.isDisjoint(with: loadedSources) || hasOpenReplayableRows() {
                progress?(IngestProgress(phase: .replaying, fileName: "", fileIndex: deliveries.count, fileCount: deliveries.count, bytesDone: 0, bytesTotal: 0, lines: 0))
                replay = try replayQuarantine()
            }
        }
        let changed = try changedMonths(fileIDs: loadedIDs)
        progress?(IngestProgress(phase: .done, fileName: "", fileIndex: deliveries.count, fileCount: deliveries.count, bytesDone: 0, bytesTotal: 0, lines: 0))
        return IngestReport(
            warehouse: warehouse.path, inbox: inboxLabel, startedAt: Ingestor.isoNow(started), files: reports, replay: replay,
            changedMonths: changed, seconds: Date().timeIntervalSince(started))
    }

    /// `yyyy-mm-ddTHH:MM:SSZ` without creating a formatter (ICU formatters cost about a
    /// millisecond each, which showed in profiles of many small files).
    static func isoNow(_ date: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - dayNumber * 86_400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(CalendarDay(dayNumber: dayNumber).iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Size, SHA-256 and an encoding scan in one streaming pass.
    static func facts(of url: URL) throws -> FileFacts {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IngestError(code: "ingest.unreadable", message: "Cannot read '\(url.lastPathComponent)'. Check permissions.")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var scan = UTF8Scan()
        var size: Int64 = 0
        var bom = false
        var first = true
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            chunk.withUnsafeBytes { raw in
                let p = raw.bindMemory(to: UInt8.self).baseAddress!
                if first && chunk.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { bom = true }
                scan.feed(p, chunk.count)
            }
            first = false
            size += Int64(chunk.count)
        }
        scan.finish()
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
        return FileFacts(size: size, sha256: digest, validUTF8: scan.valid, hasNonASCII: scan.hasNonASCII, bom: bom,
                         modified: (attrs?[.modificationDate] as? Date) ?? Date())
    }

    private func ingestOne(_ d: Delivery, index: Int, count: Int, options: IngestOptions, cache: IngestRunCache, facts prefetched: FactsPrefetch, progress: (@Sendable (IngestProgress) -> Void)?) throws -> FileReport {
        let started = Date()
        var report = FileReport(fileName: d.name, source: d.contract.name, status: .loaded)
        report.encodingDeclared = d.contract.encoding.rawValue
        progress?(IngestProgress(phase: .hashing, fileName: d.name, fileIndex: index, fileCount: count, bytesDone: 0, bytesTotal: 0, lines: 0))
        let facts: FileFacts
        do {
            facts = try prefetched.get()
        } catch let e as IngestError {
            report.status = .failed
            report.message = e.message
            return report
        }
        report.sizeBytes = facts.size
        var replacesHeld: Int64?
        if let existing = try warehouse.read({ db in
            try Row.fetchOne(db, sql: "SELECT file_id, status, contract_sha256 FROM landing_files WHERE sha256 = ?", arguments: [facts.sha256])
        }) {
            let id: Int64 = existing[0], status: String = existing[1], contractSHA: String = existing[2]
            if status == "held" && contractSHA != d.contract.sha256 {
                // The contract changed since the file was held: load it again under the new contract,
                // replacing the held landing in the same transaction.
                replacesHeld = id
            }
        }
        if replacesHeld == nil, let existing = try warehouse.read({ db in
            try Row.fetchOne(db, sql: "SELECT file_id, file_name, status FROM landing_files WHERE sha256 = ?", arguments: [facts.sha256])
        }) {
            let id: Int64 = existing[0], name: String = existing[1], status: String = existing[2]
            report.status = .alreadyIngested
            report.fileID = id
            report.message = name == d.name
                ? "Already ingested (same bytes, \(status)); nothing changed."
                : "Already ingested as '\(name)' (same bytes, \(status)); nothing changed."
            report.seconds = Date().timeIntervalSince(started)
            return report
        }
        // Encoding: a BOM means UTF-8; otherwise the bytes decide against the declaration.
        var decodeAs = d.contract.encoding
        var found = d.contract.encoding.rawValue
        var encodingProblem: String?
        if facts.bom {
            decodeAs = .utf8
            found = "utf-8 (BOM)"
            if d.contract.encoding != .utf8 { encodingProblem = "declared \(d.contract.encoding.rawValue) but the file starts with a UTF-8 byte-order mark" }
        } else if d.contract.encoding == .utf8 && !facts.validUTF8 {
            decodeAs = .windows1252
            found = TextEncoding.windows1252.rawValue
            encodingProblem = "declared utf-8 but the bytes are not valid UTF-8; they read as windows-1252"
        } else if d.contract.encoding == .windows1252 && facts.validUTF8 && facts.hasNonASCII {
            decodeAs = .utf8
            found = TextEncoding.utf8.rawValue
            encodingProblem = "declared windows-1252 but the bytes are valid UTF-8 with multi-byte characters"
        }
        report.encodingFound = found
        let now = Ingestor.isoNow()
        let contract = d.contract
        let referencedBy = contracts.contracts.flatMap { c in c.columns.compactMap { $0.references } }
        // Whatever happens to this file (loaded, held, rolled back), its staging table may have changed.
        defer { cache.stagingChanged(table: contract.stagingTable) }
        do {
            let outcome: (Int64, FileOutcome, [String]) = try warehouse.write { db in
                for c in contracts.contracts where c.name == contract.name || contract.columns.contains(where: { $0.references?.source == c.name }) {
                    try StagingSchema.ensure(db, contract: c, referencedColumns: referencedBy.filter { $0.source == c.name }.map(\.column))
                }
                if let held = replacesHeld {
                    try RawLines.delete(db, fileID: held)
                    try db.execute(sql: "DELETE FROM quarantine WHERE file_id = ?", arguments: [held])
                    try db.execute(sql: "DELETE FROM file_columns WHERE file_id = ?", arguments: [held])
                    try db.execute(sql: "DELETE FROM landing_files WHERE file_id = ?", arguments: [held])
                }
                let sameName = try Int.fetchOne(db, sql: "SELECT count(*) FROM landing_files WHERE file_name = ?", arguments: [d.name]) ?? 0
                try db.execute(sql: """
                    INSERT INTO landing_files (file_name, source, delivery_date, size_bytes, sha256, received_at, ingested_at, contract_version,
                        contract_sha256, encoding_declared, encoding_found, bom, status, lines, header_lines, accepted, quarantined, held, flagged, seconds)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', 0, 0, 0, 0, 0, 0, 0)
                    """, arguments: [
                        d.name, contract.name, d.deliveryDate, facts.size, facts.sha256, Ingestor.isoNow(facts.modified), now, contract.version,
                        contract.sha256, contract.encoding.rawValue, found, facts.bom,
                    ])
                let fileID = db.lastInsertedRowID
                let loader = try FileLoader(
                    db: db, contract: contract, fileID: fileID, fileName: d.name, url: d.url, decodeAs: decodeAs, skipBOM: facts.bom,
                    now: now, options: options,
                    progress: progress.map { p in { bytes, lines in
                        p(IngestProgress(phase: .loading, fileName: d.name, fileIndex: index, fileCount: count, bytesDone: bytes, bytesTotal: facts.size, lines: lines))
                    } })
                try cache.validate(db)
                if !loader.keyColumns.isEmpty {
                    loader.keyFilter = try cache.keyFilter(db, contract: contract, keyColumns: loader.keyColumns)
                }
                for (c, col) in contract.columns.enumerated() {
                    // Text-to-text references to another source only: there SQL's `=` is byte equality.
                    guard let ref = col.references, ref.source != contract.name, col.type == .text,
                          let target = contracts.contract(named: ref.source),
                          target.columns.first(where: { $0.name == ref.column })?.type == .text,
                          let set = try cache.referenceSet(db, table: target.stagingTable, column: ref.column) else { continue }
                    loader.referenceSets[c] = set
                }
                var warnings: [String] = []
                if sameName > 0 { warnings.append("a different file with the same name was ingested before; both are kept, this one is the later delivery") }
                if let held = replacesHeld { warnings.append("re-ingested under a changed contract; it replaces held landing file \(held)") }
                if let problem = encodingProblem {
                    let action = contract.onOtherEncoding == .hold ? RuleAction.hold : .warn
                    warnings.append("encoding: \(problem)" + (action == .hold ? " (file held)" : "; decoded as \(decodeAs.rawValue)"))
                    try loader.record(line: 0, rule: "file.encoding", column: -1, observed: found, expected: contract.encoding.rawValue,
                                      reason: "The file is \(problem). " + (action == .hold
                                        ? "The contract holds such files; ask the sender to deliver in \(contract.encoding.rawValue) or change on_other_encoding."
                                        : "It was decoded as \(decodeAs.rawValue); check a few names with æ, ø, å in the staging table."),
                                      action: action)
                    if action == .hold { loader.markHeld("the file is \(problem)") }
                }
                if d.deliveryDate == nil {
                    loader.markHeld("the file name has no delivery date (expected NAME_YYYYMMDD or NAME_YYYYMM)")
                    try loader.record(line: 0, rule: "file.name_date", column: -1, observed: d.name, expected: "NAME_YYYYMMDD.EXT or NAME_YYYYMM.EXT",
                                      reason: "The file name carries no valid delivery date, so its place in the delivery order is unknown. Rename the file with its delivery date.", action: .hold)
                }
                let t0 = Date()
                try loader.run()
                let t1 = Date()
                progress?(IngestProgress(phase: .checking, fileName: d.name, fileIndex: index, fileCount: count, bytesDone: facts.size, bytesTotal: facts.size, lines: loader.lines))
                try loader.runSetChecks(contracts: contracts)
                loader.publishKeys()
                let t2 = Date()
                let o = try loader.finish(deliveryDate: d.deliveryDate)
                if Ingestor.trace {
                    FileHandle.standardError.write(Data(String(format: "trace %@ hash+prep %.3f load %.3f checks %.3f finish %.3f\n", d.name, t0.timeIntervalSince(started), t1.timeIntervalSince(t0), t2.timeIntervalSince(t1), Date().timeIntervalSince(t2)).utf8))
                }
                warnings += loader.warnings
                let seconds = Date().timeIntervalSince(started)
                let warningsJSON = String(decoding: try JSONEncoder().encode(warnings), as: UTF8.self)
                try db.execute(sql: """
                    UPDATE landing_files SET status = ?, held_reason = ?, lines = ?, header_lines = ?, accepted = ?, quarantined = ?, held = ?,
                        flagged = ?, warnings = ?, seconds = ? WHERE file_id = ?
                    """, arguments: [o.holdReason == nil ? "loaded" : "held", o.holdReason, o.lines, o.headerLines, o.accepted, o.quarantined,
                                     o.held, o.flagged, warningsJSON, seconds, fileID])
                return (fileID, o, warnings)
            }
            let (fileID, o, warnings) = outcome
            report.fileID = fileID
            report.status = o.holdReason == nil ? .loaded : .held
            report.heldReason = o.holdReason
            report.lines = o.lines
            report.headerLines = o.headerLines
            report.accepted = o.accepted
            report.quarantined = o.quarantined
            report.held = o.held
            report.flagged = o.flagged
            report.rules = o.rules
            report.warnings = warnings
        } catch let e as IngestError where e.code == "ingest.injected_fault" {
            throw e
        } catch let e as IngestError {
            report.status = .failed
            report.message = e.description
        } catch {
            report.status = .failed
            report.message = "[ingest.load_failed] Loading '\(d.name)' failed and was rolled back: \(error). Run ingest again; if it fails again, report it."
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Months marked changed by the given landing files (for the run report).
    func changedMonths(fileIDs: [Int64]) throws -> [ChangedMonth] {
        guard !fileIDs.isEmpty else { return [] }
        return try warehouse.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.source, c.month, c.file_id, l.file_name, c.rows, c.kind FROM changed_months c JOIN landing_files l ON l.file_id = c.file_id
                WHERE c.file_id IN (\(fileIDs.map { "\($0)" }.joined(separator: ","))) ORDER BY c.source, c.month, c.file_id
                """).map { r in ChangedMonth(source: r[0], month: r[1], fileID: r[2], fileName: r[3], rows: r[4], kind: r[5]) }
        }
    }

    /// Months marked changed after landing file `afterFileID` (e.g. the last file a build saw):
    /// "figures for 2024-03 changed since last load".
    public func changedMonths(afterFileID: Int64) throws -> [ChangedMonth] {
        try warehouse.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.source, c.month, c.file_id, l.file_name, c.rows, c.kind FROM changed_months c JOIN landing_files l ON l.file_id = c.file_id
                WHERE c.file_id > ? ORDER BY c.source, c.month, c.file_id
                """, arguments: [afterFileID]).map { r in ChangedMonth(source: r[0], month: r[1], fileID: r[2], fileName: r[3], rows: r[4], kind: r[5]) }
        }
    }
}

enum CalendarDayCheck {
    static func valid(_ iso: String) -> Bool { CalendarDay(iso: iso) != nil }
}

/// The facts of one file, computed on a background thread (see ``Ingestor/facts(of:)``).
final class FactsPrefetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the background task before `done` is signalled, read after waiting on it.
    private var result: Result<FileFacts, any Error>?

    init(url: URL) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try Ingestor.facts(of: url) }
            done.signal()
        }
    }

    /// Waits for the facts (once).
    func get() throws -> FileFacts {
        done.wait()
        return try result!.get()
    }
}
