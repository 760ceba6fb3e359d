/// The edit of an episode, independent of the IR: what is on screen when, which sounds play where,
/// which line is spoken when. Times are whole frames at `frameRate`. The build maps its plan onto
/// this; the subtitle and OpenTimelineIO writers read only this.
public struct TimelineSpec: Sendable, Hashable, Codable {
    /// One card on the video track.
    public struct Cut: Sendable, Hashable, Codable {
        public var name: String
        public var startFrame: Int
        public var durationFrames: Int
        /// The card image (or a rendered segment) the cut shows; absolute path.
        public var media: String
        /// The scene heading the cut belongs to.
        public var scene: String
        /// How the picture passes from the cut before into this one, when it is not a hard cut.
        public var transitionIn: CutTransition?

        public init(name: String, startFrame: Int, durationFrames: Int, media: String, scene: String, transitionIn: CutTransition? = nil) {
            self.name = name
            self.startFrame = startFrame
            self.durationFrames = durationFrames
            self.media = media
            self.scene = scene
            self.transitionIn = transitionIn
        }
    }

    /// A picture transition at a cut, over the frames the picture draws it on.
    public struct CutTransition: Sendable, Hashable, Codable {
        /// The IR's transition kind: `crossfade`, `fade`, `fade-in`, `fade-out`, `cut-to-black`, `whip`.
        public var kind: String
        /// As written in the script (`DISSOLVE TO:`), or the kind.
        public var name: String
        /// Frames it takes from the end of the cut before, and from the start of this cut.
        public var beforeFrames: Int
        public var afterFrames: Int

        public init(kind: String, name: String, beforeFrames: Int, afterFrames: Int) {
            self.kind = kind
            self.name = name
            self.beforeFrames = beforeFrames
            self.afterFrames = afterFrames
        }
    }

    /// One sound file placed on an audio track.
    public struct AudioClip: Sendable, Hashable, Codable {
        public var name: String
        public var startFrame: Int
        public var durationFrames: Int
        /// Absolute path of the audio file.
        public var file: String
        /// Where in the file the clip starts (frames).
        public var sourceStartFrame: Int

        public init(name: String, startFrame: Int, durationFrames: Int, file: String, sourceStartFrame: Int = 0) {
            self.name = name
            self.startFrame = startFrame
            self.durationFrames = durationFrames
            self.file = file
            self.sourceStartFrame = sourceStartFrame
        }
    }

    public enum AudioKind: String, Sendable, Hashable, Codable, CaseIterable {
        case dialogue, effects, music
    }

    public struct AudioTrack: Sendable, Hashable, Codable {
        public var kind: AudioKind
        public var clips: [AudioClip]

        public init(kind: AudioKind, clips: [AudioClip]) {
            self.kind = kind
            self.clips = clips
        }
    }

    /// A spoken line, for subtitles.
    public struct Line: Sendable, Hashable, Codable {
        public var speaker: String
        public var text: String
        public var startFrame: Int
        public var durationFrames: Int

        public init(speaker: String, text: String, startFrame: Int, durationFrames: Int) {
            self.speaker = speaker
            self.text = text
            self.startFrame = startFrame
            self.durationFrames = durationFrames
        }
    }

    /// A scene's span, for markers.
    public struct Scene: Sendable, Hashable, Codable {
        public var name: String
        public var startFrame: Int
        public var durationFrames: Int

        public init(name: String, startFrame: Int, durationFrames: Int) {
            self.name = name
            self.startFrame = startFrame
            self.durationFrames = durationFrames
        }
    }

    public var name: String
    public var frameRate: Int
    public var cuts: [Cut]
    public var audioTracks: [AudioTrack]
    public var lines: [Line]
    public var scenes: [Scene]

    public init(
        name: String, frameRate: Int = 24, cuts: [Cut], audioTracks: [AudioTrack] = [], lines: [Line] = [],
        scenes: [Scene] = []
    ) {
        self.name = name
        self.frameRate = frameRate
        self.cuts = cuts
        self.audioTracks = audioTracks
        self.lines = lines
        self.scenes = scenes
    }

    /// The end of the last thing on any track, in frames.
    public var durationFrames: Int {
        let video = cuts.map { $0.startFrame + $0.durationFrames }.max() ?? 0
        let audio = audioTracks.flatMap(\.clips).map { $0.startFrame + $0.durationFrames }.max() ?? 0
        return max(video, audio)
    }

    /// Scenes derived from the cuts' scene names, for timelines built without explicit scenes:
    /// each run of consecutive cuts with the same scene name is one scene.
    public var scenesFromCuts: [Scene] {
        var scenes: [Scene] = []
        for cut in cuts.sorted(by: { $0.startFrame < $1.startFrame }) {
            if let last = scenes.last, last.name == cut.scene {
                scenes[scenes.count - 1].durationFrames = cut.startFrame + cut.durationFrames - last.startFrame
            } else {
                scenes.append(Scene(name: cut.scene, startFrame: cut.startFrame, durationFrames: cut.durationFrames))
            }
        }
        return scenes
    }
}
