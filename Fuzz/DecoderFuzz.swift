// libFuzzer entry for the ingest decoders (delimited, JSON Lines, UTF-8 scan).
// Built and run by scripts/fuzz-decoders, compiled together with the decoder sources only.
//
// Besides "no crash, no hang, no out-of-bounds access" (AddressSanitizer), it checks two
// properties: every record consumes at least one byte, and feeding the input in small chunks
// yields exactly the records of feeding it whole.

private func records(_ base: UnsafePointer<UInt8>, _ count: Int, delimiter: UInt8, chunk: Int?) -> [[[UInt8]]] {
    var d = DelimitedDecoder(delimiter: delimiter, quote: UInt8(ascii: "\""))
    defer { d.deallocate() }
    var out: [[[UInt8]]] = []
    var pos = 0
    var available = chunk.map { min($0, count) } ?? count
    var guardSteps = 0
    while true {
        guardSteps += 1
        precondition(guardSteps < 10 * (count + 2) + 100, "decoder does not make progress")
        let step = d.next(base, count: available, offset: pos, atEOF: available == count)
        if step == .needMoreData || (step == .end && available < count) {
            precondition(available < count, "needMoreData at the end of the data")
            available = min(count, available + (chunk ?? count))
            continue
        }
        if step == .end { break }
        precondition(d.consumed > 0, "record consumed no bytes")
        precondition(d.recordStart == pos && d.recordEnd <= pos + d.consumed, "record range outside consumed bytes")
        out.append(d.fields.map { Array(UnsafeBufferPointer(start: $0.start, count: $0.count)) })
        pos += d.consumed
        precondition(pos <= count, "consumed past the end")
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    // The first byte picks the delimiter, the rest is the file.
    let delimiter: UInt8 = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")][Int(data[0]) % 3]
    let body = data + 1
    let n = size - 1
    let whole = records(body, n, delimiter: delimiter, chunk: nil)
    let chunked = records(body, n, delimiter: delimiter, chunk: 1 + Int(data[0]) % 7)
    precondition(whole == chunked, "chunked decoding differs from whole decoding")

    // JSON Lines: every physical line.
    var json = JSONLinesDecoder()
    defer { json.deallocate() }
    var start = 0
    for i in 0...n where i == n || body[i] == 10 {
        _ = json.decode(body + start, count: i - start)
        for m in json.members {
            precondition(m.key.count >= 0 && m.value.count >= 0)
        }
        start = i + 1
    }

    var scan = UTF8Scan()
    scan.feed(body, n)
    scan.finish()
    // Cross-check with the standard library's validation.
    let valid = String(validating: UnsafeBufferPointer(start: body, count: n), as: UTF8.self) != nil
    precondition(scan.valid == valid, "UTF8Scan disagrees with the standard library")
    return 0
}
