/// Prints a syntax tree back to source. For a tree from `FountainParser` the output is the input,
/// byte for byte: the tree's ranges partition the file.
public enum FountainPrinter {
    public static func print(_ tree: Screenplay) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(tree.source.bytes.count)
        tree.forEachSegment { range in
            out.append(contentsOf: tree.source.bytes[range.clamped(to: tree.source.bytes.count).range])
        }
        return out
    }
}

extension Screenplay {
    /// Calls `body` with every range of the tree in source order: the byte-order mark, the leading
    /// trivia, the title page and its trivia, then each element and its trailing trivia.
    public func forEachSegment(_ body: (SourceRange) -> Void) {
        if let bom = byteOrderMark { body(bom) }
        body(leadingTrivia)
        if let titlePage {
            body(titlePage.range)
            body(titlePage.trailingTrivia)
        }
        for element in elements {
            body(element.range)
            body(element.trailingTrivia)
        }
    }
}
