/// Content-hashes every node (SHA-256 over a canonical, tagged serialization): a generator call
/// covers exactly its inputs and its generator's version; an assembly step covers its own
/// parameters and the hashes of what it consumes (a Merkle DAG), never node ids or absolute
/// positions in the episode. Source ranges, scene and cut ids are not hashed.
///
/// Nodes are hashed by depth in the DAG (generator calls, then mixes, then the timeline, then
/// the mux), each depth in parallel: a node's hash depends only on its inputs and on the hashes
/// of shallower nodes, so the result is the same on any number of cores.
public struct HashCalls: Pass {
    public init() {}
    public var name: String { "hash-calls" }
    public var summary: String { "SHA-256 content hash of every call's inputs and generator version" }

    public func run(_ unit: inout CompilationUnit) {
        guard var plan = unit.plan else { return }
        unit.plan = nil
        let count = plan.nodes.count
        plan.nodes.withUnsafeMutableBufferPointer { nodes in
            // Depth of each node: 0 without dependencies, else one more than its deepest.
            var depth = [Int](repeating: 0, count: count)
            var levels: [[Int]] = [[]]
            for i in 0..<count {
                var d = 0
                switch nodes[i].kind {
                case .mix, .timeline:
                    for j in nodes[i].referencedNodes where j < i { d = max(d, depth[j] + 1) }
                default:
                    for j in nodes[i].dependencies where j < i { d = max(d, depth[j] + 1) }
                }
                depth[i] = d
                while levels.count <= d { levels.append([]) }
                levels[d].append(i)
            }
            let shared = UncheckedSendable(nodes)
            for level in levels {
                level.withUnsafeBufferPointer { level in
                    let ids = UncheckedSendable(level)
                    Parallel.chunks(level.count, minChunk: 256) { range in
                        let nodes = shared.value
                        var b = HashBuilder(domain: "")
                        for k in range {
                            let i = ids.value[k]
                            nodes[i].hash = Self.hash(inputs: nodes[i].inputs, dependencies: nodes[i].dependencies,
                                                      hash: { nodes[$0].hash }, builder: &b)
                        }
                    }
                }
            }
        }
        unit.plan = plan
    }

    /// The hash of `node`; its dependencies (earlier in `nodes`) must be hashed already.
    public static func hash(_ node: PlanNode, in nodes: [PlanNode]) -> ContentHash {
        var b = HashBuilder(domain: "")
        return hash(inputs: node.inputs, dependencies: node.dependencies, hash: { nodes[$0].hash }, builder: &b)
    }

    /// The hash of a node from its inputs; `hash(i)` is the hash of node `i`.
    /// `b` is scratch: restarted for each hash, so its buffer is reused.
    static func hash(inputs: PlanInputs, dependencies: [Int], hash hashes: (Int) -> ContentHash,
                     builder b: inout HashBuilder) -> ContentHash {
        switch inputs {
        case .speech(let r):
            r.hashInputs(into: &b)
            return b.finish()
        case .visual(let r):
            b.restart(domain: PlanNodeKind.visual.hashDomain)
            b.add(r.prompt)
            b.add(r.shot.framing?.rawValue); b.add(r.shot.angle?.rawValue); b.add(r.shot.movement?.rawValue)
            b.add(r.shot.speed?.rawValue); b.add(r.shot.subject); b.add(r.shot.description)
            b.add(r.style.count); for s in r.style { b.add(s) }
            b.add(r.durationFrames)
            b.add(r.references.count); for ref in r.references { b.add(ref.characterID); b.add(ref.look) }
            // Last and only when present: a card without a line hashes as before.
            if let line = r.line { b.add(true); b.add(line.speaker); b.add(line.text); b.add(line.parenthetical) }
            return b.finish()
        case .sound(let r):
            b.restart(domain: PlanNodeKind.sound.hashDomain)
            b.add(r.effect); b.add(r.durationFrames); b.add(r.bed)
            return b.finish()
        case .music(let r):
            b.restart(domain: PlanNodeKind.music.hashDomain)
            b.add(r.mood); b.add(r.tempoBPM); b.add(r.key); b.add(r.instrument); b.add(r.durationFrames)
            return b.finish()
        case .mix(let r):
            b.restart(domain: PlanNodeKind.mix.hashDomain)
            b.add(r.durationFrames)
            b.add(r.tracks.count)
            for t in r.tracks {
                b.add(hashes(t.node)); b.add(t.role.rawValue); b.add(t.startFrame); b.add(t.gainDB); b.add(t.delivery?.rawValue)
            }
            return b.finish()
        case .timeline(let r):
            b.restart(domain: PlanNodeKind.timeline.hashDomain)
            b.add(r.durationFrames)
            b.add(r.clips.count)
            for c in r.clips {
                b.add(hashes(c.node)); b.add(c.startFrame); b.add(c.durationFrames)
                b.add(c.transitionIn.kind.rawValue); b.add(c.transitionIn.durationFrames); b.add(c.transitionIn.audioHardStop)
            }
            b.add(r.audio.count)
            for a in r.audio { b.add(hashes(a.node)); b.add(a.startFrame) }
            b.add(r.endTransition?.kind.rawValue); b.add(r.endTransition?.durationFrames ?? 0)
            b.add(r.segmentStarts.count)
            for f in r.segmentStarts { b.add(f) }
            return b.finish()
        case .mux(let r):
            b.restart(domain: PlanNodeKind.mux.hashDomain)
            b.add(r.framesPerSecond); b.add(r.durationFrames)
            for d in dependencies { b.add(hashes(d)) }
            return b.finish()
        }
    }
}

// MARK: The hashing floor

extension HashCalls {
    /// The canonical input of every node of a hashed plan, exactly the bytes `run` digests.
    /// For `scriptc-bench ir`, which times SHA-256 over them alone: the least any middle end
    /// with these hashes must spend, whatever else it does.
    @_spi(Benchmarks) public static func canonicalInputs(_ plan: Plan) -> [[UInt8]] {
        var b = HashBuilder(domain: "")
        return plan.nodes.map { node in
            _ = hash(inputs: node.inputs, dependencies: node.dependencies, hash: { plan.nodes[$0].hash }, builder: &b)
            return b.bytes
        }
    }

    /// SHA-256 of every buffer, split over `threads` threads (default: the pass's) like `run`;
    /// returns the XOR of the digests' first words so the work cannot be optimized away.
    @_spi(Benchmarks) public static func digestAll(_ inputs: [[UInt8]], threads: Int? = nil) -> UInt64 {
        if let threads { return Parallel.$threadOverride.withValue(threads) { digestAll(inputs) } }
        let count = inputs.count
        let chunkCount = Swift.max(1, Swift.min(Parallel.threads * 4, count / 256))
        var folds = [UInt64](repeating: 0, count: chunkCount)
        folds.withUnsafeMutableBufferPointer { folds in
            let shared = UncheckedSendable(folds)
            Parallel.chunks(chunkCount, minChunk: 1) { range in
                let context = HashInput(capacity: 16)
                for k in range {
                    var fold: UInt64 = 0
                    for i in (count * k / chunkCount)..<(count * (k + 1) / chunkCount) {
                        inputs[i].withUnsafeBytes { bytes in
                            guard let p = bytes.baseAddress else { return }
                            fold ^= context.digest(of: p, count: bytes.count).words.0
                        }
                    }
                    shared.value[k] = fold
                }
            }
        }
        return folds.reduce(0, ^)
    }
}

extension PlanNode {
    /// The nodes whose hashes this node's hash reads: its dependencies and the nodes its inputs
    /// name.
    var referencedNodes: [Int] {
        switch inputs {
        case .mix(let r): dependencies + r.tracks.map(\.node)
        case .timeline(let r): dependencies + r.clips.map(\.node) + r.audio.map(\.node)
        default: dependencies
        }
    }
}

extension PlanNodeKind {
    private static let domains: [String] = PlanNodeKind.allCases.map { "\($0.rawValue)/\($0.version)" }

    /// The domain string that opens a node's hash input: the kind and its generator version.
    var hashDomain: String {
        switch self {
        case .speech: Self.domains[0]
        case .visual: Self.domains[1]
        case .sound: Self.domains[2]
        case .music: Self.domains[3]
        case .mix: Self.domains[4]
        case .timeline: Self.domains[5]
        case .mux: Self.domains[6]
        }
    }
}
