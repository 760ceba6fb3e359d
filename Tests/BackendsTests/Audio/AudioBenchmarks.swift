import Testing
import Foundation
@testable import Backends

/// Costs of the audio generators, for docs/PERFORMANCE.md. Off by default; run in release:
///   SCRIPTC_AUDIO_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter AudioBenchmarks
/// `SCRIPTC_AUDIO_BENCH_MINUTES` sets the synthetic episode's length (default 60).
@Suite("AudioBenchmarks", .enabled(if: ProcessInfo.processInfo.environment["SCRIPTC_AUDIO_BENCH"] == "1"))
struct AudioBenchmarks {
    static func peakResidentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kb / 1024
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    @Test func generatorsAndAnHourLongMix() throws {
        let lines = [
            "I told you not to come back here.", "Where else was I supposed to go?",
            "Anywhere. Anywhere but this kitchen, at three in the morning.", "The power's out on the whole block.",
            "Then light a candle and sit down. We need to talk about what happened at the station.",
        ]
        let (speech, speechTime) = try Self.time {
            try (0..<4).flatMap { _ in try lines.map { try SpeechGenerator.render(SpeechRequest(text: $0, voice: "en-us+m3")) } }
        }
        let speechSeconds = speech.reduce(0) { $0 + $1.durationSeconds }
        print("BENCH speech: \(String(format: "%.1f", speechSeconds)) s of audio in \(String(format: "%.3f", speechTime)) s → \(String(format: "%.1f", speechTime / speechSeconds * 1000)) ms per audio second")

        let (music, musicTime) = try Self.time { try MusicGenerator.render(MusicCue(mood: .action, key: MusicKey("Dm"), durationSeconds: 60)) }
        print("BENCH music: 60 s cue in \(String(format: "%.3f", musicTime)) s → \(String(format: "%.1f", musicTime / 60 * 1000)) ms per audio second")

        let (effects, sfxTime) = try Self.time { try SoundEffect.allCases.map { try SoundEffectGenerator.render(SoundEffectRequest(effect: $0)) } }
        let sfxSeconds = effects.reduce(0) { $0 + $1.durationSeconds }
        print("BENCH effects: all \(effects.count) (\(String(format: "%.1f", sfxSeconds)) s) in \(String(format: "%.3f", sfxTime)) s")

        // A synthetic episode: a line every 5 s (from a file), a 60 s music cue every minute
        // (from a file), an effect every 20 s, and an ambience loop under everything.
        let minutes = Int(ProcessInfo.processInfo.environment["SCRIPTC_AUDIO_BENCH_MINUTES"] ?? "60") ?? 60
        let dir = Measure.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AudioFile.write(speech[4].audio, to: dir + "/line.wav", format: .wavFloat)
        try AudioFile.write(music, to: dir + "/cue.wav", format: .wavFloat)
        let bed = AmbienceGenerator.loop(setting: .interior, time: .night)
        let total = minutes * 60 * 48_000
        var clips = [MixClip(stem: .ambience, source: .buffer(bed), startFrame: 0, durationFrames: total, loops: true)]
        for s in stride(from: 0, to: minutes * 60, by: 5) {
            clips.append(MixClip(stem: .dialogue, source: .file(path: dir + "/line.wav"), startSeconds: Double(s)))
        }
        for m in 0..<minutes { clips.append(MixClip(stem: .music, source: .file(path: dir + "/cue.wav"), startSeconds: Double(m * 60))) }
        for s in stride(from: 2, to: minutes * 60, by: 20) {
            clips.append(MixClip(stem: .effects, source: .buffer(effects[(s / 20) % effects.count]), startSeconds: Double(s)))
        }
        let before = Self.peakResidentMB()
        let (report, mixTime) = try Self.time { try Mixer().render(clips: clips, totalFrames: total, to: dir + "/episode.wav") }
        let after = Self.peakResidentMB()
        print("BENCH mix: \(minutes) min, \(clips.count) clips in \(String(format: "%.2f", mixTime)) s → \(String(format: "%.3f", mixTime / Double(minutes))) s per episode minute; \(report)")
        print("BENCH memory: peak resident \(String(format: "%.0f", before)) MB before the mix, \(String(format: "%.0f", after)) MB after")
        #expect(after < 400)
        #expect(abs((report.outputLoudnessLUFS ?? 0) - -16) < 0.5)
        #expect(report.outputTruePeakDBTP <= -1)
    }
}
