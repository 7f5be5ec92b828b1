import Testing
@testable import KlarsynIngest

private func records(_ text: String, delimiter: Character = ",", chunked: Int? = nil) -> [([String], Bool, RecordProblem?)] {
    var bytes = Array(text.utf8)
    var d = DelimitedDecoder(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!), quote: UInt8(ascii: "\""))
    defer { d.deallocate() }
    var out: [([String], Bool, RecordProblem?)] = []
    var pos = 0
    let count = bytes.count
    bytes.withUnsafeMutableBufferPointer { buf in
        let base = UnsafePointer(buf.baseAddress!)
        // Feed growing prefixes to exercise needMoreData.
        var available = chunked.map { min($0, count) } ?? count
        while true {
            let step = d.next(base, count: available, offset: pos, atEOF: available == count)
            if step == .needMoreData || (step == .end && available < count) {
                available = min(count, available + (chunked ?? count))
                continue
            }
            if step == .end { break }
            out.append((d.fields.map(RowProcessor.string), d.terminated, d.problem))
            pos += d.consumed
        }
    }
    return out
}

@Test func delimitedQuotesEscapesAndCRLF() {
    let r = records("a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,,3\r\n")
    #expect(r.count == 2)
    #expect(r[0].0 == ["a", "b,c", "say \"hi\""])
    #expect(r[1].0 == ["1", "", "3"])
    #expect(r.allSatisfy { $0.1 && $0.2 == nil })
}

@Test func delimitedLineBreakInsideQuotesAndChunking() {
    let text = "x;\"two\nlines\";z\nq;w;e"
    for chunk in [1, 2, 3, 5, 100] {
        let r = records(text, delimiter: ";", chunked: chunk)
        #expect(r.count == 2)
        #expect(r[0].0 == ["x", "two\nlines", "z"])
        #expect(r[1].0 == ["q", "w", "e"])
        #expect(r[1].1 == false)  // no final line end
    }
}

@Test func delimitedUnterminatedQuoteAndTextAfterQuote() {
    let r = records("a,\"open\nb,c")
    #expect(r.count == 1)
    #expect(r[0].2 == .unterminatedQuote)
    let s = records("\"ab\"c,d\n")
    #expect(s[0].2 == .textAfterClosingQuote(field: 0))
    #expect(s[0].1)
}

@Test func jsonLinesDecodesFlatObjects() {
    var j = JSONLinesDecoder()
    defer { j.deallocate() }
    var line = Array(#"{"a":"x\"y","n":12.5,"b":true,"z":null,"u":"\u00e6\ud83d\ude00","o":{"k":[1,"}"]}}"#.utf8)
    let problem = line.withUnsafeMutableBufferPointer { j.decode(UnsafePointer($0.baseAddress!), count: $0.count) }
    #expect(problem == nil)
    #expect(j.members.map { RowProcessor.string($0.key) } == ["a", "n", "b", "z", "u", "o"])
    #expect(RowProcessor.string(j.members[0].value) == "x\"y")
    #expect(RowProcessor.string(j.members[4].value) == "æ😀")
    #expect(j.members[5].kind == .composite)
    for bad in [#"{"a":"x"#, #"{"a":1"#, #"["a"]"#, #"{"a":1} x"#, #"{"a" 1}"#, ""] {
        var b = Array(bad.utf8) + [0]
        let p = b.withUnsafeMutableBufferPointer { j.decode(UnsafePointer($0.baseAddress!), count: $0.count - 1) }
        #expect(p != nil, "\(bad)")
    }
}

@Test func utf8ScanTellsEncodings() {
    func scan(_ bytes: [UInt8]) -> (Bool, Bool) {
        var s = UTF8Scan()
        bytes.withUnsafeBufferPointer { s.feed($0.baseAddress!, $0.count) }
        s.finish()
        return (s.valid, s.hasNonASCII)
    }
    #expect(scan(Array("plain ascii text here".utf8)) == (true, false))
    #expect(scan(Array("Fødselsår".utf8)) == (true, true))
    #expect(scan([0x46, 0xF8, 0x64]) == (false, true))  // "Fød" in Windows-1252
    #expect(scan([0xC3]) == (false, true))  // cut sequence
}

@Test func textPatternSubset() {
    let p = TextPattern(#"^E\d{7}$"#)!
    #expect(p.matches("E0012345"))
    #expect(!p.matches("E001234"))
    #expect(!p.matches("X0012345"))
    #expect(!p.matches("E00123456"))
    #expect(TextPattern(#"^\d{4}H[12]$"#)!.matches("2024H1"))
    #expect(TextPattern(#"^[A-Z]+-?\d*$"#)!.matches("AB-12"))
    #expect(TextPattern("(a|b)") == nil)
}

@Test func valueParsers() throws {
    func dec(_ s: String, _ mark: Character) -> Result<Double, ValueFailure> {
        var b = Array(s.utf8) + [0]
        return b.withUnsafeMutableBufferPointer { ValueParsers.decimal(UnsafePointer($0.baseAddress!), $0.count - 1, mark: UInt8(ascii: mark.unicodeScalars.first!)) }
    }
    #expect(try dec("37,00", ",").get() == 37)
    #expect(try dec("-1234,5", ",").get() == -1234.5)
    #expect(dec("37.00", ",") == .failure(.wrongDecimalMark))
    #expect(dec("3,7", ".") == .failure(.wrongDecimalMark))
    #expect(dec("abc", ",") == .failure(.malformed))
    var out = [UInt8](repeating: 0, count: 32)
    var s = Array("31-02-2024".utf8)
    let r = s.withUnsafeMutableBufferPointer { src in out.withUnsafeMutableBufferPointer { ValueParsers.date(UnsafePointer(src.baseAddress!), 10, layout: .danish, out: $0.baseAddress!) } }
    if case .failure(let f) = r { #expect(f == .notReal) } else { Issue.record("31-02-2024 accepted") }
    // Local time across the spring DST change: 2024-03-31T01:30 is UTC+1, 03:30 is UTC+2.
    var a = Array("2024-03-31T01:30:00".utf8), b = Array("2024-03-31T03:30:00".utf8)
    let ua = a.withUnsafeMutableBufferPointer { src in out.withUnsafeMutableBufferPointer { try? ValueParsers.localDateTime(UnsafePointer(src.baseAddress!), 19, out: $0.baseAddress!).get() } }
    let ub = b.withUnsafeMutableBufferPointer { src in out.withUnsafeMutableBufferPointer { try? ValueParsers.localDateTime(UnsafePointer(src.baseAddress!), 19, out: $0.baseAddress!).get() } }
    #expect(ub! - ua! == 3600)
    var o = Array("2024-02-12T10:41:07+01:00".utf8)
    let uo = o.withUnsafeMutableBufferPointer { try? ValueParsers.offsetDateTime(UnsafePointer($0.baseAddress!), $0.count).get() }
    #expect(uo == 1_707_730_867)
}

@Test func globAndDeliveryDates() {
    #expect(Glob.matches(pattern: "psc_shifts_*.csv", name: "psc_shifts_20240312.csv"))
    #expect(!Glob.matches(pattern: "psc_shifts_*.csv", name: "psc_shifts_20240312.csv.bak"))
    #expect(Ingestor.deliveryDate(fileName: "psc_shifts_20240312.csv") == "2024-03-12")
    #expect(Ingestor.deliveryDate(fileName: "pdc_payroll_202403.csv") == "2024-03-01")
    #expect(Ingestor.deliveryDate(fileName: "pdc_payroll_20240231.csv") == nil)
    #expect(Ingestor.deliveryDate(fileName: "pdc_payroll_latest.csv") == nil)
}
