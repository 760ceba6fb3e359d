/// Byte classes for the one-pass line scanner: one table lookup per byte tells whether the byte
/// ends a line and which slow paths (lower case, non-ASCII, markup, notes, boneyard) a line needs.
enum ByteClass {
    static let lower: UInt8 = 1 << 0
    static let nonASCII: UInt8 = 1 << 1
    /// `*`, `_` or `\`: emphasis or an escape may follow.
    static let markup: UInt8 = 1 << 2
    /// `[`: a note may open.
    static let bracket: UInt8 = 1 << 3
    /// `/`: a boneyard may open.
    static let slash: UInt8 = 1 << 4
    static let nul: UInt8 = 1 << 5
    static let newline: UInt8 = 1 << 7

    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = lower }
        for b in 0x80...0xFF { t[b] = nonASCII }
        t[Int(UInt8(ascii: "*"))] = markup
        t[Int(UInt8(ascii: "_"))] = markup
        t[Int(UInt8(ascii: "\\"))] = markup
        t[Int(UInt8(ascii: "["))] = bracket
        t[Int(UInt8(ascii: "/"))] = slash
        t[0] = nul
        t[0x0A] = newline
        t[0x0D] = newline
        return t
    }()
}

@inline(__always) func isSpaceOrTab(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always) func isASCIIAlnum(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
}

@inline(__always) func isASCIIPunctuation(_ b: UInt8) -> Bool {
    (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
}
