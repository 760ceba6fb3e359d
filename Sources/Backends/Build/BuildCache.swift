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

    /// Takes the output folder for one build: an exclusive `flock` on `<folder>/.cache.lock`,
    /// held until the returned lock is released (or the process ends, however it ends). Two
    /// builds into one folder would otherwise delete each other's fresh cache files when they
    /// collect, and race on the deliverables. When another build holds the folder, `waiting` is
    /// called once and the call blocks until that build is done.
    public func lock(waiting: () -> Void = {}) throws -> FolderLock {
        let path = folder.deletingLastPathComponent().appendingPathComponent(".cache.lock").path
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.folderLock("cannot open the build lock '\(path)': \(String(cString: strerror(errno)))") }
        let lock = FolderLock(descriptor: fd)  // closes the file on any throw below
        func failure() -> BuildError { .folderLock("cannot lock '\(path)': \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { throw failure() }
            waiting()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { throw failure() }
            }
        }
        return lock
    }

    /// Removes the whole cache (`--clean`).
    public func clean() throws {
        if FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.removeItem(at: folder)
        }
    }

    /// Where `collect` keeps the keys each build used: `.cache/builds/<name>.keys`, and the
    /// build before it as `<name>.previous.keys`.
    var manifests: URL { folder.appendingPathComponent("builds", isDirectory: true) }

    /// Records the keys of a finished build of `name` and deletes every cache file that no
    /// recorded build uses: the cache holds the last two builds of each episode built into this
    /// folder (so an edit that is undone rebuilds from the cache), not every version ever
    /// rendered — each of which would otherwise leave its episode WAV, MP4 and sound segments
    /// behind. Files are named `<key>.<ext>` or `<key>.<suffix>.<ext>` (a card's slots), so a
    /// file is kept when its name up to the first dot is a kept key. Files newer than
    /// `startedAt` are kept too, in case another build writes into the same folder meanwhile.
    /// Returns the files and bytes removed.
    @discardableResult
    public func collect(build name: String, keys: Set<String>, startedAt: Date) throws -> (files: Int, bytes: Int64) {
        let fm = FileManager.default
        try fm.createDirectory(at: manifests, withIntermediateDirectories: true)
        let current = manifests.appendingPathComponent("\(name).keys")
        let previous = manifests.appendingPathComponent("\(name).previous.keys")
        if fm.fileExists(atPath: current.path) {
            // The previous build is this one's predecessor unless this build repeats it exactly.
            let old = try String(contentsOf: current, encoding: .utf8)
            if Set(old.split(separator: "\n").map(String.init)) != keys {
                try AtomicFile.write(Data(old.utf8), to: previous)
            }
        }
        try AtomicFile.write(Data(keys.sorted().joined(separator: "\n").utf8), to: current)

        var kept = Set<String>()
        for file in try fm.contentsOfDirectory(atPath: manifests.path) where file.hasSuffix(".keys") {
            let text = try String(contentsOf: manifests.appendingPathComponent(file), encoding: .utf8)
            kept.formUnion(text.split(separator: "\n").map(String.init))
        }

        var removed = 0
        var bytes: Int64 = 0
        for file in try fm.contentsOfDirectory(atPath: folder.path) where !file.hasPrefix(".") {
            guard let dot = file.firstIndex(of: "."), !kept.contains(String(file[..<dot])) else { continue }
            let url = folder.appendingPathComponent(file)
            guard let attributes = try? fm.attributesOfItem(atPath: url.path),
                  (attributes[.type] as? FileAttributeType) == .typeRegular,
                  let modified = attributes[.modificationDate] as? Date, modified < startedAt else { continue }
            if unlink(url.path) == 0 {
                removed += 1
                bytes += (attributes[.size] as? Int64) ?? 0
            }
        }
        return (removed, bytes)
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
    /// A target that already is a link to the cached file (a rebuild that did not change it) is
    /// left as it is: rename(2) between two links to one file does nothing and would leave the
    /// temporary behind.
    public func publish(key: String, fileExtension: String, to target: URL) throws {
        let source = url(key: key, fileExtension: fileExtension)
        var a = stat(), b = stat()
        if stat(source.path, &a) == 0, stat(target.path, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino { return }
        let temporary = AtomicFile.temporaryURL(for: target)
        do {
            do {
                try FileManager.default.linkItem(at: source, to: temporary)
            } catch {
                try FileManager.default.copyItem(at: source, to: temporary)
            }
            try AtomicFile.move(temporary, to: target)
            // Gone after a real rename; still there if the target became this file meanwhile.
            unlink(temporary.path)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// An output folder held by one build (`BuildCache.lock`); released on `release()` or deinit.
public final class FolderLock: @unchecked Sendable {
    private var descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
