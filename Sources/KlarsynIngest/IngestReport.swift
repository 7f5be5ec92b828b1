import Foundation

/// What happened to one delivered file.
public enum FileStatus: String, Codable, Sendable {
    /// Loaded: every line accepted or quarantined.
    case loaded
    /// Held: nothing reached staging; the reason is in `heldReason` and the quarantine table.
    case held
    /// The same bytes were ingested before (possibly under another name); nothing changed.
    case alreadyIngested = "already_ingested"
    /// No contract's file patterns match the name; the file was left in the inbox untouched.
    case unrecognised
    /// The load failed and was rolled back (e.g. a broken invariant or an I/O error).
    case failed
}

/// The ingest summary of one file. `lines = headerLines + accepted + quarantined + held`.
public struct FileReport: Codable, Sendable, Equatable {
    /// File name as delivered.
    public var fileName: String
    /// Contract name, `nil` when unrecognised.
    public var source: String?
    /// What happened to the file.
    public var status: FileStatus
    /// Landing id (`landing_files.file_id`); for `already_ingested` the earlier delivery's id.
    public var fileID: Int64?
    /// Size of the file.
    public var sizeBytes: Int64
    /// Lines (records) read, header included.
    public var lines: Int
    /// 1 for delimited files, 0 for JSON Lines.
    public var headerLines: Int
    /// Lines in staging.
    public var accepted: Int
    /// Lines in quarantine (kept out of staging).
    public var quarantined: Int
    /// Data lines of a held file.
    public var held: Int
    /// Accepted lines with a nulled value or a warning.
    public var flagged: Int
    /// Wall-clock seconds for this file (hashing, loading, checks).
    public var seconds: Double
    /// Encoding the contract declares.
    public var encodingDeclared: String?
    /// Encoding the bytes were decoded with (see ADR 0022).
    public var encodingFound: String?
    /// Why the file was held.
    public var heldReason: String?
    /// File-level findings in plain language (unknown columns, encoding, …).
    public var warnings: [String]
    /// Number of findings per rule (quarantine table rows of this file).
    public var rules: [String: Int]
    /// Error message for `failed`, or which file this one repeats for `already_ingested`.
    public var message: String?

    /// True when the line accounting adds up.
    public var invariantHolds: Bool { lines == headerLines + accepted + quarantined + held }

    init(fileName: String, source: String?, status: FileStatus) {
        self.fileName = fileName
        self.source = source
        self.status = status
        fileID = nil; sizeBytes = 0; lines = 0; headerLines = 0; accepted = 0; quarantined = 0; held = 0; flagged = 0
        seconds = 0; encodingDeclared = nil; encodingFound = nil; heldReason = nil; warnings = []; rules = [:]; message = nil
    }
}

/// A month whose figures changed because of late rows, retractions or replayed rows.
public struct ChangedMonth: Codable, Sendable, Equatable {
    /// Contract name.
    public var source: String
    /// `yyyy-mm`.
    public var month: String
    /// The landing file that changed it.
    public var fileID: Int64
    public var fileName: String
    /// Rows of that file in that month.
    public var rows: Int
    /// `late_rows`, `retraction` or `replay`.
    public var kind: String
}

/// Result of re-checking quarantined rows that can be fixed by later data.
public struct ReplayReport: Codable, Sendable, Equatable {
    /// Quarantined lines re-checked.
    public var checked: Int
    /// Lines now accepted into staging (their entries are marked `replayed`).
    public var accepted: Int
    /// Lines still failing (left `open`).
    public var stillOpen: Int
    /// Per source: lines accepted.
    public var acceptedBySource: [String: Int]
    /// Wall-clock seconds.
    public var seconds: Double

    /// One paragraph for a terminal (`klarsyn quarantine replay`).
    public func renderText() -> String {
        var out = "Quarantine replay: \(checked) lines re-checked, \(accepted) accepted into staging, \(stillOpen) still open"
        out += String(format: " (%.2f s).\n", seconds)
        for (source, n) in acceptedBySource.sorted(by: { $0.key < $1.key }) { out += "  - \(source): \(n) accepted\n" }
        return out
    }

    /// JSON for `--format json`.
    public func renderJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Exit codes of `klarsyn ingest` (documented in docs/ingest.md).
public enum IngestExitCode: Int32, Codable, Sendable {
    /// Every file loaded, skipped as already ingested, or unrecognised. Quarantined rows are normal.
    case ok = 0
    /// At least one file was held.
    case held = 3
    /// At least one load failed (broken invariant, unreadable file, database error); it was rolled back.
    case failed = 4
}

/// The summary of one ingest run.
public struct IngestReport: Codable, Sendable {
    /// Warehouse path.
    public var warehouse: String
    /// Inbox folder.
    public var inbox: String
    /// Start of the run (ISO 8601, UTC).
    public var startedAt: String
    /// One entry per file, unrecognised files included.
    public var files: [FileReport]
    /// The automatic replay after loading, when it ran.
    public var replay: ReplayReport?
    /// Months changed by this run's files.
    public var changedMonths: [ChangedMonth]
    /// Wall-clock seconds of the run.
    public var seconds: Double

    /// Lines over all loaded files.
    public var totals: FileTotals {
        var t = FileTotals()
        for f in files where f.status == .loaded || f.status == .held {
            t.lines += f.lines; t.headerLines += f.headerLines; t.accepted += f.accepted
            t.quarantined += f.quarantined; t.held += f.held; t.flagged += f.flagged
        }
        t.files = files.filter { $0.status == .loaded || $0.status == .held }.count
        return t
    }

    /// True when every loaded or held file's line accounting adds up.
    public var invariantHolds: Bool { files.allSatisfy(\.invariantHolds) }

    /// The process exit code for this run.
    public var exitCode: IngestExitCode {
        if files.contains(where: { $0.status == .failed }) || !invariantHolds { return .failed }
        if files.contains(where: { $0.status == .held }) { return .held }
        return .ok
    }

    /// JSON (sorted keys, pretty-printed) for `--format json`.
    public func renderJSON() -> String {
        struct Envelope: Encodable {
            let report: IngestReport
            let totals: FileTotals
            let invariantHolds: Bool
            let exitCode: Int32
            func encode(to encoder: any Encoder) throws {
                try report.encode(to: encoder)
                enum K: String, CodingKey { case totals, invariantHolds, exitCode }
                var c = encoder.container(keyedBy: K.self)
                try c.encode(totals, forKey: .totals)
                try c.encode(invariantHolds, forKey: .invariantHolds)
                try c.encode(exitCode, forKey: .exitCode)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Envelope(report: self, totals: totals, invariantHolds: invariantHolds, exitCode: exitCode.rawValue))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A plain-text table for a terminal or a log.
    public func renderText() -> String {
        var out = "Ingest of \(inbox) into \(warehouse)\n\n"
        let header = ["file", "source", "status", "lines", "header", "accepted", "quarantined", "held", "seconds"]
        var rows: [[String]] = [header]
        for f in files {
            rows.append([
                f.fileName, f.source ?? "-", f.status.rawValue, "\(f.lines)", "\(f.headerLines)", "\(f.accepted)",
                "\(f.quarantined)", "\(f.held)", String(format: "%.2f", f.seconds),
            ])
        }
        let t = totals
        rows.append(["total", "", "\(t.files) files", "\(t.lines)", "\(t.headerLines)", "\(t.accepted)", "\(t.quarantined)", "\(t.held)", String(format: "%.2f", seconds)])
        let widths = (0..<header.count).map { i in rows.map { $0[i].count }.max() ?? 0 }
        for (n, r) in rows.enumerated() {
            let cells = r.enumerated().map { i, s in
                i >= 3 ? String(repeating: " ", count: widths[i] - s.count) + s : s + String(repeating: " ", count: widths[i] - s.count)
            }
            out += cells.joined(separator: "  ") + "\n"
            if n == 0 || n == rows.count - 2 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\nInvariant lines = header + accepted + quarantined + held: \(invariantHolds ? "holds for every file" : "BROKEN")\n"
        for f in files {
            var notes: [String] = []
            if let r = f.heldReason { notes.append("held: \(r)") }
            if let m = f.message { notes.append(m) }
            if f.status == .loaded, let enc = f.encodingFound, let dec = f.encodingDeclared, enc != dec { notes.append("encoding: declared \(dec), found \(enc)") }
            notes += f.warnings
            if !f.rules.isEmpty { notes.append("findings: " + f.rules.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) }
            if !notes.isEmpty { out += "\n\(f.fileName):\n" + notes.map { "  - \($0)\n" }.joined() }
        }
        if let r = replay, r.checked > 0 {
            out += "\nQuarantine replay: \(r.checked) lines re-checked, \(r.accepted) accepted, \(r.stillOpen) still open.\n"
        }
        if !changedMonths.isEmpty {
            out += "\nMonths changed since last load:\n"
            for m in changedMonths {
                out += "  - \(m.source) \(m.month): \(m.rows) rows (\(m.kind.replacingOccurrences(of: "_", with: " "))) in \(m.fileName)\n"
            }
        }
        return out
    }
}

/// Sums over the files of a run.
public struct FileTotals: Codable, Sendable, Equatable {
    /// Files loaded or held.
    public var files = 0
    public var lines = 0
    public var headerLines = 0
    public var accepted = 0
    public var quarantined = 0
    public var held = 0
    public var flagged = 0
}

/// Progress of a running ingest, for a terminal progress display.
public struct IngestProgress: Sendable {
    /// What the loader is doing.
    public enum Phase: String, Sendable {
        case hashing, loading, checking, replaying, done
    }
    /// Current phase.
    public var phase: Phase
    /// File being processed (empty for run-level phases).
    public var fileName: String
    /// 1-based index of the file in this run.
    public var fileIndex: Int
    /// Files recognised in this run.
    public var fileCount: Int
    /// Bytes of the current file read so far.
    public var bytesDone: Int64
    /// Size of the current file.
    public var bytesTotal: Int64
    /// Lines of the current file read so far.
    public var lines: Int
}

/// A test hook that simulates a crash: ingest throws `ingest.injected_fault` after `afterLines`
/// lines of the first file whose name contains `fileNameContains`, inside its transaction.
public struct FaultInjection: Sendable {
    /// Substring of the file name to fail in.
    public var fileNameContains: String
    /// Lines read before the simulated crash.
    public var afterLines: Int
    /// Creates a fault.
    public init(fileNameContains: String, afterLines: Int) {
        self.fileNameContains = fileNameContains
        self.afterLines = afterLines
    }
}

/// Options of an ingest run.
public struct IngestOptions: Sendable {
    /// Re-check replayable quarantined rows (unknown employees) after the run's files are loaded.
    public var replayAfterIngest: Bool
    /// Crash simulation for tests.
    public var faultInjection: FaultInjection?
    /// Lines between two progress reports.
    public var progressEvery: Int
    /// Keep the warehouse in WAL mode during the run even when no other connection has it open
    /// (other processes may then open it mid-run without waiting for a file's commit). By default
    /// an exclusive run loads with a rollback journal, which writes each page once (ADR 0150).
    public var sharedWarehouse: Bool

    /// Creates options.
    public init(replayAfterIngest: Bool = true, faultInjection: FaultInjection? = nil, progressEvery: Int = 100_000, sharedWarehouse: Bool = false) {
        self.replayAfterIngest = replayAfterIngest
        self.faultInjection = faultInjection
        self.progressEvery = progressEvery
        self.sharedWarehouse = sharedWarehouse
    }
}
