import Foundation
import Testing
@testable import Parser

@Suite("FDX reader")
struct FDXReaderTests {
    @Test("Final Draft 12 export: every paragraph kind, styles, numbers, dual dialogue, notes, summary, title page")
    func finalDraft12() throws {
        let tree = try FDXReader.read(try FDXSupport.fixture("finaldraft12.fdx"))
        #expect(tree.format == .fdx)
        #expect(FDXSupport.elements(tree) == [
            "sceneHeading: INT. RADIO STATION - NIGHT",
            "synopsis: Margo finds the tape.",
            "action: Rain hammers the glass. A red ON AIR light flickers.",
            "action: MARGO (40s) leans into the mic_stand. 50% of [[nothing]] \\ here.",
            "character: MARGO (V.O.)",
            "parenthetical: (quietly)",
            "dialogue: You're listening to Dead Air.\n(Stay with me.)",
            "character: BRICK",
            "dialogue: Screw retirement.",
            "character: STEEL",
            "dialogue: Screw retirement.",
            "action: CLOSE ON THE TAPE",
            "centered: THE END",
            "transition: CUT TO:",
            "pageBreak: ",
            "sceneHeading: EXT. PARKING LOT - CONTINUOUS",
            "lyrics: La la la",
            "action: Something odd.",
        ])
        #expect(FDXSupport.styled(tree) == [
            "hammers/bold", "flick/italic", "MARGO/bold+italic+underline", "retirement/underline",
        ])
        // Scene numbers, dual dialogue, notes.
        var numbers: [String] = []
        var duals: [String] = []
        for e in tree.elements {
            if case .sceneHeading(let h) = e.kind, let n = h.sceneNumber { numbers.append(tree.source(n)) }
            if case .character(let c) = e.kind, let d = c.dual { duals.append("\(tree.characterName(c)):\(d.rawValue)") }
        }
        #expect(numbers == ["1", "2A"])
        #expect(duals == ["BRICK:left", "STEEL:right"])
        let notes = tree.elements.flatMap { tree.inline(of: $0).notes.map(\.text) }
        #expect(notes == ["Check the *light* cue with sound."])
        // Title page, best effort.
        let fields = try #require(tree.titlePage).fields.map { "\(tree.source($0.key))=\(tree.inline(lines: $0.lines).text)" }
        #expect(fields == [
            "Title=DEAD AIR", "Credit=Written by", "Author=Jo Writer", "Contact=jo@example.com\n555 0100",
            "Draft date=Draft 3 - 12 May 2024",
        ])
        // The unknown type is reported, pointing at its paragraph in the .fdx.
        let warning = try #require(tree.diagnostics.first { $0.id == FDXDiagnostics.unknownParagraphType })
        let loc = try #require(tree.origin).locationConverter.location(of: warning.range.start)
        #expect(loc.line == 78 && loc.utf8Column == 5)
        #expect(DiagnosticRenderer(tree).render(warning).hasPrefix("\(tree.origin!.file.path):78:5: warning: unknown paragraph type 'Teaser Card'"))
    }

    @Test("Element ranges map to the XML paragraphs they came from")
    func originRanges() throws {
        let file = try FDXSupport.fixture("finaldraft12.fdx")
        let tree = try FDXReader.read(file)
        let origin = try #require(tree.origin)
        #expect(origin.elementRanges.count == tree.elements.count)
        let text = String(decoding: file.bytes, as: UTF8.self)
        let conv = origin.locationConverter
        // The first scene heading is the paragraph on line 5, the transition on line 72.
        #expect(conv.location(of: origin.elementRanges[0].start).line == 5)
        let transition = try #require(tree.elements.firstIndex { $0.type == .transition })
        let r = origin.elementRanges[transition]
        let xml = String(decoding: file.bytes[r.start..<r.end], as: UTF8.self)
        #expect(xml.hasPrefix("<Paragraph Type=\"Transition\">") && xml.hasSuffix("</Paragraph>"))
        #expect(xml.contains("CUT TO:"))
        #expect(text.contains(xml))
        #expect(origin.elementTypes[tree.elements.firstIndex { tree.text(of: $0) == "CLOSE ON THE TAPE" }!] == "Shot")
        // The JSON form reports the .fdx positions.
        let json = try JSONSerialization.jsonObject(with: Data(ASTJSON.encode(tree))) as! [String: Any]
        let source = json["source"] as! [String: Any]
        #expect(source["format"] as? String == "fdx")
        #expect(source["bytes"] as? Int == file.bytes.count)
        let first = (json["elements"] as! [[String: Any]])[0]
        let start = (first["range"] as! [String: Any])["start"] as! [String: Any]
        #expect(start["line"] as? Int == 5)
    }

    @Test("Fade In shape: runs split inside a word, whitespace-only runs, empty paragraphs, entities")
    func fadeIn() throws {
        let tree = try FDXReader.read(try FDXSupport.fixture("fadein.fdx"))
        #expect(FDXSupport.elements(tree) == [
            "sceneHeading: INT. KITCHEN - DAY",
            "action: John enters, soaked. He drops his keys.",
            "action: Split across   runs",
            "character: JOHN",
            "dialogue: It's raining *again* & again <3",
            "transition: FADE OUT.",
        ])
        #expect(FDXSupport.styled(tree) == ["soaked/italic", "keys/bold+underline", "rain/bold"])
        #expect(tree.diagnostics.isEmpty)
    }

    @Test("Highland shape: DualDialogue under Content, General paragraphs, ScriptNotes collection")
    func highland() throws {
        let tree = try FDXReader.read(try FDXSupport.fixture("highland.fdx"))
        #expect(FDXSupport.elements(tree) == [
            "sceneHeading: EXT. ROOFTOP - NIGHT",
            "character: MARA", "parenthetical: (shouting)", "dialogue: Jump!",
            "character: JON", "dialogue: No.",
            "action: They stare at each other.",
            "character: MARA",
            "note: Is this line too on the nose?",
        ])
        let duals = tree.elements.compactMap { e -> DualPosition? in
            if case .character(let c) = e.kind { return c.dual }
            return nil
        }
        #expect(duals == [.left, .right])
        // A cue with no dialogue: the Fountain diagnostic points into the .fdx.
        let d = try #require(tree.diagnostics.first { $0.id == FountainDiagnostics.characterWithoutDialogue })
        #expect(d.fixIts.isEmpty)
        #expect(tree.origin!.locationConverter.location(of: d.range.start).line == 27)
    }

    @Test("Trelby shape: plain paragraphs, Shot read as action without a warning")
    func trelby() throws {
        let tree = try FDXReader.read(try FDXSupport.fixture("trelby.fdx"))
        #expect(tree.elements.map(\.type) == [.sceneHeading, .action, .action, .character, .dialogue, .transition])
        #expect(tree.diagnostics.isEmpty)
    }

    @Test("Final Draft 8 shape: inline ScriptNote with two paragraphs, U+2028 line breaks, Cast List, lyrics in dialogue")
    func finalDraft8() throws {
        let tree = try FDXReader.read(try FDXSupport.fixture("finaldraft8.fdx"))
        #expect(FDXSupport.elements(tree) == [
            "sceneHeading: int. cellar - night",
            "action: Dark.\nA single bulb swings.\n\nSilence.",
            "action: ELSA, a guard",
            "character: ELSA (O.S.)",
            "lyrics: Down in the dark",
            "dialogue: Who's there?\nHello?",
        ])
        let notes = tree.elements.flatMap { tree.inline(of: $0).notes.map(\.text) }
        #expect(notes == ["Lighting: one bulb.\nAsk the DP."])
    }

    @Test("Text that looks like Fountain markup keeps its FDX kind and its exact text")
    func markupLookalikes() throws {
        let tree = try FDXReader.read(FDXSupport.document("""
            <Paragraph Type="Action"><Text>INT. THIS IS ACTION</Text></Paragraph>
            <Paragraph Type="Action"><Text>CUT TO:</Text></Paragraph>
            <Paragraph Type="Action"><Text>BOB</Text></Paragraph>
            <Paragraph Type="Action"><Text>.hidden # = ~ &gt; @ ! [[no note]] /* no boneyard */ *star* _under_ \\</Text></Paragraph>
            <Paragraph Type="Scene Heading"><Text>ODD HEADING #3#</Text></Paragraph>
            <Paragraph Type="Scene Heading"><Text Style="Bold">INT. BOLD - DAY</Text></Paragraph>
            <Paragraph Type="Character"><Text>ANN</Text></Paragraph>
            <Paragraph Type="Dialogue"><Text>(not a parenthetical)&#10;~not lyrics&#10;# not a section&#10;= not a synopsis&#10;===</Text></Paragraph>
            <Paragraph Type="Transition"><Text>Slowly fade</Text></Paragraph>
            <Paragraph Type="Scene Heading"><Text>lowercase heading</Text></Paragraph>
            <Paragraph Type="Character"><Text>lowercase cue</Text></Paragraph>
            <Paragraph Type="Dialogue"><Text>Hi.</Text></Paragraph>
            """))
        #expect(FDXSupport.elements(tree) == [
            "action: INT. THIS IS ACTION",
            "action: CUT TO:",
            "action: BOB",
            "action: .hidden # = ~ > @ ! [[no note]] /* no boneyard */ *star* _under_ \\",
            "sceneHeading: ODD HEADING #3#",
            "sceneHeading: INT. BOLD - DAY",
            "character: ANN",
            "dialogue: (not a parenthetical)\n~not lyrics\n# not a section\n= not a synopsis\n===",
            "transition: Slowly fade",
            "sceneHeading: lowercase heading",
            "character: lowercase cue",
            "dialogue: Hi.",
        ])
        #expect(FDXSupport.styled(tree).isEmpty)
        #expect(!tree.diagnostics.contains { $0.severity >= .warning })
        // A heading that starts with punctuation cannot be forced: action, with a warning.
        let odd = try FDXReader.read(FDXSupport.document("<Paragraph Type=\"Scene Heading\"><Text>(FLASHBACK) INT. HOUSE</Text></Paragraph>"))
        #expect(FDXSupport.elements(odd) == ["action: (FLASHBACK) INT. HOUSE"])
        #expect(odd.diagnostics.map(\.id) == [FDXDiagnostics.unrepresentableHeading])
    }

    @Test("Adjacent and nested styles resolve back to the same styles")
    func styleBoundaries() throws {
        let tree = try FDXReader.read(FDXSupport.document("""
            <Paragraph Type="Action"><Text Style="Bold">bold</Text><Text Style="Bold+Italic">both</Text><Text Style="Italic">ital</Text><Text Style="Bold">b</Text></Paragraph>
            <Paragraph Type="Action"><Text Style="Underline">under</Text><Text Style="Underline+Bold">line</Text><Text> plain </Text><Text Style="Italic"> spaced </Text><Text>end</Text></Paragraph>
            <Paragraph Type="Action"><Text>mid</Text><Text Style="Underline">word</Text><Text>s and </Text><Text Style="Italic">*x*</Text></Paragraph>
            """))
        #expect(FDXSupport.elements(tree) == [
            "action: boldbothitalb",
            "action: underline plain  spaced end",
            "action: midwords and *x*",
        ])
        // Underline that starts inside a word cannot be written in Fountain: it is dropped;
        // styles on surrounding blanks move inside the markers.
        #expect(FDXSupport.styled(tree) == [
            "bold/bold", "both/bold+italic", "ital/italic", "b/bold",
            "under/underline", "line/bold+underline", "spaced/italic",
            "*x*/italic",
        ])
    }

    @Test("A DualDialogue nested in a Paragraph with a page break, and notes-only paragraphs")
    func nestedDual() throws {
        let tree = try FDXReader.read(FDXSupport.document("""
            <Paragraph Type="Action"><Text>Before.</Text></Paragraph>
            <Paragraph StartsNewPage="Yes"><DualDialogue>
              <Paragraph Type="Character"><Text>A</Text></Paragraph>
              <Paragraph Type="Dialogue"><Text>One.</Text></Paragraph>
              <Paragraph Type="Character"><Text>B</Text></Paragraph>
              <Paragraph Type="Parenthetical"><Text>quietly</Text></Paragraph>
              <Paragraph Type="Dialogue"><Text>Two.</Text></Paragraph>
            </DualDialogue></Paragraph>
            <Paragraph Type="General"><ScriptNote><Paragraph><Text>Standalone ]] note</Text></Paragraph></ScriptNote><Text/></Paragraph>
            <Paragraph Type="Dialogue"><Text>Orphan line.</Text></Paragraph>
            """))
        #expect(FDXSupport.elements(tree) == [
            "action: Before.", "pageBreak: ",
            "character: A", "dialogue: One.", "character: B", "parenthetical: (quietly)", "dialogue: Two.",
            "note: Standalone ] ] note",
            "action: Orphan line.",
        ])
        #expect(tree.diagnostics.map(\.id) == [FDXDiagnostics.dialogueWithoutCharacter])
    }
}
