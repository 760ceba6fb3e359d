import Parser
import Testing
@testable import IR

/// Directive parsing and diagnostics, with marker-based positions.
struct DirectiveTests {
    /// Compiles `source` (with markers) and returns the diagnostics and the marker table.
    func diagnose(_ source: String) -> ([Diagnostic], Marked) {
        let m = Marked(source)
        let unit = compile(m.text)
        return (unit.diagnostics, m)
    }

    func only(_ id: DiagnosticID, in ds: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let found = ds.filter { $0.id == id }
        #expect(found.count == 1, "expected one \(id), got \(ds.map { "\($0.id): \($0.message)" })", sourceLocation: sourceLocation)
        return found.first
    }

    @Test func unknownDirectiveSuggestsNearestName() throws {
        let (ds, m) = diagnose("INT. ROOM - DAY\n\n[[1️⃣@muzic2️⃣ mood=tense]]\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.unknownDirective, in: ds))
        #expect(d.severity == .error)
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "@music")
        #expect(d.message.contains("did you mean '@music'"))
    }

    @Test func lengthsOverAnHourAreErrorsNotTraps() throws {
        // 1e23 s would not fit in an Int of frames.
        let (ds, m) = diagnose("INT. ROOM - DAY\n\n[[@pause 1️⃣99999999999999999999999s2️⃣]]\n\n[[@shot wide, 3️⃣3601s4️⃣]]\nRain.\n\nBOB\nHi.\n")
        let errors = ds.filter { $0.id == IRDiagnostics.badValue }
        #expect(errors.map(\.range) == [m.range("1️⃣", "2️⃣"), m.range("3️⃣", "4️⃣")])
        #expect(errors.allSatisfy { $0.message.contains("longer than an hour") })
        // An hour exactly is allowed.
        let (fine, _) = diagnose("INT. ROOM - DAY\n\n[[@pause 3600s]]\n\nBOB\nHi.\n")
        #expect(fine.filter { $0.severity == .error }.isEmpty)
    }

    @Test func aValueMissingItsEndSuggestsTheOneCompletion() throws {
        let (ds, m) = diagnose("INT. ROOM - DAY\n\n[[@style grain=1️⃣352️⃣]]\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.badValue, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.message.contains("did you mean '35mm'"), "\(d.message)")
        #expect(d.fixIts.first?.replacement == "35mm")
        // Ambiguous or too short: no guess.
        #expect(DirectiveReader.completion(of: "pan", in: ["pan-left", "pan-right"]) == nil)
        #expect(DirectiveReader.completion(of: "s", in: ["steadicam"]) == nil)
        #expect(DirectiveReader.completion(of: "Steadi", in: ["steadicam", "hold"]) == "steadicam")
    }

    @Test func unknownKeyPointsAtTheKey() throws {
        let (ds, m) = diagnose("INT. ROOM - DAY\n\n[[@music mood=tense 1️⃣tmpo2️⃣=84]]\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.unknownKey, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "tempo")
    }

    @Test func badEnumeratedValueSuggests() throws {
        let (ds, m) = diagnose("INT. ROOM - DAY\n\n[[@music mood=1️⃣tnese2️⃣ tempo=84]]\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.badValue, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "tense")
    }

    @Test func badAndMissingUnits() throws {
        let (ds, m) = diagnose("INT. ROOM - DAY\n\nBOB\nHi.\n\n[[@pause 1.51️⃣sec2️⃣]]\n\nBOB\nHi.\n\n[[@sfx thud gain=3️⃣-64️⃣]]\n\nBOB\nBye.\n")
        let units = ds.filter { $0.id == IRDiagnostics.badUnit }
        #expect(units.count == 2)
        let pause = try #require(units.first { $0.range == m.range("1️⃣", "2️⃣") })
        #expect(pause.fixIts.first?.replacement == "s")
        let gain = try #require(units.first { $0.range == m.range("3️⃣", "4️⃣") })
        #expect(gain.fixIts.first?.replacement == "dB")
        #expect(gain.fixIts.first?.range == SourceRange(start: m.offsets["4️⃣"]!, end: m.offsets["4️⃣"]!))
    }

    @Test func soundWordsNameTheirEffect() throws {
        let text = "INT. ROOM - DAY\n\n[[@sfx knock]]\n\n[[@sfx glass-shatter gain=-3dB]]\n\n[[@sfx CREAKS]]\n\n[[@sfx 1️⃣blorp2️⃣]]\n\nBOB\nHi.\n"
        let (ds, m) = diagnose(text)
        let d = try #require(only(IRDiagnostics.badValue, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        let effects = compile(m.text).episode.scenes.flatMap(\.cuts).flatMap(\.events).compactMap { event -> String? in
            if case .sound(let s) = event.payload { return s.effect }
            return nil
        }
        #expect(effects == ["door-knock", "glass-break", "floor-creak", "blorp"])
    }

    @Test func wrongScopeIsAnError() throws {
        let (ds, m) = diagnose("[[1️⃣@sfx2️⃣ thud]]\n\nINT. ROOM - DAY\n\nBOB\nHi.\n\n[[3️⃣@cast4️⃣ BOB voice=en-us+m1]]\n\nBOB\nBye.\n")
        let scopes = ds.filter { $0.id == IRDiagnostics.wrongScope }
        #expect(scopes.map(\.range) == [m.range("1️⃣", "2️⃣"), m.range("3️⃣", "4️⃣")])
        #expect(scopes.allSatisfy { $0.severity == .error })
        #expect(scopes[1].message.contains("episode"))
    }

    @Test func rangesStayExactAfterMultiByteText() throws {
        let (ds, m) = diagnose("INT. CAFÉ - DAY\n\nÉTIENNE walks in. [[@style palette=1️⃣nior2️⃣]]\n\nÉTIENNE\nBonjour.\n")
        let d = try #require(only(IRDiagnostics.badValue, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "noir")
    }

    @Test func outOfRangeNumbersAreClampedInTheFixIt() throws {
        let (ds, m) = diagnose("[[@cast BOB voice=en-us+m1 pitch=1️⃣1202️⃣]]\n\nINT. ROOM - DAY\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.badValue, in: ds))
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "99")
    }

    @Test func unterminatedQuote() throws {
        let (ds, _) = diagnose("[[@cast BOB look=\"tall]]\n\nINT. ROOM - DAY\n\nBOB\nHi.\n")
        #expect(ds.contains { $0.id == IRDiagnostics.unterminatedQuote })
    }

    @Test func unknownVoiceIsAWarningWithSuggestion() throws {
        let (ds, m) = diagnose("[[@cast BOB voice=1️⃣en-su2️⃣+m1]]\n\nINT. ROOM - DAY\n\nBOB\nHi.\n")
        let d = try #require(only(IRDiagnostics.unknownVoice, in: ds))
        #expect(d.severity == .warning)
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "en-us")
    }

    @Test func commentsAreNotDirectives() {
        let (ds, _) = diagnose("INT. ROOM - DAY\n\n[[Cut this line?]]\n\nBOB\nHi. [[maybe louder]]\n")
        #expect(ds.isEmpty)
    }

    @Test func shotPhrases() throws {
        func shot(_ s: String) throws -> Shot {
            let unit = compile("INT. ROOM - DAY\n\n[[@shot \(s)]]\nMARGO\nHi.\n")
            #expect(unit.diagnostics.isEmpty, "\(unit.diagnostics.map(\.message))")
            let cut = try #require(unit.episode.scenes.first?.cuts.first { $0.origin == .explicit })
            return cut.shot
        }
        let a = try shot("close on MARGO, push-in, 4s")
        #expect(a.framing == .close && a.subject == "MARGO" && a.movement == .pushIn && a.durationFrames == 96)
        let b = try shot("over-the-shoulder MARGO")
        #expect(b.framing == .overTheShoulder && b.subject == "MARGO")
        let c = try shot("wide on the mast, slow tilt up, 5s")
        #expect(c.framing == .wide && c.subject == "the mast" && c.speed == .slow && c.movement == .tiltUp && c.durationFrames == 120)
        let d = try shot("handheld, follow MARGO")
        #expect(d.movement == .follow && d.subject == "MARGO")
        let e = try shot("high angle on the cemetery")
        #expect(e.angle == .highAngle && e.subject == "the cemetery")
        let f = try shot("ecu, 500ms, \"a hand on the dial\"")
        #expect(f.framing == .extremeClose && f.durationFrames == 12 && f.description == "a hand on the dial")
    }

    @Test func misspelledShotTermWarns() throws {
        let m = Marked("INT. ROOM - DAY\n\n[[@shot 1️⃣clsoe2️⃣]]\nBOB\nHi.\n")
        let unit = compile(m.text)
        let d = try #require(unit.diagnostics.first { $0.id == IRDiagnostics.unknownShotTerm })
        #expect(d.range == m.range("1️⃣", "2️⃣"))
        #expect(d.fixIts.first?.replacement == "close")
    }

    @Test func titlePageKeysAreEpisodeDefaults() {
        let unit = compile("Title: X\nPalette: noir\nGrain: 16mm\nMax cut: 5s\nEstablishing: 1s\n\nINT. ROOM - DAY\n\nBOB\nHi.\n")
        #expect(unit.episode.style.map(\.value) == [.palette(.noir), .grain(.film16)])
        #expect(unit.episode.settings.maxCutFrames == 120)
        #expect(unit.episode.settings.establishingFrames == 24)
        #expect(unit.episode.title == "X")
    }

    @Test func musicKeysAndStop() {
        let unit = compile("INT. ROOM - DAY\n\n[[@music mood=eerie tempo=120bpm key=F#m instrument=harp gain=-9dB]]\n\nBOB\nHi.\n\n[[@music stop]]\n\nBOB\nBye.\n")
        #expect(unit.diagnostics.isEmpty)
        let music = allEvents(unit.episode).compactMap { if case .music(let m) = $0.payload { m } else { nil } }
        #expect(music == [.start(MusicSpec(mood: "eerie", tempoBPM: 120, key: "F#m", instrument: "harp", gainDB: -9)), .stop])
    }

    @Test func editDistance() {
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.closest(to: "musci", in: ["music", "shot"]) == "music")
        #expect(EditDistance.closest(to: "zzzzzz", in: ["music", "shot"]) == nil)
    }
}
