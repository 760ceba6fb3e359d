import Parser
import Testing
@testable import IR

struct LoweringTests {
    func lower(_ text: String) -> (Episode, [Diagnostic]) {
        Lowering.lower(FountainParser.parse(text, path: "t.fountain"))
    }

    @Test func headingsBecomeScenesWithStableIDs() {
        let (e, _) = lower("INT. KITCHEN - NIGHT\n\nA.\n\nEXT. HARBOUR - DAWN #4A#\n\nB.\n\nINT. KITCHEN - NIGHT\n\nC.\n\nI/E CAR - MOVING - LATER\n\nD.\n")
        #expect(e.scenes.map(\.id) == ["int-kitchen-night", "s4a", "int-kitchen-night-2", "i-e-car-moving-later"])
        #expect(e.scenes.map(\.setting) == [.interior, .exterior, .interior, .interiorExterior])
        #expect(e.scenes.map(\.timeOfDay) == [.night, .dawn, .night, .later])
        #expect(e.scenes[3].location == "CAR - MOVING")
        #expect(e.scenes[1].sceneNumber == "4A")
    }

    @Test func sceneIDsDoNotDependOnEarlierScenes() {
        let (a, _) = lower("INT. A - DAY\n\nX.\n\nINT. B - DAY\n\nY.\n")
        let (b, _) = lower("INT. Z - DAY\n\nnew scene.\n\nINT. A - DAY\n\nX.\n\nINT. B - DAY\n\nY.\n")
        #expect(a.scenes.map(\.id) == Array(b.scenes.map(\.id).dropFirst()))
    }

    @Test func dialogueKeepsCueParentheticalAndExtensions() throws {
        let (e, _) = lower("INT. ROOM - DAY\n\nMARGO (V.O.) (CONT'D)\n(quietly)\nFirst line.\n(beat)\nSecond line.\n")
        let lines = dialogue(e)
        #expect(lines.map(\.text) == ["First line.", "Second line."])
        #expect(lines.map(\.parenthetical) == ["quietly", "beat"])
        #expect(lines[0].extensions == ["V.O.", "CONT'D"])
    }

    @Test func transitionsGoToTheNextCut() throws {
        let (e, _) = lower("FADE IN:\n\nINT. A - DAY\n\nX.\n\nDISSOLVE TO:\n\nINT. B - DAY\n\nY.\n\nFADE OUT.\n")
        #expect(e.scenes[0].cuts[0].transitionIn.kind == .fadeIn)
        #expect(e.scenes[1].cuts[0].transitionIn.kind == .crossfade)
        #expect(e.endTransition?.kind == .fadeOut)
        #expect(allEvents(e).count == 2)
    }

    @Test func directiveScopeFollowsPosition() throws {
        let text = """
        [[@style palette=noir]]

        INT. A - DAY

        [[@style grain=16mm]]

        Something happens.

        [[@style lighting=hard]]
        Something else.

        [[@style card=ink]]
        BOB
        Hi.
        """
        let (e, ds) = lower(text)
        #expect(ds.isEmpty)
        #expect(e.style.map(\.scope) == [.episode])
        #expect(e.scenes[0].style.map(\.value) == [.grain(.film16)])
        let cutStyles = e.scenes[0].cuts.flatMap(\.style)
        #expect(cutStyles.map(\.value) == [.lighting(.hard)])
        #expect(cutStyles.first?.scope == .cut)
        #expect(dialogue(e).first?.style.map(\.value) == [.card(.ink)])
        #expect(dialogue(e).first?.style.first?.scope == .line)
        // Each tag keeps its source range.
        let r = try #require(e.style.first?.range)
        #expect(String(decoding: Array(text.utf8)[r.start..<r.end], as: UTF8.self) == "palette=noir")
    }

    @Test func cuesWaitForTheirBeat() {
        let (e, _) = lower("INT. A - DAY\n\nX.\n\n[[@sfx door-slam]]\n[[@pause 1s]]\n\nBOB\nHi.\n")
        let kinds = allEvents(e).map(\.kindName)
        #expect(kinds == ["action", "sound", "pause", "dialogue"])
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let (_, ds) = lower("INT. A - DAY\n\n[[@muzic x]]\n[[@sfx]]\n[[@pause 2]]\n[[@style palette=nior]]\n\nBOB\nHi.\n")
        #expect(Set(ds.map(\.id)) == [IRDiagnostics.unknownDirective, IRDiagnostics.missingArgument, IRDiagnostics.badUnit, IRDiagnostics.badValue])
    }

    @Test func unusedShotWarns() {
        let (_, ds) = lower("INT. A - DAY\n\nX.\n\n[[@shot close on BOB]]\n\nINT. B - DAY\n\nY.\n")
        #expect(ds.map(\.id) == [IRDiagnostics.unusedDirective])
    }

    @Test func prosodyRightAfterHeadingAppliesToTheFirstLine() {
        let (e, ds) = lower("INT. A - DAY\n\n[[@prosody rate=80%]]\n\nBOB\nHi.\n")
        #expect(ds.isEmpty)
        #expect(dialogue(e).first?.prosody.ratePercent == 80)
    }
}
