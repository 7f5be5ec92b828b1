import Foundation
import GRDB
public import KlarsynCore
import KlarsynStore

/// One vendor figure as staged (`stg_pdc_sickleave_current`), with the id as the vendor wrote it.
public struct VendorRow: Sendable, Equatable, Codable {
    /// The id as delivered, e.g. `E12345`.
    public var writtenId: String
    /// The id after the configured mapping, e.g. `E0012345`.
    public var employeeId: String
    /// The month.
    public var month: YearMonth
    /// Short and long days.
    public var figures: Figures
    /// Delivery file name and line.
    public var file: String
    public var line: Int
    /// Internal: landing file id.
    var fileId: Int64
}

/// A vendor delivery file that contributes figures: provenance for the report.
public struct VendorFile: Sendable, Equatable, Codable {
    public var name: String
    public var sha256: String
    public var deliveryDate: String
    /// Figures of this file that are current (not replaced by a later delivery) and in the period.
    public var rowsUsed: Int
}

/// Reads the vendor's figures from the warehouse.
enum VendorFigures {
    /// Maps a delivered id to an HR id: `pad_leading_zeros` writes `E` + 7 digits.
    static func map(_ written: String, mode: String) -> String {
        guard mode == "pad_leading_zeros", written.first == "E", written.count < 8 else { return written }
        let digits = written.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return written }
        return "E" + String(repeating: "0", count: 7 - digits.count) + digits
    }

    static func load(_ db: Database, source: String, idMapping: String) throws(ReconcileInputError) -> (
        rows: [VendorRow], files: [Int64: (name: String, sha: String, date: String)]
    ) {
        let table = "stg_\(source)"
        do {
            let exists = try Bool.fetchOne(
                db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE name = ?", arguments: [table + "_current"])
            guard exists == true else {
                throw ReconcileInputError(
                    file: "warehouse", line: nil, field: table,
                    message:
                        "the warehouse holds no vendor figures (\(table)_current is missing): ingest the vendor's \(source)_*.csv deliveries with `klarsyn ingest` first"
                )
            }
            var files: [Int64: (String, String, String)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT file_id, file_name, sha256, delivery_date FROM landing_files WHERE source = ?",
                arguments: [source])
            {
                files[row[0]] = (row[1], row[2], row[3] as String? ?? "")
            }
            var rows: [VendorRow] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT employee_id, month, short_term_days, long_term_days, file_id, line_no
                    FROM \(table)_current ORDER BY employee_id, month, file_id, line_no
                    """)
            while let r = try cursor.next() {
                let fileId: Int64 = r[4]
                let line: Int = r[5]
                let name = files[fileId]?.0 ?? "file \(fileId)"
                guard let written = r[0] as String?, let monthText = r[1] as String?,
                    let month = YearMonth(text: monthText)
                else {
                    throw ReconcileInputError(
                        file: name, line: line, field: "MedarbejderID/Måned",
                        message: "a staged vendor figure has no employee id or month; re-ingest the file")
                }
                guard let s = r[2] as Double?, let l = r[3] as Double? else {
                    throw ReconcileInputError(
                        file: name, line: line, field: "Korttidsfravær_dage/Langtidsfravær_dage",
                        message: "a staged vendor figure has no days; ask the vendor for a corrected delivery")
                }
                rows.append(
                    VendorRow(
                        writtenId: written, employeeId: map(written, mode: idMapping), month: month,
                        figures: Figures(short: Fixed4(s), long: Fixed4(l)), file: name, line: line, fileId: fileId))
            }
            return (rows, files)
        } catch let e as ReconcileInputError {
            throw e
        } catch {
            throw ReconcileInputError(
                file: "warehouse", line: nil, field: table, message: "cannot read the vendor figures: \(error)")
        }
    }

    /// Re-reads a staged figure from its raw line (the random check), by the file's own header.
    static func reread(_ db: Database, row: VendorRow) throws -> Figures? {
        guard let line = try RawLines.line(db, fileID: row.fileId, lineNo: row.line) else { return nil }
        let headers = try Row.fetchAll(
            db, sql: "SELECT position, column_name FROM file_columns WHERE file_id = ?", arguments: [row.fileId])
        var position: [String: Int] = [:]
        for h in headers { if let name = h[1] as String? { position[name] = (h[0] as Int) - 1 } }
        let fields = line.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard let si = position["short_term_days"], let li = position["long_term_days"], si < fields.count,
            li < fields.count, let s = Fixed4(text: fields[si]), let l = Fixed4(text: fields[li])
        else { return nil }
        return Figures(short: s, long: l)
    }
}
