import Parser

/// Lowers a syntax tree to the IR: title page → episode metadata and defaults, scene headings →
/// scenes, action / dialogue / lyrics → events in cuts, transitions → the next cut's transition,
/// notes starting with '@' → directives in the scope their position gives them. Never stops at
/// the first problem: every problem becomes a diagnostic and lowering goes on.
///
/// Lowering makes one cut per scene, plus one per explicit `@shot`; `plan-cuts` does the rest.
public struct Lowering {
    public static func lower(_ tree: Screenplay) -> (episode: Episode, diagnostics: [Diagnostic]) {
        var l = Lowering(tree)
        l.run()
        return (l.episode, l.reader.diagnostics)
    }

    let tree: Screenplay
    var episode: Episode
    var reader: DirectiveReader

    // Position state.
    var sceneStarted = false
    var beatInScene = false
    var sceneIDCounts: [String: Int] = [:]

    // What waits for the next beat (action or dialogue line).
    var pendingShot: Shot?
    var pendingCutStyle: [StyleTag] = []
    var pendingLineStyle: [StyleTag] = []
    var pendingProsody: ProsodyPatch?
    var pendingEvents: [Event] = []
    var pendingTransition: Transition?

    // The dialogue block being read.
    var speaker: (name: String, extensions: [String], dual: DualPosition?)?
    var parenthetical: String?
    var lastSpeaker: String?

    init(_ tree: Screenplay) {
        self.tree = tree
        self.episode = Episode(sourcePath: tree.source.path)
        self.reader = DirectiveReader(bytes: tree.source.bytes)
    }

    // MARK: Text

    /// The inline content of an element (the parser decodes plain elements straight from the
    /// source bytes).
    func content(_ e: Element) -> InlineContent { tree.inline(of: e) }

    // MARK: Driver

    mutating func run() {
        if let tp = tree.titlePage { lowerTitlePage(tp) }
        let elements = tree.elements
        for index in elements.indices {
            let e = elements[index]
            switch e.kind {
            case .sceneHeading(let h):
                finishScene()
                let content = content(e)
                startScene(e, heading: h, text: content.text)
                directives(in: content.notes, at: index, scope: .scene)
                speaker = nil
            case .note:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeForStandaloneNote(after: index))
            case .action:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.cut))
                lowerAction(e, text: content.text)
                speaker = nil
                lastSpeaker = nil
            case .centered:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.cut))
                lowerAction(e, text: content.text)
                speaker = nil
            case .character(let cue):
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.line))
                speaker = (canonicalName(tree.characterName(cue)), tree.characterExtensions(cue), cue.dual)
                parenthetical = nil
            case .parenthetical:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.line))
                var t = Substring(content.text.trimmingSpacesAndNewlines())
                if t.hasPrefix("(") { t = t.dropFirst() }
                if t.hasSuffix(")") { t = t.dropLast() }
                parenthetical = String(t)
            case .dialogue:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.line))
                lowerDialogue(e, text: content.text)
            case .lyrics:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.line))
                var line = LyricsLine(characterID: lastSpeaker, text: content.text)
                line.text = content.text
                emitBeat(Event(.lyrics(line), range: e.range), isLine: true)
            case .transition:
                let content = content(e)
                directives(in: content.notes, at: index, scope: scopeInScene(.cut))
                lowerTransition(content.text, range: e.range)
                speaker = nil
            case .section, .synopsis, .pageBreak, .boneyard:
                // Structure and comments: nothing to produce. Notes inside them still count.
                if e.type == .section || e.type == .synopsis {
                    let content = content(e)
                    directives(in: content.notes, at: index, scope: scopeForStandaloneNote(after: index))
                }
            }
        }
        finishScene()
        if let t = pendingTransition {
            episode.endTransition = t
            pendingTransition = nil
        }
    }

    // MARK: Scope

    /// The scope of a note on its own: before the first scene, episode; right after a heading,
    /// scene; otherwise the beat that follows (a line when dialogue follows, else a cut).
    func scopeForStandaloneNote(after index: Int) -> DirectiveScope {
        if !sceneStarted { return .episode }
        if !beatInScene { return .scene }
        return nextBeatScope(after: index)
    }

    func nextBeatScope(after index: Int) -> DirectiveScope {
        var k = index + 1
        let elements = tree.elements
        while k < elements.count {
            switch elements[k].type {
            case .note, .section, .synopsis, .boneyard, .pageBreak: k += 1
            case .character, .parenthetical, .dialogue, .lyrics: return .line
            default: return .cut
            }
        }
        return .cut
    }

    /// Notes inside an element: the element's own scope, or episode / scene by position.
    func scopeInScene(_ own: DirectiveScope) -> DirectiveScope {
        if !sceneStarted { return .episode }
        return own
    }

    // MARK: Title page

    mutating func lowerTitlePage(_ tp: TitlePage) {
        for f in tp.fields {
            let key = tree.source(f.key)
            let value = tree.inline(lines: f.lines).text
            episode.metadata.append(MetadataField(key: key, value: value, range: f.range))
            let lowered = key.lowercased()
            if lowered == "title", episode.title == nil {
                episode.title = value.split(separator: "\n").first.map { String($0).trimmingSpacesAndNewlines() }
            }
            // Production keys: episode defaults.
            guard let first = f.lines.first else { continue }
            let valueRange = tree.lines[first].text
            let token = DirectiveToken(text: value.trimmingSpacesAndNewlines(), range: valueRange, quoted: false)
            if let styleKey = StyleKey(rawValue: lowered) {
                if let v = reader.styleValue(styleKey, token) {
                    episode.style.append(StyleTag(v, scope: .episode, range: f.range))
                }
            } else if lowered == "max cut" || lowered == "max cut length" {
                if let frames = reader.duration(token, "max cut length") { episode.settings.maxCutFrames = max(1, frames) }
            } else if lowered == "establishing" || lowered == "establishing shot" {
                if let frames = reader.duration(token, "establishing shot length") { episode.settings.establishingFrames = frames }
            } else if lowered == "voice language" {
                episode.settings.voiceLanguage = token.text.lowercased()
            }
        }
    }

    // MARK: Scenes

    mutating func startScene(_ e: Element, heading h: SceneHeading, text: String) {
        sceneStarted = true
        beatInScene = false
        var headingText = text.trimmingSpacesAndNewlines()
        if h.forced, headingText.hasPrefix(".") { headingText.removeFirst() }
        var scene = Scene(id: "", heading: headingText, range: e.range)
        if let n = h.sceneNumber { scene.sceneNumber = tree.source(n) }
        SceneHeadingParser.parse(headingText, into: &scene)
        var base = scene.sceneNumber.map { "s" + slug($0) } ?? slug(headingText)
        if base.isEmpty { base = "scene" }
        let count = sceneIDCounts[base, default: 0] + 1
        sceneIDCounts[base] = count
        scene.id = count == 1 ? base : "\(base)-\(count)"
        episode.scenes.append(scene)
    }

    /// Ensures there is a scene for a beat before the first heading (an opening scene).
    mutating func ensureScene(_ range: SourceRange) {
        guard episode.scenes.isEmpty || !sceneStarted else { return }
        if episode.scenes.isEmpty {
            var s = Scene(id: "opening", heading: "", range: range)
            s.location = ""
            episode.scenes.append(s)
        }
    }

    mutating func finishScene() {
        guard !episode.scenes.isEmpty else { return }
        if !pendingEvents.isEmpty {
            ensureCut(range: pendingEvents[0].range)
            let s = episode.scenes.count - 1
            episode.scenes[s].cuts[episode.scenes[s].cuts.count - 1].events.append(contentsOf: pendingEvents)
            pendingEvents = []
        }
        if let shot = pendingShot, let r = shot.range {
            reader.diagnostics.append(Diagnostic(
                id: IRDiagnostics.unusedDirective, severity: .warning,
                message: "'@shot' is not followed by any action or dialogue in its scene", range: r))
        }
        pendingShot = nil
        for tag in pendingCutStyle + pendingLineStyle {
            if let r = tag.range {
                reader.diagnostics.append(Diagnostic(
                    id: IRDiagnostics.unusedDirective, severity: .warning,
                    message: "'@style' is not followed by any action or dialogue in its scene", range: r))
            }
        }
        pendingCutStyle = []
        pendingLineStyle = []
        pendingProsody = nil
    }

    // MARK: Beats

    mutating func ensureCut(range: SourceRange?) {
        let s = episode.scenes.count - 1
        if episode.scenes[s].cuts.isEmpty {
            let t = pendingTransition ?? .cut
            pendingTransition = nil
            episode.scenes[s].cuts.append(Cut(origin: .lowered, transitionIn: t, range: range))
        }
    }

    /// Appends a beat event (action, dialogue line, lyrics) to the scene, opening a new cut when
    /// an explicit shot or a transition asks for one, and flushing the cues that wait for it.
    mutating func emitBeat(_ event: Event, isLine: Bool) {
        if episode.scenes.isEmpty { ensureScene(event.range ?? SourceRange(start: 0, end: 0)) }
        let s = episode.scenes.count - 1
        let needsNewCut = episode.scenes[s].cuts.isEmpty || pendingShot != nil || pendingTransition != nil
            || episode.scenes[s].cuts.last?.origin == .explicit
        if needsNewCut {
            let t = pendingTransition ?? .cut
            pendingTransition = nil
            var cut = Cut(origin: pendingShot == nil ? .lowered : .explicit, shot: pendingShot ?? Shot(), transitionIn: t, range: event.range)
            cut.style = pendingCutStyle
            pendingCutStyle = []
            pendingShot = nil
            episode.scenes[s].cuts.append(cut)
        } else if !pendingCutStyle.isEmpty {
            // A cut-scope style before a beat inside a lowered cut: plan-cuts gives that beat its own cut.
            var cut = Cut(origin: .lowered, transitionIn: .cut, range: event.range)
            cut.style = pendingCutStyle
            pendingCutStyle = []
            episode.scenes[s].cuts.append(cut)
        }
        let c = episode.scenes[s].cuts.count - 1
        episode.scenes[s].cuts[c].events.append(contentsOf: pendingEvents)
        pendingEvents = []
        // A dialogue line got the line-scope style and prosody in `lowerDialogue`.
        if isLine {
            pendingLineStyle = []
            pendingProsody = nil
        }
        episode.scenes[s].cuts[c].events.append(event)
        beatInScene = true
    }

    mutating func lowerAction(_ e: Element, text: String) {
        // Transitions written as action are short and in capitals; skip the check otherwise.
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return }
        if text.utf8.count <= 40, (first >= 0x41 && first <= 0x5A) || first == 0x3E, lowerActionTransition(e, text: text) { return }
        emitBeat(Event(.action(ActionBeat(text: text)), range: e.range), isLine: false)
    }

    /// `FADE IN:` and friends written as action; true when it was one.
    mutating func lowerActionTransition(_ e: Element, text: String) -> Bool {
        let trimmed = text.trimmingSpacesAndNewlines()
        if trimmed.isEmpty { return true }
        let key = TransitionTable.key(trimmed)
        // `FADE IN:`, `FADE OUT.`, `CUT TO BLACK.` are often written as action; in capitals and
        // in the transition table, they are transitions.
        if let t = TransitionTable.transition(forKey: key), trimmed == trimmed.uppercased(), !trimmed.contains("\n") {
            pendingTransition = t
            pendingTransition?.text = trimmed
            pendingTransition?.range = e.range
            return true
        }
        return false
    }

    mutating func lowerDialogue(_ e: Element, text: String) {
        guard let sp = speaker else {
            // The parser only makes dialogue after a cue; keep the text as action if it ever is not.
            emitBeat(Event(.action(ActionBeat(text: text)), range: e.range), isLine: false)
            return
        }
        var line = DialogueLine(characterID: sp.name, cueName: sp.name, extensions: sp.extensions, text: text)
        line.parenthetical = parenthetical
        line.dual = sp.dual
        line.style = pendingLineStyle
        if let p = pendingProsody { p.apply(to: &line.prosody) }
        parenthetical = nil
        lastSpeaker = sp.name
        emitBeat(Event(.dialogue(line), range: e.range), isLine: true)
    }

    mutating func lowerTransition(_ text: String, range: SourceRange) {
        let written = text.trimmingSpacesAndNewlines()
        if var t = TransitionTable.transition(for: written) {
            t.text = written
            t.range = range
            pendingTransition = t
        } else {
            reader.diagnostics.append(Diagnostic(
                id: IRDiagnostics.unknownTransition, severity: .remark,
                message: "transition '\(written)' is not in the transition table; using a hard cut", range: range))
            pendingTransition = Transition(kind: .cut, text: written, range: range)
        }
    }

    // MARK: Directives

    mutating func directives(in notes: [InlineNote], at index: Int, scope: DirectiveScope) {
        for note in notes {
            guard let raw = reader.lex(note: note.range) else { continue }
            var effective = scope
            // A directive that only makes sense for the beat after it (e.g. @prosody) may sit
            // right after a heading; it then belongs to that beat.
            if effective == .scene, let name = DirectiveName(rawValue: raw.name.text), !name.scopes.contains(.scene) {
                let next = tree.elements[index].type == .note || tree.elements[index].type == .sceneHeading
                    ? nextBeatScope(after: index) : DirectiveScope.cut
                if name.scopes.contains(next) { effective = next }
            }
            guard let action = reader.read(raw, scope: effective) else { continue }
            apply(action, scope: effective, range: note.range)
        }
    }

    mutating func apply(_ action: DirectiveAction, scope: DirectiveScope, range: SourceRange) {
        switch action {
        case .cast(let spec):
            let id = canonicalName(spec.name)
            if episode.cast.contains(where: { $0.id == id }) {
                reader.diagnostics.append(Diagnostic(
                    id: IRDiagnostics.duplicateCast, severity: .warning,
                    message: "'\(spec.name)' is cast twice; the later '@cast' wins", range: spec.nameRange))
                episode.cast.removeAll { $0.id == id }
            }
            var c = CastMember(id: id, name: spec.name, range: spec.range)
            c.look = spec.look
            c.aliases = spec.aliases.map { canonicalName($0.0) }
            if spec.voiceName != nil || spec.rateWPM != nil || spec.pitch != nil {
                c.requestedVoice = VoiceRequest(name: spec.voiceName, rateWPM: spec.rateWPM, pitch: spec.pitch)
            }
            episode.cast.append(c)
        case .style(let tags):
            switch scope {
            case .episode: episode.style.append(contentsOf: tags)
            case .scene: episode.scenes[episode.scenes.count - 1].style.append(contentsOf: tags)
            case .cut: pendingCutStyle.append(contentsOf: tags)
            case .line: pendingLineStyle.append(contentsOf: tags)
            }
        case .shot(let shot):
            if let previous = pendingShot?.range {
                reader.diagnostics.append(Diagnostic(
                    id: IRDiagnostics.unusedDirective, severity: .warning,
                    message: "this '@shot' is replaced by the next one before any action or dialogue", range: previous))
            }
            pendingShot = shot
        case .music(let cue):
            pendingEvents.append(Event(.music(cue), range: range))
        case .sound(let cue):
            pendingEvents.append(Event(.sound(cue), range: range))
        case .pause(let frames):
            var e = Event(.pause(Pause(lengthFrames: frames, origin: .explicit)), range: range)
            e.durationFrames = frames
            pendingEvents.append(e)
        case .ambience(let a):
            if scope == .episode {
                episode.ambience = a
            } else {
                episode.scenes[episode.scenes.count - 1].ambience = a
            }
        case .prosody(let patch):
            pendingProsody = patch
        }
    }

    // MARK: Names

    func slug(_ s: String) -> String {
        if let ascii = Self.asciiSlug(s) { return ascii }
        var out = ""
        var dash = false
        for ch in s.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                out.unicodeScalars.append(ch)
                dash = false
            } else if ch.properties.isAlphabetic {
                out.unicodeScalars.append(ch)
                dash = false
            } else if !dash && !out.isEmpty {
                out.append("-")
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// `slug(_:)` over bytes for ASCII text (where only `a`–`z` and digits are kept); nil when
    /// the text has other characters.
    static func asciiSlug(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { u -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(u.count)
            var dash = false
            for b in u {
                if b >= 0x80 { return nil }
                let l = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                if (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) {
                    out.append(l)
                    dash = false
                } else if !dash && !out.isEmpty {
                    out.append(0x2D)
                    dash = true
                }
            }
            while out.last == 0x2D { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// The canonical id of a character name: upper case, single spaces.
public func canonicalName(_ name: String) -> String {
    if isCanonicalASCII(name) { return name }
    return name.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
}

/// True when `name` is printable ASCII without lower-case letters, single spaces between words
/// and none at either end: already its own canonical form (most cues).
private func isCanonicalASCII(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { u in
        guard let first = u.first, let last = u.last, first != 0x20, last != 0x20 else { return false }
        var previous: UInt8 = 0
        for b in u {
            guard b >= 0x20, b < 0x7F, !(b >= 0x61 && b <= 0x7A), !(b == 0x20 && previous == 0x20) else { return false }
            previous = b
        }
        return true
    }
}

/// Splits a scene heading into setting, location and time of day.
public enum SceneHeadingParser {
    static let prefixes: [(String, Setting)] = [
        ("INT./EXT.", .interiorExterior), ("EXT./INT.", .interiorExterior), ("INT/EXT", .interiorExterior),
        ("EXT/INT", .interiorExterior), ("I/E.", .interiorExterior), ("I/E", .interiorExterior),
        ("INT.", .interior), ("INT", .interior), ("EXT.", .exterior), ("EXT", .exterior),
        ("EST.", .exterior), ("EST", .exterior),
    ]

    static let times: [String: TimeOfDay] = [
        "DAY": .day, "NIGHT": .night, "MORNING": .morning, "AFTERNOON": .afternoon, "EVENING": .evening,
        "DAWN": .dawn, "DUSK": .dusk, "SUNRISE": .dawn, "SUNSET": .dusk, "CONTINUOUS": .continuous,
        "LATER": .later, "MOMENTS LATER": .momentsLater, "SAME": .same, "SAME TIME": .same, "NOON": .day,
        "MIDNIGHT": .night, "TWILIGHT": .dusk, "LATE NIGHT": .night, "EARLY MORNING": .morning,
    ]

    public static func parse(_ heading: String, into scene: inout Scene) {
        if parseASCII(heading, into: &scene) { return }
        var rest = Substring(heading)
        let upper = heading.uppercased()
        for (p, setting) in prefixes where upper.hasPrefix(p) {
            let after = upper.dropFirst(p.count)
            if after.isEmpty || after.first == " " || after.first == "\t" || p.hasSuffix(".") {
                scene.setting = setting
                rest = rest.dropFirst(p.count)
                break
            }
        }
        let trimmed = String(rest).trimmingSpacesAndNewlines()
        let parts = trimmed.components(separatedBy: " - ")
        if parts.count > 1, let last = parts.last {
            let t = last.trimmingSpacesAndNewlines()
            scene.timeOfDayText = t
            scene.timeOfDay = times[t.uppercased()] ?? .unspecified
            scene.location = parts.dropLast().joined(separator: " - ").trimmingSpacesAndNewlines()
        } else {
            scene.location = trimmed
        }
    }
}

extension SceneHeadingParser {
    static let prefixBytes: [([UInt8], Setting)] = prefixes.map { (Array($0.0.utf8), $0.1) }

    /// `parse` over bytes for ASCII headings without carriage returns (where every byte is a
    /// character); false, with `scene` untouched, for anything else.
    static func parseASCII(_ heading: String, into scene: inout Scene) -> Bool {
        var heading = heading
        return heading.withUTF8 { u -> Bool in
            for b in u where b >= 0x80 || b == 0x0D { return false }
            @inline(__always) func upper(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }
            @inline(__always) func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A }
            var start = 0
            for (p, setting) in prefixBytes where p.count <= u.count {
                var matches = true
                for k in p.indices where upper(u[k]) != p[k] {
                    matches = false
                    break
                }
                guard matches else { continue }
                if p.count == u.count || u[p.count] == 0x20 || u[p.count] == 0x09 || p.last == 0x2E {
                    scene.setting = setting
                    start = p.count
                    break
                }
            }
            var end = u.count
            while start < end, blank(u[start]) { start += 1 }
            while end > start, blank(u[end - 1]) { end -= 1 }
            // The last " - " (found left to right, as `components(separatedBy:)` splits) splits
            // off the time of day.
            var dash = -1
            var k = start
            while k + 3 <= end {
                if u[k] == 0x20, u[k + 1] == 0x2D, u[k + 2] == 0x20 {
                    dash = k
                    k += 3
                } else {
                    k += 1
                }
            }
            func text(_ a: Int, _ b: Int) -> String {
                var a = a, b = b
                while a < b, blank(u[a]) { a += 1 }
                while b > a, blank(u[b - 1]) { b -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: u[a..<b]), as: UTF8.self)
            }
            if dash >= 0 {
                let t = text(dash + 3, end)
                scene.timeOfDayText = t
                var key = t
                key.makeASCIIUppercase()
                scene.timeOfDay = times[key] ?? .unspecified
                scene.location = text(start, dash)
            } else {
                scene.location = text(start, end)
            }
            return true
        }
    }
}

extension String {
    /// Upper-cases `a`–`z` in place (ASCII text only).
    mutating func makeASCIIUppercase() {
        if !utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return }
        self = String(decoding: utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    func trimmingSpacesAndNewlines() -> String {
        // Fast path over bytes: spaces, tabs and newlines next to ASCII (where every byte is its
        // own character); anything else (CR LF, combining marks) goes the character way.
        var text = self
        let bounds: (Int, Int)? = text.withUTF8 { u in
            @inline(__always) func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            var i = 0, j = u.count
            while i < j, blank(u[i]) {
                if u[i] == 0x0D { return nil }
                i += 1
            }
            if i > 0, i < u.count, u[i] >= 0x80 { return nil }
            while j > i, blank(u[j - 1]) {
                if u[j - 1] == 0x0D { return nil }
                j -= 1
            }
            if j < u.count, j > 0, u[j - 1] >= 0x80 { return nil }
            return (i, j)
        }
        if let (i, j) = bounds {
            if i == 0 && j == utf8.count { return self }
            return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[i..<j]), as: UTF8.self) }
        }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }

    /// Splits at every occurrence of `separator` (no Foundation).
    func components(separatedBy separator: String) -> [String] {
        let sep = Array(separator.utf8)
        let bytes = Array(self.utf8)
        var out: [String] = []
        var start = 0
        var i = 0
        while i + sep.count <= bytes.count {
            if bytes[i..<(i + sep.count)].elementsEqual(sep) {
                out.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        out.append(String(decoding: bytes[start...], as: UTF8.self))
        return out
    }
}
