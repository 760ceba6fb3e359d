import Testing
import Foundation
@testable import Backends

@Suite("Loudness (BS.1770-4)")
struct AudioLoudnessTests {
    @Test func kWeightingMatchesTheRecommendationsTableAt48kHz() {
        let k = KWeighting(sampleRate: 48_000)
        // ITU-R BS.1770-4, tables 1 and 2 (48 kHz).
        #expect(abs(k.shelf.b0 - 1.53512485958697) < 1e-9)
        #expect(abs(k.shelf.b1 - -2.69169618940638) < 1e-9)
        #expect(abs(k.shelf.b2 - 1.19839281085285) < 1e-9)
        #expect(abs(k.shelf.a1 - -1.69065929318241) < 1e-9)
        #expect(abs(k.shelf.a2 - 0.73248077421585) < 1e-9)
        #expect(abs(k.highPass.a1 - -1.99004745483398) < 1e-9)
        #expect(abs(k.highPass.a2 - 0.99007225036621) < 1e-9)
    }

    /// Expected value from the definition: L = -0.691 + 10·log10(Σ_channels mean square of the
    /// K-weighted signal). A sine of peak amplitude A has mean square A²/2; at 1 kHz the
    /// K-filter gain is +0.691 dB, which the -0.691 offset cancels. So one channel at
    /// -20 dBFS (A = 0.1) reads 10·log10(0.005) = -23.01 LUFS, and the same sine in both
    /// channels doubles the power: -20.0 LUFS. (The often quoted "-23 LUFS" reference is
    /// EBU Tech 3341 case 1, a stereo sine at -23 dBFS, which this rule also gives.)
    @Test func sineReadsItsTheoreticalLoudness() throws {
        let stereo = Measure.stereoSine(freq: 1000, dBFS: -20, seconds: 10)
        let l = try #require(LoudnessMeter.integratedLoudness(of: stereo))
        #expect(abs(l - -20.0) < 0.1, "stereo -20 dBFS: \(l)")

        let ebu = Measure.stereoSine(freq: 1000, dBFS: -23, seconds: 10)
        #expect(abs(try #require(LoudnessMeter.integratedLoudness(of: ebu)) - -23.0) < 0.1)

        var leftOnly = stereo
        for f in 0..<leftOnly.frameCount { leftOnly.samples[2 * f + 1] = 0 }
        let l1 = try #require(LoudnessMeter.integratedLoudness(of: leftOnly))
        #expect(abs(l1 - -23.01) < 0.1, "left only: \(l1)")
    }

    /// EBU Tech 3341 case 3 shape: -36 / -23 / -36 dBFS stereo sine. The quiet parts are
    /// 13 LU under the loud part, below the relative gate (-10 LU), so the result is -23.0.
    @Test func relativeGateIgnoresQuietPassages() throws {
        let quiet = Measure.stereoSine(freq: 1000, dBFS: -36, seconds: 5)
        let loud = Measure.stereoSine(freq: 1000, dBFS: -23, seconds: 20)
        let signal = AudioBuffer(samples: quiet.samples + loud.samples + quiet.samples, channelCount: 2, sampleRate: 48_000)
        let l = try #require(LoudnessMeter.integratedLoudness(of: signal))
        #expect(abs(l - -23.0) < 0.1, "\(l)")
    }

    @Test func absoluteGateIgnoresSilence() throws {
        let tone = Measure.stereoSine(freq: 1000, dBFS: -30, seconds: 6)
        let silence = AudioBuffer(silenceFrames: 48_000 * 6, channelCount: 2, sampleRate: 48_000)
        let withSilence = AudioBuffer(samples: silence.samples + tone.samples + silence.samples, channelCount: 2, sampleRate: 48_000)
        let a = try #require(LoudnessMeter.integratedLoudness(of: tone))
        let b = try #require(LoudnessMeter.integratedLoudness(of: withSilence))
        // Silent blocks are dropped by the absolute gate; the three blocks on each side that
        // straddle an edge (75 %, 50 %, 25 % tone) are not. The tone alone gives 57 blocks of
        // power P (6 s, 400 ms blocks every 100 ms); the edges add 6 blocks worth 3P in all:
        // mean 60P/63, i.e. 10·log10(60/63) = -0.212 LU. Without the gate it would be ~-4.8 LU.
        #expect(abs((b - a) - 10 * log10(60.0 / 63.0)) < 0.01, "\(b - a)")
        #expect(LoudnessMeter.integratedLoudness(of: silence) == nil)
    }

    @Test func truePeakFindsInterSamplePeaks() {
        // A sine at fs/4 phased 45° has samples at ±0.707·A but a true peak of A.
        let n = 48_000
        let samples = (0..<n).map { Float(0.5 * sin(Double.pi / 2 * Double($0) + Double.pi / 4)) }
        let buffer = AudioBuffer(samples: samples, channelCount: 1, sampleRate: 48_000)
        let samplePeakDB = Double(Decibels.fromLinear(buffer.peak))
        let truePeak = TruePeak.measure(buffer)
        #expect(abs(samplePeakDB - (20 * log10(0.5) - 3.01)) < 0.05)
        #expect(abs(truePeak - 20 * log10(0.5)) < 0.3, "true peak \(truePeak)")
    }
}
