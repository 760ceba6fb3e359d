import Foundation
import IR
import Testing

@testable import Backends

/// Counts runs per node label and the peak concurrency, from any thread.
final class RunRecorder: @unchecked Sendable {
    // @unchecked Sendable: all state is guarded by `lock`.
    private let lock = NSLock()
    private var runs: [String] = []
    private var active = 0
    private var activeByLane: [String: Int] = [:]
    private(set) var peak = 0
    private(set) var peakByLane: [String: Int] = [:]

    func enter(_ label: String, lane: String?) {
        lock.lock()
        defer { lock.unlock() }
        runs.append(label)
        active += 1
        peak = max(peak, active)
        if let lane {
            activeByLane[lane, default: 0] += 1
            peakByLane[lane] = max(peakByLane[lane] ?? 0, activeByLane[lane]!)
        }
    }

    func leave(lane: String?) {
        lock.lock()
        defer { lock.unlock() }
        active -= 1
        if let lane { activeByLane[lane, default: 0] -= 1 }
    }

    var ran: [String] {
        lock.lock()
        defer { lock.unlock() }
        return runs.sorted()
    }
}

/// A small graph like a plan's: two cards and a line feed a scene mix and a mux.
///
///     card1 ─┐
///     card2 ─┼─► mux
///     line ──► mix ─┘
enum SampleGraph {
    static func nodes(
        inputs: [String: String], recorder: RunRecorder, delay: Double = 0, lane: BuildNode.Lane = .parallel
    ) -> [BuildNode] {
        func node(_ id: Int, _ label: String, _ deps: [Int], lane: BuildNode.Lane = .parallel) -> BuildNode {
            let own = inputs[label] ?? label
            return BuildNode(
                id: id, key: SHA256.hash(Array("\(label)=\(own)".utf8)).description, fileExtension: "txt", dependencies: deps,
                lane: lane, label: label
            ) { context in
                let laneName: String? = if case .exclusive(let name) = lane { name } else { nil }
                recorder.enter(label, lane: laneName)
                defer { recorder.leave(lane: laneName) }
                if delay > 0 { Thread.sleep(forTimeInterval: delay) }
                // The output is the node's input plus its dependencies' outputs, so a wrong or
                // stale input shows in the final file.
                var text = own
                for dependency in deps.sorted() {
                    text += "+" + (try String(contentsOf: context.inputs[dependency]!, encoding: .utf8))
                }
                try Data(text.utf8).write(to: context.output)
            }
        }
        return [
            node(0, "card1", []),
            node(1, "card2", []),
            node(2, "line", [], lane: lane),
            node(3, "mix", [2]),
            node(4, "mux", [0, 1, 3]),
        ]
    }
}

@Suite("Build executor and cache")
struct BuildExecutorTests {
    static let inputs = ["card1": "kitchen", "card2": "alley", "line": "hello", "mix": "v1", "mux": "h264"]

    @Test("a second run with the same inputs runs nothing; changing one input re-runs it and its dependents only")
    func incremental() throws {
        let folder = try MediaSupport.temporaryFolder("build")
        defer { try? FileManager.default.removeItem(at: folder) }
        let executor = BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet)

        let first = RunRecorder()
        let summary = try executor.run(SampleGraph.nodes(inputs: Self.inputs, recorder: first))
        #expect(summary.ran == 5 && summary.cached == 0)
        #expect(first.ran == ["card1", "card2", "line", "mix", "mux"])

        let second = RunRecorder()
        let again = try executor.run(SampleGraph.nodes(inputs: Self.inputs, recorder: second))
        #expect(again.ran == 0 && again.cached == 5)
        #expect(second.ran.isEmpty)

        var edited = Self.inputs
        edited["line"] = "hello, world"
        let third = RunRecorder()
        let nodes = SampleGraph.nodes(inputs: edited, recorder: third)
        let rebuilt = try executor.run(nodes)
        #expect(third.ran == ["line", "mix", "mux"])
        #expect(rebuilt.ran == 3 && rebuilt.cached == 2)

        // The final output reflects the edit, read through the cache path of the mux node.
        let keys = try BuildExecutor.effectiveKeys(nodes)
        let mux = executor.cache.url(key: keys[4]!, fileExtension: "txt")
        #expect(try String(contentsOf: mux, encoding: .utf8) == "h264+kitchen+alley+v1+hello, world")
        #expect(try MediaSupport.leftovers(in: executor.cache.folder).isEmpty)
    }

    @Test("independent nodes run in parallel up to --jobs; an exclusive lane never overlaps")
    func parallelism() throws {
        let folder = try MediaSupport.temporaryFolder("build-jobs")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Six independent speech-like nodes in one exclusive lane, six free ones.
        let recorder = RunRecorder()
        var nodes: [BuildNode] = []
        for index in 0..<12 {
            let lane: BuildNode.Lane = index < 6 ? .exclusive("speech") : .parallel
            let laneName: String? = index < 6 ? "speech" : nil
            nodes.append(
                BuildNode(id: index, key: "k\(index)", fileExtension: "txt", lane: lane, label: "n\(index)") { context in
                    recorder.enter("n\(index)", lane: laneName)
                    defer { recorder.leave(lane: laneName) }
                    Thread.sleep(forTimeInterval: 0.05)
                    try Data("\(index)".utf8).write(to: context.output)
                })
        }
        let summary = try BuildExecutor(outputFolder: folder, jobs: 3, log: .quiet).run(nodes)
        #expect(summary.ran == 12)
        #expect(recorder.peak == 3)
        #expect(recorder.peakByLane["speech"] == 1)
    }

    @Test("a failing node stops the build with its name; its dependents do not run; nothing partial is cached")
    func failure() throws {
        let folder = try MediaSupport.temporaryFolder("build-fail")
        defer { try? FileManager.default.removeItem(at: folder) }
        struct Boom: Error {}
        let recorder = RunRecorder()
        var nodes = SampleGraph.nodes(inputs: Self.inputs, recorder: recorder)
        nodes[2].run = { context in
            try Data("half".utf8).write(to: context.output)
            throw Boom()
        }
        let executor = BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet)
        #expect {
            _ = try executor.run(nodes)
        } throws: { error in
            "\(error)".contains("line failed")
        }
        #expect(!recorder.ran.contains("mix") && !recorder.ran.contains("mux"))
        let keys = try BuildExecutor.effectiveKeys(nodes)
        #expect(!executor.cache.contains(key: keys[2]!, fileExtension: "txt"))
        #expect(try MediaSupport.leftovers(in: executor.cache.folder).isEmpty)
    }

    @Test("cycles and unknown dependencies are rejected before anything runs")
    func invalidGraphs() throws {
        let folder = try MediaSupport.temporaryFolder("build-invalid")
        defer { try? FileManager.default.removeItem(at: folder) }
        let write: @Sendable (BuildContext) throws -> Void = { try Data().write(to: $0.output) }
        let cycle = [
            BuildNode(id: 0, key: "a", fileExtension: "txt", dependencies: [1], label: "a", run: write),
            BuildNode(id: 1, key: "b", fileExtension: "txt", dependencies: [0], label: "b", run: write),
        ]
        #expect(throws: BuildError.self) { _ = try BuildExecutor(outputFolder: folder, log: .quiet).run(cycle) }
        let dangling = [BuildNode(id: 0, key: "a", fileExtension: "txt", dependencies: [7], label: "a", run: write)]
        #expect(throws: BuildError.self) { _ = try BuildExecutor(outputFolder: folder, log: .quiet).run(dangling) }
    }

    @Test("--clean removes the cache, and the next build runs everything")
    func clean() throws {
        let folder = try MediaSupport.temporaryFolder("build-clean")
        defer { try? FileManager.default.removeItem(at: folder) }
        let executor = BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet)
        _ = try executor.run(SampleGraph.nodes(inputs: Self.inputs, recorder: RunRecorder()))
        try executor.cache.clean()
        #expect(!FileManager.default.fileExists(atPath: executor.cache.folder.path))
        let summary = try executor.run(SampleGraph.nodes(inputs: Self.inputs, recorder: RunRecorder()))
        #expect(summary.ran == 5)
    }

    @Test("publishing a cached output to a deliverable path is atomic and complete")
    func publish() throws {
        let folder = try MediaSupport.temporaryFolder("build-publish")
        defer { try? FileManager.default.removeItem(at: folder) }
        let executor = BuildExecutor(outputFolder: folder, jobs: 1, log: .quiet)
        let nodes = SampleGraph.nodes(inputs: Self.inputs, recorder: RunRecorder())
        _ = try executor.run(nodes)
        let keys = try BuildExecutor.effectiveKeys(nodes)
        let target = folder.appendingPathComponent("ep.txt")
        try executor.cache.publish(key: keys[4]!, fileExtension: "txt", to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "h264+kitchen+alley+v1+hello")
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)
    }

    @Test("the summary line shows the episode length, run and cached counts and wall time")
    func summaryLine() {
        var summary = BuildSummary(nodes: 40, ran: 3, cached: 37, wallSeconds: 1.234)
        summary.episodeFrames = 24 * 125 + 7
        #expect(summary.description == "episode 2:05+7f · 3 calls run, 37 cached (of 40) · 1.23 s")
    }
}

@Suite("Build cache: content identity and collection")
struct BuildCacheTests {
    /// `mix` (content identity) feeds `mux`; `mix` writes `output` whatever its key.
    func graph(mixKey: String, output: String, recorder: RunRecorder) -> [BuildNode] {
        var mix = BuildNode(id: 0, key: mixKey, fileExtension: "txt", label: "mix") { context in
            recorder.enter("mix", lane: nil)
            defer { recorder.leave(lane: nil) }
            try Data(output.utf8).write(to: context.output)
        }
        mix.identity = .content
        let mux = BuildNode(id: 1, key: "mux", fileExtension: "txt", dependencies: [0], label: "mux") { context in
            recorder.enter("mux", lane: nil)
            defer { recorder.leave(lane: nil) }
            try Data(("mux of " + String(contentsOf: context.inputs[0]!, encoding: .utf8)).utf8).write(to: context.output)
        }
        return [mix, mux]
    }

    @Test("one build at a time per output folder: a second waits until the first lets go")
    func folderLock() throws {
        let folder = try MediaSupport.temporaryFolder("build-lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = BuildCache(outputFolder: folder)
        let first = try cache.lock { Issue.record("the first build had to wait") }
        let events = RunRecorder()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                let second = try cache.lock { events.enter("waiting", lane: nil); events.leave(lane: nil) }
                events.enter("locked", lane: nil)
                events.leave(lane: nil)
                second.release()
            } catch {
                Issue.record("second lock: \(error)")
            }
            done.signal()
        }
        // The second build stays blocked while the first holds the folder.
        #expect(done.wait(timeout: .now() + 0.5) == .timedOut)
        #expect(events.ran == ["waiting"])
        first.release()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(events.ran == ["locked", "waiting"])  // sorted: each happened once
        // Released, the folder can be taken again at once.
        let third = try cache.lock { Issue.record("the folder was still held") }
        third.release()
    }

    @Test("a content-identity node that re-runs and writes the same bytes leaves its dependents cached")
    func earlyCutoff() throws {
        let folder = try MediaSupport.temporaryFolder("build-content")
        defer { try? FileManager.default.removeItem(at: folder) }
        let executor = BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet)
        let first = RunRecorder()
        let a = try executor.run(graph(mixKey: "mix-v1", output: "same", recorder: first))
        #expect(first.ran == ["mix", "mux"])

        let second = RunRecorder()
        let b = try executor.run(graph(mixKey: "mix-v2", output: "same", recorder: second))
        #expect(second.ran == ["mix"])
        #expect(b.nodeKeys[1] == a.nodeKeys[1])

        let third = RunRecorder()
        let c = try executor.run(graph(mixKey: "mix-v3", output: "different", recorder: third))
        #expect(third.ran == ["mix", "mux"])
        let mux = executor.cache.url(key: c.nodeKeys[1]!, fileExtension: "txt")
        #expect(try String(contentsOf: mux, encoding: .utf8) == "mux of different")

        // The digest is kept beside the file; a cached run reads it back.
        let fourth = RunRecorder()
        let d = try executor.run(graph(mixKey: "mix-v3", output: "different", recorder: fourth))
        #expect(fourth.ran.isEmpty && d.nodeKeys == c.nodeKeys)
        #expect(FileManager.default.fileExists(atPath: executor.cache.url(key: c.nodeKeys[0]!, fileExtension: "txt.sha256").path))
    }

    @Test("collection keeps the files of each episode's last two builds and drops older ones")
    func collection() throws {
        let folder = try MediaSupport.temporaryFolder("build-collect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = BuildCache(outputFolder: folder)
        try cache.prepare()
        func put(_ name: String) throws { try Data(name.utf8).write(to: cache.folder.appendingPathComponent(name)) }
        func present() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: cache.folder.path).filter { $0 != "builds" })
        }
        for name in ["k1.wav", "k1.wav.sha256", "k2.png", "k2.slot-ab.h264", "k3.mp4", "k4.wav", "other.txt"] { try put(name) }
        let later = Date().addingTimeInterval(1)
        // Build 1 of "ep" uses k1 and k2; build 2 uses k2 and k3; "pilot" uses k4.
        // (The pilot's build started before the files were written, so it removes nothing.)
        try cache.collect(build: "pilot", keys: ["k4"], startedAt: Date().addingTimeInterval(-60))
        #expect(try present().count == 7)
        try cache.collect(build: "ep", keys: ["k1", "k2"], startedAt: later)
        #expect(try present() == ["k1.wav", "k1.wav.sha256", "k2.png", "k2.slot-ab.h264", "k4.wav"])
        try put("k3.mp4")
        try cache.collect(build: "ep", keys: ["k2", "k3"], startedAt: later)
        #expect(try present() == ["k1.wav", "k1.wav.sha256", "k2.png", "k2.slot-ab.h264", "k3.mp4", "k4.wav"])
        // A third build of "ep" drops what only the first used.
        let removed = try cache.collect(build: "ep", keys: ["k3"], startedAt: later)
        #expect(try present() == ["k2.png", "k2.slot-ab.h264", "k3.mp4", "k4.wav"])
        #expect(removed.files == 2)
        // Files newer than the build's start are never removed (another build may be writing).
        try put("k9.wav")
        try cache.collect(build: "ep", keys: ["k3"], startedAt: Date().addingTimeInterval(-60))
        #expect(try present().contains("k9.wav"))
    }
}
