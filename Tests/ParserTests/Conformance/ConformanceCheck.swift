import Parser

/// Compares a parsed tree with a conformance case; returns readable mismatches.
enum ConformanceCheck {
    static func mismatches(_ tree: Screenplay, _ c: ConformanceCase, checkDiagnostics: Bool = true) -> [String] {
        var out: [String] = []
        let got = tree.elements.map(\.type)
        let want = c.elements.map(\.type)
        if got != want {
            out.append("element types: expected \(want.map(\.rawValue)), got \(got.map(\.rawValue)) texts \(ParseSupport.texts(tree).map { ParseSupport.escaped($0) })")
        }
        for (index, (element, expected)) in zip(tree.elements, c.elements).enumerated() where element.type == expected.type {
            out += mismatches(tree, element, expected, index)
        }

        switch (tree.titlePage, c.titlePage) {
        case (nil, nil):
            break
        case (nil, let want?):
            out.append("title page: expected \(want), got none")
        case (let tp?, nil):
            out.append("title page: expected none, got \(tp.fields.map { tree.source($0.key) })")
        case (let tp?, let want?):
            let fields = tp.fields.map { ExpectedField(key: tree.source($0.key), value: tree.inline(lines: $0.lines).text) }
            if fields.map(\.key) != want.map(\.key) || fields.map(\.value) != want.map(\.value) {
                out.append("title page: expected \(want), got \(fields)")
            }
        }

        if checkDiagnostics {
            let ids = Set(tree.diagnostics.map(\.id))
            for id in c.diagnostics where !ids.contains(id) {
                out.append("diagnostic \(id) expected, got \(ParseSupport.diagnosticIDs(tree))")
            }
            if c.clean {
                for d in tree.diagnostics where d.severity == .error {
                    out.append("unexpected error \(d.id) at \(d.range): \(d.message)")
                }
            }
        }
        return out
    }

    static func mismatches(_ tree: Screenplay, _ element: Element, _ expected: ExpectedElement, _ index: Int) -> [String] {
        var out: [String] = []
        let content = tree.inline(of: element)
        let label = "element \(index) (\(expected.type.rawValue))"
        if let text = expected.text, content.text != text {
            out.append("\(label) text: expected «\(ParseSupport.escaped(text))», got «\(ParseSupport.escaped(content.text))»")
        }
        for attribute in expected.attributes {
            switch attribute {
            case .forced(let want):
                let got: Bool? = switch element.kind {
                case .sceneHeading(let h): h.forced
                case .action(let a): a.forced
                case .character(let c): c.forced
                case .transition(let t): t.forced
                default: nil
                }
                if got != want { out.append("\(label) forced: expected \(want), got \(got.map(String.init) ?? "n/a")") }
            case .sceneNumber(let want):
                guard case .sceneHeading(let h) = element.kind else { break }
                let got = h.sceneNumber.map { tree.source($0) }
                if got != want { out.append("\(label) scene number: expected \(want ?? "none"), got \(got ?? "none")") }
            case .name(let want):
                guard case .character(let cue) = element.kind else { break }
                let got = tree.characterName(cue)
                if got != want { out.append("\(label) name: expected \(want), got \(got)") }
            case .extensions(let want):
                guard case .character(let cue) = element.kind else { break }
                let got = tree.characterExtensions(cue)
                if got != want { out.append("\(label) extensions: expected \(want), got \(got)") }
            case .dual(let want):
                guard case .character(let cue) = element.kind else { break }
                if cue.dual != want {
                    out.append("\(label) dual: expected \(want?.rawValue ?? "none"), got \(cue.dual?.rawValue ?? "none")")
                }
            case .depth(let want):
                guard case .section(let s) = element.kind else { break }
                if s.depth != want { out.append("\(label) depth: expected \(want), got \(s.depth)") }
            case .notes(let want):
                let got = content.notes.map(\.text)
                if got != want { out.append("\(label) notes: expected \(want), got \(got)") }
            case .runs(let want):
                let got = ParseSupport.normalizedRuns(content.runs)
                if got != ParseSupport.normalizedRuns(want) {
                    out.append("\(label) runs: expected \(ExpectedAttribute.runs(want)), got \(ExpectedAttribute.runs(got))")
                }
            }
        }
        return out
    }
}
