/// Merges nodes with the same content hash (the same line in the same voice, the same effect of
/// the same length, the same card) into one, and renumbers the plan. Needs `hash-calls`; does
/// nothing when hashes are missing.
public struct DedupeCalls: Pass {
    public init() {}
    public var name: String { "dedupe-calls" }
    public var summary: String { "merge calls with identical content hashes" }

    public func run(_ unit: inout CompilationUnit) {
        guard var plan = unit.plan, !plan.nodes.contains(where: { $0.hash == .zero }) else { return }
        var firstByHash: [ContentHash: Int] = [:]
        var newID = [Int](repeating: -1, count: plan.nodes.count)
        var kept: [PlanNode] = []
        kept.reserveCapacity(plan.nodes.count)
        for node in plan.nodes {
            if let existing = firstByHash[node.hash] {
                newID[node.id] = existing
                continue
            }
            var n = node
            n.id = kept.count
            newID[node.id] = n.id
            firstByHash[node.hash] = n.id
            n.dependencies = BuildPlan.unique(n.dependencies.map { newID[$0] })
            switch n.inputs {
            case .mix(var r):
                for t in r.tracks.indices { r.tracks[t].node = newID[r.tracks[t].node] }
                n.inputs = .mix(r)
            case .timeline(var r):
                for c in r.clips.indices { r.clips[c].node = newID[r.clips[c].node] }
                for a in r.audio.indices { r.audio[a].node = newID[r.audio[a].node] }
                n.inputs = .timeline(r)
            default:
                break
            }
            kept.append(n)
        }
        plan.nodes = kept
        plan.timeline = plan.timeline.map { newID[$0] }
        plan.mux = plan.mux.map { newID[$0] }
        unit.plan = plan
    }
}
