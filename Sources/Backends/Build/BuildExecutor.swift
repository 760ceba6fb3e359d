import Foundation
import IR

/// Runs a DAG of `BuildNode`s on `jobs` worker threads with a content-addressed cache.
///
/// - A node whose output is already in the cache is skipped (counted as cached).
/// - A node runs when all its dependencies are done, at most `jobs` at once, and at most one per
///   exclusive lane.
/// - Outputs are written to temporaries and renamed into the cache, so a killed build leaves no
///   partial output; the next build sweeps the dead process's temporaries and redoes that node.
/// - The first failure stops new nodes from starting; running ones finish; the error names the
///   node.
///
/// Workers are threads rather than tasks because nodes block (ffmpeg, synthesis): blocking the
/// Swift concurrency pool with them would starve other async work in the process.
public final class BuildExecutor: Sendable {
    public let cache: BuildCache
    public let jobs: Int
    public let log: BuildLog

    public init(outputFolder: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, log: BuildLog = .automatic) {
        cache = BuildCache(outputFolder: outputFolder)
        self.jobs = max(1, jobs)
        self.log = log
    }

    /// Each node's effective key: its own key combined with its dependencies' effective keys.
    /// This is the key a node gets when none of its dependencies has `.content` identity; the
    /// keys a run actually used are in `BuildSummary.nodeKeys`.
    public static func effectiveKeys(_ nodes: [BuildNode]) throws(BuildError) -> [Int: String] {
        var byID: [Int: BuildNode] = [:]
        for node in nodes {
            guard byID[node.id] == nil else { throw BuildError.invalidGraph("node id \(node.id) appears twice") }
            byID[node.id] = node
        }
        var keys: [Int: String] = [:]
        var visiting: Set<Int> = []
        func resolve(_ id: Int) throws(BuildError) -> String {
            if let key = keys[id] { return key }
            guard let node = byID[id] else { throw BuildError.invalidGraph("unknown dependency \(id)") }
            guard visiting.insert(id).inserted else { throw BuildError.invalidGraph("a cycle through node \(id)") }
            var parts: [String] = []
            for dependency in node.dependencies { parts.append(try resolve(dependency)) }
            let key = combinedKey(node.key, parts)
            visiting.remove(id)
            keys[id] = key
            return key
        }
        for node in nodes { _ = try resolve(node.id) }
        return keys
    }

    /// A node's key from its own key and what its dependencies show, in dependency order: the
    /// own key alone for a node without dependencies, else SHA-256 of `own|part|part…`.
    static func combinedKey(_ own: String, _ parts: [String]) -> String {
        guard !parts.isEmpty else { return own }
        return SHA256.hash(Array(([own] + parts).joined(separator: "|").utf8)).description
    }

    /// Runs the graph; returns what ran and what came from the cache.
    public func run(_ nodes: [BuildNode]) throws -> BuildSummary {
        let started = Date()
        _ = try Self.effectiveKeys(nodes)  // validates the graph: unique ids, known dependencies, no cycle
        try cache.prepare()
        cache.removeStaleTemporaries()
        let state = SchedulerState(nodes: nodes, cache: cache)
        log.begin(total: nodes.count)

        let group = DispatchGroup()
        for worker in 0..<min(jobs, max(nodes.count, 1)) {
            group.enter()
            let thread = Thread { [state, log, cache] in
                Self.work(state: state, log: log, cache: cache)
                group.leave()
            }
            thread.name = "scriptc-build-\(worker)"
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        let summary = state.summary(wall: Date().timeIntervalSince(started))
        log.end(summary)
        if let failure = state.failure { throw failure }
        return summary
    }

    private static func work(state: SchedulerState, log: BuildLog, cache: BuildCache) {
        while let job = state.next() {
            let node = job.node
            let final = cache.url(key: job.key, fileExtension: node.fileExtension)
            let temporary = AtomicFile.temporaryURL(for: final)
            let nodeStarted = Date()
            log.started(node.label, progress: state.progress)
            var failure: BuildError?
            var digest: String?
            do {
                try node.run(BuildContext(output: temporary, inputs: job.inputs, key: job.key))
                if FileManager.default.fileExists(atPath: temporary.path) {
                    try AtomicFile.move(temporary, to: final)
                    if node.identity == .content { digest = try ContentDigest.of(final, fresh: true) }
                } else {
                    failure = .missingOutput(label: node.label)
                }
            } catch {
                failure = .nodeFailed(label: node.label, message: "\(error)")
            }
            if failure != nil { try? FileManager.default.removeItem(at: temporary) }
            state.finish(node.id, failure: failure, digest: digest)
            log.finished(node.label, seconds: Date().timeIntervalSince(nodeStarted), failed: failure != nil, progress: state.progress)
        }
    }
}

/// The ready queue and counters, shared by the workers under one lock.
private final class SchedulerState: @unchecked Sendable {
    // @unchecked Sendable: every stored property is read and written only while `condition` is
    // locked (the node list and keys are immutable after init).
    struct Job {
        var node: BuildNode
        var key: String
        var inputs: [Int: URL]
    }

    private let condition = NSCondition()
    private let nodes: [Int: BuildNode]
    /// Effective keys, set when a node becomes ready (its dependencies' identities are known then).
    private var keys: [Int: String] = [:]
    /// The output digests of finished `.content` nodes.
    private var digests: [Int: String] = [:]
    private let cache: BuildCache
    private var remainingDependencies: [Int: Int] = [:]
    private var dependents: [Int: [Int]] = [:]
    private var ready: [Int] = []
    private var busyLanes: Set<String> = []
    private var running = 0
    private var finished = 0
    private var ran = 0
    private var ranLabels: [String] = []
    private var cached = 0
    private(set) var failure: BuildError?
    private let total: Int

    init(nodes list: [BuildNode], cache: BuildCache) {
        var byID: [Int: BuildNode] = [:]
        for node in list { byID[node.id] = node }
        nodes = byID
        self.cache = cache
        total = list.count
        for node in list {
            remainingDependencies[node.id] = Set(node.dependencies).count
            for dependency in Set(node.dependencies) { dependents[dependency, default: []].append(node.id) }
        }
        // Ready in the order given (the plan's order), so progress reads naturally.
        ready = list.filter { remainingDependencies[$0.id] == 0 }.map(\.id)
        for id in ready { keys[id] = nodes[id]!.key }
    }

    /// The key of a node whose dependencies are all done: its own key, then what each
    /// dependency shows (`BuildNode.Identity`). Called with the lock held.
    private func resolveKey(_ id: Int) -> String {
        let node = nodes[id]!
        return BuildExecutor.combinedKey(node.key, node.dependencies.map { dependency in
            nodes[dependency]!.identity == .content ? "content:" + digests[dependency]! : keys[dependency]!
        })
    }

    var progress: (done: Int, total: Int, ran: Int, cached: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (finished, total, ran, cached)
    }

    /// The next node to run, resolving cache hits on the way; nil when the build is over.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if failure != nil || finished == total { return nil }
            if let index = ready.firstIndex(where: { laneFree(nodes[$0]!) }) {
                let id = ready.remove(at: index)
                let node = nodes[id]!
                let key = keys[id]!
                if cache.contains(key: key, fileExtension: node.fileExtension) {
                    if node.identity == .content {
                        do {
                            digests[id] = try ContentDigest.of(cache.url(key: key, fileExtension: node.fileExtension))
                        } catch {
                            // Unreadable: run the node again, which rewrites the file.
                            return startJob(id, node: node, key: key)
                        }
                    }
                    cached += 1
                    complete(id)
                    continue
                }
                return startJob(id, node: node, key: key)
            }
            if running == 0 && ready.isEmpty {
                // Nothing runs, nothing is ready, yet nodes remain: unreachable with a valid graph.
                failure = .invalidGraph("nodes wait on dependencies that never finish")
                condition.broadcast()
                return nil
            }
            condition.wait()
        }
    }

    /// Hands a node to a worker. Called with the lock held.
    private func startJob(_ id: Int, node: BuildNode, key: String) -> Job {
        if case .exclusive(let lane) = node.lane { busyLanes.insert(lane) }
        running += 1
        var inputs: [Int: URL] = [:]
        for dependency in node.dependencies {
            inputs[dependency] = cache.url(key: keys[dependency]!, fileExtension: nodes[dependency]!.fileExtension)
        }
        return Job(node: node, key: key, inputs: inputs)
    }

    func finish(_ id: Int, failure nodeFailure: BuildError?, digest: String?) {
        condition.lock()
        defer { condition.unlock() }
        running -= 1
        if let digest { digests[id] = digest }
        if case .exclusive(let lane) = nodes[id]!.lane { busyLanes.remove(lane) }
        if let nodeFailure {
            if failure == nil { failure = nodeFailure }
        } else {
            ran += 1
            if let label = nodes[id]?.label { ranLabels.append(label) }
            complete(id)
        }
        condition.broadcast()
    }

    /// Marks a node done and releases its dependents. Called with the lock held.
    private func complete(_ id: Int) {
        finished += 1
        for dependent in dependents[id] ?? [] {
            remainingDependencies[dependent]! -= 1
            if remainingDependencies[dependent] == 0 {
                keys[dependent] = resolveKey(dependent)
                ready.append(dependent)
            }
        }
        condition.broadcast()
    }

    private func laneFree(_ node: BuildNode) -> Bool {
        if case .exclusive(let lane) = node.lane { return !busyLanes.contains(lane) }
        return true
    }

    func summary(wall: Double) -> BuildSummary {
        condition.lock()
        defer { condition.unlock() }
        var summary = BuildSummary(nodes: total, ran: ran, cached: cached, wallSeconds: wall)
        summary.ranLabels = ranLabels
        summary.nodeKeys = keys
        return summary
    }
}

/// What a build did.
public struct BuildSummary: Sendable, Hashable, CustomStringConvertible {
    public var nodes: Int
    public var ran: Int
    public var cached: Int
    public var wallSeconds: Double
    /// The labels of the nodes that ran, in the order they finished.
    public var ranLabels: [String] = []
    /// The effective key of each node, by id (its output is `cache.url(key:fileExtension:)`).
    public var nodeKeys: [Int: String] = [:]
    /// The cache keys of every node of the run, ran or cached (what `BuildCache.collect` keeps).
    public var keys: Set<String> { Set(nodeKeys.values) }
    /// Set by the caller: the episode's length, for the summary line.
    public var episodeFrames: Int?
    public var frameRate: Int = 24

    public var description: String {
        var parts: [String] = []
        if let episodeFrames {
            let seconds = episodeFrames / frameRate
            let frames = episodeFrames % frameRate
            parts.append("episode \(seconds / 60):\(String(format: "%02d", seconds % 60))+\(frames)f")
        }
        parts.append("\(ran) calls run, \(cached) cached (of \(nodes))")
        parts.append(String(format: "%.2f s", wallSeconds))
        return parts.joined(separator: " · ")
    }
}

/// The SHA-256 of a cache file, kept beside it as `<file>.sha256` so a cached node's digest is
/// read, not recomputed, on later builds.
enum ContentDigest {
    /// `fresh`: the file was just written, so any sidecar is from an earlier output.
    static func of(_ url: URL, fresh: Bool = false) throws -> String {
        let sidecar = url.appendingPathExtension("sha256")
        if !fresh, let text = try? String(contentsOf: sidecar, encoding: .utf8), text.utf8.count == 64 { return text }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw BuildError.missingOutput(label: url.lastPathComponent) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        let digest = hasher.finalize().description
        try AtomicFile.write(Data(digest.utf8), to: sidecar)
        return digest
    }
}
