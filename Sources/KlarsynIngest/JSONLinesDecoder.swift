// Pure Swift (standard library only): compiled on its own by scripts/fuzz-decoders.

/// The kind of a JSON member value.
enum JSONValueKind: Equatable {
    case string, number, bool, null, composite
}

/// A JSON member of the last decoded line.
struct JSONMember {
    var key: FieldSlice
    var value: FieldSlice
    var kind: JSONValueKind
}

/// Why a JSON line could not be decoded (offset is a byte position in the line).
struct JSONLineProblem: Error, Equatable {
    var offset: Int
    var message: String
}

/// Decodes one line holding one flat JSON object into members (keys and values unescaped to
/// UTF-8). Nested objects and arrays are returned raw as `composite`. Strictly one object per
/// line: text after the closing brace is an error.
struct JSONLinesDecoder {
    private(set) var members: [JSONMember] = []
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int

    init() {
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
        members.reserveCapacity(32)
    }

    func deallocate() { scratch.deallocate() }

    mutating func decode(_ p: UnsafePointer<UInt8>, count n: Int) -> JSONLineProblem? {
        members.removeAll(keepingCapacity: true)
        if scratchCapacity < n * 4 + 16 {
            scratch.deallocate()
            scratchCapacity = n * 4 + 16
            scratch = .allocate(capacity: scratchCapacity)
        }
        var used = 0
        var i = 0
        func skipSpace() { while i < n && (p[i] == 32 || p[i] == 9 || p[i] == 13 || p[i] == 10) { i += 1 } }
        func fail(_ m: String) -> JSONLineProblem { JSONLineProblem(offset: Swift.min(i, n), message: m) }

        func appendScalar(_ v: UInt32) {
            if v < 0x80 {
                scratch[used] = UInt8(v); used += 1
            } else if v < 0x800 {
                scratch[used] = UInt8(0xC0 | (v >> 6)); scratch[used + 1] = UInt8(0x80 | (v & 0x3F)); used += 2
            } else if v < 0x10000 {
                scratch[used] = UInt8(0xE0 | (v >> 12)); scratch[used + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                scratch[used + 2] = UInt8(0x80 | (v & 0x3F)); used += 3
            } else {
                scratch[used] = UInt8(0xF0 | (v >> 18)); scratch[used + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                scratch[used + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); scratch[used + 3] = UInt8(0x80 | (v & 0x3F)); used += 4
            }
        }
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var v: UInt32 = 0
            for k in at..<(at + 4) {
                let c = p[k]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: return nil
                }
                v = v << 4 | d
            }
            return v
        }
        /// Parses a string at `i` (on the opening quote).
        func string() -> Result<FieldSlice, JSONLineProblem> {
            i += 1
            let start = i
            while i < n && p[i] != 34 && p[i] != 92 && p[i] >= 0x20 { i += 1 }
            if i < n && p[i] == 34 {
                let s = FieldSlice(start: p + start, count: i - start)
                i += 1
                return .success(s)
            }
            let from = used
            (scratch + used).update(from: p + start, count: i - start)
            used += i - start
            while i < n {
                let c = p[i]
                if c == 34 {
                    i += 1
                    return .success(FieldSlice(start: UnsafePointer(scratch + from), count: used - from))
                }
                if c < 0x20 { return .failure(fail("control character inside a string")) }
                if c == 92 {
                    guard i + 1 < n else { break }
                    let e = p[i + 1]
                    i += 2
                    switch e {
                    case 34: appendScalar(34)
                    case 92: appendScalar(92)
                    case 47: appendScalar(47)
                    case 98: appendScalar(8)
                    case 102: appendScalar(12)
                    case 110: appendScalar(10)
                    case 114: appendScalar(13)
                    case 116: appendScalar(9)
                    case 117:
                        guard var v = hex4(i) else { return .failure(fail("bad \\u escape")) }
                        i += 4
                        if v >= 0xD800 && v < 0xDC00 {
                            if i + 1 < n && p[i] == 92 && p[i + 1] == 117, let lo = hex4(i + 2), lo >= 0xDC00 && lo < 0xE000 {
                                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                                i += 6
                            } else {
                                v = 0xFFFD
                            }
                        } else if v >= 0xDC00 && v < 0xE000 {
                            v = 0xFFFD
                        }
                        appendScalar(v)
                    default: return .failure(fail("unknown escape \\\(Character(Unicode.Scalar(e)))"))
                    }
                    continue
                }
                scratch[used] = c
                used += 1
                i += 1
            }
            return .failure(fail("string not closed (the line may be truncated)"))
        }
        /// Skips a nested object or array, respecting strings.
        func composite() -> JSONLineProblem? {
            var depth = 0
            while i < n {
                let c = p[i]
                if c == 34 {
                    if case .failure(let e) = string() { return e }
                    continue
                }
                if c == 123 || c == 91 { depth += 1 } else if c == 125 || c == 93 {
                    depth -= 1
                    if depth == 0 { i += 1; return nil }
                }
                i += 1
            }
            return fail("nested value not closed (the line may be truncated)")
        }

        skipSpace()
        guard i < n, p[i] == 123 else { return fail("a line must hold one JSON object starting with {") }
        i += 1
        skipSpace()
        if i < n && p[i] == 125 {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < n, p[i] == 34 else { return fail(i >= n ? "object not closed (the line may be truncated)" : "expected a quoted key") }
                let key: FieldSlice
                switch string() {
                case .success(let s): key = s
                case .failure(let e): return e
                }
                skipSpace()
                guard i < n, p[i] == 58 else { return fail("expected : after a key") }
                i += 1
                skipSpace()
                guard i < n else { return fail("value missing (the line may be truncated)") }
                let c = p[i]
                let value: FieldSlice
                let kind: JSONValueKind
                if c == 34 {
                    switch string() {
                    case .success(let s): value = s
                    case .failure(let e): return e
                    }
                    kind = .string
                } else if c == 123 || c == 91 {
                    let s = i
                    if let e = composite() { return e }
                    value = FieldSlice(start: p + s, count: i - s)
                    kind = .composite
                } else if c == 116 || c == 102 || c == 110 {
                    let s = i
                    while i < n && p[i] >= 97 && p[i] <= 122 { i += 1 }
                    let word = String(decoding: UnsafeBufferPointer(start: p + s, count: i - s), as: UTF8.self)
                    switch word {
                    case "true": value = FieldSlice(start: p + s, count: i - s); kind = .bool
                    case "false": value = FieldSlice(start: p + s, count: i - s); kind = .bool
                    case "null": value = FieldSlice(start: p + s, count: 0); kind = .null
                    default: return fail("unknown literal")
                    }
                } else if c == 45 || (c >= 48 && c <= 57) {
                    let s = i
                    i += 1
                    while i < n, (p[i] >= 48 && p[i] <= 57) || p[i] == 46 || p[i] == 101 || p[i] == 69 || p[i] == 43 || p[i] == 45 { i += 1 }
                    value = FieldSlice(start: p + s, count: i - s)
                    kind = .number
                } else {
                    return fail("unexpected character where a value should start")
                }
                members.append(JSONMember(key: key, value: value, kind: kind))
                skipSpace()
                guard i < n else { return fail("object not closed (the line may be truncated)") }
                if p[i] == 44 { i += 1; continue }
                if p[i] == 125 { i += 1; break }
                return fail("expected , or } after a value")
            }
        }
        skipSpace()
        if i != n { return fail("text after the end of the object") }
        return nil
    }
}
