import Parser

/// Resolves every cue to one cast member: canonical upper-case names, `@cast … aliases=`, cue
/// extensions (`CONT'D` dropped, `V.O.` / `O.S.` become the line's delivery), lyrics to their
/// singer, shot subjects and characters named in action. Adds uncast speakers to the cast in
/// order of first appearance.
public struct ResolveCharacters: Pass {
    public init() {}
    public var name: String { "resolve-characters" }
    public var summary: String { "map cues, aliases and extensions to cast members; set delivery" }

    static func normalizedExtension(_ e: String) -> String {
        let u = canonicalName(e).replacingApostrophes()
        switch u {
        case "CONT'D", "CONT.", "CONT", "CONTD", "CONTINUED", "CONT'D.": return "CONT'D"
        case "V.O.", "VO", "V.O", "V/O": return "V.O."
        case "O.S.", "OS", "O.S", "O/S": return "O.S."
        case "O.C.", "OC", "O.C": return "O.C."
        default: return u
        }
    }

    static func delivery(_ extensions: [String]) -> (Delivery, VoiceFilter?) {
        var d = Delivery.onScreen
        var filter: VoiceFilter?
        for e in extensions {
            switch normalizedExtension(e) {
            case "V.O.": d = .voiceOver
            case "O.S.", "O.C.", "OFF": if d != .voiceOver { d = .offScreen }
            case "ON PHONE", "PHONE", "FILTERED", "ON THE PHONE":
                if d == .onScreen { d = .offScreen }
                filter = .telephone
            case "ON RADIO", "RADIO", "OVER RADIO", "ON TV", "TV":
                if d == .onScreen { d = .offScreen }
                filter = .radio
            default: break
            }
        }
        return (d, filter)
    }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        var index: [String: Int] = [:]
        for (i, c) in ep.cast.enumerated() { index[c.id] = i }
        for (i, c) in ep.cast.enumerated() {
            for a in c.aliases {
                if let other = index[a], other != i {
                    unit.diagnostics.append(Diagnostic(
                        id: IRDiagnostics.aliasConflict, severity: .warning,
                        message: "alias '\(a)' of '\(c.name)' is already the name or alias of '\(ep.cast[other].name)'",
                        range: c.range ?? SourceRange(start: 0, end: 0)))
                } else {
                    index[a] = i
                }
            }
        }
        func resolve(_ name: String, range: SourceRange?) -> Int {
            let id = canonicalName(name)
            if let i = index[id] { return i }
            ep.cast.append(CastMember(id: id, name: name, range: range))
            index[id] = ep.cast.count - 1
            return ep.cast.count - 1
        }
        // Single-word names for action subjects, multi-word names checked by substring.
        for s in ep.scenes.indices {
            for c in ep.scenes[s].cuts.indices {
                for e in ep.scenes[s].cuts[c].events.indices {
                    let range = ep.scenes[s].cuts[c].events[e].range
                    switch ep.scenes[s].cuts[c].events[e].payload {
                    case .dialogue(var line):
                        let i = resolve(line.cueName, range: range)
                        line.characterID = ep.cast[i].id
                        ep.cast[i].lineCount += 1
                        for x in line.extensions {
                            let n = Self.normalizedExtension(x)
                            if !ep.cast[i].extensionsSeen.contains(n) { ep.cast[i].extensionsSeen.append(n) }
                        }
                        let (d, filter) = Self.delivery(line.extensions)
                        line.delivery = d
                        if let filter, line.prosody.filter == .none { line.prosody.filter = filter }
                        ep.scenes[s].cuts[c].events[e].payload = .dialogue(line)
                    case .lyrics(var l):
                        if let who = l.characterID {
                            let i = resolve(who, range: range)
                            l.characterID = ep.cast[i].id
                            ep.cast[i].lineCount += 1
                            ep.scenes[s].cuts[c].events[e].payload = .lyrics(l)
                        }
                    default:
                        break
                    }
                }
            }
        }
        // Names to look for in action and shot subjects.
        var single: [String: String] = [:]
        var multi: [(String, String)] = []
        for (name, i) in index {
            if name.contains(" ") { multi.append((name, ep.cast[i].id)) } else { single[name] = ep.cast[i].id }
        }
        multi.sort { $0.0 < $1.0 }
        for s in ep.scenes.indices {
            for c in ep.scenes[s].cuts.indices {
                if let subject = ep.scenes[s].cuts[c].shot.subject, let i = index[canonicalName(subject)] {
                    ep.scenes[s].cuts[c].shot.subject = ep.cast[i].id
                }
                for e in ep.scenes[s].cuts[c].events.indices {
                    guard case .action(var a) = ep.scenes[s].cuts[c].events[e].payload else { continue }
                    a.subjects = Self.subjects(in: a.text, single: single, multi: multi)
                    ep.scenes[s].cuts[c].events[e].payload = .action(a)
                }
            }
        }
        for c in ep.cast where c.lineCount == 0 && c.requestedVoice != nil {
            unit.diagnostics.append(Diagnostic(
                id: IRDiagnostics.castWithoutLines, severity: .warning,
                message: "'\(c.name)' is cast but never speaks", range: c.range ?? SourceRange(start: 0, end: 0)))
        }
        unit.episode = ep
    }

    /// Cast members named in `text`, in order of appearance. Only capitalised words are looked
    /// at (names in action are written `MARGO` or `Margo`), compared in upper case; names of
    /// several words match consecutive words.
    static func subjects(in text: String, single: [String: String], multi: [(String, String)]) -> [String] {
        var found: [String] = []
        var words: [String] = []
        var word: [UInt8] = []
        var capitalised = false
        func flush() {
            defer { word.removeAll(keepingCapacity: true); capitalised = false }
            guard capitalised, word.count >= 2 else {
                if !word.isEmpty { words.append("") }
                return
            }
            var upper = String(decoding: word, as: UTF8.self)
            if word.contains(where: { $0 >= 0x80 }) {
                upper = upper.uppercased()
            } else {
                upper = String(decoding: word.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
            }
            words.append(upper)
            if let id = single[upper], !found.contains(id) { found.append(id) }
        }
        for b in text.utf8 {
            let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
            if letter || b >= 0x80 || (b >= 0x30 && b <= 0x39) || b == 0x27 {
                if word.isEmpty { capitalised = (b >= 0x41 && b <= 0x5A) || b >= 0x80 || (b >= 0x30 && b <= 0x39) }
                word.append(b)
            } else {
                flush()
            }
        }
        flush()
        for (name, id) in multi where !found.contains(id) {
            let parts = name.split(separator: " ").map(String.init)
            guard parts.count <= words.count else { continue }
            for i in 0...(words.count - parts.count) where words[i] == parts[0] {
                if (1..<parts.count).allSatisfy({ words[i + $0] == parts[$0] }) {
                    found.append(id)
                    break
                }
            }
        }
        return found
    }
}

extension String {
    func replacingApostrophes() -> String {
        String(self.map { $0 == "’" ? "'" : $0 })
    }
}
