import Parser

/// What the passes work on: the episode, the plan once built, and the diagnostics so far.
public struct CompilationUnit: Sendable {
    public var episode: Episode
    public var plan: Plan?
    public var diagnostics: [Diagnostic]
    /// Speech lengths measured by a backend (empty on a first build).
    public var measured: MeasuredDurations

    public init(episode: Episode, plan: Plan? = nil, diagnostics: [Diagnostic] = [], measured: MeasuredDurations = MeasuredDurations()) {
        self.episode = episode
        self.plan = plan
        self.diagnostics = diagnostics
        self.measured = measured
    }
}

extension CompilationUnit {
    /// Moves the episode out (leaving a placeholder) so a pass can mutate it in place without a
    /// copy-on-write of the whole tree; the pass stores it back when done.
    mutating func takeEpisode() -> Episode {
        let e = episode
        episode = Episode(sourcePath: e.sourcePath)
        return e
    }
}

/// One step of the middle end. Passes are small value types, each testable alone.
public protocol Pass: Sendable {
    /// The name used by `--print-after` and `--disable-pass`.
    var name: String { get }
    /// One line for `scriptc build --list-passes` and docs.
    var summary: String { get }
    func run(_ unit: inout CompilationUnit)
}

/// Runs passes in order, skipping disabled ones and reporting the unit after the chosen ones.
public struct PassManager: Sendable {
    public var passes: [any Pass]
    public var disabled: Set<String>
    public var printAfter: Set<String>

    public init(passes: [any Pass] = PassManager.standardPasses, disabled: Set<String> = [], printAfter: Set<String> = []) {
        self.passes = passes
        self.disabled = disabled
        self.printAfter = printAfter
    }

    /// The standard pipeline, in order. IR passes first, then the plan passes.
    public static let standardPasses: [any Pass] = [
        ResolveCharacters(), CastVoices(), ImplicitCues(), EstimateTiming(), PlanCuts(), ScopeStyles(),
        AlignSegments(), BuildPlan(), HashCalls(), DedupeCalls(),
    ]

    public var passNames: [String] { passes.map(\.name) }

    /// Runs the pipeline; `observe` is called after each pass named in `printAfter`.
    public func run(_ unit: inout CompilationUnit, observe: (String, CompilationUnit) -> Void = { _, _ in }) {
        for pass in passes where !disabled.contains(pass.name) {
            pass.run(&unit)
            if printAfter.contains(pass.name) { observe(pass.name, unit) }
        }
    }
}

/// The middle end, composed in one place:
///
///     Screenplay ─► Lowering ─► Episode ─► PassManager (resolve-characters, cast-voices,
///     implicit-cues, estimate-timing, plan-cuts, scope-styles, align-segments, build-plan,
///     hash-calls, dedupe-calls) ─► Plan
public enum Compiler {
    public static func compile(
        _ tree: Screenplay, passes: PassManager = PassManager(), measured: MeasuredDurations = MeasuredDurations(),
        settings: ((inout EpisodeSettings) -> Void)? = nil,
        observe: (String, CompilationUnit) -> Void = { _, _ in }
    ) -> CompilationUnit {
        let (episode, diagnostics) = Lowering.lower(tree)
        var unit = CompilationUnit(episode: episode, diagnostics: diagnostics, measured: measured)
        settings?(&unit.episode.settings)
        passes.run(&unit, observe: observe)
        return unit
    }
}
