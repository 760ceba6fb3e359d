import Foundation
import Parser

/// Helpers shared by the parser test suites.
enum ParseSupport {
    static func parse(_ bytes: [UInt8], path: String = "<test>") -> Screenplay {
        FountainParser.parse(SourceFile(path: path, bytes: bytes))
    }

    static func parse(_ text: String) -> Screenplay { parse(Array(text.utf8)) }

    /// Element types in order.
    static func types(_ tree: Screenplay) -> [ElementType] { tree.elements.map(\.type) }

    /// Plain texts in order.
    static func texts(_ tree: Screenplay) -> [String] { tree.elements.map { tree.text(of: $0) } }

    /// Diagnostic IDs in order.
    static func diagnosticIDs(_ tree: Screenplay) -> [String] { tree.diagnostics.map(\.id.rawValue) }

    /// Runs with adjacent runs of the same style merged and empty runs dropped, so that two
    /// equivalent partitions of the same text compare equal.
    static func normalizedRuns(_ runs: [StyledRun]) -> [StyledRun] {
        var out: [StyledRun] = []
        for run in runs where !run.text.isEmpty {
            if let last = out.last, last.style == run.style {
                out[out.count - 1].text += run.text
            } else {
                out.append(run)
            }
        }
        return out
    }

    /// The JSON form of `tree`, decoded with Foundation.
    static func json(_ tree: Screenplay) throws -> [String: Any] {
        let data = Data(ASTJSON.encode(tree))
        let object = try JSONSerialization.jsonObject(with: data, options: [])
        guard let dictionary = object as? [String: Any] else { throw JSONShapeError.notAnObject }
        return dictionary
    }

    enum JSONShapeError: Error { case notAnObject }

    /// Replaces every LF of `text` with `ending`.
    static func withLineEnding(_ text: String, _ ending: String) -> String {
        text.replacingOccurrences(of: "\n", with: ending)
    }

    /// A readable, escaped form of bytes for failure messages.
    static func escaped(_ bytes: [UInt8], limit: Int = 160) -> String {
        var out = ""
        for b in bytes.prefix(limit) {
            switch b {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20..<0x7F: out += String(UnicodeScalar(b))
            default: out += String(format: "\\x%02X", b)
            }
        }
        if bytes.count > limit { out += "…(\(bytes.count) bytes)" }
        return out
    }

    static func escaped(_ text: String) -> String { escaped(Array(text.utf8)) }

    /// Wall-clock seconds taken by `body`.
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        var result: T?
        let elapsed = try clock.measure { result = try body() }
        let c = elapsed.components
        return (result!, Double(c.seconds) + Double(c.attoseconds) / 1e18)
    }
}
