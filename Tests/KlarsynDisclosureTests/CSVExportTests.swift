import Foundation
import Testing

@testable import KlarsynDisclosure

/// A small table of the kind a report page shows, suppressed with the shipped policy. The
/// hidden rate is a sentinel value that must never appear in any export.
enum ExportFixture {
    static let hiddenRate = 987.654_321
    static let shownRate = 4.25

    static func suppressed() throws -> (ExportTable, SuppressionResult, SuppressionPolicy) {
        let policy = try PolicyFixture.shipped()
        var cells = DisclosureTable()
        let units: [(String, Int, Double)] = [
            ("Hospital; Nord", 24, 5.5), ("Afsnit \"Æ\"", 3, hiddenRate), ("Afsnit Ø\nny", 9, 3.0),
            ("Afsnit Å", 12, shownRate),
        ]
        for (name, persons, _) in units {
            cells.addCount(CellKey(name, "n"), persons: persons)
            cells.addValue(CellKey(name, "rate"), persons: persons)
        }
        cells.addGroup(total: CellKey(units[0].0, "n"), parts: units.dropFirst().map { CellKey($0.0, "n") })
        let result = try policy.suppress(cells)
        var table = ExportTable(
            title: "Sygefravær, marts 2025",
            columns: [
                ExportColumn("Enhed", .text), ExportColumn("Ansatte", .integer),
                ExportColumn("Sygefravær %", .decimal(digits: 2)),
            ])
        for (name, persons, rate) in units {
            table.append([
                .text(name), ExportValue(persons, key: CellKey(name, "n"), in: result),
                ExportValue(rate, digits: 2, key: CellKey(name, "rate"), in: result),
            ])
        }
        return (table, result, policy)
    }
}

@Suite struct CSVExportTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func standardDialectIsRFC4180WithoutBOM() throws {
        let (table, _, _) = try ExportFixture.suppressed()
        let bytes = CSVExporter.bytes(table, dialect: .standard, language: .english)
        #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
        let expected = [
            "Enhed,Ansatte,Ansatte (flag),Sygefravær %,Sygefravær % (flag)",
            "Hospital; Nord,24,,5.50,",
            #""Afsnit ""Æ""",<5,SC1,<5,SC2"#,
            "\"Afsnit Ø\nny\",<5,SC3,3.00,",
            "Afsnit Å,12,,4.25,",
        ]
        #expect(text(bytes) == expected.map { $0 + "\r\n" }.joined())
    }

    @Test func danishExcelDialectHasBOMSemicolonsAndDecimalCommas() throws {
        let (table, _, _) = try ExportFixture.suppressed()
        let bytes = CSVExporter.bytes(table, dialect: .danishExcel)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let expected = [
            "Enhed;Ansatte;Ansatte (markering);Sygefravær %;Sygefravær % (markering)",
            "\"Hospital; Nord\";24;;5,50;",
            #""Afsnit ""Æ""";<5;SC1;<5;SC2"#,
            "\"Afsnit Ø\nny\";<5;SC3;3,00;",
            "Afsnit Å;12;;4,25;",
        ]
        #expect(text(Array(bytes.dropFirst(3))) == expected.map { $0 + "\r\n" }.joined())
    }

    @Test func everyLineEndsWithCRLFAndNoBareLFOutsideQuotes() throws {
        let (table, _, _) = try ExportFixture.suppressed()
        for dialect in CSVDialect.allCases {
            let s = text(CSVExporter.bytes(table, dialect: dialect))
            #expect(s.hasSuffix("\r\n"))
            // The only LF without CR is the one inside the quoted unit name.
            let bytes = Array(s.utf8)
            let bareLF = bytes.indices.filter { bytes[$0] == 0x0A && ($0 == 0 || bytes[$0 - 1] != 0x0D) }
            #expect(bareLF.count == 1)
        }
    }

    @Test func quotingCoversDelimitersQuotesNewlinesAndEdgeSpaces() {
        #expect(CSVExporter.quote("plain", dialect: .standard) == "plain")
        #expect(CSVExporter.quote("a,b", dialect: .standard) == "\"a,b\"")
        #expect(CSVExporter.quote("a,b", dialect: .danishExcel) == "a,b")
        #expect(CSVExporter.quote("a;b", dialect: .danishExcel) == "\"a;b\"")
        #expect(CSVExporter.quote("say \"hi\"", dialect: .standard) == "\"say \"\"hi\"\"\"")
        #expect(CSVExporter.quote("a\r\nb", dialect: .standard) == "\"a\r\nb\"")
        #expect(CSVExporter.quote("a\rb", dialect: .standard) == "\"a\rb\"")
        #expect(CSVExporter.quote(" lead", dialect: .standard) == "\" lead\"")
    }

    @Test func formulasAreNeutralised() {
        var table = ExportTable(title: "t", columns: [ExportColumn("Tekst", .text), ExportColumn("Tal", .integer)])
        for s in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "ok"] { table.append([.text(s), .integer(-3)]) }
        let s = String(decoding: CSVExporter.bytes(table, dialect: .standard), as: UTF8.self)
        #expect(s.contains("\"'=HYPERLINK(\"\"x\"\")\",-3\r\n"))
        #expect(s.contains("'+1,-3\r\n") && s.contains("'-2,-3") && s.contains("'@SUM(A1),") && s.contains("'\tx,"))
        #expect(s.contains("\r\nok,-3\r\n"))
    }

    @Test func decimalsRoundHalfAwayFromZeroWithEitherMark() {
        #expect(NumberText.fixed(4.25, digits: 1, decimalMark: ",") == "4,3")
        #expect(NumberText.fixed(-4.25, digits: 1, decimalMark: ".") == "-4.3")
        #expect(NumberText.fixed(0.004, digits: 2, decimalMark: ",") == "0,00")
        #expect(NumberText.fixed(-0.004, digits: 2, decimalMark: ",") == "0,00")
        #expect(NumberText.fixed(1234.5, digits: 0, decimalMark: ",") == "1235")
        #expect(NumberText.fixed(7, digits: 3, decimalMark: ",") == "7,000")
        #expect(NumberText.fixed(.nan, digits: 1, decimalMark: ",") == "")
    }

    @Test func shortRowsArePaddedAndFlagColumnsOnlyWhereNeeded() {
        var table = ExportTable(title: "t", columns: [ExportColumn("A", .text), ExportColumn("B", .integer)])
        table.append([.text("x")])
        table.append([.text("y"), .integer(1), .integer(2)])
        #expect(String(decoding: CSVExporter.bytes(table, dialect: .standard), as: UTF8.self) == "A,B\r\nx,\r\ny,1\r\n")
    }

    @Test func hiddenValuesNeverReachTheBytes() throws {
        let (table, result, _) = try ExportFixture.suppressed()
        #expect(!result.isShown(CellKey("Afsnit \"Æ\"", "rate")))
        for dialect in CSVDialect.allCases {
            let s = String(decoding: CSVExporter.bytes(table, dialect: dialect), as: UTF8.self)
            #expect(!s.contains("987") && !s.contains("654"))
            // The hidden counts 3 and 9 (its protecting sibling) are not there as numbers either.
            #expect(!s.contains(dialect.delimiter == "," ? ",3," : ";3;"))
            #expect(!s.contains(dialect.delimiter == "," ? ",9," : ";9;"))
            #expect(s.contains(dialect == .standard ? "4.25" : "4,25"))
        }
    }
}
