@_spi(Benchmarks) import IR
import Parser
import ScriptGen

/// `scriptc-bench ir [--runs N] [--seed S] [--no-locality] [--profile]`: the middle end on a
/// generated ~5 MB season.
///
/// Reports, as medians of `--runs` runs (default 7) after one warm-up, measured in the same run:
/// - the baseline: `FountainParser.parse` of the season, and the parse plus every element's
///   inline content (what lowering has to read);
/// - lowering alone, all passes with the plan (lowering included), and `--emit plan` (compile +
///   compact plan JSON), each with its ratio to the parse time (target: compile ≤ 2× parse);
/// - locality: a dialogue line edited in a generated 60-page episode (three places) and in the
///   season: how many speech calls and how many hashes in all change.
enum IRBench {
    static func run(_ args: [String]) {
        var seed: UInt64 = 42
        if let s = Harness.option("--seed", in: args) {
            guard let v = UInt64(s) else { Harness.fail("--seed wants an unsigned integer") }
            seed = v
        }
        let runs = max(3, Harness.option("--runs", in: args).flatMap { Int($0) } ?? 7)
        #if DEBUG
        print("warning: debug build; run `swift run -c release scriptc-bench ir` for real numbers")
        #endif
        let generator = ScriptGenerator(seed: seed)
        let season = SourceFile(path: "season.fountain", text: generator.season(episodes: 10, bytes: 5_000_000))
        let tree = FountainParser.parse(season)
        if args.contains("--profile") {
            // For `perf record` / `valgrind --tool=callgrind`: only the middle end, `--runs` times
            // (1 allowed here, with `--toggle-collect` on `Compiler.compile` for instruction counts).
            let profileRuns = max(1, Harness.option("--runs", in: args).flatMap { Int($0) } ?? 7)
            for _ in 0..<profileRuns { blackHole(Compiler.compile(tree)) }
            return
        }
        let probe = Compiler.compile(tree)
        let plan = probe.plan!
        print("ir benchmark (seed \(seed), median of \(runs) runs after a warm-up)")
        print("  season: \(Harness.megabytes(season.bytes.count)), \(tree.elements.count) elements, \(probe.episode.scenes.count) scenes, "
            + "\(probe.episode.scenes.reduce(0) { $0 + $1.cuts.count }) cuts, \(plan.nodes.count) plan nodes, \(probe.diagnostics.count) IR diagnostics")

        let parse = Harness.median(Harness.measure(runs: runs) { blackHole(FountainParser.parse(season)) })
        // What lowering must read: the parse plus every element's inline content (text and notes).
        let parseInline = Harness.median(Harness.measure(runs: runs) { blackHole(ParseBench.fullTree(season)) })
        let lower = Harness.median(Harness.measure(runs: runs) { blackHole(Lowering.lower(tree)) })
        let compile = Harness.median(Harness.measure(runs: runs) { blackHole(Compiler.compile(tree)) })
        let emit = Harness.median(Harness.measure(runs: runs) {
            let unit = Compiler.compile(tree)
            blackHole(PlanJSON.encode(unit.plan!, episode: unit.episode, pretty: false))
        })
        // The floor of any middle end that hashes these inputs: SHA-256 of the canonical bytes
        // alone, already serialized, on one thread and on the pass's threads.
        let canonical = HashCalls.canonicalInputs(plan)
        let canonicalBytes = canonical.reduce(0) { $0 + $1.count }
        let floorOne = Harness.median(Harness.measure(runs: runs) { blackHole(HashCalls.digestAll(canonical, threads: 1)) })
        let floorAll = Harness.median(Harness.measure(runs: runs) { blackHole(HashCalls.digestAll(canonical)) })
        // Freeing a compiled unit (every IR and plan value), which the compile time includes.
        var releases: [Double] = []
        for _ in 0..<runs {
            var unit: CompilationUnit? = Compiler.compile(tree)
            blackHole(unit!.plan!.nodes.count)
            releases.append(Harness.time { unit = nil })
        }
        let release = Harness.median(releases.sorted())
        func ratio(_ t: Double) -> String { Harness.fixed(t / parse, 2) + "× parse" }
        print("  parse (baseline):           \(Harness.milliseconds(parse))")
        print("  parse + inline content:     \(Harness.milliseconds(parseInline))  (\(ratio(parseInline)))")
        print("  lowering:                   \(Harness.milliseconds(lower))  (\(ratio(lower)))")
        print("  lowering + passes + plan:   \(Harness.milliseconds(compile))  (\(ratio(compile)))")
        print("    of which freeing the unit \(Harness.milliseconds(release))  (\(ratio(release)))")
        print("  + plan JSON (compact):      \(Harness.milliseconds(emit))  (\(ratio(emit)))")
        print("  SHA-256 floor, \(canonical.count) canonical inputs (\(Harness.megabytes(canonicalBytes))) already serialized:")
        print("    one thread                \(Harness.milliseconds(floorOne))  (\(ratio(floorOne)))")
        print("    all threads               \(Harness.milliseconds(floorAll))  (\(ratio(floorAll)))")

        // Per-pass times (each pass on a uniquely owned unit, as in the pipeline).
        var passTimes = [[Double]](repeating: [], count: PassManager.standardPasses.count)
        for _ in 0..<runs {
            let (episode, diagnostics) = Lowering.lower(tree)
            var unit = CompilationUnit(episode: episode, diagnostics: diagnostics)
            for (i, pass) in PassManager.standardPasses.enumerated() {
                passTimes[i].append(Harness.time { pass.run(&unit) })
            }
            blackHole(unit)
        }
        for (i, pass) in PassManager.standardPasses.enumerated() {
            print("    \(pass.name.padding(18)) \(Harness.milliseconds(Harness.median(passTimes[i].sorted())))")
        }

        if args.contains("--no-locality") { return }
        let episodeText = generator.screenplay(pages: 60)
        for (label, text) in [("60-page episode", episodeText), ("season", String(decoding: season.bytes, as: UTF8.self))] {
            for fraction in [3, 2, 1] {
                let (speech, total) = locality(text, pick: { n in fraction == 1 ? n - 2 : n / fraction })
                print("  one-line edit, \(label) (line \(fraction == 1 ? "last" : "1/\(fraction)")): \(speech) speech call, \(total) hashes changed")
            }
        }
    }

    /// Appends words to one dialogue line; returns how many speech calls and hashes in all change.
    static func locality(_ text: String, pick: (Int) -> Int) -> (Int, Int) {
        let tree = FountainParser.parse(text)
        let lines = tree.elements.filter { $0.type == .dialogue && !tree.source($0.range).contains("[[") }
        guard lines.count > 2 else { return (0, 0) }
        let line = lines[pick(lines.count)]
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: Array(" And one more thing, for the record.".utf8), at: line.range.end)
        let before = Compiler.compile(tree).plan!
        let after = Compiler.compile(FountainParser.parse(SourceFile(path: "edited", bytes: bytes))).plan!
        let old = Set(before.nodes.map(\.hash))
        let changed = after.nodes.filter { !old.contains($0.hash) }
        return (changed.filter { $0.kind == .speech }.count, changed.count)
    }
}

extension String {
    fileprivate func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
