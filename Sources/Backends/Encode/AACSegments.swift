import Foundation

/// AAC in independently encoded segments that join without a seam, so an edit re-encodes only
/// the segments whose sound changed.
///
/// AAC codes 1024-sample frames with windows that overlap by half: the decoder's output for
/// the samples of block m (samples [1024m, 1024(m+1))) is the overlap-add of two packets, which
/// here carry the tags m − 1 and m. ffmpeg's encoder, given input that starts at block b₀,
/// emits a priming packet and then packet j with tag b₀ + j − 1. A segment covering blocks
/// [s, e) is encoded from input that starts `preroll` blocks early and runs `postroll` blocks
/// late, and keeps the packets tagged s … e − 1; the neighbour keeps the tags before s. Both
/// encoders saw the same sound around the join, so the packets that overlap there cancel their
/// aliasing as if one encoder had made them (measured: the same error against the source at a
/// join as inside a segment, and the same signal-to-noise ratio over the episode, 35.7 dB).
/// The first segment also keeps the priming packet; the last keeps everything to the end.
public enum AACSegments {
    public static let blockFrames = 1024
    static let preroll = 2
    static let postroll = 2

    /// The packets (byte ranges) of an ADTS stream; nil if it is not one.
    public static func adtsPackets(_ bytes: [UInt8]) -> [Range<Int>]? {
        var packets: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard index + 7 <= bytes.count, bytes[index] == 0xFF, bytes[index + 1] & 0xF6 == 0xF0 else { return nil }
            let length = Int(bytes[index + 3] & 0x03) << 11 | Int(bytes[index + 4]) << 3 | Int(bytes[index + 5]) >> 5
            guard length >= 7, index + length <= bytes.count else { return nil }
            packets.append(index..<(index + length))
            index += length
        }
        return packets
    }

    /// The input an encoder needs for the segment `frames` (sample frames, `lowerBound` a multiple
    /// of 1024, `upperBound` too unless it is the end of the track).
    public static func inputRange(for frames: Range<Int>, totalFrames: Int) -> Range<Int> {
        let first = max(0, frames.lowerBound / blockFrames - preroll) * blockFrames
        let last = min(totalFrames, frames.upperBound + postroll * blockFrames)
        return first..<last
    }

    /// Which of the encoder's packets the segment keeps (packet indices).
    static func keptPackets(for frames: Range<Int>, totalFrames: Int, packetCount: Int) -> Range<Int> {
        let b0 = inputRange(for: frames, totalFrames: totalFrames).lowerBound / blockFrames
        let s = frames.lowerBound / blockFrames
        let firstTag = frames.lowerBound == 0 ? -1 : s
        let firstIndex = firstTag - b0 + 1
        let lastIndex = frames.upperBound >= totalFrames
            ? packetCount
            : frames.upperBound / blockFrames - b0 + 1  // tags up to e − 1
        return max(0, firstIndex)..<min(packetCount, max(firstIndex, lastIndex))
    }
}

extension FFmpegEncoder {
    /// Encodes the segment `frames` of a stereo 48 kHz track of `totalFrames` frames to ADTS AAC
    /// that concatenates seamlessly with its neighbours (see `AACSegments`). `read` returns the
    /// interleaved samples of any range inside `AACSegments.inputRange(for:totalFrames:)`.
    public func encodeAudioSegment(
        _ frames: Range<Int>, totalFrames: Int, read: @escaping (Range<Int>) throws -> [Float], to output: URL
    ) throws(EncodeError) {
        guard frames.lowerBound % AACSegments.blockFrames == 0, !frames.isEmpty, frames.upperBound <= totalFrames,
              frames.upperBound == totalFrames || frames.upperBound % AACSegments.blockFrames == 0
        else { throw EncodeError.badInput("sound segment \(frames) is not aligned to AAC frames") }
        let input = AACSegments.inputRange(for: frames, totalFrames: totalFrames)
        let stream = AtomicFile.temporaryURL(for: output.appendingPathExtension("adts"))
        defer { try? FileManager.default.removeItem(at: stream) }
        var readError: String?
        try run(["-f", "f32le", "-ar", "\(Mixer.sampleRate)", "-ac", "2", "-i", "pipe:0"] + Self.aacOptions
                + ["-b:a", settings.audioBitrate, "-f", "adts", stream.path], near: output) { writer in
            var start = input.lowerBound
            while start < input.upperBound {
                let end = min(input.upperBound, start + 48_000)
                do {
                    let samples = try read(start..<end)
                    guard samples.count == 2 * (end - start) else {
                        readError = "short read at frame \(start)"
                        return
                    }
                    try samples.withUnsafeBytes { try writer.write(contentsOf: $0) }
                } catch {
                    readError = "\(error)"
                    return
                }
                start = end
            }
        }
        if let readError { throw EncodeError.badInput(readError) }
        guard let data = FileManager.default.contents(atPath: stream.path),
              let packets = AACSegments.adtsPackets([UInt8](data)) else {
            throw EncodeError.failed("ffmpeg wrote no ADTS stream")
        }
        let kept = AACSegments.keptPackets(for: frames, totalFrames: totalFrames, packetCount: packets.count)
        guard !kept.isEmpty else { throw EncodeError.failed("no AAC packets for \(frames)") }
        let bytes = data.subdata(in: packets[kept.lowerBound].lowerBound..<packets[kept.upperBound - 1].upperBound)
        do {
            try AtomicFile.write(bytes, to: output)
        } catch {
            throw EncodeError.failed("cannot write '\(output.path)': \(error)")
        }
    }
}
