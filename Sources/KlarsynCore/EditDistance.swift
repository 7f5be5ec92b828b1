/// Levenshtein distance between names, for the "did you mean …?" hints every error gives.
///
/// ```swift
/// EditDistance.between("stg_peple", "stg_people")            // 1
/// EditDistance.closest(to: "rate_pc", in: ["rate_pct", "month"]) // "rate_pct"
/// ```
public enum EditDistance {
    /// Insertions, deletions and substitutions needed to turn `a` into `b` (by characters).
    public static func between(_ a: some StringProtocol, _ b: some StringProtocol) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name`, when it is within `maxDistance` (default: a third of the
    /// name's length, at least 2); ties go to the first candidate.
    public static func closest(to name: String, in candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
        let limit = maxDistance ?? max(2, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = between(name, candidate)
            if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }
}
