import Parser
import Testing

/// The line scanner classifies the input 64 bytes at a time: these cases put line breaks and the
/// bytes that select slow paths (markup, notes, boneyard, non-ASCII, NUL) at every offset around
/// block edges, and check that dual-dialogue partners are still found far into a long script.
@Suite("Scanner block boundaries")
struct ScannerBoundaryTests {
    /// Line starts before the tested line: the line itself starts at several offsets of a block.
    static let leads = [0, 1, 30, 62, 63, 64, 65, 127]

    /// `lead` bytes of action and a blank line, then `marked` placed `offset` bytes into a long line.
    private func script(lead: Int, offset: Int, _ marked: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        if lead > 0 { bytes += [UInt8](repeating: 0x78, count: lead) + Array("\n\n".utf8) }
        bytes += [UInt8](repeating: 0x62, count: offset) + marked + [UInt8](repeating: 0x63, count: 70)
        bytes += Array("\n\nEnd.\n".utf8)
        return bytes
    }

    private func checkSound(_ tree: Screenplay, _ bytes: [UInt8], _ label: String) {
        #expect(FountainPrinter.print(tree) == bytes, "\(label): round trip differs")
        let problems = TreeInvariants.violations(tree)
        #expect(problems.isEmpty, "\(label): \(problems.prefix(3))")
    }

    @Test("an emphasis marker is seen at every offset", arguments: leads)
    func markup(_ lead: Int) {
        for offset in 0..<140 {
            let bytes = script(lead: lead, offset: offset, Array(" *".utf8))
            let tree = ParseSupport.parse(bytes)
            checkSound(tree, bytes, "lead \(lead), offset \(offset)")
            #expect(ParseSupport.diagnosticIDs(tree) == [FountainDiagnostics.unbalancedEmphasis.rawValue],
                "lead \(lead), offset \(offset): \(ParseSupport.diagnosticIDs(tree))")
        }
    }

    @Test("notes and boneyard are seen at every offset", arguments: leads)
    func annotations(_ lead: Int) {
        for offset in 0..<140 {
            for (marked, isNote) in [(" [[n]] ", true), (" /*b*/ ", false)] {
                let bytes = script(lead: lead, offset: offset, Array(marked.utf8))
                let tree = ParseSupport.parse(bytes)
                checkSound(tree, bytes, "lead \(lead), offset \(offset), \(marked)")
                let element = tree.elements[lead > 0 ? 1 : 0]
                let content = tree.inline(of: element)
                #expect(content.notes.count == (isNote ? 1 : 0) && content.boneyards.count == (isNote ? 0 : 1),
                    "lead \(lead), offset \(offset), \(marked): \(content.notes.count) notes, \(content.boneyards.count) boneyards")
            }
        }
    }

    @Test("invalid UTF-8 and NUL are reported where they are", arguments: leads)
    func encoding(_ lead: Int) {
        let lineStart = lead > 0 ? lead + 2 : 0
        for offset in 0..<140 {
            for (byte, id) in [(UInt8(0xFF), FountainDiagnostics.invalidUTF8), (UInt8(0), FountainDiagnostics.nulByte)] {
                let bytes = script(lead: lead, offset: offset, [byte])
                let tree = ParseSupport.parse(bytes)
                checkSound(tree, bytes, "lead \(lead), offset \(offset), byte \(byte)")
                let at = lineStart + offset
                #expect(tree.diagnostics.map(\.id) == [id] && tree.diagnostics.first?.range == SourceRange(start: at, end: at + 1),
                    "lead \(lead), offset \(offset), byte \(byte): \(tree.diagnostics.map { "\($0.id) \($0.range)" })")
            }
        }
    }

    @Test("line breaks of every kind at every offset")
    func lineBreaks() {
        for length in 0..<140 {
            for newline in ["\n", "\r\n", "\r"] {
                let text = String(repeating: "x", count: length) + newline + newline + "INT. HOUSE - DAY" + newline + newline
                    + "BOB" + newline + "Hi." + newline
                let bytes = Array(text.utf8)
                let tree = ParseSupport.parse(bytes)
                checkSound(tree, bytes, "length \(length), \(ParseSupport.escaped(newline))")
                let expected: [ElementType] = length == 0 ? [.sceneHeading, .character, .dialogue] : [.action, .sceneHeading, .character, .dialogue]
                #expect(ParseSupport.types(tree) == expected, "length \(length), \(ParseSupport.escaped(newline)): \(ParseSupport.types(tree))")
            }
        }
    }

    @Test("dual dialogue pairs all through a long script")
    func dualDialogueThroughout() {
        let pairs = 700
        let text = String(repeating: "ALICE\nHello.\n\nBOB ^\nHi.\n\n", count: pairs)
        let bytes = Array(text.utf8)
        let tree = ParseSupport.parse(bytes)
        checkSound(tree, bytes, "dual dialogue")
        #expect(tree.diagnostics.isEmpty, "\(ParseSupport.diagnosticIDs(tree).prefix(3))")
        var duals: [DualPosition?] = []
        for element in tree.elements {
            if case .character(let cue) = element.kind { duals.append(cue.dual) }
        }
        #expect(duals.count == 2 * pairs)
        let expected = (0..<pairs).flatMap { _ in [DualPosition.left, DualPosition.right] }
        #expect(duals == expected, "first mismatch at \(String(describing: zip(duals, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset))")
    }
}
