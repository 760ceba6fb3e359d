import Testing
import Foundation
@testable import Backends

@Suite("Music (FluidSynth)")
struct AudioMusicTests {
    @Test func cueRendersTheRequestedDurationDeterministically() throws {
        let cue = MusicCue(mood: .tense, tempoBPM: 110, key: MusicKey("F#m"), instruments: .strings, durationSeconds: 6, seed: 7)
        let a = try MusicGenerator.render(cue)
        let b = try MusicGenerator.render(cue)
        #expect(a.frameCount == 6 * 48_000 && a.channelCount == 2)
        #expect(a.samples == b.samples)
        #expect(a.rms() > 0.01)
        #expect(a.peak < 0.9)
        // Faded: the first 20 ms and last 20 ms are much quieter than the middle.
        #expect(a.rms(frames: 0..<960) < a.rms(frames: 96_000..<192_000) * 0.2)
        #expect(a.rms(frames: (a.frameCount - 960)..<a.frameCount) < a.rms(frames: 96_000..<192_000) * 0.2)
    }

    @Test func seedsMoodsAndKeysChangeTheMusic() throws {
        let base = MusicCue(mood: .happy, key: MusicKey("C"), instruments: .piano, durationSeconds: 4, seed: 1)
        var otherSeed = base; otherSeed.seed = 2
        var otherMood = base; otherMood.mood = .sad
        let a = try MusicGenerator.render(base)
        #expect(try MusicGenerator.render(otherSeed).samples != a.samples)
        #expect(try MusicGenerator.render(otherMood).samples != a.samples)
    }

    @Test func everyMoodAndFamilyRenders() throws {
        for (i, mood) in Mood.allCases.enumerated() {
            let family = InstrumentFamily.allCases[i % InstrumentFamily.allCases.count]
            let audio = try MusicGenerator.render(MusicCue(mood: mood, instruments: family, durationSeconds: 3))
            #expect(audio.rms() > 0.005, "\(mood) on \(family)")
        }
    }

    @Test func keysAndMoodWordsParse() {
        #expect(MusicKey("Dm") == MusicKey(tonic: 2, minor: true))
        #expect(MusicKey("F#") == MusicKey(tonic: 6, minor: nil))
        #expect(MusicKey("Bb minor") == MusicKey(tonic: 10, minor: true))
        #expect(MusicKey("Eb major") == MusicKey(tonic: 3, minor: false))
        #expect(MusicKey("H") == nil)
        #expect(Mood(word: "Suspense") == .tense)
        #expect(Mood(word: "epic") == .triumphant)
        #expect(Mood(word: "zzz") == nil)
    }

    @Test func missingSoundFontIsAnError() {
        #expect(throws: AudioError.self) {
            try MusicGenerator.render(MusicCue(mood: .calm, durationSeconds: 1), soundFont: "/nonexistent/x.sf2")
        }
    }
}

@Suite("Sound effects and ambience")
struct AudioSoundEffectTests {
    @Test(arguments: SoundEffect.allCases)
    func everyEffectIsAudibleAndDeterministic(_ effect: SoundEffect) throws {
        let a = try SoundEffectGenerator.render(SoundEffectRequest(effect: effect, seed: 3))
        let b = try SoundEffectGenerator.render(SoundEffectRequest(effect: effect, seed: 3))
        #expect(a.samples == b.samples)
        #expect(a.frameCount == Int((effect.naturalDuration * 48_000).rounded()))
        #expect(a.rms() > 0.005, "rms \(a.rms())")
        #expect(a.peak > 0.05 && a.peak <= 1)
        let other = try SoundEffectGenerator.render(SoundEffectRequest(effect: effect, seed: 4))
        if effect != .beep && effect != .alarm && effect != .phoneRing && effect != .buzz {  // pure tones: seed-free
            #expect(other.samples != a.samples)
        }
    }

    @Test func requestedDurationIsHonoured() throws {
        for effect in [SoundEffect.rain, .knock, .gunshot] {
            let audio = try SoundEffectGenerator.render(SoundEffectRequest(effect: effect, durationSeconds: 2.5))
            #expect(audio.frameCount == 120_000)
        }
        let rain = try SoundEffectGenerator.render(SoundEffectRequest(effect: .rain, durationSeconds: 4))
        #expect(rain.rms(frames: 150_000..<180_000) > 0.01)  // continuous effects last
    }

    @Test func soundWordsMapToEffects() {
        let cases: [(String, SoundEffect)] = [
            ("SLAMS", .doorSlam), ("bangs", .gunshot), ("crashes", .crash), ("rings", .phoneRing),
            ("buzzes", .buzz), ("knocked", .knock), ("Footsteps", .footsteps), ("explodes", .explosion),
            ("shatters", .glassBreak), ("beeping", .beep), ("thunder", .thunder), ("whooshes", .whoosh),
            ("screeches", .screech), ("thuds", .thud), ("murmurs", .crowdMurmur), ("door slam", .doorSlam),
            ("BOOM!", .explosion),
        ]
        for (word, effect) in cases { #expect(SoundEffect(word: word) == effect, "\(word)") }
        #expect(SoundEffect(word: "sings") == nil)
    }

    @Test func ambienceBedsLoopSeamlesslyForEverySetting() throws {
        for setting in [SceneSetting.interior, .exterior] {
            for time in TimeOfDay.allCases {
                let loop = AmbienceGenerator.loop(setting: setting, time: time)
                #expect(loop.rms() > 0.001, "\(setting) \(time)")
                #expect(loop.samples == AmbienceGenerator.loop(setting: setting, time: time).samples)
                // The wrap from the last sample to the first is no bigger a step than the bed's usual steps.
                let s = loop.samples
                var steps = (1..<s.count).map { abs(s[$0] - s[$0 - 1]) }
                steps.sort()
                let wrap = abs(s[0] - s[s.count - 1])
                #expect(wrap <= steps[steps.count * 999 / 1000] + 1e-6, "\(setting) \(time): wrap \(wrap)")
            }
        }
        let bed = try AmbienceGenerator.render(AmbienceRequest(setting: .exterior, time: .night, durationSeconds: 30))
        #expect(bed.frameCount == 30 * 48_000)
        #expect(TimeOfDay(word: "EVENING") == .dusk && TimeOfDay(word: "CONTINUOUS") == .day)
    }
}

@Suite("Audio files (libsndfile)")
struct AudioSoundFileTests {
    @Test func floatWAVRoundTripsExactly() throws {
        let dir = Measure.temporaryDirectory()
        let audio = Measure.stereoSine(freq: 440, dBFS: -3, seconds: 1.3)
        try AudioFile.write(audio, to: dir + "/a.wav", format: .wavFloat)
        let back = try AudioFile.read(dir + "/a.wav")
        #expect(back.sampleRate == 48_000 && back.channelCount == 2 && back.frameCount == audio.frameCount)
        #expect(back.samples == audio.samples)
    }

    @Test func pcm16WAVRoundTripsWithinOneStepAndClips() throws {
        let dir = Measure.temporaryDirectory()
        var audio = Measure.stereoSine(freq: 440, dBFS: -3, seconds: 0.5)
        audio.samples[10] = 1.7  // beyond full scale: clipped, not wrapped
        try AudioFile.write(audio, to: dir + "/b.wav", format: .wavPCM16)
        let back = try AudioFile.read(dir + "/b.wav")
        let worst = zip(audio.samples, back.samples).enumerated().filter { $0.offset != 10 }.map { abs($0.element.0 - $0.element.1) }.max() ?? 1
        #expect(worst <= 1.0 / 32_768 + 1e-6)
        #expect(back.samples[10] > 0.99)
    }

    @Test func writesAreAtomic() throws {
        let dir = Measure.temporaryDirectory()
        let path = dir + "/c.wav"
        let writer = try SoundFile.create(path, format: .wavFloat, channelCount: 1, sampleRate: 48_000)
        try writer.write([0.1, 0.2, 0.3])
        #expect(!FileManager.default.fileExists(atPath: path))   // not visible before commit
        try writer.commit()
        #expect(try AudioFile.read(path).samples == [0.1, 0.2, 0.3])
        do {  // an abandoned writer leaves nothing behind
            let abandoned = try SoundFile.create(dir + "/d.wav", format: .wavFloat, channelCount: 1, sampleRate: 48_000)
            try abandoned.write([0.5])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["c.wav"])
        #expect(throws: AudioError.self) { try AudioFile.read(dir + "/missing.wav") }
    }
}
