import CFluidSynth
import Foundation

/// Receives FluidSynth's log messages. FluidSynth's log function is process-global, so one
/// sink is installed once (passed as the callback's `data` pointer) and keeps the most recent
/// errors and warnings; a failing call reports the messages logged since it started.
private final class FluidLogSink: @unchecked Sendable {
    // @unchecked Sendable: `messages` and `sequence` are only touched under `lock`.
    private let lock = NSLock()
    private var messages: [(sequence: Int, text: String)] = []
    private var sequence = 0

    func record(level: Int32, text: String) {
        lock.lock(); defer { lock.unlock() }
        sequence += 1
        let label = level <= Int32(FLUID_ERR.rawValue) ? "error" : "warning"
        messages.append((sequence, "\(label): \(text)"))
        if messages.count > 32 { messages.removeFirst(messages.count - 32) }
    }

    var mark: Int { lock.lock(); defer { lock.unlock() }; return sequence }

    func messages(after mark: Int) -> String {
        lock.lock(); defer { lock.unlock() }
        return messages.filter { $0.sequence > mark }.map(\.text).joined(separator: "; ")
    }

    static let shared: FluidLogSink = {
        let sink = FluidLogSink()
        let data = Unmanaged.passUnretained(sink).toOpaque()  // the sink lives forever
        for level in [FLUID_PANIC, FLUID_ERR, FLUID_WARN] {
            _ = fluid_set_log_function(Int32(level.rawValue), fluidLogCallback, data)
        }
        for level in [FLUID_INFO, FLUID_DBG] {  // silence chatter; a library never prints
            _ = fluid_set_log_function(Int32(level.rawValue), fluidLogCallback, nil)
        }
        return sink
    }()
}

/// The C log callback: a top-level function; `data` is the sink, or nil to drop the message.
private func fluidLogCallback(_ level: Int32, _ message: UnsafePointer<CChar>?, _ data: UnsafeMutableRawPointer?) {
    guard let data, let message else { return }
    Unmanaged<FluidLogSink>.fromOpaque(data).takeUnretainedValue().record(level: level, text: String(cString: message))
}

/// The one owner of a FluidSynth instance (settings, synthesizer, loaded soundfont) with no
/// audio driver: audio is pulled offline with `fluid_synth_write_float`. `deinit` frees it.
/// One instance per render; never shared between threads.
final class FluidSynthesizer {
    private let settings: OpaquePointer
    private let synth: OpaquePointer
    let sampleRate: Int

    init(soundFontPath: String, sampleRate: Int, gain: Double = 0.4, reverb: Bool = true) throws(AudioError) {
        let log = FluidLogSink.shared
        let mark = log.mark
        guard let settings = new_fluid_settings() else { throw .synthesizerFailed("new_fluid_settings failed") }
        fluid_settings_setnum(settings, "synth.sample-rate", Double(sampleRate))
        fluid_settings_setnum(settings, "synth.gain", gain)
        fluid_settings_setint(settings, "synth.reverb.active", reverb ? 1 : 0)
        fluid_settings_setint(settings, "synth.chorus.active", 0)
        fluid_settings_setint(settings, "synth.cpu-cores", 1)
        fluid_settings_setint(settings, "synth.threadsafe-api", 0)
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw .synthesizerFailed("new_fluid_synth failed: \(log.messages(after: mark))")
        }
        self.settings = settings
        self.synth = synth
        self.sampleRate = sampleRate
        guard FileManager.default.isReadableFile(atPath: soundFontPath) else {
            throw .soundFontUnavailable(path: soundFontPath, message: "file not found (install timgm6mb-soundfont)")
        }
        if fluid_synth_sfload(synth, soundFontPath, 1) == scriptc_fluid_failed() {
            throw .soundFontUnavailable(path: soundFontPath, message: log.messages(after: mark))
        }
    }

    deinit {
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    func apply(_ event: MidiEvent) {
        let ch = Int32(event.channel)
        switch event.kind {
        case .program(let p): fluid_synth_program_change(synth, ch, Int32(p))
        case .control(let c, let v): fluid_synth_cc(synth, ch, Int32(c), Int32(v))
        case .noteOn(let k, let v): fluid_synth_noteon(synth, ch, Int32(k), Int32(v))
        case .noteOff(let k): fluid_synth_noteoff(synth, ch, Int32(k))
        }
    }

    /// Renders `frames` stereo frames into `interleaved` starting at frame `at`.
    func render(frames: Int, into interleaved: inout [Float], at frame: Int) throws(AudioError) {
        var done = 0
        while done < frames {
            let n = min(4096, frames - done)
            let status = interleaved.withUnsafeMutableBufferPointer { buf -> Int32 in
                let base = UnsafeMutableRawPointer(buf.baseAddress! + 2 * (frame + done))
                return fluid_synth_write_float(synth, Int32(n), base, 0, 2, base, 1, 2)
            }
            guard status != scriptc_fluid_failed() else { throw .synthesizerFailed("fluid_synth_write_float failed") }
            done += n
        }
    }
}

/// A MIDI event at a sample time.
struct MidiEvent: Sendable {
    enum Kind: Sendable {
        case program(Int)
        case control(Int, Int)
        case noteOn(Int, Int)
        case noteOff(Int)
    }
    var frame: Int
    var channel: Int
    var kind: Kind
}
