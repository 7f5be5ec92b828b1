import ArgumentParser
import Foundation
import KlarsynBuild
import KlarsynStore

/// `--warehouse FILE`, shared by every command that reads or writes the warehouse.
struct WarehouseOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The warehouse file (SQLite; created by the first `klarsyn ingest`).", valueName: "file"))
    var warehouse: String

    /// Opens the warehouse, applying every pending migration (store and catalogue).
    /// - Parameter mustExist: refuse a path with no file yet (for commands that only read).
    func open(mustExist: Bool = true) throws -> Warehouse {
        if mustExist, !FileManager.default.fileExists(atPath: warehouse) {
            throw CLIError(
                "There is no warehouse at '\(warehouse)'. Load one first with `klarsyn ingest --warehouse \(warehouse) --inbox DIR`, or check the path."
            )
        }
        do {
            return try Warehouse.open(path: warehouse, migrations: WarehouseMigrations.all + CatalogueMigrations.all)
        } catch {
            throw CLIError(String(describing: error))
        }
    }
}

/// Output formats for commands that print data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Encodes a value as pretty, key-sorted JSON text.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
