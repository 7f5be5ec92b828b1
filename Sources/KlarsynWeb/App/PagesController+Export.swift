import Foundation
import Hummingbird
import KlarsynDisclosure

extension PagesController {
    /// What the report page shows for a unit, as CSV (standard or Danish Excel) or XLSX: the same
    /// scope check and the same suppressed cells as the page (it is built by the same builder),
    /// in long form (tile, row, column, value). Export is its own permission and every download
    /// is written to the audit log before it is sent.
    func exportReport(_ request: Request, id: String, context: KlarsynRequestContext) async throws -> Response {
        let user = try context.require(.export)
        let l = LanguageChoice.resolve(request, default: defaultLanguage)
        let format = request.uri.queryParameters.get("format") ?? "csv"
        guard ["csv", "excel", "xlsx"].contains(format) else { throw PageError.badRequest(.badRequestTitle) }
        let unit = request.uri.queryParameters.get("unit").flatMap { $0.isEmpty ? nil : $0 } ?? user.scope.rootUnit
        if let unit { try context.require(.export, unit: unit) }
        guard let suppression else { throw PageError.notBuilt }
        let view = try await ReportPageBuilder(
            facts: facts, repository: repository, scope: user.scope, suppression: suppression
        ).build(reportID: id, unitParameter: unit, language: l)
        let marker = suppression.policy.marker
        let language: ExportLanguage = l == .da ? .danish : .english
        var table = ExportTable(
            title: "\(view.title) — \(view.unitName)",
            columns: [
                ExportColumn(l == .da ? "Figur" : "Tile", .text), ExportColumn(l == .da ? "Række" : "Row", .text),
                ExportColumn(l == .da ? "Kolonne" : "Column", .text),
                ExportColumn(l == .da ? "Værdi" : "Value", .decimal(digits: 2)),
            ])
        var served = 0
        var hidden = 0
        for tile in view.tiles {
            for row in tile.table.rows {
                for (i, cell) in row.cells.enumerated() {
                    let column = i + 1 < tile.table.columns.count ? tile.table.columns[i + 1] : ""
                    let value: ExportValue
                    if cell.suppressed {
                        // The specific rule (SC1/SC2/SC3, or `unknown` when hidden without a decision).
                        value = .suppressed(marker: marker, ruleID: cell.rule?.id ?? HiddenBy.failClosedID)
                        hidden += 1
                    } else if let number = Self.number(cell.text, l) {
                        value = .decimal(number, digits: 2)
                        served += 1
                    } else {
                        value = cell.text.isEmpty || cell.text == "—" ? .empty : .text(cell.text)
                        served += 1
                    }
                    table.append([.text(tile.title), .text(row.header), .text(column), value])
                }
            }
        }
        try await context.audit(
            AuditEvent(
                action: .export, report: view.reportID, reportVersion: view.auditVersion,
                filters: ["unit": view.unitID, "format": format],
                cellsServed: served, cellsSuppressed: hidden))
        let base = "\(view.reportID)-\(view.unitID)"
        let bytes: [UInt8]
        let type: String
        let name: String
        switch format {
        case "xlsx":
            bytes = XLSXWriter.bytes(
                ExportDocument(
                    table: table, language: language,
                    definitions: view.tiles.compactMap { t in
                        t.card.map { ExportNote(term: t.title, text: $0.description) }
                    },
                    limits: view.limits.cannotShow + view.limits.leftOut + view.limits.suppressed
                        + view.limits.mustNotServe,
                    legend: ExportFlag.legend(for: suppression.policy, language: language)))
            type = XLSXWriter.contentType
            name = base + "." + XLSXWriter.fileExtension
        case "excel":
            bytes = CSVExporter.bytes(table, dialect: .danishExcel, language: language)
            type = CSVDialect.danishExcel.contentType
            name = base + CSVDialect.danishExcel.fileNameSuffix
        default:
            bytes = CSVExporter.bytes(table, dialect: .standard, language: language)
            type = CSVDialect.standard.contentType
            name = base + CSVDialect.standard.fileNameSuffix
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: type, .cacheControl: "no-store",
                .contentDisposition:
                    "attachment; filename=\"\(name.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) })\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A number as the page formatted it (`1.234,5` in Danish, `1,234.5` in English), or `nil`.
    static func number(_ text: String, _ l: Language) -> Double? {
        let t = text.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "%", with: "")
        let plain =
            l == .da
            ? t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            : t.replacingOccurrences(of: ",", with: "")
        return Double(plain)
    }
}
