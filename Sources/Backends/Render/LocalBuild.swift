import Foundation
import IR
import Parser

/// The whole build of an episode, in two phases:
///
/// 1. Compile with estimated speech lengths; synthesize every speech call (or find it cached)
///    and measure it.
/// 2. Recompile with the measured lengths (`Compiler.compile(tree, measured:)`): speech hashes
///    stay, so those calls are cached; cuts, music, ambience, mixes and the timeline take the real
///    lengths. Render the rest and publish the deliverables.
///
/// A rebuild after an edit re-synthesizes only the edited lines in phase one, and phase two
/// re-runs only the nodes whose hash changed (the edited scene's cut, music, bed and mix, and the
/// held card and mix of the scene that closes its sound segment), the episode-mix spans around
/// them, the sound segment of the edit (and a neighbour whose join changed), and the final
/// assembly.
public struct LocalBuild {
    public struct Options: Sendable {
        public var jobs: Int
        public var clean: Bool
        public var log: BuildLog
        public var maxCutFrames: Int?
        /// The shortest sound segment (`EpisodeSettings.soundSegmentFrames`; nil keeps the
        /// default minute, 0 encodes the whole track at once). An ffmpeg process costs ≈ 0.17 s
        /// of CPU to start, as much as 12 s of sound.
        public var soundSegmentFrames: Int?
        public var encoderSettings: FFmpegEncoder.Settings

        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, clean: Bool = false, log: BuildLog = .automatic,
                    maxCutFrames: Int? = nil, soundSegmentFrames: Int? = nil,
                    encoderSettings: FFmpegEncoder.Settings = FFmpegEncoder.Settings()) {
            self.jobs = jobs
            self.clean = clean
            self.log = log
            self.maxCutFrames = maxCutFrames
            self.soundSegmentFrames = soundSegmentFrames
            self.encoderSettings = encoderSettings
        }
    }

    /// What a build did.
    public struct Report: Sendable {
        public var artifacts: [String]
        public var durationFrames: Int
        /// Calls run across both phases, and calls found in the cache.
        public var ran: Int
        public var cached: Int
        public var nodes: Int
        public var wallSeconds: Double
        /// The labels of the build nodes that ran (both phases).
        public var ranLabels: [String]
        /// The plan that was rendered (with measured speech lengths) and its diagnostics.
        public var unit: CompilationUnit

        public var summary: BuildSummary {
            var s = BuildSummary(nodes: nodes, ran: ran, cached: cached, wallSeconds: wallSeconds)
            s.episodeFrames = durationFrames
            return s
        }
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Builds `tree` into `outputDirectory`, naming the deliverables after `baseName`.
    public func run(_ tree: Screenplay, baseName: String, outputDirectory: String) throws -> Report {
        let folder = URL(fileURLWithPath: outputDirectory, isDirectory: true)
        let log = options.log
        let held = try BuildCache(outputFolder: folder).lock {
            log.note("build: waiting for another build in '\(outputDirectory)' to finish")
        }
        defer { held.release() }
        let start = Date()
        if options.clean { try BuildCache(outputFolder: folder).clean() }
        let maxCut = options.maxCutFrames, segment = options.soundSegmentFrames
        let configure: (inout EpisodeSettings) -> Void = { settings in
            if let maxCut { settings.maxCutFrames = maxCut }
            if let segment { settings.soundSegmentFrames = max(0, segment) }
        }
        let renderer = LocalRenderer(baseName: baseName, jobs: options.jobs, log: options.log, encoderSettings: options.encoderSettings)

        let estimated = Compiler.compile(tree, settings: configure)
        guard let plan = estimated.plan else { throw RenderError.noPlan }
        let (measured, speech) = try renderer.renderSpeech(plan, outputDirectory: outputDirectory)

        let unit = Compiler.compile(tree, measured: measured, settings: configure)
        guard let final = unit.plan else { throw RenderError.noPlan }
        let (_, summary) = try renderer.renderPlan(final, episode: unit.episode, outputDirectory: outputDirectory)
        // Keep this build's and the previous build's files; drop what older builds left.
        try BuildCache(outputFolder: folder).collect(build: baseName, keys: speech.keys.union(summary.keys), startedAt: start)
        // Speech calls run in phase one appear as cached in phase two.
        let ran = speech.ran + summary.ran
        return Report(artifacts: try Self.artifacts(baseName, in: folder), durationFrames: final.durationFrames,
                      ran: ran, cached: summary.nodes - ran, nodes: summary.nodes,
                      wallSeconds: Date().timeIntervalSince(start), ranLabels: speech.ranLabels + summary.ranLabels, unit: unit)
    }

    static func artifacts(_ base: String, in folder: URL) throws -> [String] {
        ["mp4", "wav", "srt", "vtt", "otio", "plan.json"].map { "\(base).\($0)" }
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }
}
