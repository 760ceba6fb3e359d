import Foundation

/// H.264 + AAC MP4 through the ffmpeg program.
///
/// Raw BGRA frames go into ffmpeg's stdin (`-f rawvideo -pix_fmt bgra`). Each shot's card is
/// written once: a `setpts` expression moves the n-th written image to its shot's start frame,
/// the colour conversion runs on that one image, and the `fps` filter repeats it until the next
/// cut. So a cut lands on the exact frame the timeline asks for and the pipe carries one image per
/// shot instead of 24 a second. The last card is written a second time at the frame just past the
/// end, which closes the last shot; `-frames:v` stops the output at the timeline's length.
///
/// (Repeating frames at the output with `-r 24 -fps_mode cfr` alone is not frame-accurate for
/// gaps longer than one frame: ffmpeg's constant-rate logic rounds `gap - 0.6`, which moves every
/// cut one frame early. Filling the gaps inside the filter graph avoids that.)
///
/// The MP4 is written to a hidden temporary file next to the output and renamed into place when
/// ffmpeg succeeds; on any failure the temporary file is removed and the error carries the tail of
/// ffmpeg's log.
public struct FFmpegEncoder: VideoEncoder {
    public struct Settings: Sendable, Hashable {
        /// x264 preset: speed against file size; quality is set by `crf`.
        public var preset: String
        public var crf: Int
        public var audioBitrate: String
        /// Encoder threads; 0 lets x264 choose (all cores).
        public var threads: Int

        public init(preset: String = "veryfast", crf: Int = 20, audioBitrate: String = "160k", threads: Int = 0) {
            self.preset = preset
            self.crf = crf
            self.audioBitrate = audioBitrate
            self.threads = threads
        }
    }

    public let executable: URL
    public let settings: Settings

    public var identity: String {
        "ffmpeg-pipe-1 preset=\(settings.preset) crf=\(settings.crf) ab=\(settings.audioBitrate)"
    }

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

    /// The frames at which the written images are shown: each shot's start, then the frame just
    /// past the end (the last card again, closing the last shot).
    static func presentationFrames(_ shots: [VideoShot]) -> [Int] {
        var frames: [Int] = []
        var start = 0
        for shot in shots {
            frames.append(start)
            start += shot.durationFrames
        }
        if !shots.isEmpty { frames.append(start) }
        return frames
    }

    /// `setpts` for the written images: image N is shown at frame `frames[N]`, written as a sum of
    /// steps (`gte(N,i)*gap`) so the expression stays flat however many shots there are.
    static func setptsExpression(_ frames: [Int]) -> String {
        var terms = ["0"]
        for index in 1..<max(frames.count, 1) {
            let gap = frames[index] - frames[index - 1]
            terms.append("gte(N,\(index))*\(gap)")
        }
        return terms.joined(separator: "+")
    }

    public func encode(_ request: EncodeRequest) throws(EncodeError) -> EncodeResult {
        let started = Date()
        guard !request.shots.isEmpty else { throw EncodeError.badInput("no shots") }
        if let bad = request.shots.firstIndex(where: { $0.durationFrames < 1 }) {
            throw EncodeError.badInput("shot \(bad) lasts \(request.shots[bad].durationFrames) frames")
        }
        if let audio = request.audio, !FileManager.default.fileExists(atPath: audio.path) {
            throw EncodeError.badInput("sound track '\(audio.path)' does not exist")
        }
        ExternalTool.ignoreBrokenPipes()
        let fileManager = FileManager.default
        let folder = request.output.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw EncodeError.failed("cannot create '\(folder.path)': \(error)")
        }
        let temporary = AtomicFile.temporaryURL(for: request.output)
        // Every helper file is a hidden `.tmp` too, so a killed build's leftovers are swept.
        let script = AtomicFile.temporaryURL(for: request.output.appendingPathExtension("setpts"))
        let log = AtomicFile.temporaryURL(for: request.output.appendingPathExtension("log"))
        defer {
            try? fileManager.removeItem(at: script)
            try? fileManager.removeItem(at: log)
            try? fileManager.removeItem(at: temporary)
        }

        let frames = Self.presentationFrames(request.shots)
        let filter = "setpts='\(Self.setptsExpression(frames))',format=yuv420p,fps=\(request.frameRate)"
        do {
            try Data(filter.utf8).write(to: script)
        } catch {
            throw EncodeError.failed("cannot write the filter script: \(error)")
        }
        let seconds = Double(request.totalFrames) / Double(request.frameRate)
        var arguments = [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "bgra", "-s", "\(request.width)x\(request.height)",
            "-framerate", "\(request.frameRate)", "-i", "pipe:0",
        ]
        if let audio = request.audio { arguments += ["-i", audio.path] }
        arguments += ["-filter_script:v", script.path, "-map", "0:v:0"]
        if request.audio != nil { arguments += ["-map", "1:a:0"] }
        arguments += [
            "-c:v", "libx264", "-preset", settings.preset, "-crf", "\(settings.crf)", "-tune", "stillimage",
            "-pix_fmt", "yuv420p", "-r", "\(request.frameRate)", "-fps_mode", "cfr",
            "-frames:v", "\(request.totalFrames)",
        ]
        if settings.threads > 0 { arguments += ["-threads", "\(settings.threads)"] }
        if request.audio != nil { arguments += ["-c:a", "aac", "-b:a", settings.audioBitrate] }
        arguments += [
            "-t", String(format: "%.6f", seconds), "-movflags", "+faststart", "-f", "mp4", temporary.path,
        ]

        _ = fileManager.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let input = Pipe()
        let logHandle: FileHandle
        do {
            logHandle = try FileHandle(forWritingTo: log)
        } catch {
            throw EncodeError.failed("cannot open the ffmpeg log: \(error)")
        }
        defer { try? logHandle.close() }
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = logHandle
        do {
            try process.run()
        } catch {
            throw EncodeError.toolMissing("could not start '\(executable.path)': \(error)")
        }

        // Feed the images; a write error usually means ffmpeg stopped, and its log says why.
        var writeError: String?
        var written = 0
        let writer = input.fileHandleForWriting
        for (index, shot) in request.shots.enumerated() {
            do {
                let image = try shot.image()
                guard image.width == request.width, image.height == request.height else {
                    writeError = "shot \(index) is \(image.width)×\(image.height), not \(request.width)×\(request.height)"
                    break
                }
                try writer.write(contentsOf: image.bgra)
                written += 1
                if index == request.shots.count - 1 {
                    try writer.write(contentsOf: image.bgra)
                    written += 1
                }
            } catch {
                writeError = "\(error)"
                break
            }
        }
        try? writer.close()
        process.waitUntilExit()

        let ffmpegLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.terminationReason != .exit || process.terminationStatus != 0 {
            let how =
                process.terminationReason == .exit
                ? "exit status \(process.terminationStatus)" : "signal \(process.terminationStatus)"
            throw EncodeError.failed("ffmpeg stopped with \(how):\n\(ExternalTool.tail(ffmpegLog))")
        }
        if let writeError {
            throw EncodeError.badInput(writeError)
        }
        do {
            try AtomicFile.move(temporary, to: request.output)
        } catch {
            throw EncodeError.failed("\(error)")
        }
        return EncodeResult(
            output: request.output, frames: request.totalFrames, imagesWritten: written,
            seconds: Date().timeIntervalSince(started))
    }
}
