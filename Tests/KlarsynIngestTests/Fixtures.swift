import Foundation
import GRDB
import KlarsynCore
import KlarsynIngest
import KlarsynStore

/// A temporary inbox and warehouse, with writers for files exactly as sources/README.md describes.
final class Fixture {
    let dir: URL
    let inbox: URL

    static let sourcesFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("../../Sources/KlarsynWorkspace/DefaultWorkspace/sources").standardized

    static let contracts: ContractSet = {
        do { return try ContractSet.load(directory: sourcesFolder) } catch { fatalError("contracts: \(error)") }
    }()

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("klarsyn-ingest-\(UUID().uuidString)")
        inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    enum Encoding { case utf8, windows1252 }

    /// Writes lines joined by `newline`, with a final newline unless `finalNewline` is false.
    @discardableResult
    func write(_ name: String, _ lines: [String], encoding: Encoding, bom: Bool = false, newline: String = "\n", finalNewline: Bool = true) throws -> URL {
        let text = lines.joined(separator: newline) + (finalNewline ? newline : "")
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        switch encoding {
        case .utf8: bytes += Array(text.utf8)
        case .windows1252: bytes += Windows1252.encode(text)!
        }
        let url = inbox.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(at: inbox.appendingPathComponent(name)) }

    func warehouse(_ name: String = "warehouse.sqlite") throws -> Warehouse {
        try Warehouse.open(path: dir.appendingPathComponent(name).path)
    }

    func ingestor(_ warehouse: Warehouse) -> Ingestor { Ingestor(warehouse: warehouse, contracts: Fixture.contracts) }

    static let employmentHeader = "MedarbejderID;Fødselsår;Køn;Stillingskode;Stillingsbetegnelse;Ansættelsesform;Ugentlige_timer;EnhedID;Gyldig_fra;Gyldig_til;Fratrædelsesårsag"

    static func employment(_ id: String, from: String, to: String = "", hours: String = "37,00", unit: String = "U0412", reason: String = "") -> String {
        "\(id);1980;K;2210;Sygeplejerske;Fastansat;\(hours);\(unit);\(from);\(to);\(reason)"
    }

    static let shiftHeader = "shift_id,employee_id,unit_id,start,end,shift_type,status,overtime_minutes,last_changed"

    static func shift(_ id: String, _ employee: String, start: String = "2024-03-12T07:00:00", end: String = "2024-03-12T15:00:00",
                      status: String = "worked", changed: String = "2024-03-12T16:00:00") -> String {
        "\(id),\(employee),U0412,\(start),\(end),day,\(status),0,\(changed)"
    }

    static let absenceHeader = "absence_id,employee_id,date,code,part,registered_at,deleted"

    static func absence(_ id: String, _ employee: String, date: String, registered: String, deleted: Int = 0, code: String = "SYG") -> String {
        "\(id),\(employee),\(date),\(code),FULL,\(registered),\(deleted)"
    }
}

extension Warehouse {
    func count(_ sql: String, _ args: StatementArguments = []) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: sql, arguments: args) ?? -1 }
    }
    func rows(_ sql: String, _ args: StatementArguments = []) throws -> [Row] {
        try read { db in try Row.fetchAll(db, sql: sql, arguments: args) }
    }
    /// Every table's rows as text, minus times that differ between runs, for state comparisons.
    func dump() throws -> String {
        try read { db in
            var out = ""
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
            for t in tables {
                out += "## \(t)\n"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\" ORDER BY 1, 2, 3") {
                    var cells: [String] = []
                    for (column, value) in row where !["received_at", "ingested_at", "created_at", "detected_at", "resolved_at", "seconds"].contains(column) {
                        cells.append("\(column)=\(value)")
                    }
                    out += cells.joined(separator: "|") + "\n"
                }
            }
            return out
        }
    }
}
