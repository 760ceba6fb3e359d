/// The tables behind the implicit cues (docs/dsl.md, "Implicit cues"). Each table is data: the
/// docs are written from it and the tests read it.

/// Sound words written in CAPS in action → sound effects.
public enum SoundLexicon {
    /// Effect name → default length in frames (24 fps).
    public static let defaultLength: [String: Int] = [
        "door-slam": 18, "door-knock": 30, "door-bell": 36, "door-creak": 36, "bang": 12, "crash": 30,
        "glass-break": 24, "phone-ring": 48, "buzzer": 30, "beep": 8, "floor-creak": 24, "thud": 12,
        "pipe-clang": 24, "pan-clatter": 30, "thunder": 72, "explosion": 60, "gunshot": 12, "pop": 6,
        "scream": 36, "siren": 96, "car-horn": 24, "alarm": 72, "tire-screech": 36, "dog-bark": 18, "howl": 48,
        "cat-meow": 18, "hiss": 24, "kettle-whistle": 48, "keys-jingle": 24, "rattle": 24, "crack": 8,
        "radio-static": 48, "hum": 72, "whir": 48, "click": 4, "snap": 6, "splash": 24, "drip": 12,
        "impact": 10, "slap": 6, "clock-tick": 48, "chime": 36, "bell-toll": 72, "gong": 72, "ding": 12,
        "glass-clink": 8, "foghorn": 72, "wind": 96, "roar": 48, "scrape": 24, "sizzle": 48, "fizz": 24,
        "gurgle": 24, "engine-sputter": 48, "engine-rev": 36, "whoosh": 12, "zap": 8, "crunch": 8,
        "footsteps": 48, "snore": 48, "cough": 18, "sneeze": 12, "applause": 96, "clap": 6, "tap": 4,
        "rustle": 24, "flutter": 24, "bird-chirp": 24, "squeak": 8, "growl": 36, "moan": 48, "boom": 48,
    ]

    /// Every effect name, sorted (for suggestions and docs).
    public static let effects: [String] = defaultLength.keys.sorted()

    /// Base words (upper case) → effect. Inflections (-S, -ES, -ED, -D, -ING) are recognized too.
    public static let words: [String: String] = [
        "SLAM": "door-slam", "KNOCK": "door-knock", "POUND": "door-knock", "DOORBELL": "door-bell",
        "BANG": "bang", "CRASH": "crash", "SHATTER": "glass-break", "SMASH": "glass-break",
        "RING": "phone-ring", "BUZZ": "buzzer", "BEEP": "beep", "CREAK": "floor-creak", "THUD": "thud",
        "THUNK": "thud", "THUMP": "thud", "CLANG": "pipe-clang", "CLANK": "pipe-clang", "CLATTER": "pan-clatter",
        "RUMBLE": "thunder", "THUNDER": "thunder", "BOOM": "boom", "EXPLODE": "explosion", "EXPLOSION": "explosion",
        "BLAST": "explosion", "GUNSHOT": "gunshot", "BLAM": "gunshot", "POP": "pop", "SCREAM": "scream",
        "SHRIEK": "scream", "WAIL": "siren", "SIREN": "siren", "HONK": "car-horn", "BLARE": "alarm",
        "ALARM": "alarm", "SCREECH": "tire-screech", "SQUEAL": "tire-screech", "SKID": "tire-screech",
        "BARK": "dog-bark", "HOWL": "howl", "MEOW": "cat-meow", "HISS": "hiss", "WHISTLE": "kettle-whistle",
        "JINGLE": "keys-jingle", "RATTLE": "rattle", "CRACK": "crack", "CRACKLE": "radio-static",
        "STATIC": "radio-static", "HUM": "hum", "WHIR": "whir", "WHIRR": "whir", "CLICK": "click", "SNAP": "snap",
        "SPLASH": "splash", "DRIP": "drip", "WHAM": "impact", "SMACK": "impact", "THWACK": "impact",
        "SLAP": "slap", "TICK": "clock-tick", "CHIME": "chime", "TOLL": "bell-toll", "GONG": "gong",
        "DING": "ding", "CLINK": "glass-clink", "FOGHORN": "foghorn", "MOAN": "moan", "ROAR": "roar",
        "SCRAPE": "scrape", "SIZZLE": "sizzle", "FIZZ": "fizz", "GURGLE": "gurgle", "SPUTTER": "engine-sputter",
        "REV": "engine-rev", "VROOM": "engine-rev", "WHOOSH": "whoosh", "SWOOSH": "whoosh", "ZAP": "zap",
        "CRUNCH": "crunch", "FOOTSTEPS": "footsteps", "STOMP": "footsteps", "SNORE": "snore", "COUGH": "cough",
        "SNEEZE": "sneeze", "APPLAUSE": "applause", "CLAP": "clap", "TAP": "tap", "RUSTLE": "rustle",
        "FLUTTER": "flutter", "CHIRP": "bird-chirp", "SQUEAK": "squeak", "GROWL": "growl",
    ]

    /// The effect an `@sfx` name that is not an effect's own means: the name as a sound word
    /// (`knock`, `creaks`), else its last hyphenated word (`glass-shatter`).
    public static func effect(forName name: String) -> String? {
        let upper = name.uppercased()
        if let e = effect(forCapsWord: upper) { return e }
        guard let last = upper.split(separator: "-").last, last.count < upper.count else { return nil }
        return effect(forCapsWord: String(last))
    }

    /// The effect for a word in CAPS, trying the word and its base forms.
    public static func effect(forCapsWord w: String) -> String? {
        if let e = words[w] { return e }
        for suffix in ["ING", "ES", "ED", "S", "D"] where w.utf8.count > suffix.utf8.count + 2 && w.hasSuffix(suffix) {
            let base = String(w.dropLast(suffix.count))
            if let e = words[base] { return e }
            // Doubled consonant: SLAMMED, SNAPPING, WHIRRING.
            if base.count > 3, let last = base.last, base.dropLast().last == last, let e = words[String(base.dropLast())] { return e }
            // Dropped e: WHEEZING → WHEEZE.
            if let e = words[base + "E"] { return e }
        }
        return nil
    }
}

/// What a parenthetical does to the line it precedes.
public struct ParentheticalEffect: Equatable, Sendable {
    public var ratePercent: Int? = nil
    public var pitchOffset: Int? = nil
    public var volumeDB: Int? = nil
    public var quality: VoiceQuality? = nil
    public var filter: VoiceFilter? = nil
    public var emotion: String? = nil
    /// Silence before the line, in frames: `(beat)` and friends.
    public var pauseFrames: Int? = nil
    /// A staging note (`to Hattie`, `off Sunny's look`) that changes nothing audible.
    public var staging: Bool = false
}

/// Parentheticals → prosody. A parenthetical is split at ',' and ';'; each part is looked up
/// exactly (lower case), then by prefix; effects of the parts combine, later parts winning.
public enum ParentheticalLexicon {
    public static let exact: [(String, ParentheticalEffect)] = [
        ("whispering", .init(ratePercent: 90, volumeDB: -12, quality: .whisper)),
        ("whispers", .init(ratePercent: 90, volumeDB: -12, quality: .whisper)),
        ("whisper", .init(ratePercent: 90, volumeDB: -12, quality: .whisper)),
        ("shouting", .init(ratePercent: 110, pitchOffset: 8, volumeDB: 6, quality: .shout)),
        ("shouts", .init(ratePercent: 110, pitchOffset: 8, volumeDB: 6, quality: .shout)),
        ("yelling", .init(ratePercent: 110, pitchOffset: 8, volumeDB: 6, quality: .shout)),
        ("screaming", .init(ratePercent: 115, pitchOffset: 12, volumeDB: 8, quality: .shout, emotion: "fear")),
        ("angrily", .init(ratePercent: 110, pitchOffset: 4, volumeDB: 3, quality: .tense, emotion: "angry")),
        ("angry", .init(ratePercent: 110, pitchOffset: 4, volumeDB: 3, quality: .tense, emotion: "angry")),
        ("furious", .init(ratePercent: 115, pitchOffset: 6, volumeDB: 5, quality: .tense, emotion: "angry")),
        ("sadly", .init(ratePercent: 85, pitchOffset: -6, volumeDB: -3, emotion: "sad")),
        ("sad", .init(ratePercent: 85, pitchOffset: -6, volumeDB: -3, emotion: "sad")),
        ("quietly", .init(ratePercent: 95, volumeDB: -6, quality: .soft)),
        ("softly", .init(ratePercent: 95, volumeDB: -6, quality: .soft)),
        ("softer", .init(ratePercent: 95, volumeDB: -4, quality: .soft)),
        ("gently", .init(ratePercent: 92, volumeDB: -4, quality: .soft, emotion: "tender")),
        ("loudly", .init(volumeDB: 4, quality: .loud)),
        ("louder", .init(volumeDB: 4, quality: .loud)),
        ("low", .init(pitchOffset: -4, volumeDB: -3)),
        ("beat", .init(pauseFrames: 12)),
        ("a beat", .init(pauseFrames: 12)),
        ("pause", .init(pauseFrames: 24)),
        ("a pause", .init(pauseFrames: 24)),
        ("long pause", .init(pauseFrames: 48)),
        ("a long beat", .init(pauseFrames: 36)),
        ("then", .init(staging: true)),
        ("continuing", .init(staging: true)),
        ("laughing", .init(ratePercent: 105, pitchOffset: 4, emotion: "amused")),
        ("laughs", .init(ratePercent: 105, pitchOffset: 4, emotion: "amused")),
        ("crying", .init(ratePercent: 85, pitchOffset: 2, quality: .breathy, emotion: "sad")),
        ("tearful", .init(ratePercent: 88, quality: .breathy, emotion: "sad")),
        ("nervously", .init(ratePercent: 110, pitchOffset: 3, emotion: "anxious")),
        ("nervous", .init(ratePercent: 110, pitchOffset: 3, emotion: "anxious")),
        ("calmly", .init(ratePercent: 95, emotion: "calm")),
        ("calm", .init(ratePercent: 95, emotion: "calm")),
        ("dry", .init(pitchOffset: -2, emotion: "dry")),
        ("dryly", .init(pitchOffset: -2, emotion: "dry")),
        ("deadpan", .init(ratePercent: 95, pitchOffset: -3, emotion: "dry")),
        ("flat", .init(ratePercent: 95, pitchOffset: -3, emotion: "dry")),
        ("sarcastic", .init(ratePercent: 95, pitchOffset: 2, emotion: "sarcastic")),
        ("sarcastically", .init(ratePercent: 95, pitchOffset: 2, emotion: "sarcastic")),
        ("excited", .init(ratePercent: 112, pitchOffset: 6, volumeDB: 2, emotion: "excited")),
        ("excitedly", .init(ratePercent: 112, pitchOffset: 6, volumeDB: 2, emotion: "excited")),
        ("delighted", .init(ratePercent: 108, pitchOffset: 5, emotion: "happy")),
        ("smiling", .init(pitchOffset: 2, emotion: "warm")),
        ("warmly", .init(ratePercent: 95, pitchOffset: 1, emotion: "warm")),
        ("warm", .init(ratePercent: 95, pitchOffset: 1, emotion: "warm")),
        ("coldly", .init(ratePercent: 95, pitchOffset: -3, emotion: "cold")),
        ("firmly", .init(volumeDB: 2, emotion: "firm")),
        ("urgently", .init(ratePercent: 115, volumeDB: 2, quality: .tense, emotion: "urgent")),
        ("hesitant", .init(ratePercent: 85, emotion: "unsure", pauseFrames: 6)),
        ("hesitating", .init(ratePercent: 85, emotion: "unsure", pauseFrames: 6)),
        ("quickly", .init(ratePercent: 125)),
        ("slowly", .init(ratePercent: 80)),
        ("muttering", .init(ratePercent: 95, volumeDB: -9, quality: .soft)),
        ("mumbling", .init(ratePercent: 95, volumeDB: -9, quality: .soft)),
        ("singing", .init(ratePercent: 80, quality: .singing)),
        ("sings", .init(ratePercent: 80, quality: .singing)),
        ("reading", .init(ratePercent: 95, emotion: "neutral")),
        ("a sigh", .init(ratePercent: 90, emotion: "weary", pauseFrames: 12)),
        ("sighs", .init(ratePercent: 90, emotion: "weary", pauseFrames: 12)),
        ("sighing", .init(ratePercent: 90, emotion: "weary")),
        ("breathless", .init(ratePercent: 105, quality: .breathy)),
        ("out of breath", .init(ratePercent: 105, quality: .breathy)),
        ("mouth full", .init(filter: .muffled)),
        ("muffled", .init(filter: .muffled)),
        ("into phone", .init(filter: .telephone)),
        ("into the phone", .init(filter: .telephone)),
        ("on the phone", .init(filter: .telephone)),
        ("on phone", .init(filter: .telephone)),
        ("into the mic", .init(filter: .radio)),
        ("over the radio", .init(filter: .radio)),
        ("on the radio", .init(filter: .radio)),
        ("into radio", .init(filter: .radio)),
        ("not looking up", .init(staging: true)),
        ("practiced", .init(staging: true)),
    ]

    /// Prefix rules, tried when no exact entry matches.
    public static let prefixes: [(String, ParentheticalEffect)] = [
        ("under her breath", .init(ratePercent: 95, volumeDB: -9, quality: .soft)),
        ("under his breath", .init(ratePercent: 95, volumeDB: -9, quality: .soft)),
        ("under their breath", .init(ratePercent: 95, volumeDB: -9, quality: .soft)),
        ("catching", .init(ratePercent: 105, quality: .breathy)),
        ("through heavy static", .init(filter: .radio)),
        ("through static", .init(filter: .radio)),
        ("through the door", .init(filter: .muffled)),
        ("through the wall", .init(filter: .muffled)),
        ("to ", .init(staging: true)),
        ("off ", .init(staging: true)),
        ("re:", .init(staging: true)),
        ("beat", .init(pauseFrames: 12)),
    ]

    private static let exactTable: [String: ParentheticalEffect] = {
        var t: [String: ParentheticalEffect] = [:]
        for (k, v) in exact { t[k] = v }
        return t
    }()

    /// The combined effect of a parenthetical (without its parentheses), or nil when no part is known.
    public static func effect(of parenthetical: String) -> ParentheticalEffect? {
        var combined = ParentheticalEffect()
        var any = false
        for rawPart in parenthetical.lowercased().split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let part = rawPart.trimmingCharacters(in: " ")
            let found = exactTable[part] ?? prefixes.first(where: { part.hasPrefix($0.0) })?.1
            guard let e = found else { continue }
            any = true
            if let v = e.ratePercent { combined.ratePercent = v }
            if let v = e.pitchOffset { combined.pitchOffset = v }
            if let v = e.volumeDB { combined.volumeDB = v }
            if let v = e.quality { combined.quality = v }
            if let v = e.filter { combined.filter = v }
            if let v = e.emotion { combined.emotion = v }
            if let v = e.pauseFrames { combined.pauseFrames = (combined.pauseFrames ?? 0) + v }
            combined.staging = combined.staging || e.staging
        }
        return any ? combined : nil
    }
}

/// Transitions as written → cut types.
public enum TransitionTable {
    public static let entries: [(String, Transition)] = [
        ("CUT TO", Transition(kind: .cut)),
        ("HARD CUT TO", Transition(kind: .cut)),
        ("MATCH CUT TO", Transition(kind: .cut)),
        ("JUMP CUT TO", Transition(kind: .cut)),
        ("TIME CUT TO", Transition(kind: .cut)),
        ("SMASH CUT TO", Transition(kind: .cut, audioHardStop: true)),
        ("SMASH CUT", Transition(kind: .cut, audioHardStop: true)),
        ("DISSOLVE TO", Transition(kind: .crossfade, durationFrames: 12)),
        ("CROSSFADE TO", Transition(kind: .crossfade, durationFrames: 12)),
        ("LAP DISSOLVE TO", Transition(kind: .crossfade, durationFrames: 24)),
        ("FADE TO", Transition(kind: .fade, durationFrames: 24)),
        ("FADE TO BLACK", Transition(kind: .fadeOut, durationFrames: 24)),
        ("FADE OUT", Transition(kind: .fadeOut, durationFrames: 24)),
        ("FADE IN", Transition(kind: .fadeIn, durationFrames: 24)),
        ("CUT TO BLACK", Transition(kind: .cutToBlack, audioHardStop: true)),
        ("WHIP PAN", Transition(kind: .whip, durationFrames: 6)),
        ("WHIP PAN TO", Transition(kind: .whip, durationFrames: 6)),
        ("WIPE TO", Transition(kind: .wipe, durationFrames: 12)),
        ("IRIS OUT", Transition(kind: .irisOut, durationFrames: 24)),
        ("IRIS IN", Transition(kind: .irisIn, durationFrames: 24)),
    ]

    private static let table: [String: Transition] = {
        var t: [String: Transition] = [:]
        for (k, v) in entries { t[k] = v }
        return t
    }()

    /// Normalizes `> FADE OUT.` / `Dissolve to:` to the table key.
    public static func key(_ text: String) -> String {
        if let k = asciiKey(text) { return k }
        var s = Substring(text.uppercased())
        while let c = s.first, c == ">" || c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == ":" || c == "." || c == " " || c == "\t" || c == "<" { s.removeLast() }
        return s.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    public static func transition(for text: String) -> Transition? { table[key(text)] }

    /// The transition for a key made by `key(_:)`.
    static func transition(forKey key: String) -> Transition? { table[key] }

    /// `key(_:)` over bytes for ASCII text (where every byte is a character); nil otherwise.
    private static func asciiKey(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { u -> String? in
            var i = 0, j = u.count
            while i < j, u[i] == 0x3E || u[i] == 0x20 || u[i] == 0x09 { i += 1 }
            while j > i, u[j - 1] == 0x3A || u[j - 1] == 0x2E || u[j - 1] == 0x20 || u[j - 1] == 0x09 || u[j - 1] == 0x3C { j -= 1 }
            var out: [UInt8] = []
            out.reserveCapacity(j - i)
            var space = false
            for k in i..<j {
                let b = u[k]
                if b >= 0x80 || b == 0x0D { return nil }
                if b == 0x20 {
                    space = true
                    continue
                }
                if space, !out.isEmpty { out.append(0x20) }
                space = false
                out.append(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// INT./EXT. and time of day → ambience bed and card palette.
public enum SceneLook {
    /// Location words (upper case) → bed. The first word found in the location wins.
    public static let locationBeds: [(String, String)] = [
        ("KITCHEN", "kitchen"), ("OFFICE", "office"), ("BAR", "bar"), ("PUB", "bar"), ("DINER", "restaurant"),
        ("RESTAURANT", "restaurant"), ("CAFE", "restaurant"), ("CAFÉ", "restaurant"), ("HOSPITAL", "hospital"),
        ("STUDIO", "studio"), ("BOOTH", "studio"), ("CAR", "car-interior"), ("TRUCK", "car-interior"),
        ("TAXI", "car-interior"), ("VAN", "car-interior"), ("TRAIN", "train"), ("CHURCH", "church"),
        ("CHAPEL", "church"), ("WAREHOUSE", "warehouse"), ("FOREST", "forest"), ("WOODS", "forest"),
        ("BEACH", "beach"), ("HARBOR", "harbour"), ("HARBOUR", "harbour"), ("MARINA", "harbour"),
        ("DOCK", "harbour"), ("PIER", "harbour"), ("FERRY", "sea"), ("DECK", "sea"), ("SEA", "sea"),
        ("OCEAN", "sea"), ("STREET", "city"), ("CITY", "city"), ("PARK", "park"), ("FARM", "countryside"),
        ("FIELD", "countryside"),
    ]

    /// Each word of `locationBeds` → its first index there.
    static let locationBedIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (i, entry) in locationBeds.enumerated() where index[entry.0] == nil { index[entry.0] = i }
        return index
    }()

    static func isNight(_ t: TimeOfDay) -> Bool { t == .night || t == .evening || t == .dusk }

    /// The implicit bed of a scene.
    public static func bed(setting: Setting, location: String, timeOfDay: TimeOfDay) -> String {
        bed(setting: setting, entry: locationEntry(location), timeOfDay: timeOfDay)
    }

    /// The earliest `locationBeds` entry among the words of a location, if any.
    static func locationEntry(_ location: String) -> Int? {
        var first = Int.max
        for word in location.uppercased().split(whereSeparator: { !$0.isLetter }) {
            if let i = locationBedIndex[String(word)], i < first { first = i }
        }
        return first < locationBeds.count ? first : nil
    }

    /// The implicit bed of a scene whose location has the `locationBeds` entry `entry`.
    static func bed(setting: Setting, entry: Int?, timeOfDay: TimeOfDay) -> String {
        let night = isNight(timeOfDay)
        if let entry {
            let bed = locationBeds[entry].1
            switch bed {
            case "forest": return night ? "forest-night" : "forest-day"
            case "city": return night ? "city-night" : "city-day"
            default: return bed
            }
        }
        switch setting {
        case .exterior: return night ? "exterior-night" : (timeOfDay == .dawn ? "dawn-chorus" : "exterior-day")
        default: return night ? "room-tone-night" : "room-tone"
        }
    }

    /// The implicit palette of a scene.
    public static func palette(setting: Setting, timeOfDay: TimeOfDay) -> Palette {
        switch timeOfDay {
        case .dawn, .dusk, .evening: return .golden
        case .night: return setting == .exterior ? .moonlight : .tungsten
        case .day, .morning, .afternoon: return setting == .exterior ? .daylight : .warm
        default: return .muted
        }
    }
}
