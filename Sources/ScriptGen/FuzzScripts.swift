/// Small random scripts, well and badly formed, for robustness tests: scene headings, cues with
/// extensions, dual dialogue and parentheticals, sound words, transitions, lyrics, and production
/// directives with valid and invalid names, keys, values, numbers (huge, negative, fractional)
/// and units, unterminated notes and quotes. Deterministic for a seed.
public struct FuzzScripts {
    private var rng: Xoshiro256

    public init(seed: UInt64) { rng = Xoshiro256(seed: seed) }

    static let directives = ["cast", "style", "shot", "music", "sfx", "pause", "ambience", "prosody", "casst", "", "music stop", "CAST"]
    static let keys = ["voice", "rate", "pitch", "look", "aliases", "palette", "grain", "lens", "lighting", "aspect", "card", "mood",
                       "tempo", "key", "instrument", "gain", "volume", "quality", "emotion", "bed", "tmpo", "=", ""]
    static let words = ["close", "wide", "on", "MARGO", "push-in", "pan-left", "slow", "dutch", "door-slam", "knock", "rain", "noir",
                        "35mm", "tense", "Dm", "strings", "stop", "en-us+f3", "whisper", "\"tall, red coat", "\"\"", ",", ",,", "@", "[[", "]]"]
    static let units = ["s", "ms", "f", "dB", "db", "%", "bpm", "wpm", "mm", "x", "", "e9s", ".5s", "sec"]

    mutating func number() -> String {
        switch rng.below(6) {
        case 0: return String(rng.below(10))
        case 1: return String(rng.below(100_000))
        case 2: return "-" + String(rng.below(1000))
        case 3: return String(repeating: "9", count: 1 + rng.below(40))
        case 4: return "\(rng.below(100)).\(rng.below(1000))"
        default: return "+" + String(rng.below(500))
        }
    }

    /// One `[[@…]]` note (sometimes unterminated).
    public mutating func directive() -> String {
        var parts = ["@" + rng.pick(Self.directives)]
        for _ in 0..<rng.below(5) {
            switch rng.below(4) {
            case 0: parts.append("\(rng.pick(Self.keys))=\(number())\(rng.pick(Self.units))")
            case 1: parts.append("\(rng.pick(Self.keys))=\(rng.pick(Self.words))")
            case 2: parts.append(number() + rng.pick(Self.units))
            default: parts.append(rng.pick(Self.words))
            }
        }
        return "[[" + parts.joined(separator: rng.below(3) == 0 ? ", " : " ") + (rng.below(12) == 0 ? "" : "]]")
    }

    /// A script of 1–12 blocks.
    public mutating func script() -> String {
        var blocks: [String] = []
        if rng.below(3) == 0 { blocks.append("Title: Fuzz\nMax cut: \(number())\(rng.pick(Self.units))\nPalette: \(rng.pick(Self.words))") }
        for _ in 0..<(1 + rng.below(12)) {
            switch rng.below(9) {
            case 0: blocks.append(rng.pick(["INT.", "EXT.", "INT./EXT.", "I/E"]) + " ROOM \(rng.below(4)) - " + rng.pick(["DAY", "NIGHT", "LATER", "CONTINUOUS", ""]))
            case 1, 2: blocks.append(directive())
            case 3:
                let cue = rng.pick(["MARGO", "BOB", "MARGO (V.O.)", "BOB (CONT'D)", "ANN ^", "@McKENNA"])
                let parenthetical = rng.below(2) == 0 ? rng.pick(["(beat)", "(whispering)", "(shouting)", "(", "()"]) + "\n" : ""
                let line = rng.pick(["Hello.", "Where is it?", directive(), "",
                                     "A long line that goes on and on and on, more than forty-two characters, twice over."])
                blocks.append(cue + "\n" + parenthetical + line)
            case 4: blocks.append(rng.pick(["A door SLAMS.", "Rain HAMMERS the roof.", "She waits.", directive() + " The phone RINGS."]))
            case 5: blocks.append(rng.pick(["CUT TO:", "DISSOLVE TO:", "FADE OUT.", "SMASH CUT TO:", "FADE IN:", "> WHIP PAN TO:", "CUT TO BLACK."]))
            case 6: blocks.append("~" + rng.pick(["La la la", directive()]))
            case 7: blocks.append(directive() + "\n" + directive())
            default: blocks.append("[[just a note]] " + directive())
            }
        }
        return blocks.joined(separator: rng.below(8) == 0 ? "\n" : "\n\n") + "\n"
    }
}
