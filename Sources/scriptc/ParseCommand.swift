import ArgumentParser
import Parser

/// Options shared by commands that read one screenplay.
struct InputOptions: ParsableArguments {
    @Argument(help: "A .fountain (or .fdx) file, or '-' for standard input.")
    var file: String = "-"

    @Option(name: .long, help: "Input format when it cannot be told from the extension: fountain or fdx.")
    var from: String?

    @Flag(name: .long, help: "Do not print diagnostics.")
    var quiet = false
}

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a screenplay and print its syntax tree.",
        discussion: """
            Prints a readable tree, or with --json the versioned JSON form documented in \
            docs/ast-json.md. Diagnostics go to standard error as file:line:col: severity: \
            message [ID]. Exit status: 0 ok, 1 error diagnostics, 2 usage or I/O error.
            """
    )

    @OptionGroup var input: InputOptions

    @Flag(name: .long, help: "Print the JSON form of the tree.")
    var json = false

    @Flag(name: .long, help: "Indent the JSON output.")
    var pretty = false

    @Flag(name: .long, help: "Print only a summary (element counts).")
    var summary = false

    func run() throws {
        let tree: Screenplay
        do {
            tree = try Loader.load(input.file, format: input.from)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
        if json {
            IO.stdout(ASTJSON.encode(tree, pretty: pretty))
        } else if summary {
            IO.stdout(Summary.render(tree))
        } else {
            IO.stdout(TreeDump.render(tree))
        }
        if !input.quiet { Loader.report(tree.diagnostics, tree: tree) }
        if tree.diagnostics.hasErrors { throw ScriptcExit.diagnostics }
    }
}

/// Element counts of a tree, for `scriptc parse --summary` and `make demo`.
enum Summary {
    static func render(_ tree: Screenplay) -> String {
        var counts: [ElementType: Int] = [:]
        for e in tree.elements { counts[e.type, default: 0] += 1 }
        var names = Set<String>()
        for e in tree.elements { if case .character(let c) = e.kind { names.insert(tree.characterName(c)) } }
        var out = "\(tree.source.path): \(tree.source.bytes.count) bytes, \(tree.lineStarts.count) lines, \(tree.elements.count) elements\n"
        if let tp = tree.titlePage {
            for f in tp.fields where tree.source(f.key).lowercased() == "title" {
                out += "  title: \(tree.inline(lines: f.lines).text.split(separator: "\n").joined(separator: " "))\n"
            }
        }
        for t in ElementType.allCases where counts[t, default: 0] > 0 {
            out += "  \(t.rawValue): \(counts[t]!)\n"
        }
        out += "  speaking characters: \(names.sorted().joined(separator: ", "))\n"
        let errors = tree.diagnostics.filter { $0.severity == .error }.count
        out += "  diagnostics: \(tree.diagnostics.count) (\(errors) errors)\n"
        return out
    }
}

/// Reads inputs by format and prints diagnostics.
enum Loader {
    static func load(_ path: String, format: String?) throws -> Screenplay {
        let bytes = try IO.read(path)
        let name = path == "-" ? "<stdin>" : path
        let fmt = format ?? (path.lowercased().hasSuffix(".fdx") ? "fdx" : "fountain")
        switch fmt {
        case "fountain":
            return FountainParser.parse(SourceFile(path: name, bytes: bytes))
        case "fdx":
            // A file that is not well-formed FDX gives an error diagnostic (exit status 1).
            return FDXReader.parse(SourceFile(path: name, bytes: bytes))
        default:
            throw UserError("unknown input format '\(fmt)' (expected fountain or fdx)")
        }
    }

    static func report(_ diagnostics: [Diagnostic], tree: Screenplay) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(tree)
        var text = ""
        for d in diagnostics { text += renderer.render(d) }
        IO.stderr(text)
    }
}
