import Foundation

/// H.264 + AAC MP4 through the ffmpeg program, in three steps that a build can cache apart:
///
/// 1. **Slots.** Each distinct card is encoded once as a `StillSlot`: `slotFrames` frames, an
///    IDR frame then predicted frames that repeat it. All missing slots of a build go through one
///    ffmpeg run: raw BGRA images into its stdin, one image per slot; `setpts=N*slotFrames` puts
///    image N at the start of slot N and the `fps` filter repeats it to fill the slot, while x264
///    places a keyframe exactly every `slotFrames` frames. The output stream is split into slots
///    at their IDR frames and, with a slot cache, each slot is kept next to its card.
/// 2. **Picture.** The episode's video stream is written by concatenating slots: a shot of N
///    frames is N / slotFrames whole slots and the first N % slotFrames frames of one more, so
///    every cut lands on the frame the timeline asks for and the encoder never sees a held frame
///    twice. A one-line edit re-encodes one card's slot, not the episode. A transition is a run
///    of distinct frames (`PicturePiece.blend`: cards blended, faded or slid, drawn from the
///    cards' pixels) between held stretches: all missing runs go through one more ffmpeg run with
///    the slots' x264 settings and a forced IDR frame where each run starts, so they concatenate
///    with the slots like slots do; each run is cached beside its last card, named after its
///    frames, and an edit re-encodes only the runs that show a changed card.
/// 3. **Sound and mux.** The mix is encoded to AAC on its own (it can run beside the picture),
///    and the two streams are copied into the MP4 (`-c copy`, a 24 fps track time base).
///
/// Every file is written to a hidden temporary next to its target and renamed into place when
/// ffmpeg succeeds; on failure temporaries are removed and the error carries the tail of ffmpeg's log.
public struct FFmpegEncoder: VideoEncoder {
    public struct Settings: Sendable, Hashable {
        /// x264 preset: speed against file size; quality is set by `crf`.
        public var preset: String
        public var crf: Int
        public var audioBitrate: String
        /// Encoder threads; 0 lets x264 choose (all cores).
        public var threads: Int
        /// Frames per slot: a keyframe every `slotFrames` frames. Fewer frames encode faster and
        /// cost more bytes (one intra frame per slot).
        public var slotFrames: Int

        public init(preset: String = "veryfast", crf: Int = 23, audioBitrate: String = "128k", threads: Int = 0,
                    slotFrames: Int = 12) {
            self.preset = preset
            self.crf = crf
            self.audioBitrate = audioBitrate
            self.threads = threads
            self.slotFrames = max(1, slotFrames)
        }
    }

    public let executable: URL
    public let settings: Settings

    public var identity: String {
        "ffmpeg-slots-1 preset=\(settings.preset) crf=\(settings.crf) slot=\(settings.slotFrames) ab=\(settings.audioBitrate)"
    }

    /// The AAC encoder's options. ffmpeg's mid/side stereo search dominates its encoding time
    /// (measured: 11.5 s of CPU for a 6-minute mix with it, 5.3 s without); plain L/R at 128 kb/s
    /// is transparent enough for an animatic. Noise substitution, TNS and intensity stereo are
    /// off for the same reason.
    static let aacOptions = ["-c:a", "aac", "-aac_coder", "fast", "-aac_ms", "0", "-aac_pns", "0", "-aac_tns", "0", "-aac_is", "0"]

    /// Finds `ffmpeg` on `PATH` (or uses `executable`).
    public init(executable: URL? = nil, settings: Settings = Settings()) throws(EncodeError) {
        guard let found = executable ?? ExternalTool.find("ffmpeg") else {
            throw EncodeError.toolMissing(
                "the 'ffmpeg' program was not found on PATH; install it (Debian/Ubuntu: apt-get install ffmpeg)")
        }
        guard FileManager.default.isExecutableFile(atPath: found.path) else {
            throw EncodeError.toolMissing("'\(found.path)' is not an executable ffmpeg")
        }
        self.executable = found
        self.settings = settings
    }

    // MARK: The whole encode

    public func encode(_ request: EncodeRequest) throws(EncodeError) -> EncodeResult {
        let started = Date()
        try Self.validate(request.shots)
        if let audio = request.audio, !FileManager.default.fileExists(atPath: audio.path) {
            throw EncodeError.badInput("sound track '\(audio.path)' does not exist")
        }
        let fileManager = FileManager.default
        let folder = request.output.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EncodeError.failed("cannot create '\(folder.path)': \(error)")
        }
        let video = AtomicFile.temporaryURL(for: request.output.appendingPathExtension("h264"))
        let audio = AtomicFile.temporaryURL(for: request.output.appendingPathExtension("m4a"))
        defer {
            try? fileManager.removeItem(at: video)
            try? fileManager.removeItem(at: audio)
        }
        let picture = try encodeVideo(request.shots, frameRate: request.frameRate, width: request.width,
                                      height: request.height, slotCache: false, to: video)
        if let wav = request.audio {
            try encodeAudio(wav, seconds: Double(picture.frames) / Double(request.frameRate), to: audio)
        }
        try mux(video: video, audio: request.audio == nil ? nil : audio, frameRate: request.frameRate,
                frames: picture.frames, to: request.output)
        return EncodeResult(output: request.output, frames: picture.frames, imagesWritten: picture.slotsEncoded,
                            seconds: Date().timeIntervalSince(started))
    }

    static func validate(_ shots: [VideoShot]) throws(EncodeError) {
        guard !shots.isEmpty else { throw EncodeError.badInput("no shots") }
        if let bad = shots.firstIndex(where: { $0.durationFrames < 1 }) {
            throw EncodeError.badInput("shot \(bad) lasts \(shots[bad].durationFrames) frames")
        }
    }

    // MARK: Step 1 and 2: slots and the picture

    /// What `encodeVideo` did.
    public struct PictureResult: Sendable, Hashable {
        public var frames: Int
        /// Cards encoded by this call.
        public var slotsEncoded: Int
        /// Cards whose slot came from the slot cache.
        public var slotsReused: Int
        /// Runs of transition frames encoded by this call, and taken from the cache.
        public var blendsEncoded: Int = 0
        public var blendsReused: Int = 0
    }

    /// Where the slot of a PNG card is cached: next to the card, named after it and the settings.
    func slotURL(for png: URL) -> URL {
        let digest = StableHash.of(identity)
        let stem = png.deletingPathExtension().lastPathComponent
        return png.deletingLastPathComponent().appendingPathComponent("\(stem).slot-\(String(digest, radix: 16)).h264")
    }

    /// Writes the shots' H.264 stream (Annex B) to `output`. With a slot cache, the slots of
    /// PNG cards are read from and written next to the cards (`<card>.slot-<settings>.h264`).
    @discardableResult
    public func encodeVideo(_ shots: [VideoShot], frameRate: Int = 24, width: Int = 1280, height: Int = 720,
                            slotCache: Bool = false, to output: URL) throws(EncodeError) -> PictureResult {
        try Self.validate(shots)
        return try encodePicture(shots.map { .still($0.source, frames: $0.durationFrames) }, frameRate: frameRate,
                                 width: width, height: height, cache: slotCache, to: output)
    }

    /// Writes the H.264 stream (Annex B) of held cards and transition frames to `output`. Held
    /// cards come from their slots; each run of transition frames is encoded as frames of its
    /// own, starting with an IDR frame, once per distinct run. With `cache`, slots and runs are
    /// read from and written next to PNG cards: `<card>.slot-<settings>.h264` and, beside the
    /// run's last card, `<card>.blend-<run and settings>.h264`. A PNG's name must identify its
    /// pixels, as the build cache's names do.
    @discardableResult
    public func encodePicture(_ pieces: [PicturePiece<VideoShot.Source>], frameRate: Int = 24, width: Int = 1280,
                              height: Int = 720, cache: Bool = false, to output: URL) throws(EncodeError) -> PictureResult {
        try Self.validate(pieces)
        // One slot per distinct held card.
        var slotIndex: [VideoShot.Source: Int] = [:]
        var sources: [VideoShot.Source] = []
        for case .still(let source, _) in pieces where slotIndex[source] == nil {
            slotIndex[source] = sources.count
            sources.append(source)
        }
        var slots = [StillSlot?](repeating: nil, count: sources.count)
        var reused = 0
        if cache {
            for (index, source) in sources.enumerated() {
                guard case .png(let png) = source,
                      let data = FileManager.default.contents(atPath: slotURL(for: png).path),
                      let slot = StillSlot(bytes: [UInt8](data)), slot.frames == settings.slotFrames
                else { continue }
                slots[index] = slot
                reused += 1
            }
        }
        let missing = slots.indices.filter { slots[$0] == nil }
        if !missing.isEmpty {
            let encoded = try encodeSlots(missing.map { sources[$0] }, frameRate: frameRate, width: width, height: height,
                                          near: output)
            for (index, slot) in zip(missing, encoded) {
                slots[index] = slot
                if cache, case .png(let png) = sources[index] {
                    try Self.cacheWrite(slot.bytes, to: slotURL(for: png))
                }
            }
        }
        let blends = try blendRuns(pieces, frameRate: frameRate, width: width, height: height, cache: cache, near: output)

        // The picture: whole slots then a prefix per held card, and the transition runs, in order.
        let temporary = AtomicFile.temporaryURL(for: output)
        defer { try? FileManager.default.removeItem(at: temporary) }
        var frames = 0
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw EncodeError.failed("cannot create '\(temporary.path)'")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 22)
            for piece in pieces {
                switch piece {
                case .still(let source, let count):
                    guard let index = slotIndex[source], let slot = slots[index] else {
                        throw EncodeError.failed("a slot is missing")
                    }
                    let (whole, remainder) = StillSlot.pieces(frames: count, slotFrames: slot.frames)
                    for _ in 0..<whole { buffer.append(contentsOf: slot.bytes) }
                    if remainder > 0 { buffer.append(contentsOf: slot.prefix(frames: remainder)) }
                case .blend(let run):
                    guard let encoded = blends.runs[run] else { throw EncodeError.failed("a transition is missing") }
                    buffer.append(contentsOf: encoded.bytes)
                }
                frames += piece.frames
                if buffer.count >= 1 << 22 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            try AtomicFile.move(temporary, to: output)
        } catch let error as EncodeError {
            throw error
        } catch {
            throw EncodeError.failed("cannot write '\(output.path)': \(error)")
        }
        return PictureResult(frames: frames, slotsEncoded: missing.count, slotsReused: reused,
                             blendsEncoded: blends.encoded, blendsReused: blends.reused)
    }

    static func validate(_ pieces: [PicturePiece<VideoShot.Source>]) throws(EncodeError) {
        guard !pieces.isEmpty else { throw EncodeError.badInput("no shots") }
        if let bad = pieces.firstIndex(where: { $0.frames < 1 }) {
            throw EncodeError.badInput("piece \(bad) lasts \(pieces[bad].frames) frames")
        }
        for case .blend(let run) in pieces {
            for frame in run {
                guard frame.blur.isFinite, frame.blur >= 0, frame.blur < 1,
                      frame.layers.allSatisfy({ $0.opacity.isFinite && $0.offset.isFinite && $0.window.isFinite }) else {
                    throw EncodeError.badInput("a transition frame has an opacity, offset or blur out of range")
                }
            }
        }
    }

    static func cacheWrite(_ bytes: [UInt8], to url: URL) throws(EncodeError) {
        do {
            try AtomicFile.write(Data(bytes), to: url)
        } catch {
            throw EncodeError.failed("cannot cache '\(url.lastPathComponent)': \(error)")
        }
    }

    // MARK: Transition runs

    /// What names a run of transition frames in the cache: its frames (cards by file name,
    /// opacities, offsets and blur to 1/10000), the picture size and the encoder's identity.
    func blendKey(_ run: [BlendFrame<VideoShot.Source>], width: Int, height: Int) -> String? {
        var text = "\(identity) \(BlendCompositor.version) \(width)x\(height)"
        for frame in run {
            text += String(format: "|%.4f", frame.blur)
            for layer in frame.layers {
                guard case .png(let png) = layer.card else { return nil }
                text += " " + png.lastPathComponent + String(format: "*%.4f+%.4f", layer.opacity, layer.offset) + layer.window.key
            }
        }
        return String(StableHash.of(text), radix: 16)
    }

    /// Where a run is cached: beside the last card it shows (nil: a run of black or of cards in memory).
    func blendURL(for run: [BlendFrame<VideoShot.Source>], width: Int, height: Int) -> URL? {
        guard let key = blendKey(run, width: width, height: height),
              case .png(let png)? = run.last(where: { !$0.layers.isEmpty })?.layers.last?.card
        else { return nil }
        let stem = png.deletingPathExtension().lastPathComponent
        return png.deletingLastPathComponent().appendingPathComponent("\(stem).blend-\(key).h264")
    }

    /// Every distinct transition run of `pieces`, from the cache or encoded in one ffmpeg run.
    func blendRuns(_ pieces: [PicturePiece<VideoShot.Source>], frameRate: Int, width: Int, height: Int, cache: Bool,
                   near output: URL) throws(EncodeError) -> (runs: [[BlendFrame<VideoShot.Source>]: StillSlot], encoded: Int, reused: Int) {
        var runs: [[BlendFrame<VideoShot.Source>]: StillSlot] = [:]
        var seen = Set<[BlendFrame<VideoShot.Source>]>()
        var missing: [(run: [BlendFrame<VideoShot.Source>], url: URL?)] = []
        var reused = 0
        for case .blend(let run) in pieces where seen.insert(run).inserted {
            let url = cache ? blendURL(for: run, width: width, height: height) : nil
            if let url, let data = FileManager.default.contents(atPath: url.path),
               let encoded = StillSlot(bytes: [UInt8](data)), encoded.frames == run.count {
                runs[run] = encoded
                reused += 1
            } else {
                missing.append((run, url))
            }
        }
        guard !missing.isEmpty else { return (runs, 0, reused) }
        let encoded = try encodeBlends(missing.map(\.run), frameRate: frameRate, width: width, height: height, near: output)
        for ((run, url), piece) in zip(missing, encoded) {
            runs[run] = piece
            if let url { try Self.cacheWrite(piece.bytes, to: url) }
        }
        return (runs, missing.count, reused)
    }

    /// Encodes runs of transition frames in one ffmpeg run, each starting with an IDR frame, with
    /// the slots' x264 settings (so every piece of the stream has the same parameter sets), and
    /// splits the stream into runs.
    func encodeBlends(_ runs: [[BlendFrame<VideoShot.Source>]], frameRate: Int, width: Int, height: Int,
                      near output: URL) throws(EncodeError) -> [StillSlot] {
        let stream = AtomicFile.temporaryURL(for: output.appendingPathExtension("blends"))
        defer { try? FileManager.default.removeItem(at: stream) }
        var starts: [Int] = []
        var total = 0
        for run in runs { starts.append(total); total += run.count }
        // A keyframe where each run starts; x264 adds one every `g` frames inside long runs.
        let keyframes = "expr:" + starts.map { "eq(n,\($0))" }.joined(separator: "+")
        let arguments = x264Arguments(width: width, height: height, frameRate: frameRate, filter: "format=yuv420p", frames: total,
                                      keyframes: ["-force_key_frames", keyframes, "-forced-idr", "1"], to: stream)

        var writeError: String?
        try run(arguments, near: output) { writer in
            var images: [VideoShot.Source: CardImage] = [:]
            for run in runs {
                for frame in run {
                    do {
                        var layerImages: [CardImage] = []
                        for layer in frame.layers {
                            if let image = images[layer.card] {
                                layerImages.append(image)
                                continue
                            }
                            let image = try VideoShot(layer.card, durationFrames: 1).image()
                            guard image.width == width, image.height == height else {
                                writeError = "a card is \(image.width)×\(image.height), not \(width)×\(height)"
                                return
                            }
                            // A run shows two or three cards; keep only the current ones.
                            if images.count > 8 { images.removeAll() }
                            images[layer.card] = image
                            layerImages.append(image)
                        }
                        try writer.write(contentsOf: BlendCompositor.render(frame, images: layerImages, width: width, height: height))
                    } catch {
                        writeError = "\(error)"
                        return
                    }
                }
            }
        }
        if let writeError { throw EncodeError.badInput(writeError) }
        let (bytes, frames) = try Self.readStream(stream, frames: total, what: "transition frames")
        var result: [StillSlot] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : total
            let first = frames[start]
            guard first.isIDR else { throw EncodeError.failed("transition \(index) does not start with an IDR frame") }
            let endByte = end < total ? frames[end].start : bytes.count
            let offsets = frames[start..<end].map { $0.start - first.start } + [endByte - first.start]
            result.append(StillSlot(bytes: Array(bytes[first.start..<endByte]), frameOffsets: offsets))
        }
        return result
    }

    /// The ffmpeg arguments shared by slots and transition runs: raw BGRA frames on stdin, the
    /// filter, x264 with a keyframe every `slotFrames` frames (plus `keyframes`), raw H.264 out.
    func x264Arguments(width: Int, height: Int, frameRate: Int, filter: String, frames: Int, keyframes: [String] = [],
                       to stream: URL) -> [String] {
        let g = settings.slotFrames
        var arguments = [
            "-f", "rawvideo", "-pix_fmt", "bgra", "-s", "\(width)x\(height)", "-framerate", "\(frameRate)", "-i", "pipe:0",
            "-vf", filter, "-frames:v", "\(frames)",
        ] + keyframes + [
            "-c:v", "libx264", "-preset", settings.preset, "-crf", "\(settings.crf)", "-tune", "stillimage",
            "-x264-params", "keyint=\(g):min-keyint=\(g):scenecut=0:bframes=0",
        ]
        if settings.threads > 0 { arguments += ["-threads", "\(settings.threads)"] }
        return arguments + ["-f", "h264", stream.path]
    }

    /// The raw H.264 stream ffmpeg wrote and its frames, which must number `count`.
    static func readStream(_ stream: URL, frames count: Int, what: String) throws(EncodeError) -> (bytes: [UInt8], frames: [AnnexB.Frame]) {
        guard let data = FileManager.default.contents(atPath: stream.path) else {
            throw EncodeError.failed("ffmpeg wrote no stream")
        }
        let bytes = [UInt8](data)
        let frames = AnnexB.frames(in: bytes)
        guard frames.count == count else {
            throw EncodeError.failed("expected \(count) \(what) from x264, found \(frames.count)")
        }
        return (bytes, frames)
    }

    /// Encodes one slot per source in a single ffmpeg run and splits the stream into slots.
    func encodeSlots(_ sources: [VideoShot.Source], frameRate: Int, width: Int, height: Int,
                     near output: URL) throws(EncodeError) -> [StillSlot] {
        let g = settings.slotFrames
        let stream = AtomicFile.temporaryURL(for: output.appendingPathExtension("slots"))
        defer { try? FileManager.default.removeItem(at: stream) }
        let arguments = x264Arguments(width: width, height: height, frameRate: frameRate, filter: "setpts=N*\(g),format=yuv420p,fps=\(frameRate)",
                                      frames: sources.count * g, to: stream)

        var writeError: String?
        try run(arguments, near: output) { writer in
            // Each image once; the last one again so the `fps` filter fills the last slot.
            for (index, source) in (sources + [sources[sources.count - 1]]).enumerated() {
                do {
                    let image = try VideoShot(source, durationFrames: 1).image()
                    guard image.width == width, image.height == height else {
                        writeError = "card \(index) is \(image.width)×\(image.height), not \(width)×\(height)"
                        return
                    }
                    try writer.write(contentsOf: image.bgra)
                } catch {
                    writeError = "\(error)"
                    return
                }
            }
        }
        if let writeError { throw EncodeError.badInput(writeError) }
        let (bytes, frames) = try Self.readStream(stream, frames: sources.count * g, what: "frames")
        var slots: [StillSlot] = []
        slots.reserveCapacity(sources.count)
        for index in 0..<sources.count {
            let first = frames[index * g]
            guard first.isIDR else { throw EncodeError.failed("slot \(index) does not start with an IDR frame") }
            let end = index + 1 < sources.count ? frames[(index + 1) * g].start : bytes.count
            let offsets = frames[(index * g)..<((index + 1) * g)].map { $0.start - first.start } + [end - first.start]
            slots.append(StillSlot(bytes: Array(bytes[first.start..<end]), frameOffsets: offsets))
        }
        return slots
    }

    // MARK: Step 3: sound and mux

    /// Encodes a WAV (its first `seconds`, when given) to AAC in an MP4 audio file, atomically.
    public func encodeAudio(_ wav: URL, seconds: Double? = nil, to output: URL) throws(EncodeError) {
        guard FileManager.default.fileExists(atPath: wav.path) else {
            throw EncodeError.badInput("sound track '\(wav.path)' does not exist")
        }
        let temporary = AtomicFile.temporaryURL(for: output)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let trim = seconds.map { ["-t", String(format: "%.6f", $0)] } ?? []
        try run(["-i", wav.path, "-map", "0:a:0"] + trim + Self.aacOptions + ["-b:a", settings.audioBitrate, "-f", "mp4", temporary.path],
                near: output)
        try Self.move(temporary, to: output)
    }

    /// Copies an H.264 stream and an optional AAC file (an MP4 audio file, or ADTS with the
    /// extension `aac`) into an MP4 of exactly `frames` frames.
    public func mux(video: URL, audio: URL?, frameRate: Int, frames: Int, to output: URL) throws(EncodeError) {
        let temporary = AtomicFile.temporaryURL(for: output)
        defer { try? FileManager.default.removeItem(at: temporary) }
        var arguments = ["-f", "h264", "-framerate", "\(frameRate)", "-i", video.path]
        if let audio {
            if audio.pathExtension == "aac" {
                // Raw AAC (ADTS) carries no encoder delay: its priming packet starts 1024 samples early.
                let delay = Double(AACSegments.blockFrames) / Double(Mixer.sampleRate)
                arguments += ["-itsoffset", String(format: "-%.9f", delay), "-f", "aac"]
            }
            arguments += ["-i", audio.path]
        }
        arguments += ["-map", "0:v:0"]
        if audio != nil { arguments += ["-map", "1:a:0"] }
        arguments += [
            // No `-frames:v`: the stream holds exactly the picture's frames, and stopping the output at
            // the last frame would drop the sound packets interleaved after it (the last ~50 ms).
            "-c", "copy", "-video_track_timescale", "\(frameRate * 512)",
            "-t", String(format: "%.6f", Double(frames) / Double(frameRate)),
            "-movflags", "+faststart", "-f", "mp4", temporary.path,
        ]
        try run(arguments, near: output)
        try Self.move(temporary, to: output)
    }

    static func move(_ temporary: URL, to output: URL) throws(EncodeError) {
        do {
            try AtomicFile.move(temporary, to: output)
        } catch {
            throw EncodeError.failed("\(error)")
        }
    }

    // MARK: Running ffmpeg

    /// Runs ffmpeg with `arguments` (after the common flags); `feed`, when given, writes its stdin.
    /// The log goes to a hidden temporary next to `near` and into the error when ffmpeg fails.
    func run(_ arguments: [String], near: URL, feed: ((FileHandle) -> Void)? = nil) throws(EncodeError) {
        ExternalTool.ignoreBrokenPipes()
        let log = AtomicFile.temporaryURL(for: near.appendingPathExtension("log"))
        defer { try? FileManager.default.removeItem(at: log) }
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
              let logHandle = try? FileHandle(forWritingTo: log) else {
            throw EncodeError.failed("cannot open the ffmpeg log next to '\(near.path)'")
        }
        defer { try? logHandle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + arguments
        let input = Pipe()
        process.standardInput = feed == nil ? FileHandle.nullDevice : input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = logHandle
        do {
            try process.run()
        } catch {
            throw EncodeError.toolMissing("could not start '\(executable.path)': \(error)")
        }
        if let feed {
            // A write error usually means ffmpeg stopped; its log says why.
            feed(input.fileHandleForWriting)
            try? input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        if process.terminationReason != .exit || process.terminationStatus != 0 {
            let how = process.terminationReason == .exit
                ? "exit status \(process.terminationStatus)" : "signal \(process.terminationStatus)"
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw EncodeError.failed("ffmpeg stopped with \(how):\n\(ExternalTool.tail(text))")
        }
    }
}
