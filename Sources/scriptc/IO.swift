#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Parser

/// File and stream I/O for the CLI, on POSIX calls (no Foundation on the `parse` path keeps
/// process start-up short).
enum IO {
    /// Reads a whole file, or standard input for `-`.
    static func read(_ path: String) throws(UserError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw UserError("cannot open '\(path)': \(errnoText())") }
        }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        var capacity = 1 << 16
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw UserError("'\(path)' is a directory") }
            if st.st_size > 0 { capacity = Int(st.st_size) + 1 }
        }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var used = 0
        while true {
            if used == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let r = bytes.withUnsafeMutableBytes { buf in
                Glibc.read(fd, buf.baseAddress! + used, buf.count - used)
            }
            if r < 0 {
                if errno == EINTR { continue }
                throw UserError("cannot read '\(path)': \(errnoText())")
            }
            if r == 0 { break }
            used += r
        }
        bytes.removeLast(bytes.count - used)
        return bytes
    }

    /// Writes all bytes to a file descriptor.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let r = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if r < 0 {
                    if errno == EINTR { continue }
                    return
                }
                off += r
            }
        }
    }

    static func write(_ text: String, to fd: Int32) { write(Array(text.utf8), to: fd) }

    static func stdout(_ bytes: [UInt8]) { write(bytes, to: 1) }
    static func stdout(_ text: String) { write(text, to: 1) }
    static func stderr(_ text: String) { write(text, to: 2) }

    /// Writes a file atomically: a temporary file in the same folder, fsync, then rename, so a
    /// reader never sees a half-written output and an interrupted run leaves the old file intact.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(UserError) {
        let dir: String
        if let slash = path.lastIndex(of: "/") { dir = String(path[..<slash]).isEmpty ? "/" : String(path[..<slash]) } else { dir = "." }
        var template = Array("\(dir)/.scriptc-tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw UserError("cannot write in '\(dir)': \(errnoText())") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = true
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let r = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if r < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                off += r
            }
        }
        if ok { ok = fsync(fd) == 0 }
        fchmod(fd, 0o644)
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let message = errnoText()
            unlink(tmp)
            throw UserError("cannot write '\(path)': \(message)")
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
