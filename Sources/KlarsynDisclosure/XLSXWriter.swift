/// Writes an ``ExportDocument`` as an Office Open XML workbook (`.xlsx`) with four sheets:
/// the data, the definitions, the limits and the legend of flags (decision 0094).
///
/// The writer is self-contained (a stored ZIP, inline strings, one small style sheet), so the
/// same document always gives the same bytes. Numbers are written rounded to the digits the
/// page shows; suppressed cells are text markers with the rule id in a flag column.
///
/// ```swift
/// let bytes = XLSXWriter.bytes(document)
/// response.headers[.contentType] = XLSXWriter.contentType
/// ```
public enum XLSXWriter {
    /// The HTTP `Content-Type` of an XLSX file.
    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    /// The file-name extension.
    public static let fileExtension = "xlsx"

    /// The sheet names in `language`, in workbook order: data, definitions, limits, legend.
    public static func sheetNames(_ language: ExportLanguage) -> [String] {
        language == .danish
            ? ["Data", "Definitioner", "Begrænsninger", "Forklaring"] : ["Data", "Definitions", "Limits", "Legend"]
    }

    /// The workbook bytes of `document`.
    public static func bytes(_ document: ExportDocument) -> [UInt8] {
        let l = document.language
        let da = l == .danish
        let names = sheetNames(l)
        let (headers, rows) = document.table.laidOut(language: l)

        var data: [[SheetCell]] = [headers.map { .header($0) }]
        for row in rows {
            data.append(
                row.map { cell in
                    switch cell {
                    case .text(let s): .text(s)
                    case .marker(let s): .marker(s)
                    case .integer(let n): .integer(n)
                    case .decimal(let x, let digits): .decimal(x, digits: digits)
                    case .empty: .empty
                    }
                })
        }
        var definitions: [[SheetCell]] = [
            [.header(da ? "Rapport" : "Report"), .text(document.table.title)], [],
            [.header(da ? "Begreb" : "Term"), .header(da ? "Definition" : "Definition")],
        ]
        definitions += document.definitions.map { [.text($0.term), .text($0.text)] }
        var limits: [[SheetCell]] = [[.header(da ? "Hvad tallene ikke viser" : "What the figures do not show")]]
        limits += document.limits.map { [.text($0)] }
        var legend: [[SheetCell]] = [[.header(da ? "Markering" : "Flag"), .header(da ? "Betydning" : "Meaning")]]
        legend += document.legend.map { [.text($0.flag), .text($0.meaning)] }

        let sheets = [data, definitions, limits, legend]
        var zip = ZipArchive()
        zip.add("[Content_Types].xml", Array(contentTypes(sheetCount: sheets.count).utf8))
        zip.add("_rels/.rels", Array(rootRelationships.utf8))
        zip.add("xl/workbook.xml", Array(workbook(names: names).utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheetCount: sheets.count).utf8))
        zip.add("xl/styles.xml", Array(styles.utf8))
        for (i, sheet) in sheets.enumerated() {
            zip.add("xl/worksheets/sheet\(i + 1).xml", Array(worksheet(sheet, freezeHeader: i == 0).utf8))
        }
        return zip.finish()
    }

    /// A cell of a sheet, with its style.
    enum SheetCell {
        case header(String)
        case text(String)
        case marker(String)
        case integer(Int)
        case decimal(Double, digits: Int)
        case empty
    }

    // Style indices into cellXfs below.
    private static let styleHeader = 1
    private static let styleInteger = 2
    private static let styleMarker = 3
    /// Decimal styles: 4 + digits − 1 for 1…6 digits; 0 digits uses the integer style.
    private static func styleDecimal(_ digits: Int) -> Int { digits <= 0 ? styleInteger : 3 + min(digits, 6) }

    static let maxDecimalStyles = 6

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static func contentTypes(sheetCount: Int) -> String {
        var s = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        s +=
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for i in 1...sheetCount {
            s +=
                #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return s + "</Types>"
    }

    private static let rootRelationships =
        header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relNS)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private static func workbook(names: [String]) -> String {
        var s = header + #"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)"><sheets>"#
        for (i, name) in names.enumerated() {
            s += #"<sheet name="\#(escape(name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }
        return s + "</sheets></workbook>"
    }

    private static func workbookRelationships(sheetCount: Int) -> String {
        var s = header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 1...sheetCount {
            s += #"<Relationship Id="rId\#(i)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#(i).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relNS)/styles" Target="styles.xml"/>"#
        return s + "</Relationships>"
    }

    private static var styles: String {
        var s = header + #"<styleSheet xmlns="\#(mainNS)">"#
        s += #"<numFmts count="\#(maxDecimalStyles)">"#
        for d in 1...maxDecimalStyles {
            s += #"<numFmt numFmtId="\#(163 + d)" formatCode="0.\#(String(repeating: "0", count: d))"/>"#
        }
        s += "</numFmts>"
        s += #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#
        s += #"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        s += #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
        s += #"<fill><patternFill patternType="gray125"/></fill></fills>"#
        s += #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        s += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        s += #"<cellXfs count="\#(4 + maxDecimalStyles)">"#
        s += #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        s += #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        s += #"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        s +=
            #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right"/></xf>"#
        for d in 1...maxDecimalStyles {
            s += #"<xf numFmtId="\#(163 + d)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        }
        s += "</cellXfs>"
        s += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        return s + "</styleSheet>"
    }

    private static func worksheet(_ rows: [[SheetCell]], freezeHeader: Bool) -> String {
        var s = header + #"<worksheet xmlns="\#(mainNS)">"#
        if freezeHeader {
            s += #"<sheetViews><sheetView workbookViewId="0">"#
            s += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            s += "</sheetView></sheetViews>"
        }
        // Column widths from the longest text, capped, so the sheet is readable when opened.
        let columns = rows.map(\.count).max() ?? 0
        if columns > 0 {
            s += "<cols>"
            for c in 0..<columns {
                let longest = rows.compactMap { c < $0.count ? $0[c].widthHint : nil }.max() ?? 8
                let width = min(max(longest + 2, 8), 80)
                s += #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(width)" customWidth="1"/>"#
            }
            s += "</cols>"
        }
        s += "<sheetData>"
        for (r, row) in rows.enumerated() {
            s += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = columnName(c) + String(r + 1)
                switch cell {
                case .empty: continue
                case .header(let t): s += inline(ref, t, style: styleHeader)
                case .text(let t): s += inline(ref, t, style: nil)
                case .marker(let t): s += inline(ref, t, style: styleMarker)
                case .integer(let n): s += #"<c r="\#(ref)" s="\#(styleInteger)"><v>\#(n)</v></c>"#
                case .decimal(let x, let digits):
                    let text = NumberText.fixed(x, digits: digits, decimalMark: ".")
                    if text.isEmpty { continue }
                    s += #"<c r="\#(ref)" s="\#(styleDecimal(digits))"><v>\#(text)</v></c>"#
                }
            }
            s += "</row>"
        }
        return s + "</sheetData></worksheet>"
    }

    private static func inline(_ ref: String, _ text: String, style: Int?) -> String {
        let styleAttribute = style.map { #" s="\#($0)""# } ?? ""
        return
            #"<c r="\#(ref)"\#(styleAttribute) t="inlineStr"><is><t xml:space="preserve">\#(escape(text))</t></is></c>"#
    }

    /// `A`, `B`, … `Z`, `AA`, … for a zero-based column index.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML text: `& < > "` escaped; characters XML 1.0 cannot hold are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0xFFFE && v <= 0xFFFF) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension XLSXWriter.SheetCell {
    fileprivate var widthHint: Int? {
        switch self {
        case .header(let t), .text(let t), .marker(let t): min(t.count, 80)
        case .integer(let n): String(n).count
        case .decimal(_, let digits): 8 + digits
        case .empty: nil
        }
    }
}
