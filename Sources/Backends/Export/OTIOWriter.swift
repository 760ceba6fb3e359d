import Foundation

/// Writes a timeline as OpenTimelineIO JSON (`.otio`): a `Timeline.1` whose `Stack.1` holds one
/// video `Track.1` of card `Clip.2`s and one audio track per kind (dialogue, effects, music), with
/// `Gap.1`s wherever a track is silent or empty, every time a `RationalTime.1` at the timeline's
/// frame rate, media as `ExternalReference.1` file URLs, a `Transition.1` wherever the picture
/// dissolves, fades or whips from one card into the next, and a `Marker.2` per scene on the stack.
/// Editors open it and can swap the cards for real footage.
public enum OTIOWriter {
    public static func json(_ timeline: TimelineSpec) -> String {
        let rate = Double(timeline.frameRate)
        var tracks: [JSONValue] = [
            track(
                name: "Storyboard", kind: "Video", rate: rate,
                items: timeline.cuts.map {
                    TrackItem(
                        name: $0.name, start: $0.startFrame, duration: $0.durationFrames, media: $0.media,
                        sourceStart: 0, metadata: [("scene", .string($0.scene))], transitionIn: $0.transitionIn)
                })
        ]
        for kind in TimelineSpec.AudioKind.allCases {
            let clips = timeline.audioTracks.filter { $0.kind == kind }.flatMap(\.clips)
            tracks.append(
                track(
                    name: kind.rawValue.capitalized, kind: "Audio", rate: rate,
                    items: clips.map {
                        TrackItem(
                            name: $0.name, start: $0.startFrame, duration: $0.durationFrames, media: $0.file,
                            sourceStart: $0.sourceStartFrame, metadata: [])
                    }))
        }
        let scenes = timeline.scenes.isEmpty ? timeline.scenesFromCuts : timeline.scenes
        let markers: [JSONValue] = scenes.map { scene in
            .object([
                ("OTIO_SCHEMA", .string("Marker.2")),
                ("metadata", .object([])),
                ("name", .string(scene.name)),
                ("color", .string("RED")),
                ("marked_range", range(start: scene.startFrame, duration: scene.durationFrames, rate: rate)),
                ("comment", .string("")),
            ])
        }
        let stack: JSONValue = .object([
            ("OTIO_SCHEMA", .string("Stack.1")),
            ("metadata", .object([])),
            ("name", .string("tracks")),
            ("source_range", .null),
            ("effects", .array([])),
            ("markers", .array(markers)),
            ("enabled", .bool(true)),
            ("color", .null),
            ("children", .array(tracks)),
        ])
        let root: JSONValue = .object([
            ("OTIO_SCHEMA", .string("Timeline.1")),
            ("metadata", .object([("scriptc", .object([("frame_rate", .int(timeline.frameRate))]))])),
            ("name", .string(timeline.name)),
            ("global_start_time", time(0, rate: rate)),
            ("tracks", stack),
        ])
        return root.rendered() + "\n"
    }

    struct TrackItem {
        var name: String
        var start: Int
        var duration: Int
        var media: String
        var sourceStart: Int
        var metadata: [(String, JSONValue)]
        var transitionIn: TimelineSpec.CutTransition? = nil
    }

    /// A track's children in time order with gaps filling the holes. Overlapping items (which a
    /// single OTIO track cannot hold) are trimmed to start where the previous one ends.
    static func track(name: String, kind: String, rate: Double, items: [TrackItem]) -> JSONValue {
        var children: [JSONValue] = []
        var cursor = 0
        var previousClip = 0  // the length of the clip that ends at `cursor`, 0 after a gap
        for item in items.sorted(by: { $0.start < $1.start }) {
            let start = max(item.start, cursor)
            let duration = item.duration - (start - item.start)
            guard duration > 0 else { continue }
            if start > cursor {
                children.append(gap(start - cursor, rate: rate))
                previousClip = 0
            }
            // A transition sits between two clips; at the start or after a gap there is nothing
            // to pass from.
            if let t = item.transitionIn, previousClip > 0 {
                children.append(transition(t, before: min(t.beforeFrames, previousClip), after: min(t.afterFrames, duration), rate: rate))
            }
            previousClip = duration
            let sourceStart = item.sourceStart + (start - item.start)
            let reference: JSONValue = .object([
                ("OTIO_SCHEMA", .string("ExternalReference.1")),
                ("metadata", .object([])),
                ("name", .string(URL(fileURLWithPath: item.media).lastPathComponent)),
                ("available_range", .null),
                ("available_image_bounds", .null),
                ("target_url", .string(URL(fileURLWithPath: item.media).absoluteString)),
            ])
            children.append(
                .object([
                    ("OTIO_SCHEMA", .string("Clip.2")),
                    ("metadata", .object(item.metadata.isEmpty ? [] : [("scriptc", .object(item.metadata))])),
                    ("name", .string(item.name)),
                    ("source_range", range(start: sourceStart, duration: duration, rate: rate)),
                    ("effects", .array([])),
                    ("markers", .array([])),
                    ("enabled", .bool(true)),
                    ("color", .null),
                    ("media_references", .object([("DEFAULT_MEDIA", reference)])),
                    ("active_media_reference_key", .string("DEFAULT_MEDIA")),
                ]))
            cursor = start + duration
        }
        return .object([
            ("OTIO_SCHEMA", .string("Track.1")),
            ("metadata", .object([])),
            ("name", .string(name)),
            ("source_range", .null),
            ("effects", .array([])),
            ("markers", .array([])),
            ("enabled", .bool(true)),
            ("color", .null),
            ("children", .array(children)),
            ("kind", .string(kind)),
        ])
    }

    /// A `Transition.1`: `SMPTE_Dissolve` for a dissolve, `Custom_Transition` named after the
    /// script for the others; the IR kind is kept in the metadata.
    static func transition(_ t: TimelineSpec.CutTransition, before: Int, after: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("Transition.1")),
            ("metadata", .object([("scriptc", .object([("kind", .string(t.kind))]))])),
            ("name", .string(t.name)),
            ("transition_type", .string(t.kind == "crossfade" ? "SMPTE_Dissolve" : "Custom_Transition")),
            ("in_offset", time(before, rate: rate)),
            ("out_offset", time(after, rate: rate)),
        ])
    }

    static func gap(_ frames: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("Gap.1")),
            ("metadata", .object([])),
            ("name", .string("")),
            ("source_range", range(start: 0, duration: frames, rate: rate)),
            ("effects", .array([])),
            ("markers", .array([])),
            ("enabled", .bool(true)),
            ("color", .null),
        ])
    }

    static func range(start: Int, duration: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("TimeRange.1")),
            ("duration", time(duration, rate: rate)),
            ("start_time", time(start, rate: rate)),
        ])
    }

    static func time(_ frames: Int, rate: Double) -> JSONValue {
        .object([
            ("OTIO_SCHEMA", .string("RationalTime.1")),
            ("rate", .double(rate)),
            ("value", .double(Double(frames))),
        ])
    }
}

/// A JSON value with ordered object keys and doubles that always print as doubles (`24.0`), the
/// way OpenTimelineIO writes them.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent + 4)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(format: "%.1f", value) }
            return value.isFinite ? "\(value)" : "null"
        case .string(let value): return Self.quote(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            return "[\n" + values.map { pad + $0.rendered(indent: indent + 4) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map { pad + Self.quote($0.0) + ": " + $0.1.rendered(indent: indent + 4) }
                .joined(separator: ",\n") + "\n\(close)}"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
