/// Generates large, realistic Fountain screenplays for benchmarks and tests.
///
/// Every element of Fountain appears at the rates in `Targets`; the words are invented (see
/// `Lexicon`), and production directives (`[[@cast …]]`, `[[@music …]]` …) appear at a low rate.
/// The output depends only on the seed and the arguments: the same seed gives byte-identical text
/// on every machine.
///
///     let feature = ScriptGenerator(seed: 7).screenplay(pages: 120)
///     let season = ScriptGenerator(seed: 7).season(episodes: 10, bytes: 5_000_000)
public struct ScriptGenerator: Sendable {
    public let seed: UInt64

    public init(seed: UInt64 = 1) { self.seed = seed }

    /// One screenplay of about `pages` formatted pages (55 lines each), with a title page.
    public func screenplay(pages: Int) -> String {
        var w = EpisodeWriter(seed: seed, cast: Cast.make(seed: seed, episode: 0))
        w.titlePage(episode: nil)
        w.castDirectives()
        w.body(budget: .pages(max(1, pages)), expectedScenes: Double(max(1, pages)) * Targets.scenesPerPage)
        return w.out
    }

    /// One screenplay of about `bytes` UTF-8 bytes (it stops after the scene that reaches it).
    public func screenplay(bytes: Int) -> String {
        var w = EpisodeWriter(seed: seed, cast: Cast.make(seed: seed, episode: 0))
        w.titlePage(episode: nil)
        w.castDirectives()
        let pages = Double(max(1, bytes)) / Double(Targets.bytesPerPage)
        w.body(budget: .bytes(max(1, bytes)), expectedScenes: pages * Targets.scenesPerPage)
        return w.out
    }

    /// A season in one file: a title page, the main cast, then `episodes` episodes of about
    /// `bytes / episodes` bytes each, every one after the first opening with a page break and an
    /// `# EPISODE n` section. Each episode has guest characters and locations of its own.
    public func season(episodes: Int, bytes: Int) -> String {
        let count = max(1, episodes)
        let each = max(1, bytes / count)
        var text = ""
        text.reserveCapacity(bytes + bytes / 16)
        for k in 0..<count {
            text += episode(k, of: count, bytes: each)
        }
        return text
    }

    /// The episodes of `season(episodes:bytes:)` as separate scripts, each with its own title page.
    public func episodes(_ count: Int, bytesEach: Int) -> [String] {
        (0..<max(1, count)).map { k in
            var w = EpisodeWriter(seed: episodeSeed(k), cast: Cast.make(seed: seed, episode: k))
            w.titlePage(episode: k + 1)
            w.castDirectives()
            let pages = Double(max(1, bytesEach)) / Double(Targets.bytesPerPage)
            w.body(budget: .bytes(max(1, bytesEach)), expectedScenes: pages * Targets.scenesPerPage)
            return w.out
        }
    }

    func episodeSeed(_ k: Int) -> UInt64 {
        var mix = SplitMix64(seed: seed ^ (UInt64(k) &* 0xA076_1D64_78BD_642F))
        return mix.next()
    }

    func episode(_ k: Int, of count: Int, bytes: Int) -> String {
        var w = EpisodeWriter(seed: episodeSeed(k), cast: Cast.make(seed: seed, episode: k))
        if k == 0 {
            w.titlePage(episode: count > 1 ? 1 : nil)
            w.castDirectives()
        } else {
            w.out += "===\n\n"
        }
        if count > 1 { w.episodeHeader(k + 1) }
        let pages = Double(bytes) / Double(Targets.bytesPerPage)
        w.body(budget: .bytes(w.out.utf8.count + bytes), expectedScenes: pages * Targets.scenesPerPage)
        return w.out
    }
}

// MARK: - Characters

struct Person: Sendable {
    /// The name as the cue writes it.
    var cue: String
    /// The name as action writes it after the introduction.
    var display: String
    /// Needs `@` (the name has lower-case letters).
    var forced: Bool
    var pronoun: Int
    var age: Int
}

struct Cast: Sendable {
    var people: [Person]
    /// Speaking weights (a few leads do most of the talking).
    var weights: [Int]
    /// How many of `people` are the main cast, shared by every episode of a season.
    var mainCount: Int

    static func make(seed: UInt64, episode: Int) -> Cast {
        var main = Xoshiro256(seed: seed ^ 0x00C0_FFEE_CA57)
        var people: [Person] = []
        var used = Set<String>()
        let mainCount = main.int(in: 4...6)
        while people.count < mainCount {
            let p = person(&main, minor: false)
            if used.insert(p.cue).inserted { people.append(p) }
        }
        var guest = Xoshiro256(seed: seed ^ (0x6E57 &+ UInt64(episode) &* 0x9E37_79B9_7F4A_7C15))
        let guests = guest.int(in: 3...6)
        while people.count < mainCount + guests {
            let p = person(&guest, minor: people.count >= mainCount + 2)
            if used.insert(p.cue).inserted { people.append(p) }
        }
        let zipf = [40, 26, 17, 12, 8, 6, 5, 4, 3, 3, 2, 2]
        let weights = people.indices.map { $0 < zipf.count ? zipf[$0] : 1 }
        return Cast(people: people, weights: weights, mainCount: mainCount)
    }

    /// A name: mostly invented given names, sometimes with an accented capital, an apostrophe, a
    /// `Mc` prefix (a forced cue) or, for small parts, a role and a number.
    static func person(_ rng: inout Xoshiro256, minor: Bool) -> Person {
        let lex = Lexicon.shared
        let pronoun = rng.below(3)
        let age = 2 + rng.below(6)
        if minor && rng.chance(0.4) {
            let role = rng.pick(Lexicon.roleTitles)
            let n = 1 + rng.below(12)
            return Person(cue: "\(role) \(n)", display: "\(titleCase(role)) \(n)", forced: false, pronoun: pronoun, age: age)
        }
        var name = rng.pick(lex.givenNames)
        let style = rng.below(100)
        if style < 8 {
            name = rng.pick(Lexicon.accented) + String(name.dropFirst())
        } else if style < 14 {
            name = "O'" + name
        } else if style < 19 {
            return Person(cue: "Mc" + name, display: "Mc" + titleCase(name), forced: true, pronoun: pronoun, age: age)
        }
        return Person(cue: name, display: titleCase(name), forced: false, pronoun: pronoun, age: age)
    }
}

/// `O'BRANNIG` → `O'Brannig`, `ÉLORA` → `Élora`: capitals after a start, space or apostrophe.
func titleCase(_ s: String) -> String {
    var out = ""
    var upper = true
    for ch in s {
        out += upper ? String(ch) : ch.lowercased()
        upper = ch == " " || ch == "'" || ch == "-"
    }
    return out
}

// MARK: - Writing

enum Budget {
    case pages(Int)
    case bytes(Int)
}

struct EpisodeWriter {
    var rng: Xoshiro256
    let cast: Cast
    let lex = Lexicon.shared
    var out = ""
    /// Formatted lines so far (the page model of `Targets`).
    var formatted = 0
    var sceneCount = 0
    var introduced: [Bool]
    var locations: [String] = []

    // Scene state.
    var lastSpeaker = -1
    var actionSinceBlock = false

    init(seed: UInt64, cast: Cast) {
        rng = Xoshiro256(seed: seed)
        self.cast = cast
        introduced = Array(repeating: false, count: cast.people.count)
        let places = rng.int(in: 8...14)
        for _ in 0..<places { locations.append(makeLocation()) }
    }

    // MARK: Text helpers

    mutating func noun() -> String { rng.pick(lex.nouns) }
    mutating func adjective() -> String { rng.pick(lex.adjectives) }
    mutating func verb() -> String { rng.pick(lex.verbs) }

    func thirdPerson(_ v: String) -> String {
        if v.hasSuffix("s") || v.hasSuffix("sh") || v.hasSuffix("ch") || v.hasSuffix("x") || v.hasSuffix("z") {
            return v + "es"
        }
        if v.hasSuffix("y"), let before = v.dropLast().last, !"aeiou".contains(before) {
            return String(v.dropLast()) + "ies"
        }
        return v + "s"
    }

    func past(_ v: String) -> String {
        if v.hasSuffix("e") { return v + "d" }
        if v.hasSuffix("y"), let before = v.dropLast().last, !"aeiou".contains(before) {
            return String(v.dropLast()) + "ied"
        }
        return v + "ed"
    }

    /// `A word` or `An word`.
    func a(_ word: String) -> String {
        guard let first = word.first else { return "A" }
        return ("aeiou".contains(first) ? "An " : "A ") + word
    }

    func capitalized(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    func subject(_ p: Int) -> String { Lexicon.pronounsSubject[cast.people[p].pronoun] }
    func possessive(_ p: Int) -> String { Lexicon.possessive[cast.people[p].pronoun] }

    /// A character's name in action: capitals and a short description the first time.
    mutating func named(_ p: Int) -> String {
        let person = cast.people[p]
        if introduced[p] { return person.display }
        introduced[p] = true
        let look = "\(person.age)0s, \(rng.pick(Lexicon.lookWords)), \(rng.pick(Lexicon.clothes))"
        let caps = person.forced ? "Mc" + person.cue.dropFirst(2).uppercased() : person.cue
        return "\(caps) (\(look))"
    }

    mutating func someone() -> Int { rng.weighted(cast.people.indices.map { ($0, cast.weights[$0]) }) }

    // MARK: Sentences

    mutating func actionSentence(_ focus: Int) -> String {
        switch rng.below(11) {
        case 0: return "\(named(focus)) \(thirdPerson(verb())) the \(noun())."
        case 1: return "\(named(focus)) \(thirdPerson(verb())) \(rng.pick(Lexicon.prepositions)) the \(adjective()) \(noun())."
        case 2: return "The \(noun()) \(thirdPerson(verb())) \(rng.pick(Lexicon.prepositions)) \(possessive(focus)) \(noun())."
        case 3: return "\(capitalized(subject(focus))) \(cast.people[focus].pronoun == 2 ? verb() : thirdPerson(verb())) it \(rng.pick(Lexicon.adverbs))."
        case 4: return "\(a(adjective())) \(noun()) \(thirdPerson(verb())) in the \(noun())."
        case 5:
            var other = someone()
            if other == focus { other = (focus + 1) % cast.people.count }
            return "\(named(focus)) and \(named(other)) \(verb()) the \(noun())."
        case 6: return "Nobody \(thirdPerson(verb()))."
        case 7: return "\(named(focus)) \(thirdPerson(verb())), \(rng.pick(Lexicon.connectives)) \(thirdPerson(verb())) the \(noun())."
        case 8: return "On the \(noun()), \(a(noun()).lowercased()) \(thirdPerson(verb())) \(rng.pick(Lexicon.adverbs))."
        case 9: return "\(capitalized(possessive(focus))) \(noun()) is \(adjective()), \(adjective()) and \(adjective())."
        default: return "Silence. The \(adjective()) \(noun()) \(thirdPerson(verb()))."
        }
    }

    mutating func speechSentence(_ speaker: Int) -> String {
        var other = someone()
        if other == speaker { other = (speaker + 1) % cast.people.count }
        let name = cast.people[other].display
        switch rng.below(14) {
        case 0: return "I \(past(verb())) the \(noun())."
        case 1: return "You said the \(noun()) was \(adjective())."
        case 2: return "Where is the \(noun())?"
        case 3: return "Don't \(verb()) me, \(name)."
        case 4: return "We \(verb()) at \(1 + rng.below(12)), or we don't \(verb()) at all."
        case 5: return "It's not \(adjective()). It's \(adjective())."
        case 6: return "Have you ever \(past(verb())) \(a(noun()).lowercased())?"
        case 7: return "Give me the \(noun())."
        case 8: return rng.pick(Lexicon.shortLines)
        case 9: return "That \(noun()) \(thirdPerson(verb())) every \(noun()) in \(titleCase(rng.pick(lex.placeWords)))."
        case 10: return "If the \(noun()) \(thirdPerson(verb())), we \(verb())."
        case 11: return "I can't \(verb()) here, \(name)."
        case 12: return "\(name), the \(adjective()) \(noun()). Now."
        default: return "Nobody \(thirdPerson(verb())) \(a(noun()).lowercased()) like that."
        }
    }

    /// Sentences until about `words` words.
    mutating func sentences(_ words: Int, _ make: (inout EpisodeWriter) -> String) -> [String] {
        var out: [String] = []
        var count = 0
        // Stopping a little short of the target keeps the mean on target despite whole sentences.
        while out.isEmpty || count < words - 2 {
            let s = make(&self)
            count += s.utf8.reduce(1) { $0 + ($1 == 0x20 ? 1 : 0) }
            out.append(s)
        }
        return out
    }

    /// Wraps one word of `text` in an emphasis marker (never the first word of a forced line).
    mutating func emphasize(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else { return text }
        let k = 1 + rng.below(words.count - 1)
        var word = words[k]
        var tail = ""
        while let last = word.last, last == "." || last == "," || last == "?" || last == "!" {
            tail = String(last) + tail
            word.removeLast()
        }
        guard !word.isEmpty, !word.contains("*"), !word.contains("_"), !word.contains("["),
            !word.contains("("), !word.contains(")"), !word.contains("/")
        else { return text }
        let marker: (String, String)
        if rng.chance(Targets.emphasisNested) {
            marker = rng.chance(0.5) ? ("***", "***") : ("_**", "**_")
        } else {
            marker = rng.weighted([(("*", "*"), 5), (("**", "**"), 3), (("_", "_"), 2)])
        }
        words[k] = marker.0 + word + marker.1 + tail
        return words.joined(separator: " ")
    }

    // MARK: Counting

    /// Lines of `text` wrapped greedily at `width` columns.
    static func wrapped(_ text: Substring, _ width: Int) -> Int {
        var lines = 1
        var column = 0
        for word in text.split(separator: " ") {
            let n = word.count
            if column == 0 {
                column = n
            } else if column + 1 + n <= width {
                column += 1 + n
            } else {
                lines += 1
                column = n
            }
            while column > width {
                lines += 1
                column -= width
            }
        }
        return lines
    }

    static func wrapped(lines text: [String], _ width: Int) -> Int {
        text.reduce(0) { $0 + wrapped(Substring($1), width) }
    }

    // MARK: Title page and structure

    mutating func titlePage(episode: Int?) {
        let title = "\(rng.pick(lex.placeWords)) \(adjective().uppercased())"
        let author = "\(titleCase(rng.pick(lex.givenNames))) \(titleCase(rng.pick(lex.placeWords)))"
        out += "Title:\n\t**\(title)**\n"
        if let episode { out += "\tEpisode \(episode)\n" }
        out += "Credit: Written by\nAuthor: \(author)\n"
        out += "Source: A generated screenplay (seed-determined)\n"
        out += "Draft date: \(1 + rng.below(28)) \(rng.pick(["March", "June", "October"])) \(2030 + rng.below(9))\n"
        out += "Contact:\n\t\(author)\n\t\(1 + rng.below(99)) \(titleCase(rng.pick(lex.placeWords))) Road\n\n"
        formatted += Targets.linesPerPage
    }

    mutating func castDirectives() {
        if rng.chance(Targets.style) {
            out += "[[@style palette=\(rng.pick(Lexicon.palettes)) grain=\(rng.pick(Lexicon.grains))]]\n"
        }
        for p in cast.people.prefix(cast.mainCount) {
            let look = "\(rng.pick(Lexicon.lookWords)), \(rng.pick(Lexicon.clothes))"
            out += "[[@cast \(p.cue) voice=\(rng.pick(Lexicon.voices)) rate=\(140 + rng.below(50)) pitch=\(30 + rng.below(45)) look=\"\(look)\"]]\n"
        }
        out += "\n"
    }

    mutating func episodeHeader(_ n: Int) {
        out += "# EPISODE \(n): \(rng.pick(lex.placeWords)) \(noun().uppercased())\n\n"
        out += "= \(capitalized(actionSentence(someone())))\n\n"
    }

    mutating func makeLocation() -> String {
        let place = rng.pick(lex.placeWords)
        switch rng.below(4) {
        case 0: return "\(place) \(rng.pick(Lexicon.rooms))"
        case 1: return "\(place) HOUSE - \(rng.pick(Lexicon.rooms))"
        case 2: return "THE \(adjective().uppercased()) \(noun().uppercased())"
        default: return "\(rng.pick(Lexicon.rooms))"
        }
    }

    // MARK: Body

    mutating func body(budget: Budget, expectedScenes: Double) {
        let sceneTarget = max(4, Int(expectedScenes))
        let actLength = max(3, sceneTarget / 4)
        var act = 0
        var scenesInAct = 0
        var scenesInSequence = 0
        var sequenceLength = rng.int(in: 4...9)
        while true {
            if scenesInAct == 0 {
                if act > 0 && rng.chance(Targets.actPageBreak) { out += "===\n\n" }
                let name = act < Lexicon.ordinals.count ? Lexicon.ordinals[act] : "\(act + 1)"
                out += "# ACT \(name)\n\n"
                if rng.chance(0.5) { out += "= \(actionSentence(someone()))\n\n" }
                act += 1
            }
            if scenesInSequence == 0 {
                out += "## \(capitalized(noun())) \(noun())\n\n"
                sequenceLength = rng.int(in: 4...9)
            }
            scene()
            scenesInAct = (scenesInAct + 1) % actLength
            scenesInSequence = (scenesInSequence + 1) % sequenceLength
            switch budget {
            case .pages(let pages):
                if formatted >= pages * Targets.linesPerPage { return }
            case .bytes(let bytes):
                if out.utf8.count >= bytes { return }
            }
        }
    }

    mutating func heading() {
        sceneCount += 1
        let location = rng.weighted(locations.indices.map { (locations[$0], max(1, 12 - $0)) })
        var line: String
        if rng.chance(Targets.forcedHeading) {
            line = ".\(location)"
        } else {
            let prefix = rng.weighted([
                ("INT.", 52), ("EXT.", 36), ("INT./EXT.", 5), ("I/E", 3), ("EXT./INT.", 2), ("EST.", 2),
            ])
            line = "\(prefix) \(location) - \(rng.weighted(Lexicon.times))"
        }
        if rng.chance(Targets.sceneNumber) {
            line += " #\(sceneCount)\(rng.chance(Targets.sceneNumberSuffix) ? "A" : "")#"
        }
        out += line + "\n\n"
        formatted += 2
        if rng.chance(Targets.headingSynopsis) { out += "= \(actionSentence(someone()))\n\n" }
        if rng.chance(Targets.music) {
            out += "[[@music mood=\(rng.pick(Lexicon.moods)) tempo=\(60 + rng.below(80)) key=\(rng.pick(Lexicon.keys)) instrument=\(rng.pick(Lexicon.instruments))]]\n\n"
        } else if rng.chance(Targets.musicStop) {
            out += "[[@music stop]]\n\n"
        }
    }

    enum Beat { case action, block }

    mutating func scene() {
        heading()
        lastSpeaker = -1
        actionSinceBlock = false
        var beats: [Beat] = []
        var speakers: [Int] = []
        if rng.chance(Targets.dialogueSceneShare) {
            var blocks = rng.weighted(Targets.blocksPerDialogueScene)
            if blocks == 20 { blocks = rng.int(in: 20...32) }
            let actions = 1 + (blocks * 3 + rng.below(4)) / 4
            var speakerCount = blocks >= 2 ? rng.weighted(Targets.speakersPerScene) : 1
            speakerCount = min(speakerCount, blocks, cast.people.count)
            while speakers.count < speakerCount {
                let p = someone()
                if !speakers.contains(p) { speakers.append(p) }
            }
            beats = Array(repeating: .action, count: actions - 1) + Array(repeating: .block, count: blocks)
            // Fisher–Yates, after the opening action.
            var i = beats.count - 1
            while i > 0 {
                let j = rng.below(i + 1)
                beats.swapAt(i, j)
                i -= 1
            }
            beats.insert(.action, at: 0)
        } else {
            beats = Array(repeating: .action, count: rng.weighted(Targets.actionsWithoutDialogue))
            speakers = [someone()]
        }
        var k = 0
        while k < beats.count {
            switch beats[k] {
            case .action:
                action(focus: rng.pick(speakers))
                actionSinceBlock = true
            case .block:
                var speaker = rng.pick(speakers)
                if actionSinceBlock && lastSpeaker >= 0 && rng.chance(0.3) {
                    speaker = lastSpeaker  // picks up after the action: (CONT'D)
                } else if speaker == lastSpeaker && speakers.count > 1 {
                    // Two blocks in a row by one speaker are rare in real scripts.
                    let i = speakers.firstIndex(of: speaker)!
                    speaker = speakers[(i + 1 + rng.below(speakers.count - 1)) % speakers.count]
                }
                let dual = k + 1 < beats.count && beats[k + 1] == .block && speakers.count > 1
                    && rng.chance(Targets.dual)
                block(speaker, caret: false)
                if dual {
                    var partner = rng.pick(speakers)
                    while partner == speaker { partner = rng.pick(speakers) }
                    block(partner, caret: true)
                    k += 1
                }
            }
            k += 1
            extras()
        }
        if rng.chance(Targets.transitionsPerScene) {
            if rng.chance(Targets.forcedTransition) {
                out += ">\(rng.pick(Lexicon.forcedTransitions))\n\n"
            } else {
                out += "\(rng.weighted(Lexicon.transitions))\n\n"
            }
            formatted += 2
        }
    }

    /// Rare elements between beats: notes, boneyard, lyrics, centered text.
    mutating func extras() {
        if rng.chance(Targets.noteOwnLine / 4) {
            if rng.chance(Targets.noteMultiline) {
                out += "[[\(capitalized(actionSentence(someone())))\nCheck this against scene \(1 + rng.below(max(1, sceneCount))).]]\n\n"
            } else {
                out += "[[\(rng.pick(["TODO", "Note", "Ask", "Fix"])): the \(noun()) again?]]\n\n"
            }
        }
        if rng.chance(Targets.boneyardBlock / 4) {
            let cut = sentences(12) { $0.actionSentence($0.someone()) }
            out += "/*\n\(cut.joined(separator: " "))\n\n\(rng.pick(Lexicon.shortLines))\n*/\n\n"
        }
        if rng.chance(Targets.lyricsStandalone / 4) {
            let n = rng.int(in: 2...4)
            var lines: [String] = []
            for _ in 0..<n { lines.append("~\(capitalized(adjective())) \(noun()), \(verb()) the \(noun())") }
            out += lines.joined(separator: "\n") + "\n\n"
            formatted += n + 1
        }
        if rng.chance(Targets.centered / 4) {
            out += ">\(rng.pick(Lexicon.ordinals)) \(rng.pick(["DAYS", "WEEKS", "YEARS", "HOURS"])) LATER<\n\n"
            formatted += 2
        }
        if rng.chance(Targets.musicStop / 4) { out += "[[@music stop]]\n\n" }
    }

    mutating func action(focus: Int) {
        let words = Int(rng.quantile(Targets.actionWords))
        var parts = sentences(words) { $0.actionSentence(focus) }
        var sound: String? = nil
        if rng.chance(Targets.soundWord) {
            let s = rng.pick(Lexicon.sounds)
            sound = s
            parts.insert("A \(rng.pick(Lexicon.soundSources)) \(s).", at: rng.below(parts.count + 1))
        }
        if rng.chance(Targets.escape) {
            parts.append("A sign reads \\*\(adjective().uppercased())\\*.")
        }
        if let sound, rng.chance(Targets.sfxForSound) {
            out += "[[@sfx \(Lexicon.soundCueNames[sound] ?? "hit") gain=-\(rng.below(12))dB]]\n\n"
        } else if rng.chance(Targets.shot) {
            let framing = rng.pick(Lexicon.shots)
                .replacing("NAME", with: cast.people[focus].cue)
                .replacing("NOUN", with: noun())
            out += "[[@shot \(framing), \(rng.pick(Lexicon.moves)), \(2 + rng.below(6))s]]\n\n"
        }
        if rng.chance(Targets.boneyardInline) && parts.count > 1 {
            parts.insert("/* \(actionSentence(focus)) */", at: 1)
        }
        var first = parts.joined(separator: " ")
        if rng.chance(Targets.emphasisAction) { first = emphasize(first) }
        if rng.chance(Targets.noteInlineAction) { first += " [[\(rng.pick(["check", "shorten", "keep"])) the \(noun())]]" }
        var lines = [first]
        if rng.chance(Targets.forcedAction) {
            // An all-capitals first line would read as a character cue without the `!`.
            lines = ["!" + "\(adjective()) \(noun()).".uppercased(), first]
        } else if rng.chance(Targets.indentedAction) {
            lines.append("    \(noun()) \(noun())")
            lines.append("    \(adjective()) \(noun())")
        } else if rng.chance(Targets.multilineActionShare) {
            lines.append(capitalized(actionSentence(focus)))
        }
        out += lines.joined(separator: "\n") + "\n\n"
        formatted += 1 + EpisodeWriter.wrapped(lines: lines, Targets.actionWidth)
    }

    mutating func block(_ speaker: Int, caret: Bool) {
        let person = cast.people[speaker]
        if rng.chance(Targets.pause) { out += "[[@pause \(1 + rng.below(3)).\(rng.below(10))s]]\n\n" }
        var cue = (person.forced ? "@" : "") + person.cue
        let ext = rng.unit()
        if ext < Targets.voiceOverShare {
            cue += " (V.O.)"
        } else if ext < Targets.voiceOverShare + Targets.offScreenShare {
            cue += " (O.S.)"
        } else if lastSpeaker == speaker && actionSinceBlock && ext < 0.9 {
            cue += " (CONT'D)"
        }
        actionSinceBlock = false
        if caret { cue += " ^" }
        lastSpeaker = speaker
        var lines = [cue]
        formatted += 2
        let hasParen = rng.chance(Targets.parentheticalsPerBlock)
        var parenFirst = hasParen && rng.chance(Targets.parentheticalFirstShare)
        var paren = "(\(rng.weighted(Lexicon.parentheticals)))"
        if paren.contains("NOUN") { paren = paren.replacing("NOUN", with: noun()) }
        let words = Int(rng.quantile(Targets.dialogueWords))
        // A parenthetical in mid-speech needs speech on both sides.
        if hasParen && !parenFirst && words < 4 { parenFirst = true }
        if parenFirst {
            lines.append(paren)
            formatted += EpisodeWriter.wrapped(Substring(paren), Targets.parentheticalWidth)
        }
        if rng.chance(Targets.lyricsDialogue) {
            let n = rng.int(in: 2...3)
            for _ in 0..<n { lines.append("~\(capitalized(noun())) and \(noun()), \(verb()) me home") }
            formatted += n
        } else {
            var parts = sentences(words) { $0.speechSentence(speaker) }
            if hasParen && !parenFirst && parts.count < 2 { parts.append(speechSentence(speaker)) }
            let split = (parts.count > 1 && rng.chance(Targets.multilineDialogueShare)) || (hasParen && !parenFirst && parts.count > 1)
            var speech: [String]
            if split {
                let cut = 1 + rng.below(parts.count - 1)
                speech = [parts[..<cut].joined(separator: " "), parts[cut...].joined(separator: " ")]
            } else {
                speech = [parts.joined(separator: " ")]
            }
            if rng.chance(Targets.emphasisDialogue) { speech[0] = emphasize(speech[0]) }
            if rng.chance(Targets.noteInlineDialogue) { speech[speech.count - 1] += " [[line reading?]]" }
            formatted += EpisodeWriter.wrapped(lines: speech, Targets.dialogueWidth)
            lines.append(speech[0])
            if speech.count > 1 {
                if hasParen && !parenFirst {
                    lines.append(paren)
                    formatted += EpisodeWriter.wrapped(Substring(paren), Targets.parentheticalWidth)
                } else if rng.chance(Targets.twoSpaceLine) {
                    lines.append("  ")
                    formatted += 1
                }
                lines.append(speech[1])
            }
        }
        out += lines.joined(separator: "\n") + "\n\n"
    }
}
