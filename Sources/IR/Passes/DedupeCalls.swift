/// Merges nodes with the same content hash (the same line in the same voice, the same effect of
/// the same length, the same card) into one, and renumbers the plan. Needs `hash-calls`; does
/// nothing when hashes are missing.
public struct DedupeCalls: Pass {
    public init() {}
    public var name: String { "dedupe-calls" }
    public var summary: String { "merge calls with identical content hashes" }

    public func run(_ unit: inout CompilationUnit) {
        guard var plan = unit.plan, !plan.nodes.contains(where: { $0.hash == .zero }) else { return }
        unit.plan = nil
        let count = plan.nodes.count
        var firstByHash: [ContentHash: Int] = [:]
        firstByHash.reserveCapacity(count)
        var newID = [Int](repeating: -1, count: count)
        var keep = [Bool](repeating: false, count: count)
        var next = 0
        for i in 0..<count {
            let h = plan.nodes[i].hash
            if let existing = firstByHash[h] {
                newID[i] = existing
            } else {
                firstByHash[h] = next
                newID[i] = next
                keep[i] = true
                next += 1
            }
        }
        guard next < count else {
            unit.plan = plan
            return
        }
        // Renumber in place, then drop the duplicates (moves, no copies).
        for i in 0..<count {
            guard keep[i] else {
                plan.nodes[i].id = -1
                continue
            }
            plan.nodes[i].id = newID[i]
            if !plan.nodes[i].dependencies.isEmpty {
                plan.nodes[i].dependencies = BuildPlan.unique(plan.nodes[i].dependencies.map { newID[$0] })
            }
            switch plan.nodes[i].kind {
            case .mix:
                guard case .mix(var r) = plan.nodes[i].inputs else { break }
                for t in r.tracks.indices { r.tracks[t].node = newID[r.tracks[t].node] }
                plan.nodes[i].inputs = .mix(r)
            case .timeline:
                guard case .timeline(var r) = plan.nodes[i].inputs else { break }
                for c in r.clips.indices { r.clips[c].node = newID[r.clips[c].node] }
                for a in r.audio.indices { r.audio[a].node = newID[r.audio[a].node] }
                plan.nodes[i].inputs = .timeline(r)
            default:
                break
            }
        }
        plan.nodes.removeAll { $0.id < 0 }
        plan.timeline = plan.timeline.map { newID[$0] }
        plan.mux = plan.mux.map { newID[$0] }
        unit.plan = plan
    }
}
