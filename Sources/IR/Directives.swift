import Parser

/// Where a directive sits, which decides what it applies to (docs/dsl.md, "Scope").
public enum DirectiveScope: String, Sendable, Codable, CaseIterable {
    /// Before the first scene heading.
    case episode
    /// Right after a scene heading, before its first action or dialogue.
    case scene
    /// Before (or inside) an action: the cut that action starts.
    case cut
    /// Before (or inside) a character cue, parenthetical or dialogue: that line.
    case line
}

/// The directive names of the production DSL.
public enum DirectiveName: String, Sendable, CaseIterable {
    case cast, style, shot, music, sfx, pause, ambience, prosody

    /// The scopes in which the directive means something.
    public var scopes: Set<DirectiveScope> {
        switch self {
        case .cast: [.episode]
        case .style: [.episode, .scene, .cut, .line]
        case .shot: [.scene, .cut, .line]
        case .music, .sfx, .pause: [.scene, .cut, .line]
        case .ambience: [.episode, .scene]
        case .prosody: [.line]
        }
    }

    /// The `key=` names the directive accepts.
    public var keys: [String] {
        switch self {
        case .cast: ["voice", "rate", "pitch", "look", "aliases"]
        case .style: StyleKey.allCases.map(\.rawValue)
        case .shot: []
        case .music: ["mood", "tempo", "key", "instrument", "gain"]
        case .sfx: ["gain", "length"]
        case .pause: []
        case .ambience: ["gain"]
        case .prosody: ["rate", "pitch", "volume", "quality", "emotion"]
        }
    }
}

/// One lexical item of a directive: a bare word or a quoted string, with its exact source range
/// (quotes excluded for quoted strings).
struct DirectiveToken {
    var text: String
    var range: SourceRange
    var quoted: Bool
}

/// `key=value` or a positional value.
struct DirectiveArgument {
    var key: DirectiveToken?
    var value: DirectiveToken?
    var range: SourceRange
}

/// A directive as written: `[[@name args…]]`.
struct RawDirective {
    var name: DirectiveToken
    var arguments: [DirectiveArgument]
    /// The text after the name, trimmed (used by `@shot`, whose grammar is phrase-based).
    var body: SourceRange
    /// The whole note, brackets included.
    var noteRange: SourceRange
}

/// What a valid directive asks for, typed.
enum DirectiveAction {
    case cast(CastSpec)
    case style([StyleTag])
    case shot(Shot)
    case music(MusicCue)
    case sound(SoundCue)
    case pause(Int)
    case ambience(Ambience)
    case prosody(ProsodyPatch)
}

struct CastSpec {
    var name: String
    var nameRange: SourceRange
    var voiceName: String?
    var rateWPM: Int?
    var pitch: Int?
    var look: String?
    var aliases: [(String, SourceRange)]
    var range: SourceRange
}

/// Explicit prosody for one line; set fields override the implicit ones.
struct ProsodyPatch {
    var ratePercent: Int?
    var pitchOffset: Int?
    var volumeDB: Int?
    var quality: VoiceQuality?
    var emotion: String?

    func apply(to p: inout Prosody) {
        if let ratePercent { p.ratePercent = ratePercent }
        if let pitchOffset { p.pitchOffset = pitchOffset }
        if let volumeDB { p.volumeDB = volumeDB }
        if let quality { p.quality = quality }
        if let emotion { p.emotion = emotion }
    }
}

/// Reads directives out of notes, checks them against the grammar in Grammar/directives.ebnf and
/// the vocabularies, and reports every problem at its exact range.
struct DirectiveReader {
    let bytes: [UInt8]
    var diagnostics: [Diagnostic] = []

    /// Did-you-mean suggestions already worked out: candidate list and word → the suggestion.
    private var suggestions: [String: String?] = [:]

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reports an unknown word, with the nearest candidate as a suggestion (computed once per
    /// word and candidate list: a script repeats its unknown words).
    private mutating func appendUnknown(
        _ id: DiagnosticID, what: String, _ word: String, at range: SourceRange, candidates: [String], severity: Severity = .error
    ) {
        let best = suggestion(for: word, in: candidates)
        diagnostics.append(IRDiagnostics.unknown(id, what: what, word, at: range, suggestion: best, severity: severity))
    }

    /// `EditDistance.closest(to:in:)`, remembered.
    private mutating func suggestion(for word: String, in candidates: [String]) -> String? {
        let key = candidates.joined(separator: "\u{1}") + "\u{0}" + word
        if let known = suggestions[key] { return known }
        let best = EditDistance.closest(to: word, in: candidates) ?? Self.completion(of: word, in: candidates)
        suggestions[key] = best
        return best
    }

    /// The one candidate that starts with `word` (`35` → `35mm`, `steadi` → `steadicam`), when
    /// the word has at least two characters and no other candidate starts with it.
    static func completion(of word: String, in candidates: [String]) -> String? {
        let w = word.lowercased()
        guard w.count >= 2 else { return nil }
        let matches = candidates.filter { $0.count > w.count && $0.lowercased().hasPrefix(w) }
        return matches.count == 1 ? matches[0] : nil
    }

    private static let sortedShotTerms: [String] = Array(Vocabulary.shotTerms.keys).sorted()

    // MARK: Lexing

    @inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func text(_ s: Int, _ e: Int) -> String { String(decoding: bytes[s..<e], as: UTF8.self) }

    /// The directive in a note, or nil when the note is an ordinary comment (no leading '@').
    mutating func lex(note: SourceRange) -> RawDirective? {
        let start = note.start + 2
        let end = max(start, note.end - 2)
        var i = start
        while i < end && isSpace(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 0x40 else { return nil }
        let nameStart = i + 1
        var j = nameStart
        while j < end, !isSpace(bytes[j]) { j += 1 }
        let name = DirectiveToken(text: text(nameStart, j), range: SourceRange(start: nameStart, end: j), quoted: false)
        var bodyEnd = end
        while bodyEnd > j && isSpace(bytes[bodyEnd - 1]) { bodyEnd -= 1 }
        var bodyStart = j
        while bodyStart < bodyEnd && isSpace(bytes[bodyStart]) { bodyStart += 1 }
        var args: [DirectiveArgument] = []
        i = bodyStart
        while i < bodyEnd {
            while i < bodyEnd && isSpace(bytes[i]) { i += 1 }
            if i >= bodyEnd { break }
            let itemStart = i
            if bytes[i] == 0x22 {
                let tok = quoted(from: i, end: bodyEnd)
                args.append(DirectiveArgument(key: nil, value: tok.0, range: SourceRange(start: itemStart, end: tok.1)))
                i = tok.1
                continue
            }
            var k = i
            while k < bodyEnd && !isSpace(bytes[k]) && bytes[k] != 0x3D { k += 1 }
            if k < bodyEnd && bytes[k] == 0x3D {
                let key = DirectiveToken(text: text(i, k), range: SourceRange(start: i, end: k), quoted: false)
                var v = k + 1
                if v < bodyEnd && bytes[v] == 0x22 {
                    let tok = quoted(from: v, end: bodyEnd)
                    args.append(DirectiveArgument(key: key, value: tok.0, range: SourceRange(start: itemStart, end: tok.1)))
                    i = tok.1
                } else {
                    let vs = v
                    while v < bodyEnd && !isSpace(bytes[v]) { v += 1 }
                    let value = vs < v ? DirectiveToken(text: text(vs, v), range: SourceRange(start: vs, end: v), quoted: false) : nil
                    args.append(DirectiveArgument(key: key, value: value, range: SourceRange(start: itemStart, end: v)))
                    i = v
                }
            } else {
                let tok = DirectiveToken(text: text(i, k), range: SourceRange(start: i, end: k), quoted: false)
                args.append(DirectiveArgument(key: nil, value: tok, range: tok.range))
                i = k
            }
        }
        return RawDirective(name: name, arguments: args, body: SourceRange(start: bodyStart, end: bodyEnd), noteRange: note)
    }

    /// A quoted string starting at the '"' at `from`; returns the token and the offset after it.
    private mutating func quoted(from: Int, end: Int) -> (DirectiveToken, Int) {
        var i = from + 1
        while i < end && bytes[i] != 0x22 { i += 1 }
        if i >= end {
            diagnostics.append(Diagnostic(
                id: IRDiagnostics.unterminatedQuote, severity: .error, message: "unterminated quoted value",
                range: SourceRange(start: from, end: end),
                fixIts: [FixIt(message: "insert '\"'", range: SourceRange(start: end, end: end), replacement: "\"")]))
            return (DirectiveToken(text: text(from + 1, end), range: SourceRange(start: from + 1, end: end), quoted: true), end)
        }
        return (DirectiveToken(text: text(from + 1, i), range: SourceRange(start: from + 1, end: i), quoted: true), i + 1)
    }

    // MARK: Checking

    /// Checks a directive in `scope` and returns what it asks for, or nil when it is unusable
    /// (every reason is reported).
    mutating func read(_ d: RawDirective, scope: DirectiveScope) -> DirectiveAction? {
        guard let name = DirectiveName(rawValue: d.name.text) else {
            appendUnknown(
                IRDiagnostics.unknownDirective, what: "directive", "@" + d.name.text, at: SourceRange(start: d.name.range.start - 1, end: d.name.range.end),
                candidates: DirectiveName.allCases.map { "@" + $0.rawValue })
            return nil
        }
        guard name.scopes.contains(scope) else {
            let allowed = DirectiveScope.allCases.filter { name.scopes.contains($0) }.map(\.rawValue).joined(separator: ", ")
            diagnostics.append(Diagnostic(
                id: IRDiagnostics.wrongScope, severity: .error,
                message: "'@\(name.rawValue)' cannot be used at \(scope.rawValue) scope (allowed: \(allowed))",
                range: SourceRange(start: d.name.range.start - 1, end: d.name.range.end),
                notes: [DiagnosticNote(message: scopeHelp(name), range: d.noteRange)]))
            return nil
        }
        switch name {
        case .cast: return readCast(d)
        case .style: return readStyle(d, scope: scope)
        case .shot: return readShot(d)
        case .music: return readMusic(d)
        case .sfx: return readSound(d)
        case .pause: return readPause(d)
        case .ambience: return readAmbience(d)
        case .prosody: return readProsody(d)
        }
    }

    private func scopeHelp(_ name: DirectiveName) -> String {
        switch name {
        case .cast: "cast directives go before the first scene heading"
        case .ambience: "ambience goes before the first scene (default) or right after a scene heading"
        case .prosody: "prosody goes right before or inside a character's dialogue"
        default: "place it after a scene heading, or before the action or dialogue it belongs to"
        }
    }

    private mutating func report(_ id: DiagnosticID, _ message: String, _ range: SourceRange, fixIts: [FixIt] = [], severity: Severity = .error) {
        diagnostics.append(Diagnostic(id: id, severity: severity, message: message, range: range, fixIts: fixIts))
    }

    /// The key=value arguments, with unknown and duplicate keys reported; positional values apart.
    private mutating func keyed(_ d: RawDirective, _ name: DirectiveName) -> (values: [String: DirectiveToken], positional: [DirectiveToken]) {
        var values: [String: DirectiveToken] = [:]
        var positional: [DirectiveToken] = []
        for a in d.arguments {
            guard let key = a.key else {
                if let v = a.value { positional.append(v) }
                continue
            }
            let k = key.text.lowercased()
            guard name.keys.contains(k) else {
                appendUnknown(
                    IRDiagnostics.unknownKey, what: "key for '@\(name.rawValue)':", key.text, at: key.range, candidates: name.keys)
                continue
            }
            guard let v = a.value else {
                report(IRDiagnostics.missingArgument, "'\(k)=' needs a value", a.range)
                continue
            }
            if values[k] != nil {
                report(IRDiagnostics.duplicateKey, "'\(k)' is given twice; the last value wins", key.range, severity: .warning)
            }
            values[k] = v
        }
        return (values, positional)
    }

    private mutating func rejectPositional(_ tokens: [DirectiveToken], _ name: DirectiveName) {
        for t in tokens {
            appendUnknown(
                IRDiagnostics.unknownKey, what: "argument for '@\(name.rawValue)':", t.text, at: t.range, candidates: name.keys)
        }
    }

    private mutating func enumValue(_ t: DirectiveToken, _ what: String, _ candidates: [String], severity: Severity = .error) -> String? {
        let v = t.text.lowercased()
        if candidates.contains(v) { return v }
        appendUnknown(IRDiagnostics.badValue, what: what, t.text, at: t.range, candidates: candidates, severity: severity)
        return severity == .error ? nil : v
    }

    /// An integer in `bounds`, with an optional accepted unit suffix (`170wpm`, `84bpm`, `120%`).
    private mutating func integer(_ t: DirectiveToken, _ what: String, _ bounds: ClosedRange<Int>, unit: String? = nil, signed: Bool = false) -> Int? {
        var s = Substring(t.text)
        if let unit, s.lowercased().hasSuffix(unit) { s = s.dropLast(unit.count) }
        guard let n = Int(s), signed || !s.hasPrefix("+") else {
            let (number, suffix) = splitNumber(t.text)
            if number != nil, !suffix.isEmpty {
                let unitRange = SourceRange(start: t.range.end - suffix.utf8.count, end: t.range.end)
                let message = unit.map { "bad unit '\(suffix)' for \(what); expected a number or '\($0)'" } ?? "bad unit '\(suffix)' for \(what); expected a plain number"
                report(IRDiagnostics.badUnit, message, unitRange, fixIts: [FixIt(message: "remove '\(suffix)'", range: unitRange, replacement: unit ?? "")])
            } else {
                report(IRDiagnostics.badValue, "\(what) must be a whole number, not '\(t.text)'", t.range)
            }
            return nil
        }
        guard bounds.contains(n) else {
            let clamped = min(max(n, bounds.lowerBound), bounds.upperBound)
            report(IRDiagnostics.badValue, "\(what) \(n) is out of range \(bounds.lowerBound)…\(bounds.upperBound)", t.range,
                   fixIts: [FixIt(message: "use \(clamped)", range: t.range, replacement: String(clamped))])
            return nil
        }
        return n
    }

    /// Splits `1.5s` into (1.5, "s").
    private func splitNumber(_ s: String) -> (Double?, String) {
        var digits = ""
        var rest = Substring(s)
        while let c = rest.first, c.isNumber || c == "." || ((c == "-" || c == "+") && digits.isEmpty) {
            digits.append(c)
            rest = rest.dropFirst()
        }
        return (Double(digits), String(rest))
    }

    /// A length: `1.5s`, `500ms`, `36f` (frames). Rounded to the nearest frame.
    mutating func duration(_ t: DirectiveToken, _ what: String) -> Int? {
        let (number, unit) = splitNumber(t.text)
        guard let number, number >= 0, !t.text.hasPrefix("-"), !t.text.hasPrefix("+") else {
            report(IRDiagnostics.badValue, "\(what) must be a length like '1.5s', '500ms' or '36f', not '\(t.text)'", t.range)
            return nil
        }
        let unitRange = SourceRange(start: t.range.end - unit.utf8.count, end: t.range.end)
        let frames: Double
        switch unit {
        case "s": frames = number * Double(Timebase.framesPerSecond)
        case "ms": frames = number * Double(Timebase.framesPerSecond) / 1000
        case "f": frames = number
        case "":
            report(IRDiagnostics.badUnit, "\(what) '\(t.text)' needs a unit: s, ms or f (frames at 24 fps)", t.range,
                   fixIts: [FixIt(message: "insert 's'", range: SourceRange(start: t.range.end, end: t.range.end), replacement: "s")])
            return nil
        default:
            let best = EditDistance.closest(to: unit, in: ["s", "ms", "f"]) ?? (unit.lowercased().hasPrefix("s") ? "s" : nil)
            report(IRDiagnostics.badUnit, "bad unit '\(unit)' in \(what); expected s, ms or f" + (best.map { "; did you mean '\($0)'?" } ?? ""),
                   unitRange, fixIts: IRDiagnostics.suggest(best, at: unitRange))
            return nil
        }
        guard frames <= Double(Self.longestLengthFrames) else {
            report(IRDiagnostics.badValue, "\(what) '\(t.text)' is longer than an hour", t.range)
            return nil
        }
        return Int(frames.rounded())
    }

    /// The longest length a directive may give (a pause, a shot, the maximum cut): one hour.
    static let longestLengthFrames = 3600 * Timebase.framesPerSecond

    /// A gain: `-6dB`, `+3dB`, `0dB`.
    mutating func gain(_ t: DirectiveToken) -> Double? {
        let (number, unit) = splitNumber(t.text)
        guard let number else {
            report(IRDiagnostics.badValue, "gain must look like '-6dB', not '\(t.text)'", t.range)
            return nil
        }
        if unit.lowercased() == "db" {
            guard (-60...24).contains(number) else {
                report(IRDiagnostics.badValue, "gain \(t.text) is out of range -60dB…+24dB", t.range)
                return nil
            }
            return number
        }
        let unitRange = SourceRange(start: t.range.end - unit.utf8.count, end: t.range.end)
        if unit.isEmpty {
            report(IRDiagnostics.badUnit, "gain '\(t.text)' needs the unit 'dB'", t.range,
                   fixIts: [FixIt(message: "insert 'dB'", range: SourceRange(start: t.range.end, end: t.range.end), replacement: "dB")])
        } else {
            report(IRDiagnostics.badUnit, "bad unit '\(unit)' in gain; did you mean 'dB'?", unitRange,
                   fixIts: [FixIt(message: "replace with 'dB'", range: unitRange, replacement: "dB")])
        }
        return nil
    }

    // MARK: Directives

    private mutating func readCast(_ d: RawDirective) -> DirectiveAction? {
        let (values, positional) = keyed(d, .cast)
        guard let first = positional.first, let last = positional.last else {
            report(IRDiagnostics.missingArgument, "'@cast' needs a character name, e.g. '@cast MARGO voice=en-us+f3'", d.name.range)
            return nil
        }
        let nameRange = SourceRange(start: first.range.start, end: last.range.end)
        guard positional.contains(where: { $0.text.contains { $0 != " " && $0 != "\t" } }) else {
            report(IRDiagnostics.missingArgument, "'@cast' needs a character name, not a blank one", nameRange)
            return nil
        }
        var spec = CastSpec(
            name: positional.map(\.text).joined(separator: " "), nameRange: nameRange, aliases: [], range: d.noteRange)
        if let v = values["voice"] { spec.voiceName = checkVoice(v) }
        if let v = values["rate"] { spec.rateWPM = integer(v, "rate (words per minute)", 80...450, unit: "wpm") }
        if let v = values["pitch"] { spec.pitch = integer(v, "pitch", 0...99) }
        if let v = values["look"] { spec.look = v.text }
        if let v = values["aliases"] {
            var offset = v.range.start
            for part in v.text.split(separator: ",", omittingEmptySubsequences: false) {
                let len = part.utf8.count
                let trimmed = part.trimmingCharacters(in: " ")
                if !trimmed.isEmpty {
                    let lead = part.utf8.count - part.drop(while: { $0 == " " }).utf8.count
                    spec.aliases.append((trimmed, SourceRange(start: offset + lead, end: offset + lead + trimmed.utf8.count)))
                }
                offset += len + 1
            }
        }
        return .cast(spec)
    }

    /// Checks `lang` / `lang+variant` against espeak-ng's names (a warning: installs differ).
    private mutating func checkVoice(_ t: DirectiveToken) -> String? {
        let parts = t.text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let lang = parts[0].lowercased()
        if !Vocabulary.voiceLanguages.contains(lang) {
            let r = SourceRange(start: t.range.start, end: t.range.start + parts[0].utf8.count)
            appendUnknown(IRDiagnostics.unknownVoice, what: "espeak-ng language", parts[0], at: r,
                                                     candidates: Vocabulary.voiceLanguages, severity: .warning)
        }
        if parts.count == 2, !Vocabulary.voiceVariants.contains(parts[1].lowercased()) {
            let r = SourceRange(start: t.range.end - parts[1].utf8.count, end: t.range.end)
            appendUnknown(IRDiagnostics.unknownVoice, what: "espeak-ng voice variant", parts[1], at: r,
                                                     candidates: Vocabulary.voiceVariants, severity: .warning)
        }
        return t.text
    }

    private mutating func readStyle(_ d: RawDirective, scope: DirectiveScope) -> DirectiveAction? {
        let (values, positional) = keyed(d, .style)
        rejectPositional(positional, .style)
        let styleScope: StyleScope = switch scope {
        case .episode: .episode
        case .scene: .scene
        case .cut: .cut
        case .line: .line
        }
        var tags: [StyleTag] = []
        for a in d.arguments {
            guard let key = a.key, let k = StyleKey(rawValue: key.text.lowercased()), let t = a.value, values[k.rawValue]?.range == t.range else { continue }
            if let v = styleValue(k, t) { tags.append(StyleTag(v, scope: styleScope, range: a.range)) }
        }
        if tags.isEmpty && values.isEmpty && positional.isEmpty {
            report(IRDiagnostics.missingArgument, "'@style' needs at least one key, e.g. '@style palette=noir'", d.name.range)
        }
        return tags.isEmpty ? nil : .style(tags)
    }

    mutating func styleValue(_ k: StyleKey, _ t: DirectiveToken) -> StyleValue? {
        switch k {
        case .palette: return enumValue(t, "palette", Palette.allCases.map(\.rawValue)).flatMap(Palette.init).map(StyleValue.palette)
        case .grain: return enumValue(t, "grain", Grain.allCases.map(\.rawValue)).flatMap(Grain.init).map(StyleValue.grain)
        case .lighting: return enumValue(t, "lighting", Lighting.allCases.map(\.rawValue)).flatMap(Lighting.init).map(StyleValue.lighting)
        case .card: return enumValue(t, "card look", CardLook.allCases.map(\.rawValue)).flatMap(CardLook.init).map(StyleValue.card)
        case .aspect:
            let aliases = ["1.33": "4:3", "1.33:1": "4:3", "1.78": "16:9", "1.78:1": "16:9", "1.85": "1.85:1", "2.39": "2.39:1", "2.35": "2.39:1", "2.35:1": "2.39:1", "1": "1:1"]
            let v = aliases[t.text] ?? t.text
            if let a = AspectRatio(rawValue: v) { return .aspect(a) }
            _ = enumValue(t, "aspect ratio", AspectRatio.allCases.map(\.rawValue))
            return nil
        case .lens: return integer(t, "lens (mm)", 8...600, unit: "mm").map(StyleValue.lens)
        }
    }

    private mutating func readMusic(_ d: RawDirective) -> DirectiveAction? {
        let (values, positional) = keyed(d, .music)
        if positional.count == 1, positional[0].text.lowercased() == "stop", values.isEmpty { return .music(.stop) }
        var spec = MusicSpec(mood: "neutral")
        var ok = true
        for p in positional {
            if p.text.lowercased() == "stop" {
                report(IRDiagnostics.badValue, "'@music stop' takes no other arguments", p.range)
                ok = false
            } else if Vocabulary.moods.contains(p.text.lowercased()) && values["mood"] == nil {
                spec.mood = p.text.lowercased()
            } else {
                appendUnknown(IRDiagnostics.unknownKey, what: "argument for '@music':", p.text, at: p.range,
                                                         candidates: ["stop"] + DirectiveName.music.keys + Vocabulary.moods)
                ok = false
            }
        }
        if let v = values["mood"] { if let m = enumValue(v, "mood", Vocabulary.moods) { spec.mood = m } else { ok = false } }
        if let v = values["tempo"] { if let n = integer(v, "tempo (bpm)", 30...240, unit: "bpm") { spec.tempoBPM = n } else { ok = false } }
        if let v = values["key"] {
            if let k = musicKey(v.text) { spec.key = k } else {
                report(IRDiagnostics.badValue, "bad musical key '\(v.text)'; write a note A–G, then '#' or 'b', then 'm' for minor (e.g. 'Dm', 'F#', 'Bb')", v.range)
                ok = false
            }
        }
        if let v = values["instrument"] { if let i = enumValue(v, "instrument", Vocabulary.instruments) { spec.instrument = i } else { ok = false } }
        if let v = values["gain"] { if let g = gain(v) { spec.gainDB = g } else { ok = false } }
        if positional.isEmpty && values.isEmpty {
            report(IRDiagnostics.missingArgument, "'@music' needs 'stop' or keys, e.g. '@music mood=tense tempo=84'", d.name.range)
            return nil
        }
        return ok ? .music(.start(spec)) : nil
    }

    /// `Dm`, `F#`, `Bb`, `C#m`, also `D minor` spelled `Dmin` / `Dmaj`.
    func musicKey(_ s: String) -> String? {
        var chars = Array(s)
        guard let first = chars.first, "ABCDEFG".contains(first.uppercased()) else { return nil }
        var out = String(first).uppercased()
        chars.removeFirst()
        if let c = chars.first, c == "#" || c == "b" { out.append(c); chars.removeFirst() }
        let rest = String(chars).lowercased()
        switch rest {
        case "": return out
        case "m", "min", "minor": return out + "m"
        case "maj", "major": return out
        default: return nil
        }
    }

    private mutating func readSound(_ d: RawDirective) -> DirectiveAction? {
        let (values, positional) = keyed(d, .sfx)
        guard let effect = positional.first else {
            report(IRDiagnostics.missingArgument, "'@sfx' needs an effect name, e.g. '@sfx door-slam'", d.name.range)
            return nil
        }
        rejectPositional(Array(positional.dropFirst()), .sfx)
        var name = effect.text.lowercased()
        let known = SoundLexicon.effects
        // A sound word names its effect: `knock` is `door-knock`, `glass-shatter` is `glass-break`.
        if SoundLexicon.defaultLength[name] == nil, let resolved = SoundLexicon.effect(forName: name) { name = resolved }
        if SoundLexicon.defaultLength[name] == nil {
            appendUnknown(IRDiagnostics.badValue, what: "sound effect", effect.text, at: effect.range,
                                                     candidates: known, severity: .warning)
        }
        var cue = SoundCue(effect: name, lengthFrames: SoundLexicon.defaultLength[name] ?? 24, origin: .explicit)
        if let v = values["gain"] { guard let g = gain(v) else { return nil }; cue.gainDB = g }
        if let v = values["length"] { guard let f = duration(v, "length") else { return nil }; cue.lengthFrames = f }
        return .sound(cue)
    }

    private mutating func readPause(_ d: RawDirective) -> DirectiveAction? {
        let (_, positional) = keyed(d, .pause)
        guard let first = positional.first else {
            report(IRDiagnostics.missingArgument, "'@pause' needs a length, e.g. '@pause 1.5s'", d.name.range)
            return nil
        }
        rejectPositional(Array(positional.dropFirst()), .pause)
        return duration(first, "pause").map(DirectiveAction.pause)
    }

    private mutating func readAmbience(_ d: RawDirective) -> DirectiveAction? {
        let (values, positional) = keyed(d, .ambience)
        guard let bed = positional.first else {
            report(IRDiagnostics.missingArgument, "'@ambience' needs a bed name or 'none', e.g. '@ambience rain'", d.name.range)
            return nil
        }
        rejectPositional(Array(positional.dropFirst()), .ambience)
        let name = enumValue(bed, "ambience bed", Vocabulary.ambienceBeds, severity: .warning) ?? bed.text.lowercased()
        var a = Ambience(bed: name, origin: .explicit, range: d.noteRange)
        if let v = values["gain"] { guard let g = gain(v) else { return nil }; a.gainDB = g }
        return .ambience(a)
    }

    private mutating func readProsody(_ d: RawDirective) -> DirectiveAction? {
        let (values, positional) = keyed(d, .prosody)
        rejectPositional(positional, .prosody)
        var patch = ProsodyPatch()
        if let v = values["rate"] { patch.ratePercent = integer(v, "rate (percent)", 25...400, unit: "%") }
        if let v = values["pitch"] { patch.pitchOffset = integer(v, "pitch offset", -50...50, signed: true) }
        if let v = values["volume"] {
            if let g = gain(v) { patch.volumeDB = Int(g.rounded()) }
        }
        if let v = values["quality"] { patch.quality = enumValue(v, "voice quality", VoiceQuality.allCases.map(\.rawValue)).flatMap(VoiceQuality.init) }
        if let v = values["emotion"] { patch.emotion = v.text.lowercased() }
        return .prosody(patch)
    }

    // MARK: @shot

    /// `@shot` takes comma-separated phrases: framing / angle / movement terms, a subject after
    /// `on` (or after a framing), a length (`4s`), and free description.
    private mutating func readShot(_ d: RawDirective) -> DirectiveAction? {
        var shot = Shot(range: d.noteRange)
        var description: [String] = []
        if d.body.isEmpty {
            report(IRDiagnostics.missingArgument, "'@shot' needs a description, e.g. '@shot close on MARGO, push-in, 4s'", d.name.range)
            return nil
        }
        var ok = true
        // Split the body into phrases at commas outside quotes.
        var phrases: [SourceRange] = []
        var s = d.body.start
        var inQuote = false
        for i in d.body.start..<d.body.end {
            if bytes[i] == 0x22 { inQuote.toggle() }
            if bytes[i] == 0x2C && !inQuote {
                phrases.append(SourceRange(start: s, end: i))
                s = i + 1
            }
        }
        phrases.append(SourceRange(start: s, end: d.body.end))
        for phrase in phrases {
            // Words with ranges.
            var words: [DirectiveToken] = []
            var i = phrase.start
            while i < phrase.end {
                while i < phrase.end && isSpace(bytes[i]) { i += 1 }
                if i >= phrase.end { break }
                if bytes[i] == 0x22 {
                    let (tok, next) = quoted(from: i, end: phrase.end)
                    words.append(tok)
                    i = next
                    continue
                }
                var j = i
                while j < phrase.end && !isSpace(bytes[j]) { j += 1 }
                words.append(DirectiveToken(text: text(i, j), range: SourceRange(start: i, end: j), quoted: false))
                i = j
            }
            if words.isEmpty { continue }
            var k = 0
            var matchedTerm = false
            var free: [String] = []
            while k < words.count {
                let w = words[k]
                if w.quoted {
                    free.append(w.text)
                    k += 1
                    continue
                }
                if let c = w.text.first, c.isNumber {
                    if let f = duration(w, "shot length") {
                        shot.durationFrames = f
                    } else {
                        ok = false
                    }
                    k += 1
                    continue
                }
                // Longest vocabulary match of up to four words.
                var matched = false
                for n in stride(from: min(4, words.count - k), through: 1, by: -1) {
                    let key = words[k..<(k + n)].map { $0.text.lowercased() }.joined(separator: "-")
                    if let term = Vocabulary.shotTerms[key] {
                        switch term {
                        case .framing(let f): shot.framing = f
                        case .angle(let a): shot.angle = a
                        case .movement(let m): shot.movement = m
                        case .speed(let s): shot.speed = s
                        }
                        matched = true
                        matchedTerm = true
                        k += n
                        break
                    }
                }
                if matched { continue }
                let lower = w.text.lowercased()
                if matchedTerm && Vocabulary.subjectWords.contains(lower) && k + 1 < words.count {
                    shot.subject = words[(k + 1)...].map(\.text).joined(separator: " ")
                    k = words.count
                    break
                }
                if matchedTerm, free.isEmpty, lower != "the", lower != "a", w.text.first?.isUppercase == true {
                    // `over-the-shoulder HATTIE`, `follow SUNNY`: a subject right after a term.
                    shot.subject = words[k...].map(\.text).joined(separator: " ")
                    k = words.count
                    break
                }
                if !matchedTerm && free.isEmpty && words.count <= 2 && w.text.allSatisfy({ $0.isLowercase || $0 == "-" }),
                   let best = suggestion(for: lower, in: Self.sortedShotTerms), best != lower {
                    diagnostics.append(Diagnostic(
                        id: IRDiagnostics.unknownShotTerm, severity: .warning,
                        message: "unknown shot term '\(w.text)'; did you mean '\(best)'? (kept as description)",
                        range: w.range, fixIts: IRDiagnostics.suggest(best, at: w.range)))
                }
                free.append(w.text)
                k += 1
            }
            if !free.isEmpty { description.append(free.joined(separator: " ")) }
        }
        shot.description = description.joined(separator: ", ")
        return ok ? .shot(shot) : nil
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
