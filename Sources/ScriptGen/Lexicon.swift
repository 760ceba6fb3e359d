/// The vocabulary of generated screenplays. Content words (nouns, verbs, adjectives, names,
/// places) are invented from syllables with a fixed generator, so every script speaks the same
/// made-up language; the function words, sound words and screenplay terms are plain English so
/// that the text reads like a screenplay and the sound-cue lexicon finds its words.
struct Lexicon: Sendable {
    let nouns: [String]
    let verbs: [String]
    let adjectives: [String]
    let givenNames: [String]
    let placeWords: [String]

    static let shared = Lexicon()

    private init() {
        var rng = Xoshiro256(seed: 0x5C21_97C0_FFEE_0001)
        nouns = Lexicon.invent(&rng, count: 420, syllables: 1...2, endings: ["", "", "", "", "et", "el", "in"])
        verbs = Lexicon.invent(&rng, count: 300, syllables: 1...2, endings: ["", "", "", "le", "er"])
        adjectives = Lexicon.invent(&rng, count: 200, syllables: 1...2, endings: ["y", "ish", "ic", "", "", ""])
        givenNames = Lexicon.invent(&rng, count: 160, syllables: 2...3, endings: ["", "a", "o", "ie", "", "en"])
            .map { $0.uppercased() }
        placeWords = Lexicon.invent(&rng, count: 90, syllables: 2...3, endings: ["", "ton", "mere", "holm", "by"])
            .map { $0.uppercased() }
    }

    static let onsets = [
        "b", "br", "bl", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr", "h", "j", "k", "l",
        "m", "n", "p", "pl", "pr", "qu", "r", "s", "sc", "sh", "sk", "sl", "sn", "sp", "st", "sw", "t", "th", "tr",
        "v", "w", "wh", "z",
    ]
    static let shortVowels = ["a", "e", "i", "o", "u"]
    static let vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ee", "oa", "oo", "ou", "y"]
    static let codas = ["", "", "", "n", "r", "l", "m", "s", "t", "ck", "nd", "nk", "rt", "sh", "st", "th", "x", "mp"]

    /// Words that would change how a line parses if they began it (`INT `, `EST.` …) or that are
    /// English words with a meaning, are left out.
    static let reserved: Set<String> = ["int", "ext", "est", "the", "and", "fuck", "shit", "cunt", "nig", "fag"]

    static func invent(_ rng: inout Xoshiro256, count: Int, syllables: ClosedRange<Int>, endings: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        out.reserveCapacity(count)
        while out.count < count {
            var w = ""
            let n = rng.int(in: syllables)
            for k in 0..<n {
                // Every syllable but perhaps the first starts with a consonant, so vowels never pile up.
                if k > 0 || rng.chance(0.8) { w += rng.pick(onsets) }
                w += rng.chance(0.8) ? rng.pick(shortVowels) : rng.pick(vowels)
                if k == n - 1 ? rng.chance(0.6) : rng.chance(0.25) { w += rng.pick(codas) }
            }
            w += rng.pick(endings)
            guard w.utf8.count >= 3, w.utf8.count <= 8 else { continue }
            guard !reserved.contains(w), !w.hasPrefix("int"), !w.hasPrefix("ext"), !w.hasPrefix("est") else { continue }
            if seen.insert(w).inserted { out.append(w) }
        }
        return out
    }

    // MARK: English, written for this generator

    static let pronounsSubject = ["she", "he", "they"]
    static let possessive = ["her", "his", "their"]
    static let prepositions = [
        "into", "across", "toward", "under", "over", "behind", "beside", "through", "past", "along", "against",
        "around", "onto", "beneath", "between the", "out of",
    ]
    static let connectives = ["then", "and", "but", "until", "while", "before", "as"]
    static let adverbs = ["slowly", "again", "at last", "without a word", "too late", "carefully", "once", "hard"]
    static let sounds = [
        "SLAMS", "BANGS", "CRASHES", "RINGS", "BUZZES", "BEEPS", "CREAKS", "THUDS", "SHATTERS", "HISSES",
        "CLICKS", "RATTLES", "WHISTLES", "ROARS", "KNOCKS", "SCREECHES", "HUMS", "SNAPS", "CLANGS", "DRIPS",
    ]
    static let soundSources = ["door", "phone", "window", "kettle", "engine", "alarm", "radio", "gate", "pipe", "bell"]
    static let soundCueNames = [
        "SLAMS": "door-slam", "BANGS": "bang", "CRASHES": "crash", "RINGS": "phone-ring", "BUZZES": "buzz",
        "BEEPS": "beep", "CREAKS": "creak", "THUDS": "thud", "SHATTERS": "glass-shatter", "HISSES": "hiss",
        "CLICKS": "click", "RATTLES": "rattle", "WHISTLES": "whistle", "ROARS": "roar", "KNOCKS": "knock",
        "SCREECHES": "screech", "HUMS": "hum", "SNAPS": "snap", "CLANGS": "clang", "DRIPS": "drip",
    ]
    static let rooms = [
        "KITCHEN", "CORRIDOR", "ROOFTOP", "GARAGE", "OFFICE", "STAIRWELL", "BASEMENT", "LOBBY", "BEDROOM",
        "CAR PARK", "HARBOR", "PLATFORM", "WAREHOUSE", "CHAPEL", "DINER", "CONTROL ROOM", "GREENHOUSE", "LIBRARY",
        "FERRY DECK", "ALLEY", "MARKET", "WORKSHOP", "BOATHOUSE", "WAITING ROOM",
    ]
    static let times = [
        ("DAY", 30), ("NIGHT", 30), ("MORNING", 6), ("EVENING", 5), ("CONTINUOUS", 12), ("LATER", 8), ("DAWN", 3),
        ("DUSK", 3), ("MOMENTS LATER", 3),
    ]
    static let transitions = [
        ("CUT TO:", 45), ("MATCH CUT TO:", 12), ("SMASH CUT TO:", 12), ("DISSOLVE TO:", 14), ("JUMP CUT TO:", 5),
        ("FADE TO:", 6), ("TIME CUT TO:", 3),
    ]
    static let forcedTransitions = ["FADE OUT.", "FADE TO BLACK.", "CUT TO BLACK.", "INTERCUT WITH"]
    static let parentheticals = [
        ("beat", 30), ("quietly", 10), ("whispering", 8), ("angrily", 6), ("sadly", 5), ("shouting", 5),
        ("into phone", 6), ("to herself", 3), ("to himself", 3), ("laughing", 4), ("off her look", 3),
        ("pause", 4), ("continuing", 3), ("re: the NOUN", 3),
    ]
    static let moods = ["tense", "calm", "melancholy", "hopeful", "eerie", "playful", "urgent", "wistful"]
    static let instruments = ["strings", "piano", "synth", "brass", "guitar", "fiddle", "choir", "drums"]
    static let keys = ["C", "Dm", "Em", "F", "G", "Am", "Bb", "D"]
    static let palettes = ["noir", "pastel", "sodium", "teal-orange", "bleach", "amber"]
    static let grains = ["35mm", "16mm", "digital", "vhs"]
    static let voices = ["en-us+f3", "en-us+m1", "en-gb+m3", "en-gb+f2", "en-us+f4", "en-gb-scotland+f4", "en-us+m7"]
    static let shots = [
        "wide", "close on NAME", "over NAME's shoulder", "insert on the NOUN", "tracking with NAME", "two-shot",
        "high angle", "push-in on NAME",
    ]
    static let moves = ["static", "slow push-in", "pan left", "pan right", "handheld", "tilt up", "dolly back"]
    static let ordinals = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN"]
    static let accented = ["É", "Ö", "Ø", "Å", "Ñ", "Ë", "Ü", "Ç"]
    static let roleTitles = ["GUARD", "UNIT", "NURSE", "DRIVER", "OFFICER", "CLERK", "COURIER", "WAITER"]
    static let lookWords = ["tall", "wiry", "soft-spoken", "weathered", "sharp", "rumpled", "elegant", "restless"]
    static let clothes = ["red coat", "oilskin", "grey suit", "hi-vis vest", "cardigan", "leather jacket", "scrubs"]
    static let shortLines = [
        "No.", "Wait.", "Fine.", "What?", "Go.", "Listen to me.", "Not now.", "I know.", "Okay.", "Really?",
        "Don't.", "Who?", "Why not?", "Later.", "Say that again.",
    ]
}
