/// Writes a `Screenplay` as a Final Draft (.fdx) document through libxml2's xmlTextWriter:
/// typed `<Paragraph>`s with styled `<Text>` runs, dual dialogue, scene numbers and summaries,
/// script notes, page breaks, a `<TitlePage>`, and the `<ElementSettings>` Final Draft needs to
/// lay the script out (Courier Final Draft 12 pt, standard indents). The mapping and what it
/// loses are documented in docs/fdx.md.
public enum FDXWriter {
    /// The `Version` attribute written (the Final Draft 12 document version).
    public static let documentVersion = "5"

    public static func write(_ tree: Screenplay) -> [UInt8] {
        guard let xml = XMLWriter() else { return [] }
        var w = Writer(tree: tree, xml: xml)
        w.run()
        return xml.finish() ?? []
    }

    /// The FDX paragraph type for an element kind, and back.
    static func defaultType(_ type: ElementType) -> String {
        switch type {
        case .sceneHeading: "Scene Heading"
        case .action, .centered: "Action"
        case .character: "Character"
        case .parenthetical: "Parenthetical"
        case .dialogue: "Dialogue"
        case .lyrics: "Lyrics"
        case .transition: "Transition"
        case .section: "Section"
        case .synopsis: "Synopsis"
        case .note, .boneyard, .pageBreak: "General"
        }
    }

    static func styleName(_ style: TextStyle) -> String? {
        var parts: [String] = []
        if style.contains(.bold) { parts.append("Bold") }
        if style.contains(.italic) { parts.append("Italic") }
        if style.contains(.underline) { parts.append("Underline") }
        return parts.isEmpty ? nil : parts.joined(separator: "+")
    }

    struct Writer {
        let tree: Screenplay
        let xml: XMLWriter
        var newPage = false

        init(tree: Screenplay, xml: XMLWriter) {
            self.tree = tree
            self.xml = xml
        }

        mutating func run() {
            xml.start("FinalDraft")
            xml.attribute("DocumentType", "Script")
            xml.attribute("Template", "No")
            xml.attribute("Version", FDXWriter.documentVersion)
            xml.start("Content")
            body()
            xml.end()
            titlePage()
            elementSettings()
            pageLayout()
            xml.end()
        }

        /// The type to write for element `i`: its original FDX type when it came from an FDX
        /// paragraph of the same kind (Shot, General, Cast List, …), else the default.
        func type(of i: Int) -> String {
            let element = tree.elements[i]
            if let origin = tree.origin, i < origin.elementTypes.count {
                let original = origin.elementTypes[i]
                if !original.isEmpty {
                    let kind = FDXReader.kind(forType: original)
                    let same: Bool
                    switch (kind, element.type) {
                    case (.sceneHeading, .sceneHeading), (.action, .action), (.character, .character),
                        (.parenthetical, .parenthetical), (.dialogue, .dialogue), (.lyrics, .lyrics),
                        (.transition, .transition), (.centered, .centered), (.section, .section), (.synopsis, .synopsis):
                        same = true
                    case (nil, .action):
                        same = true  // an unknown type read as action goes back unchanged
                    default:
                        same = false
                    }
                    if same { return original }
                }
            }
            return FDXWriter.defaultType(element.type)
        }

        mutating func body() {
            let elements = tree.elements
            var i = 0
            while i < elements.count {
                let element = elements[i]
                switch element.kind {
                case .pageBreak:
                    newPage = true
                    i += 1
                case .boneyard:
                    i += 1
                case .character(let cue) where cue.dual == .left:
                    let end = dualEnd(from: i)
                    xml.start("Paragraph")
                    if newPage { xml.attribute("StartsNewPage", "Yes") }
                    newPage = false
                    xml.start("DualDialogue")
                    for k in i..<end { paragraph(k) }
                    xml.end()
                    xml.end()
                    i = end
                case .sceneHeading:
                    // Synopses right after a heading become the scene's summary.
                    var j = i + 1
                    var summary: [String] = []
                    while j < elements.count, elements[j].type == .synopsis {
                        summary.append(tree.inline(of: elements[j]).text)
                        j += 1
                    }
                    paragraph(i, summary: summary)
                    i = j
                default:
                    paragraph(i)
                    i += 1
                }
            }
        }

        /// The end (exclusive) of a dual-dialogue group starting at the left cue `start`.
        func dualEnd(from start: Int) -> Int {
            let elements = tree.elements
            var j = start + 1
            var sawRight = false
            while j < elements.count {
                switch elements[j].kind {
                case .parenthetical, .dialogue, .lyrics, .note:
                    j += 1
                case .character(let c) where c.dual == .right && !sawRight:
                    sawRight = true
                    j += 1
                default:
                    return j
                }
            }
            return j
        }

        mutating func paragraph(_ i: Int, summary: [String] = []) {
            let element = tree.elements[i]
            let content = tree.inline(of: element)
            xml.start("Paragraph")
            xml.attribute("Type", type(of: i))
            if case .sceneHeading(let h) = element.kind, let number = h.sceneNumber {
                xml.attribute("Number", tree.source(number))
            }
            if case .section(let s) = element.kind { xml.attribute("Level", String(s.depth)) }
            if element.type == .centered { xml.attribute("Alignment", "Center") }
            if newPage { xml.attribute("StartsNewPage", "Yes") }
            newPage = false
            if !summary.isEmpty {
                xml.start("SceneProperties")
                xml.start("Summary")
                for line in summary {
                    xml.start("Paragraph")
                    xml.start("Text")
                    xml.text(line)
                    xml.end()
                    xml.end()
                }
                xml.end()
                xml.end()
            }
            if element.type == .note {
                for note in content.notes { scriptNote(note.text) }
                xml.start("Text")
                xml.text("")
                xml.end()
                xml.end()
                return
            }
            for note in content.notes { scriptNote(note.text) }
            if content.runs.isEmpty {
                xml.start("Text")
                xml.text("")
                xml.end()
            }
            for run in content.runs {
                xml.start("Text")
                if let style = FDXWriter.styleName(run.style) { xml.attribute("Style", style) }
                xml.text(run.text)
                xml.end()
            }
            xml.end()
        }

        func scriptNote(_ text: String) {
            xml.start("ScriptNote")
            xml.attribute("Color", "#FFFFFFFF0000")
            xml.attribute("Label", "Note")
            xml.attribute("Visible", "Yes")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                xml.start("Paragraph")
                xml.start("Text")
                xml.text(String(line))
                xml.end()
                xml.end()
            }
            xml.end()
        }

        // MARK: Title page

        func titlePage() {
            guard let tp = tree.titlePage, !tp.fields.isEmpty else { return }
            var fields: [(key: String, content: InlineContent)] = []
            for f in tp.fields {
                fields.append((tree.source(f.key).trimmingSpaces(), tree.inline(lines: f.lines)))
            }
            func take(_ keys: [String]) -> [InlineContent] {
                fields.filter { f in keys.contains { $0 == f.key.lowercased() } }.map(\.content)
            }
            let known = ["title", "credit", "author", "authors", "source", "draft date", "date", "contact", "copyright", "notes"]
            xml.start("TitlePage")
            xml.start("Content")
            for _ in 0..<12 { titleParagraph(nil, align: "Center") }
            for c in take(["title"]) { titleParagraph(c, align: "Center") }
            for (keys, gap) in [(["credit"], true), (["author", "authors"], true), (["source"], true)] {
                let values = take(keys)
                if values.isEmpty { continue }
                if gap { titleParagraph(nil, align: "Center") }
                for c in values { titleParagraph(c, align: "Center") }
            }
            let others = fields.filter { !known.contains($0.key.lowercased()) }.map(\.content) + take(["notes"])
            if !others.isEmpty { titleParagraph(nil, align: "Center") }
            for c in others { titleParagraph(c, align: "Center") }
            for _ in 0..<8 { titleParagraph(nil, align: "Left") }
            for c in take(["contact"]) { titleParagraph(c, align: "Left") }
            for c in take(["copyright"]) { titleParagraph(c, align: "Left") }
            for c in take(["draft date", "date"]) { titleParagraph(c, align: "Right") }
            xml.end()
            xml.end()
        }

        /// One paragraph per line of the value (runs split at line breaks).
        func titleParagraph(_ content: InlineContent?, align: String) {
            var lines: [[StyledRun]] = [[]]
            if let content {
                for run in content.runs {
                    let parts = run.text.split(separator: "\n", omittingEmptySubsequences: false)
                    for (k, part) in parts.enumerated() {
                        if k > 0 { lines.append([]) }
                        if !part.isEmpty { lines[lines.count - 1].append(StyledRun(text: String(part), style: run.style)) }
                    }
                }
            }
            for line in lines {
                xml.start("Paragraph")
                xml.attribute("Alignment", align)
                xml.attribute("FirstIndent", "0.00")
                xml.attribute("Leading", "Regular")
                xml.attribute("LeftIndent", "1.00")
                xml.attribute("RightIndent", "7.50")
                xml.attribute("SpaceBefore", "0")
                xml.attribute("Spacing", "1")
                xml.attribute("StartsNewPage", "No")
                if line.isEmpty {
                    xml.start("Text")
                    xml.text("")
                    xml.end()
                }
                for run in line {
                    xml.start("Text")
                    if let style = FDXWriter.styleName(run.style) { xml.attribute("Style", style) }
                    xml.text(run.text)
                    xml.end()
                }
                xml.end()
            }
        }

        // MARK: Layout

        /// (type, font style, alignment, first indent, left, right, space before, return key, shortcut)
        static let settings: [(String, String, String, String, String, String, String, String, String)] = [
            ("General", "", "Left", "0.00", "1.50", "7.50", "0", "General", "0"),
            ("Scene Heading", "AllCaps", "Left", "0.00", "1.50", "7.50", "24", "Action", "1"),
            ("Action", "", "Left", "0.00", "1.50", "7.50", "12", "Action", "2"),
            ("Character", "AllCaps", "Left", "0.00", "3.50", "7.25", "12", "Dialogue", "3"),
            ("Parenthetical", "", "Left", "-0.10", "3.00", "5.50", "0", "Dialogue", "4"),
            ("Dialogue", "", "Left", "0.00", "2.50", "6.00", "0", "Action", "5"),
            ("Transition", "AllCaps", "Right", "0.00", "5.50", "7.10", "12", "Scene Heading", "6"),
            ("Shot", "AllCaps", "Left", "0.00", "1.50", "7.50", "12", "Action", "7"),
            ("Cast List", "AllCaps", "Left", "0.00", "1.75", "7.50", "0", "Cast List", "8"),
            ("Lyrics", "Italic", "Left", "0.00", "2.50", "6.00", "0", "Lyrics", "9"),
            ("Section", "Bold+Underline", "Left", "0.00", "1.50", "7.50", "24", "Action", ""),
            ("Synopsis", "Italic", "Left", "0.00", "1.50", "7.50", "12", "Action", ""),
        ]

        func elementSettings() {
            for s in Self.settings {
                xml.start("ElementSettings")
                xml.attribute("Type", s.0)
                xml.empty("FontSpec", [
                    "AdornmentStyle": "0", "Background": "#FFFFFFFFFFFF", "Color": "#000000000000",
                    "Font": "Courier Final Draft", "RevisionID": "0", "Size": "12", "Style": s.1,
                ])
                xml.empty("ParagraphSpec", [
                    "Alignment": s.2, "FirstIndent": s.3, "Leading": "Regular", "LeftIndent": s.4,
                    "RightIndent": s.5, "SpaceBefore": s.6, "Spacing": "1", "StartsNewPage": "No",
                ])
                if s.8.isEmpty {
                    xml.empty("Behavior", ["PaginateAs": s.0 == "Section" ? "Scene Heading" : "Action", "ReturnKey": s.7])
                } else {
                    xml.empty("Behavior", ["PaginateAs": s.0, "ReturnKey": s.7, "Shortcut": s.8])
                }
                xml.end()
            }
        }

        func pageLayout() {
            xml.start("PageLayout")
            xml.attribute("BackgroundColor", "#FFFFFFFFFFFF")
            xml.attribute("BottomMargin", "72")
            xml.attribute("BreakDialogueAndActionAtSentences", "Yes")
            xml.attribute("DocumentLeading", "Normal")
            xml.attribute("FooterMargin", "36")
            xml.attribute("ForegroundColor", "#000000000000")
            xml.attribute("HeaderMargin", "36")
            xml.attribute("InvisiblesColor", "#A0A0A0A0A0A0")
            xml.attribute("TopMargin", "72")
            xml.attribute("UsesSmartQuotes", "Yes")
            xml.empty("PageSize", ["Height": "11.00", "Width": "8.50"])
            xml.empty("AutoCastList", [
                "AddParentheses": "Yes", "AutomaticallyGenerate": "No", "CastListElement": "Cast List",
            ])
            xml.end()
        }
    }
}

extension FDXReader {
    /// The element kind an FDX paragraph type is read as; nil for types scriptc does not know
    /// (read as action with a warning).
    static func kind(forType type: String) -> FDXParagraph.Kind? {
        switch type.lowercased() {
        case "scene heading": .sceneHeading
        case "action", "general", "shot", "cast list", "": .action
        case "character": .character
        case "parenthetical": .parenthetical
        case "dialogue": .dialogue
        case "lyrics": .lyrics
        case "transition": .transition
        case "new act", "end of act", "act break": .centered
        case "section": .section(1)
        case "synopsis": .synopsis
        default: nil
        }
    }
}
