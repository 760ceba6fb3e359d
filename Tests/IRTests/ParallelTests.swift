import Foundation
import Parser
import ScriptGen
import Testing
@testable import IR

/// The passes split scenes and plan nodes into chunks on all cores; the result must not depend on
/// the split.
@Suite struct ParallelTests {
    @Test func chunksCoverEveryIndexOnce() {
        for threads in [1, 2, 3, 16] {
            Parallel.$threadOverride.withValue(threads) {
                for count in [0, 1, 5, 31, 32, 100, 1000, 10_007] {
                    for minChunk in [1, 16, 256] {
                        var seen = [Int](repeating: 0, count: count)
                        seen.withUnsafeMutableBufferPointer { seen in
                            let shared = UncheckedSendable(seen)
                            Parallel.chunks(count, minChunk: minChunk) { range in
                                for i in range { shared.value[i] += 1 }
                            }
                        }
                        #expect(seen.allSatisfy { $0 == 1 }, "threads \(threads), count \(count), minChunk \(minChunk)")
                    }
                }
            }
        }
    }

    /// One thread, a few, and so many that build-plan makes a chunk per scene: the same IR and plan.
    @Test func oneThreadAndManyGiveTheSameIRAndPlan() throws {
        let scripts = [
            ScriptGenerator(seed: 7).screenplay(pages: 60),
            try String(contentsOf: RepoPaths.examples.appendingPathComponent("pilot.fountain"), encoding: .utf8),
        ]
        for text in scripts {
            let serial = Parallel.$threadOverride.withValue(1) { compile(text) }
            for threads in [2, 3, 64] {
                let parallel = Parallel.$threadOverride.withValue(threads) { compile(text) }
                #expect(parallel.episode == serial.episode, "threads \(threads)")
                #expect(parallel.plan == serial.plan, "threads \(threads)")
                #expect(parallel.diagnostics == serial.diagnostics, "threads \(threads)")
            }
        }
    }

    /// hash-calls hashes by depth, in parallel: every hash equals the node hashed alone, in order.
    @Test func hashesByDepthEqualHashesOneByOne() throws {
        let plan = try #require(compile(ScriptGenerator(seed: 3).screenplay(pages: 30)).plan)
        for node in plan.nodes {
            #expect(HashCalls.hash(node, in: plan.nodes) == node.hash)
        }
        #expect(plan.nodes.enumerated().allSatisfy { $0.offset == $0.element.id })
    }
}
