import Testing
@testable import Backends

@Suite("Speech (espeak-ng)")
struct AudioSpeechTests {
    let sentence = "The quick brown fox jumps over the lazy dog, and then it runs away."

    @Test func speechHasEnergyAndAPlausibleDuration() throws {
        let speech = try SpeechGenerator.render(SpeechRequest(text: sentence))
        #expect(speech.audio.sampleRate == 48_000)
        #expect(speech.audio.channelCount == 1)
        // 14 words at espeak-ng's default ~175 words per minute: about 4.5 s.
        #expect(speech.durationSeconds > 2.5 && speech.durationSeconds < 7, "duration \(speech.durationSeconds)")
        #expect(speech.audio.rms() > 0.02)
        #expect(speech.audio.peak <= 1)
    }

    @Test func fasterRateIsShorter() throws {
        let normal = try SpeechGenerator.render(SpeechRequest(text: sentence))
        let fast = try SpeechGenerator.render(SpeechRequest(text: sentence, prosody: Prosody(rate: 1.6)))
        #expect(fast.durationSeconds < normal.durationSeconds * 0.8)
    }

    @Test func pitchPercentRaisesTheFundamental() throws {
        let base = try SpeechGenerator.render(SpeechRequest(text: sentence))
        let high = try SpeechGenerator.render(SpeechRequest(text: sentence, prosody: Prosody(pitchPercent: 50)))
        let f0Base = try #require(Measure.medianF0(base.audio.samples, sampleRate: 48_000))
        let f0High = try #require(Measure.medianF0(high.audio.samples, sampleRate: 48_000))
        #expect(f0High > f0Base * 1.15, "F0 \(f0Base) → \(f0High)")
    }

    @Test func voicesDifferMeasurably() throws {
        let female = try SpeechGenerator.render(SpeechRequest(text: sentence, voice: "en-us+f3"))
        let male = try SpeechGenerator.render(SpeechRequest(text: sentence, voice: "en-us+m3"))
        let f0Female = try #require(Measure.medianF0(female.audio.samples, sampleRate: 48_000))
        let f0Male = try #require(Measure.medianF0(male.audio.samples, sampleRate: 48_000))
        #expect(f0Female > f0Male * 1.3, "female \(f0Female) Hz, male \(f0Male) Hz")
    }

    @Test func volumeScalesTheLevel() throws {
        let normal = try SpeechGenerator.render(SpeechRequest(text: sentence))
        let quiet = try SpeechGenerator.render(SpeechRequest(text: sentence, prosody: Prosody(volume: 0.3)))
        #expect(quiet.audio.rms() < normal.audio.rms() * 0.6)
    }

    @Test func pausesLengthenTheLine() throws {
        let plain = try SpeechGenerator.render(SpeechRequest(segments: [.text("Wait."), .text(" Now.")]))
        let paused = try SpeechGenerator.render(SpeechRequest(segments: [.text("Wait."), .pause(milliseconds: 1200), .text(" Now.")]))
        #expect(paused.durationSeconds - plain.durationSeconds > 0.8)
    }

    @Test func markupCharactersAreSpokenNotParsed() throws {
        // Without escaping, `<said>` would open an element and the rest would be lost or rejected.
        let tricky = "Tom & Jerry <said> \"five > four\" and 'three < four' & done </speak> <break time=\"5s\"/>"
        let speech = try SpeechGenerator.render(SpeechRequest(segments: [.text(tricky), .emphasized("really & truly")]))
        #expect(speech.durationSeconds > 3, "duration \(speech.durationSeconds)")
        #expect(speech.durationSeconds < 12)
        #expect(speech.audio.rms() > 0.02)
        #expect(SpeechRequest(text: "a<b&c").ssml.contains("a&lt;b&amp;c"))
    }

    @Test func unknownVoiceThrows() {
        #expect(throws: AudioError.unknownVoice("xx-nonexistent")) {
            try SpeechGenerator.render(SpeechRequest(text: "hello", voice: "xx-nonexistent"))
        }
    }

    /// espeak-ng 1.51 is not sample-exact from call to call (its waveform generator carries
    /// state between utterances), so repeated requests agree in length and level, not bits;
    /// the build cache is what makes a rebuild reproducible.
    @Test func sameRequestGivesTheSameLengthAndLevel() throws {
        let a = try SpeechGenerator.render(SpeechRequest(text: "Again and again.", voice: "en-us+f3"))
        let b = try SpeechGenerator.render(SpeechRequest(text: "Again and again.", voice: "en-us+f3"))
        #expect(abs(a.durationSeconds - b.durationSeconds) < 0.01)
        #expect(abs(a.audio.rms() - b.audio.rms()) < a.audio.rms() * 0.05)
    }
}
