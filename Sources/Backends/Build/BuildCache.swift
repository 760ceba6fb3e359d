import Foundation

/// The content-addressed cache in the output folder: `out/.cache/<key>.<ext>`. A file there is
/// complete (it arrived by rename); temporaries are hidden `.…tmp` files that belong to a process
/// and are removed once that process is gone.
public struct BuildCache: Sendable {
    public let folder: URL

    public init(outputFolder: URL) {
        folder = outputFolder.appendingPathComponent(".cache", isDirectory: true)
    }

    public func url(key: String, fileExtension: String) -> URL {
        folder.appendingPathComponent("\(key).\(fileExtension)")
    }

    public func contains(key: String, fileExtension: String) -> Bool {
        FileManager.default.fileExists(atPath: url(key: key, fileExtension: fileExtension).path)
    }

    public func prepare() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Removes the whole cache (`--clean`).
    public func clean() throws {
        if FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.removeItem(at: folder)
        }
    }

    /// Removes temporaries left by processes that no longer run (a killed build). Returns how many.
    @discardableResult
    public func removeStaleTemporaries() -> Int {
        Self.removeStaleTemporaries(in: folder)
    }

    /// The same for any folder the build writes into (the output folder itself).
    @discardableResult
    public static func removeStaleTemporaries(in folder: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names where AtomicFile.isTemporary(name) {
            if let pid = AtomicFile.owner(ofTemporary: name), pid == getpid() || processIsAlive(pid) { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Copies a cached file to a deliverable path (`out/ep.mp4`), atomically: a hard link when
    /// the file system allows it, else a copy, into a temporary that is renamed over the target.
    public func publish(key: String, fileExtension: String, to target: URL) throws {
        let source = url(key: key, fileExtension: fileExtension)
        let temporary = AtomicFile.temporaryURL(for: target)
        do {
            do {
                try FileManager.default.linkItem(at: source, to: temporary)
            } catch {
                try FileManager.default.copyItem(at: source, to: temporary)
            }
            try AtomicFile.move(temporary, to: target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
