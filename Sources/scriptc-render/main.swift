import Backends
import Foundation
import IR
import Parser

/// `scriptc-render FILE -o DIR [--jobs N] [--clean] [--max-cut 6s] [--quiet]`: renders a screenplay
/// into an animatic. A separate program so that `scriptc parse` and friends do not load the media
/// libraries; `scriptc build FILE -o DIR` runs it.
///
/// Exit status: 0 built; 1 the script has errors (nothing written); 2 usage, I/O or a missing tool.

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("scriptc-render: error: \(message)\n".utf8))
    exit(status)
}

let usage = "usage: scriptc-render FILE -o DIR [--jobs N] [--clean] [--max-cut 6s] [--sound-segment 60s|off] [--quiet]"

var input: String?
var output: String?
var options = LocalBuild.Options()
var quiet = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let v = arguments.popFirst() else { fail("\(argument) needs a value\n\(usage)", status: 2) }
        return v
    }
    switch argument {
    case "-o", "--output": output = value()
    case "-j", "--jobs":
        let text = value()
        guard let n = Int(text), n > 0 else { fail("--jobs takes a positive number, not '\(text)'", status: 2) }
        options.jobs = n
    case "--clean": options.clean = true
    case "--quiet", "-q": quiet = true
    case "--max-cut":
        let text = value()
        guard let f = Timebase.frames(length: text) else { fail("--max-cut takes a length like '6s', '4500ms' or '144f', not '\(text)'", status: 2) }
        options.maxCutFrames = f
    case "--sound-segment":
        let text = value()
        if text == "off" { options.soundSegmentFrames = 0; break }
        guard let f = Timebase.frames(length: text) else { fail("--sound-segment takes a length like '60s' or 'off', not '\(text)'", status: 2) }
        options.soundSegmentFrames = f
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        if argument.hasPrefix("-") && argument != "-" { fail("unknown option '\(argument)'\n\(usage)", status: 2) }
        guard input == nil else { fail("one input file only\n\(usage)", status: 2) }
        input = argument
    }
}
guard let input else { fail("no input file\n\(usage)", status: 2) }
guard let output else { fail("no output folder (-o DIR)\n\(usage)", status: 2) }
if quiet { options.log = .quiet }

guard let data = FileManager.default.contents(atPath: input) else {
    fail("cannot read '\(input)'", status: 2)
}
let file = SourceFile(path: input, bytes: [UInt8](data))
let tree = input.lowercased().hasSuffix(".fdx") ? FDXReader.parse(file) : FountainParser.parse(file)

// Syntax errors stop the build before anything is written.
func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty else { return }
    let renderer = DiagnosticRenderer(tree)
    FileHandle.standardError.write(Data(diagnostics.map { renderer.render($0) }.joined().utf8))
}
if tree.diagnostics.hasErrors {
    report(tree.diagnostics)
    exit(1)
}
let preflight = Compiler.compile(tree, settings: { s in
    if let m = options.maxCutFrames { s.maxCutFrames = m }
    if let f = options.soundSegmentFrames { s.soundSegmentFrames = f }
})
let diagnostics = tree.diagnostics + preflight.diagnostics
if !quiet || diagnostics.hasErrors { report(quiet ? diagnostics.filter { $0.severity == .error } : diagnostics) }
if diagnostics.hasErrors { exit(1) }
// A script with nothing that takes time (no action, dialogue, lyrics or pause) has no picture.
if (preflight.plan?.durationFrames ?? 0) == 0 {
    report([Diagnostic(id: "render.empty-episode", severity: .error,
                       message: "nothing to render: the script has no action, dialogue, lyrics or pause",
                       range: SourceRange(start: 0, end: 0))])
    exit(1)
}

var base = String(input.split(separator: "/").last ?? "episode")
for ext in [".fountain", ".spmd", ".fdx", ".txt"] where base.lowercased().hasSuffix(ext) {
    base = String(base.dropLast(ext.count))
}

do {
    let result = try LocalBuild(options: options).run(tree, baseName: base, outputDirectory: output)
    if !quiet {
        FileHandle.standardError.write(Data("\(result.summary.description)\n".utf8))
        for artifact in result.artifacts { print("\(output)/\(artifact)") }
    }
} catch let error as EncodeError {
    fail(error.description, status: 2)
} catch {
    fail("\(error)", status: 2)
}
