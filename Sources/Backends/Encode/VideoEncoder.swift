import Foundation

/// One shot of the animatic: a still card held for a whole number of frames.
public struct VideoShot: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Pixels already in memory.
        case image(CardImage)
        /// A PNG card on disk (the build cache); read when the encoder reaches it, so a long
        /// episode never holds more than one card in memory.
        case png(URL)
    }

    public var source: Source
    public var durationFrames: Int

    public init(_ source: Source, durationFrames: Int) {
        self.source = source
        self.durationFrames = durationFrames
    }

    func image() throws(EncodeError) -> CardImage {
        switch source {
        case .image(let image):
            return image
        case .png(let url):
            do {
                return try CardImage(contentsOfPNG: url)
            } catch {
                throw EncodeError.badInput("card '\(url.path)': \(error)")
            }
        }
    }
}

/// What to encode: shots back to back from frame 0, and an optional sound track.
public struct EncodeRequest: Sendable {
    public var shots: [VideoShot]
    /// A WAV file muxed as AAC; trimmed to the picture's length.
    public var audio: URL?
    public var output: URL
    public var frameRate: Int
    public var width: Int
    public var height: Int

    public init(
        shots: [VideoShot], audio: URL? = nil, output: URL, frameRate: Int = 24, width: Int = 1280, height: Int = 720
    ) {
        self.shots = shots
        self.audio = audio
        self.output = output
        self.frameRate = frameRate
        self.width = width
        self.height = height
    }

    /// The picture's length in frames.
    public var totalFrames: Int { shots.reduce(0) { $0 + $1.durationFrames } }
}

/// What an encode did.
public struct EncodeResult: Sendable, Hashable {
    public var output: URL
    public var frames: Int
    /// Cards encoded: one slot per distinct card (docs/build.md, "The picture").
    public var imagesWritten: Int
    public var seconds: Double
}

/// What can go wrong while encoding.
public enum EncodeError: Error, Equatable, CustomStringConvertible {
    /// The encoder program is not installed.
    case toolMissing(String)
    /// The request cannot be encoded (empty, a zero-length shot, a card of the wrong size, …).
    case badInput(String)
    /// The encoder ran and failed; the message ends with the tail of its log.
    case failed(String)

    public var description: String {
        switch self {
        case .toolMissing(let message): message
        case .badInput(let message): "cannot encode: \(message)"
        case .failed(let message): "encoding failed: \(message)"
        }
    }
}

/// Turns shots and a sound track into a video file. The local backend uses the ffmpeg program;
/// another implementation could link a codec library instead.
public protocol VideoEncoder: Sendable {
    /// A short identity (program and version) that goes into cache keys.
    var identity: String { get }
    func encode(_ request: EncodeRequest) throws(EncodeError) -> EncodeResult
}
