import Parser

/// Time in the IR is counted in integer **frames at 24 fps** (`…Frames` fields): every duration
/// and offset is frame-accurate, adds up exactly, and hashes identically on every machine.
/// Directive values in seconds or milliseconds are converted once, rounding to the nearest frame
/// (`1.5s` = 36 frames, `500ms` = 12 frames).
public enum Timebase {
    public static let framesPerSecond = 24

    /// The frame count nearest to `milliseconds`.
    public static func frames(milliseconds: Int) -> Int { (milliseconds * framesPerSecond + 500) / 1000 }

    /// The frame count nearest to `seconds`.
    public static func frames(seconds: Double) -> Int { Int((seconds * Double(framesPerSecond)).rounded()) }

    /// A length written on the command line, `6s`, `4500ms` or `144f`, in frames (at least 1);
    /// nil when it is not a positive number with one of those units.
    public static func frames(length text: String) -> Int? {
        for (suffix, scale) in [("ms", 0.024), ("s", 24.0), ("f", 1.0)] where text.hasSuffix(suffix) {
            if let v = Double(text.dropLast(suffix.count)), v > 0, v.isFinite, v * scale < Double(Int32.max) {
                return max(1, Int((v * scale).rounded()))
            }
        }
        return nil
    }

    /// Milliseconds of a frame count (rounded), for outputs that want wall-clock units.
    public static func milliseconds(frames: Int) -> Int { (frames * 1000 + framesPerSecond / 2) / framesPerSecond }

    /// The shortest length, in frames, that is also a whole number of AAC frames (1,024 samples)
    /// at 48 kHz: 64 frames = 128,000 samples = 125 AAC frames = 2⅔ s. Sound segments start on
    /// multiples of it (`align-segments`), so a shift by whole grid steps leaves later AAC
    /// packets byte-identical.
    public static let audioGridFrames = 64
}

/// One episode: the root of the IR. Produced by `Lowering`, refined by the passes.
public struct Episode: Equatable, Sendable, Codable {
    /// The source file the episode was lowered from.
    public var sourcePath: String
    /// The title-page `Title`, first line, plain text.
    public var title: String?
    /// Every title-page field, in order.
    public var metadata: [MetadataField]
    public var settings: EpisodeSettings
    public var cast: [CastMember]
    /// Episode-scope style tags (title-page keys and `@style` before the first scene).
    public var style: [StyleTag]
    /// Episode-scope ambience default (`@ambience` before the first scene).
    public var ambience: Ambience?
    public var scenes: [Scene]
    /// A transition after the last scene (`FADE OUT.` at the end).
    public var endTransition: Transition?

    public init(sourcePath: String) {
        self.sourcePath = sourcePath
        self.title = nil
        self.metadata = []
        self.settings = EpisodeSettings()
        self.cast = []
        self.style = []
        self.ambience = nil
        self.scenes = []
        self.endTransition = nil
    }

    /// The cast member with `id`, if any.
    public func character(_ id: String) -> CastMember? { cast.first { $0.id == id } }

    /// The total running time of the episode.
    public var durationFrames: Int { scenes.reduce(0) { $0 + $1.durationFrames } }
}

public struct MetadataField: Equatable, Sendable, Codable {
    /// As written, e.g. `Draft date`.
    public var key: String
    /// Plain text, lines joined by `\n`.
    public var value: String
    public var range: SourceRange
    public init(key: String, value: String, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }
}

/// Knobs of the planning passes. Title-page keys (`Max cut`, `Establishing`) and command-line
/// options set them.
public struct EpisodeSettings: Equatable, Sendable, Codable {
    /// The longest a planned cut may run before `plan-cuts` splits it (default 8 s).
    public var maxCutFrames: Int = 8 * Timebase.framesPerSecond
    /// The length of an establishing shot on a new location (default 2 s).
    public var establishingFrames: Int = 2 * Timebase.framesPerSecond
    /// The espeak-ng language used for voices cast from the name (default `en-us`).
    public var voiceLanguage: String = "en-us"
    /// The shortest sound segment (default 60 s; 0 turns segments off). `align-segments` closes
    /// a segment at the first scene end at least this long after the previous one, and holds that
    /// scene's last cut so the segment's length is a multiple of `Timebase.audioGridFrames`.
    public var soundSegmentFrames: Int = 60 * Timebase.framesPerSecond
    public init() {}
}

/// A speaking (or sung, or cast) character.
public struct CastMember: Equatable, Sendable, Codable {
    /// The canonical name in upper case, e.g. `MARGO`. Unique within the cast.
    public var id: String
    /// The name as first written (cue or `@cast`), e.g. `McKENNA`.
    public var name: String
    /// Other names that resolve to this character (from `@cast aliases=`).
    public var aliases: [String]
    /// Cue extensions seen on this character's cues, normalized (`V.O.`, `O.S.`, `CONT'D`).
    public var extensionsSeen: [String]
    /// What `@cast` asked for; `cast-voices` fills in the rest.
    public var requestedVoice: VoiceRequest?
    public var voice: Voice?
    /// Where the voice came from.
    public var voiceSource: VoiceSource
    /// A visual description for the generators (`@cast … look="…"`).
    public var look: String?
    /// The number of dialogue lines (and lyrics) spoken.
    public var lineCount: Int
    /// The `@cast` directive, or the first cue.
    public var range: SourceRange?

    public init(id: String, name: String, range: SourceRange?) {
        self.id = id
        self.name = name
        self.aliases = []
        self.extensionsSeen = []
        self.requestedVoice = nil
        self.voice = nil
        self.voiceSource = .unassigned
        self.look = nil
        self.lineCount = 0
        self.range = range
    }
}

/// The parts of a voice a `@cast` directive fixed.
public struct VoiceRequest: Equatable, Sendable, Codable {
    public var name: String?
    public var rateWPM: Int?
    public var pitch: Int?
    public init(name: String? = nil, rateWPM: Int? = nil, pitch: Int? = nil) {
        self.name = name
        self.rateWPM = rateWPM
        self.pitch = pitch
    }
}

public enum VoiceSource: String, Equatable, Sendable, Codable {
    case unassigned, explicit, derived
}

/// An espeak-ng voice: `en-us+f3` (language + variant), speaking rate in words per minute
/// (80–450) and pitch (0–99, 50 is the voice's normal).
public struct Voice: Equatable, Hashable, Sendable, Codable {
    public var name: String
    public var rateWPM: Int
    public var pitch: Int
    public init(name: String, rateWPM: Int = 175, pitch: Int = 50) {
        self.name = name
        self.rateWPM = rateWPM
        self.pitch = pitch
    }
}

public enum Setting: String, Equatable, Sendable, Codable {
    case interior, exterior, interiorExterior = "interior-exterior", unspecified
}

public enum TimeOfDay: String, Equatable, Sendable, Codable, CaseIterable {
    case day, night, morning, afternoon, evening, dawn, dusk, continuous, later
    case momentsLater = "moments-later"
    case same, unspecified
}

public struct Scene: Equatable, Sendable, Codable {
    /// Stable across edits elsewhere in the script: `s` + the scene number when written (`s12A`),
    /// else a slug of the heading plus its occurrence count (`int-kitchen-night`,
    /// `int-kitchen-night-2`).
    public var id: String
    /// The heading as written (plain text).
    public var heading: String
    public var setting: Setting
    /// The heading's location, e.g. `HATTIE'S HOUSE - KITCHEN`.
    public var location: String
    public var timeOfDay: TimeOfDay
    /// The time-of-day segment as written, e.g. `NIGHT`, `THREE WEEKS LATER`.
    public var timeOfDayText: String?
    public var sceneNumber: String?
    /// Scene-scope style tags (explicit `@style` after the heading, then implicit palette).
    public var style: [StyleTag]
    public var ambience: Ambience?
    public var cuts: [Cut]
    public var range: SourceRange
    /// Set by `align-segments` on a scene that ends a sound segment: the frames its last cut was
    /// held to reach the grid (0…63). Nil on every other scene.
    public var segmentPadFrames: Int?

    public init(id: String, heading: String, range: SourceRange) {
        self.id = id
        self.heading = heading
        self.setting = .unspecified
        self.location = ""
        self.timeOfDay = .unspecified
        self.timeOfDayText = nil
        self.sceneNumber = nil
        self.style = []
        self.ambience = nil
        self.cuts = []
        self.range = range
        self.segmentPadFrames = nil
    }

    public var durationFrames: Int { cuts.reduce(0) { $0 + $1.durationFrames } }
}

/// The sound bed under a scene.
public struct Ambience: Equatable, Sendable, Codable {
    /// A bed name, e.g. `room-tone-night`, `exterior-day`; `none` turns the bed off.
    public var bed: String
    public var gainDB: Double
    public var origin: CueOrigin
    public var range: SourceRange?
    public init(bed: String, gainDB: Double = -18, origin: CueOrigin, range: SourceRange? = nil) {
        self.bed = bed
        self.gainDB = gainDB
        self.origin = origin
        self.range = range
    }
}

/// Whether a cue was written as a directive or inferred from screenplay craft.
public enum CueOrigin: String, Equatable, Sendable, Codable {
    case explicit, implicit
}

/// Why a cut exists.
public enum CutOrigin: String, Equatable, Sendable, Codable {
    /// Lowered from the script, not planned yet.
    case lowered
    /// An explicit `@shot`.
    case explicit
    /// An establishing shot on a new location.
    case establishing
    /// One action beat.
    case action
    /// A dialogue line on its speaker (shot / reverse shot).
    case dialogue
    /// A long cut split at the maximum cut length.
    case continuation
}

public struct Cut: Equatable, Sendable, Codable {
    /// `<scene id>/<index>`; assigned by `plan-cuts`.
    public var id: String
    public var origin: CutOrigin
    public var shot: Shot
    /// How this cut begins (the transition written before it).
    public var transitionIn: Transition
    public var durationFrames: Int
    /// Cut-scope style tags (`@style` before the action or line this cut starts with).
    public var style: [StyleTag]
    /// The effective style after `scope-styles`: episode → scene → cut → line, later wins per key.
    public var resolvedStyle: [StyleTag]
    public var events: [Event]
    public var range: SourceRange?

    public init(id: String = "", origin: CutOrigin, shot: Shot = Shot(), transitionIn: Transition = .cut, range: SourceRange? = nil) {
        self.id = id
        self.origin = origin
        self.shot = shot
        self.transitionIn = transitionIn
        self.durationFrames = 0
        self.style = []
        self.resolvedStyle = []
        self.events = []
        self.range = range
    }
}

public struct Shot: Equatable, Sendable, Codable {
    public var framing: Framing?
    public var angle: CameraAngle?
    public var movement: CameraMovement?
    public var speed: MovementSpeed?
    /// Who or what the camera is on: a character id, or free text (`the mast`).
    public var subject: String?
    /// Free words of the shot that are not framing, angle, movement or subject.
    public var description: String
    /// An explicit length (`4s`), which overrides the sum of the cut's events.
    public var durationFrames: Int?
    /// The `@shot` directive.
    public var range: SourceRange?

    public init(
        framing: Framing? = nil, angle: CameraAngle? = nil, movement: CameraMovement? = nil, speed: MovementSpeed? = nil,
        subject: String? = nil, description: String = "", durationFrames: Int? = nil, range: SourceRange? = nil
    ) {
        self.framing = framing
        self.angle = angle
        self.movement = movement
        self.speed = speed
        self.subject = subject
        self.description = description
        self.durationFrames = durationFrames
        self.range = range
    }
}

public enum Framing: String, Equatable, Sendable, Codable, CaseIterable {
    case extremeWide = "extreme-wide", wide, full, mediumWide = "medium-wide", medium
    case mediumClose = "medium-close", close, extremeClose = "extreme-close"
    case overTheShoulder = "over-the-shoulder", twoShot = "two-shot", insert, pov, establishing
}

public enum CameraAngle: String, Equatable, Sendable, Codable, CaseIterable {
    case eyeLevel = "eye-level", highAngle = "high-angle", lowAngle = "low-angle", overhead, dutch, aerial
}

public enum CameraMovement: String, Equatable, Sendable, Codable, CaseIterable {
    case hold, pushIn = "push-in", pullOut = "pull-out", pan, panLeft = "pan-left", panRight = "pan-right"
    case tilt, tiltUp = "tilt-up", tiltDown = "tilt-down", dollyIn = "dolly-in", dollyOut = "dolly-out"
    case truck, crane, craneUp = "crane-up", craneDown = "crane-down", handheld, steadicam
    case zoomIn = "zoom-in", zoomOut = "zoom-out", follow, track, whipPan = "whip-pan", orbit
}

public enum MovementSpeed: String, Equatable, Sendable, Codable, CaseIterable {
    case slow, fast
}

public enum TransitionKind: String, Equatable, Sendable, Codable, CaseIterable {
    /// A hard cut (also the default between cuts).
    case cut
    /// A crossfade of picture and sound.
    case crossfade
    /// Fade to black, then up from black.
    case fade
    /// Up from black (`FADE IN:`).
    case fadeIn = "fade-in"
    /// Down to black (`FADE OUT.`, `FADE TO BLACK.`).
    case fadeOut = "fade-out"
    /// Hard cut to black (`CUT TO BLACK.`).
    case cutToBlack = "cut-to-black"
    /// A whip pan into the next cut.
    case whip
    /// The next cut wipes across the picture, left to right (`WIPE TO:`).
    case wipe
    /// Out of black through a growing circle (`IRIS IN`).
    case irisIn = "iris-in"
    /// Down to black through a shrinking circle (`IRIS OUT`).
    case irisOut = "iris-out"
}

public struct Transition: Equatable, Sendable, Codable {
    public var kind: TransitionKind
    public var durationFrames: Int
    /// Sound stops dead at the cut (`SMASH CUT TO:`).
    public var audioHardStop: Bool
    /// The transition as written, when it came from the script.
    public var text: String?
    public var range: SourceRange?

    public init(kind: TransitionKind, durationFrames: Int = 0, audioHardStop: Bool = false, text: String? = nil, range: SourceRange? = nil) {
        self.kind = kind
        self.durationFrames = durationFrames
        self.audioHardStop = audioHardStop
        self.text = text
        self.range = range
    }

    public static let cut = Transition(kind: .cut)
}

/// Where a style tag applies. Narrower scopes win over wider ones.
public enum StyleScope: String, Equatable, Sendable, Codable, Comparable {
    case episode, scene, cut, line
    private var rank: Int {
        switch self {
        case .episode: 0
        case .scene: 1
        case .cut: 2
        case .line: 3
        }
    }
    public static func < (a: StyleScope, b: StyleScope) -> Bool { a.rank < b.rank }
}

public enum StyleKey: String, Equatable, Sendable, Codable, CaseIterable {
    case palette, grain, lens, lighting, aspect, card
}

public enum Palette: String, Equatable, Sendable, Codable, CaseIterable {
    case noir, pastel, warm, cool, sepia, neon, muted, vivid, monochrome, daylight, moonlight, tungsten, golden
}

public enum Grain: String, Equatable, Sendable, Codable, CaseIterable {
    case none, super8 = "8mm", film16 = "16mm", film35 = "35mm", film65 = "65mm", digital, vhs
}

public enum Lighting: String, Equatable, Sendable, Codable, CaseIterable {
    case natural, highKey = "high-key", lowKey = "low-key", hard, soft, silhouette, practical
}

public enum AspectRatio: String, Equatable, Sendable, Codable, CaseIterable {
    case academy = "4:3", widescreen = "16:9", flat = "1.85:1", scope = "2.39:1", square = "1:1"
}

public enum CardLook: String, Equatable, Sendable, Codable, CaseIterable {
    case sketch, ink, charcoal, watercolor, comic, photo
}

/// A typed style value.
public enum StyleValue: Equatable, Sendable, Codable {
    case palette(Palette)
    case grain(Grain)
    /// Focal length in millimetres.
    case lens(Int)
    case lighting(Lighting)
    case aspect(AspectRatio)
    case card(CardLook)

    public var key: StyleKey {
        switch self {
        case .palette: .palette
        case .grain: .grain
        case .lens: .lens
        case .lighting: .lighting
        case .aspect: .aspect
        case .card: .card
        }
    }

    /// The value as written in the DSL (`noir`, `35mm`, `2.39:1`).
    public var text: String {
        switch self {
        case .palette(let v): v.rawValue
        case .grain(let v): v.rawValue
        case .lens(let mm): "\(mm)mm"
        case .lighting(let v): v.rawValue
        case .aspect(let v): v.rawValue
        case .card(let v): v.rawValue
        }
    }
}

public struct StyleTag: Equatable, Sendable, Codable {
    public var value: StyleValue
    public var scope: StyleScope
    public var origin: CueOrigin
    /// The directive or title-page field it came from; nil for implicit tags.
    public var range: SourceRange?
    public init(_ value: StyleValue, scope: StyleScope, origin: CueOrigin = .explicit, range: SourceRange? = nil) {
        self.value = value
        self.scope = scope
        self.origin = origin
        self.range = range
    }
}

/// One thing that happens in a cut, in order.
public struct Event: Equatable, Sendable, Codable {
    public var payload: Payload
    /// How long the event holds the cut (0 for cues that play over what follows: sound, music).
    public var durationFrames: Int
    public var range: SourceRange?

    public init(_ payload: Payload, range: SourceRange?) {
        self.payload = payload
        self.durationFrames = 0
        self.range = range
    }

    /// Stored out of line, so copying an event (passes move events between cuts and read
    /// them in loops) retains one box instead of every string in the payload.
    public indirect enum Payload: Equatable, Sendable, Codable {
        case dialogue(DialogueLine)
        case action(ActionBeat)
        case sound(SoundCue)
        case music(MusicCue)
        case pause(Pause)
        case lyrics(LyricsLine)
    }

    /// The character of a dialogue line or of lyrics.
    var speakerID: String? {
        switch payload {
        case .dialogue(let d): d.characterID
        case .lyrics(let l): l.characterID
        default: nil
        }
    }

    public var kindName: String {
        switch payload {
        case .dialogue: "dialogue"
        case .action: "action"
        case .sound: "sound"
        case .music: "music"
        case .pause: "pause"
        case .lyrics: "lyrics"
        }
    }
}

extension Array where Element == Event {
    /// How far each event moves the cut's clock: its length, except in a dual-dialogue pair,
    /// which is spoken at once: the left line (the cue without `^`) moves it by nothing, so the
    /// right line starts with it, and the right line by the longer of the two. Only events
    /// that take no time (cues, directives) may stand between the two lines of a pair.
    public var holdFrames: [Int] {
        var holds = map(\.durationFrames)
        var i = 0
        while i < count {
            defer { i += 1 }
            guard case .dialogue(let left) = self[i].payload, left.dual == .left else { continue }
            var j = i + 1
            while j < count, self[j].durationFrames == 0, !self[j].isDialogue { j += 1 }
            guard j < count, case .dialogue(let right) = self[j].payload, right.dual == .right else { continue }
            holds[j] = Swift.max(self[i].durationFrames, self[j].durationFrames)
            holds[i] = 0
            i = j
        }
        return holds
    }
}

extension Event {
    var isDialogue: Bool { if case .dialogue = payload { true } else { false } }
}

/// How a line is heard relative to the picture.
public enum Delivery: String, Equatable, Sendable, Codable {
    /// The speaker is in the shot.
    case onScreen = "on-screen"
    /// (V.O.): narration, never on screen.
    case voiceOver = "voice-over"
    /// (O.S.), (O.C.): in the scene but out of the shot.
    case offScreen = "off-screen"
}

public struct DialogueLine: Equatable, Sendable, Codable {
    /// The canonical character id after `resolve-characters`; the cue name before.
    public var characterID: String
    /// The cue as written (name only).
    public var cueName: String
    /// Cue extensions without parentheses, as written.
    public var extensions: [String]
    public var text: String
    public var parenthetical: String?
    public var prosody: Prosody
    /// The voice after `cast-voices`.
    public var voice: Voice?
    public var delivery: Delivery
    public var dual: DualPosition?
    /// Line-scope style tags (`@style` right before the cue).
    public var style: [StyleTag]

    public init(characterID: String, cueName: String, extensions: [String], text: String) {
        self.characterID = characterID
        self.cueName = cueName
        self.extensions = extensions
        self.text = text
        self.parenthetical = nil
        self.prosody = Prosody()
        self.voice = nil
        self.delivery = .onScreen
        self.dual = nil
        self.style = []
    }
}

public enum VoiceQuality: String, Equatable, Sendable, Codable, CaseIterable {
    case normal, whisper, soft, loud, shout, breathy, tense, singing
}

public enum VoiceFilter: String, Equatable, Sendable, Codable, CaseIterable {
    case none, telephone, radio, muffled
}

/// How a line is spoken: relative to the character's voice.
public struct Prosody: Equatable, Hashable, Sendable, Codable {
    /// Speaking rate in percent of the voice's rate (100 = unchanged).
    public var ratePercent: Int = 100
    /// Pitch offset added to the voice's pitch (−50…+50).
    public var pitchOffset: Int = 0
    /// Loudness offset in dB.
    public var volumeDB: Int = 0
    public var quality: VoiceQuality = .normal
    public var filter: VoiceFilter = .none
    /// An emotion tag for generators that take one (`angry`, `sad`, …).
    public var emotion: String?
    /// Silence before the line, in frames (`(beat)` inside the dialogue).
    public var leadInFrames: Int = 0
    public init() {}

    public var isNeutral: Bool { self == Prosody() }
}

public struct ActionBeat: Equatable, Sendable, Codable {
    public var text: String
    /// Character ids named in the text (in CAPS or as written in the cast).
    public var subjects: [String]
    public init(text: String, subjects: [String] = []) {
        self.text = text
        self.subjects = subjects
    }
}

public struct SoundCue: Equatable, Sendable, Codable {
    /// The effect name, e.g. `door-slam`.
    public var effect: String
    public var gainDB: Double
    public var lengthFrames: Int
    public var origin: CueOrigin
    /// For implicit cues: the word in the action that produced it (`SLAMS`).
    public var word: String?
    public init(effect: String, gainDB: Double = 0, lengthFrames: Int, origin: CueOrigin, word: String? = nil) {
        self.effect = effect
        self.gainDB = gainDB
        self.lengthFrames = lengthFrames
        self.origin = origin
        self.word = word
    }
}

public struct MusicSpec: Equatable, Hashable, Sendable, Codable {
    public var mood: String
    public var tempoBPM: Int
    /// `Dm`, `F#`, `Bb`.
    public var key: String?
    public var instrument: String?
    public var gainDB: Double
    public init(mood: String, tempoBPM: Int = 90, key: String? = nil, instrument: String? = nil, gainDB: Double = -12) {
        self.mood = mood
        self.tempoBPM = tempoBPM
        self.key = key
        self.instrument = instrument
        self.gainDB = gainDB
    }
}

public enum MusicCue: Equatable, Sendable, Codable {
    case start(MusicSpec)
    case stop
}

public struct Pause: Equatable, Sendable, Codable {
    public var lengthFrames: Int
    /// `(beat)` gives an implicit pause.
    public var origin: CueOrigin
    public init(lengthFrames: Int, origin: CueOrigin) {
        self.lengthFrames = lengthFrames
        self.origin = origin
    }
}

public struct LyricsLine: Equatable, Sendable, Codable {
    /// The singer, when the lyrics follow a character's dialogue.
    public var characterID: String?
    public var text: String
    public var voice: Voice?
    public init(characterID: String?, text: String) {
        self.characterID = characterID
        self.text = text
        self.voice = nil
    }
}
