/// Failures of the audio generators and the mixer. Every case names what failed in words a
/// user can act on; the C library's own message is kept when it gives one.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The speech engine could not start (espeak-ng data missing, …).
    case speechEngineUnavailable(String)
    /// The voice name is not known to espeak-ng.
    case unknownVoice(String)
    /// Synthesis of one request failed.
    case speechFailed(String)
    /// The General MIDI soundfont could not be loaded.
    case soundFontUnavailable(path: String, message: String)
    /// FluidSynth could not be created or failed while rendering.
    case synthesizerFailed(String)
    /// An audio file could not be opened, read, written or renamed into place.
    case fileFailed(path: String, message: String)
    /// A request is out of range (negative duration, unknown effect, bad key, …).
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .speechEngineUnavailable(let m): "speech engine unavailable: \(m)"
        case .unknownVoice(let v): "unknown voice '\(v)'"
        case .speechFailed(let m): "speech synthesis failed: \(m)"
        case .soundFontUnavailable(let p, let m): "cannot load soundfont '\(p)': \(m)"
        case .synthesizerFailed(let m): "music synthesizer failed: \(m)"
        case .fileFailed(let p, let m): "audio file '\(p)': \(m)"
        case .invalidRequest(let m): "invalid audio request: \(m)"
        }
    }
}
