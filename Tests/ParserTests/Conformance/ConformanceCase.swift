import Parser
import Testing

/// The rule groups of the Fountain 1.1 specification that the conformance tables cover.
enum RuleGroup: String, Sendable, CaseIterable {
    case titlePage = "title page"
    case sceneHeading = "scene heading"
    case action
    case character = "character"
    case dialogue
    case parenthetical
    case dualDialogue = "dual dialogue"
    case lyrics
    case transition
    case centered
    case emphasis
    case notes
    case boneyard
    case sections = "sections and synopses"
    case pageBreak = "page break"
    case encoding = "line endings and BOM"
    case scenes = "whole scenes"
}

/// A property of an expected element beyond its type and text.
enum ExpectedAttribute: Sendable, CustomStringConvertible {
    case forced(Bool)
    case sceneNumber(String?)
    case name(String)
    case extensions([String])
    case dual(DualPosition?)
    case depth(Int)
    /// The texts of the notes `[[…]]` inside the element.
    case notes([String])
    /// The styled runs of the text (adjacent runs of one style merged).
    case runs([StyledRun])

    var description: String {
        switch self {
        case .forced(let b): "forced=\(b)"
        case .sceneNumber(let s): "sceneNumber=\(s ?? "nil")"
        case .name(let s): "name=\(s)"
        case .extensions(let e): "extensions=\(e)"
        case .dual(let d): "dual=\(d.map(\.rawValue) ?? "nil")"
        case .depth(let d): "depth=\(d)"
        case .notes(let n): "notes=\(n)"
        case .runs(let r): "runs=\(r.map { "\($0.text)|\($0.style.names)" })"
        }
    }
}

/// One expected element: type, plain text and the attributes that the rule under test decides.
struct ExpectedElement: Sendable, CustomStringConvertible {
    var type: ElementType
    /// The plain text; nil leaves it unchecked.
    var text: String?
    var attributes: [ExpectedAttribute] = []

    var description: String {
        "\(type.rawValue)(\(text.map { ParseSupport.escaped($0) } ?? "*"))"
            + (attributes.isEmpty ? "" : " " + attributes.map(\.description).joined(separator: " "))
    }

    func with(_ more: ExpectedAttribute...) -> ExpectedElement {
        var copy = self
        copy.attributes += more
        return copy
    }

    static func heading(_ text: String, number: String? = nil, forced: Bool = false) -> ExpectedElement {
        ExpectedElement(type: .sceneHeading, text: text, attributes: [.sceneNumber(number), .forced(forced)])
    }
    static func action(_ text: String, forced: Bool = false) -> ExpectedElement {
        ExpectedElement(type: .action, text: text, attributes: [.forced(forced)])
    }
    /// A cue without extensions: its text is its name.
    static func cue(_ name: String, dual: DualPosition? = nil, forced: Bool = false) -> ExpectedElement {
        ExpectedElement(type: .character, text: name, attributes: [.name(name), .extensions([]), .dual(dual), .forced(forced)])
    }
    /// A cue with extensions: `text` is the name and extensions as written.
    static func cue(_ text: String, name: String, extensions: [String], dual: DualPosition? = nil, forced: Bool = false) -> ExpectedElement {
        ExpectedElement(type: .character, text: text, attributes: [.name(name), .extensions(extensions), .dual(dual), .forced(forced)])
    }
    static func dialogue(_ text: String) -> ExpectedElement { ExpectedElement(type: .dialogue, text: text) }
    static func parenthetical(_ text: String) -> ExpectedElement { ExpectedElement(type: .parenthetical, text: text) }
    static func lyrics(_ text: String) -> ExpectedElement { ExpectedElement(type: .lyrics, text: text) }
    static func transition(_ text: String, forced: Bool = false) -> ExpectedElement {
        ExpectedElement(type: .transition, text: text, attributes: [.forced(forced)])
    }
    static func centered(_ text: String) -> ExpectedElement { ExpectedElement(type: .centered, text: text) }
    static func section(_ text: String, depth: Int) -> ExpectedElement {
        ExpectedElement(type: .section, text: text, attributes: [.depth(depth)])
    }
    static func synopsis(_ text: String) -> ExpectedElement { ExpectedElement(type: .synopsis, text: text) }
    static let pageBreak = ExpectedElement(type: .pageBreak, text: "")
    static func note(_ text: String) -> ExpectedElement { ExpectedElement(type: .note, text: text) }
    static func boneyard(_ text: String) -> ExpectedElement { ExpectedElement(type: .boneyard, text: text) }
}

/// A title-page field: key and plain value.
struct ExpectedField: Sendable, CustomStringConvertible {
    var key: String
    var value: String
    var description: String { "\(key): \(ParseSupport.escaped(value))" }
}

/// One conformance case: a Fountain source and what the specification says it means.
struct ConformanceCase: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    var group: RuleGroup
    var name: String
    var source: String
    /// nil: the source has no title page.
    var titlePage: [ExpectedField]? = nil
    var elements: [ExpectedElement]
    /// Diagnostic IDs that must be reported.
    var diagnostics: [DiagnosticID] = []
    /// When false, error-severity diagnostics are allowed (inputs that are wrong on purpose).
    var clean: Bool = true

    var testDescription: String { "\(group.rawValue): \(name)" }
    var description: String { "\(testDescription) «\(ParseSupport.escaped(source))»" }

    init(
        _ group: RuleGroup, _ name: String, _ source: String, title: [ExpectedField]? = nil,
        _ elements: [ExpectedElement], diagnostics: [DiagnosticID] = [], clean: Bool = true
    ) {
        self.group = group
        self.name = name
        self.source = source
        self.titlePage = title
        self.elements = elements
        self.diagnostics = diagnostics
        self.clean = clean
    }
}

/// Shorthand for a title-page field in the tables.
func field(_ key: String, _ value: String) -> ExpectedField { ExpectedField(key: key, value: value) }
