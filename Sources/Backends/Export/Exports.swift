import Foundation

/// Writes the editorial files of an episode next to each other, each atomically.
public enum Exports {
    /// Writes `<base>.srt`, `<base>.vtt` and `<base>.otio` into `folder`; returns their URLs.
    @discardableResult
    public static func write(_ timeline: TimelineSpec, to folder: URL, baseName: String) throws -> [URL] {
        let srt = folder.appendingPathComponent("\(baseName).srt")
        let vtt = folder.appendingPathComponent("\(baseName).vtt")
        let otio = folder.appendingPathComponent("\(baseName).otio")
        try AtomicFile.write(Subtitles.srt(timeline), to: srt)
        try AtomicFile.write(Subtitles.webVTT(timeline), to: vtt)
        try AtomicFile.write(OTIOWriter.json(timeline), to: otio)
        return [srt, vtt, otio]
    }
}
