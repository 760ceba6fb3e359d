import Foundation
import IR
import Testing

@testable import Backends

/// The real opentimelineio package, installed with pip when missing.
enum OTIOSupport {
    static let python = ExternalTool.find("python3")

    static let isAvailable: Bool = {
        guard let python else { return false }
        if canImport(python) { return true }
        // CI installs it up front; a developer machine with network gets it here.
        _ = try? ExternalTool.run(python, ["-m", "pip", "install", "--quiet", "opentimelineio"])
        return canImport(python)
    }()

    static func canImport(_ python: URL) -> Bool {
        (try? ExternalTool.run(python, ["-c", "import opentimelineio"]))?.0 == 0
    }

    /// Loads an .otio with `otio.adapters.read_from_file` and returns a summary as JSON.
    static func summary(of url: URL) throws -> [String: Any] {
        let script = """
            import json, sys
            import opentimelineio as otio
            tl = otio.adapters.read_from_file(sys.argv[1])
            def rt(t): return [t.value, t.rate]
            out = {"name": tl.name, "duration": rt(tl.duration()), "tracks": [], "markers": []}
            for track in tl.tracks:
                items = []
                for child in track:
                    if isinstance(child, otio.schema.Transition):
                        items.append({"schema": "Transition", "type": child.transition_type, "name": child.name,
                                      "in": child.in_offset.value, "out": child.out_offset.value})
                        continue
                    r = track.range_of_child(child)
                    item = {"schema": child.schema_name(), "start": rt(r.start_time), "duration": rt(r.duration)}
                    if isinstance(child, otio.schema.Clip):
                        item["url"] = child.media_reference.target_url
                        item["name"] = child.name
                    items.append(item)
                out["tracks"].append({"name": track.name, "kind": track.kind, "items": items})
            for m in tl.tracks.markers:
                out["markers"].append({"name": m.name, "start": rt(m.marked_range.start_time), "duration": rt(m.marked_range.duration)})
            print(json.dumps(out))
            """
        let python = try #require(python)
        let (status, output, errors) = try ExternalTool.run(python, ["-c", script, url.path])
        #expect(status == 0, "opentimelineio could not read the file: \(errors)")
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }
}

@Suite("Exports: SRT, WebVTT, OpenTimelineIO")
struct ExportTests {
    static let timeline = TimelineSpec(
        name: "Dead Air",
        cuts: [
            .init(name: "1A", startFrame: 0, durationFrames: 37, media: "/tmp/cache/aa.png", scene: "INT. STUDIO - NIGHT"),
            // A dissolve longer than the cut it goes into: it is cut to the clip.
            .init(name: "1B", startFrame: 37, durationFrames: 13, media: "/tmp/cache/bb.png", scene: "INT. STUDIO - NIGHT",
                  transitionIn: .init(kind: "crossfade", name: "DISSOLVE TO:", beforeFrames: 0, afterFrames: 24)),
            // A hole from 50 to 60: the track needs a gap there, and a fade after it has nothing to pass from.
            .init(name: "2A", startFrame: 60, durationFrames: 50, media: "/tmp/cache/c c.png", scene: "EXT. ROOF - DAWN",
                  transitionIn: .init(kind: "fade", name: "FADE TO:", beforeFrames: 12, afterFrames: 12)),
        ],
        audioTracks: [
            .init(kind: .dialogue, clips: [
                .init(name: "MARGO 1", startFrame: 5, durationFrames: 30, file: "/tmp/cache/l1.wav"),
                .init(name: "TEDDY 1", startFrame: 40, durationFrames: 9, file: "/tmp/cache/l2.wav"),
            ]),
            .init(kind: .music, clips: [.init(name: "theme", startFrame: 0, durationFrames: 110, file: "/tmp/cache/m.wav")]),
        ],
        lines: [
            .init(speaker: "MARGO", text: "You're on the air.", startFrame: 5, durationFrames: 30),
            .init(speaker: "TEDDY", text: "Say <nothing> & hang up.", startFrame: 40, durationFrames: 9),
            .init(speaker: "", text: "Two lines,\n\nno blank \u{1B}[31mone.\u{7}", startFrame: 24 * 3661 + 12, durationFrames: 24),
        ])

    /// (start ms, end ms, text) per cue, parsed back.
    static func parseCues(_ text: String, separator: Character) -> [(Int, Int, String)] {
        var cues: [(Int, Int, String)] = []
        for block in text.components(separatedBy: "\n\n") where block.contains("-->") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }) else { continue }
            let parts = lines[timing].components(separatedBy: " --> ")
            func ms(_ stamp: String) -> Int {
                let pieces = stamp.split(whereSeparator: { $0 == ":" || $0 == separator }).compactMap { Int($0) }
                return ((pieces[0] * 60 + pieces[1]) * 60 + pieces[2]) * 1000 + pieces[3]
            }
            cues.append((ms(parts[0]), ms(parts[1]), lines[(timing + 1)...].joined(separator: "\n")))
        }
        return cues
    }

    @Test("SRT: numbered cues, HH:MM:SS,mmm times from the frames, speaker labels")
    func srt() throws {
        let text = Subtitles.srt(Self.timeline)
        let pattern = try Regex(#"^\d+\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n"#)
        let blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(blocks.count == 3)
        for (index, block) in blocks.enumerated() {
            #expect(block.hasPrefix("\(index + 1)\n"))
            #expect((try? pattern.prefixMatch(in: block + "\n")) != nil, "bad cue: \(block)")
        }
        let cues = Self.parseCues(text, separator: ",")
        #expect(cues.map(\.0) == [208, 1667, 3_661_500])  // 5/24 s, 40/24 s, 3661.5 s
        #expect(cues.map(\.1) == [1458, 2042, 3_662_500])
        #expect(cues[0].2 == "MARGO: You're on the air.")
        #expect(cues[1].2 == "TEDDY: Say <nothing> & hang up.")
        #expect(cues[2].2 == "Two lines,\nno blank [31mone.")  // control characters dropped
        #expect(text.contains("01:01:01,500 --> 01:01:02,500"))
    }

    @Test("a long speech becomes several cues of at most two 42-character lines that tile its time")
    func longSpeechInChunks() throws {
        let speech = "I have been waiting here for three days, and nobody came, not the doctor, not the priest, not even the boy "
            + "who brings the bread. So I started counting the boats again, one by one, until the harbor went dark."
        let tree = RenderFixtures.parse("INT. ROOM - DAY\n\nBOB\n\(speech)\n\nANN\nAgain.\n", path: "speech.fountain")
        let unit = Compiler.compile(tree)
        let plan = try #require(unit.plan)
        let spec = RenderMapping.timelineSpec(name: "speech", plan: plan, episode: unit.episode, file: { "\($0)" })
        let window = try #require(RenderFixtures.dialogueWindows(plan).first)
        let cues = Self.parseCues(Subtitles.srt(spec), separator: ",")
        let bob = cues.filter { $0.2.hasPrefix("BOB: ") }
        #expect(bob.count >= 3)
        #expect(bob.map { $0.2.dropFirst(5) }.joined(separator: " ").split(whereSeparator: \.isWhitespace)
            == speech.split(whereSeparator: \.isWhitespace))
        for cue in bob {
            let lines = cue.2.dropFirst(5).split(separator: "\n")
            #expect(lines.count <= 2 && lines.allSatisfy { $0.count <= 42 }, "\(cue.2)")
        }
        // Back to back from the first word to the last, as the speech is placed.
        #expect(bob.first?.0 == Subtitles.milliseconds(frame: window.start, frameRate: 24))
        #expect(bob.last?.1 == Subtitles.milliseconds(frame: window.start + window.frames, frameRate: 24))
        for (a, b) in zip(bob, bob.dropFirst()) { #expect(a.1 == b.0) }
    }

    @Test("WebVTT: header, HH:MM:SS.mmm times, voice spans, escaped text")
    func vtt() {
        let text = Subtitles.webVTT(Self.timeline)
        #expect(text.hasPrefix("WEBVTT\n\n"))
        let cues = Self.parseCues(text, separator: ".")
        #expect(cues.map(\.0) == [208, 1667, 3_661_500])
        #expect(cues.map(\.1) == [1458, 2042, 3_662_500])
        #expect(cues[0].2 == "<v MARGO>You're on the air.</v>")
        #expect(cues[1].2 == "<v TEDDY>Say &lt;nothing&gt; &amp; hang up.</v>")
        #expect(text.contains("00:00:01.667 --> 00:00:02.042"))
        #expect(!text.contains(","  + "667"))
    }

    @Test("timestamps round frames to the millisecond")
    func timestamps() {
        #expect(Subtitles.milliseconds(frame: 1, frameRate: 24) == 42)
        #expect(Subtitles.milliseconds(frame: 37, frameRate: 24) == 1542)
        #expect(Subtitles.timestamp(milliseconds: 0, separator: ",") == "00:00:00,000")
        #expect(Subtitles.timestamp(milliseconds: 36_000_000 + 59_999, separator: ".") == "10:00:59.999")
    }

    @Test(
        "the .otio loads with the real opentimelineio package, with cuts, transitions, gaps, audio tracks and scene markers",
        .enabled(if: OTIOSupport.isAvailable, "python3 with opentimelineio is needed (pip install opentimelineio)"))
    func otio() throws {
        let folder = try MediaSupport.temporaryFolder("otio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Exports.write(Self.timeline, to: folder, baseName: "ep")
        #expect(files.map(\.lastPathComponent) == ["ep.srt", "ep.vtt", "ep.otio"])
        #expect(try MediaSupport.leftovers(in: folder).isEmpty)
        let summary = try OTIOSupport.summary(of: folder.appendingPathComponent("ep.otio"))
        #expect(summary["name"] as? String == "Dead Air")
        #expect(summary["duration"] as? [Double] == [110, 24])
        let tracks = try #require(summary["tracks"] as? [[String: Any]])
        #expect(tracks.map { $0["name"] as? String } == ["Storyboard", "Dialogue", "Effects", "Music"])
        #expect(tracks.map { $0["kind"] as? String } == ["Video", "Audio", "Audio", "Audio"])

        func items(_ track: [String: Any]) -> [(String, Double, Double)] {
            (track["items"] as? [[String: Any]] ?? []).map {
                (
                    $0["schema"] as? String ?? "", ($0["start"] as? [Double])?.first ?? -1,
                    ($0["duration"] as? [Double])?.first ?? -1
                )
            }
        }
        let videoItems = try #require(tracks[0]["items"] as? [[String: Any]])
        let dissolve = try #require(videoItems.first { $0["schema"] as? String == "Transition" })
        #expect(videoItems.filter { $0["schema"] as? String == "Transition" }.count == 1)
        #expect(dissolve["type"] as? String == "SMPTE_Dissolve" && dissolve["name"] as? String == "DISSOLVE TO:")
        #expect(dissolve["in"] as? Double == 0 && dissolve["out"] as? Double == 13)
        let video = items(tracks[0]).filter { $0.0 != "Transition" }
        #expect(video.map(\.0) == ["Clip", "Clip", "Gap", "Clip"])
        #expect(video.map(\.1) == [0, 37, 50, 60])
        #expect(video.map(\.2) == [37, 13, 10, 50])
        let firstClip = try #require((tracks[0]["items"] as? [[String: Any]])?.last)
        #expect(firstClip["url"] as? String == "file:///tmp/cache/c%20c.png")
        let dialogue = items(tracks[1])
        #expect(dialogue.map(\.0) == ["Gap", "Clip", "Gap", "Clip"])
        #expect(dialogue.map(\.1) == [0, 5, 35, 40])
        #expect(items(tracks[2]).isEmpty)
        #expect(items(tracks[3]).map(\.2) == [110])

        let markers = try #require(summary["markers"] as? [[String: Any]])
        #expect(markers.map { $0["name"] as? String } == ["INT. STUDIO - NIGHT", "EXT. ROOF - DAWN"])
        #expect(markers.map { ($0["start"] as? [Double])?.first } == [0, 60])
        #expect(markers.map { ($0["duration"] as? [Double])?.first } == [50, 50])
    }
}
