import CEspeakNG
import Foundation

/// Raw engine output: 16-bit samples converted to float, at the engine's own rate.
struct EspeakOutput: Sendable {
    var samples: [Float]
    var sampleRate: Int
}

/// Collects samples for one `espeak_Synth` call; reached from the C callback through the
/// `user_data` pointer espeak-ng copies into every event.
private final class EspeakSink {
    var samples: [Float] = []
}

/// The C callback: a top-level function (a capturing closure cannot become a C pointer).
private func espeakSynthCallback(
    _ wave: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?
) -> Int32 {
    guard let events, let user = events.pointee.user_data else { return 0 }
    let sink = Unmanaged<EspeakSink>.fromOpaque(user).takeUnretainedValue()
    if let wave, count > 0 {
        let scale: Float = 1 / 32768
        for i in 0..<Int(count) { sink.samples.append(Float(wave[i]) * scale) }
    }
    return 0  // continue synthesis
}

/// The single owner of the espeak-ng engine. The engine keeps process-global state (the
/// current voice, parameters, the callback) and is not thread-safe, so every call goes
/// through `lock`; with `AUDIO_OUTPUT_SYNCHRONOUS` the callback runs on the calling thread
/// inside `espeak_Synth`, i.e. while the lock is held.
final class EspeakEngine: @unchecked Sendable {
    // @unchecked Sendable: all mutable state (the C engine) is touched only under `lock`.
    private let lock = NSLock()
    let sampleRate: Int

    private init(sampleRate: Int) { self.sampleRate = sampleRate }

    private static let instance: Result<EspeakEngine, AudioError> = {
        // Runs once (Swift's lazy static initialization is thread-safe).
        let rate = scriptc_espeak_initialize_synchronous(500)
        guard rate > 0 else {
            return .failure(.speechEngineUnavailable("espeak_Initialize failed (is espeak-ng-data installed?)"))
        }
        espeak_SetSynthCallback(espeakSynthCallback)
        return .success(EspeakEngine(sampleRate: Int(rate)))
    }()

    static func shared() throws(AudioError) -> EspeakEngine { try instance.get() }

    /// Speaks an SSML document with the given voice; returns the samples at `sampleRate`.
    func synthesize(ssml: String, voice: String) throws(AudioError) -> EspeakOutput {
        lock.lock()
        defer { lock.unlock() }
        guard espeak_SetVoiceByName(voice) == EE_OK else { throw .unknownVoice(voice) }
        let sink = EspeakSink()
        let status: espeak_ERROR = withExtendedLifetime(sink) {
            let user = Unmanaged.passUnretained(sink).toOpaque()
            let bytes = Array(ssml.utf8CString)
            return bytes.withUnsafeBufferPointer { text in
                espeak_Synth(text.baseAddress, bytes.count, 0, POS_CHARACTER, 0,
                             scriptc_espeak_flags_ssml_utf8(), nil, user)
            }
        }
        guard status == EE_OK else { throw .speechFailed("espeak_Synth returned \(status.rawValue)") }
        guard espeak_Synchronize() == EE_OK else { throw .speechFailed("espeak_Synchronize failed") }
        return EspeakOutput(samples: sink.samples, sampleRate: sampleRate)
    }
}
