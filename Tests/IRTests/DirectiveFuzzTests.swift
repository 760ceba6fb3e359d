import Foundation
import Parser
import ScriptGen
import Testing
@testable import IR

/// Random scripts full of directives, well and badly formed (`FuzzScripts`), through lowering,
/// every pass and the plan: no input may trap, and the plan must stay a well-formed DAG. The
/// seed is fixed; `SCRIPTC_FUZZ_SCRIPTS=N` runs more, and `SCRIPTC_FUZZ_DUMP=FILE` writes each
/// script to FILE before compiling it, so a script that traps is left there.
struct DirectiveFuzzTests {
    @Test func randomDirectivesNeverTrapAndThePlanStaysADAG() {
        let count = ProcessInfo.processInfo.environment["SCRIPTC_FUZZ_SCRIPTS"].flatMap { Int($0) } ?? 1500
        var scripts = FuzzScripts(seed: 20261207)
        var withErrors = 0
        for _ in 0..<count {
            let text = scripts.script()
            if let dump = ProcessInfo.processInfo.environment["SCRIPTC_FUZZ_DUMP"] { try? text.write(toFile: dump, atomically: false, encoding: .utf8) }
            let unit = compile(text)
            if unit.diagnostics.hasErrors { withErrors += 1 }
            guard let plan = unit.plan else {
                Issue.record("no plan for:\n\(text)")
                continue
            }
            let ok = plan.nodes.enumerated().allSatisfy { i, n in n.id == i && n.durationFrames >= 0 && n.dependencies.allSatisfy { $0 < i } }
            #expect(ok, "malformed plan for:\n\(text)")
            #expect(plan.durationFrames == unit.episode.durationFrames)
        }
        // The generator reaches both well-formed and broken scripts.
        #expect(withErrors > count / 10 && withErrors < count)
    }
}
