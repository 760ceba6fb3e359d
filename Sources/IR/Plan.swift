import Parser

/// The plan: a DAG of generator calls and assembly steps, in dependency order (every node's
/// dependencies come before it). Each node carries the content hash of exactly the inputs that
/// affect its output, plus its generator's name and version; never its position in the episode.
/// Documented in docs/plan.md.
public struct Plan: Equatable, Sendable, Codable {
    public static let formatVersion = "scriptc.plan/1"

    public var nodes: [PlanNode]
    /// The node that renders the whole picture cut (`timeline`) and the final file (`mux`).
    public var timeline: Int?
    public var mux: Int?
    public var durationFrames: Int

    public init(nodes: [PlanNode] = [], timeline: Int? = nil, mux: Int? = nil, durationFrames: Int = 0) {
        self.nodes = nodes
        self.timeline = timeline
        self.mux = mux
        self.durationFrames = durationFrames
    }

    /// The nodes of a kind.
    public func nodes(_ kind: PlanNodeKind) -> [PlanNode] { nodes.filter { $0.kind == kind } }
}

public enum PlanNodeKind: String, Equatable, Hashable, Sendable, Codable, CaseIterable {
    // Generator calls.
    case speech, visual, sound, music
    // Assembly steps.
    case mix, timeline, mux

    public var isGenerator: Bool { self == .speech || self == .visual || self == .sound || self == .music }

    /// The generator (or assembler) version folded into the hash. Bump it when a backend's output
    /// for the same inputs changes, and every cached output of that kind is rebuilt.
    public var version: Int {
        switch self {
        case .speech, .visual, .sound, .music, .mix, .timeline, .mux: 1
        }
    }
}

public struct PlanNode: Equatable, Sendable, Codable {
    /// The index of the node in `Plan.nodes`.
    public var id: Int
    public var kind: PlanNodeKind
    public var inputs: PlanInputs
    /// Ids of the nodes this one consumes (always smaller than `id`).
    public var dependencies: [Int]
    public var hash: ContentHash
    /// How long the output lasts.
    public var durationFrames: Int
    /// Where the node came from, for people and tools; not hashed.
    public var sceneID: String?
    public var cutID: String?
    public var range: SourceRange?

    public init(id: Int, kind: PlanNodeKind, inputs: PlanInputs, dependencies: [Int] = [], durationFrames: Int,
                sceneID: String? = nil, cutID: String? = nil, range: SourceRange? = nil) {
        self.id = id
        self.kind = kind
        self.inputs = inputs
        self.dependencies = dependencies
        self.hash = .zero
        self.durationFrames = durationFrames
        self.sceneID = sceneID
        self.cutID = cutID
        self.range = range
    }
}

/// The typed inputs of each node kind. Stored out of line: a node is copied and moved as a few
/// words and one reference.
public indirect enum PlanInputs: Equatable, Sendable, Codable {
    case speech(SpeechRequest)
    case visual(VisualRequest)
    case sound(SoundRequest)
    case music(MusicRequest)
    case mix(MixRequest)
    case timeline(TimelineRequest)
    case mux(MuxRequest)
}

/// `speech(text, voice, prosody)`. Its length is what the generator produces; `estimate-timing`
/// predicts it, the backend measures it (see `MeasuredDurations`).
public struct SpeechRequest: Equatable, Hashable, Sendable, Codable {
    public var text: String
    public var voice: Voice
    public var prosody: Prosody
    public var sung: Bool

    public init(text: String, voice: Voice, prosody: Prosody, sung: Bool = false) {
        self.text = text
        self.voice = voice
        self.prosody = prosody
        self.sung = sung
    }

    /// The content hash of this call: text, voice, prosody (lead-in excluded: that is placement),
    /// and the speech generator version.
    public var contentHash: ContentHash {
        var b = HashBuilder(domain: "")
        hashInputs(into: &b)
        return b.finish()
    }

    /// Restarts `b` with this call's hash input.
    func hashInputs(into b: inout HashBuilder) {
        b.restart(domain: PlanNodeKind.speech.hashDomain)
        b.add(text); b.add(voice.name); b.add(voice.rateWPM); b.add(voice.pitch)
        b.add(prosody.ratePercent); b.add(prosody.pitchOffset); b.add(prosody.volumeDB)
        b.add(prosody.quality.rawValue); b.add(prosody.filter.rawValue); b.add(prosody.emotion)
        b.add(sung)
    }
}

/// A character the picture must show, with the look that keeps it consistent across cuts.
public struct VisualReference: Equatable, Sendable, Codable {
    public var characterID: String
    public var look: String?
    public init(characterID: String, look: String?) {
        self.characterID = characterID
        self.look = look
    }
}

/// A spoken line shown on a card as a burned-in subtitle.
public struct VisualLine: Equatable, Sendable, Codable {
    /// The speaker's display name (the cast name, or the cue as written).
    public var speaker: String
    public var text: String
    /// Without its parentheses.
    public var parenthetical: String?

    public init(speaker: String, text: String, parenthetical: String? = nil) {
        self.speaker = speaker
        self.text = text
        self.parenthetical = parenthetical
    }
}

/// `visual(prompt, style, duration, references, line)`: one storyboard card / shot. A cut with
/// dialogue has one card per spoken line (`line` set, `durationFrames` the line's length) and one
/// for the stretches without dialogue (`line` nil, `durationFrames` their total length).
public struct VisualRequest: Equatable, Sendable, Codable {
    public var prompt: String
    public var shot: Shot
    /// The resolved style, as `key=value` pairs in key order.
    public var style: [String]
    public var durationFrames: Int
    public var references: [VisualReference]
    /// The line spoken while this card is on screen, burned in as a subtitle.
    public var line: VisualLine?
}

/// `sound(effect, duration)`; also ambience beds (`bed == true`).
public struct SoundRequest: Equatable, Sendable, Codable {
    public var effect: String
    public var durationFrames: Int
    public var bed: Bool
}

/// `music(cue, duration)`: one stretch of score within a scene.
public struct MusicRequest: Equatable, Sendable, Codable {
    public var mood: String
    public var tempoBPM: Int
    public var key: String?
    public var instrument: String?
    public var durationFrames: Int
}

public enum MixRole: String, Equatable, Sendable, Codable {
    case dialogue, effects, music, ambience
}

/// One input of a mix, placed relative to the start of the scene.
public struct MixTrack: Equatable, Sendable, Codable {
    /// The id of the node that makes this audio.
    public var node: Int
    public var role: MixRole
    public var startFrame: Int
    public var gainDB: Double
    /// Voice-over lines are dry and centred; off-screen lines are filtered and quieter.
    public var delivery: Delivery?
}

/// `mix`: a scene's audio — dialogue, effects, music ducked under dialogue, ambience.
public struct MixRequest: Equatable, Sendable, Codable {
    public var durationFrames: Int
    public var tracks: [MixTrack]
}

public struct TimelineClip: Equatable, Sendable, Codable {
    /// The visual node.
    public var node: Int
    public var startFrame: Int
    public var durationFrames: Int
    public var transitionIn: Transition
    public var cutID: String
}

public struct TimelineAudio: Equatable, Sendable, Codable {
    /// The scene's mix node.
    public var node: Int
    public var startFrame: Int
    public var sceneID: String
}

/// `timeline`: the whole episode, picture and sound in order, with transitions and captions.
public struct TimelineRequest: Equatable, Sendable, Codable {
    public var durationFrames: Int
    public var clips: [TimelineClip]
    public var audio: [TimelineAudio]
    public var endTransition: Transition?
    /// Where sound segments start after the first (frames, ascending, each a multiple of
    /// `Timebase.audioGridFrames`); empty when `align-segments` is off.
    public var segmentStarts: [Int] = []
}

/// `mux`: encodes the timeline into the deliverable.
public struct MuxRequest: Equatable, Sendable, Codable {
    public var framesPerSecond: Int
    public var durationFrames: Int
}

/// Measured speech lengths fed back by the backend: speech call hash → frames. With them,
/// `estimate-timing` uses the real length of each line instead of the word-rate estimate, and
/// the plan is rebuilt: speech hashes do not change, so only the nodes whose duration moved do.
public struct MeasuredDurations: Equatable, Sendable, Codable {
    public var speechFrames: [ContentHash: Int]
    public init(speechFrames: [ContentHash: Int] = [:]) { self.speechFrames = speechFrames }
}

/// The entry point for the renderer: a backend that executes a plan. Backends implement it;
/// `scriptc build` (without `--emit`) calls it.
public protocol Renderer: Sendable {
    /// Runs the plan and writes the artifacts under `outputDirectory`.
    func render(_ plan: Plan, episode: Episode, outputDirectory: String) throws -> RenderResult
}

public struct RenderResult: Equatable, Sendable, Codable {
    /// The files written, relative to the output directory.
    public var artifacts: [String]
    /// Nodes that ran / were found in the cache.
    public var executed: Int
    public var cached: Int
    /// Measured speech lengths, to feed back into `Compiler.compile(… measured:)`.
    public var measured: MeasuredDurations

    public init(artifacts: [String], executed: Int, cached: Int, measured: MeasuredDurations) {
        self.artifacts = artifacts
        self.executed = executed
        self.cached = cached
        self.measured = measured
    }
}
