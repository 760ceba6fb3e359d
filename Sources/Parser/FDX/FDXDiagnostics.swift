/// Diagnostics of the FDX reader. IDs are stable and documented in docs/fdx.md.
public enum FDXDiagnostics {
    /// The file is not well-formed XML, not a Final Draft document, or refused by a safety rule.
    public static let malformed: DiagnosticID = "fdx.malformed"
    /// A paragraph type scriptc does not know; the paragraph is read as action.
    public static let unknownParagraphType: DiagnosticID = "fdx.unknown-paragraph-type"
    /// Dialogue or a parenthetical with no character cue before it; read as action.
    public static let dialogueWithoutCharacter: DiagnosticID = "fdx.dialogue-without-character"
    /// A scene number Fountain cannot carry (only letters, digits, '-' and '.'); dropped.
    public static let invalidSceneNumber: DiagnosticID = "fdx.invalid-scene-number"
    /// A scene heading that does not start with a letter or digit cannot be forced in Fountain;
    /// it is read as action.
    public static let unrepresentableHeading: DiagnosticID = "fdx.unrepresentable-heading"
}

/// A fatal problem with an FDX file, with the position libxml2 or the reader found it at.
public struct FDXError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    /// 1-based line and UTF-8 byte column in the file.
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(path: String, message: String, line: Int, column: Int, offset: Int) {
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `path:line:col: error: message`, the form compilers print.
    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}
