import Foundation

/// The procedural sound-effect library. Every effect is synthesized from seeded noise,
/// oscillators, envelopes and filters, so the same request gives the same samples.
public enum SoundEffect: String, Sendable, Hashable, Codable, CaseIterable {
    case doorSlam = "door slam", knock, footsteps, gunshot, explosion, glassBreak = "glass break"
    case phoneRing = "phone ring", engineHum = "engine hum", rain, wind, thunder, alarm, beep
    case crowdMurmur = "crowd murmur", buzz, crash, thud, whoosh, screech

    /// Natural length in seconds when a request gives no duration.
    public var naturalDuration: Double {
        switch self {
        case .doorSlam: 0.9
        case .knock: 1.0
        case .footsteps: 3.0
        case .gunshot: 1.5
        case .explosion: 3.5
        case .glassBreak: 1.6
        case .phoneRing: 4.0
        case .engineHum, .rain, .wind, .crowdMurmur: 6.0
        case .thunder: 5.0
        case .alarm: 3.0
        case .beep: 0.3
        case .buzz: 1.6
        case .crash: 2.0
        case .thud: 0.6
        case .whoosh: 1.0
        case .screech: 1.8
        }
    }

    /// Continuous effects are generated at any length; the others are one-shot patterns
    /// that repeat (knocks, rings, beeps) or ring out and are padded with silence.
    public var isContinuous: Bool {
        switch self {
        case .engineHum, .rain, .wind, .crowdMurmur, .footsteps, .alarm: true
        default: false
        }
    }

    /// The sound-word lexicon: words scripts use for sounds (`SLAMS`, `bangs`, `a crash`),
    /// in any case and inflection, mapped to an effect.
    public init?(word: String) {
        let w = word.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        if let e = SoundEffect(rawValue: w) ?? SoundEffect.lexicon[w] { self = e; return }
        for suffix in ["ing", "es", "ed", "s", "d"] where w.hasSuffix(suffix) && w.count > suffix.count + 2 {
            let stem = String(w.dropLast(suffix.count))
            if let e = SoundEffect.lexicon[stem] ?? SoundEffect(rawValue: stem) { self = e; return }
        }
        return nil
    }

    static let lexicon: [String: SoundEffect] = {
        var map: [String: SoundEffect] = [:]
        let words: [SoundEffect: [String]] = [
            .doorSlam: ["slam", "door", "doorslam", "door slam", "slams shut"],
            .knock: ["knock", "rap", "tap", "pound", "pounding"],
            .footsteps: ["footstep", "footsteps", "step", "steps", "walk", "stomp", "pace"],
            .gunshot: ["gunshot", "gun", "shot", "shoot", "fire", "bang", "pop", "gunfire"],
            .explosion: ["explosion", "explode", "boom", "blast", "detonate", "kaboom"],
            .glassBreak: ["glass", "shatter", "smash", "break", "glass break", "breaking glass"],
            .phoneRing: ["ring", "rings", "phone", "telephone", "ringing", "rang"],
            .engineHum: ["engine", "hum", "idle", "motor", "rev", "drone"],
            .rain: ["rain", "drizzle", "downpour", "pour"],
            .wind: ["wind", "howl", "gust", "breeze"],
            .thunder: ["thunder", "rumble", "storm", "thunderclap"],
            .alarm: ["alarm", "siren", "wail", "klaxon"],
            .beep: ["beep", "bleep", "ping", "chime", "ding"],
            .crowdMurmur: ["crowd", "murmur", "chatter", "crowd murmur", "walla", "babble"],
            .buzz: ["buzz", "vibrate", "buzzer", "vibration"],
            .crash: ["crash", "collide", "clatter", "wreck"],
            .thud: ["thud", "thump", "drop", "fall", "slump"],
            .whoosh: ["whoosh", "swoosh", "swish", "woosh"],
            .screech: ["screech", "skid", "squeal", "brake"],
        ]
        for (effect, list) in words { for w in list { map[w] = effect } }
        return map
    }()
}

/// One call of the sound generator: `sound(effect, duration)`.
public struct SoundEffectRequest: Sendable, Hashable, Codable {
    public var effect: SoundEffect
    /// nil gives the effect's natural length. Clamped to 0.05...600 s.
    public var durationSeconds: Double?
    public var seed: UInt64

    public init(effect: SoundEffect, durationSeconds: Double? = nil, seed: UInt64 = 0) {
        self.effect = effect
        self.durationSeconds = durationSeconds
        self.seed = seed
    }
}

/// Renders sound effects: 48 kHz mono float.
public enum SoundEffectGenerator {
    public static let version = "sfx/procedural/1"

    public static func render(_ request: SoundEffectRequest) throws(AudioError) -> AudioBuffer {
        let seconds = request.durationSeconds ?? request.effect.naturalDuration
        guard seconds.isFinite, seconds > 0 else { throw .invalidRequest("effect duration must be positive") }
        let n = Synth.frames(min(max(seconds, 0.05), 600))
        var rng = SeededRandom(seed: StableHash.of("sfx", request.effect.rawValue, "\(request.seed)"))
        var x = synthesize(request.effect, frames: n, rng: &rng)
        if x.count < n { x += [Float](repeating: 0, count: n - x.count) }
        if x.count > n { x.removeLast(x.count - n) }
        // Short fades at the ends so no effect starts or stops with a click.
        let edge = min(n / 4, 96)
        Fades.apply(&x, channelCount: 1, fadeInFrames: request.effect == .gunshot || request.effect == .doorSlam ? 8 : edge,
                    fadeOutFrames: min(n / 4, 2400))
        return AudioBuffer(samples: x, channelCount: 1, sampleRate: Synth.rate)
    }

    // MARK: Recipes

    static func synthesize(_ effect: SoundEffect, frames n: Int, rng: inout SeededRandom) -> [Float] {
        let r = Synth.rateD
        switch effect {
        case .doorSlam:
            var out = [Float](repeating: 0, count: n)
            var body = Synth.sweep(Synth.frames(0.5), from: 90, to: 45)
            Synth.multiply(&body, Synth.percussive(body.count, attack: 0.002, decay: 0.09))
            var crack = Synth.filtered(Synth.whiteNoise(Synth.frames(0.3), &rng), .lowPass(1800, rate: r))
            Synth.multiply(&crack, Synth.percussive(crack.count, attack: 0.0005, decay: 0.03))
            var rattle = Synth.filtered(Synth.whiteNoise(Synth.frames(0.6), &rng), .bandPass(320, q: 4, rate: r))
            Synth.multiply(&rattle, Synth.percussive(rattle.count, attack: 0.01, decay: 0.12))
            Synth.add(body, into: &out, at: 0, gain: 0.9)
            Synth.add(crack, into: &out, at: 0, gain: 1.0)
            Synth.add(rattle, into: &out, at: Synth.frames(0.02), gain: 1.5)
            return peakNormalized(out)
        case .knock:
            var out = [Float](repeating: 0, count: n)
            var group = 0.0
            while Int(group * r) < n {
                for k in 0..<3 { Synth.add(knockHit(&rng), into: &out, at: Int((group + 0.2 * Double(k)) * r), gain: k == 2 ? 1 : 0.85) }
                group += 1.6
            }
            return peakNormalized(out)
        case .footsteps:
            var out = [Float](repeating: 0, count: n)
            var t = 0.05
            while Int(t * r) < n {
                Synth.add(step(&rng, cutoff: 700), into: &out, at: Int(t * r), gain: rng.uniform(0.7, 1))
                Synth.add(step(&rng, cutoff: 1400), into: &out, at: Int((t + 0.06) * r), gain: rng.uniform(0.25, 0.4))
                t += Double(rng.uniform(0.48, 0.58))
            }
            return peakNormalized(out)
        case .gunshot:
            var out = [Float](repeating: 0, count: n)
            var crack = Synth.whiteNoise(Synth.frames(0.08), &rng)
            Synth.multiply(&crack, Synth.percussive(crack.count, attack: 0.0003, decay: 0.008))
            var tail = Synth.filtered(Synth.whiteNoise(Synth.frames(1.4), &rng), .lowPass(2200, rate: r))
            Synth.multiply(&tail, Synth.percussive(tail.count, attack: 0.002, decay: 0.22))
            var boom = Synth.sweep(Synth.frames(0.4), from: 120, to: 50)
            Synth.multiply(&boom, Synth.percussive(boom.count, attack: 0.001, decay: 0.07))
            Synth.add(crack, into: &out, at: 0, gain: 1)
            Synth.add(tail, into: &out, at: 0, gain: 0.35)
            Synth.add(boom, into: &out, at: 0, gain: 0.8)
            Synth.saturate(&out, drive: 2)
            return peakNormalized(out)
        case .explosion:
            var out = [Float](repeating: 0, count: n)
            var rumble = Synth.filtered(Synth.brownNoise(n, &rng), .lowPass(500, rate: r))
            Synth.multiply(&rumble, Synth.percussive(n, attack: 0.006, decay: 0.9))
            var crack = Synth.filtered(Synth.whiteNoise(Synth.frames(0.25), &rng), .lowPass(4000, rate: r))
            Synth.multiply(&crack, Synth.percussive(crack.count, attack: 0.001, decay: 0.05))
            var sub = Synth.sweep(Synth.frames(1.5), from: 70, to: 28)
            Synth.multiply(&sub, Synth.percussive(sub.count, attack: 0.004, decay: 0.4))
            Synth.normalize(&rumble, peak: 1)
            Synth.add(rumble, into: &out, at: 0, gain: 1)
            Synth.add(crack, into: &out, at: 0, gain: 0.8)
            Synth.add(sub, into: &out, at: 0, gain: 0.7)
            Synth.saturate(&out, drive: 1.6)
            return peakNormalized(out)
        case .glassBreak:
            var out = [Float](repeating: 0, count: n)
            var smash = Synth.filtered(Synth.whiteNoise(Synth.frames(0.2), &rng), .highPass(2500, rate: r))
            Synth.multiply(&smash, Synth.percussive(smash.count, attack: 0.0005, decay: 0.04))
            Synth.add(smash, into: &out, at: 0)
            for _ in 0..<60 {  // shards: short high partials scattered over time
                let at = Int(Double(rng.unit() * rng.unit()) * 0.9 * r)
                var shard = Synth.sine(Synth.frames(0.12), freq: Double(rng.uniform(2500, 9000)))
                Synth.multiply(&shard, Synth.percussive(shard.count, attack: 0.0003, decay: Double(rng.uniform(0.01, 0.04))))
                Synth.add(shard, into: &out, at: at, gain: rng.uniform(0.1, 0.35))
            }
            return peakNormalized(out)
        case .phoneRing:
            // Two-tone ring (440 + 480 Hz) with a 20 Hz warble: 1 s on, 1 s off.
            var out = [Float](repeating: 0, count: n)
            let a = Synth.sine(n, freq: 440), b = Synth.sine(n, freq: 480)
            for i in 0..<n {
                let t = Double(i) / r
                let on: Float = t.truncatingRemainder(dividingBy: 2) < 1 ? 1 : 0
                let warble = Float(0.6 + 0.4 * sin(2 * Double.pi * 20 * t))
                out[i] = (a[i] + b[i]) * 0.5 * on * warble
            }
            return smoothGate(out, frames: 240)
        case .engineHum:
            var out = [Float](repeating: 0, count: n)
            var phase = 0.0
            let base = Double(rng.uniform(38, 52))
            var wobble = Biquad.lowPass(2, rate: r)
            for i in 0..<n {
                let f = base * (1 + 0.03 * wobble.process(Double(rng.bipolar())) * 20)
                phase += 2 * Double.pi * f / r
                var s = 0.0
                for h in 1...6 { s += sin(phase * Double(h)) / Double(h) }
                out[i] = Float(s)
            }
            out = Synth.filtered(out, .lowPass(400, rate: r))
            let rumble = Synth.filtered(Synth.brownNoise(n, &rng), .lowPass(250, rate: r))
            Synth.add(rumble, into: &out, at: 0, gain: 0.8)
            return rmsNormalized(out, dBFS: -18)
        case .rain:
            var out = Synth.filtered(Synth.filtered(Synth.whiteNoise(n, &rng), .highPass(900, rate: r)), .lowPass(9000, rate: r))
            for i in out.indices { out[i] *= 0.25 }
            let drops = Int(Double(n) / r * 40)
            for _ in 0..<drops {
                var drop = Synth.filtered(Synth.whiteNoise(Synth.frames(0.015), &rng), .bandPass(Double(rng.uniform(2000, 6000)), q: 5, rate: r))
                Synth.multiply(&drop, Synth.percussive(drop.count, attack: 0.0003, decay: 0.003))
                Synth.add(drop, into: &out, at: rng.below(n), gain: rng.uniform(0.3, 1))
            }
            return rmsNormalized(out, dBFS: -22)
        case .wind:
            let noise = Synth.pinkNoise(n, &rng)
            var out = [Float](repeating: 0, count: n)
            var swell = Biquad.lowPass(0.3, rate: r)
            var filter = Biquad.bandPass(500, q: 2, rate: r)
            var level = 0.0
            for i in 0..<n {
                level = swell.process(Double(rng.bipolar())) * 40
                if i % 256 == 0 { filter = filter.retuned(to: .bandPass(350 + 300 * tanh(level), q: 1.8, rate: r)) }
                out[i] = Float(filter.process(Double(noise[i])) * (0.55 + 0.45 * tanh(level)))
            }
            return rmsNormalized(out, dBFS: -22)
        case .thunder:
            var out = [Float](repeating: 0, count: n)
            var crack = Synth.filtered(Synth.whiteNoise(Synth.frames(0.4), &rng), .highPass(800, rate: r))
            Synth.multiply(&crack, Synth.percussive(crack.count, attack: 0.002, decay: 0.08))
            var rumble = Synth.filtered(Synth.brownNoise(n, &rng), .lowPass(260, rate: r))
            Synth.normalize(&rumble, peak: 1)
            var env = [Float](repeating: 0, count: n)
            for _ in 0..<5 {  // rolling swells
                let start = Int(Double(rng.unit()) * 0.4 * Double(n))
                let swell = Synth.percussive(n - start, attack: Double(rng.uniform(0.05, 0.3)), decay: Double(rng.uniform(0.4, 1.2)))
                Synth.add(swell, into: &env, at: start, gain: rng.uniform(0.4, 1))
            }
            Synth.multiply(&rumble, env)
            Synth.add(crack, into: &out, at: 0, gain: 0.7)
            Synth.add(rumble, into: &out, at: Synth.frames(0.05), gain: 1)
            return peakNormalized(out)
        case .alarm:
            // Alternating 760 / 960 Hz square-ish tones, 0.25 s each.
            var out = [Float](repeating: 0, count: n)
            var phase = 0.0
            for i in 0..<n {
                let f = (i / Synth.frames(0.25)) % 2 == 0 ? 760.0 : 960.0
                phase += 2 * Double.pi * f / r
                out[i] = Float(tanh(3 * sin(phase)) * 0.8)
            }
            return smoothGate(Synth.filtered(out, .lowPass(5000, rate: r)), frames: 96)
        case .beep:
            var out = [Float](repeating: 0, count: n)
            var t = 0
            let beepFrames = Synth.frames(0.22)
            while t < n {
                var tone = Synth.sine(min(beepFrames, n - t), freq: 1000)
                Synth.multiply(&tone, Synth.gate(tone.count, attack: 0.004, release: 0.01))
                Synth.add(tone, into: &out, at: t, gain: 0.7)
                t += Synth.frames(0.5)
            }
            return out
        case .crowdMurmur:
            var out = [Float](repeating: 0, count: n)
            for _ in 0..<14 {
                var voice = Synth.filtered(Synth.whiteNoise(n, &rng), .bandPass(Double(rng.uniform(350, 1800)), q: 4, rate: r))
                voice = Synth.filtered(voice, .bandPass(Double(rng.uniform(250, 700)), q: 1.2, rate: r))
                var syllables = Biquad.lowPass(Double(rng.uniform(3, 6)), rate: r)
                for i in 0..<n { voice[i] *= Float(max(0, syllables.process(Double(rng.bipolar())) * 60)) }
                Synth.add(voice, into: &out, at: 0, gain: rng.uniform(0.5, 1))
            }
            return rmsNormalized(out, dBFS: -24)
        case .buzz:
            // A phone vibrating: 170 Hz rough tone, 0.4 s on, 0.2 s off.
            var out = [Float](repeating: 0, count: n)
            let tone = Synth.sine(n, freq: 170)
            for i in 0..<n {
                let on: Float = (Double(i) / r).truncatingRemainder(dividingBy: 0.6) < 0.4 ? 1 : 0
                out[i] = Float(tanh(Double(tone[i]) * 4)) * 0.6 * on
            }
            return smoothGate(out, frames: 240)
        case .crash:
            var out = synthesize(.glassBreak, frames: n, rng: &rng)
            for i in out.indices { out[i] *= 0.5 }
            var metal = [Float](repeating: 0, count: n)
            for _ in 0..<6 {
                var partial = Synth.sine(n, freq: Double(rng.uniform(300, 1600)))
                Synth.multiply(&partial, Synth.percussive(n, attack: 0.001, decay: Double(rng.uniform(0.1, 0.4))))
                Synth.add(partial, into: &metal, at: 0, gain: 0.2)
            }
            Synth.add(metal, into: &out, at: 0)
            Synth.add(synthesize(.thud, frames: min(n, Synth.frames(0.6)), rng: &rng), into: &out, at: 0, gain: 0.8)
            return peakNormalized(out)
        case .thud:
            var out = [Float](repeating: 0, count: n)
            var body = Synth.sweep(min(n, Synth.frames(0.4)), from: 110, to: 50)
            Synth.multiply(&body, Synth.percussive(body.count, attack: 0.002, decay: 0.06))
            var dull = Synth.filtered(Synth.whiteNoise(min(n, Synth.frames(0.2)), &rng), .lowPass(600, rate: r))
            Synth.multiply(&dull, Synth.percussive(dull.count, attack: 0.001, decay: 0.03))
            Synth.add(body, into: &out, at: 0)
            Synth.add(dull, into: &out, at: 0, gain: 0.8)
            return peakNormalized(out)
        case .whoosh:
            let noise = Synth.whiteNoise(n, &rng)
            var out = [Float](repeating: 0, count: n)
            var filter = Biquad.bandPass(300, q: 1.5, rate: r)
            for i in 0..<n {
                let t = Double(i) / Double(n)
                let shape = sin(Double.pi * t)
                if i % 128 == 0 { filter = filter.retuned(to: .bandPass(300 + 2700 * shape * shape, q: 1.5, rate: r)) }
                out[i] = Float(filter.process(Double(noise[i])) * shape * shape)
            }
            return peakNormalized(out)
        case .screech:
            var out = [Float](repeating: 0, count: n)
            var phase = 0.0
            for i in 0..<n {
                let t = Double(i) / r
                let f = 2300 + 180 * sin(2 * Double.pi * 7 * t) - 300 * t / (Double(n) / r)
                phase += 2 * Double.pi * f / r
                out[i] = Float(sin(phase) + 0.5 * sin(2 * phase)) * 0.5
            }
            var hiss = Synth.filtered(Synth.whiteNoise(n, &rng), .bandPass(3000, q: 2, rate: r))
            for i in hiss.indices { hiss[i] *= 0.6 }
            Synth.add(hiss, into: &out, at: 0)
            Synth.multiply(&out, Synth.gate(n, attack: 0.03, release: 0.3))
            return peakNormalized(out)
        }
    }

    private static func knockHit(_ rng: inout SeededRandom) -> [Float] {
        var hit = Synth.filtered(Synth.whiteNoise(Synth.frames(0.12), &rng), .bandPass(Double(rng.uniform(190, 240)), q: 3, rate: Synth.rateD))
        Synth.multiply(&hit, Synth.percussive(hit.count, attack: 0.0008, decay: 0.025))
        var tone = Synth.sine(hit.count, freq: 160)
        Synth.multiply(&tone, Synth.percussive(tone.count, attack: 0.0008, decay: 0.03))
        Synth.add(tone, into: &hit, at: 0, gain: 0.3)
        return hit
    }

    private static func step(_ rng: inout SeededRandom, cutoff: Double) -> [Float] {
        var s = Synth.filtered(Synth.whiteNoise(Synth.frames(0.1), &rng), .lowPass(cutoff, rate: Synth.rateD))
        Synth.multiply(&s, Synth.percussive(s.count, attack: 0.002, decay: 0.02))
        return s
    }

    /// Scales to a -3 dBFS sample peak (one-shot effects).
    static func peakNormalized(_ x: [Float]) -> [Float] {
        var y = x
        Synth.normalize(&y, peak: 0.708)
        return y
    }

    /// Scales to an RMS level (continuous effects and beds), keeping the peak under -1 dBFS.
    static func rmsNormalized(_ x: [Float], dBFS: Double) -> [Float] {
        var sum = 0.0
        for s in x { sum += Double(s * s) }
        let rms = (sum / Double(max(1, x.count))).squareRoot()
        guard rms > 1e-9 else { return x }
        var g = Float(pow(10, dBFS / 20) / rms)
        let peak = x.reduce(0) { max($0, abs($1)) }
        if peak * g > 0.89 { g = 0.89 / peak }
        return x.map { $0 * g }
    }

    /// Smooths on/off gating (phones, buzzers) with a short moving average.
    private static func smoothGate(_ x: [Float], frames: Int) -> [Float] {
        Synth.filtered(x, .lowPass(Synth.rateD / Double(frames) * 4, rate: Synth.rateD)).enumerated().map { i, v in
            i < frames ? v * Float(i) / Float(frames) : v
        }
    }
}

extension Biquad {
    /// The new coefficients with the old state (for slowly swept filters).
    func retuned(to design: Biquad) -> Biquad {
        var copy = self
        copy.b0 = design.b0; copy.b1 = design.b1; copy.b2 = design.b2; copy.a1 = design.a1; copy.a2 = design.a2
        return copy
    }
}
