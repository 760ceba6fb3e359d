/// Resolves the style of every cut from its scopes: episode → scene → cut → line (the lines in
/// the cut). A narrower scope wins per key; each resolved tag keeps the scope and source range it
/// came from. The result is in key order.
public struct ScopeStyles: Pass {
    public init() {}
    public var name: String { "scope-styles" }
    public var summary: String { "resolve episode → scene → cut → line style tags per cut" }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        // One slot per style key, in `StyleKey.allCases` order (the order of `resolvedStyle`).
        let keys = StyleKey.allCases
        @inline(__always) func slot(_ k: StyleKey) -> Int { keys.firstIndex(of: k)! }
        let episodeStyle = ep.style
        Parallel.scenes(&ep.scenes) { range, scenes in
            var base = [StyleTag?](repeating: nil, count: keys.count)
            var merged = base
            for s in range {
                for k in base.indices { base[k] = nil }
                for t in episodeStyle { base[slot(t.value.key)] = t }
                // Explicit scene tags win over implicit ones at the same scope.
                for t in scenes[s].style where t.origin == .implicit { base[slot(t.value.key)] = t }
                for t in scenes[s].style where t.origin == .explicit { base[slot(t.value.key)] = t }
                for c in scenes[s].cuts.indices {
                    for k in base.indices { merged[k] = base[k] }
                    for t in scenes[s].cuts[c].style { merged[slot(t.value.key)] = t }
                    for e in scenes[s].cuts[c].events.indices {
                        if case .dialogue(let d) = scenes[s].cuts[c].events[e].payload, !d.style.isEmpty {
                            for t in d.style { merged[slot(t.value.key)] = t }
                        }
                    }
                    var resolved: [StyleTag] = []
                    resolved.reserveCapacity(keys.count)
                    for t in merged { if let t { resolved.append(t) } }
                    scenes[s].cuts[c].resolvedStyle = resolved
                }
            }
        }
        unit.episode = ep
    }
}
