import Foundation
import Parser
import Testing

/// The Fountain 1.1 rules, one table per rule group; see README.md in this folder.
@Suite("Fountain conformance")
struct ConformanceTests {
    private func check(_ c: ConformanceCase) {
        let tree = ParseSupport.parse(c.source)
        let problems = ConformanceCheck.mismatches(tree, c)
        #expect(problems.isEmpty, "\(c)\n  \(problems.joined(separator: "\n  "))")
    }

    @Test("title page", arguments: ConformanceCases.titlePage) func titlePage(_ c: ConformanceCase) { check(c) }
    @Test("scene headings", arguments: ConformanceCases.sceneHeadings) func sceneHeadings(_ c: ConformanceCase) { check(c) }
    @Test("action", arguments: ConformanceCases.action) func action(_ c: ConformanceCase) { check(c) }
    @Test("character cues", arguments: ConformanceCases.character) func character(_ c: ConformanceCase) { check(c) }
    @Test("dialogue", arguments: ConformanceCases.dialogue) func dialogue(_ c: ConformanceCase) { check(c) }
    @Test("parentheticals", arguments: ConformanceCases.parenthetical) func parenthetical(_ c: ConformanceCase) { check(c) }
    @Test("dual dialogue", arguments: ConformanceCases.dualDialogue) func dualDialogue(_ c: ConformanceCase) { check(c) }
    @Test("lyrics", arguments: ConformanceCases.lyrics) func lyrics(_ c: ConformanceCase) { check(c) }
    @Test("transitions", arguments: ConformanceCases.transition) func transition(_ c: ConformanceCase) { check(c) }
    @Test("centered text", arguments: ConformanceCases.centered) func centered(_ c: ConformanceCase) { check(c) }
    @Test("emphasis", arguments: ConformanceCases.emphasis) func emphasis(_ c: ConformanceCase) { check(c) }
    @Test("notes", arguments: ConformanceCases.notes) func notes(_ c: ConformanceCase) { check(c) }
    @Test("boneyard", arguments: ConformanceCases.boneyard) func boneyard(_ c: ConformanceCase) { check(c) }
    @Test("sections and synopses", arguments: ConformanceCases.sections) func sections(_ c: ConformanceCase) { check(c) }
    @Test("page breaks", arguments: ConformanceCases.pageBreak) func pageBreak(_ c: ConformanceCase) { check(c) }
    @Test("line endings and BOM", arguments: ConformanceCases.encoding) func encoding(_ c: ConformanceCase) { check(c) }
    @Test("whole scenes", arguments: ConformanceCases.scenes) func scenes(_ c: ConformanceCase) { check(c) }

    @Test("the tables cover every rule group with at least 150 cases")
    func coverage() {
        #expect(ConformanceCases.all.count >= 150)
        let groups = Set(ConformanceCases.all.map(\.group))
        for group in RuleGroup.allCases { #expect(groups.contains(group), "no case for \(group.rawValue)") }
        let names = ConformanceCases.all.map(\.testDescription)
        #expect(Set(names).count == names.count, "case names must be unique")
    }

    /// The same document with CRLF or lone CR line endings has the same elements and texts.
    @Test("CRLF and CR give the same elements and texts", arguments: ConformanceCases.lfOnly)
    func lineEndings(_ c: ConformanceCase) {
        for ending in ["\r\n", "\r"] {
            let tree = ParseSupport.parse(ParseSupport.withLineEnding(c.source, ending))
            let problems = ConformanceCheck.mismatches(tree, c)
            #expect(problems.isEmpty, "\(ending == "\r" ? "CR" : "CRLF") variant of \(c)\n  \(problems.joined(separator: "\n  "))")
        }
    }

    /// The JSON form carries the same types, texts and attributes as the tree.
    @Test("JSON form agrees", arguments: ConformanceCases.all)
    func jsonForm(_ c: ConformanceCase) throws {
        let tree = ParseSupport.parse(c.source)
        let json = try ParseSupport.json(tree)
        #expect(json["schema"] as? String == ASTJSON.schema)
        let elements = try #require(json["elements"] as? [[String: Any]], "no elements array")
        #expect(elements.count == c.elements.count, "\(c)")
        for (object, expected) in zip(elements, c.elements) {
            #expect(object["type"] as? String == expected.type.rawValue, "\(c)")
            if let text = expected.text { #expect(object["text"] as? String == text, "\(c): text") }
            for attribute in expected.attributes {
                switch attribute {
                case .forced(let b): #expect(object["forced"] as? Bool == b, "\(c): forced")
                case .sceneNumber(let s): #expect(object["sceneNumber"] as? String == s, "\(c): sceneNumber")
                case .name(let s): #expect(object["name"] as? String == s, "\(c): name")
                case .extensions(let e): #expect(object["extensions"] as? [String] == e, "\(c): extensions")
                case .dual(let d):
                    #expect(object["dual"] as? Bool == (d != nil), "\(c): dual")
                    #expect(object["dualPosition"] as? String == d?.rawValue, "\(c): dualPosition")
                case .depth(let d): #expect(object["depth"] as? Int == d, "\(c): depth")
                case .notes(let n):
                    let notes = (object["notes"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
                    #expect(notes == n, "\(c): notes")
                case .runs(let r):
                    let runs = (object["runs"] as? [[String: Any]])?.map { run in
                        let styles = run["styles"] as? [String] ?? []
                        var style: TextStyle = []
                        if styles.contains("bold") { style.insert(.bold) }
                        if styles.contains("italic") { style.insert(.italic) }
                        if styles.contains("underline") { style.insert(.underline) }
                        return StyledRun(text: run["text"] as? String ?? "", style: style)
                    }
                    #expect(runs.map(ParseSupport.normalizedRuns) == ParseSupport.normalizedRuns(r), "\(c): runs")
                }
            }
        }
        if let want = c.titlePage {
            let page = try #require(json["titlePage"] as? [String: Any], "\(c): no titlePage object")
            let fields = try #require(page["fields"] as? [[String: Any]])
            #expect(fields.compactMap { $0["key"] as? String } == want.map(\.key), "\(c): keys")
            #expect(fields.compactMap { $0["value"] as? String } == want.map(\.value), "\(c): values")
        } else {
            #expect(json["titlePage"] is NSNull, "\(c): titlePage should be null")
        }
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.compactMap { $0["id"] as? String } == ParseSupport.diagnosticIDs(tree), "\(c): diagnostics")
    }
}
