// Measures small-cell suppression and exports on a region-sized table. Run from Benchmarks/:
//   swift run -c release DisclosureBench [wards] [seed]
// Figures go to ../docs/benchmarks.md ("Disclosure").
import Foundation
import KlarsynDisclosure

/// SplitMix64, so every run builds the same table.
struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@main struct DisclosureBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let wardCount = arguments.first ?? 768
        var rng = Generator(state: UInt64(arguments.dropFirst().first ?? 1))
        let policyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appending(path: "../../../Sources/KlarsynWorkspace/DefaultWorkspace/policies/suppression.toml")
        let policy = try SuppressionPolicy.load(contentsOf: policyFile.standardizedFileURL)
        let months = (1...12).map { String(format: "2025-%02d", $0) }
        let periods = months + ["2025"]

        // Region → 6 hospitals → departments of 16 wards; 15 % of wards have 1–6 people.
        var table = DisclosureTable()
        var displayed: [CellKey] = []
        func addUnit(_ id: String, _ perMonth: [Int], shown: Bool) {
            for (m, n) in zip(months, perMonth) {
                table.addCount(CellKey(id, m), persons: n)
                if shown {
                    table.addValue(CellKey(id, m, "rate"), persons: n)
                    displayed += [CellKey(id, m), CellKey(id, m, "rate")]
                }
            }
            table.addCount(CellKey(id, "2025"), persons: perMonth.reduce(0, +))
            if shown { displayed.append(CellKey(id, "2025")) }
            table.addGroup(total: CellKey(id, "2025"), parts: months.map { CellKey(id, $0) })
        }
        func parent(_ id: String, children: [(String, [Int])]) -> [Int] {
            let own = months.map { _ in Int.random(in: 0...3, using: &rng) }
            addUnit(id + "-own", own, shown: false)
            var sums = own
            for (_, v) in children { for i in sums.indices { sums[i] += v[i] } }
            addUnit(id, sums, shown: true)
            for p in periods {
                table.addGroup(
                    total: CellKey(id, p), parts: [CellKey(id + "-own", p)] + children.map { CellKey($0.0, p) })
            }
            return sums
        }
        var wardsLeft = wardCount
        var hospitals: [(String, [Int])] = []
        for h in 1...6 {
            var departments: [(String, [Int])] = []
            var d = 0
            while wardsLeft > 0 && departments.count < max(1, wardCount / 6 / 16 + 1) {
                d += 1
                var wards: [(String, [Int])] = []
                for w in 1...min(16, wardsLeft) {
                    let small = Int.random(in: 0..<100, using: &rng) < 15
                    let base = small ? Int.random(in: 1...6, using: &rng) : Int.random(in: 5...40, using: &rng)
                    let perMonth = months.map { _ in max(small ? 1 : 0, base + Int.random(in: -1...1, using: &rng)) }
                    let id = "H\(h)-D\(d)-W\(w)"
                    addUnit(id, perMonth, shown: true)
                    wards.append((id, perMonth))
                }
                wardsLeft -= wards.count
                let id = "H\(h)-D\(d)"
                departments.append((id, parent(id, children: wards)))
            }
            if departments.isEmpty { continue }
            let id = "H\(h)"
            hospitals.append((id, parent(id, children: departments)))
        }
        _ = parent("R", children: hospitals)

        let clock = ContinuousClock()
        var result: SuppressionResult?
        let suppressTime = clock.measure { result = try? policy.suppress(table) }
        guard let result else { fatalError("suppression failed") }
        let counts = result.counts(of: displayed)

        var export = ExportTable(
            title: "Bench",
            columns: [
                ExportColumn("Enhed", .text), ExportColumn("Måned", .text),
                ExportColumn("Ansatte", .integer), ExportColumn("Sygefravær %", .decimal(digits: 1)),
            ])
        for key in displayed where key.parts.count == 2 {
            let n = table.cells.first { $0.key == key }!.persons
            export.append([
                .text(key.parts[0]), .text(key.parts[1]), ExportValue(n, key: key, in: result),
                ExportValue(4.2, digits: 1, key: CellKey(key.parts[0], key.parts[1], "rate"), in: result),
            ])
        }
        var csv: [UInt8] = []
        let csvTime = clock.measure { csv = CSVExporter.bytes(export, dialect: .danishExcel) }
        var xlsx: [UInt8] = []
        let document = ExportDocument(
            table: export, language: .danish, definitions: [], limits: [],
            legend: ExportFlag.legend(for: policy, language: .danish))
        let xlsxTime = clock.measure { xlsx = XLSXWriter.bytes(document) }

        print("cells \(table.cells.count), groups \(table.groups.count), displayed \(displayed.count)")
        print("hidden (displayed): primary \(counts.primary), secondary \(counts.secondary)")
        print("suppress: \(suppressTime)")
        print("csv (danishExcel, \(export.rows.count) rows, \(csv.count) bytes): \(csvTime)")
        print("xlsx (\(xlsx.count) bytes): \(xlsxTime)")
    }
}
