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

/// SHA-256 (FIPS 180-4), streaming.
public struct SHA256 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

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

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var i = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<take])
            i = take
            if buffer.count == 64 {
                buffer.withUnsafeBytes { compress($0.baseAddress!) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while i + 64 <= bytes.count {
            compress(bytes.baseAddress! + i)
            i += 64
        }
        if i < bytes.count { buffer.append(contentsOf: bytes[i...]) }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    public mutating func finalize() -> ContentHash {
        let bitLength = length &* 8
        var pad: [UInt8] = [0x80]
        let used = Int(length % 64)
        let zeros = used < 56 ? 55 - used : 119 - used
        pad.append(contentsOf: repeatElement(0, count: zeros))
        for s in stride(from: 56, through: 0, by: -8) { pad.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(s))) }
        let savedLength = length
        update(pad)
        length = savedLength
        let s = state
        return ContentHash(
            UInt64(s.0) << 32 | UInt64(s.1), UInt64(s.2) << 32 | UInt64(s.3),
            UInt64(s.4) << 32 | UInt64(s.5), UInt64(s.6) << 32 | UInt64(s.7))
    }

    /// One-shot hash: full blocks straight from `bytes`, the padded tail in a small buffer.
    public static func hash(_ bytes: [UInt8]) -> ContentHash {
        var h = SHA256()
        bytes.withUnsafeBytes { raw in
            let full = raw.count / 64 * 64
            var i = 0
            while i < full {
                h.compress(raw.baseAddress! + i)
                i += 64
            }
            var tail = [UInt8](raw[full...])
            let bitLength = UInt64(raw.count) &* 8
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for s in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(s))) }
            tail.withUnsafeBytes { t in
                var j = 0
                while j < t.count {
                    h.compress(t.baseAddress! + j)
                    j += 64
                }
            }
        }
        let s = h.state
        return ContentHash(
            UInt64(s.0) << 32 | UInt64(s.1), UInt64(s.2) << 32 | UInt64(s.3),
            UInt64(s.4) << 32 | UInt64(s.5), UInt64(s.6) << 32 | UInt64(s.7))
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
            Self.k.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let S1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ S1 &+ ch &+ k[t] &+ w[t]
                    let S0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = S0 &+ maj
                    h = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
        }
        state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
        state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= h
    }
}

/// Serializes hash inputs canonically: every field is tagged and length-prefixed, so two
/// different input sets never produce the same byte string.
public struct HashBuilder {
    public private(set) var bytes: [UInt8] = []

    public init(domain: String) {
        bytes.reserveCapacity(256)
        add(domain)
    }

    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { u in
            add(u.count)
            bytes.append(contentsOf: u)
        }
    }

    public mutating func add(_ s: String?) {
        if let s { bytes.append(1); add(s) } else { bytes.append(0) }
    }

    public mutating func add(_ i: Int) {
        var v = UInt64(bitPattern: Int64(i))
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    public mutating func add(_ d: Double) { add(Int(bitPattern: UInt(d == 0 ? 0 : d.bitPattern))) }

    public mutating func add(_ b: Bool) { bytes.append(b ? 1 : 0) }

    public mutating func add(_ h: ContentHash) {
        let (a, b, c, d) = h.words
        add(Int(bitPattern: UInt(a))); add(Int(bitPattern: UInt(b))); add(Int(bitPattern: UInt(c))); add(Int(bitPattern: UInt(d)))
    }

    public func finish() -> ContentHash { SHA256.hash(bytes) }
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
