import Testing
import Foundation
@testable import Backends

@Suite("Mixer")
struct AudioMixerTests {
    let rate = 48_000

    func tone(_ freq: Double, dBFS: Double, seconds: Double) -> AudioBuffer {
        let n = Int(seconds * Double(rate)), a = pow(10, dBFS / 20)
        return AudioBuffer(samples: (0..<n).map { Float(a * sin(2 * Double.pi * freq * Double($0) / Double(rate))) },
                           channelCount: 1, sampleRate: rate)
    }

    func plainSettings(ducking: Ducking = .off) -> MixSettings {
        MixSettings(stemGainDB: [:], ducking: ducking, loudness: nil, format: .wavFloat, blockFrames: 48_000)
    }

    @Test func clipsLandWhereTheyArePlaced() throws {
        let dir = Measure.temporaryDirectory()
        let beep = tone(1000, dBFS: -12, seconds: 0.5)
        let clips = [
            MixClip(stem: .effects, source: .buffer(beep), startSeconds: 0.75),   // spans a block edge
            MixClip(stem: .dialogue, source: .buffer(beep), startSeconds: 3.0, pan: -1),
        ]
        let (mix, _) = try Mixer(settings: plainSettings()).renderToBuffer(clips: clips, totalFrames: 5 * rate, scratchPath: dir + "/mix.wav")
        #expect(mix.frameCount == 5 * rate && mix.channelCount == 2)
        func rms(_ a: Double, _ b: Double) -> Float { mix.rms(frames: Int(a * Double(rate))..<Int(b * Double(rate))) }
        #expect(rms(0, 0.74) < 1e-6)
        #expect(rms(0.77, 1.23) > 0.1)
        #expect(rms(1.26, 2.99) < 1e-6)
        #expect(rms(3.01, 3.49) > 0.1)
        #expect(rms(3.51, 5) < 1e-6)
        // Hard left: the right channel of the second clip is silent.
        let right = mix.channel(1)
        let rightRMS = (Int(3.01 * 48_000)..<Int(3.49 * 48_000)).reduce(Float(0)) { max($0, abs(right[$1])) }
        #expect(rightRMS < 1e-6)
        // A centred mono clip keeps its level on each side (equal-power pan, +3 dB law).
        let left = mix.channel(0)
        let expected = Float(pow(10, -12.0 / 20) / 2.0.squareRoot())
        let measured = AudioBuffer(samples: Array(left[Int(0.8 * 48_000)..<Int(1.2 * 48_000)]), channelCount: 1, sampleRate: rate).rms()
        #expect(abs(measured - expected) < expected * 0.02)
    }

    @Test func loopsFillTheirDurationAndFilesStreamFromDisk() throws {
        let dir = Measure.temporaryDirectory()
        let loop = tone(500, dBFS: -10, seconds: 0.3)
        try AudioFile.write(tone(700, dBFS: -10, seconds: 2.5), to: dir + "/long.wav", format: .wavFloat)
        let clips = [
            MixClip(stem: .ambience, source: .buffer(loop), startSeconds: 0.5, durationSeconds: 2, loops: true),
            MixClip(stem: .music, source: .file(path: dir + "/long.wav"), startSeconds: 3, fadeInSeconds: 0.5),
        ]
        let (mix, _) = try Mixer(settings: plainSettings()).renderToBuffer(clips: clips, totalFrames: 6 * rate, scratchPath: dir + "/mix.wav")
        let left = mix.channel(0)
        for window in stride(from: 0.6, to: 2.4, by: 0.2) {
            let range = Int(window * 48_000)..<Int((window + 0.1) * 48_000)
            #expect(Measure.toneAmplitude(left, freq: 500, sampleRate: rate, range: range) > 0.2)
        }
        #expect(mix.rms(frames: Int(2.55 * 48_000)..<Int(2.95 * 48_000)) < 1e-6)
        // The file clip: fading in over its first 0.5 s, then full level until it ends at 5.5 s.
        let fadeStart = Measure.toneAmplitude(left, freq: 700, sampleRate: rate, range: Int(3.0 * 48_000)..<Int(3.1 * 48_000))
        let full = Measure.toneAmplitude(left, freq: 700, sampleRate: rate, range: Int(4 * 48_000)..<Int(5 * 48_000))
        #expect(fadeStart < full * 0.3)
        #expect(abs(full - pow(10, -10.0 / 20)) < 0.01)
        #expect(mix.rms(frames: Int(5.51 * 48_000)..<(6 * 48_000)) < 1e-6)
    }

    @Test func musicIsDuckedUnderDialogueByTheConfiguredAmount() throws {
        let dir = Measure.temporaryDirectory()
        let music = tone(220, dBFS: -20, seconds: 8)
        let line = tone(2000, dBFS: -15, seconds: 2)
        let ducking = Ducking(amountDB: 12, thresholdDB: -40, attackSeconds: 0.05, releaseSeconds: 0.3)
        let clips = [
            MixClip(stem: .music, source: .buffer(music), startFrame: 0),
            MixClip(stem: .dialogue, source: .buffer(line), startSeconds: 3),
        ]
        let (mix, _) = try Mixer(settings: plainSettings(ducking: ducking)).renderToBuffer(clips: clips, totalFrames: 8 * rate, scratchPath: dir + "/mix.wav")
        let left = mix.channel(0)
        func musicLevel(_ a: Double, _ b: Double) -> Double {
            Measure.dB(Measure.toneAmplitude(left, freq: 220, sampleRate: rate, range: Int(a * 48_000)..<Int(b * 48_000)))
        }
        let before = musicLevel(1, 2.5), under = musicLevel(3.6, 4.9), after = musicLevel(6.5, 7.9)
        #expect(abs((before - under) - 12) < 0.5, "ducked by \(before - under) dB")
        #expect(abs(before - after) < 0.5, "recovered to \(after) from \(before)")
        #expect(abs(before - -20) < 0.2)
    }

    @Test func normalizationHitsTheTargetUnderTheTruePeakCeiling() throws {
        let dir = Measure.temporaryDirectory()
        let speech = try SpeechGenerator.render(SpeechRequest(text: "Get down! They are coming through the door right now.")).audio
        let music = try MusicGenerator.render(MusicCue(mood: .action, key: MusicKey("Dm"), durationSeconds: 10))
        let shot = try SoundEffectGenerator.render(SoundEffectRequest(effect: .gunshot))
        let clips = [
            MixClip(stem: .music, source: .buffer(music), startFrame: 0),
            MixClip(stem: .dialogue, source: .buffer(speech), startSeconds: 1),
            MixClip(stem: .effects, source: .buffer(shot), startSeconds: 6, gainDB: 12),  // a hot peak for the limiter
            MixClip(stem: .dialogue, source: .buffer(speech), startSeconds: 6.5),
        ]
        let mixer = Mixer(settings: MixSettings(format: .wavPCM16))
        let (mix, report) = try mixer.renderToBuffer(clips: clips, totalFrames: 10 * rate, scratchPath: dir + "/ep.wav")
        let loudness = try #require(LoudnessMeter.integratedLoudness(of: mix))
        let truePeak = TruePeak.measure(mix)
        #expect(abs(loudness - -16) <= 0.5, "integrated \(loudness) LUFS, \(report)")
        #expect(truePeak <= -1.0, "true peak \(truePeak) dBTP")
        #expect(abs((report.outputLoudnessLUFS ?? 0) - loudness) < 0.05)
        #expect(abs(report.outputTruePeakDBTP - truePeak) < 0.05)
        // The premix is gone; only the delivered file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["ep.wav"])
    }

    @Test func crossfadeKeepsPowerAcrossTheJoin() {
        let a = tone(300, dBFS: -6, seconds: 1), b = tone(300, dBFS: -6, seconds: 1)
        let joined = Fades.crossfade(a, b, overlapFrames: 24_000)
        #expect(joined.frameCount == 72_000)
        let mid = AudioBuffer(samples: Array(joined.samples[(30_000)..<(42_000)]), channelCount: 1, sampleRate: rate)
        // In-phase equal-power sum peaks at +3 dB in the middle of the join; never silent.
        #expect(mid.rms() > a.rms() * 0.99 && mid.rms() < a.rms() * 1.42)
    }
}
