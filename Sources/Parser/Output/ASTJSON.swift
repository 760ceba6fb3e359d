/// The versioned JSON form of the syntax tree, as `scriptc parse --json` prints it. The schema is
/// documented in docs/ast-json.md; bump `version` on any incompatible change.
public enum ASTJSON {
    public static let schema = "scriptc-ast"
    public static let version = 1

    public static func encode(_ tree: Screenplay, pretty: Bool = false) -> [UInt8] {
        var w = JSONWriter(pretty: pretty, capacity: tree.source.bytes.count * 3 + 1024)
        var cursor = LocationCursor(reporting: tree)
        w.beginObject()
        w.field("schema", schema)
        w.field("version", version)
        w.key("source")
        w.beginObject()
        w.field("path", tree.source.path)
        w.field("format", tree.format.rawValue)
        // For a tree read from FDX, sizes and every range refer to the original file.
        w.field("bytes", tree.reportedFile.bytes.count)
        w.field("lines", tree.origin?.lineStarts.count ?? tree.lineStarts.count)
        w.endObject()

        w.key("titlePage")
        if let tp = tree.titlePage {
            w.beginObject()
            w.key("fields")
            w.beginArray()
            for (fieldIndex, field) in tp.fields.enumerated() {
                let content = tree.inline(lines: field.lines)
                w.beginObject()
                w.field("key", tree.source(field.key))
                w.field("value", content.text)
                writeRuns(content.runs, &w)
                writeNotes(reported(content.notes, tree), &w, &cursor)
                w.key("range")
                writeRange(tree.reportedRange(ofTitleField: fieldIndex), &w, &cursor)
                w.endObject()
            }
            w.endArray()
            w.key("range")
            writeRange(tree.origin?.titlePageRange ?? tp.range, &w, &cursor)
            w.endObject()
        } else {
            w.null()
        }

        w.key("elements")
        w.beginArray()
        for (elementIndex, element) in tree.elements.enumerated() {
            w.beginObject()
            w.field("type", element.type.rawValue)
            // Plain elements (no markup, notes, boneyard or non-ASCII bytes: most of a script)
            // are written straight from the source bytes; the rest go through the inline resolver.
            let plain = tree.isPlain(element)
            let content = plain ? nil : tree.inline(of: element)
            w.key("text")
            if let content { w.value(content.text) } else { tree.writePlainText(element, &w) }
            switch element.kind {
            case .sceneHeading(let h):
                w.field("forced", h.forced)
                if let number = h.sceneNumber { w.field("sceneNumber", tree.source(number)) }
            case .action(let a):
                w.field("forced", a.forced)
            case .character(let c):
                w.field("name", tree.characterName(c))
                w.key("extensions")
                w.beginArray()
                for ext in tree.characterExtensions(c) { w.value(ext) }
                w.endArray()
                w.field("forced", c.forced)
                w.field("dual", c.dual != nil)
                if let dual = c.dual { w.field("dualPosition", dual.rawValue) }
            case .transition(let t):
                w.field("forced", t.forced)
            case .section(let s):
                w.field("depth", s.depth)
            default:
                break
            }
            if let content {
                writeRuns(content.runs, &w)
                writeNotes(reported(content.notes, tree), &w, &cursor)
            } else {
                w.key("runs")
                w.beginArray()
                if element.lines.count > 1 || tree.lines[element.lines.lowerBound].text.length > 0 {
                    w.beginObject()
                    w.key("text")
                    tree.writePlainText(element, &w)
                    w.key("styles")
                    w.beginArray()
                    w.endArray()
                    w.endObject()
                }
                w.endArray()
                w.key("notes")
                w.beginArray()
                w.endArray()
            }
            w.key("range")
            writeRange(tree.reportedRange(ofElement: elementIndex), &w, &cursor)
            w.endObject()
        }
        w.endArray()

        w.key("diagnostics")
        w.beginArray()
        var diagCursor = LocationCursor(reporting: tree)
        for d in tree.diagnostics { writeDiagnostic(d, &w, &diagCursor) }
        w.endArray()
        w.endObject()
        var bytes = w.bytes
        bytes.append(0x0A)
        return bytes
    }

    /// Notes with the ranges to report (the original file's, for a tree read from FDX).
    static func reported(_ notes: [InlineNote], _ tree: Screenplay) -> [InlineNote] {
        guard tree.origin != nil else { return notes }
        return notes.map { InlineNote(text: $0.text, range: tree.reportedRange($0.range)) }
    }

    static func writeRuns(_ runs: [StyledRun], _ w: inout JSONWriter) {
        w.key("runs")
        w.beginArray()
        for run in runs {
            w.beginObject()
            w.field("text", run.text)
            w.key("styles")
            w.beginArray()
            for name in run.style.names { w.value(name) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
    }

    static func writeNotes(_ notes: [InlineNote], _ w: inout JSONWriter, _ cursor: inout LocationCursor) {
        w.key("notes")
        w.beginArray()
        for note in notes {
            w.beginObject()
            w.field("text", note.text)
            w.key("range")
            writeRange(note.range, &w, &cursor)
            w.endObject()
        }
        w.endArray()
    }

    static func writeRange(_ r: SourceRange, _ w: inout JSONWriter, _ cursor: inout LocationCursor) {
        w.beginObject()
        w.key("start")
        writePosition(r.start, &w, &cursor)
        w.key("end")
        writePosition(r.end, &w, &cursor)
        w.endObject()
    }

    static func writePosition(_ offset: Int, _ w: inout JSONWriter, _ cursor: inout LocationCursor) {
        let (line, column) = cursor.lineColumn(offset)
        w.position(offset: offset, line: line, column: column)
    }

    public static func writeDiagnostic(_ d: Diagnostic, _ w: inout JSONWriter, _ cursor: inout LocationCursor) {
        w.beginObject()
        w.field("id", d.id.rawValue)
        w.field("severity", d.severity.rawValue)
        w.field("message", d.message)
        w.key("range")
        writeRange(d.range, &w, &cursor)
        if !d.notes.isEmpty {
            w.key("notes")
            w.beginArray()
            for note in d.notes {
                w.beginObject()
                w.field("message", note.message)
                w.key("range")
                writeRange(note.range, &w, &cursor)
                w.endObject()
            }
            w.endArray()
        }
        w.key("fixIts")
        w.beginArray()
        for fix in d.fixIts {
            w.beginObject()
            w.field("message", fix.message)
            w.field("replacement", fix.replacement)
            w.key("range")
            writeRange(fix.range, &w, &cursor)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

/// Line/column lookups for offsets that mostly increase: amortized O(1) per query.
public struct LocationCursor {
    private let lineStarts: [Int]
    private let count: Int
    private var line = 0

    public init(_ tree: Screenplay) {
        lineStarts = tree.lineStarts.isEmpty ? [0] : tree.lineStarts
        count = tree.source.bytes.count
    }

    /// Positions in the file a tree reports: the original file for a tree read from FDX.
    public init(reporting tree: Screenplay) {
        if let origin = tree.origin {
            self.init(lineStarts: origin.lineStarts, count: origin.file.bytes.count)
        } else {
            self.init(tree)
        }
    }

    public init(lineStarts: [Int], count: Int) {
        self.lineStarts = lineStarts.isEmpty ? [0] : lineStarts
        self.count = count
    }

    /// 1-based line and 1-based UTF-8 column of `offset` (clamped to the file).
    public mutating func lineColumn(_ offset: Int) -> (Int, Int) {
        let o = min(max(0, offset), count)
        while line + 1 < lineStarts.count && lineStarts[line + 1] <= o { line += 1 }
        while line > 0 && lineStarts[line] > o { line -= 1 }
        return (line + 1, o - lineStarts[line] + 1)
    }
}

private let newlineBytes: [UInt8] = [0x0A]

extension Screenplay {
    /// True when an element's text is its content lines' bytes joined by `\n`: no markup, notes,
    /// boneyard, hidden or non-ASCII lines, and not a note or boneyard element.
    func isPlain(_ element: Element) -> Bool {
        if element.type == .note || element.type == .boneyard { return false }
        let blocking: ContentLine.Flags = [.markup, .annotations, .hidden, .nonASCII]
        for k in element.lines where !lines[k].flags.isDisjoint(with: blocking) { return false }
        return true
    }

    /// Writes the text of a plain element (see `isPlain`) as a JSON string.
    func writePlainText(_ element: Element, _ w: inout JSONWriter) {
        source.bytes.withUnsafeBufferPointer { buf in
            w.stringValue { out in
                var first = true
                for k in element.lines {
                    if !first { newlineBytes.withUnsafeBufferPointer { out($0) } }
                    first = false
                    let t = lines[k].text
                    if t.length > 0 { out(UnsafeBufferPointer(rebasing: buf[t.start..<t.end])) }
                }
            }
        }
    }

    /// The name of a cue, as written (without '@', extensions or caret).
    public func characterName(_ cue: CharacterCue) -> String { source(cue.name) }

    /// The extensions of a cue without parentheses: `(V.O.) (cont'd)` gives `["V.O.", "cont'd"]`.
    public func characterExtensions(_ cue: CharacterCue) -> [String] {
        guard let ext = cue.extensions else { return [] }
        var out: [String] = []
        let bytes = source.bytes
        var i = ext.start
        while i < ext.end {
            if bytes[i] == 0x28 {
                var j = i + 1
                var depth = 1
                while j < ext.end {
                    if bytes[j] == 0x28 { depth += 1 }
                    if bytes[j] == 0x29 {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                let inner = SourceRange(start: i + 1, end: min(j, ext.end))
                let text = source(inner).trimmingSpaces()
                if !text.isEmpty { out.append(text) }
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
