/// Reads Final Draft (.fdx) files into the same `Screenplay` kinds as Fountain.
///
/// The XML is parsed by libxml2 (securely: see LibXML.swift); the FDX paragraphs are then
/// translated into canonical Fountain, with a forcing marker on every element so that each
/// paragraph keeps exactly its FDX kind, and that text is parsed by `FountainParser`. The tree's
/// `source` is the translation (it is also what `scriptc convert x.fdx -o x.fountain` writes);
/// `origin` keeps the .fdx and the XML range of every element, and diagnostics point into the
/// .fdx. The mapping is documented in docs/fdx.md.
public enum FDXReader {
    /// Reads an FDX file; throws when it is not well-formed XML or not a Final Draft document.
    public static func read(_ file: SourceFile) throws(FDXError) -> Screenplay {
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(file.bytes, options: XMLTree.ParseOptions(expectedRoot: "FinalDraft"))
        } catch {
            throw fdxError(error, file)
        }
        var reader = Reader(tree: tree, file: file)
        return reader.run()
    }

    /// Reads an FDX file; never throws. A file that cannot be read gives an empty tree with one
    /// `fdx.malformed` error diagnostic at the position of the problem.
    public static func parse(_ file: SourceFile) -> Screenplay {
        do {
            return try read(file)
        } catch {
            var tree = FountainParser.parse(SourceFile(path: file.path, bytes: []))
            tree.format = .fdx
            let converter = SourceLocationConverter(bytes: file.bytes)
            tree.origin = SourceOrigin(file: file, lineStarts: converter.lineStarts)
            let end = min(file.bytes.count, error.offset + 1)
            tree.diagnostics = [Diagnostic(
                id: FDXDiagnostics.malformed, severity: .error, message: error.message,
                range: SourceRange(start: error.offset, end: max(error.offset, end)))]
            return tree
        }
    }

    /// The canonical Fountain translation of an FDX file (what fdx → fountain conversion writes).
    public static func fountain(_ file: SourceFile) throws(FDXError) -> [UInt8] {
        try read(file).source.bytes
    }

    static func fdxError(_ error: XMLParseError, _ file: SourceFile) -> FDXError {
        let converter = SourceLocationConverter(bytes: file.bytes)
        let offset: Int
        if let o = error.offset {
            offset = min(max(0, o), file.bytes.count)
        } else {
            // libxml2 counts columns in characters; step over that many scalars.
            var o = converter.offset(line: error.line, utf8Column: 1)
            let lineEnd = converter.lineContentRange(lineIndex: error.line - 1).end
            var steps = max(0, error.column - 1)
            while steps > 0 && o < lineEnd {
                o += 1
                while o < lineEnd && file.bytes[o] & 0xC0 == 0x80 { o += 1 }
                steps -= 1
            }
            offset = o
        }
        let loc = converter.location(of: offset)
        return FDXError(path: file.path, message: error.message, line: loc.line, column: loc.utf8Column, offset: offset)
    }
}

/// One FDX paragraph, read from the XML.
struct FDXParagraph {
    enum Kind: Equatable {
        case sceneHeading, action, character, parenthetical, dialogue, lyrics, transition, centered
        case section(Int), synopsis
    }

    var kind: Kind
    /// The `Type` attribute as written.
    var type: String
    var pieces: [FountainTranslation.Piece]
    var notes: [(text: [UInt8], xml: SourceRange)]
    var summary: (text: [UInt8], xml: SourceRange)?
    var number: String?
    var newPage: Bool
    var xml: SourceRange
    /// Second cue of a dual-dialogue pair.
    var dualRight = false

    var isEmpty: Bool { FountainTranslation.isBlankLine(pieces) }
}

extension FDXReader {
    struct Reader {
        let tree: XMLTree
        let file: SourceFile
        var paragraphs: [FDXParagraph] = []
        var diagnostics: [Diagnostic] = []
        var t: FountainTranslation
        var fieldRanges: [SourceRange] = []
        var titlePageRange: SourceRange?

        init(tree: XMLTree, file: SourceFile) {
            self.tree = tree
            self.file = file
            t = FountainTranslation(capacity: file.bytes.count / 2 + 256)
        }

        mutating func run() -> Screenplay {
            guard let root = tree.root else { preconditionFailure("XMLTree.parse returns a document element") }
            if let titlePage = tree.child("TitlePage", of: root) { translateTitlePage(titlePage) }
            if let content = tree.child("Content", of: root) {
                for node in tree.children(content) {
                    switch tree.name(node) {
                    case "Paragraph": paragraph(node, dual: false)
                    case "DualDialogue": dualDialogue(node, newPage: false)
                    default: break
                    }
                }
            }
            translateBody()
            if let notes = tree.child("ScriptNotes", of: root) {
                for note in tree.children(notes) where tree.name(note) == "ScriptNote" {
                    let text = noteText(note)
                    guard !text.isEmpty else { continue }
                    t.anchor(tree.range(note), type: "")
                    t.raw("[[")
                    t.noteText(text)
                    closeNote()
                    t.newline()
                    t.newline()
                }
            }
            t.finish()
            return assemble()
        }

        // MARK: XML → paragraphs

        mutating func dualDialogue(_ node: XMLTree.NodeID, newPage: Bool) {
            var cues = 0
            var first = true
            for child in tree.children(node) where tree.name(child) == "Paragraph" {
                let before = paragraphs.count
                paragraph(child, dual: true)
                for k in before..<paragraphs.count {
                    if first && newPage { paragraphs[k].newPage = true }
                    first = false
                    if paragraphs[k].kind == .character {
                        cues += 1
                        if cues == 2 { paragraphs[k].dualRight = true }
                    }
                }
            }
        }

        mutating func paragraph(_ node: XMLTree.NodeID, dual: Bool) {
            let newPage = tree.attribute("StartsNewPage", of: node)?.lowercased() == "yes"
            if let inner = tree.child("DualDialogue", of: node) {
                dualDialogue(inner, newPage: newPage)
                return
            }
            let type = tree.attribute("Type", of: node) ?? ""
            let centered = tree.attribute("Alignment", of: node)?.lowercased() == "center"
            var pieces: [FountainTranslation.Piece] = []
            var notes: [(text: [UInt8], xml: SourceRange)] = []
            var summary: (text: [UInt8], xml: SourceRange)?
            for child in tree.children(node) {
                switch tree.name(child) {
                case "Text":
                    pieces.append(FountainTranslation.Piece(
                        bytes: tree.textBytes(child), style: Self.style(tree.attribute("Style", of: child)),
                        xml: tree.range(child)))
                case "ScriptNote":
                    let text = noteText(child)
                    if !text.isEmpty { notes.append((text, tree.range(child))) }
                case "SceneProperties":
                    if let s = tree.child("Summary", of: child) {
                        let text = noteText(s)
                        if !text.isEmpty { summary = (text, tree.range(s)) }
                    }
                default:
                    break
                }
            }
            var kind: FDXParagraph.Kind
            if let known = FDXReader.kind(forType: type) {
                kind = known
                if case .section = known {
                    kind = .section(max(1, min(6, Int(tree.attribute("Level", of: node) ?? "1") ?? 1)))
                }
            } else {
                kind = .action
                diagnostics.append(Diagnostic(
                    id: FDXDiagnostics.unknownParagraphType, severity: .warning,
                    message: "unknown paragraph type '\(type)'; it is read as action",
                    range: startTag(node)))
            }
            if kind == .action && centered { kind = .centered }
            var number = tree.attribute("Number", of: node)
            if let n = number, kind == .sceneHeading {
                let trimmed = n.trimmingSpaces()
                if trimmed.isEmpty {
                    number = nil
                } else if !trimmed.utf8.allSatisfy({ isASCIIAlnum($0) || $0 == 0x2D || $0 == 0x2E }) {
                    diagnostics.append(Diagnostic(
                        id: FDXDiagnostics.invalidSceneNumber, severity: .warning,
                        message: "scene number '\(n)' has characters Fountain cannot carry (only letters, digits, '-' and '.'); it is dropped",
                        range: startTag(node)))
                    number = nil
                } else {
                    number = trimmed
                }
            } else {
                number = nil
            }
            paragraphs.append(FDXParagraph(
                kind: kind, type: type, pieces: pieces, notes: notes, summary: summary, number: number,
                newPage: newPage, xml: tree.range(node)))
        }

        /// The range of an element's start tag.
        func startTag(_ node: XMLTree.NodeID) -> SourceRange {
            let r = tree.range(node)
            var e = r.start
            while e < r.end && e < file.bytes.count && file.bytes[e] != 0x3E { e += 1 }
            return SourceRange(start: r.start, end: min(r.end, e + 1))
        }

        static func style(_ attribute: String?) -> TextStyle {
            guard let attribute, !attribute.isEmpty else { return [] }
            var style: TextStyle = []
            for part in attribute.split(separator: "+") {
                switch part.lowercased() {
                case "bold": style.insert(.bold)
                case "italic": style.insert(.italic)
                case "underline": style.insert(.underline)
                default: break  // AllCaps, Strikeout, … are display-only
                }
            }
            return style
        }

        /// The text of every `<Text>` below `node`, paragraphs joined by line breaks.
        func noteText(_ node: XMLTree.NodeID) -> [UInt8] {
            var out: [UInt8] = []
            let paras = tree.descendants("Paragraph", of: node)
            if paras.isEmpty {
                for t in tree.descendants("Text", of: node) { out.append(contentsOf: tree.textBytes(t)) }
            } else {
                for (k, p) in paras.enumerated() {
                    if k > 0 { out.append(0x0A) }
                    for t in tree.children(p) where tree.name(t) == "Text" { out.append(contentsOf: tree.textBytes(t)) }
                }
            }
            var s = 0
            var e = out.count
            while s < e && (isSpaceOrTab(out[s]) || out[s] == 0x0A) { s += 1 }
            while e > s && (isSpaceOrTab(out[e - 1]) || out[e - 1] == 0x0A) { e -= 1 }
            return Array(out[s..<e])
        }

        // MARK: Title page

        mutating func translateTitlePage(_ node: XMLTree.NodeID) {
            struct TP {
                var lines: [[FountainTranslation.Piece]]
                var center: Bool
                var right: Bool
                var xml: SourceRange
                var gapBefore: Bool
            }
            var items: [TP] = []
            var gap = false
            for p in tree.descendants("Paragraph", of: node) {
                var pieces: [FountainTranslation.Piece] = []
                for c in tree.children(p) where tree.name(c) == "Text" {
                    pieces.append(FountainTranslation.Piece(
                        bytes: tree.textBytes(c), style: Self.style(tree.attribute("Style", of: c)), xml: tree.range(c)))
                }
                let lines = FountainTranslation.lines(pieces).filter { !FountainTranslation.isBlankLine($0) }
                if lines.isEmpty {
                    gap = true
                    continue
                }
                let align = tree.attribute("Alignment", of: p)?.lowercased() ?? ""
                items.append(TP(lines: lines, center: align == "center", right: align == "right", xml: tree.range(p), gapBefore: gap))
                gap = false
            }
            guard !items.isEmpty else { return }
            var fields: [(key: String, lines: [[FountainTranslation.Piece]], xml: SourceRange)] = []
            var sawCredit = false
            for item in items {
                let words = String(decoding: FountainTranslation.plain(item.lines[0]), as: UTF8.self).trimmingSpaces().lowercased()
                let last = fields.last?.key
                var key: String
                if item.center {
                    if words == "by" || words.hasSuffix(" by") || words.hasPrefix("written by") || words.hasPrefix("screenplay by") || words.hasPrefix("teleplay by") {
                        key = "Credit"
                        sawCredit = true
                    } else if words.hasPrefix("based on") || words.hasPrefix("adapted from") || words.hasPrefix("from the") {
                        key = "Source"
                    } else if !sawCredit && (last == nil || (last == "Title" && !item.gapBefore) || last == "Title") {
                        key = "Title"
                    } else if last == "Credit" || (last == "Author" && !item.gapBefore) {
                        key = "Author"
                    } else {
                        key = "Notes"
                    }
                } else {
                    if words.contains("©") || words.hasPrefix("copyright") || words.hasPrefix("(c)") {
                        key = "Copyright"
                    } else if item.right || Self.looksLikeDate(words) {
                        key = "Draft date"
                    } else {
                        key = "Contact"
                    }
                }
                if let l = fields.last, l.key == key {
                    fields[fields.count - 1].lines += item.lines
                    let r = fields[fields.count - 1].xml
                    fields[fields.count - 1].xml = SourceRange(start: r.start, end: item.xml.end)
                } else {
                    fields.append((key, item.lines, item.xml))
                }
            }
            // Keys may repeat when separated by others; Fountain allows that.
            titlePageRange = tree.range(node)
            for field in fields {
                t.own(field.xml)
                t.out.append(contentsOf: field.key.utf8)
                t.raw(":")
                if field.lines.count == 1 {
                    t.raw(" ")
                    t.text(field.lines[0], kind: .inner)
                } else {
                    for line in field.lines {
                        t.newline()
                        t.raw("   ")
                        t.text(line, kind: .inner)
                    }
                }
                t.newline()
                fieldRanges.append(field.xml)
            }
            t.newline()
        }

        static func looksLikeDate(_ s: String) -> Bool {
            let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            let hasDigit = s.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
            if s.contains("draft") || s.contains("revision") { return true }
            return hasDigit && (months.contains { s.contains($0) } || s.contains("/") || s.contains("."))
        }

        // MARK: Paragraphs → Fountain

        mutating func translateBody() {
            var inBlock = false
            for k in paragraphs.indices {
                let p = paragraphs[k]
                let continues = inBlock && (p.kind == .parenthetical || p.kind == .dialogue || p.kind == .lyrics)
                if p.isEmpty && p.summary == nil {
                    if p.notes.isEmpty { continue }
                    // Notes alone: each a note element of its own, after the dialogue block.
                    if inBlock {
                        t.newline()
                        inBlock = false
                    }
                    for note in p.notes {
                        t.anchor(p.xml, type: p.type)
                        t.own(note.xml)
                        t.raw("[[")
                        t.noteText(note.text)
                        closeNote()
                        t.newline()
                        t.newline()
                    }
                    continue
                }
                if continues {
                    blockLine(p)
                    continue
                }
                if inBlock {
                    t.newline()
                    inBlock = false
                }
                if p.newPage {
                    t.anchor(p.xml, type: "")
                    t.raw("===\n\n")
                }
                let lines = FountainTranslation.lines(p.pieces)
                switch p.kind {
                case .sceneHeading:
                    // A forced heading is '.' followed by a letter or digit: emphasis markers
                    // cannot come first, and a heading starting with punctuation cannot be forced.
                    let line = Self.joined(lines)
                    let first = line.lazy.flatMap { piece in piece.bytes.lazy.map { (byte: $0, style: piece.style) } }
                        .first { !isSpaceOrTab($0.byte) }
                    guard let first, isASCIIAlnum(first.byte) || first.byte >= 0x80 else {
                        diagnostics.append(Diagnostic(
                            id: FDXDiagnostics.unrepresentableHeading, severity: .warning,
                            message: "a Fountain scene heading must start with a letter or digit; this one is read as action",
                            range: startTag(p)))
                        t.anchor(p.xml, type: "Action")
                        t.raw("!")
                        t.text(line, kind: .forced)
                        notes(p)
                        t.raw("\n\n")
                        continue
                    }
                    t.anchor(p.xml, type: p.type)
                    t.raw(".")
                    t.text(line, kind: .inner, keepStyles: first.style.isEmpty)
                    if let n = p.number {
                        t.raw(" #")
                        t.out.append(contentsOf: n.utf8)
                        t.raw("#")
                    }
                    notes(p)
                    t.raw("\n\n")
                    if let s = p.summary {
                        t.anchor(s.xml, type: "")
                        t.raw("= ")
                        t.text([FountainTranslation.Piece(bytes: ArraySlice(Self.oneLine(s.text)), style: [], xml: s.xml)], kind: .inner)
                        t.raw("\n\n")
                    }
                case .action:
                    t.anchor(p.xml, type: p.type)
                    for (i, line) in lines.enumerated() {
                        if i > 0 { t.newline() }
                        if FountainTranslation.isBlankLine(line) && i > 0 {
                            t.raw("  ")
                        } else {
                            t.raw("!")
                            t.text(line, kind: .forced)
                        }
                    }
                    notes(p)
                    t.raw("\n\n")
                case .centered:
                    t.anchor(p.xml, type: p.type)
                    for (i, line) in lines.enumerated() {
                        if i > 0 { t.newline() }
                        t.raw(">")
                        t.text(line, kind: .inner)
                        t.raw("<")
                    }
                    notes(p)
                    t.raw("\n\n")
                case .transition:
                    t.anchor(p.xml, type: p.type)
                    t.raw(">")
                    t.text(Self.joined(lines), kind: .inner)
                    notes(p)
                    t.raw("\n\n")
                case .lyrics:
                    t.anchor(p.xml, type: p.type)
                    lyricLines(lines)
                    notes(p)
                    t.raw("\n\n")
                case .section(let depth):
                    t.anchor(p.xml, type: p.type)
                    for _ in 0..<depth { t.raw("#") }
                    t.raw(" ")
                    t.text(Self.joined(lines), kind: .inner)
                    notes(p)
                    t.raw("\n\n")
                case .synopsis:
                    t.anchor(p.xml, type: p.type)
                    t.raw("= ")
                    t.text(Self.joined(lines), kind: .inner)
                    notes(p)
                    t.raw("\n\n")
                case .character:
                    t.anchor(p.xml, type: p.type)
                    t.raw("@")
                    t.text(Self.joined(lines), kind: .inner, keepStyles: false)
                    if p.dualRight { t.raw(" ^") }
                    notes(p)
                    t.newline()
                    inBlock = true
                case .parenthetical, .dialogue:
                    diagnostics.append(Diagnostic(
                        id: FDXDiagnostics.dialogueWithoutCharacter, severity: .warning,
                        message: "\(p.kind == .dialogue ? "dialogue" : "parenthetical") without a character cue before it; it is read as action",
                        range: startTag(p))
                    )
                    t.anchor(p.xml, type: p.type)
                    t.raw("!")
                    t.text(Self.joined(lines), kind: .forced)
                    notes(p)
                    t.raw("\n\n")
                }
            }
            if inBlock { t.newline() }
        }

        func startTag(_ p: FDXParagraph) -> SourceRange {
            var e = p.xml.start
            while e < p.xml.end && e < file.bytes.count && file.bytes[e] != 0x3E { e += 1 }
            return SourceRange(start: p.xml.start, end: min(p.xml.end, e + 1))
        }

        /// A parenthetical, dialogue or lyric line inside a dialogue block.
        mutating func blockLine(_ p: FDXParagraph) {
            let lines = FountainTranslation.lines(p.pieces)
            t.anchor(p.xml, type: p.type)
            switch p.kind {
            case .parenthetical:
                var line = Self.joined(lines)
                let plain = FountainTranslation.plain(line)
                var s = 0
                var e = plain.count
                while s < e && isSpaceOrTab(plain[s]) { s += 1 }
                while e > s && isSpaceOrTab(plain[e - 1]) { e -= 1 }
                let open = s < e && plain[s] == 0x28
                let close = s < e && plain[e - 1] == 0x29
                if !open { t.raw("(") }
                if !close { line.append(FountainTranslation.Piece(bytes: [0x29], style: [], xml: p.xml)) }
                t.text(line, kind: .inner, plainEdges: true)
            case .lyrics:
                lyricLines(lines)
            default:
                for (i, line) in lines.enumerated() {
                    if i > 0 { t.newline() }
                    if FountainTranslation.isBlankLine(line) {
                        t.raw("  ")
                    } else {
                        t.text(line, kind: .dialogue)
                    }
                }
            }
            notes(p)
            t.newline()
        }

        mutating func lyricLines(_ lines: [[FountainTranslation.Piece]]) {
            var first = true
            for line in lines where !FountainTranslation.isBlankLine(line) {
                if !first { t.newline() }
                first = false
                t.raw("~")
                t.text(line, kind: .inner)
            }
        }

        mutating func notes(_ p: FDXParagraph) {
            for note in p.notes {
                t.own(note.xml)
                t.raw(" [[")
                t.noteText(note.text)
                closeNote()
            }
        }

        mutating func closeNote() {
            if t.out.last == 0x5D { t.raw(" ") }
            t.raw("]]")
        }

        /// Lines of a one-line element joined with spaces.
        static func joined(_ lines: [[FountainTranslation.Piece]]) -> [FountainTranslation.Piece] {
            var out: [FountainTranslation.Piece] = []
            for (i, line) in lines.enumerated() {
                if i > 0, let last = line.first ?? out.last {
                    out.append(FountainTranslation.Piece(bytes: [0x20], style: [], xml: last.xml))
                }
                out += line
            }
            return out
        }

        static func oneLine(_ bytes: [UInt8]) -> [UInt8] {
            bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        }

        // MARK: Assembly

        mutating func assemble() -> Screenplay {
            let translated = SourceFile(path: file.path, bytes: t.out)
            var tree = FountainParser.parse(translated)
            tree.format = .fdx
            let converter = SourceLocationConverter(bytes: file.bytes)
            var origin = SourceOrigin(
                file: file, lineStarts: converter.lineStarts, titlePageRange: titlePageRange,
                titleFieldRanges: fieldRanges, segments: t.segments)
            origin.elementRanges.reserveCapacity(tree.elements.count)
            origin.elementTypes.reserveCapacity(tree.elements.count)
            var a = 0
            let anchors = t.anchors
            for element in tree.elements {
                let start = element.range.start
                while a + 1 < anchors.count && anchors[a + 1].start <= start { a += 1 }
                if a < anchors.count && anchors[a].start <= start {
                    origin.elementRanges.append(anchors[a].xml)
                    origin.elementTypes.append(anchors[a].type)
                } else {
                    origin.elementRanges.append(origin.map(element.range))
                    origin.elementTypes.append("")
                }
            }
            var all = diagnostics
            for var d in tree.diagnostics {
                d.range = origin.map(d.range)
                d.notes = d.notes.map { DiagnosticNote(message: $0.message, range: origin.map($0.range)) }
                d.fixIts = []
                all.append(d)
            }
            all.sort { $0.range.start < $1.range.start }
            tree.diagnostics = all
            tree.origin = origin
            return tree
        }
    }
}
