import Foundation
import IR
import Parser

@testable import Backends

/// Shared renders for the Render tests: each fixture is rendered once per test process (a
/// lazily-started task in an actor) and the tests read its outputs.
enum RenderFixtures {
    /// A two-scene episode with score, a sound word, a dissolve and a fade out: small enough to
    /// render in seconds, with action beats between the lines so the mix has dialogue-free stretches.
    static let small = """
        Title: Night Shift

        [[@cast MARA voice=en-us+f3 rate=170]]
        [[@cast TOBY voice=en-us+m3 rate=165]]

        INT. RADIO BOOTH - NIGHT

        [[@music mood=tense tempo=84 key=Dm instrument=strings]]

        The booth is dark but for the console. MARA leans into the microphone and waits for the light.

        MARA
        Good evening, this is the night shift, and the lines are open until dawn.

        She listens to the silence on the line. Somewhere below, the sea keeps its own time.

        TOBY
        I have been listening all week. Tonight I finally called.

        MARA
        Then tell me what you saw.

        A door SLAMS somewhere down the corridor.

        DISSOLVE TO:

        EXT. HARBOUR - DAWN

        Gulls circle over the empty pier. The tide goes out slowly under a grey sky.

        TOBY
        The boats did not come back this morning.

        MARA
        Then we wait for them together.

        > FADE OUT.
        """

    /// One scene: a line, then a cut that opens on a pause before its line (the same picture
    /// with and without a subtitle).
    static let subtitled = """
        Title: Subtitles

        INT. RADIO BOOTH - NIGHT

        MARA
        Is anyone there?

        TOBY
        (beat)
        Only me, and the sea.
        """

    static func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("scriptc-render-tests-\(getpid())-\(name)-\(UUID().uuidString.prefix(6))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func parse(_ text: String, path: String = "night.fountain") -> Screenplay {
        FountainParser.parse(SourceFile(path: path, bytes: Array(text.utf8)))
    }

    struct Rendered: Sendable {
        let folder: URL
        let base: String
        let report: LocalBuild.Report
        var plan: Plan { report.unit.plan! }
        var episode: Episode { report.unit.episode }
        func url(_ ext: String) -> URL { folder.appendingPathComponent("\(base).\(ext)") }
    }

    static func render(_ text: String, base: String, into folder: URL, jobs: Int = 2) throws -> Rendered {
        // One sound segment per scene, so the short fixtures have joins between segments to check.
        let options = LocalBuild.Options(jobs: jobs, log: .quiet, soundSegmentFrames: 1)
        let report = try LocalBuild(options: options).run(parse(text, path: "\(base).fountain"), baseName: base,
                                                                                  outputDirectory: folder.path)
        return Rendered(folder: folder, base: base, report: report)
    }

    actor Shared {
        static let instance = Shared()
        private var small: Task<Rendered, any Error>?
        func smallEpisode() async throws -> Rendered {
            if let small { return try await small.value }
            let task = Task { try RenderFixtures.render(RenderFixtures.small, base: "night", into: try RenderFixtures.folder("small")) }
            small = task
            return try await task.value
        }
    }

    /// Dialogue lines as the plan places them on the episode timeline: (start, length) in frames,
    /// with the speech node.
    static func dialogueWindows(_ plan: Plan) -> [(start: Int, frames: Int, node: PlanNode)] {
        guard let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { return [] }
        var windows: [(Int, Int, PlanNode)] = []
        for audio in timeline.audio {
            guard case .mix(let mix) = plan.nodes[audio.node].inputs else { continue }
            for track in mix.tracks where track.role == .dialogue {
                windows.append((audio.startFrame + track.startFrame, plan.nodes[track.node].durationFrames, plan.nodes[track.node]))
            }
        }
        return windows.sorted { $0.0 < $1.0 }
    }

    /// Runs a program; returns its status and standard output.
    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = program.hasPrefix("/") ? URL(fileURLWithPath: program) : URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = program.hasPrefix("/") ? arguments : [program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The `scriptc-render` program built next to this test bundle.
    static var renderProgram: URL { builtProgram("scriptc-render") }

    /// A program of this package built next to this test bundle.
    static func builtProgram(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !folder.path.isEmpty && folder.path != "/" {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: name)
    }

    /// RMS of interleaved stereo over video frames [from, to).
    static func rms(_ buffer: AudioBuffer, frames range: Range<Int>) -> Double {
        let spf = RenderMapping.samplesPerFrame
        let lo = max(0, range.lowerBound * spf), hi = min(buffer.frameCount, range.upperBound * spf)
        guard hi > lo else { return 0 }
        return Double(buffer.rms(frames: lo..<hi))
    }

    static func dB(_ x: Double) -> Double { 20 * log10(max(x, 1e-9)) }
}
