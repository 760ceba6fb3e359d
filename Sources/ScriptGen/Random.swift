/// SplitMix64: expands one 64-bit seed into the state of the main generator.
public struct SplitMix64: Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna). Only integer arithmetic, so a seed gives the same stream on
/// every machine and every Swift version; nothing here touches `hashValue` or system randomness.
public struct Xoshiro256: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Xoshiro256.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Xoshiro256.rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<n` (`n > 0`), by the multiply-high method with rejection.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// A uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// A uniform double in [0, 1) with 53 random bits (exact, so identical everywhere).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks from `(value, weight)` pairs with integer weights.
    public mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        var total = 0
        for (_, w) in items { total += w }
        var r = below(total)
        for (v, w) in items {
            if r < w { return v }
            r -= w
        }
        return items[items.count - 1].0
    }

    /// Samples a value from an empirical quantile table `(probability, value)`, probabilities
    /// increasing from 0 to 1, by linear interpolation between the points.
    public mutating func quantile(_ table: [(Double, Double)]) -> Double {
        let u = unit()
        var k = 1
        while k < table.count - 1 && table[k].0 <= u { k += 1 }
        let (p0, v0) = table[k - 1]
        let (p1, v1) = table[k]
        let f = p1 > p0 ? (u - p0) / (p1 - p0) : 0
        return v0 + (v1 - v0) * f
    }

    /// A new generator for a sub-stream, so that parts of the output do not shift each other.
    public mutating func fork() -> Xoshiro256 { Xoshiro256(seed: next()) }
}
