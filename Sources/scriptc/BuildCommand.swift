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
/// renders the animatic with the `scriptc-render` executable (see `render()`).
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

    @Option(name: .long, help: "Shortest sound segment, e.g. 60s (the default), or 'off' for one segment and no grid holds.")
    var soundSegment: String?

    @Flag(name: .long, help: "Write compact JSON instead of indented JSON.")
    var compact = false

    @Option(name: .long, help: "Render with at most N jobs at once (default: the number of cores).")
    var jobs: Int?

    @Flag(name: .long, help: "Empty the render cache first.")
    var clean = false

    func validate() throws {
        let names = PassManager().passNames
        for name in printAfter + disablePass where !names.contains(name) {
            let hint = EditDistance.closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown pass '\(name)'\(hint) (passes: \(names.joined(separator: ", ")))")
        }
        if let maxCut, Timebase.frames(length: maxCut) == nil {
            throw ValidationError("--max-cut takes a length like '6s', '4500ms' or '144f', not '\(maxCut)'")
        }
        if let soundSegment, soundSegment != "off", Timebase.frames(length: soundSegment) == nil {
            throw ValidationError("--sound-segment takes a length like '60s' or 'off', not '\(soundSegment)'")
        }
    }

    func run() throws {
        if emit == nil { try render() }
        let tree: Screenplay
        do {
            tree = try Loader.load(input.file, format: input.from)
        } catch {
            IO.stderr("scriptc: error: \(error)\n")
            throw ScriptcExit.usage
        }
        let manager = PassManager(disabled: Set(disablePass), printAfter: Set(printAfter))
        let maxCutFrames = maxCut.flatMap { Timebase.frames(length: $0) }
        let segmentFrames = soundSegment.flatMap { $0 == "off" ? 0 : Timebase.frames(length: $0) }
        let pretty = !compact
        let unit = Compiler.compile(tree, passes: manager, settings: { settings in
            if let maxCutFrames { settings.maxCutFrames = maxCutFrames }
            if let segmentFrames { settings.soundSegmentFrames = segmentFrames }
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

        guard let emit else { throw ScriptcExit.usage }
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

    /// Rendering lives in the `scriptc-render` executable installed next to `scriptc`, so that
    /// the commands that only parse or compile do not load the ~100 shared libraries of the
    /// generators at start-up. `build` without `--emit` replaces this process with it.
    func render() throws {
        guard printAfter.isEmpty, disablePass.isEmpty else {
            IO.stderr("scriptc: error: --print-after and --disable-pass apply to --emit ir|plan only\n")
            throw ScriptcExit.usage
        }
        var arguments = ["scriptc-render", input.file, "-o", output ?? "out"]
        if let jobs { arguments += ["--jobs", String(jobs)] }
        if clean { arguments.append("--clean") }
        if let maxCut { arguments += ["--max-cut", maxCut] }
        if let soundSegment { arguments += ["--sound-segment", soundSegment] }
        if input.quiet { arguments.append("--quiet") }
        let tool = Self.siblingExecutable("scriptc-render")
        guard access(tool, X_OK) == 0 else {
            IO.stderr("scriptc: error: cannot find the renderer '\(tool)'; build it with 'swift build --product scriptc-render' (or 'make build')\n")
            throw ScriptcExit.usage
        }
        var cArgs = arguments.map { strdup($0) } + [nil]
        execv(tool, &cArgs)
        IO.stderr("scriptc: error: cannot run '\(tool)': \(IO.errnoText())\n")
        throw ScriptcExit.usage
    }

    /// The path of `name` in the folder of the running executable.
    static func siblingExecutable(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return name }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[..<slash]) + "/" + name
    }
}
