import Foundation
import KlarsynCore
import Testing

@testable import KlarsynDemo

struct ManifestEntry: Decodable {
    let file: String
    let line: Int
    let kind: String
    let field: String?
    let detail: String
}

@Suite struct FaultTests {
    let g = Generated.faulty

    func manifest() throws -> [ManifestEntry] {
        try JSONDecoder().decode([ManifestEntry].self, from: Data(g.files["faults.json"]!))
    }

    /// The raw lines of a file (bytes, without line ends), and whether it ends with a newline.
    func rawLines(_ name: String) -> (lines: [[UInt8]], finalNewline: Bool) {
        let bytes = g.files[name]!
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map {
            Array($0.last == 13 ? $0.dropLast() : $0[...])
        }
        let final = bytes.last == 10
        if final { lines.removeLast() }
        return (lines, final)
    }

    func fields(_ name: String, _ line: Int) -> (header: [String], values: [String]) {
        let text = g.lines(name)
        let delimiter: Character = g.isCP1252(name) ? ";" : ","
        let split = { (s: String) in s.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init) }
        return (split(text[0].replacingOccurrences(of: "\u{FEFF}", with: "")), split(text[line - 1]))
    }

    @Test func everyFaultKindIsInjected() throws {
        let kinds = Set(try manifest().map(\.kind))
        #expect(
            kinds == [
                "missing_field", "malformed_field", "invalid_date", "wrong_decimal_mark", "truncated_last_line",
                "wrong_encoding", "bom",
                "unknown_employee", "employee_not_yet_known", "duplicate_row", "duplicate_row_across_files",
                "duplicate_file",
                "overlapping_employment", "late_registration", "retraction", "unknown_column", "column_order_changed",
                "unknown_file",
            ])
        #expect(g.report.faults == (try manifest()).count)
    }

    @Test func manifestMatchesTheFiles() throws {
        let hrIds = Set(g.rows("pdc_employments").flatMap { [$0.fields[0], $0.fields[1], $0.fields[2]] })
        for entry in try manifest() {
            let name = entry.file
            #expect(g.files[name] != nil, "\(name) exists")
            guard let bytes = g.files[name] else { continue }
            switch entry.kind {
            case "missing_field":
                let (header, values) = fields(name, entry.line)
                #expect(values.count == header.count)
                #expect(values[header.firstIndex(of: entry.field!)!].isEmpty, "\(entry.detail)")
            case "malformed_field":
                let (header, values) = fields(name, entry.line)
                let v = values[header.firstIndex(of: entry.field!)!]
                #expect(entry.field == "Måned" ? YearMonth(text: v) == nil : Int(v) == nil, "\(v)")
                #expect(!v.isEmpty)
            case "invalid_date":
                let (header, values) = fields(name, entry.line)
                let v = values[header.firstIndex(of: entry.field!)!]
                #expect(!v.isEmpty && Parse.danish(v) == nil && CalendarDay(iso: v) == nil)
                #expect(v.contains("30") && v.contains("02"))
            case "wrong_decimal_mark":
                let (header, values) = fields(name, entry.line)
                let v = values[header.firstIndex(of: entry.field!)!]
                #expect(v.contains(".") && !v.contains(","))
            case "truncated_last_line":
                let raw = rawLines(name)
                #expect(!raw.finalNewline)
                #expect(raw.lines.count == entry.line)
                let (header, values) = fields(name, entry.line)
                #expect(values.count < header.count)
            case "wrong_encoding":
                if g.isCP1252(name) {
                    #expect(
                        String(validating: bytes, as: UTF8.self) != nil && bytes.contains(0xC3),
                        "UTF-8 in a 1252 source")
                } else {
                    #expect(
                        String(validating: bytes, as: UTF8.self) == nil && bytes.contains(0xE6),
                        "1252 in a UTF-8 source")
                }
                #expect(entry.line == 0)
            case "bom":
                #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            case "unknown_employee", "employee_not_yet_known":
                let (header, values) = fields(name, entry.line)
                let id = values[header.firstIndex(of: "employee_id")!]
                if entry.kind == "unknown_employee" {
                    #expect(!hrIds.contains(id), "\(id) is unknown to HR")
                } else {
                    // Known to HR, but only from a later delivery.
                    let firstHR = g.rows("pdc_employments").first { $0.fields.contains(id) }
                    #expect(firstHR != nil)
                    if let f = firstHR {
                        #expect(g.deliveryKey(f.file) > g.deliveryKey(name), "\(id) in \(f.file) after \(name)")
                    }
                }
            case "duplicate_row":
                let raw = rawLines(name)
                let line = raw.lines[entry.line - 1]
                #expect(raw.lines.filter { $0 == line }.count >= 2)
            case "duplicate_row_across_files":
                let raw = rawLines(name)
                let line = raw.lines[entry.line - 1]
                let other = String(entry.detail.split(separator: " ").last!)
                #expect(other != name && rawLines(other).lines.contains(line))
            case "duplicate_file":
                let original = String(entry.detail.split(separator: " ").last!)
                #expect(g.files[original] == bytes)
                #expect(original != name)
            case "overlapping_employment":
                let (_, values) = fields(name, entry.line)
                let id = values[0]
                let from = Parse.danish(values[8])!
                let others = g.rows("pdc_employments").filter { $0.fields[0] == id && $0.fields[8] != values[8] }.map {
                    $0.fields
                }
                let overlaps = others.contains { f in
                    let a = Parse.danish(f[8])!
                    let b = f[9].isEmpty ? CalendarDay(year: 9999, month: 1, day: 1) : Parse.danish(f[9])!
                    return a <= from && from <= b
                }
                #expect(overlaps, "\(values)")
            case "late_registration":
                let (_, values) = fields(name, entry.line)
                let date = CalendarDay(iso: values[2])!
                let registered = Parse.dateTime(values[5])!.day
                #expect(date.days(to: registered) > 28 && date.yearMonth < registered.yearMonth)
            case "retraction":
                let (_, values) = fields(name, entry.line)
                #expect(values[6] == "1")
                let earlier = g.rows("psc_absences").first { $0.fields[0] == values[0] && $0.fields[6] == "0" }
                #expect(earlier != nil && g.deliveryKey(earlier!.file) < g.deliveryKey(name))
                #expect(CalendarDay(iso: values[2])!.yearMonth < Parse.dateTime(values[5])!.day.yearMonth)
            case "unknown_column":
                #expect(entry.line == 1)
                let header = g.lines(name)[0].split(separator: ";").map(String.init)
                #expect(header.last == entry.field && !headers["pdc_payroll"]!.contains(entry.field!))
            case "column_order_changed":
                let header = g.lines(name)[0].split(separator: ";").map(String.init)
                #expect(Set(header) == Set(headers["pdc_employments"]!.split(separator: ";").map(String.init)))
                #expect(header.joined(separator: ";") != headers["pdc_employments"]!)
            case "unknown_file":
                #expect(
                    ![
                        "pdc_org_units", "pdc_employments", "pdc_payroll", "pdc_sickleave", "psc_shifts",
                        "psc_absences", "ehr_activity",
                        "interns", "survey", "agency_invoices",
                    ].contains { name.hasPrefix($0 + "_") })
            default:
                Issue.record("unexpected kind \(entry.kind)")
            }
        }
    }

    @Test func filesWithoutFaultsStayClean() throws {
        let faulty = Set(try manifest().map(\.file))
        for (prefix, header) in headers {
            let count = header.split(separator: header.contains(";") ? ";" : ",").count
            for name in g.names(prefix) where !faulty.contains(name) {
                for line in g.lines(name).dropFirst() {
                    #expect(
                        line.split(separator: header.contains(";") ? ";" : ",", omittingEmptySubsequences: false).count
                            == count, "\(name)")
                }
            }
        }
    }
}

@Suite struct DeterminismTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let a = Generated.make(RegionSpec(employees: 120, years: 1, seed: 3, faults: true), tag: "det-a")
        let b = Generated.make(RegionSpec(employees: 120, years: 1, seed: 3, faults: true), tag: "det-b")
        let c = Generated.make(RegionSpec(employees: 120, years: 1, seed: 4, faults: true), tag: "det-c")
        #expect(a.files.keys.sorted() == b.files.keys.sorted())
        #expect(a.files == b.files)
        #expect(a.report == b.report)
        let differing = a.files.keys.filter { a.files[$0] != c.files[$0] }
        #expect(differing.count > a.files.count / 2)
    }
}

@Suite struct SpecTests {
    @Test func invalidSpecsAreRefusedWithAFix() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "klarsyn-spec-\(ProcessInfo.processInfo.processIdentifier)")
        #expect(throws: GenerationError.self) { try RegionGenerator(spec: RegionSpec(employees: 10)).write(to: dir) }
        #expect(throws: GenerationError.self) { try RegionGenerator(spec: RegionSpec(years: 11)).write(to: dir) }
        #expect(throws: GenerationError.self) {
            try RegionGenerator(spec: RegionSpec(start: CalendarDay(year: 2023, month: 1, day: 5))).write(to: dir)
        }
        do {
            try RegionSpec(employees: 10).validate()
        } catch let error as GenerationError {
            #expect(error.code == .invalidSpec)
            #expect(error.description.contains("--employees"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path), "nothing written for an invalid spec")
    }

    @Test func refusesAFolderThatHoldsDeliveries() throws {
        let dir = Generated.clean.directory
        do {
            _ = try RegionGenerator(spec: RegionSpec(employees: 50, years: 1)).write(to: dir)
            Issue.record("expected a refusal")
        } catch let error as GenerationError {
            #expect(error.code == .outputNotEmpty)
            #expect(error.description.contains(dir.path) && error.description.contains("--out"))
        }
    }

    @Test func progressReachesOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "klarsyn-progress-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        let seen = Seen()
        let report = try RegionGenerator(spec: RegionSpec(employees: 50, years: 1, seed: 2)).write(to: dir) {
            seen.add($0)
        }
        #expect(seen.values.last?.fraction == 1)
        #expect(seen.values.map(\.fraction) == seen.values.map(\.fraction).sorted())
        #expect(report.hospitals == 5 && report.sources.count == 10 && report.summaryLines.count > 10)
        #expect(report.sources.allSatisfy { $0.files > 0 && $0.bytes > 0 })
        try? FileManager.default.removeItem(at: dir)
    }
}

final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [GenerationProgress] = []
    func add(_ p: GenerationProgress) { lock.lock(); list.append(p); lock.unlock() }
    var values: [GenerationProgress] { lock.lock(); defer { lock.unlock() }; return list }
}
