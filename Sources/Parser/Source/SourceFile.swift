/// A screenplay source: its bytes exactly as read (UTF-8 expected, anything accepted) and the
/// name it is reported under. Every position in scriptc is a UTF-8 offset into `bytes`.
public struct SourceFile: Sendable, Hashable {
    /// The name diagnostics print: a path, or `<stdin>`.
    public var path: String
    /// The input, byte for byte. Never normalized: printing the syntax tree gives these back.
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The bytes of `range` (clamped to the file) decoded as UTF-8; invalid sequences become U+FFFD.
    public func text(_ range: SourceRange) -> String {
        let clamped = range.clamped(to: bytes.count)
        return String(decoding: bytes[clamped.start..<clamped.end], as: UTF8.self)
    }
}

/// A half-open range of UTF-8 offsets, `start..<end`. Stored in 32 bits (inputs are limited to
/// far less than 2 GiB), which halves the size of the syntax tree.
public struct SourceRange: Sendable, Hashable, Codable, CustomStringConvertible {
    @usableFromInline var storedStart: Int32
    @usableFromInline var storedEnd: Int32

    @inlinable
    public init(start: Int, end: Int) {
        storedStart = Int32(clamping: start)
        storedEnd = Int32(clamping: end)
    }

    @inlinable
    public init(_ range: Range<Int>) {
        self.init(start: range.lowerBound, end: range.upperBound)
    }

    @inlinable public var start: Int {
        get { Int(storedStart) }
        set { storedStart = Int32(clamping: newValue) }
    }

    @inlinable public var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = Int32(clamping: newValue) }
    }

    private enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(start: try c.decode(Int.self, forKey: .start), end: try c.decode(Int.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { end <= start }
    public var range: Range<Int> { start..<max(start, end) }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }

    /// The range limited to `0...count` with `start <= end`: bad positions are clamped, never trapped on.
    public func clamped(to count: Int) -> SourceRange {
        let s = min(max(0, start), count)
        let e = min(max(s, end), count)
        return SourceRange(start: s, end: e)
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A human position: 1-based line and 1-based UTF-8 byte column (the convention of swiftc and clang),
/// plus the 1-based column counted in Unicode scalars for display.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var utf8Offset: Int
    public var line: Int
    public var utf8Column: Int
    public var scalarColumn: Int

    public init(utf8Offset: Int, line: Int, utf8Column: Int, scalarColumn: Int) {
        self.utf8Offset = utf8Offset
        self.line = line
        self.utf8Column = utf8Column
        self.scalarColumn = scalarColumn
    }

    public var description: String { "\(line):\(utf8Column)" }
}

/// Converts UTF-8 offsets to lines and columns. Line breaks are LF, CRLF and lone CR.
/// Offsets outside the file are clamped.
public struct SourceLocationConverter: Sendable {
    /// The offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    private let bytes: [UInt8]

    /// Builds the line table by scanning `bytes` once.
    public init(bytes: [UInt8]) {
        var starts: [Int] = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = 0
            while i < n {
                let b = buf[i]
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D {
                    if i + 1 < n && buf[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        self.init(bytes: bytes, lineStarts: starts)
    }

    /// Uses a line table the parser already built (it must start with 0 and be ascending).
    public init(bytes: [UInt8], lineStarts: [Int]) {
        self.bytes = bytes
        self.lineStarts = lineStarts.isEmpty ? [0] : lineStarts
    }

    public init(_ file: SourceFile) { self.init(bytes: file.bytes) }

    public var lineCount: Int { lineStarts.count }

    /// 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        let o = min(max(0, offset), bytes.count)
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    public func location(of offset: Int) -> SourceLocation {
        let o = min(max(0, offset), bytes.count)
        let li = lineIndex(of: o)
        let start = lineStarts[li]
        var scalars = 0
        var i = start
        while i < o {
            if bytes[i] & 0xC0 != 0x80 { scalars += 1 }
            i += 1
        }
        return SourceLocation(utf8Offset: o, line: li + 1, utf8Column: o - start + 1, scalarColumn: scalars + 1)
    }

    /// The offset of a 1-based line and UTF-8 column, clamped to the line and the file.
    public func offset(line: Int, utf8Column: Int) -> Int {
        let li = min(max(1, line), lineStarts.count) - 1
        let end = lineContentRange(lineIndex: li).end
        return min(lineStarts[li] + max(1, utf8Column) - 1, end)
    }

    /// The bytes of a 0-based line without its terminator.
    public func lineContentRange(lineIndex li: Int) -> SourceRange {
        let idx = min(max(0, li), lineStarts.count - 1)
        let start = lineStarts[idx]
        var end = idx + 1 < lineStarts.count ? lineStarts[idx + 1] : bytes.count
        if end > start && bytes[end - 1] == 0x0A { end -= 1 }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return SourceRange(start: start, end: end)
    }

    /// Converts a position to a UTF-16 line/character pair, for the language server.
    public func utf16Position(of offset: Int) -> (line: Int, utf16Column: Int) {
        let o = min(max(0, offset), bytes.count)
        let li = lineIndex(of: o)
        let prefix = String(decoding: bytes[lineStarts[li]..<o], as: UTF8.self)
        return (li, prefix.utf16.count)
    }
}
