import Foundation
import IR

/// How plan nodes become backend requests. Every value here is derived only from what the node's
/// content hash covers (its own inputs, and for assembly steps the hashes of its inputs), so a
/// cached output is valid exactly as long as the hash is unchanged.
enum RenderMapping {
    /// Audio frames (48 kHz) per video frame (24 fps).
    static let samplesPerFrame = Mixer.sampleRate / Timebase.framesPerSecond
    /// Each scene mix runs this many video frames past the scene's end (ambience and music ring
    /// on), so a dissolve into the next scene can overlap the two instead of dipping to silence.
    static let sceneTailFrames = 24
    /// A transition written without a length.
    static let defaultTransitionFrames = 12

    static func seconds(frames: Int) -> Double { Double(frames) / Double(Timebase.framesPerSecond) }

    // MARK: Speech

    /// espeak-ng's default rate, the rate at which `Prosody.rate` is 1.
    static let espeakDefaultWPM = 175.0

    /// The IR's `speech(text, voice, prosody)` as an espeak-ng request.
    static func speech(_ request: IR.SpeechRequest) -> SpeechRequest {
        let p = request.prosody
        var rate = Double(request.voice.rateWPM) / espeakDefaultWPM * Double(p.ratePercent) / 100
        if request.sung { rate *= 0.6 }
        // Voice pitch 0–99 with 50 as the voice's normal; each step is 2 % of pitch.
        let pitchPercent = (request.voice.pitch + p.pitchOffset - 50) * 2
        var volume = pow(10, Double(p.volumeDB) / 20)
        var voice = request.voice.name.isEmpty ? "en-us" : request.voice.name
        switch p.quality {
        case .whisper:
            let language = voice.split(separator: "+").first.map(String.init) ?? voice
            voice = language + "+whisper"
        case .soft, .breathy: volume *= 0.7
        case .loud: volume *= 1.4
        case .shout: volume *= 1.8; rate *= 1.05
        case .normal, .tense, .singing: break
        }
        return SpeechRequest(text: request.text, voice: voice,
                             prosody: Prosody(rate: rate, pitchPercent: pitchPercent, volume: volume))
    }

    /// Whole video frames covering `audioFrames` 48 kHz frames.
    static func videoFrames(audioFrames: Int) -> Int {
        (audioFrames + samplesPerFrame - 1) / samplesPerFrame
    }

    // MARK: Sound and ambience

    static func effect(named name: String) -> SoundEffect? {
        let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return SoundEffect(rawValue: spaced) ?? SoundEffect(word: spaced)
            ?? spaced.split(separator: " ").lazy.compactMap { SoundEffect(word: String($0)) }.first
    }

    static let exteriorBeds: Set<String> = [
        "city", "forest", "beach", "harbour", "sea", "park", "countryside", "dawn-chorus",
    ]

    /// A bed name (`room-tone-night`, `city-day`, `kitchen`) as the ambience generator's setting and light.
    static func ambience(bed: String) -> (SceneSetting, TimeOfDay) {
        let words = bed.lowercased().split(separator: "-").map(String.init)
        let setting: SceneSetting =
            words.first == "exterior" || words.contains(where: { exteriorBeds.contains($0) }) || exteriorBeds.contains(bed)
            ? .exterior : .interior
        let time: TimeOfDay =
            words.contains("night") ? .night : words.contains("dawn") ? .dawn
            : words.contains("dusk") || words.contains("evening") ? .dusk : .day
        return (setting, time)
    }

    // MARK: Music

    static func music(_ request: MusicRequest) -> MusicCue {
        let mood = Mood(word: request.mood) ?? .neutral
        let family = request.instrument.flatMap { InstrumentFamily(rawValue: $0.lowercased()) } ?? .piano
        return MusicCue(mood: mood, tempoBPM: request.tempoBPM, key: request.key.flatMap(MusicKey.init),
                        instruments: family, durationSeconds: max(0.1, seconds(frames: request.durationFrames)),
                        seed: StableHash.of(request.mood, request.key ?? "", request.instrument ?? "", String(request.tempoBPM)))
    }

    // MARK: Cards

    static func framing(_ f: IR.Framing?) -> CardSpec.Framing {
        switch f {
        case .establishing?, .extremeWide?: .establishing
        case .wide?, .full?, nil: .wide
        case .mediumWide?, .medium?, .pov?: .medium
        case .mediumClose?, .close?: .close
        case .extremeClose?: .extremeClose
        case .overTheShoulder?: .overTheShoulder
        case .twoShot?: .twoShot
        case .insert?: .insert
        }
    }

    static func setting(_ s: IR.Setting) -> CardSpec.Setting {
        switch s {
        case .interior: .interior
        case .exterior: .exterior
        case .interiorExterior: .interiorExterior
        case .unspecified: .unspecified
        }
    }

    /// The card of a visual call. The heading, setting and time of day come from the scene, all of
    /// which the heading in the prompt (hashed) determines; the action is the cut's action text
    /// (also in the prompt); dialogue is never burned in (it is not part of the visual's hash; it
    /// is in the subtitles).
    static func card(_ request: VisualRequest, scene: IR.Scene?, cut: IR.Cut?) -> CardSpec {
        let palette = request.style.first { $0.hasPrefix("palette=") }.map { String($0.dropFirst("palette=".count)) }
        var action: [String] = []
        for event in cut?.events ?? [] {
            if case .action(let a) = event.payload { action.append(a.text) }
        }
        if action.isEmpty, !request.shot.description.isEmpty { action.append(request.shot.description) }
        var characters = request.references.map(\.characterID)
        var subject = request.shot.subject
        if let names = subject?.components(separatedBy: " & "), names.count > 1 {
            // A two-shot (`ROZ & MCBRIDE`): a figure for each, none in front.
            characters = names + characters.filter { !names.contains($0) }
            subject = nil
        }
        if let subject { characters.removeAll { $0 == subject } }
        return CardSpec(
            sceneHeading: scene?.heading ?? "", sceneNumber: scene?.sceneNumber,
            setting: scene.map { setting($0.setting) } ?? .unspecified, timeOfDay: scene?.timeOfDayText,
            style: palette, framing: framing(request.shot.framing), subject: subject,
            characters: characters, camera: request.shot.movement?.rawValue,
            action: action.isEmpty ? nil : action.joined(separator: " "),
            line: request.line.map { CardSpec.Line(speaker: $0.speaker, text: $0.text, parenthetical: shownParenthetical($0.parenthetical)) })
    }

    /// The parenthetical a card prints beside the speaker: not one that only times the line
    /// (`(beat)`, `(a long pause)`) — the pause is heard, and "TOBY (BEAT)" over the line reads as
    /// if it were the delivery.
    static func shownParenthetical(_ text: String?) -> String? {
        guard let text else { return nil }
        let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: "() \t")).split(whereSeparator: { $0 == "," || $0 == ";" })
        let timingOnly = !parts.isEmpty && parts.allSatisfy { part in
            guard let e = ParentheticalLexicon.effect(of: String(part)), e.pauseFrames != nil else { return false }
            return e.ratePercent == nil && e.pitchOffset == nil && e.volumeDB == nil && e.quality == nil && e.filter == nil
                && e.emotion == nil && !e.staging
        }
        return timingOnly ? nil : text
    }

    // MARK: Mixes

    static func stem(_ role: MixRole) -> Stem {
        switch role {
        case .dialogue: .dialogue
        case .effects: .effects
        case .music: .music
        case .ambience: .ambience
        }
    }

    /// A scene's clips: dialogue centred (off-screen lines 6 dB down), effects and music at their
    /// gains, music with short fades, the ambience bed looped under everything and into the tail.
    static func sceneClips(_ mix: MixRequest, inputs: [Int: URL]) throws -> [MixClip] {
        let total = (mix.durationFrames + sceneTailFrames) * samplesPerFrame
        var clips: [MixClip] = []
        for track in mix.tracks {
            guard let url = inputs[track.node] else { throw RenderError.internalError("mix input \(track.node) missing") }
            let start = track.startFrame * samplesPerFrame
            var clip = MixClip(stem: stem(track.role), source: .file(path: url.path), startFrame: start,
                               gainDB: Float(track.gainDB))
            switch track.role {
            case .dialogue:
                if track.delivery == .offScreen { clip.gainDB -= 6; clip.pan = 0.3 }
            case .music:
                clip.fadeInFrames = Mixer.sampleRate / 20
                clip.fadeOutFrames = Mixer.sampleRate / 2
            case .ambience:
                clip.loops = true
                clip.durationFrames = max(0, total - start)
                clip.fadeInFrames = Mixer.sampleRate / 20
            case .effects:
                break
            }
            clips.append(clip)
        }
        return clips
    }

    /// The episode's sound: each scene mix at its place on the timeline; a dissolve overlaps the
    /// outgoing scene's tail with the incoming scene (crossfade); fades go to and from silence;
    /// the episode's end transition fades the last scene out.
    static func episodeClips(_ timeline: TimelineRequest, plan: Plan, inputs: [Int: URL]) throws -> [MixClip] {
        try episodeClipGeometry(timeline, plan: plan).map { node, clip in
            guard let url = inputs[node] else { throw RenderError.internalError("scene mix \(node) missing") }
            var clip = clip
            clip.source = .file(path: url.path)
            return clip
        }
    }

    /// The scene mixes on the episode's timeline (sample frames, fades for the transitions), each
    /// with its plan node; the sources are placeholders until the mixes exist.
    static func episodeClipGeometry(_ timeline: TimelineRequest, plan: Plan) -> [(node: Int, clip: MixClip)] {
        let starts = Dictionary(timeline.clips.map { ($0.startFrame, $0.transitionIn) }, uniquingKeysWith: { a, _ in a })
        let length = transitionFrames
        var clips: [(node: Int, clip: MixClip)] = []
        for (i, audio) in timeline.audio.enumerated() {
            let sceneFrames = plan.nodes[audio.node].durationFrames
            guard sceneFrames > 0 else { continue }
            var clip = MixClip(stem: .effects, source: .file(path: ""), startFrame: audio.startFrame * samplesPerFrame,
                               durationFrames: sceneFrames * samplesPerFrame)
            let into = starts[audio.startFrame] ?? .cut
            switch into.kind {
            case .crossfade, .wipe, .fade, .fadeIn, .irisIn: clip.fadeInFrames = length(into) * samplesPerFrame
            default: break
            }
            let next: Transition? = i + 1 < timeline.audio.count ? (starts[timeline.audio[i + 1].startFrame] ?? .cut) : timeline.endTransition
            if let next {
                switch next.kind {
                case .crossfade, .wipe:
                    let overlap = length(next) * samplesPerFrame
                    if i + 1 < timeline.audio.count { clip.durationFrames = sceneFrames * samplesPerFrame + overlap }
                    clip.fadeOutFrames = overlap
                case .fade, .fadeOut, .irisOut:
                    clip.fadeOutFrames = (i + 1 < timeline.audio.count ? length(next) : max(length(next), 24)) * samplesPerFrame
                case .cutToBlack, .cut, .fadeIn, .irisIn, .whip:
                    break
                }
            }
            clips.append((audio.node, clip))
        }
        return clips
    }

    /// A transition's length in frames: as written, else `defaultTransitionFrames`, and never
    /// longer than a scene mix's tail (a dissolve cannot overlap more sound than that).
    static func transitionFrames(_ t: Transition) -> Int {
        min(t.durationFrames > 0 ? t.durationFrames : defaultTransitionFrames, sceneTailFrames)
    }

    // MARK: Picture

    /// The widest smear of a whip, as a fraction of the picture's width (mid-whip).
    static let whipBlur = 0.06

    /// The episode's picture: the cards held back to back, with the timeline's transitions drawn
    /// over the frames the sound gives them in `episodeClipGeometry`, so picture and sound change
    /// together. A dissolve blends the outgoing picture (its last frame, held) into the first L
    /// frames of the incoming cut; a fade takes the last L frames of the outgoing cut down to black
    /// and the first L of the incoming up; `FADE IN:` only the latter, `FADE OUT.` only the former;
    /// the episode's end transition fades its last frames as the sound does. Each frame's
    /// opacity is the sound's mean gain over that frame ((j + ½) / L on the j-th frame of a
    /// fade-in), so no transition frame is a plain card. The sound has no counterpart for two
    /// kinds, which are drawn at the cut, in the incoming cut's first L frames: `CUT TO BLACK.`
    /// holds black (the sound stops dead at the cut, and so does the outgoing picture), and a whip
    /// slides the outgoing picture out to the left as the incoming one slides in from the right,
    /// smeared sideways most at mid-whip. A wipe draws a vertical edge that crosses the picture
    /// left to right over the dissolve's frames, the incoming picture to its left; `IRIS OUT`
    /// closes a circle on the outgoing picture over the frames `FADE OUT.` would darken, and
    /// `IRIS IN` opens one on the incoming. Transitions between cuts of one scene are drawn the same
    /// way; the scene's sound runs on under them. Cards are plan node ids; frames are
    /// counted from 0, back to back, as the encoder places them.
    static func pictureGeometry(_ timeline: TimelineRequest) -> [PicturePiece<Int>] {
        let clips = timeline.clips.filter { $0.durationFrames > 0 }
        guard !clips.isEmpty else { return [] }
        let transitions = Dictionary(timeline.clips.map { ($0.startFrame, $0.transitionIn) }, uniquingKeysWith: { a, _ in a })
        var starts: [Int] = []
        var total = 0
        for clip in clips {
            starts.append(total)
            total += clip.durationFrames
        }
        /// The clip showing frame `f` (0 ≤ f < total).
        func clipIndex(_ f: Int) -> Int {
            var low = 0, high = starts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if starts[mid] <= f { low = mid } else { high = mid - 1 }
            }
            return low
        }
        var drawn: [Int: BlendFrame<Int>] = [:]
        /// Frame `f` as drawn so far; black before the first frame.
        func frame(_ f: Int) -> BlendFrame<Int> {
            guard f >= 0 else { return BlendFrame(layers: []) }
            return drawn[f] ?? BlendFrame(layers: [.init(card: clips[clipIndex(f)].node, opacity: 1)])
        }
        // Gains (fades) apply after the blends, so a dissolve holds the outgoing frame unfaded.
        var gains: [Int: Double] = [:]
        func fadeOut(before end: Int, frames length: Int) {
            for j in 0..<length where end - length + j >= 0 && end - length + j < total {
                gains[end - length + j, default: 1] *= (Double(length - j) - 0.5) / Double(length)
            }
        }
        func fadeIn(from start: Int, frames length: Int) {
            for j in 0..<length where start + j < total {
                gains[start + j, default: 1] *= (Double(j) + 0.5) / Double(length)
            }
        }
        // Irises close or open a circle on the frames a fade would darken (the sound fades).
        var irises: [Int: Double] = [:]
        func irisOut(before end: Int, frames length: Int) {
            for j in 0..<length where end - length + j >= 0 && end - length + j < total {
                irises[end - length + j] = (Double(length - j) - 0.5) / Double(length)
            }
        }
        func irisIn(from start: Int, frames length: Int) {
            for j in 0..<length where start + j < total {
                irises[start + j] = (Double(j) + 0.5) / Double(length)
            }
        }
        for (k, clip) in clips.enumerated() {
            let start = starts[k]
            let transition = transitions[clip.startFrame] ?? .cut
            let length = transitionFrames(transition)
            let window = start..<min(total, start + length)
            switch transition.kind {
            case .cut:
                break
            case .crossfade:
                let outgoing = frame(start - 1)
                for f in window {
                    let a = (Double(f - start) + 0.5) / Double(length)
                    drawn[f] = BlendFrame(layers: outgoing.scaled(by: 1 - a).layers + frame(f).scaled(by: a).layers)
                }
            case .whip:
                let outgoing = frame(start - 1)
                for f in window {
                    let x = (Double(f - start) + 0.5) / Double(length)
                    let p = x * x * (3 - 2 * x)
                    var layers = outgoing.layers
                    for i in layers.indices { layers[i].offset -= p }
                    var incoming = frame(f).layers
                    for i in incoming.indices { incoming[i].offset += 1 - p }
                    drawn[f] = BlendFrame(layers: layers + incoming, blur: whipBlur * sin(Double.pi * x))
                }
            case .wipe:
                // The incoming picture comes in from the left behind a vertical edge.
                let outgoing = frame(start - 1)
                for f in window {
                    let p = (Double(f - start) + 0.5) / Double(length)
                    drawn[f] = BlendFrame(layers: outgoing.windowed(.columns(from: p, to: 1)).layers + frame(f).windowed(.columns(from: 0, to: p)).layers)
                }
            case .irisIn:
                irisIn(from: start, frames: length)
            case .irisOut:
                irisOut(before: start, frames: length)
            case .cutToBlack:
                // The card stays named, at no opacity: the black frames are cached beside it.
                for f in window { drawn[f] = frame(f).scaled(by: 0) }
            case .fade:
                fadeOut(before: start, frames: length)
                fadeIn(from: start, frames: length)
            case .fadeIn:
                fadeIn(from: start, frames: length)
            case .fadeOut:
                fadeOut(before: start, frames: length)
            }
        }
        if let end = timeline.endTransition {
            switch end.kind {
            case .fade, .fadeOut: fadeOut(before: total, frames: max(transitionFrames(end), 24))
            case .irisOut: irisOut(before: total, frames: max(transitionFrames(end), 24))
            case .crossfade, .wipe: fadeOut(before: total, frames: transitionFrames(end))
            case .cut, .fadeIn, .irisIn, .cutToBlack, .whip: break
            }
        }
        for (f, radius) in irises { drawn[f] = frame(f).windowed(.circle(radius: radius)) }
        for (f, gain) in gains { drawn[f] = frame(f).scaled(by: gain) }

        // Held stretches and runs of drawn frames, in order; a run may span a cut.
        var pieces: [PicturePiece<Int>] = []
        var run: [BlendFrame<Int>] = []
        for (k, clip) in clips.enumerated() {
            var held = 0
            for f in starts[k]..<(starts[k] + clip.durationFrames) {
                if let d = drawn[f], d.plainCard != clip.node {
                    if held > 0 { pieces.append(.still(clip.node, frames: held)) }
                    held = 0
                    run.append(d)
                } else {
                    if !run.isEmpty { pieces.append(.blend(run)) }
                    run = []
                    held += 1
                }
            }
            if held > 0 { pieces.append(.still(clip.node, frames: held)) }
        }
        if !run.isEmpty { pieces.append(.blend(run)) }
        return pieces
    }

    // MARK: Timeline exports

    /// A transition for the timeline exports, over the frames `pictureGeometry` draws it on.
    static func cutTransition(_ t: Transition) -> TimelineSpec.CutTransition? {
        let length = transitionFrames(t)
        let (before, after): (Int, Int)
        switch t.kind {
        case .cut: return nil
        case .fade: (before, after) = (length, length)
        case .fadeOut: (before, after) = (length, 0)
        case .irisOut: (before, after) = (length, 0)
        case .crossfade, .wipe, .fadeIn, .irisIn, .cutToBlack, .whip: (before, after) = (0, length)
        }
        return TimelineSpec.CutTransition(kind: t.kind.rawValue, name: t.text ?? t.kind.rawValue, beforeFrames: before, afterFrames: after)
    }

    /// The timeline as the export writers see it: cuts with their card files, scene mixes and
    /// dialogue on audio tracks, and one subtitle line per chunk of a spoken line (`SubtitleChunks`).
    static func timelineSpec(name: String, plan: Plan, episode: Episode, file: (Int) -> String) -> TimelineSpec {
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else {
            return TimelineSpec(name: name, cuts: [], audioTracks: [], lines: [], scenes: [])
        }
        var speakers: [Int: String] = [:]  // source offset of a line → speaker
        for scene in episode.scenes {
            for cut in scene.cuts {
                for event in cut.events {
                    guard let range = event.range else { continue }
                    switch event.payload {
                    case .dialogue(let d): speakers[range.start] = episode.cast.first { $0.id == d.characterID }?.name ?? d.cueName
                    case .lyrics(let l): speakers[range.start] = l.characterID ?? ""
                    default: break
                    }
                }
            }
        }
        let headings = Dictionary(episode.scenes.map { ($0.id, $0.heading) }, uniquingKeysWith: { a, _ in a })
        let cutScenes = Dictionary(episode.scenes.flatMap { s in s.cuts.map { ($0.id, s.id) } }, uniquingKeysWith: { a, _ in a })
        let cuts = timeline.clips.filter { $0.durationFrames > 0 }.map { clip in
            TimelineSpec.Cut(name: clip.cutID, startFrame: clip.startFrame, durationFrames: clip.durationFrames,
                             media: file(clip.node), scene: headings[cutScenes[clip.cutID] ?? ""] ?? (cutScenes[clip.cutID] ?? ""),
                             transitionIn: cutTransition(clip.transitionIn))
        }
        var dialogue: [TimelineSpec.AudioClip] = []
        var effects: [TimelineSpec.AudioClip] = []
        var music: [TimelineSpec.AudioClip] = []
        var lines: [TimelineSpec.Line] = []
        for audio in timeline.audio {
            guard case .mix(let mix) = plan.nodes[audio.node].inputs else { continue }
            for track in mix.tracks {
                let node = plan.nodes[track.node]
                let start = audio.startFrame + track.startFrame
                let length = min(node.durationFrames, max(0, mix.durationFrames - track.startFrame))
                guard length > 0 else { continue }
                let clip = TimelineSpec.AudioClip(name: "\(node.kind.rawValue) \(node.id)", startFrame: start,
                                                  durationFrames: length, file: file(node.id))
                switch track.role {
                case .dialogue:
                    dialogue.append(clip)
                    if case .speech(let s) = node.inputs {
                        // In cues of two short lines at most (the card shows the line whole).
                        let speaker = node.range.flatMap { speakers[$0.start] } ?? ""
                        for chunk in SubtitleChunks.chunks(s.text, frames: node.durationFrames) where chunk.startFrame < length {
                            lines.append(TimelineSpec.Line(speaker: speaker, text: chunk.text, startFrame: start + chunk.startFrame,
                                                           durationFrames: min(chunk.frames, length - chunk.startFrame)))
                        }
                    }
                case .effects: effects.append(clip)
                case .music: music.append(clip)
                case .ambience: break  // a loop under the whole scene; it is in the scene's mix
                }
            }
        }
        dialogue.sort { $0.startFrame < $1.startFrame }
        effects.sort { $0.startFrame < $1.startFrame }
        music.sort { $0.startFrame < $1.startFrame }
        lines.sort { $0.startFrame < $1.startFrame }
        let scenes = timeline.audio.map { a in
            TimelineSpec.Scene(name: headings[a.sceneID] ?? a.sceneID, startFrame: a.startFrame,
                               durationFrames: plan.nodes[a.node].durationFrames)
        }
        return TimelineSpec(name: name, cuts: cuts,
                            audioTracks: [.init(kind: .dialogue, clips: dialogue), .init(kind: .effects, clips: effects),
                                          .init(kind: .music, clips: music)],
                            lines: lines, scenes: scenes)
    }
}

/// What can stop a render besides a failing node.
public enum RenderError: Error, CustomStringConvertible {
    case noPlan
    case internalError(String)

    public var description: String {
        switch self {
        case .noPlan: "the compiler built no plan"
        case .internalError(let message): "internal error: \(message)"
        }
    }
}
