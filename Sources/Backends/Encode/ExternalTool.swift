import Foundation

/// Finding and running helper programs (ffmpeg, ffprobe).
public enum ExternalTool {
    /// The first executable called `name` on `PATH`, or nil.
    public static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Writing into a pipe whose reader has exited raises SIGPIPE, which ends the process by
    /// default. Ignoring it turns that into an EPIPE error on the write, which the encoder reports
    /// together with the program's log. Idempotent; the setting is process-wide.
    public static func ignoreBrokenPipes() {
        _ = ignoreSIGPIPEOnce
    }

    private static let ignoreSIGPIPEOnce: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs a program to completion with stdout captured and stderr in a file (never an unread
    /// pipe, which can fill up and stall the program). Returns (status, stdout, stderr).
    public static func run(_ executable: URL, _ arguments: [String]) throws -> (Int32, Data, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("scriptc-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? logHandle.close()
        let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, data, errors)
    }

    /// The last `lines` lines of a log, for error messages.
    static func tail(_ text: String, lines: Int = 12) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).joined(separator: "\n")
    }
}
