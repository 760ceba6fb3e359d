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

    private static func counts(_ buf: UnsafeBufferPointer<UInt8>) -> (words: Int, clauses: Int, sentences: Int) {
        var words = 0, clauses = 0, sentences = 0
        var inWord = false
        var pendingSentence = false
        do {
            var i = 0
            while i < buf.count {
                let b = buf[i]
                let letter = (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
                if letter {
                    if !inWord {
                        words += 1
                        inWord = true
                        if pendingSentence { sentences += 1; pendingSentence = false }
                    }
                } else {
                    if b != 0x27 { inWord = false }
                    switch b {
                    case 0x2C, 0x3B, 0x3A: clauses += 1
                    case 0x2E, 0x21, 0x3F: pendingSentence = true
                    case 0xE2:
                        // An em dash (E2 80 94) or ellipsis (E2 80 A6).
                        if i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0x94 || buf[i + 2] == 0xA6 { clauses += 1; i += 2 }
                    case 0x2D:
                        if i + 1 < buf.count, buf[i + 1] == 0x2D { clauses += 1; i += 1 }
                    default: break
                    }
                }
                i += 1
            }
        }
        return (words, clauses, sentences)
    }
}
