import CCrypto

/// A SHA-256 digest: the identity of a plan node's inputs.
///
/// Why SHA-256: a content hash names cached files on disk and may be shared between machines (a
/// render farm, a remote cache), so it must be collision-resistant, not just well spread, and
/// identical on every platform. SHA-256 is the standard choice; it comes from the system
/// libcrypto (OpenSSL 3, the `CCrypto` module), which uses the CPU's SHA instructions where
/// there are any (swift-crypto would pull BoringSSL into every build of the compiler for one
/// function). Swift's `hashValue` is randomized per process and is never used for anything that
/// leaves memory.
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

/// Bytes to be hashed, with the libcrypto digest context that hashes them (created on first use
/// and reused by every later digest of this buffer). Shared copy-on-write by `SHA256` and
/// `HashBuilder`.
final class HashInput {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int
    private var context: OpaquePointer?

    init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        base.deallocate()
        if let context { EVP_MD_CTX_free(context) }
    }

    func copy() -> HashInput {
        let c = HashInput(capacity: count)
        c.base.copyMemory(from: base, byteCount: count)
        c.count = count
        return c
    }

    func removeAll() { count = 0 }

    @inline(never) private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let b = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        b.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = b
        capacity = newCapacity
    }

    @inline(__always) func append(_ p: UnsafeRawPointer, _ n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).copyMemory(from: p, byteCount: n)
        count += n
    }

    @inline(__always) func append(byte: UInt8) {
        if count + 1 > capacity { grow(to: count + 1) }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always) func append(littleEndian v: UInt64) {
        if count + 8 > capacity { grow(to: count + 8) }
        base.storeBytes(of: v.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// SHA-256 of the bytes so far.
    func digest() -> ContentHash { digest(of: UnsafeRawPointer(base), count: count) }

    /// The bytes so far, copied out.
    var bytes: [UInt8] { [UInt8](UnsafeRawBufferPointer(start: base, count: count)) }

    /// SHA-256 of `count` bytes at `data`, on this buffer's digest context.
    func digest(of data: UnsafeRawPointer, count: Int) -> ContentHash {
        let ctx: OpaquePointer
        if let context {
            ctx = context
        } else {
            guard let c = EVP_MD_CTX_new() else { fatalError("libcrypto: EVP_MD_CTX_new failed") }
            context = c
            ctx = c
        }
        var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &out) { o in
            scriptc_sha256_digest(ctx, SHA256.algorithm.md, data, count, o.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard ok == 1 else { fatalError("libcrypto: SHA-256 failed") }
        return ContentHash(UInt64(bigEndian: out.0), UInt64(bigEndian: out.1), UInt64(bigEndian: out.2), UInt64(bigEndian: out.3))
    }
}

/// SHA-256 (FIPS 180-4) by the system libcrypto, which uses the CPU's SHA instructions where it
/// has them. Collects the input and hashes it in one go on `finalize()`; a plain value (copies
/// are independent).
public struct SHA256 {
    private var input = HashInput(capacity: 64)

    public init() {}

    /// The fetched SHA-256 algorithm, shared by every context.
    struct Algorithm: @unchecked Sendable {
        let md: OpaquePointer
    }

    static let algorithm: Algorithm = {
        guard let md = scriptc_sha256_fetch() else { fatalError("libcrypto: no SHA-256 implementation") }
        return Algorithm(md: md)
    }()

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        if !isKnownUniquelyReferenced(&input) { input = input.copy() }
        input.append(p, bytes.count)
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    public mutating func finalize() -> ContentHash { input.digest() }

    /// One-shot hash.
    public static func hash(_ bytes: [UInt8]) -> ContentHash {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }
}

/// Serializes hash inputs canonically: every field is tagged and length-prefixed, so two
/// different input sets never produce the same byte string. The bytes collect in one buffer
/// that `finish()` hashes; `restart(domain:)` reuses the buffer and the digest context for the
/// next hash.
public struct HashBuilder {
    private var input: HashInput

    public init(domain: String) {
        input = HashInput()
        add(domain)
    }

    /// Starts over with a new domain, keeping the buffer.
    mutating func restart(domain: String) {
        if !isKnownUniquelyReferenced(&input) { input = HashInput() }
        input.removeAll()
        add(domain)
    }

    @inline(__always) private mutating func unique() -> HashInput {
        if !isKnownUniquelyReferenced(&input) { input = input.copy() }
        return input
    }

    public mutating func add(_ s: String) {
        var s = s
        let sink = unique()
        s.withUTF8 { u in
            sink.append(littleEndian: UInt64(u.count))
            if let p = u.baseAddress { sink.append(UnsafeRawPointer(p), u.count) }
        }
    }

    public mutating func add(_ s: String?) {
        if let s { unique().append(byte: 1); add(s) } else { unique().append(byte: 0) }
    }

    @inline(__always) public mutating func add(_ i: Int) {
        unique().append(littleEndian: UInt64(bitPattern: Int64(i)))
    }

    public mutating func add(_ d: Double) { add(Int(bitPattern: UInt(d == 0 ? 0 : d.bitPattern))) }

    public mutating func add(_ b: Bool) { unique().append(byte: b ? 1 : 0) }

    public mutating func add(_ h: ContentHash) {
        let (a, b, c, d) = h.words
        let sink = unique()
        sink.append(littleEndian: a); sink.append(littleEndian: b); sink.append(littleEndian: c); sink.append(littleEndian: d)
    }

    public func finish() -> ContentHash { input.digest() }

    /// The canonical bytes collected so far (for measurements and tests).
    var bytes: [UInt8] { input.bytes }
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
