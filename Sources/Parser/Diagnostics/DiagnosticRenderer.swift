/// Renders diagnostics the way compilers do:
///
///     ep.fountain:12:5: warning: emphasis '*' has no matching '*' on the same line [fountain.unbalanced-emphasis]
///      12 | He *runs.
///         |    ^
public struct DiagnosticRenderer {
    public var path: String
    public var bytes: [UInt8]
    public var converter: SourceLocationConverter

    public init(path: String, bytes: [UInt8], converter: SourceLocationConverter) {
        self.path = path
        self.bytes = bytes
        self.converter = converter
    }

    public init(_ tree: Screenplay) {
        if let origin = tree.origin {
            // Diagnostics of a tree read from FDX point into the original file.
            self.init(path: origin.file.path, bytes: origin.file.bytes, converter: origin.locationConverter)
        } else {
            self.init(path: tree.source.path, bytes: tree.source.bytes, converter: tree.locationConverter)
        }
    }

    public func render(_ d: Diagnostic) -> String {
        let loc = converter.location(of: d.range.start)
        var out = "\(path):\(loc.line):\(loc.utf8Column): \(d.severity.rawValue): \(d.message) [\(d.id)]\n"
        out += excerpt(d.range, at: loc)
        for note in d.notes {
            let nl = converter.location(of: note.range.start)
            out += "\(path):\(nl.line):\(nl.utf8Column): note: \(note.message)\n"
            out += excerpt(note.range, at: nl)
        }
        return out
    }

    /// The source line (cut to 200 columns around the position) with a caret under the range.
    func excerpt(_ range: SourceRange, at loc: SourceLocation) -> String {
        let lineRange = converter.lineContentRange(lineIndex: loc.line - 1)
        var start = lineRange.start
        let caretOffset = min(max(loc.utf8Offset, lineRange.start), lineRange.end)
        if caretOffset - start > 120 { start = caretOffset - 60 }
        while start < caretOffset && bytes[start] & 0xC0 == 0x80 { start += 1 }
        var end = min(lineRange.end, start + 200)
        while end > start && end < lineRange.end && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        var pad = ""
        for scalar in String(decoding: bytes[start..<caretOffset], as: UTF8.self).unicodeScalars {
            pad += scalar == "\t" ? "\t" : " "
        }
        let underlineEnd = min(max(range.end, caretOffset + 1), end)
        let width = max(1, String(decoding: bytes[caretOffset..<max(caretOffset, underlineEnd)], as: UTF8.self).unicodeScalars.count)
        let gutter = String(loc.line)
        let blank = String(repeating: " ", count: gutter.count)
        let shown = text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? "\u{FFFD}" : String($0) }.joined()
        return " \(gutter) | \(shown)\n \(blank) | \(pad)^\(String(repeating: "~", count: width - 1))\n"
    }
}
