/// The catalog of syntax diagnostics for Fountain sources. Each ID is stable and documented in
/// docs/fountain-dialect.md.
public enum FountainDiagnostics {
    public static let invalidUTF8: DiagnosticID = "fountain.invalid-utf8"
    public static let nulByte: DiagnosticID = "fountain.nul-byte"
    public static let unclosedBoneyard: DiagnosticID = "fountain.unclosed-boneyard"
    public static let unclosedNote: DiagnosticID = "fountain.unclosed-note"
    public static let unbalancedEmphasis: DiagnosticID = "fountain.unbalanced-emphasis"
    public static let dualWithoutPartner: DiagnosticID = "fountain.dual-without-partner"
    public static let headingNeedsBlankLine: DiagnosticID = "fountain.heading-needs-blank-line"
    public static let characterWithoutDialogue: DiagnosticID = "fountain.character-without-dialogue"
    public static let titlePageUnindentedValue: DiagnosticID = "fountain.title-page-unindented-value"
    public static let tooManyDiagnostics: DiagnosticID = "fountain.too-many-diagnostics"

    static func invalidUTF8(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: invalidUTF8, severity: .error,
            message: "invalid UTF-8 byte sequence; it is shown as U+FFFD", range: range)
    }

    static func nulByte(at range: SourceRange) -> Diagnostic {
        Diagnostic(id: nulByte, severity: .warning, message: "NUL byte in text", range: range)
    }

    static func unclosedBoneyard(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: unclosedBoneyard, severity: .error,
            message: "boneyard '/*' is never closed with '*/'; it is kept as text", range: range,
            fixIts: [FixIt(message: "close the boneyard", range: SourceRange(start: range.end, end: range.end), replacement: " */")])
    }

    static func unclosedNote(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: unclosedNote, severity: .warning,
            message: "note '[[' is not closed with ']]' before a blank line; it is kept as text",
            range: range)
    }

    static func unbalancedEmphasis(_ marker: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: unbalancedEmphasis, severity: .warning,
            message: "emphasis '\(marker)' has no matching '\(marker)' on the same line; it is kept as text",
            range: range,
            fixIts: [FixIt(message: "escape it", range: SourceRange(start: range.start, end: range.start), replacement: "\\")])
    }

    static func dualWithoutPartner(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: dualWithoutPartner, severity: .warning,
            message: "dual-dialogue caret '^' has no dialogue right before it to pair with",
            range: range,
            fixIts: [FixIt(message: "remove the caret", range: range, replacement: "")])
    }

    static func headingNeedsBlankLine(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: headingNeedsBlankLine, severity: .warning,
            message: "this looks like a scene heading but no blank line follows it; it is read as action",
            range: range,
            fixIts: [FixIt(message: "insert a blank line", range: SourceRange(start: range.end, end: range.end), replacement: "\n")])
    }

    static func characterWithoutDialogue(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: characterWithoutDialogue, severity: .warning,
            message: "character cue has no dialogue after it", range: range)
    }

    static func titlePageUnindentedValue(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            id: titlePageUnindentedValue, severity: .warning,
            message: "title-page value lines must be indented with three spaces or a tab",
            range: range,
            fixIts: [FixIt(message: "indent the line", range: SourceRange(start: range.start, end: range.start), replacement: "   ")])
    }
}
