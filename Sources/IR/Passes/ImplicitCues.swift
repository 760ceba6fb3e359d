import Parser

/// Turns screenplay craft into cues (tables in Lexicons.swift, docs/dsl.md):
/// parentheticals → prosody and pauses; sound words in CAPS in action → sound cues; INT./EXT. and
/// time of day → the scene's ambience bed and palette. Explicit directives always win: a field an
/// `@prosody` set, an `@sfx` of the same effect right before the action, an `@ambience`, or a
/// palette given at episode or scene scope.
public struct ImplicitCues: Pass {
    public init() {}
    public var name: String { "implicit-cues" }
    public var summary: String { "parentheticals → prosody, CAPS sound words → sound cues, heading → ambience and palette" }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        let episodePalette = ep.style.contains { $0.value.key == .palette }
        let episodeAmbience = ep.ambience
        Parallel.scenes(&ep.scenes) { range, scenes in
            // Scenes come back to the same locations: their bed entry is looked up once per chunk.
            var locationEntries: [String: Int?] = [:]
            for s in range {
                let (setting, timeOfDay) = (scenes[s].setting, scenes[s].timeOfDay)
                if scenes[s].ambience == nil {
                    if let ambience = episodeAmbience {
                        scenes[s].ambience = ambience
                    } else {
                        let location = scenes[s].location
                        let entry: Int?
                        if let known = locationEntries[location] {
                            entry = known
                        } else {
                            entry = SceneLook.locationEntry(location)
                            locationEntries[location] = entry
                        }
                        scenes[s].ambience = Ambience(bed: SceneLook.bed(setting: setting, entry: entry, timeOfDay: timeOfDay), origin: .implicit)
                    }
                }
                if !episodePalette && !scenes[s].style.contains(where: { $0.value.key == .palette }) {
                    scenes[s].style.append(StyleTag(.palette(SceneLook.palette(setting: setting, timeOfDay: timeOfDay)), scope: .scene, origin: .implicit))
                }
                for c in scenes[s].cuts.indices {
                    // Backwards, in place: insertions at `e` never move the events still to visit.
                    var e = scenes[s].cuts[c].events.count - 1
                    while e >= 0 {
                        defer { e -= 1 }
                        let range = scenes[s].cuts[c].events[e].range
                        switch scenes[s].cuts[c].events[e].payload {
                        case .dialogue(var line):
                            guard let p = line.parenthetical, let effect = ParentheticalLexicon.effect(of: p) else { continue }
                            Self.apply(effect, to: &line.prosody)
                            scenes[s].cuts[c].events[e].payload = .dialogue(line)
                            if let frames = effect.pauseFrames {
                                var pause = Event(.pause(Pause(lengthFrames: frames, origin: .implicit)), range: range)
                                pause.durationFrames = frames
                                scenes[s].cuts[c].events.insert(pause, at: e)
                            }
                        case .action(let a):
                            let words = Self.soundWords(in: a.text)
                            if words.isEmpty { continue }
                            var explicit: Set<String> = []
                            var k = e - 1
                            while k >= 0, case .sound(let cue) = scenes[s].cuts[c].events[k].payload, cue.origin == .explicit {
                                explicit.insert(cue.effect)
                                k -= 1
                            }
                            var cues: [Event] = []
                            for (word, effect) in words where !explicit.contains(effect) {
                                explicit.insert(effect)
                                cues.append(Event(.sound(SoundCue(
                                    effect: effect, lengthFrames: SoundLexicon.defaultLength[effect] ?? 24, origin: .implicit, word: word)),
                                    range: range))
                            }
                            scenes[s].cuts[c].events.insert(contentsOf: cues, at: e)
                        default:
                            break
                        }
                    }
                }
            }
        }
        unit.episode = ep
    }

    /// Applies a parenthetical's effect to the fields an explicit `@prosody` left at their default.
    static func apply(_ e: ParentheticalEffect, to p: inout Prosody) {
        let d = Prosody()
        if let v = e.ratePercent, p.ratePercent == d.ratePercent { p.ratePercent = v }
        if let v = e.pitchOffset, p.pitchOffset == d.pitchOffset { p.pitchOffset = v }
        if let v = e.volumeDB, p.volumeDB == d.volumeDB { p.volumeDB = v }
        if let v = e.quality, p.quality == d.quality { p.quality = v }
        if let v = e.filter, p.filter == d.filter { p.filter = v }
        if let v = e.emotion, p.emotion == nil { p.emotion = v }
    }

    /// Words of three or more capital letters that are in the sound lexicon, in order, once per effect.
    public static func soundWords(in text: String) -> [(String, String)] {
        var text = text
        return text.withUTF8 { soundWords(in: $0) }
    }

    private static func soundWords(in u: UnsafeBufferPointer<UInt8>) -> [(String, String)] {
        var out: [(String, String)] = []
        var seen: [String] = []
        var start = 0
        var allCaps = true
        var i = 0
        let n = u.count
        while i <= n {
            let b: UInt8 = i < n ? u[i] : 0x20
            if b >= 0x41 && b <= 0x5A {
                i += 1
                continue
            }
            if (b >= 0x61 && b <= 0x7A) || b >= 0x80 || (b >= 0x30 && b <= 0x39) {
                allCaps = false
                i += 1
                continue
            }
            // The end of a word: look it up when it is three or more capitals.
            if allCaps, i - start >= 3 {
                let w = String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self)
                if let e = SoundLexicon.effect(forCapsWord: w), !seen.contains(e) {
                    seen.append(e)
                    out.append((w, e))
                }
            }
            allCaps = true
            i += 1
            start = i
        }
        return out
    }
}
