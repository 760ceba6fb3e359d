import Foundation

/// The K-weighting pre-filter of ITU-R BS.1770-4: a high shelf (+4 dB above ~1.7 kHz,
/// modelling the head) followed by the RLB high-pass (~38 Hz). The recommendation tables
/// the coefficients at 48 kHz only; they are derived here for any rate from the analog
/// parameters that reproduce that table (checked against it in the tests).
struct KWeighting: Sendable {
    var shelf: Biquad
    var highPass: Biquad

    init(sampleRate: Int) {
        let fs = Double(sampleRate)
        // Stage 1: high shelf.
        do {
            let f0 = 1681.974450955533, gainDB = 3.999843853973347, q = 0.7071752369554196
            let k = tan(Double.pi * f0 / fs)
            let vh = pow(10, gainDB / 20), vb = pow(vh, 0.4996667741545416)
            let a0 = 1 + k / q + k * k
            shelf = Biquad(b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0,
                           b2: (vh - vb * k / q + k * k) / a0, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
        // Stage 2: second-order high-pass.
        do {
            let f0 = 38.13547087602444, q = 0.5003270373238773
            let k = tan(Double.pi * f0 / fs)
            let a0 = 1 + k / q + k * k
            highPass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
    }

    @inline(__always)
    mutating func process(_ x: Double) -> Double { highPass.process(shelf.process(x)) }
}

/// Integrated loudness per ITU-R BS.1770-4 / EBU R 128, measured as audio streams through:
/// K-weighting per channel, mean square over 400 ms gating blocks with 75 % overlap (kept
/// as 100 ms sub-block energies, so memory grows by one number per 100 ms: 36 000 for an
/// hour), an absolute gate at -70 LUFS and a relative gate 10 LU below the loudness of the
/// blocks that passed the absolute gate. Channel weights are 1 (mono, left, right).
public struct LoudnessMeter: Sendable {
    public let sampleRate: Int
    public let channelCount: Int
    private var filters: [KWeighting]
    private let subBlockFrames: Int
    private var subBlockEnergy = 0.0
    private var subBlockFill = 0
    private var recentSubBlocks: [Double] = []
    /// Mean square (summed over channels) of every 400 ms gating block so far.
    public private(set) var blockPowers: [Double] = []

    public init(sampleRate: Int, channelCount: Int) {
        precondition(channelCount >= 1 && channelCount <= 2, "meter supports mono and stereo")
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        filters = Array(repeating: KWeighting(sampleRate: sampleRate), count: channelCount)
        subBlockFrames = sampleRate / 10
    }

    /// Runs interleaved frames through the K-weighting filters without measuring them: the
    /// sound before a measured span, so its filters start as they would inside a whole file.
    public mutating func warmUp(_ interleaved: [Float], frames: Int) {
        for c in 0..<channelCount {
            var f = filters[c]
            var idx = c
            for _ in 0..<frames {
                _ = f.process(Double(interleaved[idx]))
                idx += channelCount
            }
            filters[c] = f
        }
    }

    /// The gated loudness of 400 ms block powers gathered from several meters (the spans of an
    /// episode measured apart; blocks do not straddle the spans' joins).
    public static func integratedLoudness(blockPowers: [Double]) -> Double? { gatedLoudness(blockPowers: blockPowers) }

    /// Feeds interleaved frames.
    public mutating func process(_ interleaved: [Float], frames: Int? = nil) {
        let n = frames ?? interleaved.count / channelCount
        var i = 0
        while i < n {
            let take = min(n - i, subBlockFrames - subBlockFill)
            var energy = 0.0
            for c in 0..<channelCount {
                var f = filters[c]
                var idx = i * channelCount + c
                for _ in 0..<take {
                    let y = f.process(Double(interleaved[idx]))
                    energy += y * y
                    idx += channelCount
                }
                filters[c] = f
            }
            subBlockEnergy += energy
            subBlockFill += take
            i += take
            if subBlockFill == subBlockFrames { closeSubBlock() }
        }
    }

    private mutating func closeSubBlock() {
        recentSubBlocks.append(subBlockEnergy)
        if recentSubBlocks.count > 4 { recentSubBlocks.removeFirst() }
        if recentSubBlocks.count == 4 {
            blockPowers.append(recentSubBlocks.reduce(0, +) / Double(4 * subBlockFrames))
        }
        subBlockEnergy = 0
        subBlockFill = 0
    }

    static func loudness(ofPower z: Double) -> Double { -0.691 + 10 * log10(z) }

    /// Gated integrated loudness in LUFS; nil when no block passes the absolute gate
    /// (silence, or less than 400 ms of audio).
    public var integratedLoudness: Double? { Self.gatedLoudness(blockPowers: blockPowers) }

    /// The two-stage gate over 400 ms block powers.
    static func gatedLoudness(blockPowers: [Double]) -> Double? {
        let absoluteGate = pow(10, (-70 + 0.691) / 10)  // power at -70 LUFS
        let passedAbsolute = blockPowers.filter { $0 > absoluteGate }
        guard !passedAbsolute.isEmpty else { return nil }
        let relativeGateLUFS = Self.loudness(ofPower: passedAbsolute.reduce(0, +) / Double(passedAbsolute.count)) - 10
        let relativeGate = pow(10, (relativeGateLUFS + 0.691) / 10)
        let passed = passedAbsolute.filter { $0 > relativeGate }
        guard !passed.isEmpty else { return nil }
        return Self.loudness(ofPower: passed.reduce(0, +) / Double(passed.count))
    }

    /// Integrated loudness of a whole buffer.
    public static func integratedLoudness(of buffer: AudioBuffer) -> Double? {
        var meter = LoudnessMeter(sampleRate: buffer.sampleRate, channelCount: buffer.channelCount)
        meter.process(buffer.samples)
        return meter.integratedLoudness
    }
}

/// True-peak estimation per BS.1770-4 Annex 2: the signal is oversampled 4× (here by a
/// 12-tap-per-phase windowed-sinc interpolator) and the largest absolute value is taken.
public enum TruePeak {
    static let taps = 12       // input samples per interpolated value: offsets -5...6
    /// Interpolation kernels for the fractional positions 1/4, 2/4, 3/4.
    static let phases: [[Float]] = (1...3).map { p in
        let f = Double(p) / 4
        return (0..<taps).map { t in
            let i = Double(t - 5)
            let x = f - i
            let sinc = sin(Double.pi * x) / (Double.pi * x)
            let w = 0.5 * (1 + cos(Double.pi * x / 6.5))  // Hann window over ±6.5 samples
            return Float(sinc * w)
        }
    }

    /// Sum of absolute kernel taps: no interpolated value exceeds the local sample peak by more.
    static let gainBound: Float = phases.map { $0.reduce(0) { $0 + abs($1) } }.max()!

    /// The true peak around each frame `t` in `range` of a planar channel: max of |x[t]| and
    /// the interpolated values between t and t+1. Reads `x` at t-5...t+6 (zero outside).
    static func framePeaks(_ x: [Float], range: Range<Int>, into out: inout [Float]) {
        let n = x.count
        for t in range {
            var peak = abs(x[t])
            if t >= 5 && t + 6 < n {
                for phase in phases {
                    var acc: Float = 0
                    for k in 0..<taps { acc += x[t - 5 + k] * phase[k] }
                    peak = max(peak, abs(acc))
                }
            } else {
                for phase in phases {
                    var acc: Float = 0
                    for k in 0..<taps where t - 5 + k >= 0 && t - 5 + k < n { acc += x[t - 5 + k] * phase[k] }
                    peak = max(peak, abs(acc))
                }
            }
            out[t - range.lowerBound] = max(out[t - range.lowerBound], peak)
        }
    }

    /// True peak of a buffer in dBTP (dB relative to full scale).
    public static func measure(_ buffer: AudioBuffer) -> Double {
        var peak: Float = 0
        var scratch = [Float](repeating: 0, count: buffer.frameCount)
        for c in 0..<buffer.channelCount {
            let x = buffer.channel(c)
            for i in scratch.indices { scratch[i] = 0 }
            framePeaks(x, range: 0..<x.count, into: &scratch)
            peak = max(peak, scratch.max() ?? 0)
        }
        return 20 * log10(max(Double(peak), 1e-12))
    }
}

