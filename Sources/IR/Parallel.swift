import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Data-parallel loops for the passes. Work is split into contiguous chunks whose results do not
/// depend on how the range is split, so every run gives the same output as a serial loop.
enum Parallel {
    /// The threads to use: `SCRIPTC_IR_THREADS` when set (1 runs every pass serially), else the
    /// online CPUs (at least 1).
    static let cores: Int = {
        if let v = getenv("SCRIPTC_IR_THREADS"), let n = Int(String(cString: v)), n > 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// Overrides `cores` for the current task (tests compare one thread with many).
    @TaskLocal static var threadOverride: Int?

    /// The threads the passes split their work for.
    static var threads: Int { max(1, threadOverride ?? cores) }

    /// Calls `body` on contiguous chunks covering `0..<count` (each index exactly once), on up to
    /// all cores; serially when there is one core or fewer than `2 * minChunk` items. Returns when
    /// every chunk is done. `body` must only write state no other chunk touches.
    static func chunks(_ count: Int, minChunk: Int = 64, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let threads = Self.threads
        let n = min(threads * 4, count / max(1, minChunk))
        if threads == 1 || n < 2 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: n) { k in
                box.value((count * k / n)..<(count * (k + 1) / n))
            }
        }
    }
}

/// A value shared between the threads of one `Parallel.chunks` call, which writes disjoint parts.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension Parallel {
    /// Runs `body` on contiguous chunks of `scenes`, in parallel, with the scenes in place: `body`
    /// gets a range of indices and the buffer, and must only touch the scenes in its range (and
    /// state of its own: a cache made inside `body` is per chunk).
    static func scenes(_ scenes: inout [Scene], minChunk: Int = 16, _ body: (Range<Int>, UnsafeMutableBufferPointer<Scene>) -> Void) {
        scenes.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            chunks(buffer.count, minChunk: minChunk) { range in body(range, shared.value) }
        }
    }
}
