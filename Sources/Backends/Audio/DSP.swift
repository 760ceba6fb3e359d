#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic pseudo-random numbers (SplitMix64): the same seed gives the same sequence
/// on every platform and run — never `SystemRandomNumberGenerator` or `Hasher` here.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }
    /// Uniform in [-1, 1).
    public mutating func bipolar() -> Float { unit() * 2 - 1 }
    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * unit() }
    /// Uniform integer in [0, n).
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

/// A stable 64-bit hash (FNV-1a) of strings, for deriving seeds from request fields.
public enum StableHash {
    public static func of(_ parts: String...) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in parts {
            for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3  // separator
        }
        return h
    }
}

/// A second-order IIR section (transposed direct form II) with the usual designs.
struct Biquad: Sendable {
    var b0: Double, b1: Double, b2: Double, a1: Double, a2: Double
    private var z1 = 0.0, z2 = 0.0

    init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0; self.b1 = b1; self.b2 = b2; self.a1 = a1; self.a2 = a2
    }

    @inline(__always)
    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    mutating func process(_ x: Float) -> Float { Float(process(Double(x))) }

    mutating func process(_ samples: inout [Float]) {
        for i in samples.indices { samples[i] = Float(process(Double(samples[i]))) }
    }

    /// Normalized design from analog prototype terms (a0 divides everything).
    private static func make(_ b0: Double, _ b1: Double, _ b2: Double, _ a0: Double, _ a1: Double, _ a2: Double) -> Biquad {
        Biquad(b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0)
    }

    static func lowPass(_ f: Double, q: Double = 0.7071, rate: Double) -> Biquad {
        let w = 2 * Double.pi * min(f, rate * 0.49) / rate, alpha = sin(w) / (2 * q), c = cos(w)
        return make((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha)
    }

    static func highPass(_ f: Double, q: Double = 0.7071, rate: Double) -> Biquad {
        let w = 2 * Double.pi * min(f, rate * 0.49) / rate, alpha = sin(w) / (2 * q), c = cos(w)
        return make((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha)
    }

    static func bandPass(_ f: Double, q: Double, rate: Double) -> Biquad {
        let w = 2 * Double.pi * min(f, rate * 0.49) / rate, alpha = sin(w) / (2 * q), c = cos(w)
        return make(alpha, 0, -alpha, 1 + alpha, -2 * c, 1 - alpha)
    }
}

/// Building blocks of the procedural effects: all operate on mono float arrays at `rate`.
enum Synth {
    static let rate = 48_000
    static let rateD = 48_000.0

    static func frames(_ seconds: Double) -> Int { max(1, Int((seconds * rateD).rounded())) }

    static func whiteNoise(_ n: Int, _ rng: inout SeededRandom) -> [Float] {
        (0..<n).map { _ in rng.bipolar() }
    }

    /// Brown (integrated, leaky) noise, normalized to roughly ±1.
    static func brownNoise(_ n: Int, _ rng: inout SeededRandom) -> [Float] {
        var out = [Float](repeating: 0, count: n)
        var y: Float = 0
        for i in 0..<n { y = y * 0.995 + rng.bipolar() * 0.1; out[i] = y }
        return out
    }

    /// Pink-ish noise (sum of leaky integrators at a few rates).
    static func pinkNoise(_ n: Int, _ rng: inout SeededRandom) -> [Float] {
        var out = [Float](repeating: 0, count: n)
        var b0: Float = 0, b1: Float = 0, b2: Float = 0
        for i in 0..<n {
            let w = rng.bipolar()
            b0 = 0.997 * b0 + 0.029 * w
            b1 = 0.985 * b1 + 0.032 * w
            b2 = 0.950 * b2 + 0.048 * w
            out[i] = (b0 + b1 + b2 + 0.05 * w) * 2.5
        }
        return out
    }

    static func sine(_ n: Int, freq: Double, phase: Double = 0) -> [Float] {
        let k = 2 * Double.pi * freq / rateD
        return (0..<n).map { Float(sin(phase + k * Double($0))) }
    }

    /// A sine whose frequency glides exponentially from `from` to `to` Hz.
    static func sweep(_ n: Int, from: Double, to: Double) -> [Float] {
        var out = [Float](repeating: 0, count: n)
        var phase = 0.0
        let ratio = log(to / from)
        for i in 0..<n {
            let f = from * exp(ratio * Double(i) / Double(max(1, n - 1)))
            phase += 2 * Double.pi * f / rateD
            out[i] = Float(sin(phase))
        }
        return out
    }

    /// Attack (linear) then exponential decay with time constant `decay` seconds.
    static func percussive(_ n: Int, attack: Double, decay: Double) -> [Float] {
        let a = max(1, Int(attack * rateD))
        return (0..<n).map { i in
            if i < a { return Float(i) / Float(a) }
            return Float(exp(-Double(i - a) / (decay * rateD)))
        }
    }

    /// Linear attack, hold, linear release to zero at the end.
    static func gate(_ n: Int, attack: Double, release: Double) -> [Float] {
        let a = max(1, Int(attack * rateD)), r = max(1, Int(release * rateD))
        return (0..<n).map { i in
            Float(min(1, Double(i) / Double(a), Double(n - 1 - i) / Double(r)))
        }
    }

    static func multiply(_ x: inout [Float], _ env: [Float]) {
        for i in 0..<min(x.count, env.count) { x[i] *= env[i] }
    }

    static func filtered(_ x: [Float], _ filter: Biquad) -> [Float] {
        var f = filter, y = x
        f.process(&y)
        return y
    }

    /// Adds `src` scaled by `gain` into `dst` starting at frame `at` (clipped to `dst`).
    static func add(_ src: [Float], into dst: inout [Float], at: Int, gain: Float = 1) {
        guard at < dst.count else { return }
        for i in 0..<min(src.count, dst.count - max(0, at)) where at + i >= 0 { dst[at + i] += src[i] * gain }
    }

    /// Scales so the peak is `peak` (no-op on silence).
    static func normalize(_ x: inout [Float], peak: Float) {
        let p = x.reduce(0) { max($0, abs($1)) }
        guard p > 1e-9 else { return }
        let g = peak / p
        for i in x.indices { x[i] *= g }
    }

    /// Soft saturation.
    static func saturate(_ x: inout [Float], drive: Float) {
        for i in x.indices { x[i] = Float(tanh(Double(x[i] * drive))) }
    }

    /// Makes a buffer loop seamlessly: the last `overlap` frames are crossfaded (equal
    /// power) into the start, and the result is shortened by `overlap`.
    static func makeLoopable(_ x: [Float], overlap: Int) -> [Float] {
        let o = min(overlap, x.count / 2)
        guard o > 0 else { return x }
        var out = Array(x[0..<(x.count - o)])
        for i in 0..<o {
            let t = Double(i) / Double(o)
            let fadeIn = Float(sin(t * Double.pi / 2)), fadeOut = Float(cos(t * Double.pi / 2))
            out[i] = x[i] * fadeIn + x[x.count - o + i] * fadeOut
        }
        return out
    }
}
