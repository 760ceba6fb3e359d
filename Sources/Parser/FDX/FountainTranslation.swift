/// Writes canonical Fountain for FDX content: every paragraph becomes exactly one Fountain
/// element of its kind (forcing markers `!`, `.`, `@`, `>`, `~` everywhere), text is escaped so
/// that no byte is read as markup, and styles become emphasis markers that the inline resolver
/// pairs back to the same styles. While writing, it records which XML element produced each
/// byte, for `SourceOrigin`.
struct FountainTranslation {
    /// A piece of styled text and the XML element it came from.
    struct Piece {
        var bytes: ArraySlice<UInt8>
        var style: TextStyle
        var xml: SourceRange
    }

    enum LineKind {
        /// Action after '!': nothing at the start needs escaping.
        case forced
        /// Dialogue and title-page values: a leading `(`, `~`, `#`, `=`, `!`, `@`, `.`, `>` is escaped.
        case dialogue
        /// Text inside markers (`.heading`, `>centered<`, `~lyrics`, `(paren)`): leading blanks dropped.
        case inner
    }

    var out: [UInt8] = []
    /// Ownership segments being built.
    var segments: [SourceOrigin.Segment] = []
    /// (translation offset, paragraph XML range, FDX type) of each emitted paragraph start.
    var anchors: [(start: Int, xml: SourceRange, type: String)] = []
    private var owner = SourceRange(start: -1, end: -1)

    init(capacity: Int) { out.reserveCapacity(capacity) }

    /// Attributes the bytes written from now on to `xml`.
    mutating func own(_ xml: SourceRange) {
        if xml == owner { return }
        let at = out.count
        if var last = segments.last {
            if last.translated.start == at {
                segments.removeLast()
                if let prev = segments.last, prev.original == xml {
                    owner = xml
                    return
                }
            } else {
                last.translated.end = at
                segments[segments.count - 1] = last
            }
        }
        segments.append(SourceOrigin.Segment(translated: SourceRange(start: at, end: at), original: xml))
        owner = xml
    }

    mutating func finish() {
        if !segments.isEmpty { segments[segments.count - 1].translated.end = out.count }
    }

    mutating func anchor(_ xml: SourceRange, type: String) {
        own(xml)
        anchors.append((out.count, xml, type))
    }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func newline() { out.append(0x0A) }

    // MARK: Lines

    /// Splits pieces at line breaks (LF, CRLF, CR, U+2028, U+2029).
    static func lines(_ pieces: [Piece]) -> [[Piece]] {
        var result: [[Piece]] = [[]]
        for piece in pieces {
            let b = piece.bytes
            var s = b.startIndex
            var i = s
            while i < b.endIndex {
                let c = b[i]
                var breakLen = 0
                if c == 0x0A {
                    breakLen = 1
                } else if c == 0x0D {
                    breakLen = (i + 1 < b.endIndex && b[i + 1] == 0x0A) ? 2 : 1
                } else if c == 0xE2, i + 2 < b.endIndex, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 {
                    breakLen = 3
                }
                if breakLen > 0 {
                    if i > s { result[result.count - 1].append(Piece(bytes: b[s..<i], style: piece.style, xml: piece.xml)) }
                    result.append([])
                    i += breakLen
                    s = i
                } else {
                    i += 1
                }
            }
            if i > s { result[result.count - 1].append(Piece(bytes: b[s..<i], style: piece.style, xml: piece.xml)) }
        }
        return result
    }

    static func isBlankLine(_ line: [Piece]) -> Bool {
        for p in line { for b in p.bytes where b != 0x20 && b != 0x09 { return false } }
        return true
    }

    /// The plain bytes of a line.
    static func plain(_ line: [Piece]) -> [UInt8] {
        var out: [UInt8] = []
        for p in line { out.append(contentsOf: p.bytes) }
        return out
    }

    /// Writes one line of text with escapes and emphasis.
    /// - Parameters:
    ///   - keepStyles: false drops emphasis (character cues).
    ///   - plainEdges: the first and last visible byte stay unstyled (the parentheses of a parenthetical).
    mutating func text(_ line: [Piece], kind: LineKind, keepStyles: Bool = true, plainEdges: Bool = false) {
        if !keepStyles || line.allSatisfy({ $0.style.isEmpty }) {
            plainText(line, kind: kind)
            return
        }
        // Flatten to bytes with a style and an owner each.
        var bytes: [UInt8] = []
        var styles: [TextStyle] = []
        var owners: [Int32] = []
        var ownerRanges: [SourceRange] = []
        for p in line {
            ownerRanges.append(p.xml)
            let o = Int32(ownerRanges.count - 1)
            for b in p.bytes {
                bytes.append(b)
                styles.append(keepStyles ? p.style : [])
                owners.append(o)
            }
        }
        var s = 0
        var e = bytes.count
        if kind != .forced {
            while s < e && isSpaceOrTab(bytes[s]) { s += 1 }
        }
        while e > s && isSpaceOrTab(bytes[e - 1]) { e -= 1 }
        guard s < e else {
            if let first = ownerRanges.first { own(first) }
            return
        }
        if plainEdges {
            styles[s] = []
            styles[e - 1] = []
        }
        Self.normalizeStyles(bytes, &styles, s, e)
        var cur: TextStyle = []
        let star: TextStyle = [.bold, .italic]
        var i = 0
        while i < e {
            let b = bytes[i]
            own(ownerRanges[Int(owners[i])])
            let st = i >= s ? styles[i] : []
            if st != cur {
                let oldStar = cur.intersection(star)
                let newStar = st.intersection(star)
                if oldStar != newStar && !oldStar.isEmpty { marker(oldStar) }
                if cur.contains(.underline) && !st.contains(.underline) { out.append(0x5F) }
                if !cur.contains(.underline) && st.contains(.underline) { out.append(0x5F) }
                if oldStar != newStar && !newStar.isEmpty { marker(newStar) }
                cur = st
            }
            if needsEscape(bytes, i, s, e, kind) { out.append(0x5C) }
            out.append(b)
            i += 1
        }
        if !cur.intersection(star).isEmpty { marker(cur.intersection(star)) }
        if cur.contains(.underline) { out.append(0x5F) }
    }

    /// `text` for a line without styles: no per-byte tables.
    private mutating func plainText(_ line: [Piece], kind: LineKind) {
        // Visible bounds across pieces: (piece, index) of the first and last non-blank byte.
        var first: (Int, Int)? = nil
        var last: (Int, Int)? = nil
        for (k, p) in line.enumerated() {
            for i in p.bytes.indices where !isSpaceOrTab(p.bytes[i]) {
                if first == nil { first = (k, i) }
                last = (k, i)
            }
        }
        guard let first, let last else {
            if let p = line.first { own(p.xml) }
            return
        }
        var startPiece = 0
        var startIndex = line[0].bytes.startIndex
        if kind != .forced { (startPiece, startIndex) = first }
        var atStart = true
        for k in startPiece...last.0 {
            let p = line[k]
            own(p.xml)
            let b = p.bytes
            let s = k == startPiece ? startIndex : b.startIndex
            let e = k == last.0 ? last.1 + 1 : b.endIndex
            var i = s
            while i < e {
                let c = b[i]
                var escape = false
                switch c {
                case 0x2A, 0x5F, 0x5C:
                    escape = true
                case 0x5B:
                    escape = Self.next(line, k, i) == 0x5B
                case 0x2F:
                    escape = Self.next(line, k, i) == 0x2A
                case 0x23:
                    escape = (k == last.0 && i == last.1) || (atStart && kind == .inner)
                case 0x28, 0x7E, 0x3D, 0x21, 0x40, 0x2E, 0x3E:
                    if atStart && kind == .dialogue { escape = true }
                    if atStart && kind == .inner && (c == 0x2E || c == 0x3D) { escape = true }
                default:
                    break
                }
                if c == 0x23 && atStart && kind == .dialogue { escape = true }
                if escape { out.append(0x5C) }
                out.append(c)
                if !isSpaceOrTab(c) { atStart = false }
                i += 1
            }
        }
    }

    /// The byte after `line[k].bytes[i]` on the line, if any.
    private static func next(_ line: [Piece], _ k: Int, _ i: Int) -> UInt8? {
        let b = line[k].bytes
        if i + 1 < b.endIndex { return b[i + 1] }
        var j = k + 1
        while j < line.count {
            if let f = line[j].bytes.first { return f }
            j += 1
        }
        return nil
    }

    private mutating func marker(_ style: TextStyle) {
        if style.contains(.bold) { raw("**") }
        if style.contains(.italic) { out.append(0x2A) }
    }

    @inline(__always)
    private func needsEscape(_ bytes: [UInt8], _ i: Int, _ s: Int, _ e: Int, _ kind: LineKind) -> Bool {
        let b = bytes[i]
        switch b {
        case 0x2A, 0x5F, 0x5C:  // * _ \
            return true
        case 0x5B:  // [[ opens a note
            return i + 1 < e && bytes[i + 1] == 0x5B
        case 0x2F:  // /* opens a boneyard (the '*' is escaped too; belt and braces)
            return i + 1 < e && bytes[i + 1] == 0x2A
        default:
            break
        }
        if i == s && kind == .dialogue {
            switch b {
            case 0x28, 0x7E, 0x23, 0x3D, 0x21, 0x40, 0x2E, 0x3E:  // ( ~ # = ! @ . >
                return true
            default:
                return false
            }
        }
        if i == s && kind == .inner {
            // After '.', a second '.' would stop the heading being forced; '#' could end in a
            // scene number; '=' and '#' would start a synopsis or section after blanks.
            return b == 0x2E || b == 0x23 || b == 0x3D
        }
        if i == e - 1 && b == 0x23 { return true }  // a trailing '#…#' would read as a scene number
        return false
    }

    /// Makes styles expressible in Fountain: emphasis cannot start or end at a blank, and `_`
    /// cannot open or close inside a word, so those styles are dropped where they would.
    static func normalizeStyles(_ bytes: [UInt8], _ styles: inout [TextStyle], _ s: Int, _ e: Int) {
        // Blanks keep a style bit only when the bytes around them both have it.
        var i = s
        while i < e {
            if isSpaceOrTab(bytes[i]) {
                var j = i
                while j < e && isSpaceOrTab(bytes[j]) { j += 1 }
                let left: TextStyle = i > s ? styles[i - 1] : []
                let right: TextStyle = j < e ? styles[j] : []
                for k in i..<j { styles[k] = styles[k].intersection(left).intersection(right) }
                i = j
            } else {
                i += 1
            }
        }
        // Underline spans must not open after or close before a word byte.
        i = s
        while i < e {
            guard styles[i].contains(.underline) else {
                i += 1
                continue
            }
            var j = i
            while j < e && styles[j].contains(.underline) { j += 1 }
            let openOK = i == s || !isWordByte(bytes[i - 1])
            let closeOK = j == e || !isWordByte(bytes[j])
            if !(openOK && closeOK) {
                for k in i..<j { styles[k].remove(.underline) }
            }
            i = j
        }
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { isASCIIAlnum(b) || b >= 0x80 }

    /// Writes note text for `[[…]]`: no blank line (it would end the note) and no `]]`.
    mutating func noteText(_ text: [UInt8]) {
        var lines: [[UInt8]] = [[]]
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == 0x0A || c == 0x0D {
                if c == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A { i += 1 }
                lines.append([])
            } else if c == 0xE2, i + 2 < text.count, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 {
                i += 2
                lines.append([])
            } else {
                lines[lines.count - 1].append(c)
            }
            i += 1
        }
        // Trim blank lines at both ends.
        while let f = lines.first, f.allSatisfy(isSpaceOrTab), lines.count > 1 { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy(isSpaceOrTab), lines.count > 1 { lines.removeLast() }
        for (k, var line) in lines.enumerated() {
            if k > 0 { newline() }
            while let l = line.last, isSpaceOrTab(l) { line.removeLast() }
            if line.isEmpty && lines.count > 1 {
                raw("  ")
                continue
            }
            var prev: UInt8 = 0
            for c in line {
                if c == 0x5D && prev == 0x5D { out.append(0x20) }
                out.append(c)
                prev = c
            }
        }
    }
}
