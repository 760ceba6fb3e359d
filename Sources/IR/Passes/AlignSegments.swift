/// Groups scenes into sound segments of at least `EpisodeSettings.soundSegmentFrames` and holds
/// the last cut of each segment's last scene until the segment is a whole number of
/// `Timebase.audioGridFrames` (64 frames, 2⅔ s) long.
///
/// Why: the picture runs on a 2,000-sample frame grid (24 fps at 48 kHz) and AAC on a
/// 1,024-sample one; they meet every 128,000 samples. When every segment starts on that common
/// grid, a line that grows or shrinks moves only the hold at the end of its segment — or, when the
/// change crosses a grid step, moves every later segment by whole grid steps — and the sound of
/// the later segments encodes to the same AAC packets. A backend can then re-encode one segment
/// instead of everything after the edit.
///
/// Segments are chosen from the start: a segment closes at the first scene end at least the
/// minimum after the previous segment's start, so an edit changes the grouping only of its own
/// segment (and of later ones only if its scene end crosses the minimum). The final scene is
/// never held. The cost is a hold of 0–63 frames (1⅓ s on average) once per segment, about 2 %
/// of the running time at the default minute.
public struct AlignSegments: Pass {
    public init() {}
    public var name: String { "align-segments" }
    public var summary: String { "hold the last cut of each minute-or-longer sound segment so segments start on the 64-frame grid" }

    public func run(_ unit: inout CompilationUnit) {
        let minimum = unit.episode.settings.soundSegmentFrames
        guard minimum > 0 else { return }
        var ep = unit.takeEpisode()
        let grid = Timebase.audioGridFrames
        var length = 0
        for s in ep.scenes.indices.dropLast() {
            length += ep.scenes[s].durationFrames
            guard length >= minimum, let last = ep.scenes[s].cuts.indices.last else { continue }
            let pad = (grid - length % grid) % grid
            ep.scenes[s].cuts[last].durationFrames += pad
            ep.scenes[s].segmentPadFrames = pad
            length = 0
        }
        unit.episode = ep
    }
}
