import Parser
import Testing

/// What a marker points at.
enum PositionTarget: Sendable, CustomStringConvertible {
    /// The start of the n-th element of a type.
    case element(ElementType, Int)
    /// The end (terminator excluded) of the n-th element of a type.
    case elementEnd(ElementType, Int)
    /// The start of the first diagnostic with an ID.
    case diagnostic(DiagnosticID)
    /// The start (the `[[`) of the n-th inline note, over all elements in order.
    case note(Int)
    /// The start of the n-th scene number.
    case sceneNumber(Int)
    /// The start of the n-th cue's name.
    case cueName(Int)
    /// The n-th caret `^`.
    case caret(Int)
    /// The start of the n-th title-page field (its key).
    case titleField(Int)
    /// The start of the n-th title-page field's first value line text.
    case titleValue(Int)

    var description: String {
        switch self {
        case .element(let t, let n): "start of \(t.rawValue) #\(n)"
        case .elementEnd(let t, let n): "end of \(t.rawValue) #\(n)"
        case .diagnostic(let id): "diagnostic \(id)"
        case .note(let n): "note #\(n)"
        case .sceneNumber(let n): "scene number #\(n)"
        case .cueName(let n): "cue name #\(n)"
        case .caret(let n): "caret #\(n)"
        case .titleField(let n): "title field #\(n)"
        case .titleValue(let n): "title value #\(n)"
        }
    }

    /// The offset of the target in `tree`, ignoring everything that starts before `from`.
    func offset(in tree: Screenplay, from: Int) -> Int? {
        let elements = tree.elements.filter { $0.range.start >= from }
        func cues() -> [CharacterCue] {
            elements.compactMap { if case .character(let c) = $0.kind { c } else { nil } }
        }
        switch self {
        case .element(let type, let n):
            let matching = elements.filter { $0.type == type }
            return n < matching.count ? matching[n].range.start : nil
        case .elementEnd(let type, let n):
            let matching = elements.filter { $0.type == type }
            return n < matching.count ? matching[n].range.end : nil
        case .diagnostic(let id):
            return tree.diagnostics.first { $0.id == id && $0.range.start >= from }?.range.start
        case .note(let n):
            let notes = elements.flatMap { tree.inline(of: $0).notes }
            return n < notes.count ? notes[n].range.start : nil
        case .sceneNumber(let n):
            let numbers = elements.compactMap { if case .sceneHeading(let h) = $0.kind { h.sceneNumber } else { nil } }
            return n < numbers.count ? numbers[n].start : nil
        case .cueName(let n):
            let all = cues()
            return n < all.count ? all[n].name.start : nil
        case .caret(let n):
            let carets = cues().compactMap(\.caret)
            return n < carets.count ? carets[n].start : nil
        case .titleField(let n):
            guard let fields = tree.titlePage?.fields, n < fields.count else { return nil }
            return fields[n].key.start
        case .titleValue(let n):
            guard let fields = tree.titlePage?.fields, n < fields.count, !fields[n].lines.isEmpty else { return nil }
            return tree.lines[fields[n].lines.lowerBound].text.start
        }
    }
}

struct PositionExpectation: Sendable {
    var marker: String
    var target: PositionTarget
    var line: Int
    var column: Int
}

/// `at("1️⃣", .element(.action, 0), line: 3, column: 1)`
func at(_ marker: String, _ target: PositionTarget, line: Int, column: Int) -> PositionExpectation {
    PositionExpectation(marker: marker, target: target, line: line, column: column)
}

struct PositionCase: Sendable, CustomTestStringConvertible {
    static let defaultPrefix = "ÉTIENNE 🎬\n\n"
    static let bomPrefix = "\u{FEFF}"
    static let bomNotePrefix = "\u{FEFF}[[ 🎬 ]]\n\n"

    var name: String
    var marked: String
    var expectations: [PositionExpectation]
    /// Prepended in the second run; it must not change the structure after it.
    var prefix: String = defaultPrefix

    var testDescription: String { name }
}

enum PositionCases {
    static let all: [PositionCase] = [
        PositionCase(name: "scene heading and scene number",
            marked: "He waits.\n\n1️⃣INT. HOUSE - DAY #2️⃣12#\n\nThey drink.\n",
            expectations: [at("1️⃣", .element(.sceneHeading, 0), line: 3, column: 1), at("2️⃣", .sceneNumber(0), line: 3, column: 19)]),
        PositionCase(name: "forced scene heading",
            marked: "He waits.\n\n1️⃣.SNIPER SCOPE POV #2️⃣1A#\n\nThey drink.\n",
            expectations: [at("1️⃣", .element(.sceneHeading, 0), line: 3, column: 1), at("2️⃣", .sceneNumber(0), line: 3, column: 20)],
            prefix: PositionCase.bomNotePrefix),
        PositionCase(name: "Unicode cue and dialogue",
            marked: "He waits.\n\n1️⃣ÉTIENNE (V.O.)\n2️⃣Ça va? 🎬3️⃣\n",
            expectations: [at("1️⃣", .element(.character, 0), line: 3, column: 1), at("2️⃣", .element(.dialogue, 0), line: 4, column: 1),
                           at("3️⃣", .elementEnd(.dialogue, 0), line: 4, column: 13)]),
        PositionCase(name: "forced cue name after @",
            marked: "He waits.\n\n1️⃣@2️⃣McCLANE\nYippie.\n",
            expectations: [at("1️⃣", .element(.character, 0), line: 3, column: 1), at("2️⃣", .cueName(0), line: 3, column: 2)]),
        PositionCase(name: "dual-dialogue caret",
            marked: "BRICK\nHi.\n\n1️⃣STEEL 2️⃣^\nHey.\n",
            expectations: [at("1️⃣", .element(.character, 1), line: 4, column: 1), at("2️⃣", .caret(0), line: 4, column: 7)]),
        PositionCase(name: "inline note after multi-byte text",
            marked: "He waits.\n\nÉtienne 🎬 looks.1️⃣[[a note]]\n",
            expectations: [at("1️⃣", .note(0), line: 3, column: 21)]),
        PositionCase(name: "note after a mid-line boneyard",
            marked: "He waits.\n\nÉÉ/* x */ 1️⃣[[n]] ok.\n",
            expectations: [at("1️⃣", .note(0), line: 3, column: 13)], prefix: PositionCase.bomNotePrefix),
        PositionCase(name: "multi-line note element",
            marked: "He waits.\n\n1️⃣[[multi\nline]]2️⃣\n\nHe leaves.\n",
            expectations: [at("1️⃣", .element(.note, 0), line: 3, column: 1), at("1️⃣", .note(0), line: 3, column: 1),
                           at("2️⃣", .elementEnd(.note, 0), line: 4, column: 7)]),
        PositionCase(name: "boneyard element and centered text",
            marked: "He waits.\n\n1️⃣/* cut\nthis */\n\n2️⃣>THE END<\n",
            expectations: [at("1️⃣", .element(.boneyard, 0), line: 3, column: 1), at("2️⃣", .element(.centered, 0), line: 6, column: 1)]),
        PositionCase(name: "outline elements",
            marked: "1️⃣# ACT I\n\n2️⃣= Synopsis here.\n\n3️⃣===\n\n4️⃣He waits.\n",
            expectations: [at("1️⃣", .element(.section, 0), line: 1, column: 1), at("2️⃣", .element(.synopsis, 0), line: 3, column: 1),
                           at("3️⃣", .element(.pageBreak, 0), line: 5, column: 1), at("4️⃣", .element(.action, 0), line: 7, column: 1)]),
        PositionCase(name: "transition and lyrics",
            marked: "He waits.\n\n1️⃣>FADE OUT.\n\n2️⃣~la la\n",
            expectations: [at("1️⃣", .element(.transition, 0), line: 3, column: 1), at("2️⃣", .element(.lyrics, 0), line: 5, column: 1)]),
        PositionCase(name: "indented action starts at its indentation",
            marked: "He waits.\n\n1️⃣\t\tIndented.2️⃣\n",
            expectations: [at("1️⃣", .element(.action, 1), line: 3, column: 1), at("2️⃣", .elementEnd(.action, 1), line: 3, column: 12)]),
        PositionCase(name: "parenthetical inside speech",
            marked: "BRICK\nHi.\n1️⃣(beat)\n2️⃣Bye.\n",
            expectations: [at("1️⃣", .element(.parenthetical, 0), line: 3, column: 1), at("2️⃣", .element(.dialogue, 1), line: 4, column: 1)]),
        PositionCase(name: "CRLF line endings",
            marked: "He waits.\r\n\r\n1️⃣INT. HOUSE - DAY\r\n\r\n2️⃣BRICK\r\n3️⃣Hi.4️⃣\r\n",
            expectations: [at("1️⃣", .element(.sceneHeading, 0), line: 3, column: 1), at("2️⃣", .element(.character, 0), line: 5, column: 1),
                           at("3️⃣", .element(.dialogue, 0), line: 6, column: 1), at("4️⃣", .elementEnd(.dialogue, 0), line: 6, column: 4)]),
        PositionCase(name: "lone CR line endings",
            marked: "He waits.\r\r1️⃣INT. HOUSE - DAY\r\r2️⃣BRICK\r3️⃣Hi.\r",
            expectations: [at("1️⃣", .element(.sceneHeading, 0), line: 3, column: 1), at("2️⃣", .element(.character, 0), line: 5, column: 1),
                           at("3️⃣", .element(.dialogue, 0), line: 6, column: 1)]),
        PositionCase(name: "title page fields",
            marked: "1️⃣Title: T\n2️⃣Draft date: 3️⃣Today\n\n4️⃣He waits.\n",
            expectations: [at("1️⃣", .titleField(0), line: 1, column: 1), at("2️⃣", .titleField(1), line: 2, column: 1),
                           at("3️⃣", .titleValue(1), line: 2, column: 13), at("4️⃣", .element(.action, 0), line: 4, column: 1)],
            prefix: PositionCase.bomPrefix),
        PositionCase(name: "indented title-page value",
            marked: "Title:\n\t1️⃣BRICK & STEEL\n\n2️⃣He waits.\n",
            expectations: [at("1️⃣", .titleValue(0), line: 2, column: 2), at("2️⃣", .element(.action, 0), line: 4, column: 1)],
            prefix: PositionCase.bomPrefix),
        PositionCase(name: "diagnostic: unclosed boneyard",
            marked: "He waits.\n\n1️⃣/* never closed\n\nHe leaves.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.unclosedBoneyard), line: 3, column: 1)]),
        PositionCase(name: "diagnostic: unclosed note",
            marked: "He waits.\n\nHe 1️⃣[[waits.\n\nMore.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.unclosedNote), line: 3, column: 4)]),
        PositionCase(name: "diagnostic: caret without partner",
            marked: "He waits.\n\nSTEEL 1️⃣^\nHi.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.dualWithoutPartner), line: 3, column: 7)],
            prefix: PositionCase.bomNotePrefix),
        PositionCase(name: "diagnostic: heading without blank line after",
            marked: "He waits.\n\n1️⃣INT. HOUSE - DAY\nBob enters.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.headingNeedsBlankLine), line: 3, column: 1)]),
        PositionCase(name: "diagnostic: NUL byte",
            marked: "He waits.\n\nÉtienne1️⃣\u{0}two.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.nulByte), line: 3, column: 9)]),
        PositionCase(name: "diagnostic: unbalanced emphasis",
            marked: "He waits.\n\nAn unclosed 1️⃣*star.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.unbalancedEmphasis), line: 3, column: 13)]),
        PositionCase(name: "diagnostic: unindented title-page value",
            marked: "Title: T\nAuthor:\n1️⃣Bob\n\nHe waits.\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.titlePageUnindentedValue), line: 3, column: 1)],
            prefix: PositionCase.bomPrefix),
        PositionCase(name: "diagnostic: forced cue without dialogue",
            marked: "He waits.\n\n1️⃣@McCLANE\n",
            expectations: [at("1️⃣", .diagnostic(FountainDiagnostics.characterWithoutDialogue), line: 3, column: 1)]),
    ]
}

@Suite("Positions")
struct PositionTests {
    @Test("markers give offsets, lines and columns", arguments: PositionCases.all)
    func positions(_ c: PositionCase) throws {
        let source = MarkedSource(c.marked)
        let tree = ParseSupport.parse(source.text)
        let converter = tree.locationConverter
        for e in c.expectations {
            let want = source[e.marker]
            let got = e.target.offset(in: tree, from: 0)
            #expect(got == want, "\(c.name): \(e.target) at \(e.marker): expected offset \(want), got \(got.map(String.init) ?? "nothing")")
            let location = converter.location(of: want)
            #expect(location.line == e.line && location.utf8Column == e.column,
                    "\(c.name): \(e.marker) expected \(e.line):\(e.column), converter says \(location)")
            // An independent converter built from the bytes agrees with the parser's line table.
            #expect(SourceLocationConverter(tree.source).location(of: want) == location)
        }

        // The same with a multi-byte prefix: offsets shift by exactly its byte count.
        let prefixBytes = Array(c.prefix.utf8)
        let shifted = ParseSupport.parse(c.prefix + source.text)
        let prefixLines = prefixBytes.filter { $0 == 0x0A }.count
        let lastLineLength = prefixBytes.count - ((prefixBytes.lastIndex(of: 0x0A)).map { $0 + 1 } ?? 0)
        let shiftedConverter = shifted.locationConverter
        #expect(shifted.elements.filter { $0.range.start >= prefixBytes.count }.map(\.type) == ParseSupport.types(tree),
                "\(c.name): the prefix changed the structure")
        for e in c.expectations {
            let want = source[e.marker] + prefixBytes.count
            let got = e.target.offset(in: shifted, from: prefixBytes.count)
            #expect(got == want, "\(c.name) with prefix: \(e.target) expected offset \(want), got \(got.map(String.init) ?? "nothing")")
            let location = shiftedConverter.location(of: want)
            let column = e.column + (e.line == 1 ? lastLineLength : 0)
            #expect(location.line == e.line + prefixLines && location.utf8Column == column,
                    "\(c.name) with prefix: expected \(e.line + prefixLines):\(column), converter says \(location)")
        }
    }

    @Test("marker helper strips markers and records UTF-8 offsets")
    func markerHelper() {
        let m = MarkedSource("é1️⃣a2️⃣🎬3️⃣")
        #expect(m.text == "éa🎬")
        #expect(m["1️⃣"] == 2 && m["2️⃣"] == 3 && m["3️⃣"] == 7)
    }

    @Test("the scalar column counts Unicode scalars")
    func scalarColumn() {
        let tree = ParseSupport.parse("He waits.\n\nÉtienne 🎬 [[n]]\n")
        let note = tree.elements.flatMap { tree.inline(of: $0).notes }.first
        let location = note.map { tree.locationConverter.location(of: $0.range.start) }
        #expect(location?.utf8Column == 15)
        #expect(location?.scalarColumn == 11)
    }
}
