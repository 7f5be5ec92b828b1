import Foundation
import KlarsynCore
import KlarsynDemo

/// A generated region read back from disk: every file's bytes by name.
struct Generated: Sendable {
    let directory: URL
    let report: GenerationReport
    let files: [String: [UInt8]]

    static func make(_ spec: RegionSpec, tag: String) -> Generated {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "klarsyn-demo-\(tag)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        let report = try! RegionGenerator(spec: spec).write(to: dir)
        var files: [String: [UInt8]] = [:]
        for name in try! FileManager.default.contentsOfDirectory(atPath: dir.path) {
            files[name] = [UInt8](try! Data(contentsOf: dir.appendingPathComponent(name)))
        }
        return Generated(directory: dir, report: report, files: files)
    }

    /// Four hundred employees over two years, no faults.
    static let clean = make(RegionSpec(employees: 400, years: 2, seed: 11), tag: "clean")
    /// Three hundred employees over one year, with faults.
    static let faulty = make(RegionSpec(employees: 300, years: 1, seed: 5, faults: true), tag: "faulty")

    /// Names of one source's files in delivery order.
    func names(_ prefix: String) -> [String] {
        files.keys.filter { name in
            guard name.hasPrefix(prefix + "_") else { return false }
            let stem = name.dropFirst(prefix.count + 1).prefix { $0 != "." }
            return (stem.count == 6 || stem.count == 8) && stem.allSatisfy(\.isNumber)
        }.sorted { deliveryKey($0) < deliveryKey($1) }
    }

    func deliveryKey(_ name: String) -> String {
        let stem = String(name.split(separator: "_").last!.prefix { $0 != "." })
        return (stem.count == 6 ? stem + "01" : stem) + name
    }

    /// Lines of a file as text (decoded from Windows-1252 for the vendor's files), without line ends.
    func lines(_ name: String) -> [String] {
        let bytes = files[name]!
        var raw = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if bytes.last == 10 { raw.removeLast() }
        return raw.map { line in
            let content = line.last == 13 ? line.dropLast() : line
            return isCP1252(name) ? Windows1252.decode(content) : String(decoding: content, as: UTF8.self)
        }
    }

    func isCP1252(_ name: String) -> Bool { name.hasPrefix("pdc_") || name.hasPrefix("agency_") }

    /// Data rows of every file of a source, split by its delimiter, with the file name.
    func rows(_ prefix: String) -> [(file: String, fields: [String])] {
        var result: [(String, [String])] = []
        for name in names(prefix) {
            let delimiter: Character = isCP1252(name) ? ";" : ","
            for line in lines(name).dropFirst() {
                result.append(
                    (name, line.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)))
            }
        }
        return result
    }
}

enum Parse {
    static func danish(_ s: String) -> CalendarDay? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 2, p[1].count == 2, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]),
            let y = Int(p[2])
        else { return nil }
        return CalendarDay(validatingYear: y, month: m, day: d)
    }

    /// `yyyy-mm-ddThh:mm:ss` → day and second of day.
    static func dateTime(_ s: String) -> (day: CalendarDay, second: Int)? {
        guard s.count == 19, Array(s)[10] == "T", let day = CalendarDay(iso: s.prefix(10)) else { return nil }
        let t = s.dropFirst(11).split(separator: ":")
        guard t.count == 3, let h = Int(t[0]), let m = Int(t[1]), let sec = Int(t[2]), h < 24, m < 60, sec < 60 else {
            return nil
        }
        return (day, h * 3600 + m * 60 + sec)
    }

    static func commaDecimal(_ s: String) -> Double? {
        guard s.range(of: #"^-?[0-9]+,[0-9]{2}$"#, options: .regularExpression) != nil else { return nil }
        return Double(s.replacingOccurrences(of: ",", with: "."))
    }
}
