import Parser
import Testing

/// Random bytes never crash the parser, and the tree stays lossless and well formed.
@Suite("Random input")
struct RandomInputTests {
    private func check(_ bytes: [UInt8], _ label: String) {
        let tree = ParseSupport.parse(bytes)
        #expect(FountainPrinter.print(tree) == bytes, "\(label): round trip differs «\(ParseSupport.escaped(bytes))»")
        let problems = TreeInvariants.violations(tree)
        #expect(problems.isEmpty, "\(label) «\(ParseSupport.escaped(bytes))»: \(problems.prefix(5).joined(separator: "; "))")
        // Resolving inline content must not trap either.
        for element in tree.elements { _ = tree.inline(of: element) }
        if let tp = tree.titlePage { for f in tp.fields { _ = tree.inline(lines: f.lines) } }
    }

    @Test("2,000 uniform random buffers of 0–4 KB (seed 0xF0F0)")
    func uniform() {
        var rng = SplitMix64(seed: 0xF0F0)
        for index in 0..<2000 {
            let bytes = rng.bytes(rng.below(4097))
            check(bytes, "uniform buffer #\(index)")
        }
    }

    /// Bytes drawn from the characters Fountain gives meaning to, so that markup paths are hit.
    @Test("2,000 random buffers over Fountain's significant bytes (seed 0xBEEF)")
    func significant() {
        let alphabet: [UInt8] = Array("\n\n\n\r \t*_[]/#=><~!@.^()\\:AIENTXaZ9".utf8) + [0x00, 0xFF, 0xC3, 0xA9, 0xE2]
        var rng = SplitMix64(seed: 0xBEEF)
        for index in 0..<2000 {
            let count = rng.below(4097)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            for _ in 0..<count { bytes.append(alphabet[rng.below(alphabet.count)]) }
            check(bytes, "significant-byte buffer #\(index)")
        }
    }
}
