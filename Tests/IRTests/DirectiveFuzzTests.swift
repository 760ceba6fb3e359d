import Foundation
import Parser
import Testing
@testable import IR

/// Random scripts full of directives, well and badly formed, through lowering, every pass and
/// the plan: no input may trap, and the plan must stay a well-formed DAG. The seed is fixed;
/// `SCRIPTC_FUZZ_SCRIPTS=N` runs more, and `SCRIPTC_FUZZ_DUMP=FILE` writes each script to FILE
/// before compiling it, so a script that traps is left there.
struct DirectiveFuzzTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let directives = ["cast", "style", "shot", "music", "sfx", "pause", "ambience", "prosody", "casst", "", "music stop", "CAST"]
    static let keys = ["voice", "rate", "pitch", "look", "aliases", "palette", "grain", "lens", "lighting", "aspect", "card", "mood",
                       "tempo", "key", "instrument", "gain", "volume", "quality", "emotion", "bed", "tmpo", "=", ""]
    static let words = ["close", "wide", "on", "MARGO", "push-in", "pan-left", "slow", "dutch", "door-slam", "knock", "rain", "noir",
                        "35mm", "tense", "Dm", "strings", "stop", "en-us+f3", "whisper", "\"tall, red coat", "\"\"", ",", ",,", "@", "[[", "]]"]
    static let units = ["s", "ms", "f", "dB", "db", "%", "bpm", "wpm", "mm", "x", "", "e9s", ".5s", "sec"]

    static func number(_ r: inout Random) -> String {
        switch r.below(6) {
        case 0: return String(r.below(10))
        case 1: return String(r.below(100_000))
        case 2: return "-" + String(r.below(1000))
        case 3: return String(repeating: "9", count: 1 + r.below(40))
        case 4: return "\(r.below(100)).\(r.below(1000))"
        default: return "+" + String(r.below(500))
        }
    }

    static func directive(_ r: inout Random) -> String {
        var parts = ["@" + r.pick(directives)]
        for _ in 0..<r.below(5) {
            switch r.below(4) {
            case 0: parts.append("\(r.pick(keys))=\(number(&r))\(r.pick(units))")
            case 1: parts.append("\(r.pick(keys))=\(r.pick(words))")
            case 2: parts.append(number(&r) + r.pick(units))
            default: parts.append(r.pick(words))
            }
        }
        return "[[" + parts.joined(separator: r.below(3) == 0 ? ", " : " ") + (r.below(12) == 0 ? "" : "]]")
    }

    static func script(_ r: inout Random) -> String {
        var blocks: [String] = []
        if r.below(3) == 0 { blocks.append("Title: Fuzz\nMax cut: \(number(&r))\(r.pick(units))\nPalette: \(r.pick(words))") }
        for _ in 0..<(1 + r.below(12)) {
            switch r.below(9) {
            case 0: blocks.append(r.pick(["INT.", "EXT.", "INT./EXT.", "I/E"]) + " ROOM \(r.below(4)) - " + r.pick(["DAY", "NIGHT", "LATER", "CONTINUOUS", ""]))
            case 1, 2: blocks.append(directive(&r))
            case 3: blocks.append(r.pick(["MARGO", "BOB", "MARGO (V.O.)", "BOB (CONT'D)", "ANN ^", "@McKENNA"]) + "\n"
                                  + (r.below(2) == 0 ? r.pick(["(beat)", "(whispering)", "(shouting)", "(", "()"]) + "\n" : "")
                                  + r.pick(["Hello.", "Where is it?", directive(&r), "", "A long line that goes on and on and on, more than forty-two characters, twice over."]))
            case 4: blocks.append(r.pick(["A door SLAMS.", "Rain HAMMERS the roof.", "She waits.", directive(&r) + " The phone RINGS."]))
            case 5: blocks.append(r.pick(["CUT TO:", "DISSOLVE TO:", "FADE OUT.", "SMASH CUT TO:", "FADE IN:", "> WHIP PAN TO:", "CUT TO BLACK."]))
            case 6: blocks.append("~" + r.pick(["La la la", directive(&r)]))
            case 7: blocks.append(directive(&r) + "\n" + directive(&r))
            default: blocks.append("[[just a note]] " + directive(&r))
            }
        }
        return blocks.joined(separator: r.below(8) == 0 ? "\n" : "\n\n") + "\n"
    }

    @Test func randomDirectivesNeverTrapAndThePlanStaysADAG() {
        let count = ProcessInfo.processInfo.environment["SCRIPTC_FUZZ_SCRIPTS"].flatMap { Int($0) } ?? 1500
        var r = Random(state: 20261207)
        var withErrors = 0
        for _ in 0..<count {
            let text = Self.script(&r)
            if let dump = ProcessInfo.processInfo.environment["SCRIPTC_FUZZ_DUMP"] { try? text.write(toFile: dump, atomically: false, encoding: .utf8) }
            let unit = compile(text)
            if unit.diagnostics.hasErrors { withErrors += 1 }
            guard let plan = unit.plan else {
                Issue.record("no plan for:\n\(text)")
                continue
            }
            let ok = plan.nodes.enumerated().allSatisfy { i, n in n.id == i && n.durationFrames >= 0 && n.dependencies.allSatisfy { $0 < i } }
            #expect(ok, "malformed plan for:\n\(text)")
            #expect(plan.durationFrames == unit.episode.durationFrames)
        }
        // The generator reaches both well-formed and broken scripts.
        #expect(withErrors > count / 10 && withErrors < count)
    }
}
