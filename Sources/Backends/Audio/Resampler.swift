#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Band-limited sample-rate conversion by windowed-sinc interpolation over a rational
/// ratio (e.g. 22050 → 48000 is 320/147). The filter is a sinc cut at the lower of the two
/// Nyquist frequencies (×0.95), under a Blackman window of `halfWidth` zero crossings per
/// side; the taps for every output phase are tabulated once. Deterministic and pure.
public struct Resampler: Sendable {
    public let inputRate: Int
    public let outputRate: Int
    private let up: Int      // output phases per input step (L)
    private let down: Int    // input step per output sample in 1/L units (M)
    private let taps: Int
    private let table: [Float]  // up × taps

    public init(from inputRate: Int, to outputRate: Int, halfWidth: Int = 16) {
        precondition(inputRate > 0 && outputRate > 0 && halfWidth > 0)
        self.inputRate = inputRate
        self.outputRate = outputRate
        let g = Resampler.gcd(inputRate, outputRate)
        up = outputRate / g
        down = inputRate / g
        // Cutoff relative to the input rate: below both Nyquists, with a small guard band.
        let cutoff = 0.95 * min(1.0, Double(outputRate) / Double(inputRate))
        let width = Int((Double(halfWidth) / cutoff).rounded(.up))
        taps = 2 * width
        var table = [Float](repeating: 0, count: up * taps)
        for phase in 0..<up {
            let frac = Double(phase) / Double(up)  // output position between input samples
            var sum = 0.0
            var row = [Double](repeating: 0, count: taps)
            for t in 0..<taps {
                let x = Double(t - width + 1) - frac   // input offset relative to position
                let w = Resampler.blackman(x / Double(width))
                row[t] = cutoff * Resampler.sinc(cutoff * x) * w
                sum += row[t]
            }
            for t in 0..<taps { table[phase * taps + t] = Float(row[t] / sum) }  // unity DC gain
        }
        self.table = table
    }

    /// Resamples mono samples.
    public func process(_ input: [Float]) -> [Float] {
        if inputRate == outputRate { return input }
        let outCount = Int((Int64(input.count) * Int64(up) / Int64(down)))
        var out = [Float](repeating: 0, count: outCount)
        let width = taps / 2
        for n in 0..<outCount {
            let pos = n * down                // position in 1/up units
            let base = pos / up
            let phase = pos - base * up
            let row = phase * taps
            var acc: Float = 0
            let first = base - width + 1
            if first >= 0 && first + taps <= input.count {
                for t in 0..<taps { acc += input[first + t] * table[row + t] }
            } else {
                for t in 0..<taps {
                    let i = first + t
                    if i >= 0 && i < input.count { acc += input[i] * table[row + t] }
                }
            }
            out[n] = acc
        }
        return out
    }

    private static func sinc(_ x: Double) -> Double {
        x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
    }

    private static func blackman(_ x: Double) -> Double {  // x in -1...1
        guard abs(x) < 1 else { return 0 }
        let t = Double.pi * (x + 1)
        return 0.42 - 0.5 * cos(t) + 0.08 * cos(2 * t)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
