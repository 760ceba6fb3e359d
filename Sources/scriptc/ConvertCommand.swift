import ArgumentParser
import Parser

/// `scriptc convert IN -o OUT`: Fountain ⇄ FDX, and either to the JSON form or an HTML page.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a screenplay between Fountain, Final Draft (.fdx), JSON and HTML.",
        discussion: """
            The output format comes from --to, else from the extension of -o (.fountain, .fdx, \
            .json, .html). fountain → fdx and fdx → fountain keep every element's kind and text; \
            what is lossy is listed in docs/fdx.md. json is exactly `scriptc parse --json`. \
            Outputs are written atomically; '-o -' writes to standard output. Exit status: 0 ok, \
            1 the input has errors (nothing is written), 2 usage or I/O error.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "Output file, or '-' for standard output.")
    var output: String

    @Option(name: .long, help: "Output format: fountain, fdx, json or html (default: from the output extension).")
    var to: String?

    @Flag(name: .long, help: "Indent JSON output.")
    var pretty = false

    enum Target: String, CaseIterable {
        case fountain, fdx, json, html
    }

    func run() throws {
        let target: Target
        do {
            target = try Self.target(explicit: to, output: output)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
        let tree: Screenplay
        do {
            tree = try Loader.load(input.file, format: input.from)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
        if !input.quiet || tree.diagnostics.hasErrors {
            Loader.report(input.quiet ? tree.diagnostics.filter { $0.severity == .error } : tree.diagnostics, tree: tree)
        }
        if tree.diagnostics.hasErrors { throw ScriptcExit.diagnostics }

        let bytes: [UInt8]
        switch target {
        case .fountain:
            // A Fountain tree prints back exactly; an FDX tree's source is its canonical Fountain.
            bytes = tree.source.bytes
        case .fdx:
            bytes = FDXWriter.write(tree)
            if bytes.isEmpty {
                IO.stderr("scriptc: error: cannot write FDX for '\(input.file)'\n")
                throw ScriptcExit.usage
            }
        case .json:
            bytes = ASTJSON.encode(tree, pretty: pretty)
        case .html:
            bytes = HTMLWriter.render(tree)
        }
        if output == "-" {
            IO.stdout(bytes)
            return
        }
        do {
            try IO.writeAtomically(bytes, to: output)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
    }

    static func target(explicit: String?, output: String) throws(UserError) -> Target {
        if let explicit {
            guard let t = Target(rawValue: explicit.lowercased()) else {
                throw UserError("unknown output format '\(explicit)' (expected fountain, fdx, json or html)")
            }
            return t
        }
        let lower = output.lowercased()
        if lower.hasSuffix(".fountain") || lower.hasSuffix(".spmd") || lower.hasSuffix(".txt") { return .fountain }
        if lower.hasSuffix(".fdx") { return .fdx }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if output == "-" { throw UserError("writing to standard output needs --to fountain|fdx|json|html") }
        throw UserError("cannot tell the output format from '\(output)'; use --to fountain|fdx|json|html")
    }
}
