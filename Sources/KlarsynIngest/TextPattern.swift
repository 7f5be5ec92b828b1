/// A small regular-expression subset compiled to a byte matcher, fast enough to check every
/// value of a multi-million-row file: anchors `^` `$`, literals, `.`, `\d` `\w` `\s`,
/// character classes `[A-Z0-9_]` / `[^…]` (ASCII), and quantifiers `?` `*` `+` `{n}` `{n,}` `{n,m}`.
/// Groups and alternation are not supported: a contract using them is rejected at load time.
struct TextPattern: Sendable {
    struct Atom: Sendable {
        var set: [Bool]  // 256 entries
        var min: Int
        var max: Int
    }
    let atoms: [Atom]
    let anchoredStart: Bool
    let anchoredEnd: Bool

    init?(_ pattern: String) {
        var p = Array(pattern.utf8)
        var start = false, end = false
        if p.first == UInt8(ascii: "^") { start = true; p.removeFirst() }
        if p.last == UInt8(ascii: "$") && !(p.count >= 2 && p[p.count - 2] == UInt8(ascii: "\\")) { end = true; p.removeLast() }
        var atoms: [Atom] = []
        var i = 0
        func single(_ b: UInt8) -> [Bool] { var s = [Bool](repeating: false, count: 256); s[Int(b)] = true; return s }
        func cls(_ f: (UInt8) -> Bool) -> [Bool] { (0..<256).map { f(UInt8($0)) } }
        let digit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        let word: (UInt8) -> Bool = { digit($0) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
        let space: (UInt8) -> Bool = { $0 == 32 || ($0 >= 9 && $0 <= 13) }
        while i < p.count {
            let c = p[i]
            var set: [Bool]
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "$"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                return nil
            case UInt8(ascii: "."):
                set = cls { $0 != 10 }; i += 1
            case UInt8(ascii: "\\"):
                guard i + 1 < p.count else { return nil }
                let e = p[i + 1]
                switch e {
                case UInt8(ascii: "d"): set = cls(digit)
                case UInt8(ascii: "D"): set = cls { !digit($0) }
                case UInt8(ascii: "w"): set = cls(word)
                case UInt8(ascii: "W"): set = cls { !word($0) }
                case UInt8(ascii: "s"): set = cls(space)
                case UInt8(ascii: "S"): set = cls { !space($0) }
                default:
                    guard !word(e) else { return nil }
                    set = single(e)
                }
                i += 2
            case UInt8(ascii: "["):
                i += 1
                var negate = false
                if i < p.count && p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
                var s = [Bool](repeating: false, count: 256)
                var first = true
                while i < p.count && (p[i] != UInt8(ascii: "]") || first) {
                    first = false
                    var lo = p[i]
                    if lo == UInt8(ascii: "\\") {
                        guard i + 1 < p.count else { return nil }
                        let e = p[i + 1]
                        i += 2
                        switch e {
                        case UInt8(ascii: "d"): for b in 48...57 { s[b] = true }; continue
                        case UInt8(ascii: "w"): for b in 0..<256 where word(UInt8(b)) { s[b] = true }; continue
                        case UInt8(ascii: "s"): for b in 0..<256 where space(UInt8(b)) { s[b] = true }; continue
                        default: lo = e
                        }
                    } else {
                        i += 1
                    }
                    guard lo < 0x80 else { return nil }
                    if i + 1 < p.count && p[i] == UInt8(ascii: "-") && p[i + 1] != UInt8(ascii: "]") {
                        let hi = p[i + 1]
                        guard hi >= lo, hi < 0x80 else { return nil }
                        for b in lo...hi { s[Int(b)] = true }
                        i += 2
                    } else {
                        s[Int(lo)] = true
                    }
                }
                guard i < p.count else { return nil }
                i += 1
                set = negate ? s.map { !$0 } : s
            default:
                set = single(c); i += 1
            }
            var lo = 1, hi = 1
            if i < p.count {
                switch p[i] {
                case UInt8(ascii: "?"): lo = 0; hi = 1; i += 1
                case UInt8(ascii: "*"): lo = 0; hi = Int.max; i += 1
                case UInt8(ascii: "+"): lo = 1; hi = Int.max; i += 1
                case UInt8(ascii: "{"):
                    guard let close = p[i...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                    let body = String(decoding: p[(i + 1)..<close], as: UTF8.self)
                    let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                    guard parts.count == 1 || parts.count == 2, let a = Int(parts[0]) else { return nil }
                    lo = a
                    if parts.count == 1 { hi = a } else if parts[1].isEmpty { hi = Int.max } else {
                        guard let b = Int(parts[1]), b >= a else { return nil }
                        hi = b
                    }
                    i = close + 1
                default: break
                }
            }
            atoms.append(Atom(set: set, min: lo, max: hi))
        }
        self.atoms = atoms
        self.anchoredStart = start
        self.anchoredEnd = end
    }

    /// True when the bytes match.
    func matches(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if anchoredStart { return match(p, n, 0, 0) }
        for s in 0...n where match(p, n, s, 0) { return true }
        return false
    }

    private func match(_ p: UnsafePointer<UInt8>, _ n: Int, _ pos: Int, _ ai: Int) -> Bool {
        if ai == atoms.count { return !anchoredEnd || pos == n }
        let a = atoms[ai]
        var count = 0
        while count < a.max && pos + count < n && a.set[Int(p[pos + count])] { count += 1 }
        if count < a.min { return false }
        if a.min == a.max { return match(p, n, pos + count, ai + 1) }
        while count >= a.min {
            if match(p, n, pos + count, ai + 1) { return true }
            count -= 1
        }
        return false
    }

    /// Convenience for strings (tests).
    func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in matches(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count) }
    }
}
