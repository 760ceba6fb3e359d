import Foundation
import Testing

@testable import Backends

@Suite("ffmpeg encoder", .serialized)
struct FFmpegEncoderTests {
    /// Three visibly different cards with durations that share no common factor, so the encoder
    /// cannot rely on a lower input frame rate to place the cuts.
    static func shots() throws -> [(CardImage, Int)] {
        let renderer = try CardRenderer()
        let specs = [
            CardSpec(
                sceneHeading: "INT. KITCHEN - DAY", setting: .interior, timeOfDay: "DAY", framing: .medium,
                characters: ["MARGO"]),
            CardSpec(
                sceneHeading: "EXT. ALLEY - NIGHT", setting: .exterior, timeOfDay: "NIGHT", framing: .wide,
                characters: ["TEDDY"]),
            CardSpec(
                sceneHeading: "EXT. ROOF - DUSK", setting: .exterior, timeOfDay: "DUSK", framing: .close,
                subject: "JUNE", line: .init(speaker: "JUNE", text: "Look at that sky.")),
        ]
        var result: [(CardImage, Int)] = []
        for (spec, frames) in zip(specs, [37, 13, 50]) {
            result.append((try renderer.render(spec), frames))
        }
        return result
    }

    @Test("the MP4 has h264 + aac at 24 fps, lasts the timeline ±1 frame, and every frame shows the right card")
    func encodeAndProbe() throws {
        let folder = try MediaSupport.temporaryFolder("encode")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cards = try Self.shots()
        let wav = folder.appendingPathComponent("mix.wav")
        try MediaSupport.writeSineWAV(to: wav, seconds: 5)  // longer than the picture: must be trimmed
        let output = folder.appendingPathComponent("ep.mp4")
        let encoder = try FFmpegEncoder()
        let request = EncodeRequest(
            shots: cards.map { VideoShot(.image($0.0), durationFrames: $0.1) }, audio: wav, output: output)
        let result = try encoder.encode(request)
        #expect(result.frames == 100)
        #expect(result.imagesWritten == 3)  // one slot per distinct card
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)

        let probe = try MediaSupport.probe(output)
        let streams = try #require(probe["streams"] as? [[String: Any]])
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let audio = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(video["width"] as? Int == 1280 && video["height"] as? Int == 720)
        #expect(video["r_frame_rate"] as? String == "24/1")
        #expect(video["avg_frame_rate"] as? String == "24/1")
        #expect(video["nb_read_frames"] as? String == "100")
        #expect(audio["codec_name"] as? String == "aac")
        let format = try #require(probe["format"] as? [String: Any])
        let duration = try #require(Double(format["duration"] as? String ?? ""))
        #expect(abs(duration - 100.0 / 24) <= 1.0 / 24 + 1e-6, "duration \(duration)")

        // Each decoded frame is nearest to the card the timeline puts there; cuts at 37 and 50.
        let decoded = try MediaSupport.decodeFrames(output)
        #expect(decoded.count == 100)
        let references = cards.map { MediaSupport.meanColour($0.0.bgra) }
        for (frame, pixels) in decoded.enumerated() {
            let expected = frame < 37 ? 0 : frame < 50 ? 1 : 2
            let colour = MediaSupport.meanColour(pixels)
            let nearest = references.indices.min { MediaSupport.distance(colour, references[$0]) < MediaSupport.distance(colour, references[$1]) }
            #expect(nearest == expected, "frame \(frame) looks like card \(nearest ?? -1), expected \(expected)")
            #expect(MediaSupport.distance(colour, references[expected]) < 6, "frame \(frame) colour drift")
        }
    }

    @Test("PNG cards on disk stream through the encoder without audio")
    func pngShotsNoAudio() throws {
        let folder = try MediaSupport.temporaryFolder("encode-png")
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = try CardRenderer()
        let card = folder.appendingPathComponent("card.png")
        try renderer.renderPNG(CardSpec(sceneHeading: "INT. HALL - DAY", setting: .interior), to: card)
        let output = folder.appendingPathComponent("silent.mp4")
        let result = try FFmpegEncoder().encode(
            EncodeRequest(shots: [VideoShot(.png(card), durationFrames: 1), VideoShot(.png(card), durationFrames: 23)], output: output))
        #expect(result.frames == 24)
        let streams = try #require(try MediaSupport.probe(output)["streams"] as? [[String: Any]])
        #expect(streams.count == 1)
        #expect(streams.first?["nb_read_frames"] as? String == "24")
    }

    @Test("a missing ffmpeg is a clear error")
    func missingTool() {
        #expect(throws: EncodeError.self) {
            _ = try FFmpegEncoder(executable: URL(fileURLWithPath: "/nonexistent/ffmpeg"))
        }
        do {
            _ = try FFmpegEncoder(executable: URL(fileURLWithPath: "/nonexistent/ffmpeg"))
        } catch {
            #expect("\(error)".contains("ffmpeg"))
        }
    }

    @Test("when ffmpeg fails the error carries its log and nothing is left in the output folder")
    func failingEncode() throws {
        let folder = try MediaSupport.temporaryFolder("encode-fail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAudio = folder.appendingPathComponent("broken.wav")
        try Data("this is not a wav file".utf8).write(to: notAudio)
        let output = folder.appendingPathComponent("ep.mp4")
        let card = try CardRenderer().render(CardSpec(sceneHeading: "INT. HALL - DAY"))
        do {
            _ = try FFmpegEncoder().encode(
                EncodeRequest(shots: [VideoShot(.image(card), durationFrames: 48)], audio: notAudio, output: output))
            Issue.record("encoding with a broken sound track should fail")
        } catch {
            guard case EncodeError.failed(let message) = error else {
                Issue.record("expected .failed, got \(error)")
                return
            }
            #expect(message.contains("broken.wav"), "message: \(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["broken.wav"])
    }

    @Test("slots: a shot is whole slots plus a prefix, split at frame boundaries, cached beside PNG cards")
    func slots() throws {
        #expect(StillSlot.pieces(frames: 37, slotFrames: 12) == (3, 1))
        #expect(StillSlot.pieces(frames: 5, slotFrames: 12) == (0, 5))
        #expect(StillSlot.pieces(frames: 24, slotFrames: 12) == (2, 0))

        let folder = try MediaSupport.temporaryFolder("encode-slots")
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = try CardRenderer()
        let first = folder.appendingPathComponent("a.png")
        let second = folder.appendingPathComponent("b.png")
        try renderer.renderPNG(CardSpec(sceneHeading: "INT. HALL - DAY", setting: .interior), to: first)
        try renderer.renderPNG(CardSpec(sceneHeading: "EXT. YARD - NIGHT", setting: .exterior, timeOfDay: "NIGHT"), to: second)
        let encoder = try FFmpegEncoder(settings: .init(slotFrames: 8))
        let shots = [VideoShot(.png(first), durationFrames: 19), VideoShot(.png(second), durationFrames: 3),
                     VideoShot(.png(first), durationFrames: 8)]
        let stream = folder.appendingPathComponent("a.h264")
        let cold = try encoder.encodeVideo(shots, slotCache: true, to: stream)
        #expect(cold.frames == 30 && cold.slotsEncoded == 2 && cold.slotsReused == 0)

        // Each cached slot is 8 frames and starts with an IDR frame.
        for card in [first, second] {
            let data = try Data(contentsOf: encoder.slotURL(for: card))
            let slot = try #require(StillSlot(bytes: [UInt8](data)))
            #expect(slot.frames == 8)
            #expect(AnnexB.frames(in: slot.bytes).map(\.isIDR) == [true] + Array(repeating: false, count: 7))
        }
        // The stream: 19 = 8 + 8 + 3, then 3, then 8: keyframes where a slot starts.
        let frames = AnnexB.frames(in: [UInt8](try Data(contentsOf: stream)))
        #expect(frames.count == 30)
        #expect(frames.indices.filter { frames[$0].isIDR } == [0, 8, 16, 19, 22])

        // Again: nothing encoded, the same bytes.
        let warm = try encoder.encodeVideo(shots, slotCache: true, to: folder.appendingPathComponent("b.h264"))
        #expect(warm.slotsEncoded == 0 && warm.slotsReused == 2)
        #expect(try Data(contentsOf: stream) == Data(contentsOf: folder.appendingPathComponent("b.h264")))

        // Muxed: 30 frames at 24 fps, decodable, the right card on each frame.
        let output = folder.appendingPathComponent("a.mp4")
        try encoder.mux(video: stream, audio: nil, frameRate: 24, frames: 30, to: output)
        let decoded = try MediaSupport.decodeFrames(output)
        #expect(decoded.count == 30)
        let references = try [first, second].map { MediaSupport.meanColour(try CardImage(contentsOfPNG: $0).bgra) }
        for (frame, pixels) in decoded.enumerated() {
            let expected = frame >= 19 && frame < 22 ? 1 : 0
            let colour = MediaSupport.meanColour(pixels)
            #expect(MediaSupport.distance(colour, references[expected]) < MediaSupport.distance(colour, references[1 - expected]),
                    "frame \(frame)")
        }
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)
    }

    @Test("the frame splitter finds frames by their first slice, with parameter sets in front")
    func annexB() {
        // SPS, PPS, IDR slice (first_mb 0), P slice (first_mb 0), P slice (first_mb ≠ 0), P slice (first_mb 0)
        let bytes: [UInt8] = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 0x88, 4,
                              0, 0, 1, 0x41, 0x9A, 5, 0, 0, 1, 0x41, 0x40, 6, 0, 0, 1, 0x41, 0x80, 7]
        let frames = AnnexB.frames(in: bytes)
        #expect(frames == [AnnexB.Frame(start: 0, isIDR: true), AnnexB.Frame(start: 18, isIDR: false),
                           AnnexB.Frame(start: 30, isIDR: false)])
        #expect(StillSlot(bytes: bytes)?.frames == 3)
        #expect(StillSlot(bytes: Array(bytes[18...])) == nil)  // does not start with an IDR frame
        #expect(AnnexB.frames(in: []).isEmpty)
    }
}
