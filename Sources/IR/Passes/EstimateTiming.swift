/// Gives every event a length in frames (24 fps) with a word-rate model (docs/plan.md, "Timing"):
///
/// - dialogue: `ceil(words × 60 × 24 / wpm)`, where wpm is the voice's rate scaled by the line's
///   prosody rate; plus 4 frames per clause mark (`, ; : — …`), 8 per sentence end inside the
///   line, and a 6-frame tail; at least 12 frames. Lyrics are sung at 60 % of that rate.
/// - action: read at 180 wpm, at least 36 frames (1.5 s).
/// - pause: its length. Sound and music cues: 0 (they play over what follows).
///
/// When the backend has measured a line (`CompilationUnit.measured`, keyed by the speech call's
/// content hash) the measured length replaces the estimate, plus the same 6-frame tail.
/// Cut lengths are set by `plan-cuts`; here each cut gets the sum of its events as a first guess.
public struct EstimateTiming: Pass {
    public init() {}
    public var name: String { "estimate-timing" }
    public var summary: String { "word-rate estimate of every event's length (measured speech lengths when known)" }

    public static let tailFrames = 6
    public static let clauseFrames = 4
    public static let sentenceFrames = 8
    public static let minimumLineFrames = 12
    public static let actionWPM = 180
    public static let minimumActionFrames = 36

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        let measured = unit.measured.speechFrames
        Parallel.scenes(&ep.scenes) { range, scenes in
            for s in range {
                for c in scenes[s].cuts.indices {
                    var total = 0
                    for e in scenes[s].cuts[c].events.indices {
                        let frames: Int
                        switch scenes[s].cuts[c].events[e].payload {
                        case .dialogue(let d):
                            let voice = d.voice ?? Voice(name: "")
                            if !measured.isEmpty, let m = measured[SpeechRequest(text: d.text, voice: voice, prosody: d.prosody).contentHash] {
                                frames = m + Self.tailFrames
                            } else {
                                frames = Self.speechFrames(d.text, wpm: voice.rateWPM * d.prosody.ratePercent / 100)
                            }
                        case .lyrics(let l):
                            let voice = l.voice ?? Voice(name: "")
                            let request = SpeechRequest(text: l.text, voice: voice, prosody: Prosody(), sung: true)
                            if !measured.isEmpty, let m = measured[request.contentHash] {
                                frames = m + Self.tailFrames
                            } else {
                                frames = Self.speechFrames(l.text, wpm: voice.rateWPM * 60 / 100)
                            }
                        case .action(let a):
                            frames = max(Self.minimumActionFrames, Self.wordFrames(Self.counts(a.text).words, wpm: Self.actionWPM))
                        case .pause(let p):
                            frames = p.lengthFrames
                        case .sound, .music:
                            frames = 0
                        }
                        scenes[s].cuts[c].events[e].durationFrames = frames
                        total += frames
                    }
                    scenes[s].cuts[c].durationFrames = max(total, scenes[s].cuts[c].shot.durationFrames ?? 0)
                }
            }
        }
        unit.episode = ep
    }

    static func wordFrames(_ words: Int, wpm: Int) -> Int {
        let rate = max(40, wpm)
        return (words * 60 * 24 + rate - 1) / rate
    }

    /// The estimated length of a spoken line at `wpm`.
    public static func speechFrames(_ text: String, wpm: Int) -> Int {
        let c = counts(text)
        let frames = wordFrames(c.words, wpm: wpm) + c.clauses * clauseFrames + c.sentences * sentenceFrames + tailFrames
        return max(minimumLineFrames, frames)
    }

    /// Words, clause marks and sentence ends (not counting a final one).
    static func counts(_ text: String) -> (words: Int, clauses: Int, sentences: Int) {
        var text = text
        return text.withUTF8 { counts($0) }
    }

    /// Byte classes for `counts`: 1 letter or digit (any byte ≥ 0x80 counts as part of a word),
    /// 2 apostrophe (neither ends nor starts a word), 3 clause mark, 4 sentence end, 5 hyphen
    /// (a clause mark when doubled), 0 anything else.
    private static let byteClasses: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x80...0xFF: 1
        case 0x27: 2
        case 0x2C, 0x3B, 0x3A: 3
        case 0x2E, 0x21, 0x3F: 4
        case 0x2D: 5
        default: 0
        }
    }

    private static func counts(_ buf: UnsafeBufferPointer<UInt8>) -> (words: Int, clauses: Int, sentences: Int) {
        var words = 0, clauses = 0, sentences = 0
        var inWord = false
        var pendingSentence = false
        let n = buf.count
        guard n > 0, let p = buf.baseAddress else { return (0, 0, 0) }
        byteClasses.withUnsafeBufferPointer { table in
            let classes = table.baseAddress!
            var i = 0
            while i < n {
                let c = classes[Int(p[i])]
                if c == 1 {
                    if !inWord {
                        words += 1
                        inWord = true
                        if pendingSentence { sentences += 1; pendingSentence = false }
                    }
                } else if c != 2 {
                    inWord = false
                    if c == 3 {
                        clauses += 1
                    } else if c == 4 {
                        pendingSentence = true
                    } else if c == 5, i + 1 < n, p[i + 1] == 0x2D {
                        clauses += 1
                        i += 1
                    }
                }
                i += 1
            }
        }
        return (words, clauses, sentences)
    }
}
