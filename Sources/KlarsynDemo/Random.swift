import Foundation

/// xoshiro256** seeded through SplitMix64: fast, small and the same on every platform, so that a
/// seed gives the same region everywhere. Never `SystemRandomNumberGenerator`.
struct SeededRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var x = seed
        s0 = SeededRandom.splitMix(&x)
        s1 = SeededRandom.splitMix(&x)
        s2 = SeededRandom.splitMix(&x)
        s3 = SeededRandom.splitMix(&x)
    }

    /// A generator for one stream (an employee, a ward, a fault) derived from the region seed.
    init(seed: UInt64, stream: UInt64, salt: UInt64 = 0) {
        self.init(seed: SeededRandom.hash(SeededRandom.hash(seed, stream), salt))
    }

    static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a ^ (b &* 0xD6E8_FEB8_6659_FD93) ^ 0x5851_F42D_4C95_7F2D
        return splitMix(&x)
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always) mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// Uniform in `0..<n` (`n` > 0); the modulo bias is below 2^-40 for our ranges.
    @inline(__always) mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Uniform in `lo...hi`.
    @inline(__always) mutating func range(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// Uniform in [0, 1).
    @inline(__always) mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    @inline(__always) mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Exponential waiting time with the given rate (events per unit).
    mutating func exponential(rate: Double) -> Double {
        guard rate > 0 else { return .infinity }
        return -log(1 - unit()) / rate
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Poisson-distributed count (Knuth; fine for small means).
    mutating func poisson(_ mean: Double) -> Int {
        if mean > 40 { return max(0, Int((mean + sqrt(mean) * normal()).rounded())) }
        let l = exp(-mean)
        var k = 0
        var p = 1.0
        repeat {
            k += 1
            p *= unit()
        } while p > l
        return k - 1
    }

    /// Index drawn with the given weights (need not sum to 1).
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }
}
