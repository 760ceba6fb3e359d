import CFountainScan

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses Fountain 1.1 into a lossless `Screenplay`. Never throws, never traps, and runs in time
/// linear in the input: every byte is classified once by the line scanner (CFountainScan, 64 bytes
/// at a time with AVX2 or SSE2), element kinds are decided per paragraph (a run of non-blank
/// lines), and nothing is allocated per line except the entries of the line and element tables.
/// The dialect choices are in docs/fountain-dialect.md; the grammar is in Grammar/fountain.ebnf.
public enum FountainParser {
    /// Diagnostics beyond this count are dropped and summarized by one
    /// `fountain.too-many-diagnostics` note, so hostile input cannot make the output explode.
    public static let diagnosticLimit = 1000

    public static func parse(_ source: SourceFile) -> Screenplay {
        let result: Scanner.Output = source.bytes.withUnsafeBufferPointer { buf in
            var scanner = Scanner(buf)
            scanner.run()
            defer { scanner.deallocate() }
            return scanner.output()
        }
        return Screenplay(
            source: source, format: .fountain, byteOrderMark: result.bom, leadingTrivia: result.leadingTrivia,
            titlePage: result.titlePage, elements: result.elements, lines: result.lines,
            diagnostics: result.diagnostics, lineStarts: result.lineStarts)
    }

    public static func parse(_ text: String, path: String = "<string>") -> Screenplay {
        parse(SourceFile(path: path, text: text))
    }
}

/// A logical line: one physical line, or several when a note or boneyard spans line breaks.
struct LogicalLine {
    var start: Int
    /// End of the last physical line, terminator excluded.
    var end: Int
    /// Start of the following line.
    var next: Int
    /// Visible content: whitespace and leading/trailing notes and boneyard trimmed.
    var cs: Int
    var ce: Int
    var flags: UInt8
    /// Holds at least one closed note or boneyard.
    var annotated: Bool
    var hasNote: Bool
    /// Two or more spaces and nothing else.
    var spacer: Bool

    var isEmptyContent: Bool { cs >= ce }
}

struct Scanner {
    struct Output {
        var bom: SourceRange?
        var leadingTrivia: SourceRange
        var titlePage: TitlePage?
        var elements: [Element]
        var lines: [ContentLine]
        var diagnostics: [Diagnostic]
        var lineStarts: [Int]
    }

    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    let classify: LineClassifier
    var lineScan = scriptc_line_scanner()

    var lineStarts: [Int] = [0]
    var lines: [ContentLine] = []
    var elements: [Element] = []
    /// The element being built; appended to `elements` when the next one starts, so that
    /// extending it touches no array.
    var pending = Element(kind: .pageBreak, range: SourceRange(start: 0, end: 0), trailingTrivia: SourceRange(start: 0, end: 0), lines: 0..<0)
    var hasPending = false
    var diagnostics: [Diagnostic] = []
    var droppedDiagnostics = 0
    var titlePage: TitlePage?
    var bom: SourceRange?
    var bodyStart = 0

    /// A search for '*/' from at least this offset is known to fail.
    var boneyardNoCloseFrom = Int.max
    var emphasisScratch = EmphasisScratch()
    /// A search for ']]' starting in this range is known to fail.
    var noteFailRange = 0..<0

    // Paragraph state.
    /// Lines of the current paragraph: `para[0..<paraCount]`. A buffer reused for every
    /// paragraph, with room for one more line (the next line is read straight into it); freed by
    /// `deallocate()`.
    var para: UnsafeMutablePointer<LogicalLine>
    var paraCapacity = 16
    var paraCount = 0
    /// The kind of the element that the next line may extend, if any.
    var open: OpenKind = .none
    var inDialogue = false
    /// The cue of the dialogue block that the last element belongs to.
    var blockCue: Int? = nil
    var blockHasDialogue = false

    enum OpenKind { case none, action, dialogue, lyrics, centered, other }

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        self.n = p.count
        self.classify = LineClassifier(p: p)
        para = .allocate(capacity: paraCapacity)
        scriptc_line_scanner_init(&lineScan, p.baseAddress, p.count)
        lineStarts.reserveCapacity(n / 24 + 16)
        lines.reserveCapacity(n / 32 + 16)
        elements.reserveCapacity(n / 40 + 16)
    }

    /// Frees the paragraph buffer; the scanner is not used afterwards.
    func deallocate() {
        para.deallocate()
    }

    func output() -> Output {
        var diags = diagnostics
        if droppedDiagnostics > 0 {
            diags.append(Diagnostic(
                id: FountainDiagnostics.tooManyDiagnostics, severity: .note,
                message: "\(droppedDiagnostics) more diagnostics were not reported",
                range: SourceRange(start: n, end: n)))
        }
        let firstStart = titlePage?.range.start ?? elements.first?.range.start ?? n
        return Output(
            bom: bom, leadingTrivia: SourceRange(start: bodyStart, end: max(bodyStart, firstStart)),
            titlePage: titlePage, elements: elements, lines: lines, diagnostics: diags, lineStarts: lineStarts)
    }

    /// Records a diagnostic, or only counts it once the limit is reached: past the limit the
    /// diagnostic (its message) is never built, which keeps hostile input (a diagnostic per byte)
    /// cheap.
    @inline(__always)
    mutating func diagnose(_ d: @autoclosure () -> Diagnostic) {
        if diagnostics.count < FountainParser.diagnosticLimit {
            diagnostics.append(d())
        } else {
            droppedDiagnostics += 1
        }
    }

    // MARK: Driver

    mutating func run() {
        var pos = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            bom = SourceRange(start: 0, end: 3)
            pos = 3
        }
        bodyStart = pos
        pos = parseTitlePage(at: pos)
        while pos < n {
            // An empty line (a line break right away) ends the paragraph; it needs no scanning.
            let first = p[pos]
            if first == 0x0A || first == 0x0D {
                var next = pos + 1
                if first == 0x0D && next < n && p[next] == 0x0A { next += 1 }
                lineStarts.append(next)
                flushParagraph()
                pos = next
                continue
            }
            // The line goes into the next free slot of the paragraph; a blank line is not kept.
            let slot = para + paraCount
            readLogicalLine(at: pos, into: &slot.pointee)
            pos = slot.pointee.next
            if isBlank(slot.pointee) {
                flushParagraph()
            } else {
                paraCount += 1
                if paraCount == paraCapacity { growParagraph() }
            }
        }
        flushParagraph()
        flushPending(nextStart: n)
        if var tp = titlePage {
            tp.trailingTrivia = SourceRange(start: tp.range.end, end: elements.first?.range.start ?? n)
            titlePage = tp
        }
    }

    /// Doubles the paragraph buffer.
    mutating func growParagraph() {
        let bigger = UnsafeMutablePointer<LogicalLine>.allocate(capacity: paraCapacity * 2)
        bigger.moveInitialize(from: para, count: paraCount)
        para.deallocate()
        para = bigger
        paraCapacity *= 2
    }

    /// Moves the pending element into `elements`; its trailing trivia runs to `nextStart`.
    @inline(__always)
    mutating func flushPending(nextStart: Int) {
        if hasPending {
            pending.trailingTrivia = SourceRange(start: pending.range.end, end: nextStart)
            elements.append(pending)
            hasPending = false
        }
    }

    @inline(__always) func isBlank(_ line: LogicalLine) -> Bool {
        line.isEmptyContent && !line.annotated && !(line.spacer && paraCount > 0)
    }

    // MARK: Lines

    /// Reads one physical line from `s`: returns its end (terminator excluded), the start of the
    /// next line and the OR of its byte classes. Records the next line's start.
    @inline(__always)
    mutating func readPhysical(at s: Int) -> (end: Int, next: Int, flags: UInt8) {
        let r = scriptc_line_scanner_next(&lineScan, s)
        let i = r.end
        let acc = r.flags
        if i >= n { return (i, n, acc) }
        let base = p.baseAddress!
        var next = i + 1
        if base[i] == 0x0D && next < n && base[next] == 0x0A { next += 1 }
        lineStarts.append(next)
        return (i, next, acc)
    }

    mutating func readLogicalLine(at s: Int) -> LogicalLine {
        var line = LogicalLine(start: 0, end: 0, next: 0, cs: 0, ce: 0, flags: 0, annotated: false, hasNote: false, spacer: false)
        readLogicalLine(at: s, into: &line)
        return line
    }

    /// Reads the logical line starting at `s` into `line`.
    mutating func readLogicalLine(at s: Int, into line: inout LogicalLine) {
        let (end, next, flags) = readPhysical(at: s)
        line = LogicalLine(
            start: s, end: end, next: next, cs: s, ce: end, flags: flags, annotated: false, hasNote: false,
            spacer: false)
        if flags & (ByteClass.bracket | ByteClass.slash) != 0 {
            scanAnnotations(&line)
        } else {
            var a = s
            while a < end && isSpaceOrTab(p[a]) { a += 1 }
            var e = end
            while e > a && isSpaceOrTab(p[e - 1]) { e -= 1 }
            line.cs = a
            line.ce = e
        }
        if line.cs >= line.ce && !line.annotated && line.end - line.start >= 2 {
            var allSpaces = true
            for i in line.start..<line.end where p[i] != 0x20 {
                allSpaces = false
                break
            }
            line.spacer = allSpaces
        }
        if line.flags & (ByteClass.nonASCII | ByteClass.nul) != 0 { checkEncoding(line) }
    }

    /// Finds closed notes and boneyards in the line, extending it over the lines they span, and
    /// sets the visible content bounds.
    mutating func scanAnnotations(_ line: inout LogicalLine) {
        var i = line.start
        var firstVisible = -1
        var lastVisibleEnd = -1
        let base = p.baseAddress!
        while i < line.end {
            // Bytes other than '\', '[' and '/' are plain: take a run of them at once.
            let b0 = p[i]
            let k = (b0 == 0x5C || b0 == 0x5B || b0 == 0x2F) ? i : scriptc_find_any3(base, i, line.end, 0x5C, 0x5B, 0x2F)
            if k > i {
                if firstVisible < 0 {
                    var f = i
                    while f < k && isSpaceOrTab(p[f]) { f += 1 }
                    if f < k { firstVisible = f }
                }
                var l = k
                while l > i && isSpaceOrTab(p[l - 1]) { l -= 1 }
                if l > i { lastVisibleEnd = l }
                i = k
                if i >= line.end { break }
            }
            let b = p[i]
            if b == 0x5C, i + 1 < line.end, isASCIIPunctuation(p[i + 1]) {  // '\' escape
                if firstVisible < 0 { firstVisible = i }
                lastVisibleEnd = i + 2
                i += 2
                continue
            }
            if b == 0x5B, i + 1 < line.end, p[i + 1] == 0x5B {  // '[['
                if let close = findNoteClose(from: i + 2) {
                    line.annotated = true
                    line.hasNote = true
                    extend(&line, through: close + 2)
                    i = close + 2
                    continue
                }
                diagnose(FountainDiagnostics.unclosedNote(at: SourceRange(start: i, end: i + 2)))
            } else if b == 0x2F, i + 1 < line.end, p[i + 1] == 0x2A {  // '/*'
                if let close = findBoneyardClose(from: i + 2) {
                    line.annotated = true
                    extend(&line, through: close + 2)
                    i = close + 2
                    continue
                }
                diagnose(FountainDiagnostics.unclosedBoneyard(at: SourceRange(start: i, end: i + 2)))
            }
            if !isSpaceOrTab(b) {
                if firstVisible < 0 { firstVisible = i }
                lastVisibleEnd = i + 1
            }
            i += 1
        }
        if firstVisible < 0 {
            line.cs = line.end
            line.ce = line.end
        } else {
            line.cs = firstVisible
            line.ce = lastVisibleEnd
        }
    }

    /// Makes `line` run to the end of the physical line holding offset `through - 1`.
    mutating func extend(_ line: inout LogicalLine, through: Int) {
        while line.end < through - 1 && line.next < n {
            let (end, next, flags) = readPhysical(at: line.next)
            line.end = end
            line.next = next
            line.flags |= flags
        }
    }

    /// The offset of the '*/' that closes a boneyard opened before `s`, or nil.
    mutating func findBoneyardClose(from s: Int) -> Int? {
        if s >= boneyardNoCloseFrom { return nil }
        let base = p.baseAddress!
        var i = s
        while i < n {
            guard let hit = memchr(base + i, 0x2A, n - i) else { break }
            let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if k + 1 < n && base[k + 1] == 0x2F { return k }
            i = k + 1
        }
        boneyardNoCloseFrom = s
        return nil
    }

    /// The offset of the ']]' that closes a note opened before `s`, or nil when a blank line
    /// (not a two-space line) or the end of the file comes first.
    mutating func findNoteClose(from s: Int) -> Int? {
        if noteFailRange.contains(s) { return nil }
        let base = p.baseAddress!
        var i = s
        while i < n {
            // Only ']' and line breaks matter here.
            i = scriptc_find_any3(base, i, n, 0x5D, 0x0A, 0x0D)
            if i >= n { break }
            let b = p[i]
            if b == 0x5D {
                if i + 1 < n && p[i + 1] == 0x5D { return i }
            } else if b == 0x0A || b == 0x0D {
                var j = i + 1
                if b == 0x0D && j < n && p[j] == 0x0A { j += 1 }
                // Is the next line blank?
                var k = j
                var spaces = 0
                var tabs = 0
                while k < n && isSpaceOrTab(p[k]) {
                    if p[k] == 0x20 { spaces += 1 } else { tabs += 1 }
                    k += 1
                }
                if k >= n || p[k] == 0x0A || p[k] == 0x0D {
                    if !(spaces >= 2 && tabs == 0) {
                        noteFailRange = s..<j
                        return nil
                    }
                }
                i = j
                continue
            }
            i += 1
        }
        noteFailRange = s..<n
        return nil
    }

    /// Reports invalid UTF-8 (once per line) and NUL bytes (once per line).
    mutating func checkEncoding(_ line: LogicalLine) {
        if line.flags & ByteClass.nul != 0, let z = (line.start..<line.end).first(where: { p[$0] == 0 }) {
            diagnose(FountainDiagnostics.nulByte(at: SourceRange(start: z, end: z + 1)))
        }
        if line.flags & ByteClass.nonASCII != 0, let bad = UTF8Validation.firstInvalid(p, line.start, line.end) {
            diagnose(FountainDiagnostics.invalidUTF8(at: SourceRange(start: bad.lowerBound, end: bad.upperBound)))
        }
    }

    // MARK: Title page

    /// Parses the title page if the file starts with one; returns where the body starts.
    mutating func parseTitlePage(at start: Int) -> Int {
        guard start < n, !isSpaceOrTab(p[start]) else { return start }
        let savedStarts = lineStarts.count
        let savedDiags = diagnostics.count
        var block: [LogicalLine] = []
        var pos = start
        while pos < n {
            let startsBefore = lineStarts.count
            let line = readLogicalLine(at: pos)
            if line.isEmptyContent && !line.annotated {
                // The body re-reads this blank line; forget its line start.
                lineStarts.removeLast(lineStarts.count - startsBefore)
                break
            }
            block.append(line)
            pos = line.next
        }
        guard let first = block.first, classify.keyColon(first) != nil, !classify.isNaturalHeading(first.cs, first.ce) else {
            lineStarts.removeLast(lineStarts.count - savedStarts)
            diagnostics.removeLast(diagnostics.count - savedDiags)
            return start
        }
        var fields: [TitlePageField] = []
        var anyValue = false
        let linesBefore = lines.count
        for line in block {
            if let colon = classify.keyColon(line) {
                var vs = colon + 1
                while vs < line.ce && isSpaceOrTab(p[vs]) { vs += 1 }
                let valueLines = lines.count
                if vs < line.ce {
                    lines.append(contentLine(line, text: SourceRange(start: vs, end: line.ce)))
                    anyValue = true
                }
                fields.append(TitlePageField(
                    range: SourceRange(start: line.start, end: line.end), key: SourceRange(start: line.start, end: colon),
                    lines: valueLines..<lines.count))
            } else {
                let indented = p[line.start] == 0x09
                    || (line.start + 2 < line.end && p[line.start] == 0x20 && p[line.start + 1] == 0x20 && p[line.start + 2] == 0x20)
                if !indented && !line.isEmptyContent {
                    diagnose(FountainDiagnostics.titlePageUnindentedValue(at: SourceRange(start: line.start, end: line.ce)))
                }
                lines.append(contentLine(line, text: SourceRange(start: line.cs, end: max(line.cs, line.ce))))
                if !line.isEmptyContent { anyValue = true }
                fields[fields.count - 1].lines = fields[fields.count - 1].lines.lowerBound..<lines.count
                fields[fields.count - 1].range.end = line.end
            }
        }
        guard anyValue else {
            lines.removeLast(lines.count - linesBefore)
            lineStarts.removeLast(lineStarts.count - savedStarts)
            diagnostics.removeLast(diagnostics.count - savedDiags)
            return start
        }
        titlePage = TitlePage(
            range: SourceRange(start: start, end: block[block.count - 1].end),
            trailingTrivia: SourceRange(start: block[block.count - 1].end, end: pos), fields: fields)
        return pos
    }


    // MARK: Paragraphs

    @inline(__always) func firstByte(_ l: LogicalLine) -> UInt8 { l.cs < l.ce ? p[l.cs] : 0 }

    /// Lines that never take part in the blank-line rules of their neighbours: notes and
    /// boneyards alone on a line, sections, synopses and page breaks.
    @inline(__always) func isTransparent(_ l: LogicalLine) -> Bool {
        if l.isEmptyContent { return l.annotated }
        let b = p[l.cs]
        return b == 0x23 || b == 0x3D
    }

    mutating func flushParagraph() {
        guard paraCount > 0 else { return }
        defer {
            paraCount = 0
            open = .none
            inDialogue = false
        }
        var lastSolid = -1
        for i in 0..<paraCount where !isTransparent(para[i]) { lastSolid = i }
        var seenSolid = false
        var elementInParagraph = false
        for i in 0..<paraCount {
            let line = para[i]
            if line.isEmptyContent && line.annotated {
                if elementInParagraph {
                    attachHidden(line)
                } else {
                    emit(line.hasNote ? .note : .boneyard, line, text: SourceRange(start: line.start, end: line.start),
                        extra: .hidden, open: .none)
                }
                continue
            }
            elementInParagraph = true
            let b = firstByte(line)
            if b == 0x23 || b == 0x3D {  // '#' section, '=' synopsis or page break
                structural(line)
                inDialogue = false
                continue
            }
            let isFirst = !seenSolid
            seenSolid = true
            let isLast = i >= lastSolid
            if inDialogue {
                dialogueLine(line)
            } else {
                bodyLine(line, isFirst: isFirst, isLast: isLast)
            }
        }
    }

    mutating func structural(_ line: LogicalLine) {
        let b = p[line.cs]
        if b == 0x23 {
            var i = line.cs
            while i < line.ce && p[i] == 0x23 { i += 1 }
            let depth = i - line.cs
            emit(.section, line, text: classify.trimmedLeft(i, line.ce), open: .none)
            pending.depth = Int32(clamping: depth)
            return
        }
        var i = line.cs
        while i < line.ce && p[i] == 0x3D { i += 1 }
        if i == line.ce && i - line.cs >= 3 {
            emit(.pageBreak, line, text: SourceRange(start: line.ce, end: line.ce), open: .none)
        } else {
            emit(.synopsis, line, text: classify.trimmedLeft(line.cs + 1, line.ce), open: .none)
        }
    }

    mutating func dialogueLine(_ line: LogicalLine) {
        if line.spacer {
            appendOrEmit(.dialogue, line, text: SourceRange(start: line.start, end: line.start), extra: .spacer)
            return
        }
        let b = p[line.cs]
        if b == 0x28 && p[line.ce - 1] == 0x29 {  // ( … )
            emit(.parenthetical, line, text: SourceRange(start: line.cs, end: line.ce), open: .other)
        } else if b == 0x7E {  // ~
            appendOrEmit(.lyrics, line, text: classify.trimmedLeft(line.cs + 1, line.ce))
        } else {
            appendOrEmit(.dialogue, line, text: SourceRange(start: line.cs, end: line.ce))
        }
    }

    mutating func bodyLine(_ line: LogicalLine, isFirst: Bool, isLast: Bool) {
        if line.spacer {
            let kind: OpenKind = (open == .lyrics || open == .centered) ? open : .action
            appendOrEmit(kind, line, text: SourceRange(start: line.start, end: line.start), extra: .spacer)
            return
        }
        let cs = line.cs
        let ce = line.ce
        switch p[cs] {
        case 0x21:  // '!' forced action
            if open == .action {
                appendLine(line, text: SourceRange(start: cs + 1, end: ce))
            } else {
                emit(.action, line, text: SourceRange(start: cs + 1, end: ce), open: .action, forced: true)
            }
            return
        case 0x2E where cs + 1 < ce && (isASCIIAlnum(p[cs + 1]) || p[cs + 1] >= 0x80):  // '.' + alphanumeric: forced heading
            heading(line, from: cs + 1, forced: true)
            return
        case 0x7E:  // '~' lyrics
            appendOrEmit(.lyrics, line, text: classify.trimmedLeft(cs + 1, ce))
            return
        case 0x3E:  // '>' centered or forced transition
            if ce - cs >= 2 && p[ce - 1] == 0x3C {
                let t = classify.trimmed(cs + 1, ce - 1)
                appendOrEmit(.centered, line, text: t)
            } else {
                emit(.transition, line, text: classify.trimmedLeft(cs + 1, ce), open: .other, forced: true)
            }
            return
        case 0x40 where cs + 1 < ce:  // '@' forced character
            if let cue = classify.characterCue(cs + 1, ce, natural: false) {
                character(line, cue, isLast: isLast)
                return
            }
        default:
            break
        }
        if isFirst {
            let looksLikeHeading = classify.isNaturalHeading(cs, ce)
            if isLast {
                if looksLikeHeading {
                    heading(line, from: cs, forced: false)
                    return
                }
                if classify.isNaturalTransition(cs, ce) {
                    emit(.transition, line, text: SourceRange(start: cs, end: ce), open: .other)
                    return
                }
            } else if looksLikeHeading {
                diagnose(FountainDiagnostics.headingNeedsBlankLine(at: SourceRange(start: cs, end: ce)))
            } else if let cue = classify.characterCue(cs, ce, natural: true) {
                character(line, cue, isLast: false)
                return
            }
        }
        // Action keeps its indentation unless a note or boneyard comes first.
        var textStart = line.start
        while textStart < cs && isSpaceOrTab(p[textStart]) { textStart += 1 }
        if textStart == cs { textStart = line.start } else { textStart = cs }
        if open == .action {
            appendLine(line, text: SourceRange(start: textStart, end: ce))
        } else {
            emit(.action, line, text: SourceRange(start: textStart, end: ce), open: .action)
        }
    }

    mutating func heading(_ line: LogicalLine, from s: Int, forced: Bool) {
        var e = line.ce
        var number: SourceRange? = nil
        if e - s >= 3 && p[e - 1] == 0x23 {
            var j = e - 2
            while j > s && (isASCIIAlnum(p[j]) || p[j] == 0x2D || p[j] == 0x2E) { j -= 1 }
            if p[j] == 0x23 && j < e - 2 {
                number = SourceRange(start: j + 1, end: e - 1)
                e = j
                while e > s && isSpaceOrTab(p[e - 1]) { e -= 1 }
            }
        }
        emit(.sceneHeading, line, text: classify.trimmedLeft(s, e), open: .other, forced: forced)
        if let number { pending.first = number }
    }

    mutating func character(_ line: LogicalLine, _ cue: CharacterCue, isLast: Bool) {
        var dual: UInt8 = 0
        if let caret = cue.caret {
            if let partner = blockCue, blockHasDialogue, elements[partner].type == .character,
                elements[partner].dualRaw == 0
            {
                elements[partner].dualRaw = 1  // left
                dual = 2  // right
            } else {
                diagnose(FountainDiagnostics.dualWithoutPartner(at: caret))
            }
        }
        let textEnd = cue.extensions?.end ?? cue.name.end
        emit(.character, line, text: SourceRange(start: cue.name.start, end: textEnd), open: .other)
        // The flat fields of `Element.kind = .character(cue)`, set directly.
        pending.forcedFlag = cue.forced
        pending.first = cue.name
        pending.second = cue.extensions ?? Element.absent
        pending.third = cue.caret ?? Element.absent
        pending.dualRaw = dual
        if isLast { diagnose(FountainDiagnostics.characterWithoutDialogue(at: SourceRange(start: line.cs, end: line.ce))) }
        inDialogue = true
    }

    // MARK: Building

    @inline(__always)
    func contentLine(_ line: LogicalLine, text: SourceRange, extra: ContentLine.Flags = []) -> ContentLine {
        var flags = extra
        if line.flags & ByteClass.markup != 0 { flags.insert(.markup) }
        if line.annotated { flags.insert(.annotations) }
        if line.flags & ByteClass.nonASCII != 0 { flags.insert(.nonASCII) }
        return ContentLine(range: SourceRange(start: line.start, end: line.end), text: text, flags: flags)
    }

    /// Starts a new element of `type` made of `line`; the caller may then set payload fields
    /// on `pending` (forced, scene number, cue parts, depth).
    mutating func emit(
        _ type: ElementType, _ line: LogicalLine, text: SourceRange, extra: ContentLine.Flags = [],
        open newOpen: OpenKind, forced: Bool = false
    ) {
        let cl = contentLine(line, text: text, extra: extra)
        lines.append(cl)
        if cl.flags.contains(.markup) { checkInline(cl) }
        flushPending(nextStart: line.start)
        pending = Element(
            type: type, range: SourceRange(start: line.start, end: line.end), lines: (lines.count - 1)..<lines.count)
        pending.forcedFlag = forced
        hasPending = true
        open = newOpen
        switch type {
        case .character:
            blockCue = elements.count
            blockHasDialogue = false
        case .dialogue:
            blockHasDialogue = true
        case .lyrics where inDialogue:
            blockHasDialogue = true
        case .parenthetical, .note, .boneyard:
            break
        default:
            blockCue = nil
        }
    }

    mutating func appendLine(_ line: LogicalLine, text: SourceRange, extra: ContentLine.Flags = []) {
        let cl = contentLine(line, text: text, extra: extra)
        lines.append(cl)
        if cl.flags.contains(.markup) { checkInline(cl) }
        pending.range.end = line.end
        pending.lines = pending.lines.lowerBound..<lines.count
    }

    mutating func attachHidden(_ line: LogicalLine) {
        appendLine(line, text: SourceRange(start: line.start, end: line.start), extra: .hidden)
    }

    /// Extends the open element of the same kind, or starts one.
    mutating func appendOrEmit(_ kind: OpenKind, _ line: LogicalLine, text: SourceRange, extra: ContentLine.Flags = []) {
        if open == kind {
            appendLine(line, text: text, extra: extra)
            return
        }
        let elementKind: ElementType
        switch kind {
        case .dialogue: elementKind = .dialogue
        case .lyrics: elementKind = .lyrics
        case .centered: elementKind = .centered
        default: elementKind = .action
        }
        emit(elementKind, line, text: text, extra: extra, open: kind)
    }

    /// Emphasis diagnostics for a line that holds markup.
    mutating func checkInline(_ line: ContentLine) {
        var found: [Diagnostic] = []
        InlineScanner(p: p).diagnoseEmphasis(line, scratch: &emphasisScratch, into: &found)
        for d in found { diagnose(d) }
    }
}

/// The read-only tests on the source bytes that classify lines: headings, transitions, cues,
/// title-page keys. Kept apart from `Scanner` so that calling them passes two words, not a copy of
/// the scanner's state.
struct LineClassifier {
    let p: UnsafeBufferPointer<UInt8>

    /// The offset of the colon if the line is `Key: …` (key starting at column 1 with a letter).
    func keyColon(_ line: LogicalLine) -> Int? {
        let s = line.start
        guard s < line.end else { return nil }
        let b0 = p[s]
        guard (b0 >= 0x41 && b0 <= 0x5A) || (b0 >= 0x61 && b0 <= 0x7A) || b0 >= 0x80 else { return nil }
        var i = s + 1
        let limit = min(line.end, s + 64)
        while i < limit {
            let b = p[i]
            if b == 0x3A { return i }
            if b == 0x5B || b == 0x2A || b == 0x5F || b == 0x28 || b == 0x23 { return nil }
            i += 1
        }
        return nil
    }

    /// `INT`, `EXT`, `EST`, `INT./EXT`, `INT/EXT`, `EXT./INT`, `EXT/INT`, `I/E`, any case, then '.' or a space.
    func isNaturalHeading(_ s: Int, _ e: Int) -> Bool {
        @inline(__always) func up(_ i: Int) -> UInt8 {
            let b = p[i]
            return (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b
        }
        @inline(__always) func matches(_ word: StaticString) -> Int? {
            let count = word.utf8CodeUnitCount
            guard e - s > count else { return nil }
            let w = word.utf8Start
            for k in 0..<count where up(s + k) != w[k] { return nil }
            let after = p[s + count]
            return (after == 0x2E || after == 0x20) ? count : nil
        }
        let b = up(s)
        if b == 0x49 {  // I
            return matches("INT./EXT") != nil || matches("INT/EXT") != nil || matches("INT") != nil
                || matches("I/E") != nil
        }
        if b == 0x45 {  // E
            return matches("EXT./INT") != nil || matches("EXT/INT") != nil || matches("EXT") != nil
                || matches("EST") != nil
        }
        return false
    }

    /// Upper case (no lower-case letter), at least one letter, ending in `TO:`.
    func isNaturalTransition(_ s: Int, _ e: Int) -> Bool {
        guard e - s >= 3, p[e - 3] == 0x54, p[e - 2] == 0x4F, p[e - 1] == 0x3A else { return false }
        return isUpperName(s, e)
    }

    /// True when the bytes have at least one letter and no lower-case letter (Unicode aware).
    func isUpperName(_ s: Int, _ e: Int) -> Bool {
        var hasLetter = false
        var i = s
        while i < e {
            let b = p[i]
            if b < 0x80 {
                if b >= 0x61 && b <= 0x7A { return false }
                if b >= 0x41 && b <= 0x5A { hasLetter = true }
                i += 1
                continue
            }
            let (scalar, len) = UTF8Validation.decode(p, i, e)
            if let scalar {
                let props = scalar.properties
                if props.isLowercase { return false }
                if props.isAlphabetic { hasLetter = true }
            }
            i += len
        }
        return hasLetter
    }

    /// Splits a cue line `NAME (EXT) (EXT) ^` into its parts; nil if it is not a cue.
    func characterCue(_ s: Int, _ e0: Int, natural: Bool) -> CharacterCue? {
        // One pass up to the first '(': rejects ordinary action early (an ASCII lower-case letter
        // before any '(' in a natural cue) and notes what the upper-case test needs.
        var k = s
        var hasLetter = false
        var nonASCII = false
        while k < e0 {
            let b = p[k]
            if b == 0x28 { break }
            if b >= 0x61 && b <= 0x7A {
                if natural { return nil }
            } else if b >= 0x41 && b <= 0x5A {
                hasLetter = true
            } else if b >= 0x80 {
                nonASCII = true
            }
            k += 1
        }
        var e = e0
        var caret: SourceRange? = nil
        if e > s && p[e - 1] == 0x5E {
            caret = SourceRange(start: e - 1, end: e)
            e -= 1
            while e > s && isSpaceOrTab(p[e - 1]) { e -= 1 }
        }
        guard e > s else { return nil }
        // Only blanks and the caret lie in e..<e0, so the first '(' before e is the one found above.
        let paren = min(k, e)
        var nameEnd = paren
        while nameEnd > s && isSpaceOrTab(p[nameEnd - 1]) { nameEnd -= 1 }
        guard nameEnd > s else { return nil }
        var extensions: SourceRange? = nil
        if paren < e {
            guard p[e - 1] == 0x29 else { return nil }
            extensions = SourceRange(start: paren, end: e)
        }
        if natural {
            // The bytes between the name and the '(' are blanks: an ASCII name was fully checked
            // by the pass above; a name with other scalars gets the Unicode-aware test.
            if nonASCII {
                guard isUpperName(s, nameEnd) else { return nil }
            } else {
                guard hasLetter else { return nil }
            }
            if e - s >= 3 && p[e - 3] == 0x54 && p[e - 2] == 0x4F && p[e - 1] == 0x3A { return nil }
        }
        return CharacterCue(
            forced: !natural, name: SourceRange(start: s, end: nameEnd), extensions: extensions, caret: caret, dual: nil)
    }

    // MARK: Building

    func trimmedLeft(_ s: Int, _ e: Int) -> SourceRange {
        var a = s
        while a < e && isSpaceOrTab(p[a]) { a += 1 }
        return SourceRange(start: a, end: max(a, e))
    }

    func trimmed(_ s: Int, _ e: Int) -> SourceRange {
        var a = s
        while a < e && isSpaceOrTab(p[a]) { a += 1 }
        var b = e
        while b > a && isSpaceOrTab(p[b - 1]) { b -= 1 }
        return SourceRange(start: a, end: b)
    }
}

/// UTF-8 validation and decoding over raw bytes.
enum UTF8Validation {
    /// Decodes one scalar at `i` (never reading at or past `e`); invalid input gives (nil, 1).
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> (Unicode.Scalar?, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var len = 0
        var value: UInt32 = 0
        var minValue: UInt32 = 0
        if b0 & 0xE0 == 0xC0 {
            len = 2; value = UInt32(b0 & 0x1F); minValue = 0x80
        } else if b0 & 0xF0 == 0xE0 {
            len = 3; value = UInt32(b0 & 0x0F); minValue = 0x800
        } else if b0 & 0xF8 == 0xF0 {
            len = 4; value = UInt32(b0 & 0x07); minValue = 0x10000
        } else {
            return (nil, 1)
        }
        guard i + len <= e else { return (nil, 1) }
        for k in 1..<len {
            let b = p[i + k]
            guard b & 0xC0 == 0x80 else { return (nil, 1) }
            value = (value << 6) | UInt32(b & 0x3F)
        }
        guard value >= minValue, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, len)
    }

    /// The first invalid sequence in `s..<e`, if any.
    static func firstInvalid(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Range<Int>? {
        var i = s
        while i < e {
            if p[i] < 0x80 {
                i += 1
                continue
            }
            let (scalar, len) = decode(p, i, e)
            if scalar == nil { return i..<(i + 1) }
            i += len
        }
        return nil
    }
}
