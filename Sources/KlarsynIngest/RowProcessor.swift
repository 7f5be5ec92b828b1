import KlarsynCore
import KlarsynStore

/// One rule broken by one line (or by the file when `line` is 0).
struct Violation {
    var rule: String
    var column: Int  // contract column index, -1 for none
    var observed: String?
    var expected: String
    var reason: String
    var action: RuleAction
}

/// A typed value ready to bind.
enum Cell {
    case null
    case int(Int64)
    case real(Double)
    case text(UnsafePointer<UInt8>, Int)
}

/// A contract column with its compiled checks.
struct CompiledColumn {
    let spec: ColumnSpec
    let pattern: TextPattern?
    let domain: [[UInt8]]?
    let notBefore: Int?
    let hasUTC: Bool
    let dateLayout: DateLayout
    /// Header bytes accepted for this column (header + aliases), for JSON key matching.
    let headerBytes: [[UInt8]]
}

/// Validates and types one line at a time for one contract, and binds it to the staging insert.
/// Allocation-free on the happy path: values point into the decoder's buffers or a fixed arena.
final class RowProcessor {
    let contract: SourceContract
    let columns: [CompiledColumn]
    // Cells and UTC values in fixed buffers rather than arrays in class properties: every write
    // to an array property costs a dynamic exclusivity check (about 5 % of ingest CPU).
    /// The typed value of each contract column of the current line.
    let cells: UnsafeMutablePointer<Cell>
    /// UTC epoch seconds of each date-time column of the current line.
    let utc: UnsafeMutablePointer<Int64?>
    private(set) var violations: [Violation] = []
    private let arena: UnsafeMutablePointer<UInt8>
    private static let slot = 32
    // Hot-path facts in flat arrays: reading `columns[c]` copies a struct full of references
    // (retain/release per field per row), which cost more than the parsing itself.
    private let types: [ColumnType]
    private let required: [Bool]
    private let onMissing: [RuleAction]
    private let onInvalid: [RuleAction]
    private let layouts: [DateLayout]
    private let checksValue: [Bool]
    private let notBefore: [Int]
    private let utcColumn: [Bool]
    private let domains: [[[UInt8]]?]
    private let patterns: [TextPattern?]
    private let mins: [Double?]
    private let maxs: [Double?]

    init(contract: SourceContract) {
        self.contract = contract
        columns = contract.columns.map { spec in
            CompiledColumn(
                spec: spec,
                pattern: spec.pattern.flatMap { TextPattern($0) },
                domain: spec.domain.map { $0.map { Array($0.utf8) } },
                notBefore: spec.notBefore.flatMap { n in contract.columns.firstIndex { $0.name == n } },
                hasUTC: spec.type.hasUTCColumn,
                dateLayout: spec.dateLayout ?? contract.dateLayout,
                headerBytes: ([spec.header] + spec.aliases).map { Array($0.utf8) })
        }
        cells = .allocate(capacity: max(columns.count, 1))
        cells.initialize(repeating: .null, count: max(columns.count, 1))
        utc = .allocate(capacity: max(columns.count, 1))
        utc.initialize(repeating: nil, count: max(columns.count, 1))
        types = columns.map(\.spec.type)
        required = columns.map(\.spec.required)
        onMissing = columns.map(\.spec.onMissing)
        onInvalid = columns.map(\.spec.onInvalid)
        layouts = columns.map(\.dateLayout)
        checksValue = columns.map { $0.domain != nil || $0.pattern != nil || $0.spec.min != nil || $0.spec.max != nil }
        notBefore = columns.map { $0.notBefore ?? -1 }
        utcColumn = columns.map(\.hasUTC)
        domains = columns.map(\.domain)
        patterns = columns.map(\.pattern)
        mins = columns.map(\.spec.min)
        maxs = columns.map(\.spec.max)
        arena = .allocate(capacity: columns.count * RowProcessor.slot + 1)
    }

    deinit {
        arena.deallocate()
        cells.deallocate()
        utc.deallocate()
    }

    /// Names of the staging columns in bind order (after `file_id`, `line_no`).
    var stagingColumnNames: [String] { StagingSchema.columns(of: contract).map(\.name) }

    func resetViolations() { violations.removeAll(keepingCapacity: true) }

    func add(_ v: Violation) { violations.append(v) }

    /// The worst action among the current violations (`nil` when there are none).
    var worstAction: RuleAction? {
        var worst: RuleAction?
        for v in violations {
            switch v.action {
            case .hold: return .hold
            case .quarantine: worst = .quarantine
            case .null, .warn: if worst == nil { worst = v.action }
            }
        }
        return worst
    }

    static func string(_ s: FieldSlice) -> String {
        String(decoding: UnsafeBufferPointer(start: s.start, count: s.count), as: UTF8.self)
    }

    private func isEmpty(_ s: FieldSlice) -> Bool {
        var i = 0
        while i < s.count {
            let b = s.start[i]
            if b != 32 && b != 9 { return false }
            i += 1
        }
        return true
    }

    private func trimmed(_ s: FieldSlice) -> FieldSlice {
        var a = 0, b = s.count
        while a < b && (s.start[a] == 32 || s.start[a] == 9) { a += 1 }
        while b > a && (s.start[b - 1] == 32 || s.start[b - 1] == 9) { b -= 1 }
        return FieldSlice(start: s.start + a, count: b - a)
    }

    private func fail(_ c: Int, _ rule: String, _ value: FieldSlice?, expected: String, reason: String, action: RuleAction) {
        let col = columns[c]
        let observed = value.map(RowProcessor.string)
        violations.append(Violation(rule: rule, column: c, observed: observed, expected: expected, reason: "\(col.spec.header) \(reason)", action: action))
        if action != .warn {
            cells[c] = .null
            utc[c] = nil
        }
    }

    private func layoutText(_ layout: DateLayout) -> String { layout.rawValue }

    /// Types and checks one line; `value(c)` gives the field for contract column `c`, or `nil`
    /// when the column is absent from the file (or the JSON key from the object).
    func process(_ value: (Int) -> FieldSlice?) {
        let arenaBase = arena
        for c in 0..<types.count {
            utc[c] = nil
            cells[c] = .null
            guard let raw = value(c), !isEmpty(raw) else {
                if required[c] {
                    fail(c, "value.missing", nil, expected: "a value", reason: "is empty but required.", action: onMissing[c])
                }
                continue
            }
            let out = arenaBase + c * RowProcessor.slot
            let invalid = onInvalid[c]
            switch types[c] {
            case .text:
                cells[c] = .text(raw.start, raw.count)
            case .integer:
                let v = trimmed(raw)
                guard let i = ValueParsers.integer(v.start, v.count) else {
                    fail(c, "value.type", raw, expected: "a whole number", reason: "is '\(RowProcessor.string(raw))', not a whole number.", action: invalid)
                    continue
                }
                cells[c] = .int(i)
            case .decimal:
                let v = trimmed(raw)
                let mark = Character(Unicode.Scalar(contract.decimalMark))
                switch ValueParsers.decimal(v.start, v.count, mark: contract.decimalMark) {
                case .success(let d): cells[c] = .real(d)
                case .failure(.wrongDecimalMark):
                    fail(c, "value.decimal_mark", raw, expected: "a decimal number with '\(mark)' as decimal mark",
                         reason: "is '\(RowProcessor.string(raw))', written with the wrong decimal mark (this source uses '\(mark)').", action: invalid)
                    continue
                case .failure:
                    fail(c, "value.type", raw, expected: "a decimal number with '\(mark)' as decimal mark",
                         reason: "is '\(RowProcessor.string(raw))', not a decimal number.", action: invalid)
                    continue
                }
            case .date:
                let v = trimmed(raw)
                switch ValueParsers.date(v.start, v.count, layout: layouts[c], out: out) {
                case .success: cells[c] = .text(UnsafePointer(out), 10)
                case .failure(.notReal):
                    fail(c, "value.not_real_date", raw, expected: "a real date (\(layoutText(layouts[c])))",
                         reason: "is '\(RowProcessor.string(raw))', a date that does not exist.", action: invalid)
                    continue
                case .failure:
                    fail(c, "value.type", raw, expected: "a date \(layoutText(layouts[c]))",
                         reason: "is '\(RowProcessor.string(raw))', not a date of the form \(layoutText(layouts[c])).", action: invalid)
                    continue
                }
            case .datetime:
                let v = trimmed(raw)
                switch ValueParsers.localDateTime(v.start, v.count, out: out) {
                case .success(let u):
                    cells[c] = .text(UnsafePointer(out), 19)
                    utc[c] = u
                case .failure(let f):
                    fail(c, f == .notReal ? "value.not_real_date" : "value.type", raw, expected: "a local date-time yyyy-mm-ddTHH:MM:SS",
                         reason: "is '\(RowProcessor.string(raw))', \(f == .notReal ? "a date or time that does not exist" : "not a date-time of the form yyyy-mm-ddTHH:MM:SS").", action: invalid)
                    continue
                }
            case .datetimeOffset:
                let v = trimmed(raw)
                switch ValueParsers.offsetDateTime(v.start, v.count) {
                case .success(let u):
                    cells[c] = .text(v.start, v.count)
                    utc[c] = u
                case .failure(let f):
                    fail(c, f == .notReal ? "value.not_real_date" : "value.type", raw, expected: "a date-time with offset yyyy-mm-ddTHH:MM:SS+01:00",
                         reason: "is '\(RowProcessor.string(raw))', \(f == .notReal ? "a date or time that does not exist" : "not a date-time with an offset").", action: invalid)
                    continue
                }
            case .month:
                let v = trimmed(raw)
                switch ValueParsers.month(v.start, v.count) {
                case .success: cells[c] = .text(v.start, v.count)
                case .failure(let f):
                    fail(c, f == .notReal ? "value.not_real_date" : "value.type", raw, expected: "a month yyyy-mm",
                         reason: "is '\(RowProcessor.string(raw))', not a month of the form yyyy-mm.", action: invalid)
                    continue
                }
            case .boolean:
                let v = trimmed(raw)
                guard let b = ValueParsers.boolean(v.start, v.count) else {
                    fail(c, "value.type", raw, expected: "0 or 1", reason: "is '\(RowProcessor.string(raw))', not 0 or 1.", action: invalid)
                    continue
                }
                cells[c] = .int(b)
            }
            guard checksValue[c] else { continue }
            checkValue(c, raw)
        }
        checkOrder()
    }

    /// Domain, pattern and range checks (only for columns that have them).
    private func checkValue(_ c: Int, _ raw: FieldSlice) {
        if let domain = domains[c] {
            var found = false
            for d in domain where d.count == raw.count {
                if d.withUnsafeBufferPointer({ memcmpBytes($0.baseAddress!, raw.start, raw.count) }) { found = true; break }
            }
            if !found {
                let list = columns[c].spec.domain!.joined(separator: ", ")
                fail(c, "value.domain", raw, expected: "one of: \(list)",
                     reason: "is '\(RowProcessor.string(raw))', not one of the allowed values (\(list)).", action: onInvalid[c])
                return
            }
        }
        if let pattern = patterns[c], !pattern.matches(raw.start, raw.count) {
            let text = columns[c].spec.pattern!
            fail(c, "value.pattern", raw, expected: "text matching \(text)",
                 reason: "is '\(RowProcessor.string(raw))', which does not match the pattern \(text).", action: onInvalid[c])
            return
        }
        let lo = mins[c], hi = maxs[c]
        if lo != nil || hi != nil {
            let number: Double?
            switch cells[c] {
            case .int(let i): number = Double(i)
            case .real(let d): number = d
            default: number = nil
            }
            if let number, (lo.map { number < $0 } ?? false) || (hi.map { number > $0 } ?? false) {
                let range = "\(lo.map { "\($0)" } ?? "…") to \(hi.map { "\($0)" } ?? "…")"
                fail(c, "value.range", raw, expected: "a number from \(range)",
                     reason: "is '\(RowProcessor.string(raw))', outside the allowed range \(range).", action: onInvalid[c])
            }
        }
    }

    /// Cross-column order checks (e.g. valid_to not before valid_from; a shift's end not before its start).
    private func checkOrder() {
        for c in 0..<notBefore.count {
            let other = notBefore[c]
            guard other >= 0 else { continue }
            let before: Bool
            if let a = utc[c], let b = utc[other] {
                before = a < b
            } else if case .text(let pa, let na) = cells[c], case .text(let pb, let nb) = cells[other] {
                before = compareBytes(pa, na, pb, nb) < 0
            } else {
                continue
            }
            if before {
                let spec = columns[c].spec, o = columns[other].spec
                let observed = "\(textOf(c) ?? "") < \(textOf(other) ?? "")"
                violations.append(Violation(
                    rule: "value.order", column: c, observed: observed, expected: "\(spec.header) on or after \(o.header)",
                    reason: "\(spec.header) (\(textOf(c) ?? "")) is before \(o.header) (\(textOf(other) ?? "")).", action: spec.onInvalid))
                if spec.onInvalid != .warn {
                    cells[c] = .null
                    utc[c] = nil
                }
            }
        }
    }

    private func textOf(_ c: Int) -> String? {
        if case .text(let p, let n) = cells[c] { return RowProcessor.string(FieldSlice(start: p, count: n)) }
        return nil
    }

    /// Binds `row_id`, `file_id`, `line_no` and the cells to the staging insert and executes it.
    func insert(_ insert: BulkInserter, fileID: Int64, lineNo: Int64) throws {
        insert.bind(1, int: fileID << 32 | lineNo)
        insert.bind(2, int: fileID)
        insert.bind(3, int: lineNo)
        var p: Int32 = 4
        for c in 0..<utcColumn.count {
            switch cells[c] {
            case .null: insert.bindNull(p)
            case .int(let i): insert.bind(p, int: i)
            case .real(let d): insert.bind(p, double: d)
            case .text(let ptr, let n): insert.bind(p, text: ptr, count: n)
            }
            p += 1
            if utcColumn[c] {
                if let u = utc[c] { insert.bind(p, int: u) } else { insert.bindNull(p) }
                p += 1
            }
        }
        try insert.step()
    }
}

extension RowProcessor {
    /// Like ``insert(_:fileID:lineNo:)``, but encodes the row into `pipe` for inserter `index`
    /// (executed on the pipe's worker thread, ADR 0071); text is copied.
    func insert(into pipe: BulkPipe, index: Int, fileID: Int64, lineNo: Int64) {
        pipe.row(index)
        pipe.int(1, fileID << 32 | lineNo)
        pipe.int(2, fileID)
        pipe.int(3, lineNo)
        var p: Int32 = 4
        for c in 0..<utcColumn.count {
            switch cells[c] {
            case .null: pipe.null(p)
            case .int(let i): pipe.int(p, i)
            case .real(let d): pipe.double(p, d)
            case .text(let ptr, let n): pipe.text(p, ptr, n)
            }
            p += 1
            if utcColumn[c] {
                if let u = utc[c] { pipe.int(p, u) } else { pipe.null(p) }
                p += 1
            }
        }
        pipe.endRow()
    }
}

@inline(__always) func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

@inline(__always) func compareBytes(_ a: UnsafePointer<UInt8>, _ na: Int, _ b: UnsafePointer<UInt8>, _ nb: Int) -> Int {
    let n = min(na, nb)
    var i = 0
    while i < n {
        if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        i += 1
    }
    return na == nb ? 0 : (na < nb ? -1 : 1)
}
