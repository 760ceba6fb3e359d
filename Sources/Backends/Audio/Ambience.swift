import Foundation

/// Where a scene plays, as its heading says: `INT.` or `EXT.`.
public enum SceneSetting: String, Sendable, Hashable, Codable { case interior, exterior }

/// Time of day from a scene heading; words other than these map through `init(word:)`.
public enum TimeOfDay: String, Sendable, Hashable, Codable, CaseIterable {
    case day, night, dawn, dusk

    /// `MORNING` → dawn, `EVENING`/`SUNSET` → dusk, `CONTINUOUS`/`LATER`/unknown → day.
    public init(word: String) {
        switch word.lowercased().trimmingCharacters(in: .whitespaces) {
        case "night", "midnight", "late night": self = .night
        case "dawn", "morning", "sunrise", "early morning": self = .dawn
        case "dusk", "evening", "sunset", "twilight": self = .dusk
        default: self = .day
        }
    }
}

/// An ambience bed for a scene: room tone indoors, city by day, crickets and wind at night,
/// birds at dawn. Rendered as a seamless loop, tiled to any duration.
public struct AmbienceRequest: Sendable, Hashable, Codable {
    public var setting: SceneSetting
    public var time: TimeOfDay
    public var durationSeconds: Double
    public var seed: UInt64

    public init(setting: SceneSetting, time: TimeOfDay, durationSeconds: Double, seed: UInt64 = 0) {
        self.setting = setting
        self.time = time
        self.durationSeconds = durationSeconds
        self.seed = seed
    }
}

public enum AmbienceGenerator {
    public static let version = "ambience/procedural/1"
    /// Length of the loop each bed is built from.
    public static let loopSeconds = 12.0

    /// The bed's seamless loop (mono, 48 kHz): what the mixer repeats for a long scene
    /// without holding the whole bed in memory.
    public static func loop(setting: SceneSetting, time: TimeOfDay, seed: UInt64 = 0) -> AudioBuffer {
        var rng = SeededRandom(seed: StableHash.of("ambience", setting.rawValue, time.rawValue, "\(seed)"))
        let overlap = Synth.frames(1)
        let n = Synth.frames(loopSeconds) + overlap
        let r = Synth.rateD
        var x: [Float]
        switch (setting, time) {
        case (.interior, .night):
            // Quiet room with a fridge hum.
            x = roomTone(n, &rng, level: -52)
            var hum = Synth.sine(n, freq: 100)
            for i in hum.indices { hum[i] *= Float(0.004 * (1 + 0.2 * sin(2 * Double.pi * 0.3 * Double(i) / r))) }
            Synth.add(hum, into: &x, at: 0)
        case (.interior, _):
            x = roomTone(n, &rng, level: -46)
            var mains = Synth.sine(n, freq: 50)
            for i in mains.indices { mains[i] *= 0.0015 }
            Synth.add(mains, into: &x, at: 0)
        case (.exterior, .night):
            x = SoundEffectGenerator.rmsNormalized(
                SoundEffectGenerator.synthesize(.wind, frames: n, rng: &rng), dBFS: -40)
            // Crickets: trains of 4.6 kHz pulses, a few insects at different rates.
            for _ in 0..<3 {
                let freq = Double(rng.uniform(4200, 5000)), rate = Double(rng.uniform(2.2, 3.4))
                var t = Double(rng.unit())
                while Int(t * r) < n {
                    for p in 0..<3 {
                        var pulse = Synth.sine(Synth.frames(0.018), freq: freq)
                        Synth.multiply(&pulse, Synth.gate(pulse.count, attack: 0.003, release: 0.008))
                        Synth.add(pulse, into: &x, at: Int((t + 0.028 * Double(p)) * r), gain: 0.02)
                    }
                    t += 1 / rate
                }
            }
        case (.exterior, .dawn):
            x = SoundEffectGenerator.rmsNormalized(
                SoundEffectGenerator.synthesize(.wind, frames: n, rng: &rng), dBFS: -44)
            for _ in 0..<Int(loopSeconds * 1.5) {  // bird chirps: quick upward glides
                let len = Synth.frames(Double(rng.uniform(0.05, 0.14)))
                var chirp = Synth.sweep(len, from: Double(rng.uniform(2200, 3200)), to: Double(rng.uniform(3600, 5200)))
                Synth.multiply(&chirp, Synth.gate(len, attack: 0.01, release: 0.03))
                Synth.add(chirp, into: &x, at: rng.below(n - len), gain: rng.uniform(0.01, 0.04))
            }
        case (.exterior, _):
            // City: traffic rumble with passing cars, distant horns by day.
            var rumble = Synth.filtered(Synth.brownNoise(n, &rng), .lowPass(350, rate: r))
            rumble = SoundEffectGenerator.rmsNormalized(rumble, dBFS: -36)
            x = rumble
            for _ in 0..<5 {
                let len = Synth.frames(Double(rng.uniform(2.5, 5)))
                var car = Synth.filtered(Synth.pinkNoise(len, &rng), .bandPass(Double(rng.uniform(300, 900)), q: 1, rate: r))
                Synth.multiply(&car, Synth.gate(len, attack: Double(len) / r * 0.5, release: Double(len) / r * 0.5))
                Synth.add(car, into: &x, at: rng.below(n - len), gain: 0.02)
            }
            if time == .day {
                for _ in 0..<2 {
                    let len = Synth.frames(0.4)
                    var horn = Synth.sine(len, freq: 415)
                    Synth.add(Synth.sine(len, freq: 520), into: &horn, at: 0)
                    Synth.multiply(&horn, Synth.gate(len, attack: 0.02, release: 0.1))
                    Synth.add(Synth.filtered(horn, .lowPass(1500, rate: r)), into: &x, at: rng.below(n - len), gain: 0.004)
                }
            }
        }
        return AudioBuffer(samples: Synth.makeLoopable(x, overlap: overlap), channelCount: 1, sampleRate: Synth.rate)
    }

    /// The bed tiled to the requested duration.
    public static func render(_ request: AmbienceRequest) throws(AudioError) -> AudioBuffer {
        guard request.durationSeconds.isFinite, request.durationSeconds > 0, request.durationSeconds <= 4 * 3600 else {
            throw .invalidRequest("ambience duration must be in 0...14400 s")
        }
        let bed = loop(setting: request.setting, time: request.time, seed: request.seed)
        let n = Synth.frames(request.durationSeconds)
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n { out[i] = bed.samples[i % bed.frameCount] }
        return AudioBuffer(samples: out, channelCount: 1, sampleRate: Synth.rate)
    }

    private static func roomTone(_ n: Int, _ rng: inout SeededRandom, level: Double) -> [Float] {
        var air = Synth.filtered(Synth.pinkNoise(n, &rng), .lowPass(1200, rate: Synth.rateD))
        let low = Synth.filtered(Synth.brownNoise(n, &rng), .lowPass(180, rate: Synth.rateD))
        Synth.add(low, into: &air, at: 0, gain: 0.6)
        return SoundEffectGenerator.rmsNormalized(air, dBFS: level)
    }
}
