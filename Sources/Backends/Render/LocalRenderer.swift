import Foundation
import IR

/// The local backend: runs a plan on this machine with espeak-ng, FluidSynth, the procedural
/// effects and ambience, the OpenBLAS mixer, Cairo/Pango cards and the ffmpeg program.
///
/// One `BuildNode` per plan node, keyed by the node's content hash, so the content-addressed cache
/// in `<output>/.cache` skips every call whose inputs did not change:
///
/// | plan node | build node | output |
/// |---|---|---|
/// | `speech` | espeak-ng (exclusive lane "speech") | mono float WAV |
/// | `visual` | `CardRenderer` (a line's card draws it as a subtitle) | PNG card |
/// | `sound` | procedural effect; a bed is a seamless 12 s ambience loop | mono float WAV |
/// | `music` | FluidSynth composer | stereo float WAV |
/// | `mix` | scene mix: dialogue, effects, music ducked under dialogue, ambience, 1 s tail | stereo float WAV |
/// | `timeline` | episode mix: scene mixes on the timeline with crossfades and fades, −16 LUFS, −1 dBTP | stereo 16-bit WAV |
/// | `mux` | three build nodes: the picture (one H.264 slot per card, cached beside it, concatenated per shot, with each transition's frames encoded once and cached beside its last card), the episode mix to AAC, and a stream-copy mux | MP4 |
///
/// The subtitle and OpenTimelineIO exports and the plan JSON are written from the plan after the
/// run. `render` runs one plan; `LocalBuild` runs the two-phase build (speech first, then the plan
/// recompiled with measured speech lengths).
public struct LocalRenderer: Renderer {
    public var jobs: Int
    public var log: BuildLog
    /// Names the deliverables: `<baseName>.mp4`, `.wav`, `.srt`, `.vtt`, `.otio`.
    public var baseName: String
    public var encoderSettings: FFmpegEncoder.Settings

    public init(baseName: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, log: BuildLog = .automatic,
                encoderSettings: FFmpegEncoder.Settings = FFmpegEncoder.Settings()) {
        self.baseName = baseName
        self.jobs = max(1, jobs)
        self.log = log
        self.encoderSettings = encoderSettings
    }

    /// The file name of a node's cached output.
    static func fileExtension(_ kind: PlanNodeKind) -> String {
        switch kind {
        case .visual: "png"
        case .mux: "mp4"
        case .speech, .sound, .music, .mix, .timeline: "wav"
        }
    }

    // MARK: Phase one: speech

    /// Synthesizes (or finds in the cache) every speech call and measures it: speech call hash →
    /// whole frames at 24 fps. Speech hashes do not depend on lengths, so the recompiled plan has
    /// the same speech nodes and the second phase finds them all cached.
    public func renderSpeech(_ plan: Plan, outputDirectory: String) throws -> (MeasuredDurations, BuildSummary) {
        let folder = URL(fileURLWithPath: outputDirectory, isDirectory: true)
        let speech = plan.nodes.filter { $0.kind == .speech }
        let nodes = speech.map { Self.speechNode($0) }
        let executor = BuildExecutor(outputFolder: folder, jobs: jobs, log: log)
        let summary = try executor.run(nodes)
        let keys = summary.nodeKeys
        var measured = MeasuredDurations()
        for node in speech {
            let url = executor.cache.url(key: keys[node.id]!, fileExtension: "wav")
            let file = try SoundFile.openForReading(url.path)
            measured.speechFrames[node.hash] = RenderMapping.videoFrames(audioFrames: file.frameCount)
        }
        return (measured, summary)
    }

    // MARK: The whole plan

    public func render(_ plan: Plan, episode: Episode, outputDirectory: String) throws -> RenderResult {
        try renderPlan(plan, episode: episode, outputDirectory: outputDirectory).result
    }

    /// Runs every node and publishes the deliverables; also returns the executor's summary.
    public func renderPlan(_ plan: Plan, episode: Episode, outputDirectory: String) throws -> (result: RenderResult, summary: BuildSummary) {
        guard let timelineID = plan.timeline, let muxID = plan.mux else { throw RenderError.noPlan }
        let folder = URL(fileURLWithPath: outputDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        BuildCache.removeStaleTemporaries(in: folder)
        let encoder = try FFmpegEncoder(settings: encoderSettings)
        let cards = CardPool()

        var cutIndex: [String: (IR.Scene, IR.Cut)] = [:]
        for scene in episode.scenes { for cut in scene.cuts { cutIndex[cut.id] = (scene, cut) } }

        var nodes: [BuildNode] = []
        nodes.reserveCapacity(plan.nodes.count)
        for node in plan.nodes {
            switch node.inputs {
            case .speech:
                nodes.append(Self.speechNode(node))
            case .visual(let request):
                let located = node.cutID.flatMap { cutIndex[$0] }
                let spec = RenderMapping.card(request, scene: located?.0, cut: located?.1)
                nodes.append(BuildNode(id: node.id, key: "\(node.hash) cards-\(CardRenderer.version)", fileExtension: "png",
                                       label: Self.label(of: node)) { context in
                    try cards.renderPNG(spec, to: context.output)
                })
            case .sound(let request):
                nodes.append(BuildNode(id: node.id, key: node.hash.description, fileExtension: "wav",
                                       label: Self.label(of: node)) { context in
                    try Self.renderSound(request, to: context.output.path)
                })
            case .music(let request):
                nodes.append(BuildNode(id: node.id, key: node.hash.description, fileExtension: "wav", label: Self.label(of: node)) { context in
                    let audio = try MusicGenerator.render(RenderMapping.music(request))
                    try AudioFile.write(audio, to: context.output.path, format: .wavFloat)
                })
            case .mix(let request):
                nodes.append(BuildNode(id: node.id, key: node.hash.description, fileExtension: "wav", dependencies: node.dependencies,
                                       label: Self.label(of: node)) { context in
                    let clips = try RenderMapping.sceneClips(request, inputs: context.inputs)
                    let mixer = Mixer(settings: MixSettings(loudness: nil, format: .wavFloat))
                    _ = try mixer.render(clips: clips, totalFrames: (request.durationFrames + RenderMapping.sceneTailFrames) * RenderMapping.samplesPerFrame,
                                         to: context.output.path)
                })
            case .timeline, .mux:
                break  // below: the episode's sound in spans, the picture and the mux
            }
        }

        // The picture: one slot per card (cached beside it), concatenated per shot, and the
        // transitions drawn frame by frame (each run cached beside its last card).
        guard case .timeline(let timeline) = plan.nodes[timelineID].inputs, case .mux(let muxRequest) = plan.nodes[muxID].inputs,
              let audio = EpisodeAudio(plan: plan) else { throw RenderError.noPlan }
        let clips = timeline.clips.filter { $0.durationFrames > 0 }
        let fps = muxRequest.framesPerSecond
        let pictureFrames = clips.reduce(0) { $0 + $1.durationFrames }
        let pictureID = plan.nodes.count, soundID = plan.nodes.count + 1, spanBase = plan.nodes.count + 2
        // The key names how transition frames are drawn too: a change there redraws the runs and
        // must redo the picture that holds them.
        var pictureKey = "picture \(encoder.identity) \(BlendCompositor.version) fps=\(fps)"
        for clip in clips { pictureKey += " \(clip.node):\(clip.durationFrames)" }
        for clip in timeline.clips where clip.transitionIn.kind != .cut {
            pictureKey += " @\(clip.startFrame)~\(clip.transitionIn.kind.rawValue)/\(clip.transitionIn.durationFrames)"
        }
        if let end = timeline.endTransition { pictureKey += " end~\(end.kind.rawValue)/\(end.durationFrames)" }
        nodes.append(BuildNode(id: pictureID, key: pictureKey, fileExtension: "h264",
                               dependencies: Array(Set(clips.map(\.node))).sorted(), label: "picture") { context in
            func card(_ node: Int) throws -> VideoShot.Source {
                guard let png = context.inputs[node] else { throw RenderError.internalError("card \(node) missing") }
                return .png(png)
            }
            let pieces: [PicturePiece<VideoShot.Source>] = try RenderMapping.pictureGeometry(timeline).map { piece in
                switch piece {
                case .still(let node, let frames): .still(try card(node), frames: frames)
                case .blend(let run): .blend(try run.map { try $0.map(card) })
                }
            }
            try encoder.encodePicture(pieces, frameRate: fps, cache: true, to: context.output)
        })
        nodes += audio.measureNodes(base: spanBase)

        // First run: every generator call, the scene mixes, the picture and the loudness of each span.
        let executor = BuildExecutor(outputFolder: folder, jobs: jobs, log: log)
        let first = try executor.run(nodes)
        let firstKeys = first.nodeKeys
        let gainDB = try audio.gain(blocks: audio.spans.indices.map {
            executor.cache.url(key: firstKeys[audio.measureID($0, base: spanBase)]!, fileExtension: "blocks")
        })

        // Second run: the normalized spans, their AAC segments, the episode WAV and the MP4.
        nodes += audio.spanNodes(base: spanBase, gainDB: gainDB)
        nodes += audio.segmentNodes(base: spanBase, encoder: encoder)
        nodes.append(audio.timelineNode(base: spanBase))
        nodes.append(audio.soundNode(id: soundID, base: spanBase))
        nodes.append(BuildNode(id: muxID, key: plan.nodes[muxID].hash.description + " " + encoder.identity, fileExtension: "mp4",
                               dependencies: [pictureID, soundID], label: "mux") { context in
            guard let video = context.inputs[pictureID], let sound = context.inputs[soundID] else {
                throw RenderError.internalError("picture or sound missing")
            }
            try encoder.mux(video: video, audio: sound, frameRate: fps, frames: pictureFrames, to: context.output)
        })
        var summary = try executor.run(nodes)
        summary.ran += first.ran
        summary.ranLabels = first.ranLabels + summary.ranLabels
        summary.cached = summary.nodes - summary.ran
        summary.wallSeconds += first.wallSeconds
        summary.episodeFrames = plan.durationFrames
        let keys = summary.nodeKeys
        let cache = executor.cache
        func file(_ id: Int) -> URL {
            cache.url(key: keys[id]!, fileExtension: Self.fileExtension(plan.nodes[id].kind))
        }

        // Deliverables, each renamed into place.
        var artifacts: [String] = []
        try cache.publish(key: keys[muxID]!, fileExtension: "mp4", to: folder.appendingPathComponent("\(baseName).mp4"))
        artifacts.append("\(baseName).mp4")
        try cache.publish(key: keys[timelineID]!, fileExtension: "wav", to: folder.appendingPathComponent("\(baseName).wav"))
        artifacts.append("\(baseName).wav")
        let spec = RenderMapping.timelineSpec(name: episode.title ?? baseName, plan: plan, episode: episode) { file($0).path }
        for url in try Exports.write(spec, to: folder, baseName: baseName) { artifacts.append(url.lastPathComponent) }
        try AtomicFile.write(Data(PlanJSON.encode(plan, episode: episode, pretty: true)), to: folder.appendingPathComponent("\(baseName).plan.json"))
        artifacts.append("\(baseName).plan.json")

        var measured = MeasuredDurations()
        for node in plan.nodes where node.kind == .speech {
            if let f = try? SoundFile.openForReading(file(node.id).path) {
                measured.speechFrames[node.hash] = RenderMapping.videoFrames(audioFrames: f.frameCount)
            }
        }
        return (RenderResult(artifacts: artifacts, executed: summary.ran, cached: summary.cached, measured: measured), summary)
    }

    // MARK: Nodes

    /// The progress label of a plan node's build node.
    public static func label(of node: PlanNode) -> String {
        switch node.inputs {
        case .speech(let request):
            "speech \"\(request.text.split(separator: " ").prefix(4).joined(separator: " "))\""
        case .visual: "visual \(node.cutID ?? "#\(node.id)")"
        case .sound(let request): request.bed ? "ambience \(request.effect)" : "sound \(request.effect)"
        case .music(let request): "music \(request.mood) \(node.sceneID ?? "")"
        case .mix: "mix \(node.sceneID ?? "#\(node.id)")"
        case .timeline: "episode wav"
        case .mux: "mux"
        }
    }

    static func speechNode(_ node: PlanNode) -> BuildNode {
        guard case .speech(let request) = node.inputs else { preconditionFailure("not a speech node") }
        return BuildNode(id: node.id, key: node.hash.description, fileExtension: "wav", lane: .exclusive("speech"),
                         label: label(of: node)) { context in
            let audio = try synthesize(RenderMapping.speech(request))
            try AudioFile.write(audio, to: context.output.path, format: .wavFloat)
        }
    }

    /// espeak-ng finds voices by file name: `en-us` is a file, `en-gb` is only a language of the
    /// file `en`. A voice it does not know is retried with the language's base (`en-gb+m3` →
    /// `en+m3`), then with the plain language.
    static func synthesize(_ request: SpeechRequest) throws -> AudioBuffer {
        var candidates = [request.voice]
        let parts = request.voice.split(separator: "+", maxSplits: 1).map(String.init)
        let base = String(parts.first?.split(separator: "-").first ?? "en")
        if parts.count > 1 { candidates.append("\(base)+\(parts[1])") }
        candidates.append(base)
        var lastError: any Error = AudioError.unknownVoice(request.voice)
        for voice in candidates {
            var attempt = request
            attempt.voice = voice
            let result = Result { () throws(AudioError) -> AudioBuffer in try SpeechGenerator.render(attempt).audio }
            switch result {
            case .success(let audio): return audio
            case .failure(let error):
                guard case .unknownVoice = error else { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    static func renderSound(_ request: SoundRequest, to path: String) throws {
        let seed = StableHash.of(request.effect)
        let audio: AudioBuffer
        if request.bed {
            // The bed is a seamless loop; the scene mix tiles it to the scene's length.
            let (setting, time) = RenderMapping.ambience(bed: request.effect)
            audio = AmbienceGenerator.loop(setting: setting, time: time, seed: seed)
        } else if let effect = RenderMapping.effect(named: request.effect) {
            let seconds = request.durationFrames > 0 ? RenderMapping.seconds(frames: request.durationFrames) : nil
            audio = try SoundEffectGenerator.render(SoundEffectRequest(effect: effect, durationSeconds: seconds, seed: seed))
        } else {
            // An effect the library does not have: silence of the requested length keeps the mix valid.
            let frames = max(1, request.durationFrames) * RenderMapping.samplesPerFrame
            audio = AudioBuffer(silenceFrames: frames, channelCount: 1, sampleRate: Mixer.sampleRate)
        }
        try AudioFile.write(audio, to: path, format: .wavFloat)
    }
}

/// One card renderer (its private font configuration is built once), used by one node at a time.
final class CardPool: @unchecked Sendable {
    private let lock = NSLock()
    private var renderer: CardRenderer?

    func renderPNG(_ spec: CardSpec, to url: URL) throws {
        lock.lock()
        defer { lock.unlock() }
        if renderer == nil { renderer = try CardRenderer() }
        _ = try renderer!.renderPNG(spec, to: url)
    }
}
