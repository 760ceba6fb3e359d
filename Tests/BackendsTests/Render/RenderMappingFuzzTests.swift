import Foundation
import IR
import Parser
import ScriptGen
import Testing

@testable import Backends

/// Random scripts (`FuzzScripts`) that compile without errors, through everything the renderer
/// derives from a plan before it runs a generator: the picture's pieces and transitions, the
/// episode mix's geometry, the timeline export, the subtitles and the OTIO. Nothing may trap,
/// and each must agree with the timeline. `SCRIPTC_FUZZ_SCRIPTS=N` runs more.
struct RenderMappingFuzzTests {
    @Test func everyPlanMapsToAConsistentPictureSoundAndTimeline() throws {
        let count = ProcessInfo.processInfo.environment["SCRIPTC_FUZZ_SCRIPTS"].flatMap { Int($0) } ?? 5000
        var scripts = FuzzScripts(seed: 7)
        var mapped = 0
        for _ in 0..<count {
            let text = scripts.script()
            let tree = FountainParser.parse(text, path: "fuzz.fountain")
            let unit = Compiler.compile(tree)
            guard !(tree.diagnostics + unit.diagnostics).hasErrors, let plan = unit.plan, plan.durationFrames > 0,
                  let t = plan.timeline, case .timeline(let timeline) = plan.nodes[t].inputs else { continue }
            mapped += 1
            // The picture: pieces cover the timeline frame for frame, every layer drawable.
            let total = timeline.clips.reduce(0) { $0 + max(0, $1.durationFrames) }
            let pieces = RenderMapping.pictureGeometry(timeline)
            #expect(pieces.reduce(0) { $0 + $1.frames } == total, "picture of:\n\(text)")
            for case .blend(let run) in pieces {
                for frame in run {
                    #expect(frame.blur.isFinite && frame.blur >= 0)
                    #expect(frame.layers.allSatisfy { $0.opacity.isFinite && (0...1).contains($0.opacity) && $0.offset.isFinite }, "blend in:\n\(text)")
                }
            }
            // The sound: every scene mix placed inside the episode. (Fades may overlap in a very
            // short scene; the mixer multiplies them.)
            let episodeSamples = (total + RenderMapping.sceneTailFrames) * RenderMapping.samplesPerFrame
            for (_, clip) in RenderMapping.episodeClipGeometry(timeline, plan: plan) {
                let length = clip.durationFrames ?? 0
                #expect(clip.startFrame >= 0 && length > 0 && clip.startFrame + length <= episodeSamples, "mix of:\n\(text)")
                #expect(clip.fadeInFrames >= 0 && clip.fadeOutFrames >= 0, "fades of:\n\(text)")
            }
            // The exports: cues in order inside the episode, OTIO that parses as JSON.
            let spec = RenderMapping.timelineSpec(name: "fuzz", plan: plan, episode: unit.episode, file: { "\($0).png" })
            let cues = Subtitles.cues(spec)
            let end = Subtitles.milliseconds(frame: total, frameRate: 24)
            // In order, each ending before the next begins, unless the two begin together (dual dialogue).
            for (a, b) in zip(cues, cues.dropFirst()) { #expect(a.start <= b.start && (a.end <= b.start || a.start == b.start), "cues of:\n\(text)") }
            #expect(cues.allSatisfy { $0.start < $0.end && $0.end <= end }, "cues of:\n\(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(OTIOWriter.json(spec).utf8))) != nil, "otio of:\n\(text)")
        }
        // Most random scripts have directive errors (and are refused); enough are left.
        #expect(mapped > count / 50)
    }
}
