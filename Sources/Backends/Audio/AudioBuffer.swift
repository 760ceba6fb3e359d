#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interleaved 32-bit float audio held in memory: one generator output (a line of speech,
/// a music cue, an effect) or one block of a mix. Samples are nominally in -1...1.
public struct AudioBuffer: Sendable, Hashable {
    /// Interleaved samples: frame `f`, channel `c` is at `f * channelCount + c`.
    public var samples: [Float]
    public var channelCount: Int
    public var sampleRate: Int

    public init(samples: [Float], channelCount: Int, sampleRate: Int) {
        precondition(channelCount > 0 && samples.count % channelCount == 0, "samples must hold whole frames")
        self.samples = samples
        self.channelCount = channelCount
        self.sampleRate = sampleRate
    }

    /// Silence of the given length.
    public init(silenceFrames frameCount: Int, channelCount: Int, sampleRate: Int) {
        self.init(samples: [Float](repeating: 0, count: frameCount * channelCount),
                  channelCount: channelCount, sampleRate: sampleRate)
    }

    public var frameCount: Int { samples.count / channelCount }
    public var durationSeconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Root-mean-square level over all channels of frames `range` (clamped), linear.
    public func rms(frames range: Range<Int>? = nil) -> Float {
        let r = (range ?? 0..<frameCount).clamped(to: 0..<frameCount)
        guard !r.isEmpty else { return 0 }
        var sum = 0.0
        for i in (r.lowerBound * channelCount)..<(r.upperBound * channelCount) {
            let s = Double(samples[i])
            sum += s * s
        }
        return Float((sum / Double(r.count * channelCount)).squareRoot())
    }

    /// Largest absolute sample value (sample peak, not true peak).
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// One channel as a mono array.
    public func channel(_ c: Int) -> [Float] {
        precondition(c >= 0 && c < channelCount)
        var out = [Float](repeating: 0, count: frameCount)
        for f in 0..<frameCount { out[f] = samples[f * channelCount + c] }
        return out
    }

    /// Mono mixdown (average of channels).
    public func mono() -> AudioBuffer {
        if channelCount == 1 { return self }
        var out = [Float](repeating: 0, count: frameCount)
        let scale = 1 / Float(channelCount)
        for f in 0..<frameCount {
            var s: Float = 0
            for c in 0..<channelCount { s += samples[f * channelCount + c] }
            out[f] = s * scale
        }
        return AudioBuffer(samples: out, channelCount: 1, sampleRate: sampleRate)
    }
}

/// Conversions between decibels and linear gain.
public enum Decibels {
    public static func toLinear(_ db: Float) -> Float { Float(pow10(Double(db) / 20)) }
    public static func fromLinear(_ gain: Float) -> Float { Float(20 * log10Safe(Double(gain))) }

    static func pow10(_ x: Double) -> Double { exp(x * 2.302585092994046) }
    static func log10Safe(_ x: Double) -> Double { x > 1e-30 ? log(x) / 2.302585092994046 : -600 }
}
