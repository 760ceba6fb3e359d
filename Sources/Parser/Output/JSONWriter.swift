import CFountainScan

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer on malloc'd memory: appends are a bounds check and a memcpy, without
/// the uniqueness checks of `Array.append` (the AST of a 5 MB season is ~40 MB of JSON).
final class ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    @inline(__always) func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).update(from: p, count: n)
        count += n
    }

    @inline(__always) func append(_ s: StaticString) {
        append(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// Counts `n` bytes written in place after `reserve(n)`.
    @inline(__always) func commit(_ n: Int) { count += n }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// A small, fast JSON emitter producing UTF-8 (`JSONEncoder` would dominate
/// `scriptc parse --json`). Keys and values are written in call order; nesting is tracked so
/// commas and (with `pretty`) indentation come out right.
public struct JSONWriter {
    private let sink: ByteSink
    /// Bit k says whether the container at depth k already holds a value (so the next needs a
    /// comma). Nesting deeper than 63 levels is not supported (scriptc's documents use < 10).
    private var commaBits: UInt64 = 0
    private var depth = 0
    private let pretty: Bool
    /// A key was just written: the value goes on the same line.
    private var afterKeyPending = false

    public init(pretty: Bool = false, capacity: Int = 4096) {
        self.pretty = pretty
        sink = ByteSink(capacity: capacity)
    }

    /// The document written so far.
    public var bytes: [UInt8] { sink.array }

    private func newline() {
        guard pretty else { return }
        sink.append(0x0A)
        for _ in 0..<depth {
            sink.append(0x20)
            sink.append(0x20)
        }
    }

    @inline(__always)
    private mutating func beforeValue() {
        if afterKeyPending {
            afterKeyPending = false
            return
        }
        let bit: UInt64 = 1 << UInt64(depth & 63)
        if commaBits & bit != 0 { sink.append(0x2C) }
        commaBits |= bit
        if pretty { newline() }
    }

    private mutating func push() {
        depth += 1
        commaBits &= ~(1 << UInt64(depth & 63))
    }

    /// Pops a level; returns whether it held any value.
    private mutating func pop() -> Bool {
        let had = commaBits & (1 << UInt64(depth & 63)) != 0
        depth -= 1
        return had
    }

    public mutating func beginObject() {
        beforeValue()
        sink.append(0x7B)
        push()
    }

    public mutating func endObject() {
        if pop() { newline() }
        sink.append(0x7D)
    }

    public mutating func beginArray() {
        beforeValue()
        sink.append(0x5B)
        push()
    }

    public mutating func endArray() {
        if pop() { newline() }
        sink.append(0x5D)
    }

    private mutating func afterKey() {
        sink.append(0x3A)
        if pretty { sink.append(0x20) }
        afterKeyPending = true
    }

    /// Writes `"name":` inside an object; the value follows. `name` must need no escaping.
    public mutating func key(_ name: StaticString) {
        beforeValue()
        sink.append(0x22)
        sink.append(name)
        sink.append(0x22)
        afterKey()
    }

    public mutating func key(_ name: String) {
        beforeValue()
        appendEscaped(name)
        afterKey()
    }

    public mutating func value(_ s: String) {
        beforeValue()
        appendEscaped(s)
    }

    /// Writes a JSON string from chunks of valid UTF-8 that `body` passes to its argument.
    public mutating func stringValue(_ body: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
        beforeValue()
        sink.append(0x22)
        let sink = self.sink
        body { chunk in Self.appendEscapedBytes(chunk, to: sink) }
        sink.append(0x22)
    }

    public mutating func value(_ i: Int) {
        beforeValue()
        appendInt(i)
    }

    public mutating func value(_ d: Double) {
        beforeValue()
        if d.isFinite {
            if d == d.rounded(), abs(d) < 1e15 {
                appendInt(Int(d))
            } else {
                var s = "\(d)"
                s.withUTF8 { sink.append($0.baseAddress!, $0.count) }
            }
        } else {
            sink.append("null")
        }
    }

    public mutating func value(_ b: Bool) {
        beforeValue()
        sink.append(b ? "true" : "false")
    }

    public mutating func null() {
        beforeValue()
        sink.append("null")
    }

    public mutating func field(_ name: StaticString, _ s: String) { key(name); value(s) }
    public mutating func field(_ name: StaticString, _ i: Int) { key(name); value(i) }
    public mutating func field(_ name: StaticString, _ b: Bool) { key(name); value(b) }
    public mutating func field(_ name: StaticString, _ d: Double) { key(name); value(d) }

    private func appendInt(_ i: Int) {
        sink.reserve(21)
        if i < 0 { sink.append(0x2D) }
        var v = i.magnitude
        // Digits backwards into a stack buffer, then one copy.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var k = 24
            repeat {
                k -= 1
                digits[k] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            } while v > 0
            sink.append(digits + k, 24 - k)
        }
    }

    /// Writes `{"offset":…,"line":…,"column":…}` (scriptc's position object) in one go.
    public mutating func position(offset: Int, line: Int, column: Int) {
        if pretty {
            beginObject()
            field("offset", offset)
            field("line", line)
            field("column", column)
            endObject()
            return
        }
        beforeValue()
        sink.append("{\"offset\":")
        appendInt(offset)
        sink.append(",\"line\":")
        appendInt(line)
        sink.append(",\"column\":")
        appendInt(column)
        sink.append(0x7D)
    }

    /// Writes a JSON string. The input is a Swift String, so it is valid Unicode already.
    private func appendEscaped(_ s: String) {
        sink.append(0x22)
        var s = s
        s.withUTF8 { Self.appendEscapedBytes($0, to: sink) }
        sink.append(0x22)
    }

    private static let hex: StaticString = "0123456789abcdef"

    /// Appends valid UTF-8, escaping quotes, backslashes and control characters.
    private static func appendEscapedBytes(_ u: UnsafeBufferPointer<UInt8>, to sink: ByteSink) {
        guard var p = u.baseAddress else { return }
        var left = u.count
        while left > 0 {
            let clean = scriptc_json_escape_scan(p, left)
            sink.append(p, clean)
            if clean == left { return }
            let b = p[clean]
            sink.append(0x5C)
            switch b {
            case 0x22: sink.append(0x22)
            case 0x5C: sink.append(0x5C)
            case 0x0A: sink.append(0x6E)
            case 0x0D: sink.append(0x72)
            case 0x09: sink.append(0x74)
            default:
                sink.append("u00")
                sink.append(hex.utf8Start[Int(b >> 4)])
                sink.append(hex.utf8Start[Int(b & 0xF)])
            }
            p += clean + 1
            left -= clean + 1
        }
    }
}
