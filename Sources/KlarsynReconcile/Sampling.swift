import Foundation
import KlarsynCore

/// Seeded sampling on ``KlarsynCore/SplitMix64``, identical on every platform (reports are reproducible).
struct SeededRandom {
    var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// `k` distinct elements of `items` (in the order drawn), by a partial Fisher–Yates shuffle.
    mutating func sample<T>(_ items: [T], _ k: Int) -> [T] {
        var a = items
        let k = min(k, a.count)
        for i in 0..<k { a.swapAt(i, i + below(a.count - i)) }
        return Array(a.prefix(k))
    }
}

/// Exact (Clopper–Pearson) one-sided upper confidence bound of a binomial proportion.
enum ClopperPearson {
    /// P(X ≤ x) for X ~ Bin(n, p).
    static func cdf(_ x: Int, _ n: Int, _ p: Double) -> Double {
        if p <= 0 { return 1 }
        if p >= 1 { return x >= n ? 1 : 0 }
        var sum = 0.0
        for k in 0...x {
            let logTerm =
                lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p)
                + Double(n - k) * log1p(-p)
            sum += exp(logTerm)
        }
        return min(1, sum)
    }

    /// The p with P(X ≤ errors | n, p) = alpha (alpha = 0.05: the 95 % upper bound).
    /// With 0 errors this is 1 − alpha^(1/n) (≈ 3/n, the rule of three).
    static func upperBound(errors: Int, n: Int, alpha: Double = 0.05) -> Double {
        guard n > 0 else { return 1 }
        if errors >= n { return 1 }
        if errors == 0 { return 1 - pow(alpha, 1 / Double(n)) }
        var lo = Double(errors) / Double(n)
        var hi = 1.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if cdf(errors, n, mid) > alpha { lo = mid } else { hi = mid }
        }
        return hi
    }
}
