import CSndFile
import Foundation

/// Sample formats the project writes.
public enum AudioFileFormat: Sendable, Equatable {
    /// WAV, 32-bit IEEE float (stems, intermediates: keeps headroom above 0 dBFS).
    case wavFloat
    /// WAV, 16-bit PCM (the delivered episode); values beyond ±1 are clipped, not wrapped.
    case wavPCM16

    fileprivate var sndfileFormat: Int32 {
        switch self {
        case .wavFloat: scriptc_sf_format_wav_float()
        case .wavPCM16: scriptc_sf_format_wav_pcm16()
        }
    }
}

/// The one owner of libsndfile handles: an open audio file, for reading or for writing.
/// `deinit` closes the handle. Not shared between threads (each user opens its own).
///
/// Writers are atomic: samples go to a temporary file beside the destination, and
/// `commit()` renames it into place; a writer dropped without `commit()` removes it.
public final class SoundFile {
    private var handle: OpaquePointer?
    public let path: String
    public let channelCount: Int
    public let sampleRate: Int
    /// libsndfile's format code (container | encoding).
    let format: Int32
    /// Frames in the file (reading) or written so far (writing).
    public private(set) var frameCount: Int
    private let temporaryPath: String?
    private var committed = false

    private init(handle: OpaquePointer, path: String, temporaryPath: String?, info: SF_INFO) {
        self.handle = handle
        self.path = path
        self.temporaryPath = temporaryPath
        self.channelCount = Int(info.channels)
        self.sampleRate = Int(info.samplerate)
        self.format = info.format
        self.frameCount = temporaryPath == nil ? Int(info.frames) : 0
    }

    deinit {
        if let handle { sf_close(handle) }
        if let temporaryPath, !committed { unlink(temporaryPath) }
    }

    /// Opens an existing audio file for reading.
    public static func openForReading(_ path: String) throws(AudioError) -> SoundFile {
        var info = SF_INFO()
        guard let handle = sf_open(path, scriptc_sf_mode_read(), &info) else {
            throw .fileFailed(path: path, message: String(cString: sf_strerror(nil)))
        }
        return SoundFile(handle: handle, path: path, temporaryPath: nil, info: info)
    }

    /// Creates a writer whose samples appear at `path` only on `commit()`.
    public static func create(
        _ path: String, format: AudioFileFormat, channelCount: Int, sampleRate: Int
    ) throws(AudioError) -> SoundFile {
        guard channelCount > 0, sampleRate > 0 else {
            throw .invalidRequest("audio file needs channels and a sample rate")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        var info = SF_INFO()
        info.channels = Int32(channelCount)
        info.samplerate = Int32(sampleRate)
        info.format = format.sndfileFormat
        guard let handle = sf_open(temporary, scriptc_sf_mode_write(), &info) else {
            throw .fileFailed(path: path, message: String(cString: sf_strerror(nil)))
        }
        scriptc_sf_enable_clipping(handle)
        return SoundFile(handle: handle, path: path, temporaryPath: temporary, info: info)
    }

    /// Appends interleaved frames (count must be a multiple of the channel count).
    public func write(_ interleaved: [Float]) throws(AudioError) {
        try write(interleaved, frames: interleaved.count / channelCount)
    }

    /// Appends the first `frames` frames of an interleaved array.
    public func write(_ interleaved: [Float], frames: Int) throws(AudioError) {
        guard let handle, temporaryPath != nil else { throw .fileFailed(path: path, message: "not open for writing") }
        precondition(frames * channelCount <= interleaved.count)
        if frames == 0 { return }
        let written = interleaved.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(frames)) }
        guard written == sf_count_t(frames) else {
            throw .fileFailed(path: path, message: String(cString: sf_strerror(handle)))
        }
        frameCount += frames
    }

    /// Closes the file and renames the temporary file onto the destination.
    public func commit() throws(AudioError) {
        guard let temporaryPath, !committed else { throw .fileFailed(path: path, message: "not open for writing") }
        if let handle {
            let status = sf_close(handle)
            self.handle = nil
            guard status == 0 else { throw .fileFailed(path: path, message: "close failed (\(status))") }
        }
        guard rename(temporaryPath, path) == 0 else {
            throw .fileFailed(path: path, message: String(cString: strerror(errno)))
        }
        committed = true
    }

    /// Reads up to `frames` frames starting at `startFrame` into `buffer` (interleaved),
    /// zero-filling what lies past the end of the file. Returns the frames actually read.
    @discardableResult
    public func read(frames: Int, from startFrame: Int, into buffer: inout [Float]) throws(AudioError) -> Int {
        guard let handle, temporaryPath == nil else { throw .fileFailed(path: path, message: "not open for reading") }
        let needed = frames * channelCount
        if buffer.count < needed { buffer = [Float](repeating: 0, count: needed) }
        let available = max(0, min(frames, frameCount - startFrame))
        var got = 0
        if available > 0 {
            guard scriptc_sf_seek_set(handle, sf_count_t(startFrame)) >= 0 else {
                throw .fileFailed(path: path, message: "seek to frame \(startFrame) failed")
            }
            got = buffer.withUnsafeMutableBufferPointer { Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(available))) }
        }
        if got * channelCount < needed {
            for i in (got * channelCount)..<needed { buffer[i] = 0 }
        }
        return got
    }

    /// Appends `source`'s sample data as stored, without converting it: both must be 16-bit PCM
    /// WAV with the same channel count and rate (an episode WAV gathered from 16-bit spans is a
    /// copy of their data chunks, not a decode and re-encode).
    public func appendRaw(from source: SoundFile) throws(AudioError) {
        guard let handle, temporaryPath != nil else { throw .fileFailed(path: path, message: "not open for writing") }
        guard let input = source.handle, source.temporaryPath == nil else {
            throw .fileFailed(path: source.path, message: "not open for reading")
        }
        let pcm16 = scriptc_sf_format_wav_pcm16()
        guard format == pcm16, source.format == pcm16, source.channelCount == channelCount, source.sampleRate == sampleRate else {
            throw .invalidRequest("raw copy needs 16-bit WAV files of the same layout (\(source.path))")
        }
        guard scriptc_sf_seek_set(input, 0) >= 0 else { throw .fileFailed(path: source.path, message: "seek failed") }
        let frameBytes = 2 * channelCount
        var remaining = source.frameCount * frameBytes
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while remaining > 0 {
            let want = min(buffer.count, remaining)
            let got = buffer.withUnsafeMutableBytes { Int(sf_read_raw(input, $0.baseAddress, sf_count_t(want))) }
            guard got == want else { throw .fileFailed(path: source.path, message: "short read (\(got) of \(want) bytes)") }
            let written = buffer.withUnsafeBytes { Int(sf_write_raw(handle, $0.baseAddress, sf_count_t(got))) }
            guard written == got else { throw .fileFailed(path: path, message: String(cString: sf_strerror(handle))) }
            remaining -= got
        }
        frameCount += source.frameCount
    }

    /// Reads the whole file into memory.
    public func readAll() throws(AudioError) -> AudioBuffer {
        var samples = [Float](repeating: 0, count: frameCount * channelCount)
        let got = try read(frames: frameCount, from: 0, into: &samples)
        guard got == frameCount else { throw .fileFailed(path: path, message: "short read (\(got) of \(frameCount) frames)") }
        return AudioBuffer(samples: samples, channelCount: channelCount, sampleRate: sampleRate)
    }
}

/// Whole-file conveniences over `SoundFile`.
public enum AudioFile {
    /// Reads a whole audio file (any format libsndfile knows) as interleaved float.
    public static func read(_ path: String) throws(AudioError) -> AudioBuffer {
        try SoundFile.openForReading(path).readAll()
    }

    /// Writes a buffer atomically (temporary file, then rename).
    public static func write(_ buffer: AudioBuffer, to path: String, format: AudioFileFormat) throws(AudioError) {
        let file = try SoundFile.create(path, format: format, channelCount: buffer.channelCount, sampleRate: buffer.sampleRate)
        try file.write(buffer.samples)
        try file.commit()
    }
}
