/// Resolves the style of every cut from its scopes: episode → scene → cut → line (the lines in
/// the cut). A narrower scope wins per key; each resolved tag keeps the scope and source range it
/// came from. The result is in key order.
public struct ScopeStyles: Pass {
    public init() {}
    public var name: String { "scope-styles" }
    public var summary: String { "resolve episode → scene → cut → line style tags per cut" }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        for s in ep.scenes.indices {
            var base: [StyleKey: StyleTag] = [:]
            for t in ep.style { base[t.value.key] = t }
            // Explicit scene tags win over implicit ones at the same scope.
            for t in ep.scenes[s].style where t.origin == .implicit { base[t.value.key] = t }
            for t in ep.scenes[s].style where t.origin == .explicit { base[t.value.key] = t }
            for c in ep.scenes[s].cuts.indices {
                var merged = base
                for t in ep.scenes[s].cuts[c].style { merged[t.value.key] = t }
                for e in ep.scenes[s].cuts[c].events {
                    if case .dialogue(let d) = e.payload { for t in d.style { merged[t.value.key] = t } }
                }
                ep.scenes[s].cuts[c].resolvedStyle = StyleKey.allCases.compactMap { merged[$0] }
            }
        }
        unit.episode = ep
    }
}
