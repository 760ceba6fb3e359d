import Foundation

/// The emotional colour of a cue; picks the mode (unless the key names one), the default
/// tempo, the progression, the accompaniment and whether drums play.
public enum Mood: String, Sendable, Hashable, Codable, CaseIterable {
    case neutral, happy, sad, tense, calm, mysterious, action, romantic, eerie, triumphant

    /// Accepts the mood words scripts use (`suspense`, `melancholy`, `epic`, …).
    public init?(word: String) {
        let w = word.lowercased().trimmingCharacters(in: .whitespaces)
        if let m = Mood(rawValue: w) { self = m; return }
        let synonyms: [String: Mood] = [
            "upbeat": .happy, "joyful": .happy, "bright": .happy, "playful": .happy, "light": .happy,
            "melancholy": .sad, "melancholic": .sad, "somber": .sad, "sombre": .sad, "grief": .sad, "tragic": .sad,
            "suspense": .tense, "suspenseful": .tense, "anxious": .tense, "ominous": .tense, "dread": .tense,
            "peaceful": .calm, "gentle": .calm, "serene": .calm, "quiet": .calm, "ambient": .calm,
            "dark": .mysterious, "mystery": .mysterious, "noir": .mysterious,
            "chase": .action, "fight": .action, "driving": .action, "urgent": .action, "energetic": .action,
            "love": .romantic, "tender": .romantic, "warm": .romantic,
            "horror": .eerie, "creepy": .eerie, "spooky": .eerie, "uneasy": .eerie,
            "epic": .triumphant, "heroic": .triumphant, "victory": .triumphant, "grand": .triumphant,
        ]
        guard let m = synonyms[w] else { return nil }
        self = m
    }
}

/// Instrument families, each a General MIDI lead / pad / bass set.
public enum InstrumentFamily: String, Sendable, Hashable, Codable, CaseIterable {
    case piano, strings, brass, woodwinds, guitar, synth, organ, choir, orchestra

    /// GM programs (0-based): melody, pad (chords), bass.
    var programs: (melody: Int, pad: Int, bass: Int) {
        switch self {
        case .piano: (0, 0, 32)
        case .strings: (40, 48, 42)
        case .brass: (56, 61, 58)
        case .woodwinds: (73, 48, 70)
        case .guitar: (24, 25, 33)
        case .synth: (80, 89, 38)
        case .organ: (19, 16, 32)
        case .choir: (52, 52, 42)
        case .orchestra: (73, 48, 43)
        }
    }
}

/// A musical key: tonic pitch class (0 = C) and mode. Parsed from `Dm`, `F#`, `Bb minor`,
/// `Eb major`, `c#m`; a key without a mode takes it from the mood.
public struct MusicKey: Sendable, Hashable, Codable {
    public var tonic: Int
    public var minor: Bool?

    public init(tonic: Int, minor: Bool?) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.minor = minor
    }

    public init?(_ text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        guard let letter = s.first?.uppercased(), let base = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11][letter] else { return nil }
        s = s.dropFirst()
        var tonic = base
        if let c = s.first, c == "#" || c == "♯" { tonic += 1; s = s.dropFirst() }
        else if let c = s.first, c == "b" || c == "♭" { tonic -= 1; s = s.dropFirst() }
        let rest = s.trimmingCharacters(in: .whitespaces).lowercased()
        switch rest {
        case "": self.init(tonic: tonic, minor: nil)
        case "m", "min", "minor", "-": self.init(tonic: tonic, minor: true)
        case "maj", "major", "M": self.init(tonic: tonic, minor: false)
        default: return nil
        }
    }
}

/// One call of the music generator: `music(cue, duration)`.
public struct MusicCue: Sendable, Hashable, Codable {
    public var mood: Mood
    /// Beats per minute; nil takes the mood's default. Clamped to 40...220.
    public var tempoBPM: Int?
    /// nil takes C (major or minor by mood).
    public var key: MusicKey?
    public var instruments: InstrumentFamily
    public var durationSeconds: Double
    /// Varies the melody and fills; the same cue and seed give the same samples.
    public var seed: UInt64

    public init(mood: Mood, tempoBPM: Int? = nil, key: MusicKey? = nil, instruments: InstrumentFamily = .piano,
                durationSeconds: Double, seed: UInt64 = 0) {
        self.mood = mood
        self.tempoBPM = tempoBPM
        self.key = key
        self.instruments = instruments
        self.durationSeconds = durationSeconds
        self.seed = seed
    }
}

/// Music cues: a small deterministic composer (progression by mood and mode, bass, pad,
/// melody or arpeggio, drums on GM channel 10) rendered offline by FluidSynth with a
/// General MIDI soundfont, then faded in and out. Output: 48 kHz stereo float.
public enum MusicGenerator {
    public static let version = "music/fluidsynth-timgm6mb/1"
    public static let sampleRate = 48_000
    public static let defaultSoundFont = "/usr/share/sounds/sf2/TimGM6mb.sf2"

    public static func render(_ cue: MusicCue, soundFont: String = defaultSoundFont) throws(AudioError) -> AudioBuffer {
        guard cue.durationSeconds > 0, cue.durationSeconds <= 3600 else {
            throw .invalidRequest("music duration \(cue.durationSeconds) s is outside 0...3600")
        }
        let frames = Int((cue.durationSeconds * Double(sampleRate)).rounded())
        let events = Composer(cue: cue, sampleRate: sampleRate, totalFrames: frames).events()
        let synth = try FluidSynthesizer(soundFontPath: soundFont, sampleRate: sampleRate)
        var out = [Float](repeating: 0, count: frames * 2)
        var cursor = 0
        for event in events {
            let at = min(event.frame, frames)
            if at > cursor { try synth.render(frames: at - cursor, into: &out, at: cursor); cursor = at }
            synth.apply(event)
        }
        if frames > cursor { try synth.render(frames: frames - cursor, into: &out, at: cursor) }
        // Fades: in over up to 1 s, out over up to 2.5 s (each at most a fifth of the cue).
        let fadeIn = min(sampleRate, frames / 5), fadeOut = min(sampleRate * 5 / 2, frames / 5)
        Fades.apply(&out, channelCount: 2, fadeInFrames: fadeIn, fadeOutFrames: fadeOut)
        var peak: Float = 0
        for s in out { peak = max(peak, abs(s)) }
        if peak > 0.89 { let g = 0.89 / peak; for i in out.indices { out[i] *= g } }
        return AudioBuffer(samples: out, channelCount: 2, sampleRate: sampleRate)
    }
}

/// Turns a cue into MIDI events at sample times.
struct Composer {
    let cue: MusicCue
    let sampleRate: Int
    let totalFrames: Int

    private struct Style {
        var minor: Bool
        var tempo: Int
        var progression: [Int]      // scale degrees 0...6
        var arpeggio: Bool
        var drums: Drums
        var velocity: Int
        var notesPerBeat: Int       // melody/arpeggio density
    }

    enum Drums { case none, soft, pulse, rock, driving, march }

    private var style: Style {
        switch cue.mood {
        case .neutral: Style(minor: false, tempo: 96, progression: [0, 3, 4, 0], arpeggio: true, drums: .none, velocity: 70, notesPerBeat: 2)
        case .happy: Style(minor: false, tempo: 120, progression: [0, 4, 5, 3], arpeggio: false, drums: .rock, velocity: 84, notesPerBeat: 2)
        case .sad: Style(minor: true, tempo: 66, progression: [0, 5, 2, 6], arpeggio: true, drums: .none, velocity: 60, notesPerBeat: 2)
        case .tense: Style(minor: true, tempo: 100, progression: [0, 0, 5, 4], arpeggio: true, drums: .pulse, velocity: 72, notesPerBeat: 4)
        case .calm: Style(minor: false, tempo: 72, progression: [0, 3, 0, 4], arpeggio: true, drums: .none, velocity: 58, notesPerBeat: 1)
        case .mysterious: Style(minor: true, tempo: 80, progression: [0, 5, 3, 4], arpeggio: true, drums: .soft, velocity: 62, notesPerBeat: 2)
        case .action: Style(minor: true, tempo: 150, progression: [0, 5, 6, 4], arpeggio: true, drums: .driving, velocity: 96, notesPerBeat: 4)
        case .romantic: Style(minor: false, tempo: 76, progression: [0, 5, 3, 4], arpeggio: false, drums: .none, velocity: 66, notesPerBeat: 1)
        case .eerie: Style(minor: true, tempo: 60, progression: [0, 1, 0, 5], arpeggio: false, drums: .none, velocity: 54, notesPerBeat: 1)
        case .triumphant: Style(minor: false, tempo: 112, progression: [0, 3, 4, 0], arpeggio: false, drums: .march, velocity: 100, notesPerBeat: 2)
        }
    }

    func events() -> [MidiEvent] {
        var st = style
        if let m = cue.key?.minor { st.minor = m }
        if let t = cue.tempoBPM { st.tempo = min(max(t, 40), 220) }
        let tonic = cue.key?.tonic ?? 0
        var rng = SeededRandom(seed: StableHash.of(cue.mood.rawValue, "\(tonic)", "\(st.minor)", "\(st.tempo)",
                                                   cue.instruments.rawValue, "\(cue.seed)"))
        let scale = st.minor ? [0, 2, 3, 5, 7, 8, 10] : [0, 2, 4, 5, 7, 9, 11]
        let beatFrames = Double(sampleRate) * 60 / Double(st.tempo)
        let barFrames = beatFrames * 4
        // Notes end before the fade-out finishes so releases and reverb fit in the cue.
        let endFrame = max(0, totalFrames - min(sampleRate, totalFrames / 8))
        let programs = cue.instruments.programs
        var ev: [MidiEvent] = []
        func at(_ beat: Double) -> Int { Int((beat * beatFrames).rounded()) }
        func note(_ ch: Int, _ key: Int, _ vel: Int, _ start: Double, _ length: Double) {
            let s = at(start)
            guard s < endFrame else { return }
            let e = min(at(start + length), endFrame)
            ev.append(MidiEvent(frame: s, channel: ch, kind: .noteOn(min(max(key, 0), 127), min(max(vel, 1), 127))))
            ev.append(MidiEvent(frame: max(s + 1, e), channel: ch, kind: .noteOff(min(max(key, 0), 127))))
        }
        func pitch(_ degree: Int, octave: Int) -> Int {
            let d = ((degree % 7) + 7) % 7, o = (degree - d) / 7
            return 12 * (octave + o + 1) + tonic + scale[d]
        }
        // Setup: programs, channel volumes, pan spread, reverb send.
        for (ch, program, volume, pan) in [(0, programs.melody, 96, 72), (1, programs.pad, 70, 50), (2, programs.bass, 100, 64)] {
            ev.append(MidiEvent(frame: 0, channel: ch, kind: .program(program)))
            ev.append(MidiEvent(frame: 0, channel: ch, kind: .control(7, volume)))
            ev.append(MidiEvent(frame: 0, channel: ch, kind: .control(10, pan)))
            ev.append(MidiEvent(frame: 0, channel: ch, kind: .control(91, 50)))
        }
        ev.append(MidiEvent(frame: 0, channel: 9, kind: .control(7, 80)))
        let bars = Int((Double(endFrame) / barFrames).rounded(.up))
        var melodyDegree = 7 + rng.below(3) * 2
        for bar in 0..<max(bars, 1) {
            let root = st.progression[bar % st.progression.count]
            let b0 = Double(bar * 4)
            let chord = [root, root + 2, root + 4]
            // Pad: the triad held for the bar (piano/guitar restrike on beat 3).
            let restrike = cue.instruments == .piano || cue.instruments == .guitar
            for d in chord {
                if restrike {
                    note(1, pitch(d, octave: 4), st.velocity - 14, b0, 2)
                    note(1, pitch(d, octave: 4), st.velocity - 18, b0 + 2, 2)
                } else {
                    note(1, pitch(d, octave: 4), st.velocity - 10, b0, 4)
                }
            }
            // Bass: root on 1, fifth or root on 3 (driving moods: eighths on the root).
            if st.drums == .driving || st.drums == .pulse {
                for i in 0..<8 { note(2, pitch(root, octave: 2), st.velocity - (i % 2) * 12, b0 + Double(i) * 0.5, 0.45) }
            } else {
                note(2, pitch(root, octave: 2), st.velocity, b0, 2)
                note(2, pitch(rng.below(2) == 0 ? root + 4 : root, octave: 2), st.velocity - 8, b0 + 2, 2)
            }
            // Lead: an arpeggio over the chord, or a stepwise melody drawn toward chord tones.
            let step = 1.0 / Double(st.notesPerBeat)
            let count = 4 * st.notesPerBeat
            if st.arpeggio {
                let pattern = [0, 1, 2, 3, 2, 1]
                for i in 0..<count {
                    let k = pattern[i % pattern.count]
                    let deg = k == 3 ? root + 7 : chord[k]
                    note(0, pitch(deg, octave: 4), st.velocity - 6 - (i % 2) * 8, b0 + Double(i) * step, step * 0.95)
                }
            } else {
                var beat = 0.0
                while beat < 4 {
                    let length = beat == 0 || rng.below(3) == 0 ? step * 2 : step
                    let onChordTone = beat == 0 || beat == 2
                    if onChordTone {
                        // Nearest chord tone to the current degree.
                        let targets = chord.flatMap { [$0 + 7, $0 + 14] }
                        melodyDegree = targets.min { abs($0 - melodyDegree) < abs($1 - melodyDegree) } ?? melodyDegree
                    } else {
                        melodyDegree += [-2, -1, -1, 1, 1, 2][rng.below(6)]
                        melodyDegree = min(max(melodyDegree, 5), 16)
                    }
                    if rng.below(8) != 0 || onChordTone {
                        note(0, pitch(melodyDegree, octave: 4), st.velocity - rng.below(10), b0 + beat, min(length, 4 - beat) * 0.95)
                    }
                    beat += length
                }
            }
            drums(st.drums, bar: bar, b0: b0, velocity: st.velocity, rng: &rng, note: note)
        }
        // Stable order: by time; note-offs before note-ons at the same frame.
        return ev.enumerated().sorted { l, r in
            if l.element.frame != r.element.frame { return l.element.frame < r.element.frame }
            return l.offset < r.offset
        }.map(\.element)
    }

    private func drums(_ kind: Drums, bar: Int, b0: Double, velocity: Int, rng: inout SeededRandom,
                       note: (Int, Int, Int, Double, Double) -> Void) {
        let kick = 36, snare = 38, hat = 42, ride = 51, crash = 49, lowTom = 45, timpani = 41
        switch kind {
        case .none: return
        case .soft:
            note(9, ride, velocity - 30, b0, 0.5)
            note(9, ride, velocity - 36, b0 + 2, 0.5)
            if bar % 2 == 1 { note(9, lowTom, velocity - 30, b0 + 3.5, 0.5) }
        case .pulse:
            note(9, kick, velocity - 10, b0, 0.25)
            note(9, kick, velocity - 20, b0 + 0.75, 0.25)
            note(9, kick, velocity - 10, b0 + 2, 0.25)
            note(9, kick, velocity - 20, b0 + 2.75, 0.25)
            for i in 0..<4 { note(9, hat, velocity - 34, b0 + Double(i) + 0.5, 0.25) }
        case .rock, .driving:
            if bar % 8 == 0 { note(9, crash, velocity, b0, 1) }
            note(9, kick, velocity, b0, 0.25)
            note(9, kick, velocity - 10, b0 + 2, 0.25)
            if kind == .driving || rng.below(2) == 0 { note(9, kick, velocity - 16, b0 + 2.5, 0.25) }
            note(9, snare, velocity - 4, b0 + 1, 0.25)
            note(9, snare, velocity - 4, b0 + 3, 0.25)
            let hats = kind == .driving ? 16 : 8
            for i in 0..<hats { note(9, hat, velocity - 24 - (i % 2) * 10, b0 + Double(i) * 4 / Double(hats), 0.2) }
        case .march:
            if bar % 4 == 0 { note(9, crash, velocity - 10, b0, 1) }
            note(9, timpani, velocity, b0, 0.5)
            note(9, timpani, velocity - 16, b0 + 2, 0.5)
            for i in 0..<4 { note(9, snare, velocity - 30 + (i == 0 ? 12 : 0), b0 + Double(i), 0.25) }
            note(9, snare, velocity - 36, b0 + 3.5, 0.25)
        }
    }
}

/// Linear fades and equal-power crossfades on interleaved buffers.
public enum Fades {
    public static func apply(_ samples: inout [Float], channelCount: Int, fadeInFrames: Int, fadeOutFrames: Int) {
        let frames = samples.count / channelCount
        let fi = min(fadeInFrames, frames), fo = min(fadeOutFrames, frames)
        for f in 0..<fi {
            let g = Float(f) / Float(fi)
            for c in 0..<channelCount { samples[f * channelCount + c] *= g }
        }
        for k in 0..<fo {
            let f = frames - 1 - k
            let g = Float(k) / Float(fo)
            for c in 0..<channelCount { samples[f * channelCount + c] *= g }
        }
    }

    /// Joins `a` and `b` (same channel count) overlapping by `overlapFrames` with an
    /// equal-power crossfade.
    public static func crossfade(_ a: AudioBuffer, _ b: AudioBuffer, overlapFrames: Int) -> AudioBuffer {
        precondition(a.channelCount == b.channelCount && a.sampleRate == b.sampleRate)
        let ch = a.channelCount
        let o = min(overlapFrames, a.frameCount, b.frameCount)
        var out = Array(a.samples[0..<((a.frameCount - o) * ch)])
        out.reserveCapacity((a.frameCount + b.frameCount - o) * ch)
        for k in 0..<o {
            let t = (Double(k) + 0.5) / Double(o)
            let ga = Float(cos(t * Double.pi / 2)), gb = Float(sin(t * Double.pi / 2))
            for c in 0..<ch { out.append(a.samples[(a.frameCount - o + k) * ch + c] * ga + b.samples[k * ch + c] * gb) }
        }
        out.append(contentsOf: b.samples[(o * ch)...])
        return AudioBuffer(samples: out, channelCount: ch, sampleRate: a.sampleRate)
    }
}
