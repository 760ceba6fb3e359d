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
        var byCue: [String: Int] = [:]
        var extensionInfo: [[String]: (normalized: [String], delivery: Delivery, filter: VoiceFilter?)] = [:]
        func resolve(_ name: String, range: SourceRange?) -> Int {
            if let i = byCue[name] { return i }
            let i = resolveNew(name, range: range)
            byCue[name] = i
            return i
        }
        func resolveNew(_ name: String, range: SourceRange?) -> Int {
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
                        if line.extensions.isEmpty {
                            line.delivery = .onScreen
                            ep.scenes[s].cuts[c].events[e].payload = .dialogue(line)
                            continue
                        }
                        let info: (normalized: [String], delivery: Delivery, filter: VoiceFilter?)
                        if let known = extensionInfo[line.extensions] {
                            info = known
                        } else {
                            let (d, f) = Self.delivery(line.extensions)
                            info = (line.extensions.map(Self.normalizedExtension), d, f)
                            extensionInfo[line.extensions] = info
                        }
                        for n in info.normalized where !ep.cast[i].extensionsSeen.contains(n) { ep.cast[i].extensionsSeen.append(n) }
                        let (d, filter) = (info.delivery, info.filter)
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
        let names = Self.nameTable(index.map { ($0.key, ep.cast[$0.value].id) })
        let (cast, nameIndex) = (ep.cast, index)
        Parallel.scenes(&ep.scenes) { range, scenes in
            for s in range {
                for c in scenes[s].cuts.indices {
                    if let subject = scenes[s].cuts[c].shot.subject, let i = nameIndex[canonicalName(subject)] {
                        scenes[s].cuts[c].shot.subject = cast[i].id
                    }
                    for e in scenes[s].cuts[c].events.indices {
                        guard case .action(var a) = scenes[s].cuts[c].events[e].payload else { continue }
                        a.subjects = Self.subjects(in: a.text, names: names)
                        scenes[s].cuts[c].events[e].payload = .action(a)
                    }
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

    /// Upper-case byte FNV-1a of a word, for matching names without building strings.
    @inline(__always) static func wordHash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)
            h = h &* 0x100000001b3
        }
        return h
    }

    /// Name tables for `subjects(in:)`: single-word names by word hash, multi-word names as
    /// sequences of word hashes.
    struct NameTable {
        var single: [UInt64: String] = [:]
        var multi: [([UInt64], String)] = []
        /// Non-ASCII names are matched through `String.uppercased()`.
        var unicodeSingle: [String: String] = [:]
    }

    static func nameTable(_ names: [(String, String)]) -> NameTable {
        var t = NameTable()
        for (name, id) in names.sorted(by: { $0.0 < $1.0 }) {
            let words = name.split(separator: " ")
            if words.isEmpty { continue }  // a blank name (an empty alias) names no one
            if words.count == 1 {
                if name.utf8.contains(where: { $0 >= 0x80 }) { t.unicodeSingle[name] = id }
                t.single[wordHash(name.utf8)] = id
            } else {
                t.multi.append((words.map { wordHash($0.utf8) }, id))
            }
        }
        return t
    }

    /// Cast members named in `text`, in order of appearance. Only capitalised words are looked
    /// at (names in action are written `MARGO` or `Margo`), compared in upper case; names of
    /// several words match consecutive words.
    static func subjects(in text: String, names t: NameTable) -> [String] {
        var text = text
        let scanned = text.withUTF8 { scanWords($0, names: t) }
        var found = scanned.0
        let hashes = scanned.1
        for (parts, id) in t.multi where !found.contains(id) && parts.count <= hashes.count {
            for i in 0...(hashes.count - parts.count) where hashes[i] == parts[0] {
                if (1..<parts.count).allSatisfy({ hashes[i + $0] == parts[$0] }) {
                    found.append(id)
                    break
                }
            }
        }
        return found
    }

    /// The single-word names in `bytes` (in order, once each) and the word hash of every word
    /// (0 for words that cannot start a name), for matching names of several words.
    private static func scanWords(_ bytes: UnsafeBufferPointer<UInt8>, names t: NameTable) -> ([String], [UInt64]) {
        var found: [String] = []
        var hashes: [UInt64] = []
        let n = bytes.count
        hashes.reserveCapacity(n / 4 + 1)
        var i = 0
        while i < n {
            let b = bytes[i]
            guard isWordByte(b) else {
                i += 1
                continue
            }
            let start = i
            let capitalised = (b >= 0x41 && b <= 0x5A) || b >= 0x80 || (b >= 0x30 && b <= 0x39)
            i += 1
            while i < n, isWordByte(bytes[i]) { i += 1 }
            guard capitalised, i - start >= 2 else {
                hashes.append(0)
                continue
            }
            let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
            let h = wordHash(word)
            hashes.append(h)
            if let id = t.single[h], !found.contains(id) {
                found.append(id)
            } else if !t.unicodeSingle.isEmpty, word.contains(where: { $0 >= 0x80 }),
                      let id = t.unicodeSingle[String(decoding: word, as: UTF8.self).uppercased()], !found.contains(id) {
                found.append(id)
            }
        }
        return (found, hashes)
    }

    /// Letters, digits, apostrophes and any non-ASCII byte make up words.
    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return (l >= 0x61 && l <= 0x7A) || b >= 0x80 || (b >= 0x30 && b <= 0x39) || b == 0x27
    }
}

extension String {
    func replacingApostrophes() -> String {
        String(self.map { $0 == "’" ? "'" : $0 })
    }
}
