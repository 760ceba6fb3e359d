import Foundation
import IR

/// The episode's sound in spans, so a one-line edit re-mixes the scenes it touches instead of
/// the whole episode.
///
/// The timeline is cut at every scene start. Each span's build nodes are keyed by what they hear
/// *relative to the span's start* (the scene mixes' keys, their offsets, lengths and fades), not by
/// where the span sits in the episode, so a line that grows and pushes every later scene back
/// leaves the later spans cached:
///
/// - **loudness** (first run): the span's premix — scene mixes with their transition fades — as
///   BS.1770 gating-block powers. The episode's integrated loudness gates the blocks of all spans
///   together (blocks do not straddle a join: a few blocks per join out of thousands).
/// - **episode mix** (second run): the premix normalized by the episode gain and true-peak limited
///   (the limiter reads `Mixer.limiterContextFrames` of premix past each side, so spans join
///   sample-exactly), as a 16-bit WAV (the episode WAV gathers them as a byte copy). Its key
///   holds the gain rounded to 0.1 dB: an edit moves the episode's loudness by far less, so the
///   other spans keep their keys. Dependents see a span's content digest, not its key.
/// - **sound encode**: AAC segments on the 1024-sample frame grid, a minute or more of spans each, that concatenate
///   seamlessly (`AACSegments`). Segments start on the plan's 64-frame grid (`align-segments`), so
///   an edit that changes a line's length re-encodes its own segment (and a neighbour whose
///   pre- or post-roll reads the changed span); later segments move by whole AAC frames or not
///   at all, and keep their packets.
/// - the episode WAV (`timeline`) and the joined AAC stream gather the spans and segments.
///
/// The gain is known only after the first run, which is why the build runs in two: the keys of
/// the second run's nodes contain it.
struct EpisodeAudio {
    let plan: Plan
    let timelineID: Int
    let totalFrames: Int
    let geometry: [(node: Int, clip: MixClip)]
    let spans: [Range<Int>]
    let target: LoudnessTarget
    let mixer: Mixer

    /// Rounding of the normalization gain, in dB.
    static let gainStep = 0.1
    static let version = "episode-spans/2"
    /// The AAC segments, cut where the plan's timeline says (`segmentStarts`, set by the
    /// `align-segments` pass on the 64-frame grid that is also AAC's 1,024-sample grid). A start
    /// that is not on the AAC grid (a plan made without the pass) is rounded up to it.
    let segments: [Range<Int>]

    init?(plan: Plan) {
        guard let timelineID = plan.timeline, case .timeline(let timeline) = plan.nodes[timelineID].inputs else { return nil }
        self.plan = plan
        self.timelineID = timelineID
        totalFrames = max(1, timeline.durationFrames * RenderMapping.samplesPerFrame)
        geometry = RenderMapping.episodeClipGeometry(timeline, plan: plan)
        var cuts = Set([0, totalFrames])
        for audio in timeline.audio {
            let start = audio.startFrame * RenderMapping.samplesPerFrame
            if start > 0 && start < totalFrames { cuts.insert(start) }
        }
        let sorted = cuts.sorted()
        spans = zip(sorted, sorted.dropFirst()).map { $0..<$1 }
        let block = AACSegments.blockFrames
        var segmentCuts = Set([0, totalFrames])
        for frame in timeline.segmentStarts {
            let start = (frame * RenderMapping.samplesPerFrame + block - 1) / block * block
            if start > 0 && start < totalFrames { segmentCuts.insert(start) }
        }
        let segmentSorted = segmentCuts.sorted()
        segments = zip(segmentSorted, segmentSorted.dropFirst()).map { $0..<$1 }
        target = .podcast
        // Spans are stored as 16-bit PCM, the episode WAV's format, so gathering them is a copy.
        mixer = Mixer(settings: MixSettings(stemGainDB: [.effects: 0], ducking: .off, loudness: target, format: .wavPCM16))
    }

    /// Scene mixes heard in `window`, as plan nodes.
    func dependencies(_ window: Range<Int>) -> [Int] {
        Array(Set(geometry.filter { overlaps($0.clip, window) }.map(\.node))).sorted()
    }

    func overlaps(_ clip: MixClip, _ window: Range<Int>) -> Bool {
        let end = clip.startFrame + (clip.durationFrames ?? 0)
        return clip.startFrame < window.upperBound && end > window.lowerBound
    }

    /// What `window` hears relative to `origin`: each scene mix's offset, length and fades, in
    /// the order of the node's dependencies (timeline order), and the window itself.
    func relativeGeometry(_ window: Range<Int>, origin: Int) -> String {
        var text = "window \(window.lowerBound - origin)..<\(window.upperBound - origin)"
        for (_, clip) in geometry where overlaps(clip, window) {
            text += " clip \(clip.startFrame - origin)+\(clip.durationFrames ?? 0) in \(clip.fadeInFrames) out \(clip.fadeOutFrames)"
        }
        return text
    }

    /// The clips heard in `window`, their sources the built scene mixes.
    func clips(_ window: Range<Int>, inputs: [Int: URL]) throws -> [MixClip] {
        try geometry.filter { overlaps($0.clip, window) }.map { node, clip in
            guard let url = inputs[node] else { throw RenderError.internalError("scene mix \(node) missing") }
            var clip = clip
            clip.source = .file(path: url.path)
            return clip
        }
    }

    func measureWindow(_ span: Range<Int>) -> Range<Int> {
        max(0, span.lowerBound - Mixer.sampleRate / 10)..<span.upperBound
    }

    func premixWindow(_ span: Range<Int>) -> Range<Int> {
        max(0, span.lowerBound - Mixer.limiterContextFrames)..<min(totalFrames, span.upperBound + Mixer.limiterContextFrames)
    }

    // MARK: Node ids (after the plan's own and `firstID`)

    func measureID(_ k: Int, base: Int) -> Int { base + k }
    func spanID(_ k: Int, base: Int) -> Int { base + spans.count + k }
    func segmentID(_ k: Int, base: Int) -> Int { base + 2 * spans.count + k }

    // MARK: First run

    func measureNodes(base: Int) -> [BuildNode] {
        spans.enumerated().map { k, span in
            let window = measureWindow(span)
            let key = "\(Self.version) loudness \(Mixer.version) \(relativeGeometry(window, origin: span.lowerBound)) length \(span.count)"
            return BuildNode(id: measureID(k, base: base), key: key, fileExtension: "blocks", dependencies: dependencies(window),
                             label: "loudness \(k + 1)/\(spans.count)") { [self] context in
                let powers = try mixer.measure(clips: clips(window, inputs: context.inputs), range: span)
                var data = Data()
                for power in powers { withUnsafeBytes(of: power.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
                try data.write(to: context.output)
            }
        }
    }

    /// The normalization gain from the measured spans, rounded to `gainStep`.
    func gain(blocks urls: [URL]) throws -> Double {
        var powers: [Double] = []
        for url in urls {
            let data = try Data(contentsOf: url)
            guard data.count % 8 == 0 else { throw RenderError.internalError("unreadable loudness blocks \(url.lastPathComponent)") }
            let bytes = [UInt8](data)
            for i in stride(from: 0, to: bytes.count, by: 8) {
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(bytes[i + b]) << (8 * UInt64(b)) }
                powers.append(Double(bitPattern: bits))
            }
        }
        guard let measured = LoudnessMeter.integratedLoudness(blockPowers: powers) else { return 0 }
        return ((target.integratedLUFS - measured) / Self.gainStep).rounded() * Self.gainStep
    }

    // MARK: Second run

    func spanNodes(base: Int, gainDB: Double) -> [BuildNode] {
        spans.enumerated().map { k, span in
            let window = premixWindow(span)
            let geometry = relativeGeometry(window, origin: span.lowerBound)
            var node = BuildNode(id: spanID(k, base: base),
                             key: "\(Self.version) span \(Mixer.version) gain=\(String(format: "%.1f", gainDB)) \(geometry) length \(span.count)",
                             fileExtension: "wav", dependencies: dependencies(window), label: "episode mix \(k + 1)/\(spans.count)") {
                [self] context in
                let premix = AtomicFile.temporaryURL(for: context.output.appendingPathExtension("premix")).path
                defer { unlink(premix) }
                try mixer.renderPremix(clips: clips(window, inputs: context.inputs), range: window, to: premix)
                _ = try mixer.finish(premixPath: premix, premixStart: window.lowerBound, range: span, gainDB: gainDB,
                                     to: context.output.path)
            }
            // A span re-mixed because a neighbour changed only past its edge (the limiter's
            // context) comes out byte-identical; its segment and the episode WAV then stay cached.
            node.identity = .content
            return node
        }
    }

    func segmentNodes(base: Int, encoder: FFmpegEncoder) -> [BuildNode] {
        let total = totalFrames
        return segments.enumerated().map { k, segment in
            let input = AACSegments.inputRange(for: segment, totalFrames: total)
            let pieces = spans.indices.filter { spans[$0].overlaps(input) }.map { (spans[$0], spanID($0, base: base)) }
            // Where the segment sits among the spans it reads, and whether it opens or closes the track.
            var key = "\(Self.version) aac \(FFmpegEncoder.aacOptions.joined(separator: " ")) \(encoder.identity) length \(segment.count)"
            key += segment.lowerBound == 0 ? " first" : ""
            key += segment.upperBound == total ? " last \(total - input.lowerBound)" : ""
            for (span, _) in pieces { key += " span \(span.lowerBound - segment.lowerBound)+\(span.count)" }
            return BuildNode(id: segmentID(k, base: base), key: key, fileExtension: "aac", dependencies: pieces.map(\.1),
                             label: "sound encode \(k + 1)/\(segments.count)") { context in
                // Each span file opened once for the whole segment, read a second at a time.
                let files = try pieces.map { range, id in
                    guard let url = context.inputs[id] else { throw RenderError.internalError("span \(id) missing") }
                    return (range, try SoundFile.openForReading(url.path))
                }
                try encoder.encodeAudioSegment(segment, totalFrames: total, read: { try Self.read($0, from: files) },
                                               to: context.output)
            }
        }
    }

    /// Interleaved stereo samples of `range` from consecutive span files.
    static func read(_ range: Range<Int>, from files: [(Range<Int>, SoundFile)]) throws -> [Float] {
        var out = [Float](repeating: 0, count: 2 * range.count)
        var chunk: [Float] = []
        for (span, file) in files {
            let from = max(span.lowerBound, range.lowerBound), to = min(span.upperBound, range.upperBound)
            guard from < to else { continue }
            _ = try file.read(frames: to - from, from: from - span.lowerBound, into: &chunk)
            for i in 0..<(2 * (to - from)) { out[2 * (from - range.lowerBound) + i] = chunk[i] }
        }
        return out
    }

    /// The episode WAV (16-bit): the spans' sample data copied end to end, as stored.
    func timelineNode(base: Int) -> BuildNode {
        let ids = spans.indices.map { spanID($0, base: base) }
        return BuildNode(id: timelineID, key: plan.nodes[timelineID].hash.description + " " + Self.version,
                         fileExtension: "wav", dependencies: ids, label: "episode wav") { [spans] context in
            let output = try SoundFile.create(context.output.path, format: .wavPCM16, channelCount: 2, sampleRate: Mixer.sampleRate)
            for (span, id) in zip(spans, ids) {
                guard let url = context.inputs[id] else { throw RenderError.internalError("span \(id) missing") }
                let file = try SoundFile.openForReading(url.path)
                guard file.frameCount == span.count else {
                    throw RenderError.internalError("span \(id) holds \(file.frameCount) frames, not \(span.count)")
                }
                try output.appendRaw(from: file)
            }
            try output.commit()
        }
    }

    /// The whole AAC stream (ADTS) from the segments.
    func soundNode(id: Int, base: Int) -> BuildNode {
        let ids = segments.indices.map { segmentID($0, base: base) }
        return BuildNode(id: id, key: "\(Self.version) sound \(segments.count)", fileExtension: "aac", dependencies: ids,
                         label: "sound") { context in
            guard FileManager.default.createFile(atPath: context.output.path, contents: nil) else {
                throw RenderError.internalError("cannot create \(context.output.path)")
            }
            let handle = try FileHandle(forWritingTo: context.output)
            defer { try? handle.close() }
            for id in ids {
                guard let url = context.inputs[id] else { throw RenderError.internalError("sound segment \(id) missing") }
                try handle.write(contentsOf: try Data(contentsOf: url))
            }
        }
    }
}
