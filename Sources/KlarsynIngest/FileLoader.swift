import Foundation
import GRDB
import KlarsynStore

/// Facts about a file gathered before loading: size, SHA-256, encoding.
struct FileFacts {
    var size: Int64
    var sha256: String
    var validUTF8: Bool
    var hasNonASCII: Bool
    var bom: Bool
    var modified: Date
}

/// Loads one file into landing, raw lines, staging and quarantine inside the caller's
/// transaction, then runs the set-based checks and verifies the line invariant.
final class FileLoader {
    let db: Database
    let contract: SourceContract
    let processor: RowProcessor
    let fileID: Int64
    let fileName: String
    let url: URL
    let decodeAs: TextEncoding
    let skipBOM: Bool
    let now: String
    let options: IngestOptions
    let progress: ((Int64, Int) -> Void)?

    private var rawBlocks: RawLineBlockWriter
    private var stagingInsert: BulkInserter
    private var quarantineInsert: BulkInserter
    private var fileColumnInsert: BulkInserter
    /// While a file streams, its rows are inserted on a second thread (ADR 0071).
    private let pipe: BulkPipe
    private static let pipeRaw = 0, pipeStaging = 1, pipeQuarantine = 2, pipeFileColumns = 3

    // Counters.
    private(set) var lines = 0
    private(set) var headerLines = 0
    private(set) var dataLines = 0
    private(set) var inserted = 0
    private(set) var quarantinedLines = 0
    private(set) var replayableLines = 0
    private(set) var holdReason: String?
    private(set) var warnings: [String] = []
    private var headerSeen = false
    private var columnToField: [Int] = []
    private var headerCount = 0
    private var unknownJSONKeys = Set<String>()
    private var jsonFieldOfColumn: [FieldSlice?] = []
    /// Identity (+ version) columns, for the in-memory duplicate pre-check.
    private(set) var keyColumns: [Int] = []
    /// First line of this file with each key hash; lines whose hash was seen before are in
    /// ``sameKeyHashLines`` (all lines of that hash, ascending) for the exact within-file check.
    private var firstLineOfKeyHash: [UInt64: Int] = [:]
    /// Lines of this file sharing a key hash with an earlier line (ADR 0070): the only lines the
    /// within-file duplicate check compares, by `row_id`.
    private(set) var sameKeyHashLines: [UInt64: [Int]] = [:]
    /// Identity keys already in staging before this file (ADR 0029), or `nil`: then the
    /// cross-file duplicate check runs in SQL over every line of the file.
    var keyFilter: KeyFilter?
    /// Lines whose key may already be in staging (filter hits): the exact SQL check runs on these.
    private(set) var crossFileCandidates: [Int] = []
    private var fileKeyHashes: [UInt64] = []
    /// Referenced values in memory per contract column (ADR 0029); columns without one are checked in SQL.
    var referenceSets: [Int: ReferenceSet] = [:] {
        didSet { referenceChecks = referenceSets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }
    private var referenceChecks: [(Int, ReferenceSet)] = []
    /// Lines whose referenced value is not in the in-memory set, per contract column: confirmed in SQL.
    private(set) var referenceCandidates: [Int: [Int]] = [:]

    init(db: Database, contract: SourceContract, fileID: Int64, fileName: String, url: URL, decodeAs: TextEncoding, skipBOM: Bool,
         now: String, options: IngestOptions, progress: ((Int64, Int) -> Void)?) throws {
        self.db = db
        self.contract = contract
        self.processor = RowProcessor(contract: contract)
        self.fileID = fileID
        self.fileName = fileName
        self.url = url
        self.decodeAs = decodeAs
        self.skipBOM = skipBOM
        self.now = now
        self.options = options
        self.progress = progress
        rawBlocks = try RawLineBlockWriter(db, fileID: fileID)
        stagingInsert = try BulkInserter(db, table: contract.stagingTable, columns: ["row_id", "file_id", "line_no"] + processor.stagingColumnNames)
        quarantineInsert = try BulkInserter(db, sql: """
            INSERT INTO quarantine (file_id, source, line_no, raw_line, rule, column_name, source_header, observed, expected, reason, action, replayable, status, created_at)
            VALUES (?1, ?2, ?3, coalesce(?14, (SELECT json_extract(lines, '$[' || ((?3 - 1) % \(RawLines.blockSize)) || ']') FROM raw_line_blocks WHERE block_id = ?4)),
                    ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open', ?13)
            """)
        fileColumnInsert = try BulkInserter(db, table: "file_columns", columns: ["file_id", "position", "source_header", "column_name"])
        pipe = BulkPipe([rawBlocks.insert, stagingInsert, quarantineInsert, fileColumnInsert])
        rawBlocks.pipe = (pipe, FileLoader.pipeRaw)
        jsonFieldOfColumn = Array(repeating: nil, count: contract.columns.count)
        var keys = contract.identity
        if contract.combine == .newestVersion, let v = contract.versionColumn { keys.append(v) }
        keyColumns = keys.compactMap { k in contract.columns.firstIndex { $0.name == k } }
    }

    /// Hash of the key cells of the current row (the same hash ``IngestRunCache`` computes from staging).
    private func keyHash() -> UInt64 {
        var k = KeyHasher()
        for c in keyColumns {
            switch processor.cells[c] {
            case .null: k.null()
            case .int(let i): k.int(i)
            case .real(let d): k.real(d)
            case .text(let p, let n): k.text(p, n)
            }
        }
        return k.value
    }

    /// Adds this file's keys to the run's filter (after its checks: the filter must not see the
    /// file's own rows while the file is checked against earlier ones).
    func publishKeys() {
        guard let keyFilter else { return }
        for h in fileKeyHashes { keyFilter.insert(h) }
        fileKeyHashes.removeAll()
    }

    /// Records a finding in the quarantine table.
    func record(line: Int, rule: String, column: Int, observed: String?, expected: String, reason: String, action: RuleAction, replayable: Bool = false) throws {
        if pipe.isActive {
            // Streaming: the row is executed on the pipe's thread, after the blocks before it.
            pipe.row(FileLoader.pipeQuarantine)
            pipe.int(1, fileID)
            pipe.text(2, contract.name)
            pipe.int(3, Int64(line))
            pipe.int(4, line >= 1 ? RawLines.blockID(fileID: fileID, lineNo: line) : -1)
            if line == currentLine, let p = currentRaw { pipe.text(14, p, currentRawCount) } else { pipe.null(14) }
            pipe.text(5, rule)
            pipe.text(6, column >= 0 ? contract.columns[column].name : nil)
            pipe.text(7, column >= 0 ? contract.columns[column].header : nil)
            pipe.text(8, observed)
            pipe.text(9, expected)
            pipe.text(10, reason)
            pipe.text(11, action.rawValue)
            pipe.int(12, Int64(replayable ? 1 : 0))
            pipe.text(13, now)
            pipe.endRow()
            return
        }
        let q = quarantineInsert
        q.bind(1, int: fileID)
        q.bind(2, contract.name)
        q.bind(3, int: Int64(line))
        // The line being read is not in a stored block yet: bind it from the read buffer.
        q.bind(4, int: line >= 1 ? RawLines.blockID(fileID: fileID, lineNo: line) : -1)
        if line == currentLine, let p = currentRaw {
            q.bind(14, text: p, count: currentRawCount)
        } else {
            q.bindNull(14)
        }
        q.bind(5, rule)
        q.bind(6, column >= 0 ? contract.columns[column].name : nil)
        q.bind(7, column >= 0 ? contract.columns[column].header : nil)
        q.bind(8, observed)
        q.bind(9, expected)
        q.bind(10, reason)
        q.bind(11, action.rawValue)
        q.bind(12, int: replayable ? 1 : 0)
        q.bind(13, now)
        try q.step()
    }

    private func hold(_ reason: String) {
        if holdReason == nil { holdReason = reason }
    }

    // MARK: - Reading

    func run() throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IngestError(code: "ingest.unreadable", message: "Cannot read '\(fileName)'. Check permissions and that it is still in the inbox.")
        }
        defer { try? handle.close() }
        // From here until `drain`, this thread does not touch the connection: the pipe's worker
        // executes the inserts while this thread decodes and validates the next lines.
        pipe.begin()
        do {
            try stream(handle)
            try rawBlocks.flush()
        } catch {
            pipe.stop()
            throw error
        }
        try pipe.drain()
        currentLine = -1
        currentRaw = nil
        if lines == 0 && contract.format == .delimited {
            hold("the file is empty: not even a header row")
            try record(line: 0, rule: "file.empty", column: -1, observed: nil, expected: "a header row", reason: "The file is empty. Ask the sender for a new delivery.", action: .hold)
        }
    }

    private func stream(_ handle: FileHandle) throws {
        var capacity = 4 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        let readSize = 1 << 20
        var end = 0, pos = 0
        var atEOF = false
        var firstRead = true
        var bytesRead: Int64 = 0
        var lineNo = 1
        var decoder = DelimitedDecoder(delimiter: contract.delimiter, quote: contract.quote)
        defer { decoder.deallocate() }
        var json = JSONLinesDecoder()
        defer { json.deallocate() }
        var sinceProgress = 0
        let fault = options.faultInjection.flatMap { fileName.contains($0.fileNameContains) ? $0.afterLines : nil }

        func fill() throws {
            // Move the unconsumed tail to the front, grow when a record is larger than the buffer.
            if pos > 0 {
                if end > pos { buffer.update(from: buffer + pos, count: end - pos) }
                end -= pos
                pos = 0
            }
            let need = decodeAs == .windows1252 ? readSize * 3 : readSize
            if capacity - end < need {
                capacity = max(capacity * 2, end + need)
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
            }
            let chunk = try handle.read(upToCount: readSize) ?? Data()
            if chunk.isEmpty {
                atEOF = true
                return
            }
            bytesRead += Int64(chunk.count)
            chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var src = raw.bindMemory(to: UInt8.self).baseAddress!
                var n = chunk.count
                if firstRead && skipBOM && n >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
                    src += 3; n -= 3
                }
                if decodeAs == .windows1252 {
                    end += Windows1252Transcoder.transcode(src, n, into: buffer + end)
                } else {
                    (buffer + end).update(from: src, count: n)
                    end += n
                }
            }
            firstRead = false
        }

        try fill()
        while true {
            if contract.format == .delimited {
                let step = decoder.next(buffer, count: end, offset: pos, atEOF: atEOF)
                if step == .needMoreData || (step == .end && !atEOF) {
                    try fill()
                    continue
                }
                if step == .end { break }
                let recordLine = lineNo
                lineNo += decoder.physicalLines
                try handleDelimited(decoder, buffer: buffer, lineNo: recordLine)
                pos += decoder.consumed
            } else {
                // JSON Lines: one object per physical line.
                var i = pos
                while i < end && buffer[i] != 10 { i += 1 }
                if i >= end && !atEOF {
                    try fill()
                    continue
                }
                if pos >= end && atEOF { break }
                var stop = i
                if stop > pos && buffer[stop - 1] == 13 { stop -= 1 }
                let recordLine = lineNo
                lineNo += 1
                try handleJSON(&json, start: buffer + pos, count: stop - pos, lineNo: recordLine, terminated: i < end)
                pos = min(i + 1, end)
            }
            sinceProgress += 1
            if let fault, lines >= fault {
                throw IngestError(code: "ingest.injected_fault", message: "Injected fault after \(lines) lines of '\(fileName)' (test hook).")
            }
            if sinceProgress >= options.progressEvery {
                sinceProgress = 0
                progress?(bytesRead, lines)
            }
        }
        progress?(bytesRead, lines)
    }

    /// The line being processed (its bytes stay valid until the reader moves on), for findings.
    private var currentLine = -1
    private var currentRaw: UnsafePointer<UInt8>?
    private var currentRawCount = 0

    private func insertRaw(_ p: UnsafePointer<UInt8>, _ n: Int, lineNo: Int) throws {
        try rawBlocks.append(p, n)
        currentLine = lineNo
        currentRaw = p
        currentRawCount = n
        lines += 1
    }

    // MARK: - Delimited

    private func handleDelimited(_ d: DelimitedDecoder, buffer: UnsafeMutablePointer<UInt8>, lineNo: Int) throws {
        try insertRaw(buffer + d.recordStart, d.recordEnd - d.recordStart, lineNo: lineNo)
        if !headerSeen {
            headerSeen = true
            headerLines = 1
            try processHeader(d.fields.map(RowProcessor.string), lineNo: lineNo)
            return
        }
        dataLines += 1
        if headerHeld { return }
        let empty = d.recordEnd == d.recordStart
        if empty {
            try quarantineLine(lineNo, rule: "line.empty", observed: "", expected: "\(headerCount) fields",
                               reason: "The line is empty. Nothing was lost: the empty line is kept in raw_lines.")
            return
        }
        if let problem = d.problem {
            switch problem {
            case .unterminatedQuote:
                try quarantineLine(lineNo, rule: "line.truncated", observed: nil, expected: "a closed quoted field and a line end",
                                   reason: "The last line ends inside a quoted field: the file was probably cut off. Ask for a re-delivery.")
            case .textAfterClosingQuote(let f):
                try quarantineLine(lineNo, rule: "line.quote", observed: nil, expected: "a delimiter right after a closing quote",
                                   reason: "Field \(f + 1) has text after its closing quote, so the line cannot be split reliably.")
            }
            return
        }
        if d.fields.count != headerCount {
            if !d.terminated && d.fields.count < headerCount {
                try quarantineLine(lineNo, rule: "line.truncated", observed: "\(d.fields.count) fields", expected: "\(headerCount) fields",
                                   reason: "The last line has \(d.fields.count) of \(headerCount) fields and no line end: the file was probably cut off. Ask for a re-delivery.")
            } else {
                try quarantineLine(lineNo, rule: "line.field_count", observed: "\(d.fields.count) fields", expected: "\(headerCount) fields",
                                   reason: "The line has \(d.fields.count) fields but the header has \(headerCount). Check for a stray delimiter (\"\(Character(Unicode.Scalar(contract.delimiter)))\") in a value.")
            }
            return
        }
        processor.resetViolations()
        let fields = d.fields
        let map = columnToField
        fields.withUnsafeBufferPointer { f in
            processor.process { c in
                let i = map[c]
                return i >= 0 ? f[i] : nil
            }
        }
        try finishRow(lineNo: lineNo, terminated: d.terminated)
    }

    private var headerHeld = false

    private func processHeader(_ headers: [String], lineNo: Int) throws {
        headerCount = headers.count
        columnToField = Array(repeating: -1, count: contract.columns.count)
        for (i, raw) in headers.enumerated() {
            let h = raw.trimmingCharacters(in: .whitespaces)
            let c = contract.columns.firstIndex { $0.header == h || $0.aliases.contains(h) }
            pipe.row(FileLoader.pipeFileColumns)
            pipe.int(1, fileID)
            pipe.int(2, Int64(i + 1))
            pipe.text(3, h)
            pipe.text(4, c.map { contract.columns[$0].name })
            pipe.endRow()
            if let c {
                if columnToField[c] >= 0 {
                    headerHeld = true
                    hold("column '\(h)' appears twice in the header")
                    try record(line: lineNo, rule: "file.header_duplicate", column: c, observed: h, expected: "each column once",
                               reason: "The header names '\(h)' twice, so it is unclear which value is meant. Ask the sender to fix the layout.", action: .hold)
                } else {
                    columnToField[c] = i
                }
            } else {
                let action = contract.onUnknownColumn
                if action == .hold { headerHeld = true; hold("unknown column '\(h)' in the header") }
                warnings.append("unknown column '\(h)' (kept in raw_lines, not staged)")
                try record(line: lineNo, rule: "file.unknown_column", column: -1, observed: h, expected: contract.columns.map(\.header).joined(separator: ", "),
                           reason: "The header has a column '\(h)' that the contract \(contract.fileName) does not know. Its values are kept in raw_lines. Add it to the contract if it is needed.",
                           action: action)
            }
        }
        for (c, col) in contract.columns.enumerated() where columnToField[c] < 0 {
            if col.required {
                headerHeld = true
                hold("required column '\(col.header)' is missing from the header")
                try record(line: lineNo, rule: "file.header_missing_column", column: c, observed: nil, expected: col.header,
                           reason: "The required column '\(col.header)' is not in the header. Ask the sender for the agreed layout, or add an alias in \(contract.fileName) if the column was renamed.",
                           action: .hold)
            } else {
                let action = contract.onMissingOptionalColumn
                if action == .hold { headerHeld = true; hold("column '\(col.header)' is missing from the header") }
                warnings.append("optional column '\(col.header)' missing: staged as NULL")
                try record(line: lineNo, rule: "file.missing_optional_column", column: c, observed: nil, expected: col.header,
                           reason: "The optional column '\(col.header)' is not in the header; its staging column is NULL for this file.", action: action == .hold ? .hold : .warn)
            }
        }
    }

    // MARK: - JSON Lines

    private func handleJSON(_ json: inout JSONLinesDecoder, start: UnsafeMutablePointer<UInt8>, count: Int, lineNo: Int, terminated: Bool) throws {
        try insertRaw(start, count, lineNo: lineNo)
        dataLines += 1
        if count == 0 {
            try quarantineLine(lineNo, rule: "line.empty", observed: "", expected: "one JSON object", reason: "The line is empty.")
            return
        }
        if let problem = json.decode(start, count: count) {
            if !terminated {
                try quarantineLine(lineNo, rule: "line.truncated", observed: nil, expected: "one complete JSON object",
                                   reason: "The last line has no line end and is not a complete JSON object (\(problem.message) at byte \(problem.offset + 1)): the file was probably cut off. Ask for a re-delivery.")
            } else {
                try quarantineLine(lineNo, rule: "line.json", observed: nil, expected: "one JSON object",
                                   reason: "The line is not valid JSON: \(problem.message) at byte \(problem.offset + 1).")
            }
            return
        }
        for c in 0..<jsonFieldOfColumn.count { jsonFieldOfColumn[c] = nil }
        let columns = processor.columns
        for m in json.members {
            var found = -1
            for (c, col) in columns.enumerated() {
                for h in col.headerBytes where h.count == m.key.count {
                    if h.withUnsafeBufferPointer({ memcmpBytes($0.baseAddress!, m.key.start, m.key.count) }) { found = c; break }
                }
                if found >= 0 { break }
            }
            if found >= 0 {
                jsonFieldOfColumn[found] = m.kind == .null ? FieldSlice(start: m.value.start, count: 0) : m.value
            } else {
                let key = RowProcessor.string(m.key)
                if unknownJSONKeys.insert(key).inserted {
                    let action = contract.onUnknownColumn
                    if action == .hold { hold("unknown key '\(key)'") }
                    warnings.append("unknown key '\(key)' first seen on line \(lineNo) (kept in raw_lines, not staged)")
                    try record(line: 0, rule: "file.unknown_column", column: -1, observed: key, expected: contract.columns.map(\.header).joined(separator: ", "),
                               reason: "Line \(lineNo) has a key '\(key)' that the contract \(contract.fileName) does not know. Values are kept in raw_lines.", action: action)
                }
            }
        }
        processor.resetViolations()
        let fields = jsonFieldOfColumn
        processor.process { fields[$0] }
        try finishRow(lineNo: lineNo, terminated: terminated)
    }

    // MARK: - Row outcome

    private func quarantineLine(_ lineNo: Int, rule: String, observed: String?, expected: String, reason: String) throws {
        try record(line: lineNo, rule: rule, column: -1, observed: observed, expected: expected, reason: reason, action: .quarantine)
        quarantinedLines += 1
    }

    private func finishRow(lineNo: Int, terminated: Bool) throws {
        let worst = processor.worstAction
        for v in processor.violations {
            var reason = v.reason
            if !terminated && (v.action == .quarantine || v.action == .hold) {
                reason += " This is the last line and it has no line end: the file may have been cut off."
            }
            try record(line: lineNo, rule: v.rule, column: v.column, observed: v.observed, expected: v.expected, reason: reason, action: v.action)
        }
        switch worst {
        case .hold?:
            hold("line \(lineNo) broke a rule whose action is hold (\(processor.violations.first { $0.action == .hold }!.rule))")
            quarantinedLines += 1
        case .quarantine?:
            quarantinedLines += 1
        default:
            if !keyColumns.isEmpty {
                let h = keyHash()
                if let first = firstLineOfKeyHash.updateValue(lineNo, forKey: h) {
                    firstLineOfKeyHash[h] = first
                    sameKeyHashLines[h, default: [first]].append(lineNo)
                }
                if let keyFilter {
                    if keyFilter.mayContain(h) { crossFileCandidates.append(lineNo) }
                    fileKeyHashes.append(h)
                }
            }
            for (c, set) in referenceChecks {
                switch processor.cells[c] {
                case .null: break
                case .text(let p, let n) where set.contains(p, n): break
                default: referenceCandidates[c, default: []].append(lineNo)
                }
            }
            processor.insert(into: pipe, index: FileLoader.pipeStaging, fileID: fileID, lineNo: Int64(lineNo))
            inserted += 1
        }
    }

    /// Lines quarantined by the set-based checks after streaming; `replayable` counts those that
    /// do not count towards the failure share (waiting for a reference, or copies of earlier deliveries).
    func addQuarantined(_ n: Int, replayable: Int) {
        quarantinedLines += n
        replayableLines += replayable
        inserted -= n
    }

    func markHeld(_ reason: String) { hold(reason) }
}
