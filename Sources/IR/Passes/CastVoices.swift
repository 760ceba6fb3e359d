import Parser

/// Gives every cast member a voice. An explicit `@cast … voice=` wins; the rest is derived from
/// the canonical name with a stable hash (FNV-1a, never Swift's per-process `hashValue`), so the
/// same name gets the same voice on every run and machine. Derived voices are distinct from the
/// voices of everyone who shares a scene with the character: characters are assigned in name
/// order, each taking the first voice of its own hash-ordered preference list that no
/// already-assigned scene partner uses.
public struct CastVoices: Pass {
    public init() {}
    public var name: String { "cast-voices" }
    public var summary: String { "explicit @cast voices, else deterministic from the name; distinct within a scene" }

    /// espeak-ng variants derived voices are drawn from.
    public static let variants = ["f1", "f2", "f3", "f4", "f5", "m1", "m2", "m3", "m4", "m5", "m6", "m7"]

    /// The voice derived from a name, before clash avoidance: variant, rate 150–190 wpm, pitch 35–65.
    public static func preferences(for id: String, language: String) -> [Voice] {
        let h = stableHash64(id)
        let rate = 150 + Int(h % 41)
        let pitch = 35 + Int((h >> 8) % 31)
        let order = variants.sorted {
            (stableHash64(id + "+" + $0), $0) < (stableHash64(id + "+" + $1), $1)
        }
        return order.map { Voice(name: "\(language)+\($0)", rateWPM: rate, pitch: pitch) }
    }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        // Who shares a scene with whom.
        var partners: [String: Set<String>] = [:]
        for s in ep.scenes.indices {
            var speakers: Set<String> = []
            for c in ep.scenes[s].cuts.indices {
                ep.scenes[s].cuts[c].events.withUnsafeBufferPointer { events in
                    for e in events.indices {
                        if let id = events[e].speakerID { speakers.insert(id) }
                    }
                }
            }
            for a in speakers { partners[a, default: []].formUnion(speakers.subtracting([a])) }
        }
        var assigned: [String: Voice] = [:]
        // Explicit voices first.
        for i in ep.cast.indices {
            guard let req = ep.cast[i].requestedVoice, let name = req.name else { continue }
            let derived = Self.preferences(for: ep.cast[i].id, language: ep.settings.voiceLanguage)[0]
            let v = Voice(name: name, rateWPM: req.rateWPM ?? derived.rateWPM, pitch: req.pitch ?? derived.pitch)
            ep.cast[i].voice = v
            ep.cast[i].voiceSource = .explicit
            assigned[ep.cast[i].id] = v
        }
        // Clashes between explicit voices are the writer's call, but worth a warning.
        for i in ep.cast.indices where ep.cast[i].voiceSource == .explicit {
            let me = ep.cast[i]
            for p in partners[me.id, default: []] where p > me.id {
                if let other = assigned[p], other == me.voice, let j = ep.cast.firstIndex(where: { $0.id == p }), ep.cast[j].voiceSource == .explicit {
                    unit.diagnostics.append(Diagnostic(
                        id: IRDiagnostics.voiceClash, severity: .warning,
                        message: "'\(me.name)' and '\(ep.cast[j].name)' share a scene and the same voice '\(other.name)'",
                        range: ep.cast[j].range ?? SourceRange(start: 0, end: 0)))
                }
            }
        }
        // Derived voices in name order.
        let order = ep.cast.indices.filter { ep.cast[$0].voiceSource != .explicit }.sorted { ep.cast[$0].id < ep.cast[$1].id }
        for i in order {
            let id = ep.cast[i].id
            var prefs = Self.preferences(for: id, language: ep.settings.voiceLanguage)
            if let req = ep.cast[i].requestedVoice {
                prefs = prefs.map { Voice(name: $0.name, rateWPM: req.rateWPM ?? $0.rateWPM, pitch: req.pitch ?? $0.pitch) }
            }
            let taken = partners[id, default: []].compactMap { assigned[$0] }
            let takenNames = Set(taken.map(\.name))
            var chosen = prefs.first { !takenNames.contains($0.name) }
            if chosen == nil {
                // More partners than variants: keep the first variant, move the pitch until unique.
                var v = prefs[0]
                let used = Set(taken.filter { $0.name == v.name }.map(\.pitch))
                var p = v.pitch
                while used.contains(p) { p = (p + 7) % 100 }
                v.pitch = p
                chosen = v
            }
            ep.cast[i].voice = chosen
            ep.cast[i].voiceSource = .derived
            assigned[id] = chosen
        }
        // Put voices on the lines.
        for s in ep.scenes.indices {
            for c in ep.scenes[s].cuts.indices {
                for e in ep.scenes[s].cuts[c].events.indices {
                    switch ep.scenes[s].cuts[c].events[e].payload {
                    case .dialogue(var d):
                        d.voice = assigned[d.characterID]
                        ep.scenes[s].cuts[c].events[e].payload = .dialogue(d)
                    case .lyrics(var l):
                        l.voice = l.characterID.flatMap { assigned[$0] }
                        ep.scenes[s].cuts[c].events[e].payload = .lyrics(l)
                    default:
                        break
                    }
                }
            }
        }
        unit.episode = ep
    }
}
