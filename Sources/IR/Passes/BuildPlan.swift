import Parser

/// Lowers the planned episode to the plan: per scene, one speech call per line, one visual call
/// per cut without dialogue (a cut with dialogue: one per spoken line, carrying the line, plus one
/// for the stretches without a line), one sound call per effect, one music call per stretch of score (a cue runs until
/// `@music stop`, a new cue, or the end of the scene; running score continues in the next scene
/// as a new call unless that scene opens with a hard audio stop), one ambience bed, and a `mix`;
/// then one `timeline` over all cuts and mixes and one `mux`. Every placement inside a mix is
/// relative to its scene, so nothing in a scene depends on what comes before it.
public struct BuildPlan: Pass {
    public init() {}
    public var name: String { "build-plan" }
    public var summary: String { "generator calls and assembly steps as a DAG" }

    public func run(_ unit: inout CompilationUnit) {
        let ep = unit.episode
        let sceneCount = ep.scenes.count
        var looks: [String: String?] = [:]
        var names: [String: String] = [:]
        for c in ep.cast { looks[c.id] = c.look; names[c.id] = c.name }
        // In order: the score running into each scene and where each scene starts. The rest of a
        // scene depends only on the scene, so scenes are built in parallel chunks, each numbering
        // its nodes from 0, and the chunks are joined in order.
        var carriedIn = [MusicSpec?](repeating: nil, count: sceneCount)
        var sceneStart = [Int](repeating: 0, count: sceneCount)
        var carried: MusicSpec?
        var episodeCursor = 0
        var segmentStarts: [Int] = []
        for si in 0..<sceneCount {
            carriedIn[si] = carried
            sceneStart[si] = episodeCursor
            var running = carried
            ep.scenes[si].cuts.withUnsafeBufferPointer { cuts in
                for cut in cuts {
                    episodeCursor += cut.durationFrames
                    cut.events.withUnsafeBufferPointer { events in
                        for i in events.indices {
                            guard case .music(let m) = events[i].payload else { continue }
                            switch m {
                            case .start(let spec): running = spec
                            case .stop: running = nil
                            }
                        }
                    }
                }
            }
            let nextStops = si + 1 < sceneCount && (ep.scenes[si + 1].cuts.first?.transitionIn.audioHardStop ?? false)
            carried = nextStops ? nil : running
            if ep.scenes[si].segmentPadFrames != nil && si + 1 < sceneCount { segmentStarts.append(episodeCursor) }
        }
        let chunkCount = Swift.min(sceneCount, Parallel.threads * 4)
        var chunks: [SceneChunk] = (0..<chunkCount).map { _ in SceneChunk() }
        let context = SceneContext(looks: looks, names: names, carriedIn: carriedIn, sceneStart: sceneStart, voiceLanguage: ep.settings.voiceLanguage)
        ep.scenes.withUnsafeBufferPointer { scenes in
            chunks.withUnsafeMutableBufferPointer { chunks in
                let (sharedScenes, sharedChunks) = (UncheckedSendable(scenes), UncheckedSendable(chunks))
                Parallel.chunks(chunkCount, minChunk: 1) { range in
                    for k in range {
                        let scenes = sharedScenes.value[(sceneCount * k / chunkCount)..<(sceneCount * (k + 1) / chunkCount)]
                        sharedChunks.value[k] = Self.build(scenes, context: context)
                    }
                }
            }
        }
        // Join the chunks: node ids move by the number of nodes before the chunk. The nodes are
        // moved, not copied, into the plan.
        var bases: [Int] = []
        var total = 0
        for chunk in chunks { bases.append(total); total += chunk.nodes.count }
        var clips: [TimelineClip] = []
        clips.reserveCapacity(chunks.reduce(0) { $0 + $1.clips.count })
        var audio: [TimelineAudio] = []
        audio.reserveCapacity(sceneCount)
        for k in chunks.indices {
            let base = bases[k]
            if base > 0 { chunks[k].nodes.renumber(by: base) }
            for var c in chunks[k].clips { c.node += base; clips.append(c) }
            for var a in chunks[k].audio { a.node += base; audio.append(a) }
        }
        let timelineDeps = Self.unique(clips.map(\.node) + audio.map(\.node))
        let timeline = PlanNode(id: total, kind: .timeline,
                                inputs: .timeline(TimelineRequest(durationFrames: episodeCursor, clips: clips, audio: audio, endTransition: ep.endTransition,
                                                                   segmentStarts: segmentStarts)),
                                dependencies: timelineDeps, durationFrames: episodeCursor)
        let mux = PlanNode(id: total + 1, kind: .mux, inputs: .mux(MuxRequest(framesPerSecond: Timebase.framesPerSecond, durationFrames: episodeCursor)),
                           dependencies: [total], durationFrames: episodeCursor)
        let nodes = [PlanNode](unsafeUninitializedCapacity: total + 2) { buffer, initialized in
            for k in chunks.indices { chunks[k].nodes.move(to: buffer.baseAddress! + bases[k]) }
            (buffer.baseAddress! + total).initialize(to: timeline)
            (buffer.baseAddress! + total + 1).initialize(to: mux)
            initialized = total + 2
        }
        unit.plan = Plan(nodes: nodes, timeline: total, mux: total + 1, durationFrames: episodeCursor)
    }

    /// Plan nodes in storage of their own, so that joining chunks moves them instead of copying
    /// (and retaining) every field. Whatever is appended must be taken out by `move(to:)`.
    struct NodeStore {
        private var base: UnsafeMutablePointer<PlanNode>?
        private(set) var count = 0
        private var capacity = 0

        init() {}

        mutating func reserve(_ n: Int) {
            guard n > capacity else { return }
            let grown = UnsafeMutablePointer<PlanNode>.allocate(capacity: n)
            if let base {
                grown.moveInitialize(from: base, count: count)
                base.deallocate()
            }
            base = grown
            capacity = n
        }

        mutating func append(_ node: PlanNode) {
            if count == capacity { reserve(Swift.max(16, capacity * 2)) }
            (base! + count).initialize(to: node)
            count += 1
        }

        /// Adds `offset` to every node id, dependency and mix track.
        func renumber(by offset: Int) {
            guard let base else { return }
            for i in 0..<count {
                base[i].id += offset
                if base[i].dependencies.isEmpty { continue }
                for d in base[i].dependencies.indices { base[i].dependencies[d] += offset }
                if case .mix(var r) = base[i].inputs {
                    for t in r.tracks.indices { r.tracks[t].node += offset }
                    base[i].inputs = .mix(r)
                }
            }
        }

        /// Moves the nodes to `target` (uninitialized memory for `count` nodes) and frees the
        /// storage.
        mutating func move(to target: UnsafeMutablePointer<PlanNode>) {
            guard let base else { return }
            target.moveInitialize(from: base, count: count)
            base.deallocate()
            self.base = nil
            count = 0
            capacity = 0
        }
    }

    /// What every scene reads: the cast's looks and names, the score running into each scene,
    /// where each scene starts in the episode.
    struct SceneContext {
        var looks: [String: String?]
        var names: [String: String]
        var carriedIn: [MusicSpec?]
        var sceneStart: [Int]
        var voiceLanguage: String
    }

    /// The nodes of a run of scenes, numbered from 0; clips and audio refer to those numbers.
    struct SceneChunk {
        var nodes = NodeStore()
        var clips: [TimelineClip] = []
        var audio: [TimelineAudio] = []
    }

    static func build(_ sceneRun: Slice<UnsafeBufferPointer<Scene>>, context: SceneContext) -> SceneChunk {
        var out = SceneChunk()
        out.nodes.reserve(sceneRun.count * 16)
        var styles = StyleStrings()
        let looks = context.looks
        let names = context.names

        func add(_ kind: PlanNodeKind, _ inputs: PlanInputs, deps: [Int] = [], duration: Int, scene: String?, cut: String?, range: SourceRange?) -> Int {
            let id = out.nodes.count
            out.nodes.append(PlanNode(id: id, kind: kind, inputs: inputs, dependencies: deps, durationFrames: duration, sceneID: scene, cutID: cut, range: range))
            return id
        }

        for si in sceneRun.indices {
            let scene = sceneRun[si]
            let episodeCursor = context.sceneStart[si]
            var tracks: [MixTrack] = []
            var cutStart = 0
            let clock = Self.clock(scene)
            var eventIndex = 0
            var music: (spec: MusicSpec, start: Int, range: SourceRange?)? = context.carriedIn[si].map { ($0, 0, nil) }
            func closeMusic(at end: Int) {
                guard let m = music else { return }
                music = nil
                let length = end - m.start
                guard length > 0 else { return }
                let id = add(.music, .music(MusicRequest(mood: m.spec.mood, tempoBPM: m.spec.tempoBPM, key: m.spec.key, instrument: m.spec.instrument, durationFrames: length)),
                             duration: length, scene: scene.id, cut: nil, range: m.range)
                tracks.append(MixTrack(node: id, role: .music, startFrame: m.start, gainDB: m.spec.gainDB, delivery: nil))
            }
            let spoken = Self.spokenLines(scene, clock: clock, names: names)
            var nextSpoken = 0
            for cut in scene.cuts {
                // Picture: one card per spoken line, shown while it is spoken (in its cut and, when
                // `plan-cuts` split that cut at the maximum length, in the continuation cuts it
                // runs into), and one for the stretches of the cut without a line.
                let visual = Self.visualRequest(cut, scene: scene, looks: looks, styles: &styles)
                let segments = Self.pictureSegments(cutStart, cut, spoken: spoken, from: &nextSpoken)
                if segments.allSatisfy({ $0.line == nil }) {
                    let v = add(.visual, .visual(visual), duration: cut.durationFrames, scene: scene.id, cut: cut.id, range: cut.range)
                    out.clips.append(TimelineClip(node: v, startFrame: episodeCursor + cutStart, durationFrames: cut.durationFrames, transitionIn: cut.transitionIn, cutID: cut.id))
                } else {
                    var base: Int?
                    let baseFrames = segments.reduce(0) { $0 + ($1.line == nil ? $1.length : 0) }
                    for (i, segment) in segments.enumerated() {
                        let v: Int
                        if let line = segment.line {
                            var request = visual
                            request.durationFrames = segment.length
                            request.line = line
                            v = add(.visual, .visual(request), duration: segment.length, scene: scene.id, cut: cut.id, range: segment.range)
                        } else if let b = base {
                            v = b
                        } else {
                            var request = visual
                            request.durationFrames = baseFrames
                            v = add(.visual, .visual(request), duration: baseFrames, scene: scene.id, cut: cut.id, range: cut.range)
                            base = v
                        }
                        out.clips.append(TimelineClip(node: v, startFrame: episodeCursor + cutStart + segment.start, durationFrames: segment.length,
                                                      transitionIn: i == 0 ? cut.transitionIn : .cut, cutID: cut.id))
                    }
                }
                // Sound, where the scene's clock places each event.
                for event in cut.events {
                    let cursor = clock.starts[eventIndex]
                    eventIndex += 1
                    switch event.payload {
                    case .dialogue(let d):
                        let request = SpeechRequest(text: d.text, voice: d.voice ?? Voice(name: context.voiceLanguage), prosody: d.prosody)
                        let id = add(.speech, .speech(request), duration: event.durationFrames, scene: scene.id, cut: cut.id, range: event.range)
                        tracks.append(MixTrack(node: id, role: .dialogue, startFrame: cursor, gainDB: 0, delivery: d.delivery))
                    case .lyrics(let l):
                        let request = SpeechRequest(text: l.text, voice: l.voice ?? Voice(name: context.voiceLanguage), prosody: Prosody(), sung: true)
                        let id = add(.speech, .speech(request), duration: event.durationFrames, scene: scene.id, cut: cut.id, range: event.range)
                        tracks.append(MixTrack(node: id, role: .dialogue, startFrame: cursor, gainDB: 0, delivery: .onScreen))
                    case .sound(let s):
                        let id = add(.sound, .sound(SoundRequest(effect: s.effect, durationFrames: s.lengthFrames, bed: false)),
                                     duration: s.lengthFrames, scene: scene.id, cut: cut.id, range: event.range)
                        tracks.append(MixTrack(node: id, role: .effects, startFrame: cursor, gainDB: s.gainDB, delivery: nil))
                    case .music(.start(let spec)):
                        closeMusic(at: cursor)
                        music = (spec, cursor, event.range)
                    case .music(.stop):
                        closeMusic(at: cursor)
                    case .action, .pause:
                        break
                    }
                }
                cutStart += cut.durationFrames
            }
            let sceneLength = cutStart
            closeMusic(at: sceneLength)
            if let bed = scene.ambience, bed.bed != "none", sceneLength > 0 {
                let id = add(.sound, .sound(SoundRequest(effect: bed.bed, durationFrames: sceneLength, bed: true)),
                             duration: sceneLength, scene: scene.id, cut: nil, range: bed.range)
                tracks.append(MixTrack(node: id, role: .ambience, startFrame: 0, gainDB: bed.gainDB, delivery: nil))
            }
            let mix = add(.mix, .mix(MixRequest(durationFrames: sceneLength, tracks: tracks)), deps: Self.unique(tracks.map(\.node)),
                          duration: sceneLength, scene: scene.id, cut: nil, range: scene.range)
            out.audio.append(TimelineAudio(node: mix, startFrame: episodeCursor, sceneID: scene.id))
        }
        return out
    }

    /// `ids` (node ids, never negative) without repeats, in first-seen order.
    static func unique(_ ids: [Int]) -> [Int] {
        // Nodes are added in order, so the ids of a scene's tracks only grow: nothing to drop.
        var increasing = true
        var largest = -1
        for id in ids {
            if id <= largest { increasing = false }
            largest = max(largest, id)
        }
        if increasing { return ids }
        var seen = [Bool](repeating: false, count: largest + 1)
        var out: [Int] = []
        out.reserveCapacity(ids.count)
        for id in ids where !seen[id] {
            seen[id] = true
            out.append(id)
        }
        return out
    }

    /// A stretch of a cut's picture, relative to the start of the cut: a spoken line (dialogue or
    /// lyrics) for as long as it is spoken, or a stretch without one (adjacent ones merged).
    struct PictureSegment {
        var start: Int
        var length: Int
        var line: VisualLine?
        var range: SourceRange?
    }

    /// A spoken line placed in its scene's time.
    struct SpokenLine {
        var start: Int
        var length: Int
        var line: VisualLine
        var range: SourceRange?
    }

    /// When each of a scene's events starts (frames from the scene's start, in event order across
    /// the cuts) and how far it moves the clock (`holdFrames`: its length, or for a dual-dialogue
    /// pair nothing then the longer line). Each cut's events run from the cut's start, or from
    /// where the previous cut's sound ends if that is later, so a line in a cut split at the
    /// maximum length runs on into the continuation cuts. The mix places the sound here and the
    /// cards follow it.
    struct SceneClock {
        var starts: [Int] = []
        var holds: [Int] = []
    }

    static func clock(_ scene: Scene) -> SceneClock {
        var clock = SceneClock()
        var cutStart = 0
        var cursor = 0
        for cut in scene.cuts {
            cursor = max(cursor, cutStart)
            for hold in cut.events.holdFrames {
                clock.starts.append(cursor)
                clock.holds.append(hold)
                cursor += hold
            }
            cutStart += cut.durationFrames
        }
        return clock
    }

    /// The scene's spoken lines on its clock; the two lines of a dual-dialogue pair as one.
    static func spokenLines(_ scene: Scene, clock: SceneClock, names: [String: String]) -> [SpokenLine] {
        var out: [SpokenLine] = []
        var e = 0
        for cut in scene.cuts {
            var pairLeft: VisualLine?
            for event in cut.events {
                let (start, hold) = (clock.starts[e], clock.holds[e])
                e += 1
                switch event.payload {
                case .dialogue(let d):
                    let line = VisualLine(speaker: names[d.characterID] ?? d.cueName, text: d.text, parenthetical: d.parenthetical)
                    if d.dual == .left, hold == 0, event.durationFrames > 0 {
                        // Spoken together with the right line that follows: one card for both.
                        pairLeft = line
                    } else if let left = pairLeft, d.dual == .right {
                        let both = VisualLine(speaker: left.speaker + " / " + line.speaker, text: left.text + "\n" + line.text)
                        out.append(SpokenLine(start: start, length: hold, line: both, range: event.range))
                        pairLeft = nil
                    } else {
                        out.append(SpokenLine(start: start, length: event.durationFrames, line: line, range: event.range))
                    }
                case .lyrics(let l):
                    let line = VisualLine(speaker: l.characterID.map { names[$0] ?? $0 } ?? "", text: l.text)
                    out.append(SpokenLine(start: start, length: event.durationFrames, line: line, range: event.range))
                default:
                    break
                }
            }
        }
        return out
    }

    /// The segments of the cut that starts at `cutStart` in its scene: the parts of the spoken
    /// lines from `spoken[next...]` inside it and the stretches between. `next` moves past the
    /// lines that end within the cut.
    static func pictureSegments(_ cutStart: Int, _ cut: Cut, spoken: [SpokenLine], from next: inout Int) -> [PictureSegment] {
        var segments: [PictureSegment] = []
        let cutEnd = cutStart + cut.durationFrames
        var t = cutStart
        func append(until end: Int, _ line: VisualLine?, _ range: SourceRange?) {
            let length = min(end, cutEnd) - t
            guard length > 0 else { return }
            if line == nil, let last = segments.last, last.line == nil {
                segments[segments.count - 1].length += length
            } else {
                segments.append(PictureSegment(start: t - cutStart, length: length, line: line, range: range))
            }
            t += length
        }
        var k = next
        while k < spoken.count, spoken[k].start < cutEnd {
            let line = spoken[k]
            let end = line.start + line.length
            if end > t {
                append(until: line.start, nil, nil)
                append(until: end, line.line, line.range)
            }
            if end > cutEnd { break }
            k += 1
        }
        next = k
        append(until: cutEnd, nil, nil)
        return segments
    }

    /// The `key=value` strings of the last resolved style seen: consecutive cuts mostly share it.
    struct StyleStrings {
        var values: [StyleValue] = []
        var strings: [String] = []

        mutating func strings(for tags: [StyleTag]) -> [String] {
            if tags.count == values.count {
                var same = true
                for i in tags.indices where tags[i].value != values[i] {
                    same = false
                    break
                }
                if same { return strings }
            }
            values = tags.map(\.value)
            strings = tags.map { "\($0.value.key.rawValue)=\($0.value.text)" }
            return strings
        }
    }

    /// A visual prompt being written: parts joined by ". ".
    struct PromptBytes {
        var bytes: [UInt8] = []

        mutating func append(_ s: String) {
            var s = s
            s.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func append(_ b: UInt8) { bytes.append(b) }

        /// The ". " between parts, when something came before.
        mutating func separate() {
            if !bytes.isEmpty { bytes.append(0x2E); bytes.append(0x20) }
        }

        /// A part of the prompt; empty parts add nothing.
        mutating func part(_ s: String) {
            guard !s.isEmpty else { return }
            separate()
            append(s)
        }
    }

    /// The picture of a cut: the shot, the scene's heading, what happens (action text; the
    /// dialogue is added per line as `line`), the resolved style and the looks of who is on screen.
    static func visualRequest(_ cut: Cut, scene: Scene, looks: [String: String?], styles: inout StyleStrings) -> VisualRequest {
        // The prompt's parts joined by ". ", written as bytes and made a string once.
        var prompt = PromptBytes()
        prompt.bytes.reserveCapacity(256)
        var shotWords = 0
        func word(_ w: String) {
            if shotWords > 0 { prompt.append(0x20) } else { prompt.separate() }
            prompt.append(w)
            shotWords += 1
        }
        if let f = cut.shot.framing { word(f.rawValue) }
        if let a = cut.shot.angle { word(a.rawValue) }
        if let s = cut.shot.speed { word(s.rawValue) }
        if let m = cut.shot.movement { word(m.rawValue) }
        if let subject = cut.shot.subject {
            if shotWords == 0 {
                prompt.part(subject)
            } else {
                prompt.append(" on ")
                prompt.append(subject)
            }
        }
        if !cut.shot.description.isEmpty { prompt.part(cut.shot.description) }
        if !scene.heading.isEmpty { prompt.part(scene.heading) }
        var refs: [String] = []
        func ref(_ id: String?) {
            guard let id, !refs.contains(id), looks[id] != nil else { return }
            refs.append(id)
        }
        ref(cut.shot.subject)
        cut.events.withUnsafeBufferPointer { events in
            for i in events.indices {
                switch events[i].payload {
                case .action(let a):
                    prompt.separate()
                    prompt.append(a.text)
                    for s in a.subjects { ref(s) }
                case .dialogue(let d) where d.delivery == .onScreen:
                    ref(d.characterID)
                case .lyrics(let l):
                    ref(l.characterID)
                default:
                    break
                }
            }
        }
        if let subject = cut.shot.subject, subject.utf8.contains(0x26) {
            for part in subject.components(separatedBy: " & ") { ref(part) }
        }
        return VisualRequest(
            prompt: String(decoding: prompt.bytes, as: UTF8.self), shot: cut.shot,
            style: styles.strings(for: cut.resolvedStyle),
            durationFrames: cut.durationFrames,
            references: refs.map { VisualReference(characterID: $0, look: looks[$0] ?? nil) },
            line: nil)
    }
}
