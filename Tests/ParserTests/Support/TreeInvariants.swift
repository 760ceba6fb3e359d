import Parser

/// Structural invariants every tree from `FountainParser` must satisfy, whatever the input.
/// Returns a list of violations (empty when the tree is sound).
enum TreeInvariants {
    static func violations(_ tree: Screenplay) -> [String] {
        var problems: [String] = []
        let bytes = tree.source.bytes
        let n = bytes.count

        // The segments partition the file exactly, in order.
        var cursor = 0
        var segmentCount = 0
        tree.forEachSegment { range in
            segmentCount += 1
            if range.start != cursor { problems.append("segment \(range) starts at \(range.start), expected \(cursor)") }
            if range.end < range.start { problems.append("segment \(range) is reversed") }
            cursor = max(cursor, range.end)
        }
        if cursor != n { problems.append("segments end at \(cursor), file has \(n) bytes") }
        if segmentCount == 0 { problems.append("no segments") }

        // The BOM, when present, is the first three bytes.
        if let bom = tree.byteOrderMark {
            if bom != SourceRange(start: 0, end: 3) || n < 3 || Array(bytes[0..<3]) != [0xEF, 0xBB, 0xBF] {
                problems.append("bad byte-order mark \(bom)")
            }
        } else if n >= 3 && Array(bytes[0..<3]) == [0xEF, 0xBB, 0xBF] {
            problems.append("byte-order mark not recognized")
        }

        // Element ranges are in order, non-overlapping and inside the file.
        var previousEnd = tree.titlePage?.trailingTrivia.end ?? tree.leadingTrivia.end
        for (index, element) in tree.elements.enumerated() {
            let r = element.range
            if r.start < 0 || r.end > n || r.start > r.end { problems.append("element \(index) range \(r) outside file") }
            if r.start < previousEnd { problems.append("element \(index) range \(r) overlaps previous end \(previousEnd)") }
            if element.trailingTrivia.start != r.end { problems.append("element \(index) trivia does not follow it") }
            previousEnd = element.trailingTrivia.end
            if element.lines.lowerBound < 0 || element.lines.upperBound > tree.lines.count {
                problems.append("element \(index) lines \(element.lines) out of bounds")
                continue
            }
            if element.lines.isEmpty { problems.append("element \(index) has no lines") }
            for k in element.lines {
                let line = tree.lines[k]
                if line.range.start < r.start || line.range.end > r.end {
                    problems.append("element \(index) line \(k) range \(line.range) outside element \(r)")
                }
                if line.text.start < line.range.start || line.text.end > line.range.end || line.text.start > line.text.end {
                    problems.append("element \(index) line \(k) text \(line.text) outside line \(line.range)")
                }
            }
            if case .sceneHeading(let h) = element.kind, let number = h.sceneNumber, number.start < r.start || number.end > r.end {
                problems.append("element \(index) scene number \(number) outside element")
            }
            if case .character(let cue) = element.kind {
                if cue.name.start < r.start || cue.name.end > r.end || cue.name.isEmpty {
                    problems.append("element \(index) cue name \(cue.name) outside element or empty")
                }
            }
        }

        // Title-page fields lie inside the title page, in order.
        if let tp = tree.titlePage {
            var fieldEnd = tp.range.start
            for field in tp.fields {
                if field.range.start < fieldEnd || field.range.end > tp.range.end {
                    problems.append("title field \(field.range) out of order or outside \(tp.range)")
                }
                if field.key.start != field.range.start || field.key.end > field.range.end {
                    problems.append("title key \(field.key) outside field \(field.range)")
                }
                fieldEnd = field.range.end
            }
        }

        // Trivia is made of blank lines only.
        func checkTrivia(_ r: SourceRange, _ what: String) {
            guard r.start >= 0, r.end <= n, r.start <= r.end else { return }
            for i in r.start..<r.end where !(bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D) {
                problems.append("\(what) \(r) holds non-blank byte 0x\(String(bytes[i], radix: 16)) at \(i)")
                return
            }
        }
        checkTrivia(tree.leadingTrivia, "leading trivia")
        if let tp = tree.titlePage { checkTrivia(tp.trailingTrivia, "title-page trivia") }
        for (index, element) in tree.elements.enumerated() { checkTrivia(element.trailingTrivia, "element \(index) trivia") }

        // Diagnostics point inside the file, and their count is capped.
        for d in tree.diagnostics where d.range.start < 0 || d.range.end > n || d.range.start > d.range.end {
            problems.append("diagnostic \(d.id) range \(d.range) outside file")
        }
        if tree.diagnostics.count > FountainParser.diagnosticLimit + 1 {
            problems.append("\(tree.diagnostics.count) diagnostics exceed the cap")
        }

        // The parser's line table agrees with an independent scan.
        let expectedStarts = SourceLocationConverter(bytes: bytes).lineStarts
        if tree.lineStarts != expectedStarts {
            let k = Array(zip(tree.lineStarts, expectedStarts)).firstIndex { $0 != $1 } ?? min(tree.lineStarts.count, expectedStarts.count)
            problems.append(
                "line table differs from SourceLocationConverter's at entry \(k): "
                    + "\(tree.lineStarts[k..<min(k + 3, tree.lineStarts.count)]) vs \(expectedStarts[k..<min(k + 3, expectedStarts.count)]) "
                    + "(\(tree.lineStarts.count) vs \(expectedStarts.count) lines)")
        }
        return problems
    }
}
