import Foundation
import Testing

@testable import Backends

/// Numbers for docs/PERFORMANCE.md ("Cards and encoding"). Runs only with SCRIPTC_BENCH_CARDS=1,
/// in a release build:
///
///     SCRIPTC_BENCH_CARDS=1 swift test -c release -Xswiftc -enable-testing --filter CardsBenchmark
@Suite("Cards and encoding benchmark", .enabled(if: ProcessInfo.processInfo.environment["SCRIPTC_BENCH_CARDS"] != nil))
struct CardsBenchmark {
    @Test("card render time, encode time vs. the plain ffmpeg CLI on the same images")
    func measure() throws {
        let folder = try MediaSupport.temporaryFolder("bench-cards")
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = try CardRenderer()
        let framings = CardSpec.Framing.allCases
        let specs = (0..<30).map { index in
            CardSpec(
                sceneHeading: "\(index % 2 == 0 ? "INT" : "EXT"). PLACE \(index) - \(index % 3 == 0 ? "NIGHT" : "DAY")",
                setting: index % 2 == 0 ? .interior : .exterior, timeOfDay: index % 3 == 0 ? "NIGHT" : "DAY",
                framing: framings[index % framings.count], subject: "MARGO", characters: ["TEDDY"],
                action: "Beat \(index): the kettle whistles, the radio hums.",
                line: .init(speaker: "MARGO", text: "Line number \(index), said out loud."))
        }
        _ = try renderer.render(specs[0])  // font loading
        var start = Date()
        var images: [CardImage] = []
        for spec in specs { images.append(try renderer.render(spec)) }
        let renderMs = Date().timeIntervalSince(start) * 1000 / Double(specs.count)
        start = Date()
        for (index, spec) in specs.enumerated() {
            try renderer.renderPNG(spec, to: folder.appendingPathComponent("c\(index).png"))
        }
        let pngMs = Date().timeIntervalSince(start) * 1000 / Double(specs.count)

        // 60 s of 720p24: 30 shots of 2 s, with a 60 s sound track.
        let wav = folder.appendingPathComponent("mix.wav")
        try MediaSupport.writeSineWAV(to: wav, seconds: 60)
        let shots = images.map { VideoShot(.image($0), durationFrames: 48) }
        let encoder = try FFmpegEncoder()
        start = Date()
        _ = try encoder.encode(EncodeRequest(shots: shots, audio: wav, output: folder.appendingPathComponent("a.mp4")))
        let encodeSeconds = Date().timeIntervalSince(start)

        // The floor: the ffmpeg CLI reading the same images from a file with the same settings.
        let raw = folder.appendingPathComponent("frames.bgra")
        var bytes = Data()
        for image in images + [images.last!] { bytes.append(contentsOf: image.bgra) }
        try bytes.write(to: raw)
        // Image N at frame 48·N, every frame encoded: the whole-episode encode the slots replace.
        let filter = "setpts=N*48,format=yuv420p,fps=24"
        let arguments = [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgra", "-s",
            "1280x720", "-framerate", "24", "-i", raw.path, "-i", wav.path, "-vf", filter, "-map", "0:v:0", "-map",
            "1:a:0", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-tune", "stillimage", "-pix_fmt",
            "yuv420p", "-r", "24", "-fps_mode", "cfr", "-frames:v", "1440", "-c:a", "aac", "-b:a", "160k", "-t",
            "60.000000", "-movflags", "+faststart", "-f", "mp4", folder.appendingPathComponent("b.mp4").path,
        ]
        start = Date()
        let (status, _, errors) = try ExternalTool.run(encoder.executable, arguments)
        let floorSeconds = Date().timeIntervalSince(start)
        #expect(status == 0, "\(errors)")

        // Every frame piped (what a naive encoder does), 10 s only: 240 frames.
        let everyFrame = images.prefix(5).map { VideoShot(.image($0), durationFrames: 48) }
        start = Date()
        _ = try encoder.encode(EncodeRequest(shots: everyFrame, output: folder.appendingPathComponent("c.mp4")))
        let tenSeconds = Date().timeIntervalSince(start)

        print(
            String(
                format: "BENCH card render %.2f ms/card, render+PNG %.2f ms/card; encode 60 s 720p24+AAC %.2f s; ffmpeg CLI floor %.2f s; encode 10 s no audio %.2f s",
                renderMs, pngMs, encodeSeconds, floorSeconds, tenSeconds))
    }
}
