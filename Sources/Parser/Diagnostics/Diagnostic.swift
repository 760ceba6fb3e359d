/// How serious a finding is. Only `.error` makes `scriptc parse` exit with status 1.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case error, warning, note, remark

    private var rank: Int {
        switch self {
        case .error: 3
        case .warning: 2
        case .note: 1
        case .remark: 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A stable identifier such as `fountain.unclosed-boneyard`. IDs never change meaning once released;
/// tools (lint configuration, editors, CI filters) key on them.
public struct DiagnosticID: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A text edit that fixes a diagnostic: replace `range` with `replacement`.
public struct FixIt: Sendable, Hashable, Codable {
    public var message: String
    public var range: SourceRange
    public var replacement: String

    public init(message: String, range: SourceRange, replacement: String) {
        self.message = message
        self.range = range
        self.replacement = replacement
    }
}

/// A secondary location that explains a diagnostic ("the boneyard opens here").
public struct DiagnosticNote: Sendable, Hashable, Codable {
    public var message: String
    public var range: SourceRange

    public init(message: String, range: SourceRange) {
        self.message = message
        self.range = range
    }
}

/// A problem found in a source, as data: parsers and passes never print and never stop at the first.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var id: DiagnosticID
    public var severity: Severity
    /// One line, lower-case, quoting source text with '…'.
    public var message: String
    public var range: SourceRange
    public var notes: [DiagnosticNote]
    public var fixIts: [FixIt]

    public init(
        id: DiagnosticID, severity: Severity, message: String, range: SourceRange,
        notes: [DiagnosticNote] = [], fixIts: [FixIt] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
