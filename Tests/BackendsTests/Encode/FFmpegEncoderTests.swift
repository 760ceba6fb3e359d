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
        #expect(result.imagesWritten == 4)  // one per shot, plus the last card again to close it
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

    @Test("the setpts expression places written images at the cut frames")
    func setptsPlan() {
        let shots = [37, 13, 50].map { VideoShot(.png(URL(fileURLWithPath: "/x.png")), durationFrames: $0) }
        #expect(FFmpegEncoder.presentationFrames(shots) == [0, 37, 50, 100])
        #expect(FFmpegEncoder.setptsExpression([0, 37, 50, 100]) == "0+gte(N,1)*37+gte(N,2)*13+gte(N,3)*50")
        let single = [VideoShot(.png(URL(fileURLWithPath: "/x.png")), durationFrames: 1)]
        #expect(FFmpegEncoder.presentationFrames(single) == [0, 1])
    }
}
