import Foundation
import Parser
import Testing

/// `FountainPrinter.print(parse(x)) == x` byte for byte, and the tree's structural invariants.
@Suite("Round trip and invariants")
struct RoundTripTests {
    private func check(_ bytes: [UInt8], _ label: @autoclosure () -> String) {
        let tree = ParseSupport.parse(bytes)
        let printed = FountainPrinter.print(tree)
        #expect(printed == bytes, "round trip differs for \(label()) «\(ParseSupport.escaped(bytes))»")
        let problems = TreeInvariants.violations(tree)
        #expect(problems.isEmpty, "\(label()) «\(ParseSupport.escaped(bytes))»: \(problems.prefix(5).joined(separator: "; "))")
    }

    @Test("every conformance input", arguments: ConformanceCases.all)
    func conformanceInputs(_ c: ConformanceCase) {
        check(Array(c.source.utf8), c.testDescription)
        for ending in ["\r\n", "\r"] where c.source.contains("\n") {
            check(Array(ParseSupport.withLineEnding(c.source, ending).utf8), "\(c.testDescription) with \(ParseSupport.escaped(ending))")
        }
    }

    @Test("every file in Examples/")
    func examples() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        var count = 0
        for case let url as URL in walker where url.pathExtension.lowercased() == "fountain" {
            let data = try Data(contentsOf: url)
            check([UInt8](data), url.lastPathComponent)
            count += 1
        }
        if manager.fileExists(atPath: root.path) {
            let all = (try? manager.subpathsOfDirectory(atPath: root.path))?.filter { $0.hasSuffix(".fountain") } ?? []
            #expect(count == all.count, "every .fountain file under Examples/ is checked")
        }
    }

    @Test("600 fragment-built inputs (seed 0x5EED)")
    func fragments() throws {
        var fuzzer = FragmentFuzzer(seed: 0x5EED)
        for index in 0..<600 {
            let bytes = fuzzer.next()
            check(bytes, "fragment input #\(index)")
            // The JSON form stays valid JSON whatever the input.
            let json = try ParseSupport.json(ParseSupport.parse(bytes))
            #expect(json["elements"] is [Any], "fragment input #\(index): JSON has no elements array")
        }
    }
}
