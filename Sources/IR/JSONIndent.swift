/// Indents compact JSON (two spaces, `"key": value`, empty containers kept as `{}` / `[]`).
/// The IR and plan are written compact by `JSONWriter` and indented here in one linear pass, so
/// the pretty form is readable and diffs well in golden files.
enum JSONIndent {
    static func indent(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 2)
        var depth = 0
        var inString = false
        var i = 0
        let n = input.count
        func newline(_ out: inout [UInt8], _ depth: Int) {
            out.append(0x0A)
            for _ in 0..<(depth * 2) { out.append(0x20) }
        }
        while i < n {
            let b = input[i]
            if inString {
                out.append(b)
                if b == 0x5C, i + 1 < n {
                    out.append(input[i + 1])
                    i += 2
                    continue
                }
                if b == 0x22 { inString = false }
                i += 1
                continue
            }
            switch b {
            case 0x22:
                inString = true
                out.append(b)
            case 0x7B, 0x5B:
                let close: UInt8 = b == 0x7B ? 0x7D : 0x5D
                if i + 1 < n, input[i + 1] == close {
                    out.append(b)
                    out.append(close)
                    i += 2
                    continue
                }
                out.append(b)
                depth += 1
                newline(&out, depth)
            case 0x7D, 0x5D:
                depth -= 1
                newline(&out, depth)
                out.append(b)
            case 0x2C:
                out.append(b)
                newline(&out, depth)
            case 0x3A:
                out.append(b)
                out.append(0x20)
            case 0x0A:
                break
            default:
                out.append(b)
            }
            i += 1
        }
        out.append(0x0A)
        return out
    }
}
