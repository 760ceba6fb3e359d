import Parser

/// Decides the cuts of every scene:
///
/// - an explicit `@shot` keeps its cut (its length is a minimum: a cut never truncates speech);
/// - a scene at a new location opens on an establishing shot (`EpisodeSettings.establishingFrames`);
/// - one cut per action beat, framed wide on the first beat of a scene and medium after;
/// - one cut per on-screen dialogue line on its speaker: shot / reverse shot (over the shoulder)
///   while two characters exchange lines, medium-close otherwise; a speaker's consecutive lines
///   share a cut; dual dialogue is one two-shot; voice-over and off-screen lines stay on the
///   current picture;
/// - cues (sound, music, pause) travel with the beat they precede;
/// - a cut longer than `EpisodeSettings.maxCutFrames` is split into continuation cuts with
///   alternating framing.
public struct PlanCuts: Pass {
    public init() {}
    public var name: String { "plan-cuts" }
    public var summary: String { "establishing shots, one cut per beat, shot/reverse-shot, maximum cut length" }

    public func run(_ unit: inout CompilationUnit) {
        var ep = unit.takeEpisode()
        var previousLocation: String?
        let settings = ep.settings
        // Which scenes open at a new location (in order), then the scenes in parallel.
        var establishing = [Bool](repeating: false, count: ep.scenes.count)
        for s in ep.scenes.indices {
            let location = canonicalName(ep.scenes[s].location)
            establishing[s] = !location.isEmpty && location != previousLocation
            if !location.isEmpty { previousLocation = location }
        }
        let opensLocation = establishing
        Parallel.scenes(&ep.scenes) { range, scenes in
            for s in range {
                scenes[s].cuts = plan(scenes[s], establishing: opensLocation[s], settings: settings)
                let prefix = Array((scenes[s].id + "/").utf8)
                for c in scenes[s].cuts.indices { scenes[s].cuts[c].id = Self.cutID(prefix, c + 1) }
            }
        }
        unit.episode = ep
    }

    func plan(_ scene: Scene, establishing: Bool, settings: EpisodeSettings) -> [Cut] {
        var out: [Cut] = []
        // Two speakers exchanging lines: the pair, for shot / reverse shot.
        var lastSpeakers: [String] = []
        var pendingCues: [Event] = []
        var firstBeat = true

        func sum(_ events: [Event]) -> Int { events.holdFrames.reduce(0, +) }

        func open(_ origin: CutOrigin, shot: Shot, transition: Transition, style: [StyleTag], range: Range) {
            var cut = Cut(origin: origin, shot: shot, transitionIn: transition, range: range.value)
            cut.style = style
            cut.events = pendingCues
            pendingCues = []
            out.append(cut)
        }
        struct Range { var value: SourceRange? }

        var firstTransition = scene.cuts.first?.transitionIn ?? .cut
        if establishing, scene.cuts.first?.origin != .explicit {
            var cut = Cut(origin: .establishing, shot: Shot(framing: .establishing, subject: scene.location), transitionIn: firstTransition, range: scene.range)
            cut.durationFrames = settings.establishingFrames
            out.append(cut)
            firstTransition = .cut
        }
        for (ci, lowered) in scene.cuts.enumerated() {
            let transition = ci == 0 ? firstTransition : lowered.transitionIn
            if lowered.origin == .explicit {
                var cut = lowered
                cut.transitionIn = transition
                cut.events = pendingCues + cut.events
                pendingCues = []
                cut.durationFrames = max(sum(cut.events), cut.shot.durationFrames ?? 0)
                out.append(cut)
                firstBeat = false
                lastSpeakers = []
                continue
            }
            // A cut boundary is forced by a written transition, or at the very start of the scene.
            var cutTransition: Transition? = (out.isEmpty || transition != .cut) ? transition : nil
            var cutStyle = lowered.style
            func takeTransition() -> Transition {
                defer { cutTransition = nil }
                return cutTransition ?? .cut
            }
            func takeStyle() -> [StyleTag] {
                defer { cutStyle = [] }
                return cutStyle
            }
            for event in lowered.events {
                switch event.payload {
                case .sound, .music, .pause:
                    pendingCues.append(event)
                case .action(let a):
                    let shot = Shot(framing: firstBeat ? .wide : .medium, subject: a.subjects.first)
                    open(.action, shot: shot, transition: takeTransition(), style: takeStyle(), range: Range(value: event.range))
                    out[out.count - 1].events.append(event)
                    firstBeat = false
                    lastSpeakers = []
                case .dialogue(let d):
                    if d.delivery != .onScreen, !out.isEmpty, cutTransition == nil {
                        // Heard, not seen: stay on the current picture.
                        out[out.count - 1].events.append(contentsOf: pendingCues)
                        pendingCues = []
                        out[out.count - 1].events.append(event)
                        continue
                    }
                    if d.dual == .right, let last = out.last, last.origin == .dialogue {
                        out[out.count - 1].shot.framing = .twoShot
                        out[out.count - 1].shot.subject = (last.shot.subject.map { $0 + " & " } ?? "") + d.characterID
                        out[out.count - 1].events.append(contentsOf: pendingCues)
                        pendingCues = []
                        out[out.count - 1].events.append(event)
                        continue
                    }
                    if let last = out.last, last.origin == .dialogue, last.shot.subject == d.characterID, cutTransition == nil, pendingCues.isEmpty {
                        out[out.count - 1].events.append(event)
                        continue
                    }
                    let who = d.delivery == .onScreen ? d.characterID : nil
                    if let who {
                        if lastSpeakers.last != who { lastSpeakers.append(who) }
                        if lastSpeakers.count > 2 { lastSpeakers.removeFirst(lastSpeakers.count - 2) }
                    }
                    let exchange = lastSpeakers.count == 2 && who != nil
                    let framing: Framing = who == nil ? .wide : (exchange ? .overTheShoulder : .mediumClose)
                    open(.dialogue, shot: Shot(framing: framing, subject: who ?? (scene.location.isEmpty ? nil : scene.location)),
                         transition: takeTransition(), style: takeStyle(), range: Range(value: event.range))
                    out[out.count - 1].events.append(event)
                    firstBeat = false
                case .lyrics(let l):
                    open(.dialogue, shot: Shot(framing: .medium, subject: l.characterID), transition: takeTransition(), style: takeStyle(), range: Range(value: event.range))
                    out[out.count - 1].events.append(event)
                    firstBeat = false
                }
            }
            if let t = cutTransition, !pendingCues.isEmpty || out.isEmpty {
                // Only cues left in this lowered cut: give them a cut of their own.
                open(.action, shot: Shot(framing: .wide, subject: scene.location.isEmpty ? nil : scene.location), transition: t, style: takeStyle(), range: Range(value: lowered.range))
            }
        }
        if !pendingCues.isEmpty {
            if out.isEmpty {
                var cut = Cut(origin: .action, shot: Shot(framing: .wide, subject: scene.location.isEmpty ? nil : scene.location), transitionIn: firstTransition, range: scene.range)
                cut.events = pendingCues
                out.append(cut)
            } else {
                out[out.count - 1].events.append(contentsOf: pendingCues)
            }
            pendingCues = []
        }
        // Lengths, then the maximum cut length.
        var result: [Cut] = []
        result.reserveCapacity(out.count)
        for var cut in out {
            if cut.origin == .establishing {
                result.append(cut)
                continue
            }
            cut.durationFrames = max(sum(cut.events), cut.shot.durationFrames ?? 0)
            if cut.origin == .explicit || cut.durationFrames <= settings.maxCutFrames {
                result.append(cut)
                continue
            }
            let total = cut.durationFrames
            let parts = (total + settings.maxCutFrames - 1) / settings.maxCutFrames
            // Equal parts, the first ones a frame longer when the length does not divide.
            func part(_ k: Int) -> Int { total / parts + (k < total % parts ? 1 : 0) }
            var first = cut
            first.durationFrames = part(0)
            result.append(first)
            var framing = cut.shot.framing ?? .medium
            for k in 1..<parts {
                framing = Self.alternate(framing)
                var next = Cut(origin: .continuation, shot: Shot(framing: framing, subject: cut.shot.subject), transitionIn: .cut, range: cut.range)
                next.durationFrames = part(k)
                result.append(next)
            }
        }
        return result
    }

    /// `prefix` followed by the decimal digits of `number` (positive), written once.
    static func cutID(_ prefix: [UInt8], _ number: Int) -> String {
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return String(unsafeUninitializedCapacity: prefix.count + digits) { buffer in
            _ = buffer.initialize(fromContentsOf: prefix)
            var n = number
            var i = prefix.count + digits - 1
            repeat {
                buffer[i] = UInt8(0x30 + n % 10)
                n /= 10
                i -= 1
            } while n > 0
            return prefix.count + digits
        }
    }

    /// The framing a continuation cut switches to.
    static func alternate(_ f: Framing) -> Framing {
        switch f {
        case .wide, .extremeWide, .establishing, .full: .medium
        case .medium, .mediumWide, .twoShot: .mediumClose
        case .mediumClose, .overTheShoulder: .close
        default: .medium
        }
    }
}
