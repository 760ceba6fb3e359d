/// A SHA-256 digest: the identity of a plan node's inputs.
///
/// Why SHA-256, written here: a content hash names cached files on disk and may be shared between
/// machines (a render farm, a remote cache), so it must be collision-resistant, not just well
/// spread, and identical on every platform. SHA-256 is the standard choice; the implementation
/// below is ~80 lines of FIPS 180-4 with no dependency (swift-crypto would pull BoringSSL into
/// every build of the compiler for one function). Swift's `hashValue` is randomized per process
/// and is never used for anything that leaves memory.
public struct ContentHash: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var words: (UInt64, UInt64, UInt64, UInt64) { (w0, w1, w2, w3) }
    private var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    public static let zero = ContentHash(0, 0, 0, 0)

    /// 64 lower-case hex digits.
    public var description: String {
        String(unsafeUninitializedCapacity: 64) { buf in
            let hex: StaticString = "0123456789abcdef"
            let digits = hex.utf8Start
            var o = 0
            for w in [w0, w1, w2, w3] {
                var shift: UInt64 = 60
                while true {
                    buf[o] = digits[Int((w >> shift) & 0xF)]
                    o += 1
                    if shift == 0 { break }
                    shift -= 4
                }
            }
            return 64
        }
    }

    /// Parses 64 hex digits.
    public init?(hex: String) {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return nil }
        var ws: [UInt64] = [0, 0, 0, 0]
        for (i, c) in u.enumerated() {
            let v: UInt64
            switch c {
            case 0x30...0x39: v = UInt64(c - 0x30)
            case 0x61...0x66: v = UInt64(c - 0x61 + 10)
            default: return nil
            }
            ws[i / 16] = ws[i / 16] << 4 | v
        }
        self.init(ws[0], ws[1], ws[2], ws[3])
    }

    public static func < (a: ContentHash, b: ContentHash) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let h = ContentHash(hex: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 64-digit hex hash"))
        }
        self = h
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// SHA-256 (FIPS 180-4), streaming. The partial block lives inline (no heap buffer), so a
/// hasher is a plain value that costs nothing to create or copy.
public struct SHA256 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// The pending bytes of the current block (`used` of them).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var used = 0
    private var length: UInt64 = 0

    public init() {}

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// Compresses the pending block (which must be full) and empties it.
    @inline(__always) private mutating func flushBlock() {
        var b = block
        withUnsafeBytes(of: &b) { compress($0.baseAddress!) }
        used = 0
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var n = bytes.count
        guard n > 0, var p = bytes.baseAddress else { return }
        length &+= UInt64(n)
        if used > 0 {
            let take = min(64 - used, n)
            let u = used
            withUnsafeMutableBytes(of: &block) { ($0.baseAddress! + u).copyMemory(from: p, byteCount: take) }
            used += take
            p += take
            n -= take
            if used < 64 { return }
            flushBlock()
        }
        while n >= 64 {
            compress(p)
            p += 64
            n -= 64
        }
        if n > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            used = n
        }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Appends one byte.
    @inline(__always) mutating func update(byte: UInt8) {
        let u = used
        withUnsafeMutableBytes(of: &block) { $0[u] = byte }
        length &+= 1
        used = u + 1
        if used == 64 { flushBlock() }
    }

    /// Appends the 8 little-endian bytes of `v`.
    @inline(__always) mutating func update(littleEndian v: UInt64) {
        let u = used
        if u <= 56 {
            withUnsafeMutableBytes(of: &block) { $0.storeBytes(of: v.littleEndian, toByteOffset: u, as: UInt64.self) }
            length &+= 8
            used = u + 8
            if used == 64 { flushBlock() }
        } else {
            var le = v.littleEndian
            withUnsafeBytes(of: &le) { update($0) }
        }
    }

    public mutating func finalize() -> ContentHash {
        let bitLength = length &* 8
        update(byte: 0x80)
        if used > 56 {
            let u = used
            withUnsafeMutableBytes(of: &block) { _ = ($0.baseAddress! + u).initializeMemory(as: UInt8.self, repeating: 0, count: 64 - u) }
            flushBlock()
        }
        let u = used
        withUnsafeMutableBytes(of: &block) {
            ($0.baseAddress! + u).initializeMemory(as: UInt8.self, repeating: 0, count: 56 - u)
            $0.storeBytes(of: bitLength.bigEndian, toByteOffset: 56, as: UInt64.self)
        }
        flushBlock()
        let s = state
        return ContentHash(
            UInt64(s.0) << 32 | UInt64(s.1), UInt64(s.2) << 32 | UInt64(s.3),
            UInt64(s.4) << 32 | UInt64(s.5), UInt64(s.6) << 32 | UInt64(s.7))
    }

    /// One-shot hash.
    public static func hash(_ bytes: [UInt8]) -> ContentHash {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// One SHA-256 round: `d` becomes the new `e` and `h` the new `a`; the caller renames the rest.
    @inline(__always) private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    fileprivate mutating func compress(_ p: UnsafeRawPointer) {
        var w = (
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
            UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        var (a, b, c, d, e, f, g, h) = state
        withUnsafeMutableBytes(of: &w) { raw in
            let w = raw.bindMemory(to: UInt32.self)
            for t in 0..<16 { w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self)) }
            for t in 16..<64 {
                let x = w[t - 15], y = w[t - 2]
                let s0 = Self.rotr(x, 7) ^ Self.rotr(x, 18) ^ (x >> 3)
                let s1 = Self.rotr(y, 17) ^ Self.rotr(y, 19) ^ (y >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            // Eight rounds per iteration with the working variables renamed instead of shifted.
            Self.k.withUnsafeBufferPointer { k in
                var t = 0
                while t < 64 {
                    Self.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                    Self.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                    Self.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                    Self.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                    Self.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                    Self.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                    Self.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                    Self.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    t += 8
                }
            }
        }
        state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
        state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= h
    }
}

/// Serializes hash inputs canonically: every field is tagged and length-prefixed, so two
/// different input sets never produce the same byte string. The bytes stream straight into
/// SHA-256; nothing is buffered beyond the current 64-byte block.
public struct HashBuilder {
    private var sha = SHA256()

    public init(domain: String) {
        add(domain)
    }

    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { u in
            add(u.count)
            sha.update(UnsafeRawBufferPointer(u))
        }
    }

    public mutating func add(_ s: String?) {
        if let s { sha.update(byte: 1); add(s) } else { sha.update(byte: 0) }
    }

    @inline(__always) public mutating func add(_ i: Int) {
        sha.update(littleEndian: UInt64(bitPattern: Int64(i)))
    }

    public mutating func add(_ d: Double) { add(Int(bitPattern: UInt(d == 0 ? 0 : d.bitPattern))) }

    public mutating func add(_ b: Bool) { sha.update(byte: b ? 1 : 0) }

    public mutating func add(_ h: ContentHash) {
        let (a, b, c, d) = h.words
        sha.update(littleEndian: a); sha.update(littleEndian: b); sha.update(littleEndian: c); sha.update(littleEndian: d)
    }

    public func finish() -> ContentHash {
        var s = sha
        return s.finalize()
    }
}

/// FNV-1a 64 over UTF-8: a stable, seedless hash for deterministic choices (voices), never for
/// content identity.
public func stableHash64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in s.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100000001b3
    }
    return h
}
