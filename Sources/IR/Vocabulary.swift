/// Closed vocabularies of the production DSL. Each list is the single source of truth for
/// validation, did-you-mean suggestions and docs/dsl.md.
public enum Vocabulary {
    /// Music moods the local composer knows.
    public static let moods: [String] = [
        "tense", "playful", "warm", "uneasy", "romantic", "melancholy", "hopeful", "eerie", "triumphant",
        "wistful", "calm", "dark", "sad", "happy", "mysterious", "suspense", "action", "comic", "somber",
        "epic", "peaceful", "ominous", "tender", "nostalgic", "dreamy", "energetic", "anxious", "joyful",
        "bittersweet", "neutral", "urgent",
    ]

    public static let instruments: [String] = [
        "strings", "piano", "synth", "brass", "woodwinds", "guitar", "harp", "choir", "fiddle", "cello",
        "violin", "organ", "percussion", "drums", "bass", "flute", "clarinet", "accordion", "bells",
        "celesta", "orchestra", "pads", "banjo", "harmonica", "saxophone", "trumpet", "horn", "marimba",
        "vibraphone", "ukulele",
    ]

    /// Ambience beds (`@ambience NAME`, and the implicit beds of `implicit-cues`).
    public static let ambienceBeds: [String] = [
        "none", "room-tone", "room-tone-night", "office", "kitchen", "bar", "restaurant", "hospital",
        "studio", "car-interior", "train", "church", "warehouse", "exterior-day", "exterior-night",
        "city-day", "city-night", "traffic", "forest-day", "forest-night", "rain", "storm", "wind",
        "sea", "harbour", "beach", "crowd", "park", "countryside", "night-insects", "dawn-chorus",
    ]

    /// espeak-ng language names accepted in `voice=` (a voice is `LANGUAGE` or `LANGUAGE+VARIANT`).
    public static let voiceLanguages: [String] = [
        "en", "en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029",
        "en-us-nyc", "fr", "fr-be", "fr-ch", "de", "es", "es-419", "it", "pt", "pt-br", "nl", "sv", "da",
        "nb", "fi", "pl", "cs", "ru", "uk", "el", "tr", "ja", "cmn", "yue", "hi", "ar", "he", "ko",
    ]

    /// espeak-ng voice variants.
    public static let voiceVariants: [String] = [
        "m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "croak", "klatt", "klatt2",
        "klatt3", "klatt4", "whisper", "whisperf", "belinda", "benjamin", "caleb", "david", "kaukovalta",
        "michael", "robert", "steph", "annie", "aunty", "boris", "edward", "iven", "quincy",
    ]

    /// Shot vocabulary: phrase (lower case, words joined by '-') → term.
    enum ShotTerm: Equatable {
        case framing(Framing)
        case angle(CameraAngle)
        case movement(CameraMovement)
        case speed(MovementSpeed)
    }

    static let shotTerms: [String: ShotTerm] = {
        var t: [String: ShotTerm] = [:]
        for f in Framing.allCases { t[f.rawValue] = .framing(f) }
        for a in CameraAngle.allCases { t[a.rawValue] = .angle(a) }
        for m in CameraMovement.allCases { t[m.rawValue] = .movement(m) }
        for s in MovementSpeed.allCases { t[s.rawValue] = .speed(s) }
        let framing: [String: Framing] = [
            "ews": .extremeWide, "xws": .extremeWide, "extreme-wide-shot": .extremeWide, "ws": .wide,
            "wide-shot": .wide, "long": .wide, "long-shot": .wide, "full-shot": .full, "mws": .mediumWide,
            "cowboy": .mediumWide, "ms": .medium, "mid": .medium, "mid-shot": .medium, "medium-shot": .medium,
            "mcu": .mediumClose, "medium-close-up": .mediumClose, "cu": .close, "close-up": .close,
            "closeup": .close, "tight": .close, "ecu": .extremeClose, "xcu": .extremeClose,
            "extreme-close-up": .extremeClose, "ots": .overTheShoulder, "over-shoulder": .overTheShoulder,
            "2-shot": .twoShot, "two": .twoShot, "point-of-view": .pov, "insert-shot": .insert,
            "establishing-shot": .establishing,
        ]
        for (k, v) in framing { t[k] = .framing(v) }
        let angles: [String: CameraAngle] = [
            "high": .highAngle, "low": .lowAngle, "top-down": .overhead, "birds-eye": .overhead,
            "dutch-angle": .dutch, "canted": .dutch, "eye": .eyeLevel,
        ]
        for (k, v) in angles { t[k] = .angle(v) }
        let moves: [String: CameraMovement] = [
            "static": .hold, "locked-off": .hold, "push": .pushIn, "push-on": .pushIn, "pull-back": .pullOut,
            "pull": .pullOut, "dolly": .track, "hand-held": .handheld, "zoom": .zoomIn, "following": .follow,
            "tracking": .track, "arc": .orbit, "whip": .whipPan, "tilt-up-to": .tiltUp,
        ]
        for (k, v) in moves { t[k] = .movement(v) }
        t["slowly"] = .speed(.slow)
        t["quick"] = .speed(.fast)
        return t
    }()

    /// Words that introduce the subject of a shot (`close on MARGO`).
    static let subjectWords: Set<String> = ["on", "of", "to", "at", "onto", "into", "across", "over", "from"]
}
