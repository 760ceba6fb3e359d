import Foundation
import Testing

@testable import Backends

/// Test helpers around real media files: a temp folder, a WAV writer, ffprobe and a frame decoder.
enum MediaSupport {
    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A 16-bit mono PCM WAV with a sine tone.
    static func writeSineWAV(to url: URL, seconds: Double, frequency: Double = 440, sampleRate: Int = 48_000) throws {
        let count = Int(seconds * Double(sampleRate))
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))
        append(UInt16(1))
        append(UInt32(sampleRate))
        append(UInt32(sampleRate * 2))
        append(UInt16(2))
        append(UInt16(16))
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(count * 2))
        for index in 0..<count {
            let sample = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * 0.3
            append(Int16(sample * Double(Int16.max)))
        }
        try data.write(to: url)
    }

    /// `ffprobe -show_streams -show_format -of json`, decoded loosely.
    static func probe(_ url: URL) throws -> [String: Any] {
        let ffprobe = try #require(ExternalTool.find("ffprobe"), "ffprobe is needed (apt-get install ffmpeg)")
        let (status, output, errors) = try ExternalTool.run(
            ffprobe, ["-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json", url.path])
        #expect(status == 0, "ffprobe: \(errors)")
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }

    /// Every frame of a video, scaled to `width`×`height`, as BGRA bytes.
    static func decodeFrames(_ url: URL, width: Int = 64, height: Int = 36) throws -> [[UInt8]] {
        let ffmpeg = try #require(ExternalTool.find("ffmpeg"))
        let (status, output, errors) = try ExternalTool.run(
            ffmpeg,
            [
                "-v", "error", "-i", url.path, "-map", "0:v:0", "-vf", "scale=\(width):\(height):flags=area",
                "-f", "rawvideo", "-pix_fmt", "bgra", "pipe:1",
            ])
        #expect(status == 0, "ffmpeg decode: \(errors)")
        let frameBytes = width * height * 4
        let bytes = [UInt8](output)
        return stride(from: 0, to: bytes.count - frameBytes + 1, by: frameBytes).map {
            Array(bytes[$0..<($0 + frameBytes)])
        }
    }

    /// Mean (b, g, r) of BGRA bytes.
    static func meanColour(_ bgra: [UInt8]) -> (Double, Double, Double) {
        var sums = (0.0, 0.0, 0.0)
        let pixels = bgra.count / 4
        for index in 0..<pixels {
            sums.0 += Double(bgra[index * 4])
            sums.1 += Double(bgra[index * 4 + 1])
            sums.2 += Double(bgra[index * 4 + 2])
        }
        return (sums.0 / Double(pixels), sums.1 / Double(pixels), sums.2 / Double(pixels))
    }

    static func distance(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)).squareRoot()
    }

    /// The ordinary temporaries the atomic writers leave behind on failure (there should be none).
    static func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { AtomicFile.isTemporary($0) }
    }
}
