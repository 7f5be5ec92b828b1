import Foundation
import FoundationXML
import KlarsynTesting
import Testing

@testable import KlarsynDisclosure

/// The entries of a ZIP archive, read back independently of the writer.
struct ZipEntry {
    let name: String
    let method: UInt16
    let crc: UInt32
    let data: [UInt8]
}

enum ZipReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// Reads the central directory from the end record and each entry's local header.
    static func entries(_ b: [UInt8]) throws -> [ZipEntry] {
        guard b.count >= 22, let end = (0...(b.count - 22)).reversed().first(where: { u32(b, $0) == 0x0605_4B50 })
        else { throw Failure(description: "no end of central directory") }
        let count = Int(u16(b, end + 10))
        var offset = Int(u32(b, end + 16))
        guard offset + Int(u32(b, end + 12)) == end else { throw Failure(description: "central directory size") }
        var entries: [ZipEntry] = []
        for _ in 0..<count {
            guard u32(b, offset) == 0x0201_4B50 else { throw Failure(description: "central header signature") }
            let method = u16(b, offset + 10)
            let crc = u32(b, offset + 16)
            let size = Int(u32(b, offset + 20))
            let nameLength = Int(u16(b, offset + 28))
            let extra = Int(u16(b, offset + 30))
            let comment = Int(u16(b, offset + 32))
            let local = Int(u32(b, offset + 42))
            let name = String(decoding: b[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            guard u32(b, local) == 0x0403_4B50, u32(b, local + 14) == crc, Int(u32(b, local + 22)) == size else {
                throw Failure(description: "local header of \(name) disagrees with the central directory")
            }
            let start = local + 30 + Int(u16(b, local + 26)) + Int(u16(b, local + 28))
            entries.append(ZipEntry(name: name, method: method, crc: crc, data: Array(b[start..<(start + size)])))
            offset += 46 + nameLength + extra + comment
        }
        return entries
    }
}

/// Collects text per cell reference from a worksheet, checking well-formedness on the way.
final class SheetReader: NSObject, XMLParserDelegate {
    var cells: [String: String] = [:]
    private var reference: String?
    private var text = ""
    private var collecting = false

    static func read(_ data: [UInt8]) throws -> [String: String] {
        let reader = SheetReader()
        let parser = XMLParser(data: Data(data))
        parser.delegate = reader
        guard parser.parse() else {
            throw ZipReader.Failure(description: "not well-formed XML: \(String(describing: parser.parserError))")
        }
        return reader.cells
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "c" {
            reference = attributes["r"]
            text = ""
        }
        if name == "v" || name == "t" { collecting = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" || name == "t" { collecting = false }
        if name == "c", let reference { cells[reference] = text }
    }
}

/// LibreOffice's `soffice`, when installed. `KLARSYN_SOFFICE` overrides the search; set to an
/// empty value it pretends LibreOffice is missing (to check that CI then fails).
enum LibreOffice {
    static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["KLARSYN_SOFFICE"] { return explicit.isEmpty ? nil : explicit }
        let folders = (environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for folder in folders + ["/usr/lib/libreoffice/program"] {
            for name in ["soffice", "libreoffice"]
            where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// On CI (`CI` set) the test must run, and fails when LibreOffice is missing; locally it is
    /// skipped without LibreOffice.
    static var testEnabled: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] != nil }
}

@Suite struct XLSXExportTests {
    private func document(_ language: ExportLanguage = .danish) throws -> (ExportDocument, SuppressionPolicy) {
        let (table, result, policy) = try ExportFixture.suppressed()
        let counts = result.counts
        let document = ExportDocument(
            table: table, language: language,
            definitions: [
                ExportNote(term: "Sygefravær %", text: "Sygefravær, version 1: dage × FTE / dage ansat × FTE.")
            ],
            limits: ["\(counts.suppressed) celler er skjult (\(policy.marker)) efter \(policy.tag)."],
            legend: ExportFlag.legend(for: policy, language: language))
        return (document, policy)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func packageHasTheOfficeOpenXMLPartsWithValidChecksums() throws {
        let (doc, _) = try document()
        let entries = try ZipReader.entries(XLSXWriter.bytes(doc))
        #expect(
            entries.map(\.name) == [
                "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
                "xl/worksheets/sheet4.xml",
            ])
        for entry in entries {
            #expect(entry.method == 0)
            #expect(CRC32.checksum(entry.data) == entry.crc, "\(entry.name)")
            _ = try SheetReader.read(entry.data)  // every part is well-formed XML
        }
        let workbook = String(decoding: entries[2].data, as: UTF8.self)
        for name in XLSXWriter.sheetNames(.danish) { #expect(workbook.contains("name=\"\(name)\"")) }
    }

    @Test func dataSheetHoldsValuesMarkersAndFlags() throws {
        let (doc, _) = try document()
        let entries = try ZipReader.entries(XLSXWriter.bytes(doc))
        let data = try SheetReader.read(entries.first { $0.name == "xl/worksheets/sheet1.xml" }!.data)
        #expect(
            data["A1"] == "Enhed" && data["C1"] == "Ansatte (markering)" && data["E1"] == "Sygefravær % (markering)")
        #expect(data["A2"] == "Hospital; Nord" && data["B2"] == "24" && data["D2"] == "5.50" && data["C2"] == nil)
        #expect(data["A3"] == "Afsnit \"Æ\"" && data["B3"] == "<5" && data["C3"] == "SC1" && data["D3"] == "<5")
        #expect(data["E3"] == "SC2" && data["A4"] == "Afsnit Ø\nny" && data["C4"] == "SC3")
        let legend = try SheetReader.read(entries.first { $0.name == "xl/worksheets/sheet4.xml" }!.data)
        #expect(legend["A2"] == "<5" && legend["A3"] == "SC1" && legend["A5"] == "SC3")
    }

    @Test func sameDocumentGivesTheSameBytes() throws {
        let (doc, _) = try document()
        #expect(XLSXWriter.bytes(doc) == XLSXWriter.bytes(doc))
    }

    @Test func hiddenValuesNeverReachTheWorkbook() throws {
        let (doc, _) = try document()
        // Entries are stored, not compressed, so the raw bytes are the XML itself.
        let raw = String(decoding: XLSXWriter.bytes(doc), as: UTF8.self)
        #expect(raw.contains("4.25"))
        #expect(!raw.contains("987") && !raw.contains("654"))
        #expect(!raw.contains("<v>3</v>") && !raw.contains("<v>9</v>"))
    }

    @Test func xmlEscapingAndColumnNames() {
        #expect(XLSXWriter.escape("a<b>&\"c\u{1}\td") == "a&lt;b&gt;&amp;&quot;c\td")
        #expect(
            [0, 25, 26, 27, 51, 52, 701, 702].map(XLSXWriter.columnName) == [
                "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
            ])
    }

    @Test(
        .enabled(if: LibreOffice.testEnabled, "LibreOffice (soffice) is not installed; on CI this test runs and fails"),
        arguments: ExportLanguage.allCases)
    func libreOfficeOpensTheWorkbookAndReadsEverySheet(language: ExportLanguage) throws {
        guard let soffice = LibreOffice.path else {
            Issue.record("CI is set but LibreOffice is missing: apt-get install libreoffice-calc-nogui")
            return
        }
        let tmp = try TemporaryDirectory(prefix: "klarsyn-xlsx")
        defer { tmp.remove() }
        let (doc, policy) = try document(language)
        let file = tmp.path("export.xlsx")
        let names = XLSXWriter.sheetNames(language)
        let flag = language == .danish ? "markering" : "flag"
        try Data(XLSXWriter.bytes(doc)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        // UTF-8 (76), comma, double quote, cells as shown (so number formats count), every sheet to
        // its own file (-1, LibreOffice ≥ 7.2).
        process.arguments = [
            "-env:UserInstallation=file://\(tmp.path("profile").path)", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir",
            tmp.path("out").path, file.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        func sheet(_ name: String) throws -> String {
            try String(contentsOf: tmp.path("out/export-\(name).csv"), encoding: .utf8)
        }
        let data = try sheet(names[0])
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "Enhed,Ansatte,Ansatte (\(flag)),Sygefravær %,Sygefravær % (\(flag))")
        #expect(lines[1] == "Hospital; Nord,24,,5.50,")
        #expect(lines[2] == #""Afsnit ""Æ""",<5,SC1,<5,SC2"#)
        #expect(data.contains("\"Afsnit Ø\nny\",<5,SC3,3.00,"))
        #expect(data.contains("Afsnit Å,12,,4.25,"))
        #expect(!data.contains("987"))
        #expect(try sheet(names[1]).contains("Sygefravær %,"))
        #expect(try sheet(names[2]).contains("small-cells@\(policy.version)"))
        let legend = try sheet(names[3])
        for rule in policy.rules { #expect(legend.contains("\(rule.id),")) }
    }
}
