// Benchmarks for scriptc, run in release builds: `swift run -c release scriptc-bench <name> [options]`.
// Each benchmark prints medians over several runs and a baseline measured in the same run.
// See docs/PERFORMANCE.md for how to run them and the recorded numbers.

let arguments = Array(CommandLine.arguments.dropFirst())
let name = arguments.first ?? "help"
let rest = Array(arguments.dropFirst())
Harness.cpuTime = rest.contains("--cpu-time")

switch name {
// Each benchmark adds one case here and lives in its own file.
case "gen":
    GenCommand.run(rest)
case "parse":
    ParseBench.run(rest)
case "ir":
    IRBench.run(rest)
default:
    print("""
        usage: scriptc-bench <benchmark> [options]
          gen --pages N | --bytes B [--episodes E] [--seed S]   print a generated screenplay
          parse [--memory | --scaling] [--runs N] [--seed S]     Fountain parse throughput
        """)
}
