import Foundation
import Testing

@testable import Backends
@testable import IR

/// Picture transitions, checked on decoded frames of real MP4s: where each transition's frames
/// lie, what they look like, and that they line up with the sound's fades.
@Suite("Render: picture transitions", .serialized)
struct PictureTransitionTests {
    /// Mean absolute difference of two BGRA thumbnails (colour channels), 0 … 255.
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        var sum = 0
        for i in 0..<min(a.count, b.count) where i % 4 != 3 { sum += abs(Int(a[i]) - Int(b[i])) }
        return Double(sum) / Double(min(a.count, b.count) / 4 * 3)
    }

    /// The pixels of a 64×36 BGRA thumbnail in the given columns and rows.
    static func region(_ a: [UInt8], _ columns: Range<Int>, rows: Range<Int> = 0..<36) -> [UInt8] {
        var out: [UInt8] = []
        for y in rows { for x in columns { out += a[((y * 64 + x) * 4)..<((y * 64 + x) * 4 + 4)] } }
        return out
    }

    /// Mean colour value of a BGRA thumbnail, 0 … 255.
    static func brightness(_ a: [UInt8]) -> Double {
        var sum = 0
        for i in a.indices where i % 4 != 3 { sum += Int(a[i]) }
        return Double(sum) / Double(a.count / 4 * 3)
    }

    /// A card decoded the way the tests decode the video (the same scaling).
    static func thumbnail(_ png: URL) throws -> [UInt8] {
        try #require(try MediaSupport.decodeFrames(png).first)
    }

    static func clip(_ node: Int, _ start: Int, _ frames: Int, _ kind: TransitionKind = .cut, length: Int = 0) -> TimelineClip {
        TimelineClip(node: node, startFrame: start, durationFrames: frames, transitionIn: Transition(kind: kind, durationFrames: length),
                     cutID: "c\(start)")
    }

    /// Frames drawn as transitions (not held cards), from the geometry.
    static func drawnFrames(_ pieces: [PicturePiece<Int>]) -> Set<Int> {
        var drawn = Set<Int>()
        var frame = 0
        for piece in pieces {
            if case .blend = piece { drawn.formUnion(frame..<(frame + piece.frames)) }
            frame += piece.frames
        }
        return drawn
    }

    @Test("every kind of transition is drawn on its frames, encoded once per run, and cached across edits elsewhere")
    func everyKind() throws {
        let folder = try MediaSupport.temporaryFolder("transitions")
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = try CardRenderer()
        let specs = [
            CardSpec(sceneHeading: "INT. HALL - DAY", setting: .interior, timeOfDay: "DAY", framing: .wide, characters: ["ADA"]),
            CardSpec(sceneHeading: "EXT. YARD - NIGHT", setting: .exterior, timeOfDay: "NIGHT", framing: .close, subject: "BEN"),
            CardSpec(sceneHeading: "EXT. BEACH - DUSK", setting: .exterior, timeOfDay: "DUSK", framing: .establishing),
            CardSpec(sceneHeading: "INT. CELLAR - NIGHT", setting: .interior, timeOfDay: "NIGHT", framing: .medium, characters: ["CY"]),
        ]
        var cards: [URL] = []
        for (i, spec) in specs.enumerated() {
            let url = folder.appendingPathComponent("card\(i).png")
            try renderer.renderPNG(spec, to: url)
            cards.append(url)
        }
        // Six 20-frame cuts into every kind of transition, then a long one that fades out at the end.
        let plan: [(card: Int, kind: TransitionKind, length: Int)] = [
            (0, .cut, 0), (1, .crossfade, 8), (2, .fade, 6), (0, .fadeIn, 6), (1, .fadeOut, 6), (2, .cutToBlack, 4), (0, .whip, 6),
            (1, .wipe, 8), (2, .irisOut, 6), (0, .irisIn, 6),
        ]
        var clips: [TimelineClip] = []
        for (i, entry) in plan.enumerated() { clips.append(Self.clip(entry.card, i * 20, i == plan.count - 1 ? 40 : 20, entry.kind, length: entry.length)) }
        let total = clips.reduce(0) { $0 + $1.durationFrames }
        let end = Transition(kind: .fadeOut)
        let timeline = TimelineRequest(durationFrames: total, clips: clips, audio: [], endTransition: end)
        let endFrames = max(RenderMapping.transitionFrames(end), 24)

        // The geometry: transition frames exactly where each kind puts them, nothing else drawn.
        let pieces = RenderMapping.pictureGeometry(timeline)
        #expect(pieces.reduce(0) { $0 + $1.frames } == total)
        var expected = Set<Int>()
        for clip in clips {
            let length = RenderMapping.transitionFrames(clip.transitionIn)
            let s = clip.startFrame
            switch clip.transitionIn.kind {
            case .crossfade, .wipe, .fadeIn, .irisIn, .cutToBlack, .whip: expected.formUnion(s..<(s + length))
            case .fade: expected.formUnion((s - length)..<(s + length))
            case .fadeOut, .irisOut: expected.formUnion((s - length)..<s)
            case .cut: break
            }
        }
        expected.formUnion((total - endFrames)..<total)
        #expect(Self.drawnFrames(pieces) == expected)
        // The timeline exports (OTIO) put each transition on the same frames as the picture.
        var exported = Set<Int>()
        for clip in clips {
            guard let t = RenderMapping.cutTransition(clip.transitionIn) else { continue }
            exported.formUnion((clip.startFrame - t.beforeFrames)..<(clip.startFrame + t.afterFrames))
        }
        exported.formUnion((total - endFrames)..<total)
        #expect(exported == expected)

        // Encoded, muxed and decoded.
        let encoder = try FFmpegEncoder()
        func encode(_ pieces: [PicturePiece<Int>], cardFiles: [URL], name: String) throws -> FFmpegEncoder.PictureResult {
            let sources = pieces.map { piece -> PicturePiece<VideoShot.Source> in
                switch piece {
                case .still(let card, let frames): .still(.png(cardFiles[card]), frames: frames)
                case .blend(let run): .blend(run.map { $0.map { .png(cardFiles[$0]) } })
                }
            }
            return try encoder.encodePicture(sources, cache: true, to: folder.appendingPathComponent("\(name).h264"))
        }
        let cold = try encode(pieces, cardFiles: cards, name: "cold")
        let runs = pieces.filter { if case .blend = $0 { true } else { false } }.count
        #expect(cold.frames == total && cold.blendsEncoded == runs && cold.blendsReused == 0 && cold.slotsEncoded == 3)
        // Every piece starts with an IDR frame, so the stream concatenates.
        let stream = AnnexB.frames(in: [UInt8](try Data(contentsOf: folder.appendingPathComponent("cold.h264"))))
        #expect(stream.count == total)
        var at = 0
        for piece in pieces {
            #expect(stream[at].isIDR, "piece at frame \(at)")
            at += piece.frames
        }
        let mp4 = folder.appendingPathComponent("cold.mp4")
        try encoder.mux(video: folder.appendingPathComponent("cold.h264"), audio: nil, frameRate: 24, frames: total, to: mp4)
        let frames = try MediaSupport.decodeFrames(mp4)
        try #require(frames.count == total, "\(frames.count) frames decoded, the timeline has \(total)")

        let thumbs = try cards.map(Self.thumbnail)
        let plainBrightness = thumbs.map(Self.brightness)
        func card(at f: Int) -> Int { clips.last { $0.startFrame <= f }!.node }
        /// The frame is the plain card of its cut.
        func expectPlain(_ f: Int, _ note: String) {
            let d = Self.difference(frames[f], thumbs[card(at: f)])
            #expect(d < 4, "frame \(f) (\(note)) differs from its card by \(d)")
        }
        // Brightness of each card as decoded (a frame that `expectPlain` checks below shows it
        // plain), so a fade is compared with what the codec makes of the card, not with the PNG.
        let decodedBrightness = [0, clips[1].startFrame + RenderMapping.transitionFrames(clips[1].transitionIn),
                                 clips[2].startFrame + RenderMapping.transitionFrames(clips[2].transitionIn)].map { Self.brightness(frames[$0]) }
        /// The frame is its card at `gain` (a fade): brightness in proportion, and dark when the gain is low.
        func expectGain(_ f: Int, card c: Int, _ gain: Double, _ note: String) {
            let ratio = Self.brightness(frames[f]) / decodedBrightness[c]
            #expect(abs(ratio - gain) < 0.08, "frame \(f) (\(note)): brightness ratio \(ratio), gain \(gain)")
        }

        // Dissolve: each frame lies between the two cards in proportion to its place in the dissolve.
        let dissolve = clips[1], dl = RenderMapping.transitionFrames(dissolve.transitionIn)
        let between = Self.difference(thumbs[0], thumbs[1])
        #expect(between > 20)
        expectPlain(dissolve.startFrame - 1, "before the dissolve")
        expectPlain(dissolve.startFrame + dl, "after the dissolve")
        for j in 0..<dl {
            let f = dissolve.startFrame + j, a = (Double(j) + 0.5) / Double(dl)
            let toOut = Self.difference(frames[f], thumbs[0]), toIn = Self.difference(frames[f], thumbs[1])
            #expect(toOut > 0 && toIn > 0 && toOut < between && toIn < between, "dissolve frame \(j)")
            #expect(abs(toOut / between - a) < 0.1 && abs(toIn / between - (1 - a)) < 0.1,
                    "dissolve frame \(j): \(toOut / between) of the way from the outgoing card, expected \(a)")
        }

        // Fade: down to black over the outgoing cut's last frames, up over the incoming's first.
        let fade = clips[2], fl = RenderMapping.transitionFrames(fade.transitionIn)
        expectPlain(fade.startFrame - fl - 1, "before the fade")
        expectPlain(fade.startFrame + fl, "after the fade")
        for j in 0..<fl {
            expectGain(fade.startFrame - fl + j, card: 1, (Double(fl - j) - 0.5) / Double(fl), "fade down")
            expectGain(fade.startFrame + j, card: 2, (Double(j) + 0.5) / Double(fl), "fade up")
        }
        #expect(Self.brightness(frames[fade.startFrame]) < 0.15 * plainBrightness[2], "the middle of the fade is near black")

        // Fade in: a hard cut into black, then up; fade out: down, then a hard cut in.
        let fadeIn = clips[3], fil = RenderMapping.transitionFrames(fadeIn.transitionIn)
        expectPlain(fadeIn.startFrame - 1, "before the fade in")
        for j in 0..<fil { expectGain(fadeIn.startFrame + j, card: 0, (Double(j) + 0.5) / Double(fil), "fade in") }
        expectPlain(fadeIn.startFrame + fil, "after the fade in")
        let fadeOut = clips[4], fol = RenderMapping.transitionFrames(fadeOut.transitionIn)
        expectPlain(fadeOut.startFrame - fol - 1, "before the fade out")
        for j in 0..<fol { expectGain(fadeOut.startFrame - fol + j, card: 0, (Double(fol - j) - 0.5) / Double(fol), "fade out") }
        expectPlain(fadeOut.startFrame, "the cut after the fade out")

        // Cut to black: black from the cut, then the card.
        let black = clips[5], bl = RenderMapping.transitionFrames(black.transitionIn)
        expectPlain(black.startFrame - 1, "before the cut to black")
        for j in 0..<bl { #expect(Self.brightness(frames[black.startFrame + j]) < 3, "cut to black, frame \(j)") }
        expectPlain(black.startFrame + bl, "after the black")

        // Whip: the outgoing card slides out left while the incoming one slides in from the right.
        let whip = clips[6], wl = RenderMapping.transitionFrames(whip.transitionIn)
        expectPlain(whip.startFrame - 1, "before the whip")
        expectPlain(whip.startFrame + wl, "after the whip")
        let mid = frames[whip.startFrame + wl / 2]
        let whipBetween = Self.difference(thumbs[2], thumbs[0])
        #expect(Self.difference(mid, thumbs[2]) > 0.2 * whipBetween && Self.difference(mid, thumbs[0]) > 0.2 * whipBetween)

        // Wipe: left of a vertical edge moving right, the incoming card; right of it, the outgoing.
        let wipe = clips[7], wpl = RenderMapping.transitionFrames(wipe.transitionIn)
        expectPlain(wipe.startFrame - 1, "before the wipe")
        expectPlain(wipe.startFrame + wpl, "after the wipe")
        let midWipe = frames[wipe.startFrame + wpl / 2]  // the edge at 56 % of the width
        let left = 0..<28, right = 42..<64
        let wipeBetween = Self.difference(Self.region(thumbs[0], left), Self.region(thumbs[1], left))
        #expect(wipeBetween > 10)
        #expect(Self.difference(Self.region(midWipe, left), Self.region(thumbs[1], left)) < 0.25 * wipeBetween, "the incoming card left of the edge")
        #expect(Self.difference(Self.region(midWipe, right), Self.region(thumbs[0], right)) < 0.25 * Self.difference(Self.region(thumbs[0], right), Self.region(thumbs[1], right)),
                "the outgoing card right of the edge")

        // Irises: a circle closing on the outgoing card, then one opening on the incoming.
        let irisOut = clips[8], iol = RenderMapping.transitionFrames(irisOut.transitionIn)
        let irisIn = clips[9], iil = RenderMapping.transitionFrames(irisIn.transitionIn)
        expectPlain(irisOut.startFrame - iol - 1, "before the iris out")
        expectPlain(irisIn.startFrame + iil, "after the iris in")
        let closing = frames[irisOut.startFrame - iol / 2], opening = frames[irisIn.startFrame + iil / 2]
        let centre = 26..<38, centreRows = 14..<22
        for (frame, card) in [(closing, 1), (opening, 0)] {
            #expect(Self.difference(Self.region(frame, centre, rows: centreRows), Self.region(thumbs[card], centre, rows: centreRows)) < 6,
                    "the card inside the circle")
            #expect(Self.brightness(Self.region(frame, 0..<5, rows: 0..<4)) < 4, "black in the corner")
        }
        #expect(Self.brightness(Self.region(frames[irisOut.startFrame - 1], 0..<64, rows: 0..<36)) < 0.2 * Self.brightness(thumbs[1]),
                "the iris is nearly shut on its last frame")

        // The end: the last `endFrames` frames go down to near black.
        expectPlain(total - endFrames - 1, "before the end fade")
        for j in 0..<endFrames { expectGain(total - endFrames + j, card: 0, (Double(endFrames - j) - 0.5) / Double(endFrames), "end") }
        #expect(Self.brightness(frames[total - 1]) < 0.1 * plainBrightness[0])

        // Again: nothing encoded. Lengthening a held stretch elsewhere re-encodes no transition.
        let warm = try encode(pieces, cardFiles: cards, name: "warm")
        #expect(warm.blendsEncoded == 0 && warm.blendsReused == runs && warm.slotsEncoded == 0)
        #expect(try Data(contentsOf: folder.appendingPathComponent("warm.h264")) == Data(contentsOf: folder.appendingPathComponent("cold.h264")))
        var longer = clips
        longer[0].durationFrames += 5
        for i in 1..<longer.count { longer[i].startFrame += 5 }
        let moved = try encode(RenderMapping.pictureGeometry(TimelineRequest(durationFrames: total + 5, clips: longer, audio: [], endTransition: end)),
                               cardFiles: cards, name: "moved")
        #expect(moved.frames == total + 5 && moved.blendsEncoded == 0 && moved.slotsEncoded == 0)
        // A new card in one cut re-encodes only the transition that shows it (the fade into it).
        var edited = clips
        edited[2].node = 3
        let changed = try encode(RenderMapping.pictureGeometry(TimelineRequest(durationFrames: total, clips: edited, audio: [], endTransition: end)),
                                 cardFiles: cards, name: "changed")
        #expect(changed.blendsEncoded == 1 && changed.blendsReused == runs - 1 && changed.slotsEncoded == 1)
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)
    }

    @Test("the small episode: the dissolve and the end fade take exactly the frames the sound gives them")
    func linedUpWithSound() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let plan = r.plan
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { Issue.record("no timeline"); return }
        let spf = RenderMapping.samplesPerFrame
        let sound = RenderMapping.episodeClipGeometry(timeline, plan: plan).map(\.clip)
        try #require(sound.count == 2)
        // The dissolve: the incoming scene fades in over [s, s + L); the outgoing one runs L frames past s.
        let s = sound[1].startFrame / spf, dl = sound[1].fadeInFrames / spf
        #expect(dl == 12 && sound[0].startFrame + (sound[0].durationFrames ?? 0) == (s + dl) * spf)
        // The end: the last scene fades out over its last frames.
        let total = plan.durationFrames, el = sound[1].fadeOutFrames / spf
        #expect(el >= 24 && sound[1].startFrame / spf + (sound[1].durationFrames ?? 0) / spf == total)

        let pieces = RenderMapping.pictureGeometry(timeline)
        #expect(Self.drawnFrames(pieces) == Set(s..<(s + dl)).union((total - el)..<total))

        let frames = try MediaSupport.decodeFrames(r.url("mp4"))
        try #require(frames.count == total, "\(frames.count) frames decoded, the timeline has \(total)")
        let clips = timeline.clips.filter { $0.durationFrames > 0 }
        // The cards drawn again from the plan, as the renderer draws them.
        let renderer = try CardRenderer()
        let scratch = try MediaSupport.temporaryFolder("transitions-cards")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var thumbs: [Int: [UInt8]] = [:]
        func cardThumb(at f: Int) throws -> [UInt8] {
            let clip = try #require(clips.last { $0.startFrame <= f })
            if let thumb = thumbs[clip.node] { return thumb }
            guard case .visual(let request) = plan.nodes[clip.node].inputs else { throw RenderError.internalError("not a card") }
            let scene = r.episode.scenes.first { $0.cuts.contains { $0.id == clip.cutID } }
            let spec = RenderMapping.card(request, scene: scene, cut: scene?.cuts.first { $0.id == clip.cutID })
            let png = scratch.appendingPathComponent("\(clip.node).png")
            try renderer.renderPNG(spec, to: png)
            let thumb = try Self.thumbnail(png)
            thumbs[clip.node] = thumb
            return thumb
        }
        let outgoing = try cardThumb(at: s - 1), incoming = try cardThumb(at: s + dl)
        let between = Self.difference(outgoing, incoming)
        #expect(between > 5)
        #expect(Self.difference(frames[s - 1], outgoing) < 0.2 * between, "the frame before the dissolve is the outgoing card")
        #expect(Self.difference(frames[s + dl], incoming) < 0.2 * between, "the frame after it is the incoming card")
        let middle = frames[s + dl / 2]
        let toOut = Self.difference(middle, outgoing), toIn = Self.difference(middle, incoming)
        #expect(toOut > 0.3 * between && toIn > 0.3 * between && toOut < between && toIn < between,
                "mid-dissolve: \(toOut) from the outgoing card, \(toIn) from the incoming, \(between) between them")

        let last = try cardThumb(at: total - 1)
        #expect(Self.difference(frames[total - el - 1], try cardThumb(at: total - el - 1)) < 4, "before the fade")
        #expect(Self.brightness(frames[total - 1]) < 0.1 * Self.brightness(last), "the last frame is near black")
        let half = Self.brightness(frames[total - el / 2]) / Self.brightness(try cardThumb(at: total - el / 2))
        #expect(abs(half - (Double(el / 2) - 0.5) / Double(el)) < 0.1, "half way down: \(half)")
    }

    @Test("bad transition input is an error, not a crash, and leaves nothing behind")
    func badInput() throws {
        let folder = try MediaSupport.temporaryFolder("transitions-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoder = try FFmpegEncoder()
        let missing = VideoShot.Source.png(folder.appendingPathComponent("missing.png"))
        let output = folder.appendingPathComponent("bad.h264")
        let nan: [PicturePiece<VideoShot.Source>] = [.blend([BlendFrame(layers: [.init(card: missing, opacity: .nan)])])]
        #expect(throws: EncodeError.self) { try encoder.encodePicture(nan, to: output) }
        let unreadable: [PicturePiece<VideoShot.Source>] = [.blend([BlendFrame(layers: [.init(card: missing, opacity: 0.5)])])]
        #expect(throws: EncodeError.self) { try encoder.encodePicture(unreadable, to: output) }
        #expect(throws: EncodeError.self) { try encoder.encodePicture([.blend([])], to: output) }
        #expect(throws: EncodeError.self) { try encoder.encodePicture([], to: output) }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)
        // Out-of-range opacities and offsets are clamped: a card slid far away leaves black.
        let card = folder.appendingPathComponent("card.png")
        try CardRenderer().renderPNG(CardSpec(sceneHeading: "INT. HALL - DAY", setting: .interior), to: card)
        let far: [PicturePiece<VideoShot.Source>] = [.blend([BlendFrame(layers: [.init(card: .png(card), opacity: 7, offset: 1e300)])])]
        #expect(try encoder.encodePicture(far, to: output).frames == 1)
        let mp4 = folder.appendingPathComponent("far.mp4")
        try encoder.mux(video: output, audio: nil, frameRate: 24, frames: 1, to: mp4)
        let decoded = try MediaSupport.decodeFrames(mp4)
        #expect(decoded.count == 1 && decoded.allSatisfy { Self.brightness($0) < 3 })
        // Windows far out of range are clamped too: nothing shows through an inside-out wipe or a
        // circle of no radius, and a huge circle shows the whole card.
        let windows: [PicturePiece<VideoShot.Source>] = [.blend([
            BlendFrame(layers: [.init(card: .png(card), opacity: 1, window: .columns(from: 1e300, to: -1e300))]),
            BlendFrame(layers: [.init(card: .png(card), opacity: 1, window: .circle(radius: -1e300))]),
            BlendFrame(layers: [.init(card: .png(card), opacity: 1, window: .circle(radius: 1e300))]),
        ])]
        #expect(try encoder.encodePicture(windows, to: output).frames == 3)
        let windowsMP4 = folder.appendingPathComponent("windows.mp4")
        try encoder.mux(video: output, audio: nil, frameRate: 24, frames: 3, to: windowsMP4)
        let windowFrames = try MediaSupport.decodeFrames(windowsMP4)
        try #require(windowFrames.count == 3)
        #expect(Self.brightness(windowFrames[0]) < 3 && Self.brightness(windowFrames[1]) < 3)
        #expect(Self.difference(windowFrames[2], try Self.thumbnail(card)) < 4)

        // Geometry from odd timelines: transitions longer than their cuts, at the very start, none at all.
        let odd = TimelineRequest(durationFrames: 7, clips: [Self.clip(0, 0, 3, .crossfade, length: 50), Self.clip(1, 3, 0, .whip),
                                                             Self.clip(1, 3, 4, .fade, length: 30)],
                                  audio: [], endTransition: Transition(kind: .fade, durationFrames: 99))
        let pieces = RenderMapping.pictureGeometry(odd)
        #expect(pieces.reduce(0) { $0 + $1.frames } == 7)
        #expect(RenderMapping.pictureGeometry(TimelineRequest(durationFrames: 0, clips: [], audio: [], endTransition: nil)).isEmpty)
    }
}
