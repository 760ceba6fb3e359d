import Parser

/// The JSON form of the plan (`scriptc build --emit plan`), documented in docs/plan.md.
public enum PlanJSON {
    public static func encode(_ plan: Plan, episode: Episode, pretty: Bool = true) -> [UInt8] {
        var w = JSONWriter(pretty: false, capacity: 1 << 16)
        w.beginObject()
        w.field("format", Plan.formatVersion)
        w.field("source", episode.sourcePath)
        w.field("fps", Timebase.framesPerSecond)
        w.field("durationFrames", plan.durationFrames)
        w.key("timeline"); IRJSON.optional(&w, plan.timeline)
        w.key("mux"); IRJSON.optional(&w, plan.mux)
        w.key("generators"); w.beginObject()
        for k in PlanNodeKind.allCases { w.key(k.rawValue); w.value(k.version) }
        w.endObject()
        w.key("nodes"); w.beginArray()
        for n in plan.nodes { node(&w, n) }
        w.endArray()
        w.endObject()
        if pretty { return JSONIndent.indent(w.bytes) }
        var out = w.bytes
        out.append(0x0A)
        return out
    }

    static func node(_ w: inout JSONWriter, _ n: PlanNode) {
        w.beginObject()
        w.field("id", n.id)
        w.field("kind", n.kind.rawValue)
        w.field("hash", n.hash.description)
        w.key("deps"); w.beginArray(); for d in n.dependencies { w.value(d) }; w.endArray()
        w.field("durationFrames", n.durationFrames)
        w.key("scene"); IRJSON.optional(&w, n.sceneID)
        w.key("cut"); IRJSON.optional(&w, n.cutID)
        IRJSON.range(&w, n.range)
        w.key("inputs"); w.beginObject()
        switch n.inputs {
        case .speech(let r):
            w.field("text", r.text)
            w.key("voice"); IRJSON.voice(&w, r.voice)
            w.key("prosody"); IRJSON.prosody(&w, r.prosody)
            w.field("sung", r.sung)
        case .visual(let r):
            w.field("prompt", r.prompt)
            w.key("shot"); IRJSON.shot(&w, r.shot)
            w.key("style"); IRJSON.strings(&w, r.style)
            w.field("durationFrames", r.durationFrames)
            w.key("references"); w.beginArray()
            for ref in r.references {
                w.beginObject(); w.field("character", ref.characterID); w.key("look"); IRJSON.optional(&w, ref.look); w.endObject()
            }
            w.endArray()
            if let line = r.line {
                w.key("line"); w.beginObject()
                w.field("speaker", line.speaker); w.field("text", line.text)
                w.key("parenthetical"); IRJSON.optional(&w, line.parenthetical)
                w.endObject()
            }
        case .sound(let r):
            w.field("effect", r.effect); w.field("durationFrames", r.durationFrames); w.field("bed", r.bed)
        case .music(let r):
            w.field("mood", r.mood); w.field("tempoBPM", r.tempoBPM)
            w.key("key"); IRJSON.optional(&w, r.key)
            w.key("instrument"); IRJSON.optional(&w, r.instrument)
            w.field("durationFrames", r.durationFrames)
        case .mix(let r):
            w.field("durationFrames", r.durationFrames)
            w.key("tracks"); w.beginArray()
            for t in r.tracks {
                w.beginObject()
                w.field("node", t.node); w.field("role", t.role.rawValue); w.field("startFrame", t.startFrame); w.field("gainDB", t.gainDB)
                w.key("delivery"); IRJSON.optional(&w, t.delivery?.rawValue)
                w.endObject()
            }
            w.endArray()
        case .timeline(let r):
            w.field("durationFrames", r.durationFrames)
            w.key("clips"); w.beginArray()
            for c in r.clips {
                w.beginObject()
                w.field("node", c.node); w.field("cut", c.cutID); w.field("startFrame", c.startFrame); w.field("durationFrames", c.durationFrames)
                w.key("transitionIn"); IRJSON.transition(&w, c.transitionIn)
                w.endObject()
            }
            w.endArray()
            w.key("audio"); w.beginArray()
            for a in r.audio {
                w.beginObject(); w.field("node", a.node); w.field("scene", a.sceneID); w.field("startFrame", a.startFrame); w.endObject()
            }
            w.endArray()
            w.key("endTransition")
            if let t = r.endTransition { IRJSON.transition(&w, t) } else { w.null() }
            w.key("segmentStarts"); w.beginArray()
            for f in r.segmentStarts { w.value(f) }
            w.endArray()
        case .mux(let r):
            w.field("fps", r.framesPerSecond); w.field("durationFrames", r.durationFrames)
        }
        w.endObject()
        w.endObject()
    }
}
