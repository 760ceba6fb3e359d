import Foundation

/// Writes that are complete or absent: data goes to a hidden temporary file in the target's folder
/// and is renamed over the target (rename(2) is atomic within a file system). A crash or a kill
/// leaves at most a `.…tmp` file, which the cache ignores and `--clean` removes.
public enum AtomicFile {
    /// A temporary path next to `url`, unique to this process and call.
    public static func temporaryURL(for url: URL) -> URL {
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(unique).tmp")
    }

    /// The process id embedded in a temporary's name (`.<name>.<pid>-<random>.tmp`).
    public static func owner(ofTemporary name: String) -> Int32? {
        guard isTemporary(name) else { return nil }
        let stem = name.dropLast(4)  // ".tmp"
        guard let dot = stem.lastIndex(of: ".") else { return nil }
        let unique = stem[stem.index(after: dot)...]
        guard let dash = unique.firstIndex(of: "-") else { return nil }
        return Int32(unique[..<dash])
    }

    /// Whether a file name is one of our temporaries.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".tmp")
    }

    /// Writes `data` to `url` atomically, creating the folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
            try move(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes a string as UTF-8, atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Renames `temporary` over `url` (replacing what is there) with one rename(2).
    public static func move(_ temporary: URL, to url: URL) throws {
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [
                    NSFilePathErrorKey: url.path,
                    NSLocalizedDescriptionKey: "rename to '\(url.path)' failed: \(String(cString: strerror(code)))",
                ])
        }
    }
}
