#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import IR
import Parser

/// `scriptc build FILE [--emit ir|plan] [-o DIR]`: lowers a screenplay to the IR, runs the
/// passes and writes the IR or the plan as JSON (docs/ir.md, docs/plan.md). Without `--emit` it
/// renders the animatic through `BuildCommand.renderer`.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a screenplay to its IR, its plan, or an animatic.",
        discussion: """
            --emit ir writes the typed IR (docs/ir.md); --emit plan writes the hashed DAG of \
            generator calls (docs/plan.md). Output goes to standard output, or with -o DIR to \
            DIR/NAME.ir.json / DIR/NAME.plan.json. Passes: \(PassManager().passNames.joined(separator: ", ")). \
            Diagnostics go to standard error. Exit status: 0 ok, 1 error diagnostics, 2 usage or \
            I/O error, or rendering not available.
            """
    )

    enum Emit: String, ExpressibleByArgument, CaseIterable {
        case ir, plan
    }

    /// The animatic renderer. The Backends module provides it; until it is wired here, `build`
    /// without `--emit` reports that rendering is not available (exit status 2).
    static let renderer: (any Renderer)? = nil

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "What to write instead of rendering: ir or plan.")
    var emit: Emit?

    @Option(name: [.short, .customLong("output")], help: "Output directory.")
    var output: String?

    @Option(name: .long, help: "Print the IR (or the plan, once built) to standard error after this pass. Repeatable.")
    var printAfter: [String] = []

    @Option(name: .long, help: "Skip this pass. Repeatable.")
    var disablePass: [String] = []

    @Option(name: .long, help: "Maximum cut length, e.g. 6s (overrides the title page).")
    var maxCut: String?

    @Flag(name: .long, help: "Write compact JSON instead of indented JSON.")
    var compact = false

    func validate() throws {
        let names = PassManager().passNames
        for name in printAfter + disablePass where !names.contains(name) {
            let hint = EditDistance.closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown pass '\(name)'\(hint) (passes: \(names.joined(separator: ", ")))")
        }
        if let maxCut, Self.frames(maxCut) == nil {
            throw ValidationError("--max-cut takes a length like '6s', '4500ms' or '144f', not '\(maxCut)'")
        }
    }

    /// `6s`, `4500ms`, `144f` in frames at 24 fps.
    static func frames(_ text: String) -> Int? {
        for (suffix, scale) in [("ms", 0.024), ("s", 24.0), ("f", 1.0)] where text.hasSuffix(suffix) {
            if let v = Double(text.dropLast(suffix.count)), v > 0 { return max(1, Int((v * scale).rounded())) }
        }
        return nil
    }

    func run() throws {
        let tree: Screenplay
        do {
            tree = try Loader.load(input.file, format: input.from)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
        let manager = PassManager(disabled: Set(disablePass), printAfter: Set(printAfter))
        let maxCutFrames = maxCut.flatMap(Self.frames)
        let pretty = !compact
        let unit = Compiler.compile(tree, passes: manager, settings: { settings in
            if let maxCutFrames { settings.maxCutFrames = maxCutFrames }
        }, observe: { pass, unit in
            IO.stderr("--- after \(pass) ---\n")
            if let plan = unit.plan {
                IO.write(PlanJSON.encode(plan, episode: unit.episode, pretty: true), to: 2)
            } else {
                IO.write(IRJSON.encode(unit.episode, pretty: true), to: 2)
            }
        })
        let diagnostics = tree.diagnostics + unit.diagnostics
        if !input.quiet { Loader.report(diagnostics, tree: tree) }

        guard let emit else {
            guard Self.renderer != nil else {
                IO.stderr("scriptc: error: rendering is not available yet; use --emit ir or --emit plan\n")
                throw ScriptcExit.usage
            }
            IO.stderr("scriptc: error: rendering is not wired into 'build' yet; use --emit ir or --emit plan\n")
            throw ScriptcExit.usage
        }
        let bytes: [UInt8]
        switch emit {
        case .ir:
            bytes = IRJSON.encode(unit.episode, diagnostics: diagnostics, pretty: pretty)
        case .plan:
            guard let plan = unit.plan else {
                IO.stderr("scriptc: error: no plan was built (is 'build-plan' disabled?)\n")
                throw ScriptcExit.usage
            }
            bytes = PlanJSON.encode(plan, episode: unit.episode, pretty: pretty)
        }
        if let output {
            var base = input.file == "-" ? "stdin" : String(input.file.split(separator: "/").last ?? "episode")
            for ext in [".fountain", ".spmd", ".fdx", ".txt"] where base.lowercased().hasSuffix(ext) {
                base = String(base.dropLast(ext.count))
            }
            let path = "\(output)/\(base).\(emit.rawValue).json"
            if mkdir(output, 0o755) != 0 && errno != EEXIST {
                IO.stderr("scriptc: error: cannot create '\(output)': \(IO.errnoText())\n")
                throw ScriptcExit.usage
            }
            do {
                try IO.writeAtomically(bytes, to: path)
            } catch {
                IO.stderr("scriptc: error: \(error)\n")
                throw ScriptcExit.usage
            }
        } else {
            IO.stdout(bytes)
        }
        if diagnostics.hasErrors { throw ScriptcExit.diagnostics }
    }
}
