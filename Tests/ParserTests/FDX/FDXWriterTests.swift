import Foundation
import Testing
@testable import Parser

@Suite("FDX writer and round trips")
struct FDXWriterTests {
    static let fountain = """
        Title: **The Long Night**
        Credit: Written by
        Author: J. R. Writer
        Draft date: 1 May 2025
        Contact:
            jr@example.com
            555 0100

        # ACT ONE

        ## The station

        INT. LIGHTHOUSE - NIGHT #1#

        = Mara finds the logbook.

        Rain **hammers** the glass. *Waves* crash. _Something_ moves & "glows" <here>. [[Check the SFX cue.]]

        [[A standalone note.]]

        MARA (V.O.)
        (quietly)
        It found us.
        ~And it sings

        BRICK
        Screw it.

        STEEL ^
        Screw it.

        CUT TO:

        /* a cut scene
        that nobody reads */

        ===

        .FLASHBACK

        !THE TOWER FALLS.

        > THE END <

        > FADE TO BLACK.

        ~La la la

        """

    @Test("fountain → fdx → fountain keeps every element's kind, text and styles (boneyard aside)")
    func fountainRoundTrip() throws {
        let original = FountainParser.parse(Self.fountain, path: "long-night.fountain")
        let fdx = FDXWriter.write(original)
        let back = try FDXReader.read(SourceFile(path: "long-night.fdx", bytes: fdx))
        let expected = FDXSupport.elements(original).filter { !$0.hasPrefix("boneyard") }
        #expect(FDXSupport.elements(back) == expected)
        #expect(FDXSupport.styled(back) == FDXSupport.styled(original))
        // Scene numbers, section depths, dual positions and notes survive.
        func extras(_ t: Screenplay) -> [String] {
            t.elements.compactMap { e in
                switch e.kind {
                case .sceneHeading(let h): return h.sceneNumber.map { "#" + t.source($0) }
                case .section(let s): return "depth \(s.depth)"
                case .character(let c): return c.dual.map { "\(t.characterName(c)) \($0.rawValue)" }
                default: return nil
                }
            }
        }
        #expect(extras(back) == extras(original))
        let notes = { (t: Screenplay) in t.elements.flatMap { t.inline(of: $0).notes.map(\.text) } }
        #expect(notes(back) == notes(original))
        // The canonical Fountain is stable: converting it again gives the same bytes.
        let again = try FDXReader.read(SourceFile(path: "again.fdx", bytes: FDXWriter.write(back)))
        #expect(again.source.bytes == back.source.bytes)
        // Title page fields come back (best effort mapping on the FDX side).
        let fields = try #require(back.titlePage).fields.map { "\(back.source($0.key))=\(back.inline(lines: $0.lines).text)" }
        #expect(fields == [
            "Title=The Long Night", "Credit=Written by", "Author=J. R. Writer",
            "Contact=jr@example.com\n555 0100", "Draft date=1 May 2025",
        ])
    }

    @Test("The written FDX is a Final Draft document libxml2 reads back: root, settings, title page, paragraphs")
    func documentShape() throws {
        let tree = FountainParser.parse(Self.fountain, path: "long-night.fountain")
        let bytes = FDXWriter.write(tree)
        let xml = try XMLTree.parse(bytes)
        let root = try #require(xml.root)
        #expect(xml.name(root) == "FinalDraft")
        #expect(xml.attribute("DocumentType", of: root) == "Script")
        #expect(xml.attribute("Template", of: root) == "No")
        #expect(xml.attribute("Version", of: root) == FDXWriter.documentVersion)
        let settings = xml.children(root).filter { xml.name($0) == "ElementSettings" }
        let types = Set(settings.compactMap { xml.attribute("Type", of: $0) })
        for t in ["Scene Heading", "Action", "Character", "Parenthetical", "Dialogue", "Transition", "Shot", "General"] {
            #expect(types.contains(t), "missing ElementSettings for \(t)")
        }
        for s in settings {
            let font = try #require(xml.child("FontSpec", of: s))
            #expect(xml.attribute("Font", of: font) == "Courier Final Draft")
            #expect(xml.attribute("Size", of: font) == "12")
            #expect(xml.child("ParagraphSpec", of: s).flatMap { xml.attribute("LeftIndent", of: $0) } != nil)
        }
        #expect(xml.child("TitlePage", of: root) != nil)
        let paras = try FDXSupport.paragraphs(bytes)
        #expect(paras.first { $0.type == "Scene Heading" }?.number == "1")
        #expect(paras.contains { $0.type == "Action" && $0.centered && $0.text == "THE END" })
        #expect(paras.contains { $0.type == "Scene Heading" && $0.newPage && $0.text == "FLASHBACK" })
        #expect(paras.filter(\.dual).map(\.type) == ["Character", "Dialogue", "Character", "Dialogue"])
        #expect(paras.contains { $0.text.contains("& \"glows\" <here>") })
        // The summary and the script note are in place.
        let summaries = xml.descendants("Summary", of: root)
        #expect(summaries.count == 1)
        #expect(xml.descendants("ScriptNote", of: root).count == 2)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("nobody reads"))
    }

    @Test("fdx → fountain → fdx keeps paragraphs and styles", arguments: ["finaldraft12.fdx", "fadein.fdx", "highland.fdx", "trelby.fdx", "finaldraft8.fdx"])
    func fdxRoundTrip(_ name: String) throws {
        let file = try FDXSupport.fixture(name)
        let original = try FDXSupport.paragraphs(file.bytes)
        let tree = try FDXReader.read(file)
        // Through a Fountain file: types Fountain has no element for come back as Action.
        let fountain = FountainParser.parse(SourceFile(path: "x.fountain", bytes: tree.source.bytes))
        let viaFountain = try FDXSupport.paragraphs(FDXWriter.write(fountain))
        func normalized(_ ps: [FDXSupport.Para], fountainTypes: Bool = true) -> [FDXSupport.Para] {
            var out: [FDXSupport.Para] = []
            for var p in ps {
                if fountainTypes && ["Shot", "General", "Cast List", "Teaser Card", ""].contains(p.type) { p.type = "Action" }
                // Consecutive dialogue paragraphs under one cue merge (documented).
                if p.type == "Dialogue", let last = out.last, last.type == "Dialogue" {
                    out[out.count - 1].text += "\n" + p.text
                    out[out.count - 1].styled += p.styled
                    continue
                }
                if p.type == "Parenthetical" && !p.text.hasPrefix("(") { p.text = "(" + p.text + ")" }
                out.append(p)
            }
            return out
        }
        #expect(normalized(viaFountain) == normalized(original))
        // Straight from the tree (no Fountain file in between), original types are kept too.
        let direct = try FDXSupport.paragraphs(FDXWriter.write(tree))
        #expect(direct == normalized(original, fountainTypes: false))
    }

    @Test("Characters XML cannot carry are dropped; markup-like text is escaped by libxml2")
    func escaping() throws {
        let tree = FountainParser.parse("INT. A & B <C> \"D\" - DAY\n\nBell\u{7}s ring ]]> here.\n")
        let bytes = FDXWriter.write(tree)
        let paras = try FDXSupport.paragraphs(bytes)
        #expect(paras.map(\.text) == ["INT. A & B <C> \"D\" - DAY", "Bells ring ]]> here."])
    }
}
