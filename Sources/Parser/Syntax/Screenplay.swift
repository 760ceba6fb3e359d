/// The syntax tree of one screenplay: a title page and a flat list of elements, each with exact
/// source ranges. The tree is lossless: `BOM + leadingTrivia + titlePage + elements` (each
/// followed by its trailing trivia) cover every byte of `source` in order, so
/// `FountainPrinter.print(tree)` gives back the input exactly.
///
/// Text-bearing elements point into `lines`, a flat table of the content lines they are made of;
/// their plain text, styled runs and notes are computed on request (`inline(of:)`), so parsing
/// allocates nothing per element.
public struct Screenplay: Sendable {
    public enum Format: String, Sendable, Codable { case fountain, fdx }

    public var source: SourceFile
    public var format: Format
    /// The UTF-8 byte-order mark, when the file starts with one.
    public var byteOrderMark: SourceRange?
    /// Blank lines before the title page or the first element.
    public var leadingTrivia: SourceRange
    public var titlePage: TitlePage?
    public var elements: [Element]
    /// The content lines that elements and title-page fields refer to.
    public var lines: [ContentLine]
    public var diagnostics: [Diagnostic]
    /// Start offsets of the physical lines of `source`, for `locationConverter`.
    public var lineStarts: [Int]
    /// For a tree read from another format (FDX): the original file and where each element came
    /// from. `source` is then the canonical Fountain translation, and `diagnostics` point into
    /// `origin.file` (see docs/fdx.md).
    public var origin: SourceOrigin?

    public init(
        source: SourceFile, format: Format = .fountain, byteOrderMark: SourceRange? = nil,
        leadingTrivia: SourceRange, titlePage: TitlePage?, elements: [Element], lines: [ContentLine],
        diagnostics: [Diagnostic], lineStarts: [Int], origin: SourceOrigin? = nil
    ) {
        self.source = source
        self.format = format
        self.byteOrderMark = byteOrderMark
        self.leadingTrivia = leadingTrivia
        self.titlePage = titlePage
        self.elements = elements
        self.lines = lines
        self.diagnostics = diagnostics
        self.lineStarts = lineStarts
        self.origin = origin
    }

    public var locationConverter: SourceLocationConverter {
        SourceLocationConverter(bytes: source.bytes, lineStarts: lineStarts)
    }
}

/// One line of text inside an element or a title-page value.
public struct ContentLine: Sendable, Hashable {
    /// The whole line (a logical line: a note or boneyard may make it span physical lines),
    /// without its line terminator.
    public var range: SourceRange
    /// The part that carries the text: forcing markers, scene numbers, carets and surrounding
    /// whitespace (except an action's indentation) are outside it.
    public var text: SourceRange
    public var flags: Flags

    public struct Flags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The line may hold emphasis markers or escapes.
        public static let markup = Flags(rawValue: 1 << 0)
        /// The line may hold notes or boneyard.
        public static let annotations = Flags(rawValue: 1 << 1)
        /// The line holds only notes or boneyard: it adds no line to the text.
        public static let hidden = Flags(rawValue: 1 << 2)
        /// A line of two or more spaces inside an element: an intentional empty line.
        public static let spacer = Flags(rawValue: 1 << 3)
        /// The line holds bytes outside ASCII.
        public static let nonASCII = Flags(rawValue: 1 << 4)
    }

    public init(range: SourceRange, text: SourceRange, flags: Flags) {
        self.range = range
        self.text = text
        self.flags = flags
    }
}

/// An element of the screenplay body.
///
/// Stored flat (a type tag, flags and three ranges, all plain 32-bit data) so that building and
/// copying 100,000 elements costs no enum re-packing; `kind` gives the typed view.
public struct Element: Sendable, Hashable {
    /// The kind without its payload.
    public private(set) var type: ElementType
    var forcedFlag: Bool
    var dualRaw: UInt8
    var depth: Int32
    /// Scene number, or cue name.
    var first: SourceRange
    /// Cue extensions.
    var second: SourceRange
    /// Cue caret.
    var third: SourceRange
    /// From the first byte of the element's first line (indentation and markers included) to the
    /// end of its last line (terminator excluded).
    public var range: SourceRange
    /// Line terminators and blank lines after the element, up to the next element.
    public var trailingTrivia: SourceRange
    var linesStart: Int32
    var linesEnd: Int32

    static let absent = SourceRange(start: -1, end: -1)

    /// A payload-free element of `type`; the parser fills the flat fields directly.
    @inline(__always)
    init(type: ElementType, range: SourceRange, lines: Range<Int>) {
        self.type = type
        forcedFlag = false
        dualRaw = 0
        depth = 0
        first = Self.absent
        second = Self.absent
        third = Self.absent
        self.range = range
        trailingTrivia = SourceRange(start: range.end, end: range.end)
        linesStart = Int32(truncatingIfNeeded: lines.lowerBound)
        linesEnd = Int32(truncatingIfNeeded: lines.upperBound)
    }

    public init(kind: Kind, range: SourceRange, trailingTrivia: SourceRange, lines: Range<Int>) {
        type = .action
        forcedFlag = false
        dualRaw = 0
        depth = 0
        first = Self.absent
        second = Self.absent
        third = Self.absent
        self.range = range
        self.trailingTrivia = trailingTrivia
        linesStart = Int32(clamping: lines.lowerBound)
        linesEnd = Int32(clamping: lines.upperBound)
        self.kind = kind
    }

    /// Indices into `Screenplay.lines`.
    public var lines: Range<Int> {
        get { Int(linesStart)..<Int(linesEnd) }
        set {
            linesStart = Int32(clamping: newValue.lowerBound)
            linesEnd = Int32(clamping: newValue.upperBound)
        }
    }

    /// The typed view of the element's kind and payload.
    public var kind: Kind {
        get {
            switch type {
            case .sceneHeading:
                return .sceneHeading(SceneHeading(forced: forcedFlag, sceneNumber: first.start < 0 ? nil : first))
            case .action: return .action(Action(forced: forcedFlag))
            case .character:
                return .character(CharacterCue(
                    forced: forcedFlag, name: first, extensions: second.start < 0 ? nil : second,
                    caret: third.start < 0 ? nil : third,
                    dual: dualRaw == 1 ? .left : dualRaw == 2 ? .right : nil))
            case .parenthetical: return .parenthetical
            case .dialogue: return .dialogue
            case .lyrics: return .lyrics
            case .transition: return .transition(Transition(forced: forcedFlag))
            case .centered: return .centered
            case .pageBreak: return .pageBreak
            case .section: return .section(Section(depth: Int(depth)))
            case .synopsis: return .synopsis
            case .note: return .note
            case .boneyard: return .boneyard
            }
        }
        set {
            forcedFlag = false
            dualRaw = 0
            depth = 0
            first = Self.absent
            second = Self.absent
            third = Self.absent
            switch newValue {
            case .sceneHeading(let h):
                type = .sceneHeading
                forcedFlag = h.forced
                first = h.sceneNumber ?? Self.absent
            case .action(let a):
                type = .action
                forcedFlag = a.forced
            case .character(let c):
                type = .character
                forcedFlag = c.forced
                first = c.name
                second = c.extensions ?? Self.absent
                third = c.caret ?? Self.absent
                dualRaw = c.dual == .left ? 1 : c.dual == .right ? 2 : 0
            case .parenthetical: type = .parenthetical
            case .dialogue: type = .dialogue
            case .lyrics: type = .lyrics
            case .transition(let t):
                type = .transition
                forcedFlag = t.forced
            case .centered: type = .centered
            case .pageBreak: type = .pageBreak
            case .section(let s):
                type = .section
                depth = Int32(clamping: s.depth)
            case .synopsis: type = .synopsis
            case .note: type = .note
            case .boneyard: type = .boneyard
            }
        }
    }

    public enum Kind: Sendable, Hashable {
        case sceneHeading(SceneHeading)
        case action(Action)
        case character(CharacterCue)
        case parenthetical
        case dialogue
        case lyrics
        case transition(Transition)
        case centered
        case pageBreak
        case section(Section)
        case synopsis
        case note
        case boneyard
    }

    public var fullRange: SourceRange { SourceRange(start: range.start, end: trailingTrivia.end) }
}

/// Element kinds as plain values; the raw value is the `type` in the JSON form.
public enum ElementType: String, Sendable, Hashable, Codable, CaseIterable {
    case sceneHeading, action, character, parenthetical, dialogue, lyrics, transition, centered
    case pageBreak, section, synopsis, note, boneyard
}

public struct SceneHeading: Sendable, Hashable {
    /// Written with a leading '.'.
    public var forced: Bool
    /// The scene number between the '#' marks, e.g. `1A` in `#1A#`.
    public var sceneNumber: SourceRange?

    public init(forced: Bool, sceneNumber: SourceRange?) {
        self.forced = forced
        self.sceneNumber = sceneNumber
    }
}

public struct Action: Sendable, Hashable {
    /// Written with a leading '!'.
    public var forced: Bool
    public init(forced: Bool) { self.forced = forced }
}

/// Which side of a dual-dialogue pair a cue is on.
public enum DualPosition: String, Sendable, Hashable, Codable {
    /// The first cue of the pair (no caret).
    case left
    /// The cue with the caret '^'.
    case right
}

public struct CharacterCue: Sendable, Hashable {
    /// Written with a leading '@'.
    public var forced: Bool
    /// The name, without extensions.
    public var name: SourceRange
    /// Parenthesized extensions after the name, e.g. `(V.O.) (CONT'D)`.
    public var extensions: SourceRange?
    /// The '^' marker, when present.
    public var caret: SourceRange?
    /// Set on both cues of a dual-dialogue pair.
    public var dual: DualPosition?

    public init(forced: Bool, name: SourceRange, extensions: SourceRange?, caret: SourceRange?, dual: DualPosition?) {
        self.forced = forced
        self.name = name
        self.extensions = extensions
        self.caret = caret
        self.dual = dual
    }
}

public struct Transition: Sendable, Hashable {
    /// Written with a leading '>'.
    public var forced: Bool
    public init(forced: Bool) { self.forced = forced }
}

public struct Section: Sendable, Hashable {
    /// The number of '#' marks: 1 for an act, 2 for a sequence, and so on.
    public var depth: Int
    public init(depth: Int) { self.depth = depth }
}

/// The optional title page at the top of a Fountain file (`Key: value` lines).
public struct TitlePage: Sendable, Hashable {
    public var range: SourceRange
    public var trailingTrivia: SourceRange
    public var fields: [TitlePageField]

    public init(range: SourceRange, trailingTrivia: SourceRange, fields: [TitlePageField]) {
        self.range = range
        self.trailingTrivia = trailingTrivia
        self.fields = fields
    }
}

public struct TitlePageField: Sendable, Hashable {
    public var range: SourceRange
    /// The key, without the colon, e.g. `Draft date`.
    public var key: SourceRange
    /// Value lines (the inline value, if any, then indented lines), indices into `Screenplay.lines`.
    public var lines: Range<Int>

    public init(range: SourceRange, key: SourceRange, lines: Range<Int>) {
        self.range = range
        self.key = key
        self.lines = lines
    }
}
