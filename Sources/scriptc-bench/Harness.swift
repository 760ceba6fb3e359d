#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small helpers shared by the benchmarks: timing, medians, number formatting, peak memory.
enum Harness {
    /// Which clock `time` reads: wall time (the default), or with `--cpu-time` the CPU time of
    /// the calling thread, which stays meaningful on a machine shared with other work.
    nonisolated(unsafe) static var cpuTime = false  // set once from the arguments before any measurement, then only read on the main thread

    /// Seconds taken by `body`.
    @inline(never)
    static func time(_ body: () -> Void) -> Double {
        if cpuTime {
            var a = timespec()
            var b = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
            body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
            return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) * 1e-9
        }
        let clock = ContinuousClock()
        let start = clock.now
        body()
        let d = start.duration(to: clock.now)
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }

    /// Runs `body` once to warm up, then `runs` times; returns the sorted times in seconds.
    static func measure(runs: Int, _ body: () -> Void) -> [Double] {
        body()
        var times: [Double] = []
        times.reserveCapacity(runs)
        for _ in 0..<runs { times.append(time(body)) }
        return times.sorted()
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// `x` with `digits` decimals (no Foundation formatting).
    static func fixed(_ x: Double, _ digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = x < 0
        let scaled = Int((abs(x) * scale).rounded())
        let intScale = Int(scale)
        var text = String(scaled / max(1, intScale))
        if digits > 0 {
            var frac = String(scaled % intScale)
            while frac.count < digits { frac = "0" + frac }
            text += "." + frac
        }
        return negative ? "-" + text : text
    }

    static func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_000_000, 2) + " MB" }

    static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1000, 2) + " ms" }

    /// A field of /proc/self/status in kB (`VmHWM`, `VmRSS`), or nil where there is none.
    static func procStatus(_ field: String) -> Int? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, Int32(buffer.count), f) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard line.hasPrefix(field + ":") else { continue }
            let digits = line.drop { !$0.isNumber }.prefix { $0.isNumber }
            return Int(digits)
        }
        return nil
    }

    /// Writes `text` to standard output (file descriptor 1) in one go.
    static func write(_ text: String) { write(text, to: 1) }

    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = rawWrite(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// The value after `--name` in `args`, if any.
    static func option(_ name: String, in args: [String]) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    static func fail(_ message: String) -> Never {
        write("scriptc-bench: \(message)\n", to: 2)
        exit(2)
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// write(2), named apart from `Harness.write`.
private func rawWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
