/// How a line is spoken. Neutral values (`rate` 1, `pitchPercent` 0, `volume` 1) leave the
/// voice as espeak-ng defines it.
public struct Prosody: Sendable, Hashable, Codable {
    /// Speaking rate relative to the voice's default (1.2 = 20 % faster). Clamped to 0.3...3.
    public var rate: Double
    /// Relative pitch change in percent (+50 raises the voice by half). Clamped to -90...300.
    public var pitchPercent: Int
    /// Loudness relative to the default (0.5 = half). Clamped to 0...4.
    public var volume: Double

    public init(rate: Double = 1, pitchPercent: Int = 0, volume: Double = 1) {
        self.rate = rate
        self.pitchPercent = pitchPercent
        self.volume = volume
    }

    public static let neutral = Prosody()
}

/// A piece of a spoken line: plain text, emphasized text, or a pause.
public enum SpeechSegment: Sendable, Hashable, Codable {
    case text(String)
    case emphasized(String)
    case pause(milliseconds: Int)
}

/// One call of the speech generator: `speech(text, voice, prosody)`.
public struct SpeechRequest: Sendable, Hashable, Codable {
    public var segments: [SpeechSegment]
    /// An espeak-ng voice: a language, optionally with a variant (`en-us`, `en-us+f3`,
    /// `en+m3`, `en-us+whisper`).
    public var voice: String
    public var prosody: Prosody

    public init(segments: [SpeechSegment], voice: String = "en-us", prosody: Prosody = .neutral) {
        self.segments = segments
        self.voice = voice
        self.prosody = prosody
    }

    public init(text: String, voice: String = "en-us", prosody: Prosody = .neutral) {
        self.init(segments: [.text(text)], voice: voice, prosody: prosody)
    }

    /// The request as SSML: text escaped, prosody as percentages (espeak-ng follows
    /// percentages for pitch and volume far better than keywords or dB).
    public var ssml: String {
        let p = prosody
        let rate = Int((min(max(p.rate, 0.3), 3) * 100).rounded())
        let pitch = min(max(p.pitchPercent, -90), 300)
        let volume = Int((min(max(p.volume, 0), 4) * 100).rounded())
        var body = ""
        for segment in segments {
            switch segment {
            case .text(let t): body += SpeechRequest.escape(t)
            case .emphasized(let t): body += "<emphasis>\(SpeechRequest.escape(t))</emphasis>"
            case .pause(let ms): body += "<break time=\"\(max(0, min(ms, 10_000)))ms\"/>"
            }
        }
        let pitchText = pitch >= 0 ? "+\(pitch)%" : "\(pitch)%"
        return "<speak><prosody rate=\"\(rate)%\" pitch=\"\(pitchText)\" volume=\"\(volume)%\">\(body)</prosody></speak>"
    }

    /// Escapes the characters SSML gives meaning to.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab/newline are not valid XML text.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}

/// The speech generator's output: 48 kHz mono float samples and their measured length
/// (after trimming the engine's leading and trailing silence to a short pad).
public struct SpeechAudio: Sendable {
    public var audio: AudioBuffer
    public var durationSeconds: Double { audio.durationSeconds }
}

/// Speech synthesis: espeak-ng, resampled to the project rate and trimmed.
public enum SpeechGenerator {
    /// Identifies the generator and its settings for content hashes of cached outputs.
    public static let version = "speech/espeak-ng/1"
    public static let outputSampleRate = 48_000

    /// Synthesizes one request. Serialized with every other use of the engine.
    public static func render(_ request: SpeechRequest) throws(AudioError) -> SpeechAudio {
        let engine = try EspeakEngine.shared()
        let raw = try engine.synthesize(ssml: request.ssml, voice: request.voice)
        let resampled = Resampler(from: raw.sampleRate, to: outputSampleRate).process(raw.samples)
        let trimmed = trimSilence(resampled, sampleRate: outputSampleRate)
        return SpeechAudio(audio: AudioBuffer(samples: trimmed, channelCount: 1, sampleRate: outputSampleRate))
    }

    /// Trims leading and trailing samples below -60 dBFS, keeping a 20 ms pad at each end.
    static func trimSilence(_ samples: [Float], sampleRate: Int) -> [Float] {
        let threshold: Float = 0.001
        guard let first = samples.firstIndex(where: { abs($0) > threshold }),
              let last = samples.lastIndex(where: { abs($0) > threshold }) else { return [] }
        let pad = sampleRate / 50
        return Array(samples[max(0, first - pad)..<min(samples.count, last + 1 + pad)])
    }
}
