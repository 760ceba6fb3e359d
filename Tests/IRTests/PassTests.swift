import Parser
import Testing
@testable import IR

/// Each pass alone, on a lowered episode (plus the passes it needs before it).
struct ResolveCharactersTests {
    @Test func aliasesContdAndExtensions() {
        let text = "[[@cast MARGARET aliases=MAGS,PEG]]\n\nINT. A - DAY\n\nMAGS\nOne.\n\nMARGARET (CONT'D)\nTwo.\n\nPEG (V.O.)\nThree.\n\nBOB (O.S.)\nFour.\n"
        let u = lowerThen(text, [ResolveCharacters()])
        #expect(u.episode.cast.map(\.id) == ["MARGARET", "BOB"])
        #expect(dialogue(u.episode).map(\.characterID) == ["MARGARET", "MARGARET", "MARGARET", "BOB"])
        #expect(dialogue(u.episode).map(\.delivery) == [.onScreen, .onScreen, .voiceOver, .offScreen])
        #expect(u.episode.cast[0].lineCount == 3)
        #expect(u.episode.cast[0].extensionsSeen == ["CONT'D", "V.O."])
    }

    @Test func blankNamesNameNoOne() {
        let u = lowerThen("[[@cast MARGO aliases=,]]\n[[@cast \"\"]]\n\nINT. A - DAY\n\nMARGO waits.\n\nMARGO\nWell.\n", [ResolveCharacters()])
        let actions = allEvents(u.episode).compactMap { if case .action(let a) = $0.payload { a } else { nil } }
        #expect(actions.first?.subjects == ["MARGO"])
        #expect(u.episode.cast.map(\.id) == ["MARGO"])
        #expect(u.diagnostics.contains { $0.id == IRDiagnostics.missingArgument && $0.message.contains("blank") })
    }

    @Test func actionSubjectsAndShotSubjects() {
        let u = lowerThen("INT. A - DAY\n\nBIG LOU shoves MARGO aside.\n\n[[@shot close on Margo]]\nMARGO\nHey!\n\nBIG LOU\nMove.\n", [ResolveCharacters()])
        let actions = allEvents(u.episode).compactMap { if case .action(let a) = $0.payload { a } else { nil } }
        #expect(actions.first?.subjects == ["MARGO", "BIG LOU"])
        #expect(u.episode.scenes[0].cuts.first { $0.origin == .explicit }?.shot.subject == "MARGO")
    }

    @Test func castWithoutLinesWarns() {
        let u = lowerThen("[[@cast GHOST voice=en-us+m1]]\n\nINT. A - DAY\n\nBOB\nHi.\n", [ResolveCharacters()])
        #expect(u.diagnostics.map(\.id) == [IRDiagnostics.castWithoutLines])
    }

    @Test func phoneExtensionFiltersTheVoice() {
        let u = lowerThen("INT. A - DAY\n\nBOB (ON PHONE)\nHi.\n", [ResolveCharacters()])
        #expect(dialogue(u.episode).first?.prosody.filter == .telephone)
        #expect(dialogue(u.episode).first?.delivery == .offScreen)
    }
}

struct CastVoicesTests {
    @Test func explicitVoicesWinAndDerivedAreDeterministic() {
        let text = "[[@cast MARGO voice=en-gb+f2 rate=140]]\n\nINT. A - DAY\n\nMARGO\nHi.\n\nBOB\nHo.\n"
        let a = lowerThen(text, [ResolveCharacters(), CastVoices()])
        let b = lowerThen(text, [ResolveCharacters(), CastVoices()])
        let margo = a.episode.character("MARGO")!
        #expect(margo.voice?.name == "en-gb+f2" && margo.voice?.rateWPM == 140 && margo.voiceSource == .explicit)
        let bob = a.episode.character("BOB")!
        #expect(bob.voiceSource == .derived)
        #expect(bob.voice == b.episode.character("BOB")!.voice)
        // The derived voice is the name's first preference unless a scene partner has it.
        #expect(bob.voice == CastVoices.preferences(for: "BOB", language: "en-us")[0])
        #expect((80...450).contains(bob.voice!.rateWPM) && (0...99).contains(bob.voice!.pitch))
        #expect(dialogue(a.episode).map { $0.voice?.name } == ["en-gb+f2", bob.voice?.name])
    }

    @Test func derivedVoicesAreDistinctWithinEveryScene() {
        // Fourteen speakers in one scene: more than the twelve variants.
        let names = ["ANN", "BEA", "CAL", "DOT", "ED", "FAY", "GUS", "HAL", "IDA", "JO", "KIT", "LEO", "MAE", "NED"]
        let text = "INT. A - DAY\n\n" + names.map { "\($0)\nLine.\n" }.joined(separator: "\n")
        let u = lowerThen(text, [ResolveCharacters(), CastVoices()])
        let voices = u.episode.cast.compactMap(\.voice)
        #expect(voices.count == names.count)
        #expect(Set(voices.map { "\($0.name)/\($0.pitch)" }).count == names.count)
        #expect(Set(voices.prefix(12).map(\.name)).count >= 12 || Set(voices.map(\.name)).count == 12)
    }

    @Test func preferencesDependOnlyOnTheName() {
        #expect(CastVoices.preferences(for: "MARGO", language: "en-us") == CastVoices.preferences(for: "MARGO", language: "en-us"))
        #expect(CastVoices.preferences(for: "MARGO", language: "en-us") != CastVoices.preferences(for: "BOB", language: "en-us"))
        // FNV-1a 64 test vector: a stable hash, not Swift's seeded hashValue.
        #expect(stableHash64("a") == 0xaf63dc4c8601ec8c)
    }
}

struct ImplicitCuesTests {
    @Test func parentheticalsBecomeProsodyAndPauses() {
        let u = lowerThen("INT. A - DAY\n\nBOB\n(whispering)\nOne.\n(beat)\nTwo.\n(shouting)\nThree.\n(to Ann, sadly)\nFour.\n", [ImplicitCues()])
        let lines = dialogue(u.episode)
        #expect(lines[0].prosody.quality == .whisper && lines[0].prosody.volumeDB < 0)
        #expect(lines[1].prosody.isNeutral)
        #expect(lines[2].prosody.quality == .shout && lines[2].prosody.volumeDB > 0)
        #expect(lines[3].prosody.emotion == "sad")
        let kinds = allEvents(u.episode).map(\.kindName)
        #expect(kinds == ["dialogue", "pause", "dialogue", "dialogue", "dialogue"])
    }

    @Test func explicitProsodyWins() {
        let u = lowerThen("INT. A - DAY\n\n[[@prosody volume=+3dB]]\nBOB\n(whispering)\nOne.\n", [ImplicitCues()])
        let p = dialogue(u.episode)[0].prosody
        #expect(p.volumeDB == 3 && p.quality == .whisper)
    }

    @Test func capsSoundWordsBecomeCues() {
        let u = lowerThen("INT. A - DAY\n\nA door SLAMS. The phone RINGING, a dog barks, glass SHATTERED. BOB walks.\n", [ImplicitCues()])
        #expect(sounds(u.episode).map(\.effect) == ["door-slam", "phone-ring", "glass-break"])
        #expect(sounds(u.episode).map(\.word) == ["SLAMS", "RINGING", "SHATTERED"])
        #expect(sounds(u.episode).allSatisfy { $0.origin == .implicit })
    }

    @Test func explicitSfxSuppressesTheSameImplicitCue() {
        let u = lowerThen("INT. A - DAY\n\n[[@sfx door-slam gain=-6dB]]\nA door SLAMS and thunder BOOMS.\n", [ImplicitCues()])
        #expect(sounds(u.episode).map(\.effect) == ["door-slam", "boom"])
        #expect(sounds(u.episode).map(\.origin) == [.explicit, .implicit])
    }

    @Test func headingGivesAmbienceAndPalette() {
        let u = lowerThen("EXT. CITY STREET - NIGHT\n\nX.\n\nINT. KITCHEN - DAY\n\nY.\n\nINT. HALL - DUSK\n\n[[@ambience rain]]\n\nZ.\n", [ImplicitCues()])
        #expect(u.episode.scenes.map { $0.ambience?.bed } == ["city-night", "kitchen", "rain"])
        #expect(u.episode.scenes.map { $0.ambience?.origin } == [.implicit, .implicit, .explicit])
        #expect(u.episode.scenes.map { $0.style.first?.value } == [.palette(.moonlight), .palette(.warm), .palette(.golden)])
    }

    @Test func episodePaletteSuppressesImplicitPalettes() {
        let u = lowerThen("[[@style palette=noir]]\n\nEXT. STREET - NIGHT\n\nX.\n", [ImplicitCues()])
        #expect(u.episode.scenes[0].style.isEmpty)
    }

    @Test func tablesAreLargeEnough() {
        #expect(ParentheticalLexicon.exact.count + ParentheticalLexicon.prefixes.count >= 20)
        #expect(SoundLexicon.words.count >= 60)
        #expect(SoundLexicon.words.values.allSatisfy { SoundLexicon.defaultLength[$0] != nil })
        #expect(TransitionTable.transition(for: "SMASH CUT TO:")?.audioHardStop == true)
        #expect(TransitionTable.transition(for: "> FADE TO BLACK.")?.kind == .fadeOut)
        #expect(TransitionTable.transition(for: "Dissolve to:")?.kind == .crossfade)
    }
}

struct EstimateTimingTests {
    @Test func wordRateModel() {
        // 6 words at 180 wpm: 6 × 60 × 24 / 180 = 48 frames; one comma (+4), one inner sentence end (+8), tail 6.
        #expect(EstimateTiming.speechFrames("One two three, four. Five six.", wpm: 180) == 48 + 4 + 8 + 6)
        #expect(EstimateTiming.speechFrames("Hi.", wpm: 180) == 8 + 6)
        #expect(EstimateTiming.speechFrames("Hi.", wpm: 400) == EstimateTiming.minimumLineFrames)
        let slow = EstimateTiming.speechFrames("a b c d e f g h i j", wpm: 100)
        let fast = EstimateTiming.speechFrames("a b c d e f g h i j", wpm: 200)
        #expect(slow > fast)
    }

    @Test func eventsAndCutsGetLengths() {
        let u = lowerThen("[[@cast BOB voice=en-us+m1 rate=180]]\n\nINT. A - DAY\n\nBOB\nOne two three four five six.\n\n[[@pause 1.5s]]\nX.\n", [ResolveCharacters(), CastVoices(), EstimateTiming()])
        let events = allEvents(u.episode)
        #expect(events.map(\.durationFrames) == [48 + 6, 36, EstimateTiming.minimumActionFrames])
    }

    @Test func measuredSpeechReplacesTheEstimate() {
        let text = "[[@cast BOB voice=en-us+m1 rate=180]]\n\nINT. A - DAY\n\nBOB\nOne two three four five six.\n"
        let first = compile(text)
        let speech = first.plan!.nodes(.speech)[0]
        let measured = MeasuredDurations(speechFrames: [speech.hash: 100])
        let second = compile(text, measured: measured)
        #expect(allEvents(second.episode)[0].durationFrames == 106)
        // The speech call keeps its hash; what depends on its length changes.
        #expect(second.plan!.nodes(.speech)[0].hash == speech.hash)
        #expect(second.plan!.nodes(.mix)[0].hash != first.plan!.nodes(.mix)[0].hash)
    }
}

struct PlanCutsTests {
    let before: [any Pass] = [ResolveCharacters(), CastVoices(), ImplicitCues(), EstimateTiming()]

    func cuts(_ text: String) -> [[Cut]] {
        lowerThen(text, before + [PlanCuts()]).episode.scenes.map(\.cuts)
    }

    @Test func establishingOnlyOnANewLocation() {
        let c = cuts("INT. A - DAY\n\nX.\n\nINT. A - DAY\n\nY.\n\nINT. B - DAY\n\nZ.\n")
        #expect(c.map { $0.first?.origin } == [.establishing, .action, .establishing])
        #expect(c[0][0].durationFrames == 48)
    }

    @Test func oneCutPerActionBeatAndShotReverseShot() {
        let c = cuts("INT. A - DAY\n\nX.\n\nY.\n\nANN\nOne.\n\nBOB\nTwo.\n\nANN\nThree.\n\nANN\nFour.\n")[0]
        #expect(c.map(\.origin) == [.establishing, .action, .action, .dialogue, .dialogue, .dialogue])
        #expect(c[1].shot.framing == .wide && c[2].shot.framing == .medium)
        #expect(c[3].shot.framing == .mediumClose && c[4].shot.framing == .overTheShoulder && c[5].shot.framing == .overTheShoulder)
        #expect(c.suffix(3).map { $0.shot.subject } == ["ANN", "BOB", "ANN"])
        // ANN's two consecutive lines share one cut.
        #expect(c[5].events.count == 2)
    }

    @Test func voiceOverStaysOnThePicture() {
        let c = cuts("INT. A - DAY\n\nThe sea.\n\nANN (V.O.)\nI remember.\n")[0]
        #expect(c.map(\.origin) == [.establishing, .action])
        #expect(c[1].events.map(\.kindName) == ["action", "dialogue"])
    }

    @Test func longCutsAreSplit() {
        let words = Array(repeating: "word", count: 100).joined(separator: " ")
        let c = cuts("Max cut: 3s\n\nINT. A - DAY\n\n\(words).\n")[0]
        let total = c.dropFirst().reduce(0) { $0 + $1.durationFrames }
        #expect(total == 100 * 60 * 24 / 180)
        #expect(c.dropFirst().allSatisfy { $0.durationFrames <= 72 })
        #expect(c.dropFirst(2).allSatisfy { $0.origin == .continuation && $0.events.isEmpty })
    }

    @Test func explicitShotLengthIsAMinimum() {
        let c = cuts("INT. A - DAY\n\n[[@shot wide on the sea, 10s]]\nThe sea.\n\n[[@shot close on ANN, 1s]]\nANN\nA long line that certainly takes more than one second to say.\n")[0]
        #expect(c.map(\.origin) == [.explicit, .explicit])
        #expect(c[0].durationFrames == 240)
        #expect(c[1].durationFrames > 24)
    }
}

struct ScopeStylesTests {
    @Test func narrowerScopesWinPerKey() throws {
        let text = "[[@style palette=noir grain=35mm lens=50mm]]\n\nINT. A - DAY\n\n[[@style grain=16mm]]\n\nFirst.\n\n[[@style lens=85mm]]\nX.\n\n[[@style palette=sepia]]\nBOB\nHi.\n"
        let u = lowerThen(text, [ResolveCharacters(), CastVoices(), ImplicitCues(), EstimateTiming(), PlanCuts(), ScopeStyles()])
        let cuts = u.episode.scenes[0].cuts
        let action = try #require(cuts.first { $0.origin == .action && !$0.style.isEmpty })
        #expect(action.resolvedStyle.map(\.value) == [.palette(.noir), .grain(.film16), .lens(85)])
        #expect(action.resolvedStyle.map(\.scope) == [.episode, .scene, .cut])
        let line = try #require(cuts.first { $0.origin == .dialogue })
        #expect(line.resolvedStyle.map(\.value) == [.palette(.sepia), .grain(.film16), .lens(50)])
        #expect(line.resolvedStyle.map(\.scope) == [.line, .scene, .episode])
    }
}

struct AlignSegmentsTests {
    /// A scene of `seconds` of action (one line of 30 words at 180 wpm ≈ 10 s).
    func script(scenes: Int) -> String {
        let words = Array(repeating: "word", count: 30).joined(separator: " ")
        return (0..<scenes).map { "INT. ROOM \($0) - DAY\n\n\(words).\n\n\(words) again.\n\n" }.joined()
    }

    let passes: [any Pass] = [ResolveCharacters(), CastVoices(), ImplicitCues(), EstimateTiming(), PlanCuts(), ScopeStyles()]

    @Test func segmentsAreAMinuteOrMoreAndEndOnTheGrid() {
        let before = lowerThen(script(scenes: 20), passes)
        let after = lowerThen(script(scenes: 20), passes + [AlignSegments()])
        let grid = Timebase.audioGridFrames
        var length = 0
        var closed = 0
        for (s, scene) in after.episode.scenes.enumerated() {
            let original = before.episode.scenes[s].durationFrames
            length += scene.durationFrames
            if let pad = scene.segmentPadFrames {
                closed += 1
                #expect((0..<grid).contains(pad))
                #expect(scene.durationFrames == original + pad)
                #expect(length % grid == 0, "segment ending at scene \(s) is \(length) frames")
                #expect(length - pad >= after.episode.settings.soundSegmentFrames)
                // Only the last cut is held.
                #expect(Array(scene.cuts.dropLast()) == Array(before.episode.scenes[s].cuts.dropLast()))
                length = 0
            } else {
                #expect(scene.durationFrames == original)
            }
        }
        #expect(closed >= 2)
        #expect(after.episode.scenes.last?.segmentPadFrames == nil)
    }

    @Test func offWhenTheMinimumIsZero() {
        var unit = lowerThen(script(scenes: 20), passes)
        let before = unit.episode
        unit.episode.settings.soundSegmentFrames = 0
        AlignSegments().run(&unit)
        #expect(unit.episode.scenes == before.scenes)
    }

    @Test func theTimelineListsWhereSegmentsStart() {
        let unit = compile(script(scenes: 20))
        guard let plan = unit.plan, let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else {
            Issue.record("no timeline")
            return
        }
        let closing = timeline.audio.indices.dropLast().filter { unit.episode.scenes[$0].segmentPadFrames != nil }
        #expect(timeline.segmentStarts == closing.map { timeline.audio[$0 + 1].startFrame })
        #expect(timeline.segmentStarts.allSatisfy { $0 % Timebase.audioGridFrames == 0 })
    }
}

/// Lengths written on the command line (`--max-cut`, `--sound-segment`).
struct CommandLineLengthTests {
    @Test func unitsRoundToTheNearestFrame() {
        #expect(Timebase.frames(length: "6s") == 144)
        #expect(Timebase.frames(length: "1.5s") == 36)
        #expect(Timebase.frames(length: "4500ms") == 108)
        #expect(Timebase.frames(length: "144f") == 144)
        #expect(Timebase.frames(length: "1ms") == 1)  // never rounds down to nothing
    }

    @Test func anythingElseIsRejected() {
        for text in ["", "6", "s", "-2s", "0s", "6 s", "6sec", "1e300s", "infs", "nanms", "6m"] {
            #expect(Timebase.frames(length: text) == nil, "\(text)")
        }
    }
}

/// Spoken lines in subtitle chunks (`.srt`, `.vtt`).
struct SubtitleChunkTests {
    @Test func aLineThatFitsIsShownWholeAsWritten() {
        let text = "Then count them again,\nslowly."
        #expect(SubtitleChunks.chunks(text, frames: 40) == [SubtitleChunks.Chunk(text: text, startFrame: 0, frames: 40)])
        // One line over 42 characters is set in two.
        let single = "The lines are open. Tell me what you'll miss, and what you won't."
        #expect(SubtitleChunks.chunks(single, frames: 40).map(\.text) == ["The lines are open. Tell me what\nyou'll miss, and what you won't."])
    }

    @Test func aLongLineIsSplitAtSentencesAndClausesIntoTwoShortLines() {
        let text = "I have been waiting here for three days, and nobody came, not the doctor, not the priest, "
            + "not even the boy who brings the bread. So I started counting the boats again, one by one, until the harbor "
            + "went dark and the lights came on across the water."
        let chunks = SubtitleChunks.chunks(text, frames: 348)
        #expect(chunks.count >= 3)
        // Every word, in order, once; no chunk over two lines of 42.
        let words = { (s: String) in s.split(whereSeparator: { $0 == " " || $0 == "\n" }) }
        #expect(chunks.flatMap { words($0.text) } == words(text))
        for c in chunks {
            let lines = c.text.split(separator: "\n")
            #expect(lines.count <= 2 && lines.allSatisfy { $0.count <= SubtitleChunks.lineWidth }, "\(c.text)")
        }
        // A sentence ends a chunk.
        #expect(chunks.contains { $0.text.hasSuffix("bread.") })
        // The chunks tile the line, in proportion to their characters.
        #expect(chunks.first?.startFrame == 0)
        for (a, b) in zip(chunks, chunks.dropFirst()) { #expect(a.startFrame + a.frames == b.startFrame) }
        #expect(chunks.last.map { $0.startFrame + $0.frames } == 348)
        for c in chunks {
            let share = Double(c.text.count) / Double(text.count) * 348
            #expect(abs(Double(c.frames) - share) < 0.1 * 348, "\(c.frames) frames for \(c.text.count) characters")
        }
    }

    @Test func aFewWordsLeftAtTheEndJoinTheChunkBefore() {
        let text = "It's twelve minutes past one on Harrow Point. The tide is going out, and so, at three o'clock this morning, are we."
        let chunks = SubtitleChunks.chunks(text, frames: 100)
        #expect(chunks.map { $0.text.replacingOccurrences(of: "\n", with: " ") }
            == ["It's twelve minutes past one on Harrow Point.", "The tide is going out, and so, at three o'clock this morning, are we."])
    }

    @Test func tooFewFramesOrOneHugeWordKeepTheLineWhole() {
        let long = String(repeating: "word ", count: 40)
        #expect(SubtitleChunks.chunks(long, frames: 2).count == 1)
        let huge = String(repeating: "x", count: 200)
        #expect(SubtitleChunks.chunks(huge, frames: 100) == [SubtitleChunks.Chunk(text: huge, startFrame: 0, frames: 100)])  // no space to break at
    }
}
