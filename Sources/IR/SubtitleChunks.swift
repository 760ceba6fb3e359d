/// How a spoken line is shown as subtitle cues (`.srt`, `.vtt`): in chunks of at most two lines
/// of `lineWidth` characters, each on screen for a share of the line's length in
/// proportion to its characters. A line that fits in one chunk is shown whole, as written (in two
/// lines when it is longer than one and has no line breaks of its own).
///
/// Chunks end, in order of preference, after a sentence (`.`, `?`, `!`, `…`) once the chunk holds
/// a third of its room, after a clause (`,`, `;`, `:`, a dash) once it holds two thirds, and
/// otherwise at the last word that fits; a short remainder at the end joins the chunk before it
/// when they fit together. A word longer than a chunk is a chunk of its own. (A card burns in the
/// whole line, smaller when it is long: one card per line keeps an edit to one card.)
public enum SubtitleChunks {
    /// Characters per subtitle line (the common broadcast limit).
    public static let lineWidth = 42
    /// Characters per chunk: two lines.
    public static let chunkCharacters = 2 * lineWidth

    public struct Chunk: Equatable, Sendable {
        /// One line, or two joined by `\n` when the chunk is longer than `lineWidth`.
        public var text: String
        /// Frames from the start of the line.
        public var startFrame: Int
        public var frames: Int
    }

    /// The chunks of `text`, spoken over `frames` frames. One chunk (the whole text) when it fits,
    /// or when the line is too short to give every chunk a frame.
    public static func chunks(_ text: String, frames: Int) -> [Chunk] {
        // Whole: as written when it has its own line breaks, else in two lines when it is longer than one.
        let whole = [Chunk(text: text.contains("\n") ? text : twoLines(text), startFrame: 0, frames: frames)]
        if text.utf8.count <= chunkCharacters || text.count <= chunkCharacters { return whole }
        let pieces = split(text)
        guard pieces.count > 1, frames >= pieces.count else { return whole }
        let weights = pieces.map(\.count)
        let total = weights.reduce(0, +)
        var chunks: [Chunk] = []
        var cumulative = 0
        var start = 0
        for (piece, weight) in zip(pieces, weights) {
            cumulative += weight
            let end = (frames * cumulative + total / 2) / total
            chunks.append(Chunk(text: twoLines(piece), startFrame: start, frames: end - start))
            start = end
        }
        // Rounding can leave a short chunk without a frame; then show the line whole.
        return chunks.allSatisfy { $0.frames > 0 } ? chunks : whole
    }

    /// A chunk longer than one line, broken at the space nearest its middle that leaves neither
    /// line over `lineWidth` (the nearest space to the middle when none does).
    static func twoLines(_ chunk: String) -> String {
        guard chunk.count > lineWidth else { return chunk }
        let characters = Array(chunk)
        let middle = characters.count / 2
        var best: Int?
        for (i, c) in characters.enumerated() where c == " " {
            let fits = i <= lineWidth && characters.count - i - 1 <= lineWidth
            guard let b = best else { best = i; continue }
            let bFits = b <= lineWidth && characters.count - b - 1 <= lineWidth
            if (fits && !bFits) || (fits == bFits && abs(i - middle) < abs(b - middle)) { best = i }
        }
        guard let at = best else { return chunk }
        return String(characters[..<at]) + "\n" + String(characters[(at + 1)...])
    }

    /// The text in chunks of at most `chunkCharacters` characters (words joined by one space).
    static func split(_ text: String) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        var chunks: [String] = []
        var current = ""
        func close() {
            if !current.isEmpty { chunks.append(current) }
            current = ""
        }
        for word in words {
            if !current.isEmpty && current.count + 1 + word.count > chunkCharacters { close() }
            if !current.isEmpty { current += " " }
            current += word
            let n = current.count
            // The last mark before any closing quotes or brackets.
            if let last = word.reversed().first(where: { !"\"”’)]'".contains($0) }) {
                if ".?!…".contains(last) && n >= chunkCharacters / 3 { close() }
                else if ",;:—–".contains(last) && n >= 2 * chunkCharacters / 3 { close() }
            }
        }
        close()
        // A few words left over at the end (`are we.`) go back with the chunk before when they fit.
        if chunks.count > 1, let last = chunks.last, last.count < chunkCharacters / 4,
           chunks[chunks.count - 2].count + 1 + last.count <= chunkCharacters {
            chunks.removeLast()
            chunks[chunks.count - 1] += " " + last
        }
        return chunks
    }
}
