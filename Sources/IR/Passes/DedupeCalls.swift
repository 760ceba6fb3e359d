/// Merges nodes with the same content hash (the same line in the same voice, the same effect of
/// the same length, the same card) into one, and renumbers the plan. Needs `hash-calls`; does
/// nothing when hashes are missing.
public struct DedupeCalls: Pass {
    public init() {}
    public var name: String { "dedupe-calls" }
    public var summary: String { "merge calls with identical content hashes" }

    public func run(_ unit: inout CompilationUnit) {
        guard var plan = unit.plan else { return }
        unit.plan = nil
        let count = plan.nodes.count
        var newID = [Int](repeating: -1, count: count)
        var next = 0
        let complete = plan.nodes.withUnsafeBufferPointer { nodes -> Bool in
            for i in 0..<count where nodes[i].hash == .zero { return false }
            // Open addressing on the hash's first word (SHA-256 output is evenly spread): each
            // slot holds the first node with a hash, or -1.
            var capacity = 16
            while capacity < count * 2 { capacity <<= 1 }
            let mask = capacity - 1
            var slots = [Int](repeating: -1, count: capacity)
            slots.withUnsafeMutableBufferPointer { slots in
                newID.withUnsafeMutableBufferPointer { newID in
                    for i in 0..<count {
                        let h = nodes[i].hash
                        var j = Int(truncatingIfNeeded: h.words.0) & mask
                        while true {
                            let k = slots[j]
                            if k < 0 {
                                slots[j] = i
                                newID[i] = next
                                next += 1
                                break
                            }
                            if nodes[k].hash == h {
                                newID[i] = newID[k]
                                break
                            }
                            j = (j + 1) & mask
                        }
                    }
                }
            }
            return true
        }
        guard complete, next < count else {
            unit.plan = plan
            return
        }
        // Renumber in place and compact the kept nodes to the front (moves, no copies).
        newID.withUnsafeBufferPointer { newID in
            plan.nodes.withUnsafeMutableBufferPointer { nodes in
                var write = 0
                for i in 0..<count where newID[i] == write {
                    // Kept: the first node with its hash gets the next new id.
                    if write != i { nodes.swapAt(write, i) }
                    nodes[write].id = write
                    if !nodes[write].dependencies.isEmpty {
                        var deps = nodes[write].dependencies
                        nodes[write].dependencies = []
                        for d in deps.indices { deps[d] = newID[deps[d]] }
                        nodes[write].dependencies = Self.unique(deps)
                    }
                    switch nodes[write].kind {
                    case .mix:
                        guard case .mix(var r) = nodes[write].inputs else { break }
                        nodes[write].inputs = .mux(MuxRequest(framesPerSecond: 0, durationFrames: 0))
                        for t in r.tracks.indices { r.tracks[t].node = newID[r.tracks[t].node] }
                        nodes[write].inputs = .mix(r)
                    case .timeline:
                        guard case .timeline(var r) = nodes[write].inputs else { break }
                        nodes[write].inputs = .mux(MuxRequest(framesPerSecond: 0, durationFrames: 0))
                        for c in r.clips.indices { r.clips[c].node = newID[r.clips[c].node] }
                        for a in r.audio.indices { r.audio[a].node = newID[r.audio[a].node] }
                        nodes[write].inputs = .timeline(r)
                    default:
                        break
                    }
                    write += 1
                }
            }
        }
        plan.nodes.removeLast(count - next)
        plan.timeline = plan.timeline.map { newID[$0] }
        plan.mux = plan.mux.map { newID[$0] }
        unit.plan = plan
    }

    /// `ids` without repeats, in first-seen order (small lists without a set).
    static func unique(_ ids: [Int]) -> [Int] {
        if ids.count > 32 { return BuildPlan.unique(ids) }
        var out: [Int] = []
        out.reserveCapacity(ids.count)
        for id in ids where !out.contains(id) { out.append(id) }
        return out
    }
}
