import Foundation
import Parser
import ScriptGen
import Testing
@_spi(Benchmarks) @testable import IR

struct HashTests {
    @Test func sha256TestVectors() {
        #expect(SHA256.hash([]).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).description == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).description
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(h.finalize().description == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hashBuilderSeparatesFields() {
        var a = HashBuilder(domain: "t"); a.add("ab"); a.add("c")
        var b = HashBuilder(domain: "t"); b.add("a"); b.add("bc")
        #expect(a.finish() != b.finish())
        #expect(ContentHash(hex: a.finish().description) == a.finish())
    }

    /// The benchmark's SHA-256 floor hashes exactly what hash-calls hashes.
    @Test func canonicalInputsAreWhatHashCallsDigests() throws {
        let plan = try #require(compile(Fixtures.directives).plan)
        let inputs = HashCalls.canonicalInputs(plan)
        #expect(inputs.count == plan.nodes.count)
        for (node, bytes) in zip(plan.nodes, inputs) {
            #expect(SHA256.hash(bytes) == node.hash, "node \(node.id) (\(node.kind))")
        }
        let fold = plan.nodes.reduce(UInt64(0)) { $0 ^ $1.hash.words.0 }
        #expect(HashCalls.digestAll(inputs, threads: 1) == fold)
        #expect(HashCalls.digestAll(inputs, threads: 3) == fold)
    }
}

struct PlanTests {
    @Test func planIsADAGInDependencyOrder() throws {
        let plan = try #require(compile(Fixtures.directives).plan)
        for n in plan.nodes {
            #expect(n.dependencies.allSatisfy { $0 < n.id })
            #expect(n.hash != .zero)
        }
        #expect(plan.nodes.map(\.id) == Array(plan.nodes.indices))
        #expect(Set(plan.nodes.map(\.hash)).count == plan.nodes.count)
        let mux = try #require(plan.mux)
        #expect(plan.nodes[mux].kind == .mux && plan.nodes[mux].dependencies == [plan.timeline!])
        #expect(plan.nodes(.mix).count == 3)
        #expect(plan.durationFrames == compile(Fixtures.directives).episode.durationFrames)
    }

    @Test func identicalCallsAreDeduplicated() throws {
        let text = "[[@cast BOB voice=en-us+m1]]\n\nINT. A - DAY\n\nBOB\nYes.\n\nANN\nNo.\n\nBOB\nYes.\n"
        let deduped = try #require(compile(text).plan)
        let all = PassManager(disabled: ["dedupe-calls"])
        let raw = try #require(Compiler.compile(FountainParser.parse(text), passes: all).plan)
        #expect(raw.nodes(.speech).count == 3)
        #expect(deduped.nodes(.speech).count == 2)
        // The mix still places the line twice, from the one call.
        guard case .mix(let mix) = deduped.nodes(.mix)[0].inputs else { Issue.record("no mix"); return }
        let dialogueTracks = mix.tracks.filter { $0.role == .dialogue }
        #expect(dialogueTracks.count == 3)
        #expect(dialogueTracks[0].node == dialogueTracks[2].node)
    }

    /// A line longer than the longest cut keeps its subtitle card on the continuation cuts, for
    /// exactly the frames the mix plays it.
    @Test func aLineRunsOnIntoItsContinuationCuts() throws {
        let speech = Array(repeating: "The boats went out at dawn and none of them came back before the tide turned.", count: 4).joined(separator: " ")
        let plan = try #require(compile("INT. HARBOR - DAY\n\nBOB\n\(speech)\n\nANN\nThen wait.\n").plan)
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { Issue.record("no timeline"); return }
        guard let mixNode = plan.nodes(.mix).first, case .mix(let mix) = mixNode.inputs else { Issue.record("no mix"); return }
        let speechTrack = try #require(mix.tracks.first { $0.role == .dialogue })
        let speechFrames = plan.nodes[speechTrack.node].durationFrames
        #expect(speechFrames > 2 * EpisodeSettings().maxCutFrames)
        let shown = timeline.clips.filter { clip in
            if case .visual(let v) = plan.nodes[clip.node].inputs { return v.line?.text == speech }
            return false
        }
        #expect(Set(shown.map(\.cutID)).count >= 3, "\(shown.map(\.cutID))")
        #expect(shown.first?.startFrame == speechTrack.startFrame)
        for (a, b) in zip(shown, shown.dropFirst()) { #expect(a.startFrame + a.durationFrames == b.startFrame) }
        #expect(shown.reduce(0) { $0 + $1.durationFrames } == speechFrames)
    }

    /// Dual dialogue is spoken at once: both lines start together, the cut lasts as long as the
    /// longer one, and one card shows both.
    @Test func dualDialogueIsSpokenAtOnce() throws {
        let unit = compile("INT. GYM - DAY\n\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement, and screw the gold watch too.\n")
        let plan = try #require(unit.plan)
        guard let mixNode = plan.nodes(.mix).first, case .mix(let mix) = mixNode.inputs else { Issue.record("no mix"); return }
        let lines = mix.tracks.filter { $0.role == .dialogue }
        try #require(lines.count == 2)
        #expect(lines[0].startFrame == lines[1].startFrame)
        let lengths = lines.map { plan.nodes[$0.node].durationFrames }
        let cut = try #require(unit.episode.scenes.first?.cuts.first { $0.events.contains { $0.isDialogue } })
        #expect(cut.shot.framing == .twoShot)
        #expect(cut.durationFrames == lengths.max())
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { Issue.record("no timeline"); return }
        let cards = timeline.clips.compactMap { clip -> VisualLine? in
            if case .visual(let v) = plan.nodes[clip.node].inputs { return v.line } else { return nil }
        }
        #expect(cards.map(\.speaker) == ["BRICK / STEEL"])
        #expect(cards.first?.text == "Screw retirement.\nScrew retirement, and screw the gold watch too.")
        // A caret with a line in between is not a pair: the lines take turns.
        let apart = try #require(compile("INT. GYM - DAY\n\nBRICK\nOne.\n\nSHE waits.\n\nSTEEL\nTwo.\n").plan)
        guard case .mix(let apartMix) = apart.nodes(.mix)[0].inputs else { Issue.record("no mix"); return }
        let starts = apartMix.tracks.filter { $0.role == .dialogue }.map(\.startFrame)
        #expect(starts.count == 2 && starts[0] < starts[1])
    }

    @Test func hashesAreStableAcrossRuns() {
        let a = compile(Fixtures.directives)
        let b = compile(Fixtures.directives)
        #expect(PlanJSON.encode(a.plan!, episode: a.episode) == PlanJSON.encode(b.plan!, episode: b.episode))
        // Pinned: the hash of a speech call must not change unless its inputs or version do.
        let call = SpeechRequest(text: "Hello.", voice: Voice(name: "en-us+f3", rateWPM: 170, pitch: 60), prosody: Prosody())
        #expect(call.contentHash == SpeechRequest(text: "Hello.", voice: Voice(name: "en-us+f3", rateWPM: 170, pitch: 60), prosody: Prosody()).contentHash)
        #expect(call.contentHash != SpeechRequest(text: "Hello!", voice: call.voice, prosody: Prosody()).contentHash)
    }

    @Test func hashesIgnorePositionInTheEpisode() throws {
        let scene = "INT. B - NIGHT\n\nANN\nSame words.\n"
        let a = try #require(compile(scene).plan)
        let b = try #require(compile("INT. A - DAY\n\nSomething else first.\n\n" + scene).plan)
        let sa = Set(a.nodes.filter { $0.kind != .timeline && $0.kind != .mux }.map(\.hash))
        let sb = Set(b.nodes.map(\.hash))
        #expect(sa.isSubset(of: sb))
    }

    @Test func jsonIsIndentedAndVersioned() {
        let u = compile(Fixtures.craft)
        let text = String(decoding: PlanJSON.encode(u.plan!, episode: u.episode), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"format\": \"scriptc.plan/1\",\n"))
        let ir = String(decoding: IRJSON.encode(u.episode), as: UTF8.self)
        #expect(ir.contains("\"format\": \"scriptc.ir/1\""))
        let compact = PlanJSON.encode(u.plan!, episode: u.episode, pretty: false)
        #expect(!compact.dropLast().contains(0x0A))
    }
}

/// One dialogue line edited: exactly its speech call changes, plus the calls whose length
/// depends on it (its cut, its scene's music and ambience), its scene's mix, the timeline and
/// the mux; in other scenes at most the hold that closes its sound segment (`align-segments`:
/// that scene's last card, score, bed and mix).
struct LocalityTests {
    struct Change {
        var newHashes: [PlanNode]
        var editedScene: String
        /// The scene whose hold closes the edited scene's sound segment.
        var closingScene: String
    }

    func edit(_ text: String, lineIndex pick: (Int) -> Int) throws -> Change {
        let tree = FountainParser.parse(text)
        let candidates = tree.elements.enumerated().filter { _, e in
            e.type == .dialogue && !tree.source(e.range).contains("[[")
        }
        try #require(candidates.count > 4)
        let (_, element) = candidates[pick(candidates.count)]
        var bytes = Array(text.utf8)
        bytes.insert(contentsOf: Array(" And one more thing, for the record.".utf8), at: element.range.end)
        let edited = String(decoding: bytes, as: UTF8.self)
        let before = compile(text)
        let after = compile(edited)
        let old = Set(before.plan!.nodes.map(\.hash))
        let changed = after.plan!.nodes.filter { !old.contains($0.hash) }
        let scenes = after.episode.scenes
        let index = scenes.lastIndex { $0.range.start <= element.range.start }!
        let closing = scenes[index...].first { $0.segmentPadFrames != nil } ?? scenes[scenes.count - 1]
        return Change(newHashes: changed, editedScene: scenes[index].id, closingScene: closing.id)
    }

    func check(_ c: Change, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(c.newHashes.filter { $0.kind == .speech }.count == 1, sourceLocation: sourceLocation)
        var inClosingScene = 0
        for n in c.newHashes where n.kind != .timeline && n.kind != .mux {
            #expect(n.sceneID == c.editedScene || n.sceneID == c.closingScene, "\(n.kind) in \(n.sceneID ?? "-") changed",
                    sourceLocation: sourceLocation)
            if n.sceneID != c.editedScene { inClosingScene += 1 }
        }
        #expect(c.newHashes.contains { $0.kind == .mix }, sourceLocation: sourceLocation)
        // The closing scene's hold: its last card, score, bed and mix at most.
        #expect(inClosingScene <= 4, "\(c.newHashes.map { "\($0.kind) \($0.sceneID ?? "-")" })", sourceLocation: sourceLocation)
        #expect(c.newHashes.count - inClosingScene <= 10, "\(c.newHashes.map(\.kind))", sourceLocation: sourceLocation)
    }

    @Test func oneLineEditOnTheExamples() throws {
        var texts = [Fixtures.craft, Fixtures.directives]
        if let data = FileManager.default.contents(atPath: RepoPaths.examples.appendingPathComponent("pilot.fountain").path) {
            texts.append(String(decoding: data, as: UTF8.self))
        }
        for text in texts {
            check(try edit(text) { $0 / 2 })
        }
    }

    @Test func oneLineEditOnAGeneratedSixtyPageEpisode() throws {
        let text = ScriptGenerator(seed: 11).screenplay(pages: 60)
        for pick in [{ (n: Int) in n / 3 }, { (n: Int) in n / 2 }, { (n: Int) in n - 2 }] {
            let c = try edit(text, lineIndex: pick)
            check(c)
        }
    }
}
