import Foundation
@testable import Backends

/// Measurements used by the audio tests, computed on decoded samples.
enum Measure {
    /// Median fundamental frequency (Hz) of the voiced 40 ms frames of a mono signal,
    /// by normalized autocorrelation over 60...500 Hz; nil if nothing is voiced.
    static func medianF0(_ input: [Float], sampleRate inputRate: Int) -> Double? {
        // Average groups of 4 samples (a crude low-pass, enough below 500 Hz): 16× less work.
        var x = [Float](repeating: 0, count: input.count / 4)
        for i in x.indices {
            let a: Float = input[4 * i] + input[4 * i + 1]
            let b: Float = input[4 * i + 2] + input[4 * i + 3]
            x[i] = (a + b) / 4
        }
        let sampleRate = inputRate / 4
        let frame = sampleRate / 25, hop = frame / 2
        let minLag = sampleRate / 500, maxLag = sampleRate / 60
        var f0s: [Double] = []
        var start = 0
        while start + frame + maxLag < x.count {
            var energy = 0.0
            for i in start..<(start + frame) { energy += Double(x[i] * x[i]) }
            if energy / Double(frame) > 1e-4 {
                var best = 0.0, bestLag = 0
                for lag in minLag...maxLag {
                    var num = 0.0, e2 = 0.0
                    for i in start..<(start + frame) {
                        num += Double(x[i] * x[i + lag])
                        e2 += Double(x[i + lag] * x[i + lag])
                    }
                    let r = num / max(1e-12, (energy * e2).squareRoot())
                    if r > best { best = r; bestLag = lag }
                }
                if best > 0.6 { f0s.append(Double(sampleRate) / Double(bestLag)) }
            }
            start += hop
        }
        guard !f0s.isEmpty else { return nil }
        return f0s.sorted()[f0s.count / 2]
    }

    /// Amplitude of the `freq` component over a range of a mono signal (Goertzel).
    static func toneAmplitude(_ x: [Float], freq: Double, sampleRate: Int, range: Range<Int>) -> Double {
        let w = 2 * Double.pi * freq / Double(sampleRate)
        let c = 2 * cos(w)
        var s1 = 0.0, s2 = 0.0
        for i in range {
            let s0 = Double(x[i]) + c * s1 - s2
            s2 = s1; s1 = s0
        }
        let power = s1 * s1 + s2 * s2 - c * s1 * s2
        return 2 * power.squareRoot() / Double(range.count)
    }

    static func dB(_ x: Double) -> Double { 20 * log10(max(x, 1e-12)) }

    /// A fresh temporary directory for files a test writes.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "scriptc-audio-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A stereo sine at `dBFS` peak in both channels.
    static func stereoSine(freq: Double, dBFS: Double, seconds: Double, sampleRate: Int = 48_000) -> AudioBuffer {
        let n = Int(seconds * Double(sampleRate))
        let a = pow(10, dBFS / 20)
        var s = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let v = Float(a * sin(2 * Double.pi * freq * Double(i) / Double(sampleRate)))
            s[2 * i] = v; s[2 * i + 1] = v
        }
        return AudioBuffer(samples: s, channelCount: 2, sampleRate: sampleRate)
    }
}
