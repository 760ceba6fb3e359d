import Parser

/// The JSON form of the IR (`scriptc build --emit ir`), documented in docs/ir.md. Written with
/// the parser's `JSONWriter` (no Foundation). Keys are stable; new keys may be added within a
/// format version, never renamed or removed.
public enum IRJSON {
    public static let formatVersion = "scriptc.ir/1"

    public static func encode(_ e: Episode, diagnostics: [Diagnostic] = [], pretty: Bool = true) -> [UInt8] {
        var w = JSONWriter(pretty: false, capacity: 1 << 16)
        w.beginObject()
        w.field("format", formatVersion)
        w.field("source", e.sourcePath)
        w.key("title"); optional(&w, e.title)
        w.field("fps", Timebase.framesPerSecond)
        w.field("durationFrames", e.durationFrames)
        w.key("metadata"); w.beginArray()
        for m in e.metadata {
            w.beginObject(); w.field("key", m.key); w.field("value", m.value); range(&w, m.range); w.endObject()
        }
        w.endArray()
        w.key("settings"); w.beginObject()
        w.field("maxCutFrames", e.settings.maxCutFrames)
        w.field("establishingFrames", e.settings.establishingFrames)
        w.field("voiceLanguage", e.settings.voiceLanguage)
        w.field("soundSegmentFrames", e.settings.soundSegmentFrames)
        w.endObject()
        w.key("cast"); w.beginArray()
        for c in e.cast { castMember(&w, c) }
        w.endArray()
        w.key("style"); styles(&w, e.style)
        w.key("ambience"); ambience(&w, e.ambience)
        w.key("scenes"); w.beginArray()
        for s in e.scenes { scene(&w, s) }
        w.endArray()
        w.key("endTransition")
        if let t = e.endTransition { transition(&w, t) } else { w.null() }
        w.key("diagnostics"); w.beginArray()
        for d in diagnostics {
            w.beginObject()
            w.field("id", d.id.rawValue); w.field("severity", d.severity.rawValue); w.field("message", d.message)
            range(&w, d.range)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        if pretty { return JSONIndent.indent(w.bytes) }
        var out = w.bytes
        out.append(0x0A)
        return out
    }

    static func optional(_ w: inout JSONWriter, _ s: String?) {
        if let s { w.value(s) } else { w.null() }
    }

    static func optional(_ w: inout JSONWriter, _ i: Int?) {
        if let i { w.value(i) } else { w.null() }
    }

    static func range(_ w: inout JSONWriter, _ r: SourceRange?) {
        w.key("range")
        guard let r else { w.null(); return }
        w.beginArray(); w.value(r.start); w.value(r.end); w.endArray()
    }

    static func voice(_ w: inout JSONWriter, _ v: Voice?) {
        guard let v else { w.null(); return }
        w.beginObject(); w.field("name", v.name); w.field("rateWPM", v.rateWPM); w.field("pitch", v.pitch); w.endObject()
    }

    static func castMember(_ w: inout JSONWriter, _ c: CastMember) {
        w.beginObject()
        w.field("id", c.id)
        w.field("name", c.name)
        w.key("aliases"); strings(&w, c.aliases)
        w.key("extensions"); strings(&w, c.extensionsSeen)
        w.key("voice"); voice(&w, c.voice)
        w.field("voiceSource", c.voiceSource.rawValue)
        w.key("look"); optional(&w, c.look)
        w.field("lines", c.lineCount)
        range(&w, c.range)
        w.endObject()
    }

    static func strings(_ w: inout JSONWriter, _ a: [String]) {
        w.beginArray()
        for s in a { w.value(s) }
        w.endArray()
    }

    static func styles(_ w: inout JSONWriter, _ tags: [StyleTag]) {
        w.beginArray()
        for t in tags {
            w.beginObject()
            w.field("key", t.value.key.rawValue)
            w.field("value", t.value.text)
            w.field("scope", t.scope.rawValue)
            w.field("origin", t.origin.rawValue)
            range(&w, t.range)
            w.endObject()
        }
        w.endArray()
    }

    static func ambience(_ w: inout JSONWriter, _ a: Ambience?) {
        guard let a else { w.null(); return }
        w.beginObject()
        w.field("bed", a.bed); w.field("gainDB", a.gainDB); w.field("origin", a.origin.rawValue)
        range(&w, a.range)
        w.endObject()
    }

    static func transition(_ w: inout JSONWriter, _ t: Transition) {
        w.beginObject()
        w.field("kind", t.kind.rawValue)
        w.field("durationFrames", t.durationFrames)
        w.field("audioHardStop", t.audioHardStop)
        w.key("text"); optional(&w, t.text)
        range(&w, t.range)
        w.endObject()
    }

    static func scene(_ w: inout JSONWriter, _ s: Scene) {
        w.beginObject()
        w.field("id", s.id)
        w.field("heading", s.heading)
        w.field("setting", s.setting.rawValue)
        w.field("location", s.location)
        w.field("timeOfDay", s.timeOfDay.rawValue)
        w.key("timeOfDayText"); optional(&w, s.timeOfDayText)
        w.key("sceneNumber"); optional(&w, s.sceneNumber)
        w.field("durationFrames", s.durationFrames)
        w.key("style"); styles(&w, s.style)
        w.key("ambience"); ambience(&w, s.ambience)
        w.key("segmentPadFrames"); optional(&w, s.segmentPadFrames)
        range(&w, s.range)
        w.key("cuts"); w.beginArray()
        for c in s.cuts { cut(&w, c) }
        w.endArray()
        w.endObject()
    }

    static func shot(_ w: inout JSONWriter, _ s: Shot) {
        w.beginObject()
        w.key("framing"); optional(&w, s.framing?.rawValue)
        w.key("angle"); optional(&w, s.angle?.rawValue)
        w.key("movement"); optional(&w, s.movement?.rawValue)
        w.key("speed"); optional(&w, s.speed?.rawValue)
        w.key("subject"); optional(&w, s.subject)
        w.field("description", s.description)
        w.key("durationFrames"); optional(&w, s.durationFrames)
        range(&w, s.range)
        w.endObject()
    }

    static func cut(_ w: inout JSONWriter, _ c: Cut) {
        w.beginObject()
        w.field("id", c.id)
        w.field("origin", c.origin.rawValue)
        w.key("shot"); shot(&w, c.shot)
        w.key("transitionIn"); transition(&w, c.transitionIn)
        w.field("durationFrames", c.durationFrames)
        w.key("style"); styles(&w, c.style)
        w.key("resolvedStyle"); styles(&w, c.resolvedStyle)
        range(&w, c.range)
        w.key("events"); w.beginArray()
        for e in c.events { event(&w, e) }
        w.endArray()
        w.endObject()
    }

    static func prosody(_ w: inout JSONWriter, _ p: Prosody) {
        w.beginObject()
        w.field("ratePercent", p.ratePercent)
        w.field("pitchOffset", p.pitchOffset)
        w.field("volumeDB", p.volumeDB)
        w.field("quality", p.quality.rawValue)
        w.field("filter", p.filter.rawValue)
        w.key("emotion"); optional(&w, p.emotion)
        w.field("leadInFrames", p.leadInFrames)
        w.endObject()
    }

    static func event(_ w: inout JSONWriter, _ e: Event) {
        w.beginObject()
        w.field("type", e.kindName)
        w.field("durationFrames", e.durationFrames)
        range(&w, e.range)
        switch e.payload {
        case .dialogue(let d):
            w.field("character", d.characterID)
            w.field("cue", d.cueName)
            w.key("extensions"); strings(&w, d.extensions)
            w.field("text", d.text)
            w.key("parenthetical"); optional(&w, d.parenthetical)
            w.key("prosody"); prosody(&w, d.prosody)
            w.key("voice"); voice(&w, d.voice)
            w.field("delivery", d.delivery.rawValue)
            w.key("dual"); optional(&w, d.dual?.rawValue)
            w.key("style"); styles(&w, d.style)
        case .action(let a):
            w.field("text", a.text)
            w.key("subjects"); strings(&w, a.subjects)
        case .sound(let s):
            w.field("effect", s.effect)
            w.field("gainDB", s.gainDB)
            w.field("lengthFrames", s.lengthFrames)
            w.field("origin", s.origin.rawValue)
            w.key("word"); optional(&w, s.word)
        case .music(let m):
            switch m {
            case .stop:
                w.field("command", "stop")
            case .start(let spec):
                w.field("command", "start")
                w.field("mood", spec.mood)
                w.field("tempoBPM", spec.tempoBPM)
                w.key("key"); optional(&w, spec.key)
                w.key("instrument"); optional(&w, spec.instrument)
                w.field("gainDB", spec.gainDB)
            }
        case .pause(let p):
            w.field("lengthFrames", p.lengthFrames)
            w.field("origin", p.origin.rawValue)
        case .lyrics(let l):
            w.key("character"); optional(&w, l.characterID)
            w.field("text", l.text)
            w.key("voice"); voice(&w, l.voice)
        }
        w.endObject()
    }
}
