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
    private(set) var cells: [Cell]
    private(set) var utc: [Int64?]
    private(set) var violations: [Violation] = []
    private let arena: UnsafeMutablePointer<UInt8>
    private static let slot = 32

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
        cells = Array(repeating: .null, count: columns.count)
        utc = Array(repeating: nil, count: columns.count)
        arena = .allocate(capacity: columns.count * RowProcessor.slot + 1)
    }

    deinit { arena.deallocate() }

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
        for c in 0..<columns.count {
            let col = columns[c]
            let spec = col.spec
            utc[c] = nil
            cells[c] = .null
            guard let raw = value(c), !isEmpty(raw) else {
                cells[c] = .null
                if spec.required {
                    fail(c, "value.missing", nil, expected: "a value", reason: "is empty but required.", action: spec.onMissing)
                }
                continue
            }
            let out = arenaBase + c * RowProcessor.slot
            switch spec.type {
            case .text:
                cells[c] = .text(raw.start, raw.count)
            case .integer:
                let v = trimmed(raw)
                guard let i = ValueParsers.integer(v.start, v.count) else {
                    fail(c, "value.type", raw, expected: "a whole number", reason: "is '\(RowProcessor.string(raw))', not a whole number.", action: spec.onInvalid)
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
                         reason: "is '\(RowProcessor.string(raw))', written with the wrong decimal mark (this source uses '\(mark)').", action: spec.onInvalid)
                    continue
                case .failure:
                    fail(c, "value.type", raw, expected: "a decimal number with '\(mark)' as decimal mark",
                         reason: "is '\(RowProcessor.string(raw))', not a decimal number.", action: spec.onInvalid)
                    continue
                }
            case .date:
                let v = trimmed(raw)
                switch ValueParsers.date(v.start, v.count, layout: col.dateLayout, out: out) {
                case .success: cells[c] = .text(UnsafePointer(out), 10)
                case .failure(.notReal):
                    fail(c, "value.not_real_date", raw, expected: "a real date (\(layoutText(col.dateLayout)))",
                         reason: "is '\(RowProcessor.string(raw))', a date that does not exist.", action: spec.onInvalid)
                    continue
                case .failure:
                    fail(c, "value.type", raw, expected: "a date \(layoutText(col.dateLayout))",
                         reason: "is '\(RowProcessor.string(raw))', not a date of the form \(layoutText(col.dateLayout)).", action: spec.onInvalid)
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
                         reason: "is '\(RowProcessor.string(raw))', \(f == .notReal ? "a date or time that does not exist" : "not a date-time of the form yyyy-mm-ddTHH:MM:SS").", action: spec.onInvalid)
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
                         reason: "is '\(RowProcessor.string(raw))', \(f == .notReal ? "a date or time that does not exist" : "not a date-time with an offset").", action: spec.onInvalid)
                    continue
                }
            case .month:
                let v = trimmed(raw)
                switch ValueParsers.month(v.start, v.count) {
                case .success: cells[c] = .text(v.start, v.count)
                case .failure(let f):
                    fail(c, f == .notReal ? "value.not_real_date" : "value.type", raw, expected: "a month yyyy-mm",
                         reason: "is '\(RowProcessor.string(raw))', not a month of the form yyyy-mm.", action: spec.onInvalid)
                    continue
                }
            case .boolean:
                let v = trimmed(raw)
                guard let b = ValueParsers.boolean(v.start, v.count) else {
                    fail(c, "value.type", raw, expected: "0 or 1", reason: "is '\(RowProcessor.string(raw))', not 0 or 1.", action: spec.onInvalid)
                    continue
                }
                cells[c] = .int(b)
            }
            if let domain = col.domain {
                var found = false
                for d in domain where d.count == raw.count {
                    if d.withUnsafeBufferPointer({ memcmpBytes($0.baseAddress!, raw.start, raw.count) }) { found = true; break }
                }
                if !found {
                    fail(c, "value.domain", raw, expected: "one of: \(spec.domain!.joined(separator: ", "))",
                         reason: "is '\(RowProcessor.string(raw))', not one of the allowed values (\(spec.domain!.joined(separator: ", "))).", action: spec.onInvalid)
                    continue
                }
            }
            if let pattern = col.pattern, !pattern.matches(raw.start, raw.count) {
                fail(c, "value.pattern", raw, expected: "text matching \(spec.pattern!)",
                     reason: "is '\(RowProcessor.string(raw))', which does not match the pattern \(spec.pattern!).", action: spec.onInvalid)
                continue
            }
            if spec.min != nil || spec.max != nil {
                let number: Double?
                switch cells[c] {
                case .int(let i): number = Double(i)
                case .real(let d): number = d
                default: number = nil
                }
                if let number, (spec.min.map { number < $0 } ?? false) || (spec.max.map { number > $0 } ?? false) {
                    let range = "\(spec.min.map { "\($0)" } ?? "…") to \(spec.max.map { "\($0)" } ?? "…")"
                    fail(c, "value.range", raw, expected: "a number from \(range)",
                         reason: "is '\(RowProcessor.string(raw))', outside the allowed range \(range).", action: spec.onInvalid)
                    continue
                }
            }
        }
        // Cross-column order checks (e.g. valid_to not before valid_from; a shift's end not before its start).
        for c in 0..<columns.count {
            guard let other = columns[c].notBefore else { continue }
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
                cells[c] = .null
                utc[c] = nil
            }
        }
    }

    private func textOf(_ c: Int) -> String? {
        if case .text(let p, let n) = cells[c] { return RowProcessor.string(FieldSlice(start: p, count: n)) }
        return nil
    }

    /// Binds `file_id`, `line_no` and the cells to the staging insert and executes it.
    func insert(_ insert: BulkInserter, fileID: Int64, lineNo: Int64) throws {
        insert.bind(1, int: fileID)
        insert.bind(2, int: lineNo)
        var p: Int32 = 3
        for c in 0..<columns.count {
            switch cells[c] {
            case .null: insert.bindNull(p)
            case .int(let i): insert.bind(p, int: i)
            case .real(let d): insert.bind(p, double: d)
            case .text(let ptr, let n): insert.bind(p, text: ptr, count: n)
            }
            p += 1
            if columns[c].hasUTC {
                if let u = utc[c] { insert.bind(p, int: u) } else { insert.bindNull(p) }
                p += 1
            }
        }
        try insert.step()
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
