import ScriptGen

/// `scriptc-bench gen --pages N | --bytes B [--episodes E] [--seed S]`: prints a generated
/// screenplay (Fountain) on standard output, so scripts and other tools can use the generator.
enum GenCommand {
    static let usage = "usage: scriptc-bench gen --pages N | --bytes B [--episodes E] [--seed S]"

    static func run(_ args: [String]) {
        func number(_ name: String) -> Int? {
            guard let text = Harness.option(name, in: args) else { return nil }
            guard let n = Int(text), n > 0 else { Harness.fail("\(name) wants a positive integer\n\(usage)") }
            return n
        }
        let known: Set<String> = ["--pages", "--bytes", "--episodes", "--seed"]
        var i = 0
        while i < args.count {
            guard known.contains(args[i]) else { Harness.fail("unknown argument '\(args[i])'\n\(usage)") }
            i += 2
        }
        var seed: UInt64 = 1
        if let text = Harness.option("--seed", in: args) {
            guard let s = UInt64(text) else { Harness.fail("--seed wants an unsigned integer") }
            seed = s
        }
        let generator = ScriptGenerator(seed: seed)
        let episodes = number("--episodes")
        if let pages = number("--pages") {
            guard episodes == nil else { Harness.fail("--episodes goes with --bytes\n\(usage)") }
            Harness.write(generator.screenplay(pages: pages))
        } else if let bytes = number("--bytes") {
            if let episodes {
                Harness.write(generator.season(episodes: episodes, bytes: bytes))
            } else {
                Harness.write(generator.screenplay(bytes: bytes))
            }
        } else {
            Harness.fail(usage)
        }
    }
}
