// Pure Swift (standard library only): compiled on its own by scripts/fuzz-decoders.

/// A field's bytes inside the decoder's input buffer or scratch space; valid until the next record.
struct FieldSlice {
    var start: UnsafePointer<UInt8>
    var count: Int
}

/// What the delimited decoder found at the current position.
enum DelimitedStep: Equatable {
    /// A record was decoded; `fields` and `record` describe it.
    case record
    /// The buffer ends inside a record: supply more bytes (or set `atEOF`).
    case needMoreData
    /// Nothing left.
    case end
}

/// A malformed record, kept with its bytes so that the line can be quarantined.
enum RecordProblem: Equatable {
    /// A quoted field is still open at the end of the file (typically a truncated file).
    case unterminatedQuote
    /// Text follows a closing quote before the delimiter, e.g. `"ab"c`.
    case textAfterClosingQuote(field: Int)
}

/// A fast byte-level decoder for delimiter-separated records: quoted fields, doubled quotes
/// inside quotes, line breaks inside quotes, LF or CRLF line ends, a last line without a line end.
struct DelimitedDecoder {
    let delimiter: UInt8
    let quote: UInt8
    /// Fields of the last record.
    private(set) var fields: [FieldSlice] = []
    /// Byte range of the last record in the buffer, without its line end.
    private(set) var recordStart = 0
    private(set) var recordEnd = 0
    /// Bytes consumed by the last record including its line end.
    private(set) var consumed = 0
    /// Physical lines spanned by the last record (more than 1 when a quoted field holds a line break).
    private(set) var physicalLines = 1
    /// False when the last record ended at the end of the data without a line end.
    private(set) var terminated = true
    /// Problem of the last record, if any.
    private(set) var problem: RecordProblem?

    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int

    init(delimiter: UInt8, quote: UInt8) {
        self.delimiter = delimiter
        self.quote = quote
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        fields.reserveCapacity(64)
    }

    /// Frees the scratch space; call once when done.
    func deallocate() { scratch.deallocate() }

    /// Decodes the record starting at `offset` of `buffer[0..<count]`.
    mutating func next(_ buffer: UnsafePointer<UInt8>, count: Int, offset: Int, atEOF: Bool) -> DelimitedStep {
        if offset >= count { return .end }
        if scratchCapacity < count - offset {
            scratch.deallocate()
            scratchCapacity = Swift.max(count - offset, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        fields.removeAll(keepingCapacity: true)
        problem = nil
        physicalLines = 1
        var used = 0
        var i = offset
        let nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while true {
            if i < count && buffer[i] == quote {
                // Quoted field.
                i += 1
                var segment = i
                var copied = false
                let fieldScratch = used
                var closed = false
                while i < count {
                    let b = buffer[i]
                    if b == quote {
                        if i + 1 < count {
                            if buffer[i + 1] == quote {
                                let n = i + 1 - segment
                                (scratch + used).update(from: buffer + segment, count: n)
                                used += n
                                copied = true
                                i += 2
                                segment = i
                                continue
                            }
                        } else if !atEOF {
                            return .needMoreData
                        }
                        closed = true
                        break
                    }
                    if b == nl { physicalLines += 1 }
                    i += 1
                }
                if !closed {
                    if !atEOF { return .needMoreData }
                    // Unterminated quote: the record runs to the end of the data.
                    let n = i - segment
                    (scratch + used).update(from: buffer + segment, count: n)
                    used += n
                    fields.append(FieldSlice(start: UnsafePointer(scratch + fieldScratch), count: used - fieldScratch))
                    problem = .unterminatedQuote
                    recordStart = offset
                    recordEnd = count
                    consumed = count - offset
                    terminated = false
                    return .record
                }
                if copied {
                    let n = i - segment
                    (scratch + used).update(from: buffer + segment, count: n)
                    used += n
                    fields.append(FieldSlice(start: UnsafePointer(scratch + fieldScratch), count: used - fieldScratch))
                } else {
                    fields.append(FieldSlice(start: buffer + segment, count: i - segment))
                }
                i += 1  // closing quote
                if i >= count {
                    if !atEOF { return .needMoreData }
                    return finish(buffer, count: count, offset: offset, end: i, lineEnd: i, terminated: false)
                }
                let b = buffer[i]
                if b == delimiter { i += 1; continue }
                if b == nl { return finish(buffer, count: count, offset: offset, end: i, lineEnd: i + 1, terminated: true) }
                if b == cr && i + 1 < count && buffer[i + 1] == nl {
                    return finish(buffer, count: count, offset: offset, end: i, lineEnd: i + 2, terminated: true)
                }
                if b == cr && i + 1 >= count && !atEOF { return .needMoreData }
                // Text after the closing quote: keep it in the field's record, flag the line.
                if problem == nil { problem = .textAfterClosingQuote(field: fields.count - 1) }
                while i < count && buffer[i] != delimiter && buffer[i] != nl { i += 1 }
                if i >= count {
                    if !atEOF { return .needMoreData }
                    return finish(buffer, count: count, offset: offset, end: i, lineEnd: i, terminated: false)
                }
                if buffer[i] == delimiter { i += 1; continue }
                let end = (i > offset && buffer[i - 1] == cr) ? i - 1 : i
                return finish(buffer, count: count, offset: offset, end: end, lineEnd: i + 1, terminated: true)
            }
            // Unquoted field.
            let start = i
            while i < count {
                let b = buffer[i]
                if b == delimiter || b == nl { break }
                i += 1
            }
            if i >= count {
                if !atEOF { return .needMoreData }
                var end = i
                if end > start && buffer[end - 1] == cr { end -= 1 }
                fields.append(FieldSlice(start: buffer + start, count: end - start))
                return finish(buffer, count: count, offset: offset, end: end, lineEnd: i, terminated: false)
            }
            if buffer[i] == delimiter {
                fields.append(FieldSlice(start: buffer + start, count: i - start))
                i += 1
                continue
            }
            // Line feed.
            let end = (i > start && buffer[i - 1] == cr) ? i - 1 : i
            fields.append(FieldSlice(start: buffer + start, count: end - start))
            return finish(buffer, count: count, offset: offset, end: end, lineEnd: i + 1, terminated: true)
        }
    }

    private mutating func finish(_ buffer: UnsafePointer<UInt8>, count: Int, offset: Int, end: Int, lineEnd: Int, terminated: Bool) -> DelimitedStep {
        recordStart = offset
        recordEnd = end
        consumed = lineEnd - offset
        self.terminated = terminated
        return .record
    }
}
