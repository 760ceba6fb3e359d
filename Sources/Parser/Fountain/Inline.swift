import CFountainScan

/// Emphasis styles of a run of text.
public struct TextStyle: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextStyle(rawValue: 1 << 0)
    public static let italic = TextStyle(rawValue: 1 << 1)
    public static let underline = TextStyle(rawValue: 1 << 2)

    /// Names in a fixed order, as the JSON form writes them.
    public var names: [String] {
        var out: [String] = []
        if contains(.bold) { out.append("bold") }
        if contains(.italic) { out.append("italic") }
        if contains(.underline) { out.append("underline") }
        return out
    }
}

/// A stretch of plain text with one style.
public struct StyledRun: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    public init(text: String, style: TextStyle) {
        self.text = text
        self.style = style
    }
}

/// A note `[[…]]` inside or beside an element.
public struct InlineNote: Sendable, Hashable {
    /// The text between the brackets, trimmed; line breaks as `\n`.
    public var text: String
    /// The note with its brackets.
    public var range: SourceRange
    public init(text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// The resolved inline content of an element or a title-page value: plain text (markers and notes
/// removed, escapes resolved, line breaks as `\n`), styled runs that partition that text, notes,
/// and the boneyard ranges that were dropped.
public struct InlineContent: Sendable, Hashable {
    public var text: String
    public var runs: [StyledRun]
    public var notes: [InlineNote]
    public var boneyards: [SourceRange]

    public init(text: String, runs: [StyledRun], notes: [InlineNote], boneyards: [SourceRange]) {
        self.text = text
        self.runs = runs
        self.notes = notes
        self.boneyards = boneyards
    }
}

/// Finds the closers of notes and boneyards within one line, remembering failed searches: once
/// no closer follows offset k, none follows any later offset either, so a line of `[[[[…` costs
/// one scan, not one per opener.
struct CloserSearch {
    private var noteFailFrom = Int.max
    private var boneyardFailFrom = Int.max

    mutating func note(_ from: Int, _ before: Int, _ scanner: InlineScanner) -> Int? {
        guard from < noteFailFrom else { return nil }
        if let k = scanner.find(0x5D, from: from, before: before) { return k }
        noteFailFrom = from
        return nil
    }

    mutating func boneyard(_ from: Int, _ before: Int, _ scanner: InlineScanner) -> Int? {
        guard from < boneyardFailFrom else { return nil }
        if let k = scanner.find(0x2A, 0x2F, from: from, before: before) { return k }
        boneyardFailFrom = from
        return nil
    }
}

/// Storage that `InlineScanner.diagnoseEmphasis` reuses from line to line.
struct EmphasisScratch {
    fileprivate var delims: [InlineScanner.Delimiter] = []
    fileprivate var stars: [Int] = []
    fileprivate var unders: [Int] = []
}

/// Accumulates the output of the inline scanner over the lines of one element.
struct InlineBuilder {
    var bytes: [UInt8] = []
    /// (start, end, style) over `bytes`.
    var spans: [(Int, Int, TextStyle)] = []
    var notes: [InlineNote] = []
    var boneyards: [SourceRange] = []

    mutating func append(_ b: UInt8, _ style: TextStyle) {
        let at = bytes.count
        bytes.append(b)
        if let last = spans.last, last.2 == style, last.1 == at {
            spans[spans.count - 1].1 = at + 1
        } else {
            spans.append((at, at + 1, style))
        }
    }

    func finish() -> InlineContent {
        let text = String(decoding: bytes, as: UTF8.self)
        var runs: [StyledRun] = []
        runs.reserveCapacity(spans.count)
        for (s, e, style) in spans {
            let t = String(decoding: bytes[s..<e], as: UTF8.self)
            if let last = runs.last, last.style == style {
                runs[runs.count - 1].text += t
            } else {
                runs.append(StyledRun(text: t, style: style))
            }
        }
        return InlineContent(text: text, runs: runs, notes: notes, boneyards: boneyards)
    }
}

/// Resolves notes, boneyard, escapes and emphasis on one content line. Emphasis never crosses a
/// line: delimiters pair only within the line. `*`/`**`/`***` give italic/bold/bold italic and `_`
/// underline; a delimiter run opens when followed by a non-blank and closes when preceded by one,
/// and `_` does not open or close inside a word. Unpaired delimiters that could open or close stay
/// literal and are reported.
struct InlineScanner {
    let p: UnsafeBufferPointer<UInt8>

    private enum Token {
        case byte(UInt8)
        case delimiter(Int)
    }

    fileprivate struct Delimiter {
        var char: UInt8
        var count: Int
        var remaining: Int
        var canOpen: Bool
        var canClose: Bool
        var source: SourceRange
    }

    func scan(_ line: ContentLine, into out: inout InlineBuilder, diagnostics: inout [Diagnostic]) {
        var closers = CloserSearch()
        if line.flags.contains(.annotations) || line.flags.contains(.hidden) {
            collectAnnotations(line.range, window: line.text, into: &out)
        }
        if line.flags.contains(.hidden) || line.flags.contains(.spacer) { return }
        let text = line.text
        if !line.flags.contains(.markup) && !line.flags.contains(.annotations) {
            for i in text.range { out.append(p[i], []) }
            return
        }
        var tokens: [Token] = []
        var delims: [Delimiter] = []
        tokens.reserveCapacity(text.length)
        var i = text.start
        let e = text.end
        while i < e {
            let b = p[i]
            if b == 0x5B, i + 1 < e, p[i + 1] == 0x5B, let close = closers.note(i + 2, line.range.end, self) {
                i = skipAnnotation(close + 2, tokens: &tokens, limit: e)
                continue
            }
            if b == 0x2F, i + 1 < e, p[i + 1] == 0x2A, let close = closers.boneyard(i + 2, line.range.end, self) {
                i = skipAnnotation(close + 2, tokens: &tokens, limit: e)
                continue
            }
            if b == 0x5C, i + 1 < e, isASCIIPunctuation(p[i + 1]) {
                tokens.append(.byte(p[i + 1]))
                i += 2
                continue
            }
            if b == 0x2A || b == 0x5F {
                var j = i
                while j < e && p[j] == b { j += 1 }
                delims.append(delimiter(b, i, j, text))
                tokens.append(.delimiter(delims.count - 1))
                i = j
                continue
            }
            tokens.append(.byte(b))
            i += 1
        }
        if delims.isEmpty {
            for t in tokens { if case .byte(let b) = t { out.append(b, []) } }
            return
        }
        let pairs = pair(&delims)
        // Style of each delimiter index region: count pairs covering (open, close).
        let dn = delims.count
        var bold = [Int](repeating: 0, count: dn + 1)
        var italic = bold
        var underline = bold
        for pair in pairs {
            switch pair.style {
            case .bold:
                bold[pair.open + 1] += 1; bold[pair.close + 1] -= 1
            case .italic:
                italic[pair.open + 1] += 1; italic[pair.close + 1] -= 1
            default:
                underline[pair.open + 1] += 1; underline[pair.close + 1] -= 1
            }
        }
        // Region r (between delimiter r-1 and r) has the prefix sums at index r.
        var regionStyle = [TextStyle](repeating: [], count: dn + 1)
        var cb = 0
        var ci = 0
        var cu = 0
        for r in 0...dn {
            cb += bold[r]; ci += italic[r]; cu += underline[r]
            var s: TextStyle = []
            if cb > 0 { s.insert(.bold) }
            if ci > 0 { s.insert(.italic) }
            if cu > 0 { s.insert(.underline) }
            regionStyle[r] = s
        }
        var region = 0
        for t in tokens {
            switch t {
            case .byte(let b):
                out.append(b, regionStyle[region])
            case .delimiter(let d):
                let del = delims[d]
                // Leftover delimiter characters are literal, styled like the text around them.
                let outer = regionStyle[d]
                for _ in 0..<del.remaining { out.append(del.char, outer) }
                if del.remaining > 0 && (del.canOpen || del.canClose) {
                    let marker = String(repeating: Character(Unicode.Scalar(del.char)), count: del.remaining)
                    diagnostics.append(FountainDiagnostics.unbalancedEmphasis(marker, at: del.source))
                }
                region = d + 1
            }
        }
    }

    /// Reports unpaired emphasis delimiters on a line without building its text (the parser's
    /// check; `scan` computes the same pairing when text is requested). `scratch` is reused from
    /// line to line so that the check allocates nothing once it has warmed up.
    func diagnoseEmphasis(_ line: ContentLine, scratch: inout EmphasisScratch, into diagnostics: inout [Diagnostic]) {
        var closers = CloserSearch()
        if line.flags.contains(.hidden) || line.flags.contains(.spacer) { return }
        scratch.delims.removeAll(keepingCapacity: true)
        let text = line.text
        var i = text.start
        let e = text.end
        let base = p.baseAddress!
        while i < e {
            // Bytes other than '[', '/', '\', '*' and '_' only advance: skip them in bulk.
            var b = p[i]
            if b != 0x5B && b != 0x2F && b != 0x5C && b != 0x2A && b != 0x5F {
                i = scriptc_find_inline_marker(base, i, e)
                if i >= e { break }
                b = p[i]
            }
            if b == 0x5B, i + 1 < e, p[i + 1] == 0x5B, let close = closers.note(i + 2, line.range.end, self) {
                i = close + 2
                continue
            }
            if b == 0x2F, i + 1 < e, p[i + 1] == 0x2A, let close = closers.boneyard(i + 2, line.range.end, self) {
                i = close + 2
                continue
            }
            if b == 0x5C, i + 1 < e, isASCIIPunctuation(p[i + 1]) {
                i += 2
                continue
            }
            if b == 0x2A || b == 0x5F {
                var j = i
                while j < e && p[j] == b { j += 1 }
                scratch.delims.append(delimiter(b, i, j, text))
                i = j
                continue
            }
            i += 1
        }
        guard !scratch.delims.isEmpty else { return }
        scratch.stars.removeAll(keepingCapacity: true)
        scratch.unders.removeAll(keepingCapacity: true)
        matchDelimiters(&scratch.delims, stars: &scratch.stars, unders: &scratch.unders) { _, _, _ in }
        for d in scratch.delims where d.remaining > 0 && (d.canOpen || d.canClose) {
            let marker = String(repeating: Character(Unicode.Scalar(d.char)), count: d.remaining)
            diagnostics.append(FountainDiagnostics.unbalancedEmphasis(marker, at: d.source))
        }
    }

    /// A delimiter run `i..<j` of byte `b` with its flanking: it opens when followed by a
    /// non-blank and closes when preceded by one; `_` neither opens nor closes inside a word.
    private func delimiter(_ b: UInt8, _ i: Int, _ j: Int, _ text: SourceRange) -> Delimiter {
        let prev: UInt8? = i > text.start ? p[i - 1] : nil
        let next: UInt8? = j < text.end ? p[j] : nil
        var canOpen = next.map { !isSpaceOrTab($0) } ?? false
        var canClose = prev.map { !isSpaceOrTab($0) } ?? false
        if b == 0x5F {
            if let prev, isWordByte(prev) { canOpen = false }
            if let next, isWordByte(next) { canClose = false }
        } else if prev == 0x2F || next == 0x2F {
            // The `*` of a literal (unclosed) '/*' or a stray '*/' is not emphasis.
            canOpen = false
            canClose = false
        }
        return Delimiter(
            char: b, count: j - i, remaining: j - i, canOpen: canOpen, canClose: canClose,
            source: SourceRange(start: i, end: j))
    }

    /// Pairs closers with the nearest opener of the same character; returns the pairs. One stack
    /// of open delimiters per character keeps this linear: the nearest usable opener is always
    /// on top, and openers inside a pair are dropped once the pair closes.
    private func pair(_ delims: inout [Delimiter]) -> [(open: Int, close: Int, style: TextStyle)] {
        var pairs: [(open: Int, close: Int, style: TextStyle)] = []
        var stars: [Int] = []
        var unders: [Int] = []
        matchDelimiters(&delims, stars: &stars, unders: &unders) { pairs.append(($0, $1, $2)) }
        return pairs
    }

    /// The pairing itself: updates `remaining` of each delimiter and reports each pair (opener,
    /// closer, style) in order. `stars` and `unders` are the stacks of open delimiters, empty on entry.
    @inline(__always)
    private func matchDelimiters(
        _ delims: inout [Delimiter], stars: inout [Int], unders: inout [Int], onPair: (Int, Int, TextStyle) -> Void
    ) {
        for c in delims.indices {
            let isStar = delims[c].char == 0x2A
            if delims[c].canClose {
                while delims[c].remaining > 0 {
                    guard let o = isStar ? stars.last : unders.last else { break }
                    let style: TextStyle
                    let used: Int
                    if !isStar {
                        used = min(delims[o].remaining, delims[c].remaining)
                        style = .underline
                    } else if delims[o].remaining >= 2 && delims[c].remaining >= 2 {
                        used = 2
                        style = .bold
                    } else {
                        used = 1
                        style = .italic
                    }
                    delims[o].remaining -= used
                    delims[c].remaining -= used
                    onPair(o, c, style)
                    if delims[o].remaining == 0 {
                        if isStar { stars.removeLast() } else { unders.removeLast() }
                    }
                }
            }
            if delims[c].canOpen && delims[c].remaining > 0 {
                if isStar { stars.append(c) } else { unders.append(c) }
            }
        }
    }

    @inline(__always) private func isWordByte(_ b: UInt8) -> Bool { isASCIIAlnum(b) || b >= 0x80 }

    /// Skips an annotation ending at `after`, then collapses whitespace so that removing it leaves
    /// one space, not two.
    private func skipAnnotation(_ after: Int, tokens: inout [Token], limit: Int) -> Int {
        var i = after
        let lastIsSpace: Bool
        if case .byte(let b)? = tokens.last { lastIsSpace = isSpaceOrTab(b) } else { lastIsSpace = tokens.isEmpty }
        if lastIsSpace {
            while i < limit && isSpaceOrTab(p[i]) { i += 1 }
        }
        return i
    }

    /// Offset of `a a` (or `a b`) at or after `from` and before `before`.
    func find(_ a: UInt8, _ b: UInt8? = nil, from: Int, before: Int) -> Int? {
        let second = b ?? a
        var i = from
        while i + 1 < before {
            if p[i] == a && p[i + 1] == second { return i }
            i += 1
        }
        return nil
    }

    /// Records every note and boneyard in `range` (escapes honoured).
    private func collectAnnotations(_ range: SourceRange, window: SourceRange, into out: inout InlineBuilder) {
        var closers = CloserSearch()
        var i = range.start
        let e = range.end
        while i < e {
            let b = p[i]
            if b == 0x5C, i + 1 < e, isASCIIPunctuation(p[i + 1]) {
                i += 2
                continue
            }
            if b == 0x5B, i + 1 < e, p[i + 1] == 0x5B, let close = closers.note(i + 2, e, self) {
                out.notes.append(InlineNote(text: noteText(i + 2, close), range: SourceRange(start: i, end: close + 2)))
                i = close + 2
                continue
            }
            if b == 0x2F, i + 1 < e, p[i + 1] == 0x2A, let close = closers.boneyard(i + 2, e, self) {
                out.boneyards.append(SourceRange(start: i, end: close + 2))
                i = close + 2
                continue
            }
            i += 1
        }
    }

    /// The trimmed inside of a note with CRLF/CR line breaks as LF.
    func noteText(_ s: Int, _ e: Int) -> String {
        var a = s
        var b = e
        while a < b && (isSpaceOrTab(p[a]) || p[a] == 0x0A || p[a] == 0x0D) { a += 1 }
        while b > a && (isSpaceOrTab(p[b - 1]) || p[b - 1] == 0x0A || p[b - 1] == 0x0D) { b -= 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(b - a)
        var i = a
        while i < b {
            let c = p[i]
            if c == 0x0D {
                bytes.append(0x0A)
                if i + 1 < b && p[i + 1] == 0x0A { i += 1 }
            } else {
                bytes.append(c)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Screenplay {
    /// The inline content of `lines` (an element's or a title-page field's), lines joined by `\n`.
    public func inline(lines range: Range<Int>) -> InlineContent {
        if let text = plainText(lines: range) {
            return InlineContent(
                text: text, runs: text.isEmpty ? [] : [StyledRun(text: text, style: [])], notes: [], boneyards: [])
        }
        var builder = InlineBuilder()
        var ignored: [Diagnostic] = []
        source.bytes.withUnsafeBufferPointer { buf in
            let scanner = InlineScanner(p: buf)
            var first = true
            for k in range {
                let line = lines[k]
                if !line.flags.contains(.hidden) {
                    if !first { builder.append(0x0A, []) }
                    first = false
                }
                scanner.scan(line, into: &builder, diagnostics: &ignored)
            }
        }
        return builder.finish()
    }

    /// The text of `lines` when none holds markup, notes or boneyard (most of a screenplay): the
    /// lines' text bytes joined by `\n`, decoded without the inline resolver. Nil otherwise.
    func plainText(lines range: Range<Int>) -> String? {
        let blocking: ContentLine.Flags = [.markup, .annotations, .hidden]
        for k in range where !lines[k].flags.isDisjoint(with: blocking) { return nil }
        let bytes = source.bytes
        if range.count == 1 {
            let r = lines[range.lowerBound].text.clamped(to: bytes.count)
            return String(decoding: bytes[r.start..<r.end], as: UTF8.self)
        }
        var out: [UInt8] = []
        for k in range {
            if k != range.lowerBound { out.append(0x0A) }
            let r = lines[k].text.clamped(to: bytes.count)
            out.append(contentsOf: bytes[r.start..<r.end])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func inline(of element: Element) -> InlineContent {
        var content = inline(lines: element.lines)
        switch element.kind {
        case .note:
            content.text = content.notes.map(\.text).joined(separator: "\n")
            content.runs = content.text.isEmpty ? [] : [StyledRun(text: content.text, style: [])]
        case .boneyard:
            let inner = source.bytes.withUnsafeBufferPointer { buf in
                content.boneyards.map { InlineScanner(p: buf).noteText($0.start + 2, $0.end - 2) }
            }
            content.text = inner.joined(separator: "\n")
            content.runs = content.text.isEmpty ? [] : [StyledRun(text: content.text, style: [])]
        default:
            break
        }
        return content
    }

    /// The plain text of an element: markers, notes and boneyard removed, escapes resolved.
    public func text(of element: Element) -> String { inline(of: element).text }

    /// The source text of a range.
    public func source(_ range: SourceRange) -> String { source.text(range) }
}
