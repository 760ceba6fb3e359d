/// Renders a screenplay as one self-contained HTML page (embedded CSS, no scripts, no external
/// resources) laid out like a screenplay page: Courier 12 pt, standard indents for each element,
/// dual dialogue side by side, title page first. Text is escaped; notes are shown as margin
/// notes, boneyard is omitted.
public enum HTMLWriter {
    public static func render(_ tree: Screenplay) -> [UInt8] {
        var h = HTML()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        h.escape(title(tree))
        h.raw("</title>\n<style>\n")
        h.raw(css)
        h.raw("</style>\n</head>\n<body>\n")
        if let tp = tree.titlePage, !tp.fields.isEmpty {
            h.raw("<section class=\"title-page\">\n")
            for field in tp.fields {
                let key = tree.source(field.key).trimmingSpaces()
                let cls = String(key.lowercased().map { $0 == " " ? "-" : $0 }.filter { $0.isLetter || $0 == "-" })
                h.raw("<div class=\"tp tp-")
                h.escape(cls)
                h.raw("\" data-key=\"")
                h.escape(key)
                h.raw("\">")
                h.runs(tree.inline(lines: field.lines).runs)
                h.raw("</div>\n")
            }
            h.raw("</section>\n")
        }
        h.raw("<main class=\"script\">\n")
        let elements = tree.elements
        var i = 0
        var inDual = false
        while i < elements.count {
            let element = elements[i]
            if case .character(let cue) = element.kind, cue.dual == .left {
                h.raw("<div class=\"dual\">\n<div class=\"dual-side\">\n")
                inDual = true
            } else if case .character(let cue) = element.kind, cue.dual == .right, inDual {
                h.raw("</div>\n<div class=\"dual-side\">\n")
            } else if inDual, !isDialoguePart(element.type) {
                h.raw("</div>\n</div>\n")
                inDual = false
            }
            h.element(tree, element)
            i += 1
        }
        if inDual { h.raw("</div>\n</div>\n") }
        h.raw("</main>\n</body>\n</html>\n")
        return h.out
    }

    static func isDialoguePart(_ t: ElementType) -> Bool {
        t == .character || t == .parenthetical || t == .dialogue || t == .lyrics || t == .note
    }

    static func title(_ tree: Screenplay) -> String {
        if let tp = tree.titlePage {
            for f in tp.fields where tree.source(f.key).trimmingSpaces().lowercased() == "title" {
                return tree.inline(lines: f.lines).text.split(separator: "\n").joined(separator: " ")
            }
        }
        let path = tree.reportedFile.path
        return String(path.split(separator: "/").last ?? Substring(path))
    }

    static let css = """
        :root { --ink: #111; --paper: #fff; --muted: #666; --note: #8a6d00; }
        html { background: #e9e9e6; }
        body { margin: 0; padding: 2rem 0; color: var(--ink);
          font: 12pt/1.0 "Courier Prime", "Courier Final Draft", "Courier New", Courier, monospace; }
        .title-page, .script { box-sizing: border-box; width: 8.5in; max-width: 100%; margin: 0 auto 2rem;
          background: var(--paper); padding: 1in 1in 1in 1.5in; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
        .title-page { min-height: 11in; display: flex; flex-direction: column; }
        .tp { white-space: pre-wrap; margin: 0 0 1em; }
        .tp-title, .tp-credit, .tp-author, .tp-authors, .tp-source { text-align: center; }
        .tp-title { margin-top: 3in; text-transform: uppercase; }
        .tp-contact, .tp-copyright { margin-top: auto; }
        .tp-draft-date { text-align: right; }
        .el { white-space: pre-wrap; margin: 0; }
        .scene-heading { margin-top: 2em; text-transform: uppercase; font-weight: bold; display: flex; justify-content: space-between; }
        .scene-number { font-weight: normal; }
        .action { margin-top: 1em; }
        .character { margin: 1em 0 0 2in; text-transform: uppercase; }
        .parenthetical { margin-left: 1.5in; margin-right: 2in; }
        .dialogue { margin-left: 1in; margin-right: 1.5in; }
        .lyrics { margin-left: 1in; margin-right: 1.5in; font-style: italic; }
        .transition { margin-top: 1em; text-align: right; text-transform: uppercase; }
        .centered { margin-top: 1em; text-align: center; }
        .section { margin-top: 2em; color: var(--muted); font-family: system-ui, sans-serif; font-size: 11pt; }
        .synopsis { margin-top: .5em; color: var(--muted); font-style: italic; }
        .page-break { border: 0; border-top: 1px dashed #bbb; margin: 2em -1in 2em -1.5in; }
        .note { display: block; margin: .5em 0; padding: .25em .5em; color: var(--note);
          background: #fff8d6; border-left: 3px solid #e0c200; font: 10pt/1.3 system-ui, sans-serif; white-space: pre-wrap; }
        .inline-note { color: var(--note); font: 9pt system-ui, sans-serif; }
        .dual { display: flex; gap: .25in; }
        .dual-side { flex: 1; min-width: 0; }
        .dual .character { margin-left: 1in; }
        .dual .parenthetical { margin-left: .5in; margin-right: .5in; }
        .dual .dialogue, .dual .lyrics { margin-left: 0; margin-right: 0; }
        @media print {
          html, body { background: none; padding: 0; }
          .title-page, .script { box-shadow: none; margin: 0; width: auto; padding: 0; }
          .title-page { page-break-after: always; min-height: 9in; }
          .page-break { border: 0; margin: 0; page-break-after: always; }
          .note, .inline-note, .section, .synopsis { display: none; }
        }

        """
}

private struct HTML {
    var out: [UInt8] = []

    mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

    mutating func escape(_ s: String) {
        for b in s.utf8 {
            switch b {
            case 0x26: raw("&amp;")
            case 0x3C: raw("&lt;")
            case 0x3E: raw("&gt;")
            case 0x22: raw("&quot;")
            case 0x27: raw("&#39;")
            case 0x0A: raw("<br>")
            case 0x0D: break
            default: out.append(b)
            }
        }
    }

    mutating func runs(_ runs: [StyledRun]) {
        for run in runs {
            if run.style.contains(.bold) { raw("<strong>") }
            if run.style.contains(.italic) { raw("<em>") }
            if run.style.contains(.underline) { raw("<u>") }
            escape(run.text)
            if run.style.contains(.underline) { raw("</u>") }
            if run.style.contains(.italic) { raw("</em>") }
            if run.style.contains(.bold) { raw("</strong>") }
        }
    }

    mutating func element(_ tree: Screenplay, _ element: Element) {
        let content = tree.inline(of: element)
        switch element.kind {
        case .boneyard:
            return
        case .pageBreak:
            raw("<hr class=\"page-break\">\n")
            return
        case .note:
            raw("<aside class=\"note\">")
            escape(content.text)
            raw("</aside>\n")
            return
        case .section(let s):
            let level = min(6, s.depth + 1)
            raw("<h\(level) class=\"el section\">")
            runs(content.runs)
            raw("</h\(level)>\n")
            return
        case .sceneHeading(let h):
            raw("<h2 class=\"el scene-heading\"><span>")
            runs(content.runs)
            raw("</span>")
            if let n = h.sceneNumber {
                raw("<span class=\"scene-number\">")
                escape(tree.source(n))
                raw("</span>")
            }
            raw("</h2>\n")
            notes(content.notes)
            return
        default:
            break
        }
        let cls: String
        switch element.type {
        case .action: cls = "action"
        case .character: cls = "character"
        case .parenthetical: cls = "parenthetical"
        case .dialogue: cls = "dialogue"
        case .lyrics: cls = "lyrics"
        case .transition: cls = "transition"
        case .centered: cls = "centered"
        default: cls = "synopsis"
        }
        raw("<p class=\"el \(cls)\">")
        runs(content.runs)
        for note in content.notes {
            raw(" <span class=\"inline-note\" title=\"note\">[")
            escape(note.text)
            raw("]</span>")
        }
        raw("</p>\n")
    }

    mutating func notes(_ notes: [InlineNote]) {
        for note in notes {
            raw("<aside class=\"note\">")
            escape(note.text)
            raw("</aside>\n")
        }
    }
}
