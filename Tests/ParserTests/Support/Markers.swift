/// Source text with position markers (`1️⃣` … `9️⃣`) embedded; the markers are removed and their
/// UTF-8 offsets in the remaining text recorded.
struct MarkedSource {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    let text: String
    let offsets: [String: Int]

    init(_ marked: String) {
        let input = Array(marked.utf8)
        let markerBytes = Self.markers.map { Array($0.utf8) }
        var out: [UInt8] = []
        var found: [String: Int] = [:]
        var i = 0
        scan: while i < input.count {
            for (k, m) in markerBytes.enumerated()
            where i + m.count <= input.count && Array(input[i..<(i + m.count)]) == m {
                precondition(found[Self.markers[k]] == nil, "marker \(Self.markers[k]) used twice")
                found[Self.markers[k]] = out.count
                i += m.count
                continue scan
            }
            out.append(input[i])
            i += 1
        }
        text = String(decoding: out, as: UTF8.self)
        offsets = found
    }

    subscript(marker: String) -> Int {
        guard let offset = offsets[marker] else { preconditionFailure("no marker \(marker)") }
        return offset
    }
}
