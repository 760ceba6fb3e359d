import Foundation
import IR
import Parser
import Testing

@testable import Backends

@Suite("Render: a real build of a small episode", .serialized)
struct RenderTests {
    @Test("every deliverable is written, and nothing temporary is left")
    func deliverables() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        for ext in ["mp4", "wav", "srt", "vtt", "otio", "plan.json"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: r.url(ext).path)
            #expect((attributes[.size] as? Int ?? 0) > 0, "\(ext) is empty")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: r.folder.path)
        #expect(names.filter { AtomicFile.isTemporary($0) }.isEmpty)
        #expect(r.report.ran == r.report.nodes, "a cold build runs every call")
        #expect(r.plan.nodes(.speech).count == 5)
    }

    @Test("ep.wav: stereo 48 kHz, −16 LUFS ±1 LU, true peak under −1 dBTP")
    func loudness() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let audio = try AudioFile.read(r.url("wav").path)
        #expect(audio.channelCount == 2)
        #expect(audio.sampleRate == 48_000)
        #expect(abs(audio.frameCount - r.plan.durationFrames * 2000) <= 2000)
        let lufs = try #require(LoudnessMeter.integratedLoudness(of: audio))
        #expect(abs(lufs + 16) <= 1, "integrated loudness \(lufs) LUFS")
        #expect(TruePeak.measure(audio) <= -0.8)
        // The same with ffmpeg's own meter.
        let (status, _, log) = try RenderFixtures.run("ffmpeg", ["-hide_banner", "-nostats", "-i", r.url("wav").path, "-af", "ebur128", "-f", "null", "-"])
        #expect(status == 0)
        let summary = try #require(log.range(of: "Integrated loudness:"))
        let tail = log[summary.upperBound...]
        let iLine = try #require(tail.split(separator: "\n").first { $0.contains("I:") })
        let value = try #require(Double(iLine.split(separator: " ").first { Double($0) != nil } ?? ""))
        #expect(abs(value + 16) <= 1, "ffmpeg ebur128: \(value) LUFS")
    }

    @Test("speech energy sits where the timeline puts dialogue")
    func speechPlacement() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let audio = try AudioFile.read(r.url("wav").path)
        let windows = RenderFixtures.dialogueWindows(r.plan)
        #expect(windows.count == 5)
        var inside = Set<Int>()
        for w in windows { for f in w.start..<(w.start + w.frames) { inside.insert(f) } }
        // Frames that are not dialogue, away from any line by half a second.
        var quiet: [Int] = []
        for f in 0..<r.plan.durationFrames where !inside.contains(where: { abs($0 - f) < 12 }) { quiet.append(f) }
        #expect(quiet.count > 48, "the fixture has stretches without dialogue")
        var quietSum = 0.0
        for f in quiet { quietSum += pow(RenderFixtures.rms(audio, frames: f..<(f + 1)), 2) }
        let quietDB = RenderFixtures.dB((quietSum / Double(quiet.count)).squareRoot())
        for w in windows {
            let lineDB = RenderFixtures.dB(RenderFixtures.rms(audio, frames: w.start..<(w.start + w.frames - 6)))
            #expect(lineDB > quietDB + 6, "line at frame \(w.start): \(lineDB) dB vs \(quietDB) dB between lines")
        }
    }

    @Test("music is ducked under dialogue in the scene mix")
    func ducking() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let plan = r.plan
        let cache = BuildCache(outputFolder: r.folder)
        // The first scene: mix node with a music track and dialogue.
        let mixNode = try #require(plan.nodes.first { node in
            guard case .mix(let m) = node.inputs else { return false }
            return m.tracks.contains { $0.role == .music } && m.tracks.contains { $0.role == .dialogue }
        })
        guard case .mix(let mix) = mixNode.inputs else { return }
        let keys = try BuildExecutor.effectiveKeys(plan.nodes.map { n in
            BuildNode(id: n.id, key: n.hash.description, fileExtension: "", dependencies: n.kind == .mix ? n.dependencies : [], label: "") { _ in }
        })
        let mixed = try AudioFile.read(cache.url(key: keys[mixNode.id]!, fileExtension: "wav").path)
        let musicTrack = try #require(mix.tracks.first { $0.role == .music })
        let music = try AudioFile.read(cache.url(key: keys[musicTrack.node]!, fileExtension: "wav").path)
        // Remove the dialogue (centred mono at unity on both sides) from the mix: what is left is
        // music, ambience and effects.
        var residual = mixed.samples
        for track in mix.tracks where track.role == .dialogue {
            let speech = try AudioFile.read(cache.url(key: keys[track.node]!, fileExtension: "wav").path)
            let start = track.startFrame * 2000
            for (i, s) in speech.samples.enumerated() where start + i < mixed.frameCount {
                residual[2 * (start + i)] -= s
                residual[2 * (start + i) + 1] -= s
            }
        }
        let residualBuffer = AudioBuffer(samples: residual, channelCount: 2, sampleRate: 48_000)
        // Residual relative to the score itself, inside lines versus between them (attack and release excluded).
        func ratio(_ range: Range<Int>) -> Double {
            let local = (range.lowerBound - musicTrack.startFrame)..<(range.upperBound - musicTrack.startFrame)
            return RenderFixtures.dB(RenderFixtures.rms(residualBuffer, frames: range)) - RenderFixtures.dB(RenderFixtures.rms(music, frames: local))
        }
        let lines = mix.tracks.filter { $0.role == .dialogue }.map { ($0.startFrame, plan.nodes[$0.node].durationFrames) }
        var under: [Double] = [], between: [Double] = []
        for (start, length) in lines where length > 24 { under.append(ratio((start + 6)..<(start + length - 8))) }
        var previousEnd = musicTrack.startFrame
        for (start, length) in lines {
            if start - previousEnd > 40 { between.append(ratio((previousEnd + 16)..<(start - 2))) }
            previousEnd = start + length
        }
        #expect(!under.isEmpty && !between.isEmpty)
        let u = under.reduce(0, +) / Double(under.count), b = between.reduce(0, +) / Double(between.count)
        #expect(b - u >= 4, "score is \(b - u) dB lower under dialogue")
    }

    @Test("the MP4: h264 and aac, 24 fps, as long as the timeline ±1 frame")
    func mp4() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let (status, out, _) = try RenderFixtures.run("ffprobe", [
            "-v", "error", "-count_frames", "-show_entries", "stream=codec_type,codec_name,r_frame_rate,nb_read_frames",
            "-of", "csv=p=0", r.url("mp4").path,
        ])
        #expect(status == 0)
        let rows = out.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let video = try #require(rows.first { $0.contains("video") })
        let audio = try #require(rows.first { $0.contains("audio") })
        #expect(video.contains("h264"))
        #expect(audio.contains("aac"))
        #expect(video.contains("24/1"))
        let frames = try #require(video.compactMap { Int($0) }.last)
        #expect(abs(frames - r.plan.durationFrames) <= 1, "\(frames) frames, timeline \(r.plan.durationFrames)")
    }

    @Test("the MP4's sound, encoded in segments, matches the episode WAV as closely as one whole encode, seams included")
    func seamlessSound() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let folder = try RenderFixtures.folder("seams")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = folder.appendingPathComponent("whole.m4a")
        try FFmpegEncoder().encodeAudio(r.url("wav"), to: whole)
        func decode(_ url: URL) throws -> [Float] {
            let ffmpeg = try #require(ExternalTool.find("ffmpeg"))
            let (status, data, errors) = try ExternalTool.run(
                ffmpeg, ["-v", "error", "-i", url.path, "-map", "0:a:0", "-f", "f32le", "-ac", "2", "-ar", "48000", "pipe:1"])
            #expect(status == 0, "\(errors)")
            return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        let reference = try decode(r.url("wav")), segmented = try decode(r.url("mp4")), single = try decode(whole)
        #expect(reference.count == r.plan.durationFrames * 2000 * 2)
        // Aligned: the segmented track starts where the WAV starts (no priming offset), and lasts as long.
        #expect(abs(segmented.count - reference.count) <= 2 * 1024, "\(segmented.count) vs \(reference.count)")
        func error(_ x: [Float], _ range: Range<Int>) -> Double {
            var sum = 0.0
            for i in range where i < x.count && i < reference.count { let d = Double(x[i] - reference[i]); sum += d * d }
            return (sum / Double(max(range.count, 1))).squareRoot()
        }
        func power(_ range: Range<Int>) -> Double {
            (range.reduce(0.0) { $0 + Double(reference[$1]) * Double(reference[$1]) } / Double(max(range.count, 1))).squareRoot()
        }
        let all = 0..<min(reference.count, segmented.count)
        let snr = 20 * log10(power(all) / max(error(segmented, all), 1e-12))
        let singleSNR = 20 * log10(power(all) / max(error(single, all), 1e-12))
        #expect(snr > 20 && snr > singleSNR - 1, "SNR \(snr) dB, one whole encode \(singleSNR) dB")
        // At every join between segments the error is no worse than one encoder's there.
        guard case .timeline(let timeline) = r.plan.nodes[r.plan.timeline!].inputs else { return }
        // The fixture asks for one segment per scene, so every scene start is a join, on the grid
        // where video frames and AAC frames meet.
        let joins = timeline.audio.dropFirst().map { $0.startFrame * 2000 }
        #expect(!joins.isEmpty)
        #expect(timeline.segmentStarts == timeline.audio.dropFirst().map(\.startFrame))
        #expect(joins.allSatisfy { $0 % (Timebase.audioGridFrames * 2000) == 0 && $0 % AACSegments.blockFrames == 0 })
        let perScene = try #require(EpisodeAudio(plan: r.plan))
        #expect(perScene.segments.map(\.lowerBound) == [0] + joins)
        // Without segment starts the track is one segment.
        var unsegmented = r.plan
        var oneSegment = timeline
        oneSegment.segmentStarts = []
        unsegmented.nodes[r.plan.timeline!].inputs = .timeline(oneSegment)
        #expect(EpisodeAudio(plan: unsegmented)?.segments == [0..<reference.count / 2])
        for join in joins {
            let window = (2 * (join - 4096))..<(2 * (join + 4096))
            #expect(error(segmented, window) <= 2 * error(single, window) + 1e-4,
                    "join at \(join): \(error(segmented, window)) vs \(error(single, window))")
        }
    }

    @Test("SRT cues are at the dialogue's times")
    func subtitles() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let srt = try String(contentsOf: r.url("srt"), encoding: .utf8)
        func ms(_ t: Substring) -> Int {
            let p = t.split(whereSeparator: { $0 == ":" || $0 == "," }).compactMap { Int($0) }
            return ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + p[3]
        }
        let cues = srt.split(separator: "\n").filter { $0.contains(" --> ") }.map { line in
            let parts = line.components(separatedBy: " --> ")
            return (ms(Substring(parts[0])), ms(Substring(parts[1])))
        }
        let windows = RenderFixtures.dialogueWindows(r.plan)
        #expect(cues.count == windows.count)
        for (cue, w) in zip(cues, windows) {
            #expect(abs(cue.0 - w.start * 1000 / 24) <= 1)
            #expect(abs(cue.1 - (w.start + w.frames) * 1000 / 24) <= 1)
        }
        #expect(srt.contains("MARA: Good evening, this is the night shift"))
    }

    @Test("the OTIO loads with opentimelineio and spans the episode")
    func otio() async throws {
        let r = try await RenderFixtures.Shared.instance.smallEpisode()
        let script = """
            import sys, opentimelineio as otio
            t = otio.adapters.read_from_file(sys.argv[1])
            v = [tr for tr in t.tracks if tr.kind == otio.schema.TrackKind.Video][0]
            clips = [c for c in v if isinstance(c, otio.schema.Clip)]
            print(int(round(t.duration().to_frames())), len(clips), int(round(v.duration().to_frames())))
            """
        let (status, out, err) = try RenderFixtures.run("python3", ["-c", script, r.url("otio").path])
        #expect(status == 0, "\(err)")
        let numbers = out.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        #expect(numbers.count == 3)
        guard numbers.count == 3, case .timeline(let t) = r.plan.nodes[r.plan.timeline!].inputs else { return }
        #expect(numbers[2] == r.plan.durationFrames)
        #expect(numbers[1] == t.clips.filter { $0.durationFrames > 0 }.count)
    }
}

@Suite("Render: mapping plan calls to generators")
struct RenderMappingTests {
    @Test("a two-shot's card draws a figure for each of its two characters")
    func twoShotCard() throws {
        let unit = Compiler.compile(RenderFixtures.parse("INT. GYM - DAY\n\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n", path: "dual.fountain"))
        let plan = try #require(unit.plan)
        let node = try #require(plan.nodes.first { if case .visual(let v) = $0.inputs { v.shot.framing == .twoShot } else { false } })
        guard case .visual(let request) = node.inputs else { return }
        #expect(request.shot.subject == "BRICK & STEEL")
        let spec = RenderMapping.card(request, scene: unit.episode.scenes.first, cut: nil)
        #expect(spec.subject == nil)
        #expect(spec.characters == ["BRICK", "STEEL"])
    }

    @Test("a card prints the delivery parenthetical, not one that only times the line")
    func timingParentheticals() {
        #expect(RenderMapping.shownParenthetical("(beat)") == nil)
        #expect(RenderMapping.shownParenthetical("a long beat") == nil)
        #expect(RenderMapping.shownParenthetical("(pause)") == nil)
        #expect(RenderMapping.shownParenthetical("beat, then quietly") == "beat, then quietly")
        #expect(RenderMapping.shownParenthetical("(quietly)") == "(quietly)")
        #expect(RenderMapping.shownParenthetical("(looking away)") == "(looking away)")
        #expect(RenderMapping.shownParenthetical(nil) == nil)
    }
}

@Suite("Render: incremental and interrupted builds", .serialized)
struct RenderRebuildTests {
    @Test("editing one dialogue line re-runs only that scene's dependent calls, the episode mix and the encode")
    func incremental() throws {
        let folder = try RenderFixtures.folder("incremental")
        let before = try RenderFixtures.render(RenderFixtures.small, base: "night", into: folder)
        let edited = RenderFixtures.small.replacingOccurrences(of: "The boats did not come back this morning.",
                                                              with: "The boats never came back, not one of them.")
        #expect(edited != RenderFixtures.small)
        let after = try RenderFixtures.render(edited, base: "night", into: folder)
        let old = Set(before.plan.nodes.map(\.hash))
        let changed = after.plan.nodes.filter { !old.contains($0.hash) }
        // Everything that changed is in the edited (second) scene, or is the timeline or the mux.
        let secondScene = after.episode.scenes[1].id
        for node in changed {
            #expect(node.sceneID == secondScene || node.kind == .timeline || node.kind == .mux, "\(node.kind) \(node.sceneID ?? "")")
        }
        #expect(changed.filter { $0.kind == .speech }.count == 1)
        #expect(changed.contains { $0.kind == .mix })
        // The build ran exactly those calls (one synthesis, no call of the first scene) and the
        // assembly steps around them: the picture, the episode's sound spans, the MP4.
        let firstScene = after.episode.scenes[0].id
        let changedLabels = Set(changed.map { LocalRenderer.label(of: $0) })
        let assembly = ["picture", "sound", "episode wav", "loudness ", "episode mix ", "sound encode ", "mux"]
        for label in after.report.ranLabels {
            #expect(changedLabels.contains(label) || assembly.contains { label == $0 || ($0.hasSuffix(" ") && label.hasPrefix($0)) },
                    "unexpected: \(label)")
            #expect(!label.hasSuffix(" \(firstScene)") && !label.contains(" \(firstScene)/"), "first scene re-ran: \(label)")
        }
        let ranPlanCalls = after.report.ranLabels.filter { changedLabels.contains($0) }
        #expect(ranPlanCalls.count == changed.count, "ran \(after.report.ranLabels)")
        #expect(after.report.ranLabels.filter { $0.hasPrefix("speech ") }.count == 1)
        #expect(after.report.ran < after.report.nodes / 2)
        // And the new line is in the subtitles.
        // (Cues longer than 42 characters are set in two lines.)
        let srt = try String(contentsOf: after.url("srt"), encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        #expect(srt.contains("The boats never came back"))
        #expect(!srt.contains("did not come back"))
        // The same script again: nothing runs, the deliverables stay, nothing temporary is left
        // (publishing a deliverable that already links to its cached file must not strand a link).
        let again = try RenderFixtures.render(edited, base: "night", into: folder)
        #expect(again.report.ran == 0, "ran \(again.report.ranLabels)")
        #expect(try Data(contentsOf: again.url("srt")) == Data(contentsOf: after.url("srt")))
        for place in [folder, folder.appendingPathComponent(".cache")] {
            let temporaries = try FileManager.default.contentsOfDirectory(atPath: place.path).filter { AtomicFile.isTemporary($0) }
            #expect(temporaries.isEmpty, "\(place.lastPathComponent): \(temporaries)")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("a build killed mid-render leaves no partial output, and the next one finishes")
    func killed() throws {
        let program = RenderFixtures.renderProgram
        try #require(FileManager.default.isExecutableFile(atPath: program.path), "scriptc-render not built at \(program.path)")
        let folder = try RenderFixtures.folder("killed")
        let script = folder.appendingPathComponent("night.fountain")
        try RenderFixtures.small.write(to: script, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let process = Process()
        process.executableURL = program
        process.arguments = [script.path, "-o", out.path, "--quiet", "--jobs", "2"]
        try process.run()
        // Wait until the build is in the middle of things: some outputs cached, not finished.
        let cache = out.appendingPathComponent(".cache")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
            if names.filter({ !AtomicFile.isTemporary($0) }).count >= 8 { break }
            usleep(20_000)
        }
        #expect(process.isRunning, "the build finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // No deliverable, and every cached file is complete (opens and decodes).
        let delivered = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("night.") }
        #expect(delivered.isEmpty, "\(delivered)")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) where !AtomicFile.isTemporary(name) {
            let url = cache.appendingPathComponent(name)
            if name.hasSuffix(".wav") { _ = try AudioFile.read(url.path) }
            if name.hasSuffix(".png") { _ = try CardImage(contentsOfPNG: url) }
        }
        // The next build finishes, from where the killed one stopped.
        let (status, _, err) = try RenderFixtures.run(program.path, [script.path, "-o", out.path, "--jobs", "2"])
        #expect(status == 0, "\(err)")
        #expect(err.contains("cached"))
        for ext in ["mp4", "wav", "srt", "vtt", "otio", "plan.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("night.\(ext)").path))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { AtomicFile.isTemporary($0) }
        #expect(leftovers.isEmpty, "\(leftovers)")
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("errors: a malformed FDX exits 1 with file:line:col and writes nothing; a missing file exits 2")
    func errors() throws {
        let program = RenderFixtures.renderProgram
        try #require(FileManager.default.isExecutableFile(atPath: program.path))
        let folder = try RenderFixtures.folder("errors")
        let fdx = folder.appendingPathComponent("broken.fdx")
        try "<?xml version=\"1.0\"?>\n<FinalDraft><Content><Paragraph Type=\"Action\"><Text>Hi</Text>\n".write(to: fdx, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let (status, _, err) = try RenderFixtures.run(program.path, [fdx.path, "-o", out.path])
        #expect(status == 1)
        #expect(err.contains("broken.fdx:") && err.contains(": error:"), "\(err)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("broken.mp4").path))
        let (missing, _, missingErr) = try RenderFixtures.run(program.path, [folder.appendingPathComponent("nope.fountain").path, "-o", out.path])
        #expect(missing == 2)
        #expect(missingErr.contains("cannot read"))
        // A script with nothing to show is an error in the input, reported at its start, and
        // nothing is written.
        let empty = folder.appendingPathComponent("empty.fountain")
        try "Title: Nothing yet\n\n[[@style palette=noir]]\n".write(to: empty, atomically: true, encoding: .utf8)
        let emptyOut = folder.appendingPathComponent("empty-out")
        let (nothing, _, nothingErr) = try RenderFixtures.run(program.path, [empty.path, "-o", emptyOut.path])
        #expect(nothing == 1)
        #expect(nothingErr.contains("empty.fountain:1:1: error: nothing to render"), "\(nothingErr)")
        #expect(!FileManager.default.fileExists(atPath: emptyOut.path))
        // A length too large for any episode is a usage error, not a crash.
        let script = folder.appendingPathComponent("ok.fountain")
        try "INT. A - DAY\n\nRain.\n".write(to: script, atomically: true, encoding: .utf8)
        let (huge, _, hugeErr) = try RenderFixtures.run(program.path, [script.path, "-o", out.path, "--max-cut", "1e300s"])
        #expect(huge == 2)
        #expect(hugeErr.contains("--max-cut"), "\(hugeErr)")
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("scriptc: every usage error exits 2, ArgumentParser's own included; help exits 0")
    func usageStatus() throws {
        let program = RenderFixtures.builtProgram("scriptc")
        try #require(FileManager.default.isExecutableFile(atPath: program.path), "scriptc not built at \(program.path)")
        let folder = try RenderFixtures.folder("usage")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("ok.fountain")
        try "INT. A - DAY\n\nRain.\n".write(to: script, atomically: true, encoding: .utf8)
        for arguments in [["build", "--bogus"], ["build", script.path, "--emit", "nope"], ["build", script.path, "--emit", "plan", "--max-cut", "1e300s"],
                          ["build", script.path, "--emit", "plan", "--disable-pass", "no-such-pass"], ["frobnicate"]] {
            let (status, out, err) = try RenderFixtures.run(program.path, arguments)
            #expect(status == 2, "\(arguments): \(err)")
            #expect(out.isEmpty && err.contains("Error:"), "\(arguments): \(err)")
        }
        let (help, helpOut, _) = try RenderFixtures.run(program.path, ["build", "--help"])
        #expect(help == 0 && helpOut.contains("USAGE"))
        let (ok, plan, _) = try RenderFixtures.run(program.path, ["build", script.path, "--emit", "plan", "--max-cut", "4s", "--compact"])
        #expect(ok == 0 && plan.contains("scriptc.plan/1"))
    }

    @Test("each spoken line is burned into the picture as a subtitle, from its first frame to its last")
    func burnedInSubtitles() throws {
        let folder = try RenderFixtures.folder("subtitles")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try RenderFixtures.render(RenderFixtures.subtitled, base: "subtitled", into: folder)
        let plan = r.plan
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { Issue.record("no timeline"); return }
        func line(_ clip: TimelineClip) -> VisualLine? {
            guard case .visual(let v) = plan.nodes[clip.node].inputs else { return nil }
            return v.line
        }
        // Every line has a card showing it, placed exactly where the line is spoken.
        let windows = RenderFixtures.dialogueWindows(plan)
        #expect(windows.count == 2)
        for w in windows {
            guard case .speech(let speech) = w.node.inputs else { continue }
            let clip = try #require(timeline.clips.first { $0.startFrame == w.start })
            #expect(clip.durationFrames == w.frames)
            #expect(line(clip)?.text == speech.text)
        }
        // A cut with a pause, then a line: the same picture, with and without the subtitle.
        let spoken = try #require(timeline.clips.first { line($0)?.speaker == "TOBY" })
        let silent = try #require(timeline.clips.first { $0.cutID == spoken.cutID && line($0) == nil })
        #expect(silent.startFrame + silent.durationFrames == spoken.startFrame)

        let width = 1280, height = 720
        func frame(_ n: Int) throws -> [UInt8] {
            let out = folder.appendingPathComponent("frame-\(n).gray")
            let (status, _, err) = try RenderFixtures.run("ffmpeg", [
                "-v", "error", "-i", r.url("mp4").path, "-vf", "select=eq(n\\,\(n))", "-fps_mode", "passthrough", "-frames:v", "1",
                "-f", "rawvideo", "-pix_fmt", "gray", "-y", out.path,
            ])
            #expect(status == 0, "\(err)")
            let bytes = [UInt8](try Data(contentsOf: out))
            try #require(bytes.count == width * height, "frame \(n): \(bytes.count) bytes")
            return bytes
        }
        /// The share of pixels in `rows` whose luma differs by more than 40.
        func difference(_ a: [UInt8], _ b: [UInt8], rows: Range<Int>) -> Double {
            var changed = 0
            for i in (rows.lowerBound * width)..<(rows.upperBound * width) where abs(Int(a[i]) - Int(b[i])) > 40 { changed += 1 }
            return Double(changed) / Double(rows.count * width)
        }
        let band = (height * 3 / 4)..<height, top = 0..<(height / 2)
        let without = try frame(silent.startFrame + silent.durationFrames / 2)
        let with = try frame(spoken.startFrame + spoken.durationFrames / 2)
        let bandDiff = difference(without, with, rows: band), topDiff = difference(without, with, rows: top)
        #expect(bandDiff > 0.005, "subtitle band: \(bandDiff) of the pixels differ")
        #expect(topDiff < 0.005, "above the subtitle: \(topDiff) of the pixels differ")
        // Frame-accurate: the subtitle appears on the line's first frame and not one frame before.
        let before = try frame(spoken.startFrame - 1), first = try frame(spoken.startFrame)
        let beforeDiff = difference(before, without, rows: band), firstDiff = difference(first, with, rows: band)
        #expect(beforeDiff < 0.005, "frame before the line: \(beforeDiff)")
        #expect(firstDiff < 0.005, "first frame of the line: \(firstDiff)")
    }
}
