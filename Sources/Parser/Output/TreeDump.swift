/// A readable, indented dump of the syntax tree (`scriptc parse`).
public enum TreeDump {
    public static func render(_ tree: Screenplay) -> String {
        var out = ""
        var cursor = LocationCursor(tree)
        func span(_ r: SourceRange) -> String {
            let (l1, c1) = cursor.lineColumn(r.start)
            let (l2, c2) = cursor.lineColumn(r.end)
            return "\(l1):\(c1)-\(l2):\(c2)"
        }
        out += "Screenplay \(tree.source.path) (\(tree.format.rawValue), \(tree.source.bytes.count) bytes, \(tree.elements.count) elements)\n"
        if let tp = tree.titlePage {
            out += "  TitlePage \(span(tp.range))\n"
            for field in tp.fields {
                let value = tree.inline(lines: field.lines).text
                out += "    \(tree.source(field.key)): \(quote(value))\n"
            }
        }
        for element in tree.elements {
            let content = tree.inline(of: element)
            var line = "  \(element.type.rawValue.prefix(1).uppercased() + element.type.rawValue.dropFirst()) \(span(element.range))"
            switch element.kind {
            case .sceneHeading(let h):
                if h.forced { line += " forced" }
                if let n = h.sceneNumber { line += " #\(tree.source(n))#" }
            case .action(let a):
                if a.forced { line += " forced" }
            case .character(let c):
                if c.forced { line += " forced" }
                let ext = tree.characterExtensions(c)
                if !ext.isEmpty { line += " extensions=\(ext.joined(separator: ","))" }
                if let d = c.dual { line += " dual=\(d.rawValue)" }
            case .transition(let t):
                if t.forced { line += " forced" }
            case .section(let s):
                line += " depth=\(s.depth)"
            default:
                break
            }
            if element.type != .pageBreak { line += " " + quote(content.text) }
            out += line + "\n"
            for run in content.runs where !run.style.isEmpty {
                out += "    \(run.style.names.joined(separator: "+")) \(quote(run.text))\n"
            }
            if element.type != .note {
                for note in content.notes { out += "    note \(quote(note.text))\n" }
            }
        }
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}
