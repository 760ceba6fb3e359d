import Parser
import ScriptGen

/// `scriptc-bench parse [--memory | --scaling] [--runs N] [--seed S]`: Fountain parse throughput.
///
/// Generates a season (~5 MB, 10 episodes) and a feature (~200 KB) in memory and reports:
/// - throughput in MB/s of `FountainParser.parse` into the syntax tree, and of parse plus
///   resolving the inline content (emphasis runs, notes) of every element: the full tree;
/// - the feature's parse time;
/// - a baseline over the same bytes, measured in the same run: a plain byte loop counting newlines;
/// - linearity: the time for the feature (1×) and for a 25× larger script, and their ratio;
/// - with `--memory`, peak RSS (VmHWM) after parsing the season once in this fresh process.
/// Times are medians of `--runs` runs (default 9, at least 7) after one warm-up run.
enum ParseBench {
    static let seasonBytes = 5_000_000
    static let featureBytes = 200_000

    static func run(_ args: [String]) {
        var seed: UInt64 = 42
        if let s = Harness.option("--seed", in: args) {
            guard let v = UInt64(s) else { Harness.fail("--seed wants an unsigned integer") }
            seed = v
        }
        let runs = max(7, Harness.option("--runs", in: args).flatMap { Int($0) } ?? 9)
        let generator = ScriptGenerator(seed: seed)
        if args.contains("--memory") {
            memory(generator)
            return
        }
        if args.contains("--scaling") {
            scaling(generator, runs: runs)
            return
        }
        #if DEBUG
        print("warning: debug build; run `swift run -c release scriptc-bench parse` for real numbers")
        #endif

        let season = SourceFile(path: "season.fountain", text: generator.season(episodes: 10, bytes: seasonBytes))
        let feature = SourceFile(path: "feature.fountain", text: generator.screenplay(bytes: featureBytes))
        let big = SourceFile(path: "feature25.fountain", text: generator.screenplay(bytes: featureBytes * 25))

        let probe = FountainParser.parse(season)
        print("parse benchmark (seed \(seed), median of \(runs) runs after a warm-up)")
        print("  season:  \(Harness.megabytes(season.bytes.count)), \(probe.elements.count) elements, \(probe.diagnostics.count) diagnostics")
        let featureTree = FountainParser.parse(feature)
        print("  feature: \(Harness.megabytes(feature.bytes.count)), \(featureTree.elements.count) elements")
        print("  25x:     \(Harness.megabytes(big.bytes.count))")

        // Baseline: count newlines in a plain Swift byte loop.
        let baselineTimes = Harness.measure(runs: runs) { blackHole(countNewlines(season.bytes)) }
        let baseline = Harness.median(baselineTimes)
        let seasonTimes = Harness.measure(runs: runs) { blackHole(FountainParser.parse(season)) }
        let seasonParse = Harness.median(seasonTimes)
        let seasonFull = Harness.median(Harness.measure(runs: runs) { blackHole(fullTree(season)) })
        let featureParse = Harness.median(Harness.measure(runs: max(runs, 21)) { blackHole(FountainParser.parse(feature)) })
        let featureFull = Harness.median(Harness.measure(runs: max(runs, 21)) { blackHole(fullTree(feature)) })
        let bigParse = Harness.median(Harness.measure(runs: runs) { blackHole(FountainParser.parse(big)) })

        func rate(_ bytes: Int, _ seconds: Double) -> String {
            Harness.fixed(Double(bytes) / 1_000_000 / seconds, 1) + " MB/s"
        }
        let n = season.bytes.count
        print("")
        print("season, parse to tree:            \(rate(n, seasonParse))  (\(Harness.milliseconds(seasonParse)); best \(rate(n, seasonTimes[0])))")
        print("season, tree + inline content:    \(rate(n, seasonFull))  (\(Harness.milliseconds(seasonFull)))")
        print("baseline, newline-count loop:     \(rate(n, baseline))  (\(Harness.milliseconds(baseline)); best \(rate(n, baselineTimes[0])))")
        print("parse / baseline:                 \(Harness.fixed(seasonParse / baseline, 1))x the time")
        print("feature, parse to tree:           \(Harness.milliseconds(featureParse))  (\(rate(feature.bytes.count, featureParse)))")
        print("feature, tree + inline content:   \(Harness.milliseconds(featureFull))  (\(rate(feature.bytes.count, featureFull)))")
        let ratio = bigParse / featureParse
        let sizeRatio = Double(big.bytes.count) / Double(feature.bytes.count)
        print("linearity: 1x \(Harness.milliseconds(featureParse)), \(Harness.fixed(sizeRatio, 1))x \(Harness.milliseconds(bigParse)), "
            + "ratio \(Harness.fixed(ratio, 1)) (per byte \(Harness.fixed(ratio / sizeRatio, 2)))")
    }

    /// `--scaling`: parse time per byte for 1×, 2×, 5×, 10× and 25× the feature.
    static func scaling(_ generator: ScriptGenerator, runs: Int) {
        var base = 0.0
        for factor in [1, 2, 5, 10, 25] {
            let source = SourceFile(path: "x\(factor).fountain", text: generator.screenplay(bytes: featureBytes * factor))
            let t = Harness.median(Harness.measure(runs: runs) { blackHole(FountainParser.parse(source)) })
            let perByte = t / Double(source.bytes.count)
            if factor == 1 { base = perByte }
            print("\(factor)x: \(Harness.megabytes(source.bytes.count)) \(Harness.milliseconds(t)) "
                + "\(Harness.fixed(Double(source.bytes.count) / 1_000_000 / t, 1)) MB/s, per byte \(Harness.fixed(perByte / base, 2))x the 1x cost")
        }
    }

    /// Parses and resolves the inline content of every element and title-page field.
    static func fullTree(_ source: SourceFile) -> Int {
        let tree = FountainParser.parse(source)
        var total = 0
        for e in tree.elements { total &+= tree.inline(of: e).runs.count }
        if let tp = tree.titlePage {
            for f in tp.fields { total &+= tree.inline(lines: f.lines).runs.count }
        }
        return total
    }

    @inline(never)
    static func countNewlines(_ bytes: [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeBufferPointer { buf in
            for b in buf where b == 0x0A { count += 1 }
        }
        return count
    }

    static func memory(_ generator: ScriptGenerator) {
        let season = SourceFile(path: "season.fountain", text: generator.season(episodes: 10, bytes: seasonBytes))
        let before = Harness.procStatus("VmHWM")
        let tree = FountainParser.parse(season)
        let after = Harness.procStatus("VmHWM")
        let rss = Harness.procStatus("VmRSS")
        blackHole(tree.elements.count)
        guard let before, let after else {
            print("peak RSS: /proc/self/status is not available on this system")
            return
        }
        func mb(_ kb: Int) -> String { Harness.fixed(Double(kb) / 1024, 1) + " MiB" }
        print("season \(Harness.megabytes(season.bytes.count)), \(tree.elements.count) elements")
        print("peak RSS (VmHWM) before parsing: \(mb(before)) (generator and input)")
        print("peak RSS (VmHWM) after parsing once: \(mb(after)); growth \(mb(after - before)) "
            + "(\(Harness.fixed(Double(after - before) * 1024 / Double(season.bytes.count), 1)) bytes per input byte)")
        if let rss { print("current RSS (VmRSS): \(mb(rss))") }
    }
}
