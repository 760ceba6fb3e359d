/// A small, fast JSON emitter that appends UTF-8 to a byte buffer (the AST of a 5 MB season is
/// written in a few milliseconds; `JSONEncoder` would dominate `scriptc parse --json`).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private let pretty: Bool

    public init(pretty: Bool = false, capacity: Int = 4096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<(needsComma.count - 1) {
            bytes.append(0x20)
            bytes.append(0x20)
        }
    }

    private mutating func beforeValue() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    public mutating func beginObject() {
        beforeValue()
        bytes.append(0x7B)
        needsComma.append(false)
    }

    public mutating func endObject() {
        let had = needsComma.removeLast()
        if had { newline() }
        bytes.append(0x7D)
    }

    public mutating func beginArray() {
        beforeValue()
        bytes.append(0x5B)
        needsComma.append(false)
    }

    public mutating func endArray() {
        let had = needsComma.removeLast()
        if had { newline() }
        bytes.append(0x5D)
    }

    /// Writes `"name":` inside an object; the value follows.
    public mutating func key(_ name: StaticString) {
        beforeValue()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(0x22)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
        needsComma[needsComma.count - 1] = false
    }

    public mutating func key(_ name: String) {
        beforeValue()
        appendEscaped(name)
        bytes.append(0x3A)
        if pretty { bytes.append(0x20) }
        needsComma[needsComma.count - 1] = false
    }

    public mutating func value(_ s: String) {
        beforeValue()
        appendEscaped(s)
    }

    public mutating func value(_ i: Int) {
        beforeValue()
        appendInt(i)
    }

    public mutating func value(_ d: Double) {
        beforeValue()
        if d.isFinite {
            if d == d.rounded(), abs(d) < 1e15 { appendInt(Int(d)) } else { bytes.append(contentsOf: "\(d)".utf8) }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func value(_ b: Bool) {
        beforeValue()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    public mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func field(_ name: StaticString, _ s: String) { key(name); value(s) }
    public mutating func field(_ name: StaticString, _ i: Int) { key(name); value(i) }
    public mutating func field(_ name: StaticString, _ b: Bool) { key(name); value(b) }
    public mutating func field(_ name: StaticString, _ d: Double) { key(name); value(d) }

    private mutating func appendInt(_ i: Int) {
        if i == 0 {
            bytes.append(0x30)
            return
        }
        var v = i.magnitude
        if i < 0 { bytes.append(0x2D) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[count] = UInt8(v % 10) + 0x30
                v /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(buf[k]) }
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a JSON string. The input is a Swift String, so it is valid Unicode already.
    private mutating func appendEscaped(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { u in
            var runStart = 0
            for i in 0..<u.count {
                let b = u[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<i])) }
                runStart = i + 1
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                default:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
                }
            }
            if runStart < u.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count])) }
        }
        bytes.append(0x22)
    }
}
