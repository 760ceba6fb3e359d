import Foundation
import Parser
import Testing
@testable import IR

/// Compiles a screenplay with the standard passes (or the given ones).
func compile(_ text: String, passes: [any Pass]? = nil, measured: MeasuredDurations = MeasuredDurations()) -> CompilationUnit {
    let tree = FountainParser.parse(text, path: "test.fountain")
    let manager = passes.map { PassManager(passes: $0) } ?? PassManager()
    return Compiler.compile(tree, passes: manager, measured: measured)
}

/// Lowers only, then runs `passes` in order.
func lowerThen(_ text: String, _ passes: [any Pass]) -> CompilationUnit {
    compile(text, passes: passes)
}

/// Source text with position markers (1️⃣ 2️⃣ …) removed, and the UTF-8 offset of each marker.
struct Marked {
    var text: String
    var offsets: [String: Int] = [:]

    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    init(_ source: String) {
        var out = ""
        var rest = Substring(source)
        outer: while !rest.isEmpty {
            for m in Self.markers where rest.hasPrefix(m) {
                offsets[m] = out.utf8.count
                rest = rest.dropFirst(m.count)
                continue outer
            }
            out.append(rest.removeFirst())
        }
        text = out
    }

    /// The range between two markers.
    func range(_ a: String, _ b: String) -> SourceRange { SourceRange(start: offsets[a]!, end: offsets[b]!) }
}

/// The events of every cut of every scene, flattened.
func allEvents(_ e: Episode) -> [Event] { e.scenes.flatMap { $0.cuts.flatMap(\.events) } }

func dialogue(_ e: Episode) -> [DialogueLine] {
    allEvents(e).compactMap { if case .dialogue(let d) = $0.payload { d } else { nil } }
}

func sounds(_ e: Episode) -> [SoundCue] {
    allEvents(e).compactMap { if case .sound(let s) = $0.payload { s } else { nil } }
}

/// Paths inside the repository.
enum RepoPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let goldens = testsDirectory.appendingPathComponent("Goldens")
    static let examples = root.appendingPathComponent("Examples")
}

/// Compares `actual` with the golden file `name`; `SCRIPTC_RECORD=1` rewrites it. A mismatch is
/// reported as a readable line diff.
func assertGolden(_ actual: [UInt8], _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let url = RepoPaths.goldens.appendingPathComponent(name)
    let text = String(decoding: actual, as: UTF8.self)
    if ProcessInfo.processInfo.environment["SCRIPTC_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: RepoPaths.goldens, withIntermediateDirectories: true)
        try? Data(actual).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden \(name); run with SCRIPTC_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != text {
        Issue.record("golden \(name) differs (SCRIPTC_RECORD=1 to accept):\n\(lineDiff(expected, text))", sourceLocation: sourceLocation)
    }
}

/// A small unified-style diff: the differing lines with two lines of context, at most 40 lines.
func lineDiff(_ a: String, _ b: String) -> String {
    let x = a.split(separator: "\n", omittingEmptySubsequences: false)
    let y = b.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    var i = 0
    while i < max(x.count, y.count) && out.count < 40 {
        let l = i < x.count ? x[i] : nil
        let r = i < y.count ? y[i] : nil
        if l != r {
            for k in max(0, i - 2)..<i where k < x.count { out.append("  \(k + 1): \(x[k])") }
            if let l { out.append("- \(i + 1): \(l)") }
            if let r { out.append("+ \(i + 1): \(r)") }
        }
        i += 1
    }
    return out.joined(separator: "\n")
}
