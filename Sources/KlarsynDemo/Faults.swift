import Foundation
import KlarsynCore

/// One injected fault, as listed in `faults.json`. `line` is 1-based with the header as line 1;
/// file-level faults (encoding, BOM, duplicate file, unknown file) have line 0.
struct FaultRecord: Codable, Sendable, Equatable {
    let file: String
    let line: Int
    let kind: String
    let field: String?
    let detail: String
}

/// Injects into the clean delivery files every kind of fault that real deliveries have (see
/// sources/README.md, "What real deliveries get wrong"), each in its own file so that line numbers
/// stay exact, and records them.
struct FaultInjector {
    static let readmeName = "readme_from_vendor.txt"

    let writer: DeliveryWriter
    var ledger: Ledger
    let calendar: SimCalendar
    let workforce: Workforce
    let org: Organisation
    var rng: SeededRandom
    var used: Set<String> = []
    var records: [FaultRecord] = []

    init(
        seed: UInt64, writer: DeliveryWriter, ledger: Ledger, calendar: SimCalendar, workforce: Workforce,
        org: Organisation
    ) {
        self.writer = writer
        self.ledger = ledger
        self.calendar = calendar
        self.workforce = workforce
        self.org = org
        rng = SeededRandom(seed: seed, stream: 0xFA17, salt: 90)
    }

    // MARK: File access

    struct Lines {
        var lines: [[UInt8]]
        var finalNewline: Bool
    }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: writer.path(name))))
    }

    func readLines(_ name: String) throws -> Lines {
        let bytes = try read(name)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for b in bytes {
            if b == 10 {
                if current.last == 13 { current.removeLast() }
                lines.append(current)
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(b)
            }
        }
        let final = current.isEmpty
        if !final { lines.append(current) }
        return Lines(lines: lines, finalNewline: final)
    }

    func writeLines(_ name: String, _ l: Lines, crlf: Bool) throws {
        var out: [UInt8] = []
        for (i, line) in l.lines.enumerated() {
            out.append(contentsOf: line)
            if i < l.lines.count - 1 || l.finalNewline {
                if crlf { out.append(13) }
                out.append(10)
            }
        }
        try writer.create(name, out)
    }

    static func split(_ line: [UInt8], _ delimiter: UInt8) -> [[UInt8]] {
        line.split(separator: delimiter, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ fields: [[UInt8]], _ delimiter: UInt8) -> [UInt8] {
        Array(fields.joined(separator: [delimiter]))
    }

    /// A not-yet-used file of the source with at least `minRows` data rows, preferring the middle of the period.
    mutating func pick(_ source: Source, minRows: Int = 3, notFirst: Bool = true) -> String? {
        let names = ledger.names[source.rawValue]
        guard !names.isEmpty else { return nil }
        let n = names.count
        let start = n / 4 + rng.below(max(1, n / 2))
        for i in 0..<n {
            let name = names[(start + i) % n]
            if used.contains(name) { continue }
            if notFirst && name == names[0] && n > 1 { continue }
            if (ledger.rowsByFile[name] ?? 0) >= minRows {
                used.insert(name)
                return name
            }
        }
        return nil
    }

    mutating func record(_ file: String, _ line: Int, _ kind: String, _ field: String?, _ detail: String) {
        records.append(FaultRecord(file: file, line: line, kind: kind, field: field, detail: detail))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Faults

    /// Replaces one field of one data row.
    mutating func replaceField(
        _ source: Source, _ field: String, kind: String, detail: String, _ change: ([UInt8]) -> [UInt8]
    ) throws {
        guard let name = pick(source) else { return }
        var l = try readLines(name)
        let column = source.header.firstIndex(of: field)!
        let row = 1 + rng.range(1, l.lines.count - 1 - (l.finalNewline ? 0 : 1))
        var fields = FaultInjector.split(l.lines[row - 1], source.delimiter)
        let before = fields[column]
        fields[column] = change(before)
        l.lines[row - 1] = FaultInjector.join(fields, source.delimiter)
        try writeLines(name, l, crlf: source.crlf)
        let shownBefore = source.isWindows1252 ? Windows1252.decode(before) : FaultInjector.text(before)
        let shownAfter = source.isWindows1252 ? Windows1252.decode(fields[column]) : FaultInjector.text(fields[column])
        record(name, row, kind, field, detail + " (was '" + shownBefore + "', now '" + shownAfter + "')")
    }

    mutating func inject() throws {
        let ascii = { (s: String) in Array(s.utf8) }
        try replaceField(.employments, "EnhedID", kind: "missing_field", detail: "required unit id is empty") { _ in []
        }
        try replaceField(.absences, "employee_id", kind: "missing_field", detail: "required employee id is empty") {
            _ in []
        }
        try replaceField(.shifts, "overtime_minutes", kind: "malformed_field", detail: "overtime is not an integer") {
            _ in ascii("ca. 30")
        }
        try replaceField(.payroll, "Måned", kind: "malformed_field", detail: "month without the dash of yyyy-mm") { v in
            v.filter { $0 != 45 }
        }
        try replaceField(.employments, "Gyldig_fra", kind: "invalid_date", detail: "30 February does not exist") { v in
            ascii("30-02-") + v.suffix(4)
        }
        try replaceField(.absences, "date", kind: "invalid_date", detail: "30 February does not exist") { v in
            v.prefix(4) + ascii("-02-30")
        }
        try replaceField(
            .payroll, "Beløb", kind: "wrong_decimal_mark", detail: "decimal point instead of the vendor's decimal comma"
        ) { v in
            v.map { $0 == 44 ? 46 : $0 }
        }
        try replaceField(.agency, "Timer", kind: "wrong_decimal_mark", detail: "decimal point instead of decimal comma")
        { v in
            v.map { $0 == 44 ? 46 : $0 }
        }
        let never = "E" + String(Employee.number(for: workforce.employees.count + 5_000)).leftPadded(7)
        try replaceField(.shifts, "employee_id", kind: "unknown_employee", detail: "employee id never delivered by HR")
        { _ in ascii(never) }
        let never2 = "E" + String(Employee.number(for: workforce.employees.count + 5_001)).leftPadded(7)
        try replaceField(
            .absences, "employee_id", kind: "unknown_employee", detail: "employee id never delivered by HR"
        ) { _ in ascii(never2) }
        try notYetKnown()
        try truncate()
        try encodings()
        try bom()
        try duplicates()
        try overlappingEmployment()
        try lateRegistrationAndRetraction()
        try unknownColumn()
        try columnOrder()
        try unknownFiles()
        records.sort { ($0.file, $0.line, $0.kind) < ($1.file, $1.line, $1.kind) }
    }

    /// An absence of a person whom HR delivers only in a later file.
    mutating func notYetKnown() throws {
        let names = ledger.names[Source.absences.rawValue]
        for (k, name) in names.enumerated() where !used.contains(name) && (ledger.rowsByFile[name] ?? 0) >= 3 {
            let delivered = calendar.firstMonday + 7 * k
            // HR delivers a hire in the monthly file after the hire month.
            guard
                let e = workforce.employees.first(where: {
                    !$0.initial && calendar.monthIndex($0.hireDay) + 1 < calendar.months.count
                        && calendar.monthStart[calendar.monthIndex($0.hireDay) + 1] > delivered + 14
                })
            else { continue }
            used.insert(name)
            var l = try readLines(name)
            let row = 1 + rng.range(1, l.lines.count - 1)
            var fields = FaultInjector.split(l.lines[row - 1], 44)
            fields[1] = Array(e.idString.utf8)
            l.lines[row - 1] = FaultInjector.join(fields, 44)
            try writeLines(name, l, crlf: false)
            record(
                name, row, "employee_not_yet_known", "employee_id",
                "employee " + e.idString + " first appears in the HR deliveries of "
                    + calendar.months[calendar.monthIndex(e.hireDay)].next.text)
            return
        }
    }

    mutating func truncate() throws {
        guard let name = pick(.shifts) else { return }
        var l = try readLines(name)
        let last = l.lines.count
        l.lines[last - 1] = Array(l.lines[last - 1].prefix(l.lines[last - 1].count / 2))
        l.finalNewline = false
        try writeLines(name, l, crlf: false)
        record(
            name, last, "truncated_last_line", nil, "the file ends in the middle of its last row, without a line end")
    }

    mutating func encodings() throws {
        // A Windows-1252 file delivered as UTF-8.
        let org = ledger.names[Source.orgUnits.rawValue][0]
        used.insert(org)
        let utf8 = Array(Windows1252.decode(try read(org)).utf8)
        try writer.create(org, utf8)
        record(org, 0, "wrong_encoding", nil, "Windows-1252 source delivered as UTF-8 (æ, ø, å as two bytes)")
        // A UTF-8 file delivered as Windows-1252.
        if let survey = pick(.survey, minRows: 1, notFirst: false) {
            let text = String(decoding: try read(survey), as: UTF8.self)
            try writer.create(survey, Windows1252.encode(text) ?? [])
            record(survey, 0, "wrong_encoding", nil, "UTF-8 source delivered as Windows-1252 (æ, ø, å as single bytes)")
        }
    }

    mutating func bom() throws {
        guard let name = pick(.absences) else { return }
        try writer.create(name, [0xEF, 0xBB, 0xBF] + (try read(name)))
        record(name, 0, "bom", nil, "the file starts with a UTF-8 byte order mark")
    }

    mutating func duplicates() throws {
        // Within a file: a row repeated on the next line.
        if let name = pick(.absences) {
            var l = try readLines(name)
            let row = 1 + rng.range(1, l.lines.count - 1)
            l.lines.insert(l.lines[row - 1], at: row)
            try writeLines(name, l, crlf: false)
            ledger.rows[Source.absences.rawValue] += 1
            record(name, row + 1, "duplicate_row", nil, "same row as line " + String(row) + " of the same file")
        }
        // Across files: a payroll row of one month delivered again in a later file.
        if let a = pick(.payroll), let b = pick(.payroll) {
            let (early, late) = a < b ? (a, b) : (b, a)
            let source = try readLines(early)
            let row = 1 + rng.range(1, source.lines.count - 1)
            var l = try readLines(late)
            l.lines.append(source.lines[row - 1])
            try writeLines(late, l, crlf: true)
            ledger.rows[Source.payroll.rawValue] += 1
            record(
                late, l.lines.count, "duplicate_row_across_files", nil,
                "same row as line " + String(row) + " of " + early)
        }
        // The same file delivered twice under the other form of its name.
        if let name = pick(.payroll) {
            let copy = String(name.dropLast(4)) + "01.csv"
            try writer.create(copy, try read(name))
            ledger.add(.payroll, copy, rows: ledger.rowsByFile[name] ?? 0)
            used.insert(copy)
            record(copy, 0, "duplicate_file", nil, "byte-identical copy of " + name)
        }
    }

    mutating func overlappingEmployment() throws {
        // The opening snapshot: every person in post, with long periods.
        let name = ledger.names[Source.employments.rawValue][0]
        guard !used.contains(name) else { return }
        used.insert(name)
        var l = try readLines(name)
        var byId: [String: Int] = [:]
        for e in workforce.employees { byId[e.idString] = e.index }
        for row in 2...l.lines.count {
            let fields = FaultInjector.split(l.lines[row - 1], 59)
            guard fields.count == 11, fields[9].isEmpty, let index = byId[FaultInjector.text(fields[0])] else {
                continue
            }
            let fromText = FaultInjector.text(fields[8])
            guard
                let period = workforce.employees[index].periods.first(where: {
                    calendar.day($0.from).danish == fromText
                }),
                period.to == Int.max || period.to - period.from > 60
            else { continue }
            var copy = fields
            copy[8] = Array(calendar.day(period.from + 15).danish.utf8)
            let other = org.units.first {
                $0.role == .ward && $0.index != period.unit && $0.isValid(on: period.from + 15)
            }!
            copy[7] = Array(other.id.utf8)
            l.lines.append(FaultInjector.join(copy, 59))
            try writeLines(name, l, crlf: true)
            ledger.rows[Source.employments.rawValue] += 1
            record(
                name, l.lines.count, "overlapping_employment", "Gyldig_fra",
                "a second open period from " + calendar.day(period.from + 15).danish + " overlaps the period from line "
                    + String(row))
            return
        }
    }

    mutating func lateRegistrationAndRetraction() throws {
        let names = ledger.names[Source.absences.rawValue]
        guard names.count > 10 else { return }
        // A sick day registered about six weeks late: it changes a month already reported.
        if let name = pick(.absences) {
            let k = names.firstIndex(of: name)!
            let delivered = calendar.firstMonday + 7 * k
            var l = try readLines(name)
            let fields = FaultInjector.split(l.lines[1], 44)
            let date = calendar.day(max(0, delivered - 45))
            var row = ByteSink()
            row.ascii("A99")
            row.padded(k, 8)
            row.byte(44)
            row.raw(fields[1])
            row.byte(44)
            row.isoDay(date)
            row.ascii(",SYG,FULL,")
            row.isoDateTime(calendar.day(delivered - 2), 9 * 3600 + 17 * 60)
            row.ascii(",0")
            l.lines.append(row.bytes)
            try writeLines(name, l, crlf: false)
            ledger.rows[Source.absences.rawValue] += 1
            record(
                name, l.lines.count, "late_registration", "registered_at",
                "sick day " + date.iso + " registered " + String(date.days(to: calendar.day(delivered - 2)))
                    + " days later")
        }
        // A retraction of an absence delivered in an earlier file, in an earlier month.
        let early = names[1]
        if !used.contains(early), let late = pick(.absences) {
            let source = try readLines(early)
            var chosen: [[UInt8]]?
            for line in source.lines.dropFirst() {
                let f = FaultInjector.split(line, 44)
                if f.count == 7 && f[6] == [48] { chosen = f; break }
            }
            if var f = chosen {
                let k = names.firstIndex(of: late)!
                f[5] = Array((calendar.day(calendar.firstMonday + 7 * k - 1).iso + "T10:05:00").utf8)
                f[6] = [49]
                var l = try readLines(late)
                l.lines.append(FaultInjector.join(f, 44))
                try writeLines(late, l, crlf: false)
                ledger.rows[Source.absences.rawValue] += 1
                record(
                    late, l.lines.count, "retraction", "deleted",
                    "absence " + FaultInjector.text(f[0]) + " of " + FaultInjector.text(f[2]) + " (delivered in "
                        + early + ") is retracted")
            }
        }
    }

    mutating func unknownColumn() throws {
        guard let name = pick(.payroll) else { return }
        var l = try readLines(name)
        l.lines[0] += Encoded.cp1252(";Bemærkning")
        for i in 1..<l.lines.count { l.lines[i] += i == 1 ? Encoded.cp1252(";rettet efter aftale") : [59] }
        try writeLines(name, l, crlf: true)
        record(name, 1, "unknown_column", "Bemærkning", "a column no contract knows, added at the end")
    }

    mutating func columnOrder() throws {
        guard let name = pick(.employments, minRows: 1) else { return }
        var l = try readLines(name)
        for i in 0..<l.lines.count {
            var f = FaultInjector.split(l.lines[i], 59)
            f.swapAt(1, 2)
            l.lines[i] = FaultInjector.join(f, 59)
        }
        try writeLines(name, l, crlf: true)
        record(
            name, 1, "column_order_changed", "Køn",
            "Fødselsår and Køn swapped places (map columns by name, not position)")
    }

    mutating func unknownFiles() throws {
        try writer.create(
            FaultInjector.readmeName,
            Array("Kære modtager,\r\nfilerne for denne måned er leveret som aftalt.\r\nMvh. PDC\r\n".utf8))
        record(FaultInjector.readmeName, 0, "unknown_file", nil, "a file no source contract recognises")
        let name =
            "pdc_unknown_" + calendar.months[calendar.months.count / 2].text.replacingOccurrences(of: "-", with: "")
            + "01.csv"
        try writer.create(name, Encoded.cp1252("Kode;Tekst\r\n1;Ukendt udtræk\r\n"))
        record(name, 0, "unknown_file", nil, "a file no source contract recognises")
    }

    func writeManifest() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(records)
        data.append(10)
        try writer.create("faults.json", [UInt8](data))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
