/// Byte classes the line scanner reports for each line (the bits of `scriptc_line_scanner_next`
/// in CFountainScan): which slow paths a line needs.
enum ByteClass {
    static let nonASCII: UInt8 = 1 << 1
    /// `*`, `_` or `\`: emphasis or an escape may follow.
    static let markup: UInt8 = 1 << 2
    /// `[`: a note may open.
    static let bracket: UInt8 = 1 << 3
    /// `/`: a boneyard may open.
    static let slash: UInt8 = 1 << 4
    static let nul: UInt8 = 1 << 5
}

@inline(__always) func isSpaceOrTab(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

@inline(__always) func isASCIIAlnum(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
}

@inline(__always) func isASCIIPunctuation(_ b: UInt8) -> Bool {
    (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
}
