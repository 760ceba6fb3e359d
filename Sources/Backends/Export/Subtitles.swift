import Foundation

/// SubRip (`.srt`) and WebVTT (`.vtt`) subtitles from a timeline's lines, labelled with the
/// speaker. Cue times are the frame times rounded to the millisecond.
public enum Subtitles {
    /// Milliseconds from frame 0 to `frame`, rounded to nearest.
    static func milliseconds(frame: Int, frameRate: Int) -> Int {
        (frame * 1000 * 2 + frameRate) / (frameRate * 2)
    }

    /// `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT).
    public static func timestamp(milliseconds: Int, separator: Character) -> String {
        let ms = max(milliseconds, 0)
        let hours = ms / 3_600_000
        let minutes = ms / 60_000 % 60
        let seconds = ms / 1000 % 60
        let millis = ms % 1000
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(width - digits.count, 0)) + digits
        }
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2))\(separator)\(pad(millis, 3))"
    }

    /// Lines in time order, without empty text; a line ends no later than the next line that
    /// starts after it (lines that start together, dual dialogue, are shown together).
    static func cues(_ timeline: TimelineSpec) -> [(start: Int, end: Int, speaker: String, text: String)] {
        let lines = timeline.lines
            .filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && $0.durationFrames > 0 }
            .sorted { ($0.startFrame, $0.durationFrames) < ($1.startFrame, $1.durationFrames) }
        return lines.enumerated().map { index, line in
            var endFrame = line.startFrame + line.durationFrames
            if let next = lines[(index + 1)...].first(where: { $0.startFrame > line.startFrame }) { endFrame = min(endFrame, next.startFrame) }
            // A cue's text: no blank lines (they end a cue in both formats), no control characters.
            let printable = String(String.UnicodeScalarView(line.text.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }))
            let text = printable.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
            return (
                milliseconds(frame: line.startFrame, frameRate: timeline.frameRate),
                milliseconds(frame: endFrame, frameRate: timeline.frameRate), line.speaker, text
            )
        }
    }

    /// SubRip: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, "SPEAKER: text".
    public static func srt(_ timeline: TimelineSpec) -> String {
        var output = ""
        for (index, cue) in cues(timeline).enumerated() {
            output += "\(index + 1)\n"
            output += "\(timestamp(milliseconds: cue.start, separator: ",")) --> "
            output += "\(timestamp(milliseconds: cue.end, separator: ","))\n"
            output += cue.speaker.isEmpty ? cue.text : "\(cue.speaker): \(cue.text)"
            output += "\n\n"
        }
        return output
    }

    /// WebVTT: a `WEBVTT` header, cues with `HH:MM:SS.mmm --> HH:MM:SS.mmm`, the speaker as a
    /// voice span (`<v MARGO>text</v>`), `&`, `<` and `>` escaped.
    public static func webVTT(_ timeline: TimelineSpec) -> String {
        var output = "WEBVTT\n\n"
        for (index, cue) in cues(timeline).enumerated() {
            output += "\(index + 1)\n"
            output += "\(timestamp(milliseconds: cue.start, separator: ".")) --> "
            output += "\(timestamp(milliseconds: cue.end, separator: "."))\n"
            let text = escape(cue.text)
            output += cue.speaker.isEmpty ? text : "<v \(escape(cue.speaker))>\(text)</v>"
            output += "\n\n"
        }
        return output
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
