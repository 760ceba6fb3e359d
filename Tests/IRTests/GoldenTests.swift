import Foundation
import Parser
import Testing
@testable import IR

/// Golden IR and plan dumps for the fixtures and for every screenplay in Examples/.
struct GoldenTests {
    static var cases: [(String, String)] {
        var out = [("fixture-directives", Fixtures.directives), ("fixture-craft", Fixtures.craft)]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: RepoPaths.examples.path)) ?? []
        for f in files.sorted() where f.hasSuffix(".fountain") {
            if let data = FileManager.default.contents(atPath: RepoPaths.examples.appendingPathComponent(f).path) {
                out.append(("example-" + String(f.dropLast(".fountain".count)), String(decoding: data, as: UTF8.self)))
            }
        }
        return out
    }

    @Test func goldenDumps() {
        let cases = Self.cases
        #expect(cases.count >= 2)
        for (name, text) in cases {
            let tree = FountainParser.parse(text, path: name + ".fountain")
            let unit = Compiler.compile(tree)
            assertGolden(IRJSON.encode(unit.episode, diagnostics: unit.diagnostics), name + ".ir.json")
            assertGolden(PlanJSON.encode(unit.plan!, episode: unit.episode), name + ".plan.json")
        }
    }
}
