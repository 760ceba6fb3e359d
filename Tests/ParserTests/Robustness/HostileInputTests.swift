import Parser
import Testing

/// Adversarial inputs: the parse finishes in linear time, the tree is lossless, and the right
/// diagnostics are produced and capped. Time limits are generous for debug builds.
@Suite("Hostile input", .serialized)
struct HostileInputTests {
    static let limit = 5.0
    static let twentyMB = 20 * 1024 * 1024

    /// Parses under the time limit, prints; returns the tree.
    private func parseTimed(_ bytes: [UInt8], _ label: String) -> Screenplay {
        let (tree, seconds) = ParseSupport.seconds { ParseSupport.parse(bytes) }
        #expect(seconds < Self.limit, "\(label): parse took \(seconds) s")
        #expect(FountainPrinter.print(tree) == bytes, "\(label): round trip differs")
        #expect(tree.diagnostics.count <= FountainParser.diagnosticLimit + 1, "\(label): \(tree.diagnostics.count) diagnostics")
        return tree
    }

    /// `pattern` repeated to about `bytes` bytes (built by the standard library, fast in debug too).
    static func repeated(_ pattern: String, bytes: Int) -> [UInt8] {
        Array(String(repeating: pattern, count: max(1, bytes / pattern.utf8.count)).utf8)
    }

    /// Parsing and resolving inline content scale linearly: 8× the input may cost at most 40× the
    /// time (a quadratic path costs 64×). Linear work measures 8–12× on a quiet machine; patterns
    /// dense in markup (`_*_*…`) build inline tables of ~80 bytes per input byte, and once the 2 MB
    /// case leaves the cache it has measured up to 29×.
    @Test("parse and inline resolution are linear", arguments: ["[", "/*", "*", "*a_ ", "word ", "[[a\n", "STEEL ^\nHi.\n\n", "_*"])
    func linear(_ pattern: String) {
        func cost(_ size: Int) -> Double {
            let bytes = Self.repeated(pattern, bytes: size)
            return ParseSupport.seconds {
                let tree = ParseSupport.parse(bytes)
                for e in tree.elements.prefix(4) { _ = tree.inline(of: e) }
            }.1
        }
        _ = cost(64 * 1024)
        // 8× the input: linear work costs about 8× (more on a loaded machine or when the larger
        // input leaves the cache), a quadratic path 64×. The best of three runs damps noise.
        let small = max((0..<3).map { _ in cost(256 * 1024) }.min()!, 0.002)
        let large = (0..<3).map { _ in cost(2048 * 1024) }.min()!
        #expect(large / small < 40, "«\(ParseSupport.escaped(pattern))»: 256 KB took \(small) s, 2 MB took \(large) s")
    }

    private func ids(_ tree: Screenplay) -> Set<String> { Set(ParseSupport.diagnosticIDs(tree)) }

    @Test("a 20 MB single line of words")
    func longLine() {
        let bytes = Self.repeated("word ", bytes: Self.twentyMB)
        let tree = parseTimed(bytes, "20 MB line")
        #expect(ParseSupport.types(tree) == [.action])
        #expect(tree.diagnostics.isEmpty)
    }

    @Test("a 20 MB line of [[")
    func noteOpeners() {
        let bytes = [UInt8](repeating: 0x5B, count: Self.twentyMB)
        let tree = parseTimed(bytes, "20 MB of [")
        #expect(ids(tree).contains(FountainDiagnostics.unclosedNote.rawValue), "\(ParseSupport.diagnosticIDs(tree).prefix(3))")
        #expect(tree.elements.allSatisfy { $0.type != .note })
    }

    @Test("a 20 MB line of /*/*/*")
    func boneyardOpeners() {
        let bytes = Self.repeated("/*", bytes: Self.twentyMB)
        let tree = parseTimed(bytes, "20 MB of /*")
        #expect(ids(tree).contains(FountainDiagnostics.unclosedBoneyard.rawValue))
        #expect(tree.diagnostics.first { $0.id == FountainDiagnostics.unclosedBoneyard }?.severity == .error)
        #expect(tree.elements.allSatisfy { $0.type != .boneyard })
    }

    @Test("a 20 MB line of asterisks")
    func asterisks() {
        let bytes = [UInt8](repeating: 0x2A, count: Self.twentyMB)
        let tree = parseTimed(bytes, "20 MB of *")
        #expect(tree.elements.count == 1)
    }

    @Test("an unclosed /* at the top of a 5 MB file")
    func unclosedBoneyardAtTop() {
        let scene = "INT. HOUSE - DAY\n\nBRICK\nHello there.\n\nHe leaves.\n\n"
        let scenes = 5 * 1024 * 1024 / scene.utf8.count
        let bytes = Array("/* start\n\n".utf8) + Self.repeated(scene, bytes: scenes * scene.utf8.count)
        let tree = parseTimed(bytes, "5 MB with unclosed /*")
        let unclosed = tree.diagnostics.filter { $0.id == FountainDiagnostics.unclosedBoneyard }
        #expect(unclosed.count == 1)
        #expect(unclosed.first?.range.start == 0)
        #expect(unclosed.first?.severity == .error)
        // The rest of the script is not swallowed.
        #expect(tree.elements.filter { $0.type == .sceneHeading }.count == scenes)
    }

    @Test("100,000 blank lines")
    func blankLines() {
        let bytes = [UInt8](repeating: 0x0A, count: 100_000) + Array("He waits.\n".utf8) + [UInt8](repeating: 0x0A, count: 100_000)
        let tree = parseTimed(bytes, "100,000 blank lines")
        #expect(ParseSupport.types(tree) == [.action])
        #expect(tree.leadingTrivia == SourceRange(start: 0, end: 100_000))
        #expect(tree.lineStarts.count == 200_002)
        #expect(tree.locationConverter.location(of: 100_000).line == 100_001)
    }

    @Test("100,000 CRLF blank lines then a heading")
    func crlfBlankLines() {
        let bytes = Self.repeated("\r\n", bytes: 200_000) + Array("INT. HOUSE - DAY\r\n\r\nHe waits.\r\n".utf8)
        let tree = parseTimed(bytes, "CRLF blank lines")
        #expect(ParseSupport.types(tree) == [.sceneHeading, .action])
        #expect(tree.elements.first?.range.start == 200_000)
    }

    @Test("a 1 MB run of carets after a cue")
    func caretRun() {
        let bytes = Array("BRICK\nHi.\n\nSTEEL ".utf8) + [UInt8](repeating: 0x5E, count: 1 << 20) + Array("\nHey.\n".utf8)
        _ = parseTimed(bytes, "caret run")
    }

    @Test("50,000 dual-dialogue pairs")
    func manyPairs() {
        let pair = "BRICK\nHi.\n\nSTEEL ^\nHey.\n\n"
        let bytes = Self.repeated(pair, bytes: 50_000 * pair.utf8.count)
        let tree = parseTimed(bytes, "50,000 pairs")
        var left = 0
        var right = 0
        for element in tree.elements {
            if case .character(let cue) = element.kind {
                if cue.dual == .left { left += 1 }
                if cue.dual == .right { right += 1 }
            }
        }
        #expect(left == 50_000 && right == 50_000, "left \(left), right \(right)")
        #expect(tree.diagnostics.isEmpty)
    }

    @Test("20,000 cues in a row that all carry a caret")
    func caretChain() {
        let cue = "STEEL ^\nHey.\n\n"
        let bytes = Self.repeated(cue, bytes: 20_000 * cue.utf8.count)
        let tree = parseTimed(bytes, "caret chain")
        // The first caret has no dialogue before it.
        #expect(tree.diagnostics.first?.id == FountainDiagnostics.dualWithoutPartner)
        #expect(tree.diagnostics.first?.range.start == 6)
        // Every cue is in at most one pair: right cues never outnumber left ones.
        var left = 0
        var right = 0
        for element in tree.elements {
            guard case .character(let c) = element.kind else { continue }
            if c.dual == .left { left += 1 }
            if c.dual == .right { right += 1 }
        }
        #expect(left == right && left > 0)
    }

    @Test("invalid UTF-8 is an error, once per line")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("Caf".utf8) + [0xC3, 0x28] + Array(" and ".utf8) + [0xFF, 0xFE] + Array("\n\nBRICK\n".utf8) + [0xE2, 0x82] + Array("\n".utf8)
        let tree = parseTimed(bytes, "invalid UTF-8")
        let invalid = tree.diagnostics.filter { $0.id == FountainDiagnostics.invalidUTF8 }
        #expect(invalid.count == 2)
        #expect(invalid.allSatisfy { $0.severity == .error })
        #expect(invalid.first?.range.start == 3)
        #expect(tree.elements.first.map { tree.text(of: $0) } == "Caf\u{FFFD}( and \u{FFFD}\u{FFFD}")
    }

    @Test("NUL bytes are a warning and kept")
    func nulBytes() {
        let bytes: [UInt8] = Array("He".utf8) + [0x00] + Array(" waits.\n".utf8)
        let tree = parseTimed(bytes, "NUL")
        #expect(ParseSupport.diagnosticIDs(tree) == [FountainDiagnostics.nulByte.rawValue])
        #expect(tree.diagnostics.first?.severity == .warning)
        #expect(tree.diagnostics.first?.range.start == 2)
        #expect(tree.elements.first.map { tree.text(of: $0) } == "He\u{0} waits.")
    }

    @Test("diagnostics are capped, with one summary note")
    func diagnosticCap() {
        let bytes = Self.repeated("x\u{0}\n", bytes: 15_000)
        let tree = parseTimed(bytes, "5,000 NUL lines")
        #expect(tree.diagnostics.count == FountainParser.diagnosticLimit + 1)
        #expect(tree.diagnostics.last?.id == FountainDiagnostics.tooManyDiagnostics)
        #expect(tree.diagnostics.last?.severity == .note)
        #expect(tree.diagnostics.dropLast().allSatisfy { $0.id == FountainDiagnostics.nulByte })
    }

    @Test("unclosed notes, one per paragraph, are each reported")
    func unclosedNotes() {
        let bytes = Self.repeated("He [[waits.\n\n", bytes: 1_300)
        let tree = parseTimed(bytes, "unclosed notes")
        #expect(tree.diagnostics.filter { $0.id == FountainDiagnostics.unclosedNote }.count == 100)
        #expect(tree.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test("200,000 tiny paragraphs")
    func manyParagraphs() {
        let bytes = Self.repeated("a\n\n", bytes: 600_000)
        let tree = parseTimed(bytes, "200,000 paragraphs")
        #expect(tree.elements.count == 200_000)
    }
}
