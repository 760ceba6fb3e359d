import Foundation

/// The stems of a mix, in the order of the rows of a mix block.
public enum Stem: Int, Sendable, Hashable, Codable, CaseIterable {
    case dialogue, music, effects, ambience
}

/// Where a clip's samples come from. All sources are 48 kHz, mono or stereo.
public enum ClipSource: Sendable, Hashable {
    /// Samples in memory (short clips, ambience loops).
    case buffer(AudioBuffer)
    /// An audio file read block by block (long clips never sit whole in memory).
    case file(path: String)
}

/// One clip placed on the timeline of a mix.
public struct MixClip: Sendable, Hashable {
    public var stem: Stem
    public var source: ClipSource
    /// First frame on the mix timeline (48 kHz frames).
    public var startFrame: Int
    /// Frames to play; nil plays the source once. Longer than the source loops it when
    /// `loops` is set, and is silence after the source otherwise.
    public var durationFrames: Int?
    public var loops: Bool
    public var gainDB: Float
    /// -1 (left) … 0 (centre) … 1 (right): equal-power pan for mono, balance for stereo.
    public var pan: Float
    public var fadeInFrames: Int
    public var fadeOutFrames: Int

    public init(stem: Stem, source: ClipSource, startFrame: Int, durationFrames: Int? = nil, loops: Bool = false,
                gainDB: Float = 0, pan: Float = 0, fadeInFrames: Int = 0, fadeOutFrames: Int = 0) {
        self.stem = stem
        self.source = source
        self.startFrame = startFrame
        self.durationFrames = durationFrames
        self.loops = loops
        self.gainDB = gainDB
        self.pan = pan
        self.fadeInFrames = fadeInFrames
        self.fadeOutFrames = fadeOutFrames
    }

    /// Convenience with times in seconds.
    public init(stem: Stem, source: ClipSource, startSeconds: Double, durationSeconds: Double? = nil, loops: Bool = false,
                gainDB: Float = 0, pan: Float = 0, fadeInSeconds: Double = 0, fadeOutSeconds: Double = 0) {
        let f = { (s: Double) in Int((s * Double(Mixer.sampleRate)).rounded()) }
        self.init(stem: stem, source: source, startFrame: f(startSeconds), durationFrames: durationSeconds.map(f),
                  loops: loops, gainDB: gainDB, pan: pan, fadeInFrames: f(fadeInSeconds), fadeOutFrames: f(fadeOutSeconds))
    }
}

/// Music ducking under dialogue: a sidechain envelope follows the dialogue stem; while it is
/// above `thresholdDB` the music stem is lowered by `amountDB`, moving in `attackSeconds`
/// and recovering in `releaseSeconds`.
public struct Ducking: Sendable, Hashable {
    public var amountDB: Float
    public var thresholdDB: Float
    public var attackSeconds: Double
    public var releaseSeconds: Double

    public init(amountDB: Float = 10, thresholdDB: Float = -40, attackSeconds: Double = 0.08, releaseSeconds: Double = 0.5) {
        self.amountDB = amountDB
        self.thresholdDB = thresholdDB
        self.attackSeconds = attackSeconds
        self.releaseSeconds = releaseSeconds
    }

    public static let off = Ducking(amountDB: 0)
}

/// Loudness normalization: integrated loudness to `integratedLUFS`, true peak held at or
/// under `truePeakCeilingDBTP` by a look-ahead limiter on a 4× oversampled peak estimate.
public struct LoudnessTarget: Sendable, Hashable {
    public var integratedLUFS: Double
    public var truePeakCeilingDBTP: Double

    public init(integratedLUFS: Double = -16, truePeakCeilingDBTP: Double = -1) {
        self.integratedLUFS = integratedLUFS
        self.truePeakCeilingDBTP = truePeakCeilingDBTP
    }

    public static let podcast = LoudnessTarget()
}

public struct MixSettings: Sendable, Hashable {
    /// Gain per stem in dB (missing stems are at 0 dB).
    public var stemGainDB: [Stem: Float]
    public var ducking: Ducking
    /// nil writes the mix as summed (no normalization, no limiter).
    public var loudness: LoudnessTarget?
    public var format: AudioFileFormat
    /// Frames per processing block (1 s by default): the mixer's memory is a few blocks.
    public var blockFrames: Int

    public init(stemGainDB: [Stem: Float] = [.dialogue: 0, .music: -8, .effects: -4, .ambience: -6],
                ducking: Ducking = Ducking(), loudness: LoudnessTarget? = .podcast,
                format: AudioFileFormat = .wavPCM16, blockFrames: Int = 48_000) {
        self.stemGainDB = stemGainDB
        self.ducking = ducking
        self.loudness = loudness
        self.format = format
        self.blockFrames = blockFrames
    }
}

/// What a mix measured.
public struct MixReport: Sendable, Hashable {
    public var frames: Int
    /// Integrated loudness of the summed mix before normalization (nil: silence).
    public var measuredLoudnessLUFS: Double?
    /// Gain applied in the second pass.
    public var normalizationGainDB: Double
    /// Integrated loudness and true peak of the written file.
    public var outputLoudnessLUFS: Double?
    public var outputTruePeakDBTP: Double
    public var durationSeconds: Double { Double(frames) / Double(Mixer.sampleRate) }
}

/// The episode mixer. Streams in blocks: for each block, the clips that overlap it are
/// placed (`cblas_saxpy`) into a K×N stem block (a left and a right row per stem), the
/// music rows are ducked under the dialogue rows, and one `cblas_sgemm` with the 2×K
/// gain matrix gives the stereo block. Pass 1 writes that premix to a float temporary
/// file while measuring loudness; pass 2 reads it back, applies the normalization gain
/// and the true-peak limiter, and writes the final file atomically. Memory does not grow
/// with the episode's length, only with the number of clips (and in-memory sources).
public struct Mixer: Sendable {
    public static let version = "mix/openblas-bs1770/1"
    public static let sampleRate = 48_000
    /// Frames of premix the limiter reads on each side of what it writes.
    public static let limiterContextFrames = TruePeakLimiter(ceilingDBTP: -1, sampleRate: sampleRate).contextFrames
    public var settings: MixSettings

    public init(settings: MixSettings = MixSettings()) { self.settings = settings }

    /// Mixes `clips` into a stereo 48 kHz file of `totalFrames` frames at `path`.
    public func render(clips: [MixClip], totalFrames: Int, to path: String) throws(AudioError) -> MixReport {
        guard totalFrames > 0 else { throw .invalidRequest("a mix needs a positive length") }
        let placed = try clips.map { clip throws(AudioError) in try PlacedClip(clip) }
        let premixPath = path + ".premix.\(getpid()).wav"
        let measured: Double?
        do {
            let premix = try SoundFile.create(premixPath, format: .wavFloat, channelCount: 2, sampleRate: Self.sampleRate)
            var meter = LoudnessMeter(sampleRate: Self.sampleRate, channelCount: 2)
            try renderPremix(placed, range: 0..<totalFrames) { (block: [Float], frames: Int, _: Int) throws(AudioError) in
                meter.process(block, frames: frames)
                try premix.write(block, frames: frames)
            }
            try premix.commit()
            measured = meter.integratedLoudness
        }
        defer { unlink(premixPath) }
        var gainDB = settings.loudness.flatMap { target in measured.map { target.integratedLUFS - $0 } } ?? 0
        var report = try finish(premixPath: premixPath, premixStart: 0, range: 0..<totalFrames, gainDB: gainDB, measured: measured, to: path)
        // Heavy limiting lowers the loudness the gain was chosen for; raise the gain by the
        // shortfall and write again (each pass only reads the premix back).
        var passes = 1
        while let target = settings.loudness, let output = report.outputLoudnessLUFS,
              target.integratedLUFS - output > 0.2, passes < 4 {
            gainDB += target.integratedLUFS - output
            report = try finish(premixPath: premixPath, premixStart: 0, range: 0..<totalFrames, gainDB: gainDB, measured: measured, to: path)
            passes += 1
        }
        return report
    }

    /// Convenience: mixes and reads the result back (tests, short scenes).
    public func renderToBuffer(clips: [MixClip], totalFrames: Int, scratchPath: String) throws(AudioError) -> (AudioBuffer, MixReport) {
        let report = try render(clips: clips, totalFrames: totalFrames, to: scratchPath)
        return (try AudioFile.read(scratchPath), report)
    }

    // MARK: Pass 1: place, duck, sum, measure.

    /// Sums the clips over `range` (absolute frames) block by block; `sink` gets each interleaved
    /// stereo block, its frame count and its first frame.
    private func renderPremix(_ clips: [PlacedClip], range: Range<Int>,
                              sink: (_ block: [Float], _ frames: Int, _ start: Int) throws(AudioError) -> Void) throws(AudioError) {
        let n = settings.blockFrames
        let stems = Stem.allCases.count
        let k = 2 * stems
        var block = [Float](repeating: 0, count: k * n)
        var planar = [Float](repeating: 0, count: 2 * n)
        var interleaved = [Float](repeating: 0, count: 2 * n)
        var scratch = [Float](repeating: 0, count: 2 * n)
        var fadeScratch = [Float](repeating: 0, count: n)
        // 2×K gain matrix: row 0 takes every stem's left row, row 1 every right row.
        var gains = [Float](repeating: 0, count: 2 * k)
        for stem in Stem.allCases {
            let g = Decibels.toLinear(settings.stemGainDB[stem] ?? 0)
            gains[2 * stem.rawValue] = g
            gains[k + 2 * stem.rawValue + 1] = g
        }
        var ducker = DuckingState(settings.ducking, sampleRate: Self.sampleRate)
        var readers: [Int: SoundFile] = [:]
        let order = clips.indices.sorted { clips[$0].start < clips[$1].start }
        var nextClip = 0
        var active: [Int] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let frames = min(n, range.upperBound - start)
            let end = start + frames
            for i in block.indices { block[i] = 0 }
            while nextClip < order.count && clips[order[nextClip]].start < end {
                if clips[order[nextClip]].end > start { active.append(order[nextClip]) }
                nextClip += 1
            }
            for index in active {
                try place(clips[index], index: index, blockStart: start, frames: frames, blockStride: n,
                          block: &block, readers: &readers, scratch: &scratch, fadeScratch: &fadeScratch)
            }
            active.removeAll { index in
                let done = clips[index].end <= end
                if done { readers[index] = nil }
                return done
            }
            ducker.apply(block: &block, stride: n, frames: frames,
                         dialogueRows: (2 * Stem.dialogue.rawValue, 2 * Stem.dialogue.rawValue + 1),
                         musicRows: (2 * Stem.music.rawValue, 2 * Stem.music.rawValue + 1))
            BLAS.sgemm(m: 2, n: n, k: k, a: gains, b: block, c: &planar)
            for f in 0..<frames {
                interleaved[2 * f] = planar[f]
                interleaved[2 * f + 1] = planar[n + f]
            }
            try sink(interleaved, frames, start)
            start = end
        }
    }

    // MARK: Mixing in spans

    /// The premix (placed, ducked, summed; no normalization) over `range` of the timeline, as a
    /// stereo float file whose frame 0 is `range.lowerBound`.
    public func renderPremix(clips: [MixClip], range: Range<Int>, to path: String) throws(AudioError) {
        let placed = try clips.map { clip throws(AudioError) in try PlacedClip(clip) }
        let file = try SoundFile.create(path, format: .wavFloat, channelCount: 2, sampleRate: Self.sampleRate)
        try renderPremix(placed, range: range) { (block: [Float], frames: Int, _: Int) throws(AudioError) in
            try file.write(block, frames: frames)
        }
        try file.commit()
    }

    /// The BS.1770 gating-block powers of the premix over `range` (blocks from the range's start),
    /// the K-weighting filters warmed up on `warmUp` frames before it.
    public func measure(clips: [MixClip], range: Range<Int>, warmUp: Int = Mixer.sampleRate / 10) throws(AudioError) -> [Double] {
        let placed = try clips.map { clip throws(AudioError) in try PlacedClip(clip) }
        var meter = LoudnessMeter(sampleRate: Self.sampleRate, channelCount: 2)
        let from = max(0, range.lowerBound - warmUp)
        try renderPremix(placed, range: from..<range.upperBound) { (block: [Float], frames: Int, start: Int) throws(AudioError) in
            // The part of the block before the range only warms the filters up.
            let lead = min(frames, max(0, range.lowerBound - start))
            if lead == 0 {
                meter.process(block, frames: frames)
            } else {
                meter.warmUp(block, frames: lead)
                if lead < frames { meter.process(Array(block[(2 * lead)..<(2 * frames)]), frames: frames - lead) }
            }
        }
        return meter.blockPowers
    }

    /// Normalizes and limits the part `range` of a premix file (frame 0 of the file is
    /// `premixStart`; frames outside it are silence) with a given gain, writing `range` to `path`.
    @discardableResult
    public func finish(premixPath: String, premixStart: Int, range: Range<Int>, gainDB: Double,
                       to path: String) throws(AudioError) -> MixReport {
        try finish(premixPath: premixPath, premixStart: premixStart, range: range, gainDB: gainDB, measured: nil, to: path)
    }

    /// Adds the part of `clip` inside the block to its stem rows.
    private func place(_ clip: PlacedClip, index: Int, blockStart: Int, frames: Int, blockStride n: Int,
                       block: inout [Float], readers: inout [Int: SoundFile],
                       scratch: inout [Float], fadeScratch: inout [Float]) throws(AudioError) {
        let from = max(clip.start, blockStart), to = min(clip.end, blockStart + frames)
        guard from < to else { return }
        let rowL = 2 * clip.clip.stem.rawValue, rowR = rowL + 1
        // Source frames for [from, to): contiguous runs (a looping source wraps).
        var t = from
        while t < to {
            let local = t - clip.start
            let sourceFrame = clip.loops ? local % clip.sourceFrames : local
            let run = clip.loops ? min(to - t, clip.sourceFrames - sourceFrame) : min(to - t, max(0, clip.sourceFrames - sourceFrame))
            if run <= 0 { break }  // past the end of a one-shot source: silence
            let ch = clip.channelCount
            // The samples: straight from memory, or read from the file into `scratch`.
            let samples: [Float]
            let offset: Int
            switch clip.clip.source {
            case .buffer(let buffer):
                samples = buffer.samples; offset = sourceFrame * ch
            case .file(let path):
                let reader: SoundFile
                if let open = readers[index] { reader = open } else {
                    reader = try SoundFile.openForReading(path); readers[index] = reader
                }
                try reader.read(frames: run, from: sourceFrame, into: &scratch)
                samples = scratch; offset = 0
            }
            let (gl, gr) = clip.panGains
            let y0 = t - blockStart
            let fades = clip.fadeGain(localFrame: local, count: run)
            for c in 0..<2 {
                let srcChannel = ch == 1 ? 0 : c
                let g = c == 0 ? gl : gr
                if let fades {
                    for i in 0..<run { fadeScratch[i] = samples[offset + i * ch + srcChannel] * fades[i] }
                    BLAS.saxpy(run, alpha: g, x: fadeScratch, xOffset: 0, incX: 1, y: &block, yOffset: (c == 0 ? rowL : rowR) * n + y0)
                } else {
                    BLAS.saxpy(run, alpha: g, x: samples, xOffset: offset + srcChannel, incX: ch,
                               y: &block, yOffset: (c == 0 ? rowL : rowR) * n + y0)
                }
            }
            t += run
        }
    }

    // MARK: Pass 2: gain, limit, write.

    private func finish(premixPath: String, premixStart: Int, range: Range<Int>, gainDB: Double, measured: Double?,
                        to path: String) throws(AudioError) -> MixReport {
        let input = try SoundFile.openForReading(premixPath)
        let output = try SoundFile.create(path, format: settings.format, channelCount: 2, sampleRate: Self.sampleRate)
        let n = settings.blockFrames
        let gain = Float(pow(10, gainDB / 20))
        let limiter = settings.loudness.map { TruePeakLimiter(ceilingDBTP: $0.truePeakCeilingDBTP, sampleRate: Self.sampleRate) }
        let context = limiter?.contextFrames ?? 0
        var region = [Float]()
        var out = [Float](repeating: 0, count: 2 * n)
        var meter = LoudnessMeter(sampleRate: Self.sampleRate, channelCount: 2)
        var finalPeak: Float = 0
        var peaks = [Float](repeating: 0, count: n)
        var left = [Float](repeating: 0, count: n + 12), right = left
        var start = range.lowerBound
        while start < range.upperBound {
            let frames = min(n, range.upperBound - start)
            // The block plus `context` frames each side (zeros beyond the file).
            let regionStart = start - context - premixStart
            let regionFrames = frames + 2 * context
            let lead = max(0, -regionStart)
            region = [Float](repeating: 0, count: 2 * regionFrames)
            var chunk = [Float](repeating: 0, count: 2 * (regionFrames - lead))
            try input.read(frames: regionFrames - lead, from: max(0, regionStart), into: &chunk)
            for i in 0..<chunk.count { region[2 * lead + i] = chunk[i] * gain }
            if let limiter {
                limiter.process(region: region, regionFrames: regionFrames, context: context, frames: frames, into: &out)
            } else {
                for i in 0..<(2 * frames) { out[i] = region[2 * context + i] }
            }
            meter.process(out, frames: frames)
            // True peak of what is written, for the report (6 frames of history each side).
            for f in 0..<(frames + 12) {
                let g = start - 6 + f
                let inBlock = g >= start && g < start + frames
                let r = f - 6 + context
                let fromRegion = r >= 0 && r < regionFrames
                left[f] = inBlock ? out[2 * (g - start)] : (fromRegion ? region[2 * r] : 0)
                right[f] = inBlock ? out[2 * (g - start) + 1] : (fromRegion ? region[2 * r + 1] : 0)
            }
            for i in 0..<frames { peaks[i] = 0 }
            TruePeak.framePeaks(left, range: 6..<(6 + frames), into: &peaks)
            TruePeak.framePeaks(right, range: 6..<(6 + frames), into: &peaks)
            for i in 0..<frames { finalPeak = max(finalPeak, peaks[i]) }
            try output.write(out, frames: frames)
            start += frames
        }
        try output.commit()
        return MixReport(frames: range.count, measuredLoudnessLUFS: measured, normalizationGainDB: gainDB,
                         outputLoudnessLUFS: meter.integratedLoudness,
                         outputTruePeakDBTP: 20 * log10(max(Double(finalPeak), 1e-12)))
    }
}

/// A clip with its resolved length and gains.
private struct PlacedClip {
    let clip: MixClip
    let start: Int
    let end: Int
    let sourceFrames: Int
    let channelCount: Int
    let loops: Bool
    let panGains: (Float, Float)

    init(_ clip: MixClip) throws(AudioError) {
        self.clip = clip
        let frames: Int, channels: Int, rate: Int
        switch clip.source {
        case .buffer(let b): (frames, channels, rate) = (b.frameCount, b.channelCount, b.sampleRate)
        case .file(let path):
            let f = try SoundFile.openForReading(path)
            (frames, channels, rate) = (f.frameCount, f.channelCount, f.sampleRate)
        }
        guard rate == Mixer.sampleRate else { throw .invalidRequest("clip at \(rate) Hz; the mixer takes \(Mixer.sampleRate) Hz") }
        guard channels == 1 || channels == 2 else { throw .invalidRequest("clip with \(channels) channels") }
        guard clip.startFrame >= 0 else { throw .invalidRequest("clip starts before the mix") }
        sourceFrames = frames
        channelCount = channels
        loops = clip.loops && frames > 0
        start = clip.startFrame
        end = start + max(0, clip.durationFrames ?? frames)
        let g = Decibels.toLinear(clip.gainDB)
        let p = min(max(clip.pan, -1), 1)
        if channels == 1 {
            let angle = Double(p + 1) * Double.pi / 4
            // Equal power, normalized so a centred mono clip keeps unity gain per side.
            panGains = (g * Float(cos(angle) * 2.0.squareRoot()), g * Float(sin(angle) * 2.0.squareRoot()))
        } else {
            panGains = (g * min(1, 1 - p), g * min(1, 1 + p))
        }
    }

    /// Fade gains for `count` frames from clip-local `localFrame`, or nil if none apply.
    func fadeGain(localFrame: Int, count: Int) -> [Float]? {
        let length = end - start
        let fi = clip.fadeInFrames, fo = clip.fadeOutFrames
        let touchesIn = fi > 0 && localFrame < fi
        let touchesOut = fo > 0 && localFrame + count > length - fo
        guard touchesIn || touchesOut else { return nil }
        return (0..<count).map { i in
            let f = localFrame + i
            var g: Float = 1
            if fi > 0 && f < fi { g *= Float(f) / Float(fi) }
            if fo > 0 && f >= length - fo { g *= Float(length - f) / Float(fo) }
            return g
        }
    }
}

/// The sidechain: a peak follower on the dialogue rows drives a smoothed duck amount.
private struct DuckingState {
    let amountDB: Float
    let threshold: Float
    let attack: Float, release: Float      // one-pole coefficients per sample
    let detectorRelease: Float
    var detector: Float = 0
    var duck: Float = 0                    // 0 … 1 (fully ducked)

    init(_ d: Ducking, sampleRate: Int) {
        amountDB = d.amountDB
        threshold = Decibels.toLinear(d.thresholdDB)
        attack = Float(1 - exp(-1 / (max(d.attackSeconds, 0.001) * Double(sampleRate))))
        release = Float(1 - exp(-1 / (max(d.releaseSeconds, 0.001) * Double(sampleRate))))
        detectorRelease = Float(1 - exp(-1 / (0.05 * Double(sampleRate))))
    }

    mutating func apply(block: inout [Float], stride n: Int, frames: Int, dialogueRows: (Int, Int), musicRows: (Int, Int)) {
        guard amountDB > 0 else { return }
        let depth = -amountDB / 20 * Float(log(10.0))
        for i in 0..<frames {
            let level = max(abs(block[dialogueRows.0 * n + i]), abs(block[dialogueRows.1 * n + i]))
            detector = level > detector ? level : detector + (level - detector) * detectorRelease
            let key: Float = detector > threshold ? 1 : 0
            duck += (key - duck) * (key > duck ? attack : release)
            let g = expf(depth * duck)
            block[musicRows.0 * n + i] *= g
            block[musicRows.1 * n + i] *= g
        }
    }
}

/// A look-ahead peak limiter on the 4× oversampled true peak. For each frame t the gain
/// that would bring its true peak to the ceiling is r[t] (≤ 1); the applied gain is the
/// moving average over `attack` (5 ms) frames of the minimum of r over [t - hold, t + attack + 8]
/// (hold: 20 ms).
/// Every frame the average covers saw frame t's requirement, so the gain never exceeds it;
/// the average ramps the gain down before a peak and back up after the hold. Each block is
/// computed from the premix around it, so blocks are independent and exact.
private struct TruePeakLimiter {
    let ceiling: Float
    let attack: Int
    let hold: Int
    var contextFrames: Int { attack + hold + 24 }

    init(ceilingDBTP: Double, sampleRate: Int) {
        // 0.15 dB under the ceiling for interpolation error and 16-bit rounding.
        ceiling = Float(pow(10, (ceilingDBTP - 0.15) / 20))
        attack = sampleRate / 200          // 5 ms
        hold = sampleRate / 50             // 20 ms
    }

    func process(region: [Float], regionFrames: Int, context: Int, frames: Int, into out: inout [Float]) {
        var left = [Float](repeating: 0, count: regionFrames), right = left
        for f in 0..<regionFrames { left[f] = region[2 * f]; right[f] = region[2 * f + 1] }
        var required = [Float](repeating: 1, count: regionFrames)
        // Skip the oversampling where even the worst-case interpolation stays under the ceiling.
        let quiet = ceiling / TruePeak.gainBound
        let chunk = 256
        var peaks = [Float](repeating: 0, count: chunk)
        var c0 = 0
        while c0 < regionFrames {
            let c1 = min(regionFrames, c0 + chunk)
            var localMax: Float = 0
            for f in max(0, c0 - 6)..<min(regionFrames, c1 + 6) { localMax = max(localMax, abs(left[f]), abs(right[f])) }
            if localMax > quiet {
                for i in 0..<(c1 - c0) { peaks[i] = 0 }
                TruePeak.framePeaks(left, range: c0..<c1, into: &peaks)
                TruePeak.framePeaks(right, range: c0..<c1, into: &peaks)
                for f in c0..<c1 where peaks[f - c0] > ceiling { required[f] = ceiling / peaks[f - c0] }
            }
            c0 = c1
        }
        // Sliding minimum of `required` over [t - hold, t + attack + 8] (monotonic deque).
        let ahead = attack + 8
        var minimum = [Float](repeating: 1, count: regionFrames)
        var deque = [Int](), head = 0
        deque.reserveCapacity(regionFrames)
        var next = 0
        for t in 0..<regionFrames {
            while next < regionFrames && next <= t + ahead {
                while deque.count > head && required[deque[deque.count - 1]] >= required[next] { deque.removeLast() }
                deque.append(next); next += 1
            }
            while deque[head] < t - hold { head += 1 }
            minimum[t] = required[deque[head]]
        }
        // Moving average over `attack + 1` frames ending at t.
        var sum = 0.0
        for t in 0..<regionFrames {
            sum += Double(minimum[t])
            if t > attack { sum -= Double(minimum[t - attack - 1]) }
            if t >= context && t < context + frames {
                let g = Float(sum / Double(attack + 1))
                let o = 2 * (t - context)
                out[o] = min(max(left[t] * g, -ceiling), ceiling)
                out[o + 1] = min(max(right[t] * g, -ceiling), ceiling)
            }
        }
    }
}
