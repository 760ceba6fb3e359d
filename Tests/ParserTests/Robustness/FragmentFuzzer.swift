/// Builds Fountain-like inputs from fragments: element openers, markup delimiters, line
/// terminators, multi-byte characters, NUL and invalid UTF-8, all chosen by a seeded SplitMix64.
struct FragmentFuzzer {
    static let fragments: [[UInt8]] = {
        let text: [String] = [
            "INT. HOUSE - DAY", "EXT. PARK #1A#", ".FORCED", "...", "I/E CAR", "est. city",
            "BRICK", "STEEL (V.O.)", "MOM (O.S.) (CONT'D)", "@McCLANE", "ÉTIENNE", "R2D2", "23", " ^", "^",
            "(beat)", "~la la", ">", "<", "CUT TO:", ">FADE OUT.", ">THE END<", "!", "@", "#", "##", "=", "===",
            "[[", "]]", "/*", "*/", "*", "**", "***", "_", "\\", "\\*", "Title:", "Draft date:", "Key: value",
            "   ", "\t", "  ", " ", "He waits.", "word", "TO:", "(", ")", "#12#", "Ça va", "🎬", "日本語",
            "\n", "\n", "\n", "\n\n", "\r\n", "\r", "\r\n\r\n",
        ]
        var out = text.map { Array($0.utf8) }
        out += [[0x00], [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF]]
        return out
    }()

    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next(maxFragments: Int = 60) -> [UInt8] {
        var out: [UInt8] = []
        let count = rng.below(maxFragments + 1)
        if rng.below(8) == 0 { out += [0xEF, 0xBB, 0xBF] }
        for _ in 0..<count {
            out += Self.fragments[rng.below(Self.fragments.count)]
        }
        return out
    }
}
