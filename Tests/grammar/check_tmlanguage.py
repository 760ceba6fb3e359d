#!/usr/bin/env python3
"""Checks Grammar/fountain.tmLanguage.json: valid JSON, the expected header, every regex compiles,
and a small TextMate-style engine gives the intended scopes to lines of Examples/pilot.fountain.

Run from anywhere: python3 Tests/grammar/check_tmlanguage.py
Uses the `regex` module when installed (closest to Oniguruma: \\p{Lu}, variable lookbehind),
else `re` with the Unicode classes rewritten."""
import json
import pathlib
import sys

try:
    import regex as rx
    HAVE_REGEX = True
except ImportError:  # pragma: no cover
    import re as rx
    HAVE_REGEX = False

ROOT = pathlib.Path(__file__).resolve().parents[2]
GRAMMAR = ROOT / "Grammar" / "fountain.tmLanguage.json"
PILOT = ROOT / "Examples" / "pilot.fountain"


def compile_pattern(src, first_line=True):
    if not first_line:
        src = src.replace(r"\A", "(?!)")
    if not HAVE_REGEX:
        src = src.replace(r"\p{Lu}", "A-Z").replace(r"\p{Ll}", "a-z")
    return rx.compile(src)


def walk(node, path, out):
    if isinstance(node, dict):
        for key in ("match", "begin", "end"):
            if key in node:
                out.append((f"{path}.{key}", node[key]))
        for k, v in node.items():
            walk(v, f"{path}.{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{path}[{i}]", out)


class Engine:
    """Enough of the TextMate algorithm for tests: match/begin-end rules, includes, captures
    with nested patterns, earliest match wins (ties: rule order), one line at a time."""

    def __init__(self, grammar):
        self.g = grammar
        self.repo = grammar["repository"]

    def expand(self, patterns):
        out = []
        for p in patterns:
            if "include" in p:
                inc = p["include"]
                target = self.repo[inc[1:]] if inc.startswith("#") else self.g
                out.extend(self.expand(target["patterns"]) if "patterns" in target and "match" not in target and "begin" not in target else [target])
            else:
                out.append(p)
        return out

    def tokenize(self, text):
        stack = []  # (rule, end regex source)
        lines = text.split("\n")
        result = []
        for n, line in enumerate(lines):
            scopes = []
            self.line(line, 0, stack, scopes, first=(n == 0))
            result.append((line, scopes))
        return result

    def add_captures(self, rule_caps, m, scopes, base):
        for k, cap in (rule_caps or {}).items():
            k = int(k)
            if m.group(k) is None or m.start(k) == m.end(k):
                continue
            if "name" in cap:
                scopes.append((m.start(k), m.end(k), base + [cap["name"]]))
            if "patterns" in cap:
                self.line(m.group(k), 0, [], scopes, offset=m.start(k), base=base + ([cap["name"]] if "name" in cap else []), patterns=cap["patterns"])

    def line(self, line, pos, stack, scopes, first=False, offset=0, base=None, patterns=None):
        base = base or []
        while pos <= len(line):
            if stack:
                rule = stack[-1]
                names = [r.get("name") for r in stack if r.get("name")]
                candidates = self.expand(rule.get("patterns", []))
                end = compile_pattern(rule["end"]).search(line, pos)
            else:
                names = []
                candidates = self.expand(patterns if patterns is not None else self.g["patterns"])
                end = None
            best = None
            for c in candidates:
                src = c.get("match", c.get("begin"))
                m = compile_pattern(src, first).search(line, pos)
                if m and (best is None or m.start() < best[1].start()):
                    best = (c, m)
            nxt = end.start() if end and (best is None or end.start() <= best[1].start()) else (best[1].start() if best else None)
            if names and nxt is not None and nxt > pos:
                scopes.append((offset + pos, offset + nxt, base + names))  # text inside the open rule
            if end and (best is None or end.start() <= best[1].start()):
                scopes.append((offset + end.start(), offset + end.end(), base + names))
                stack.pop()
                pos = end.end() if end.end() > pos else pos + 1
                if end.end() == end.start() and not stack:
                    continue
                continue
            if best is None:
                if names:
                    scopes.append((offset + pos, offset + len(line), base + names))
                return
            c, m = best
            scope = base + names + ([c["name"]] if c.get("name") else [])
            scopes.append((offset + m.start(), offset + m.end(), scope))
            if "match" in c:
                self.add_captures(c.get("captures"), m, scopes, scope)
                pos = m.end() if m.end() > pos else pos + 1
            else:
                self.add_captures(c.get("beginCaptures", c.get("captures")), m, scopes, scope)
                stack.append(c)
                pos = m.end()
                if m.end() == m.start() and pos >= len(line):
                    return
            if pos >= len(line):
                return


def scopes_at(tokens, line_text, needle):
    for line, scopes in tokens:
        if line == line_text:
            i = line.index(needle)
            found = set()
            for s, e, names in scopes:
                if s <= i < e or (s == e == i):
                    found.update(names)
            return found
    raise AssertionError(f"line not in the example: {line_text!r}")


def main():
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    assert grammar["scopeName"] == "text.fountain", "scopeName"
    assert set(grammar["fileTypes"]) >= {"fountain", "spmd"}, "fileTypes"
    regexes = []
    walk(grammar, "$", regexes)
    for where, src in regexes:
        try:
            compile_pattern(src)
        except Exception as e:  # noqa: BLE001
            raise AssertionError(f"{where}: {src!r} does not compile: {e}")
    print(f"{len(regexes)} regexes compile ({'regex' if HAVE_REGEX else 're'} module)")

    tokens = Engine(grammar).tokenize(PILOT.read_text(encoding="utf-8"))
    expect = [
        ("Title:", "Title", "keyword.other.title-page.key.fountain"),
        ("\t_**DEAD AIR**_", "DEAD", "markup.bold.fountain"),
        ("\t_**DEAD AIR**_", "DEAD", "markup.underline.fountain"),
        ("Draft date: 25 November 2026", "25", "string.unquoted.title-page.value.fountain"),
        ("[[@style palette=noir grain=35mm]]", "style", "keyword.control.directive.fountain"),
        ("[[@style palette=noir grain=35mm]]", "palette", "variable.parameter.directive.key.fountain"),
        ("[[@pause 1.5s]]", "1.5s", "constant.numeric.directive.fountain"),
        ("# ACT ONE", "ACT", "markup.heading.section.fountain"),
        ("= On its last night on the air, a coastal station takes one more call.", "On its", "comment.line.synopsis.fountain"),
        ("EXT. HARROW POINT - RADIO MAST - NIGHT #1#", "HARROW", "entity.name.section.scene-heading.fountain"),
        ("EXT. HARROW POINT - RADIO MAST - NIGHT #1#", "#1#", "constant.numeric.scene-number.fountain"),
        ("INT./EXT. McBRIDE'S CAR - OUTSIDE THE HUT - CONTINUOUS #2A#", "#2A#", "constant.numeric.scene-number.fountain"),
        ("I/E GULL ISLAND - O'SHEA'S COTTAGE - NIGHT #3#", "GULL", "entity.name.section.scene-heading.fountain"),
        (".HARROW HARBOR, FROM THE SEA WALL", ".", "keyword.operator.forced.heading.fountain"),
        ("ROZ", "ROZ", "entity.name.tag.character.fountain"),
        ("ÉTIENNE", "ÉTIENNE", "entity.name.tag.character.fountain"),
        ("O'SHEA (V.O.)", "(V.O.)", "storage.modifier.extension.fountain"),
        ("@McBRIDE", "@", "keyword.operator.forced.character.fountain"),
        ("@McBRIDE ^", "^", "keyword.operator.dual-dialogue.fountain"),
        ("(whispering)", "whispering", "meta.parenthetical.fountain"),
        ("It's me, Dot.", "Dot", "string.other.dialogue.fountain"),
        ("It's me, Dot.", "Dot", "meta.dialogue-block.fountain"),
        ("~Oh, the tide goes out and the tide comes in,", "tide", "markup.quote.lyrics.fountain"),
        ("CUT TO:", "CUT", "keyword.other.transition.fountain"),
        ("SMASH CUT TO:", "SMASH", "keyword.other.transition.fountain"),
        (">FADE OUT.", "FADE", "keyword.other.transition.fountain"),
        (">THE END<", "THE", "markup.other.centered.fountain"),
        ("!THE PHONE LINE GOES DEAD.", "!", "keyword.operator.forced.action.fountain"),
        ("===", "=", "meta.separator.page-break.fountain"),
        ("A sticky note on the desk reads \\*DO NOT TOUCH\\* in Étienne's hand. Roz touches it.", "\\*", "constant.character.escape.fountain"),
        ("Someone has taped a sheet of paper over the word VOICE. It says *FOR SALE*.", "FOR", "markup.italic.fountain"),
        ("I've had a fall, pet. Off the porch, like a fool. The phone's gone. I'm not bleeding much. I'm bleeding ***some***.", "some", "markup.bold.italic.fountain"),
        ("Harrow Point, this is Gull Island. They came, pet. Seven boats. Brendan is _furious_.", "furious", "markup.underline.fountain"),
        ("She kills the mic. [[Hold on the dark bulb a beat longer than is comfortable.]] The bulb goes dark.", "Hold", "comment.block.note.fountain"),
        ("Brass, bakelite, a dial that glows orange when it warms up.]]", "Brass", "comment.block.note.fountain"),
        ("A room the size of a lifeboat. Egg-crate foam, a kettle, a cot /* a framed photo of the 1987 staff */ and a mixing desk older than anyone who works it.", "framed", "comment.block.boneyard.fountain"),
        ("Over my dead body, Graham.", "dead", "comment.block.boneyard.fountain"),
    ]
    failures = 0
    for line, needle, scope in expect:
        got = scopes_at(tokens, line, needle)
        if scope not in got:
            failures += 1
            print(f"FAIL {line!r} at {needle!r}: want {scope}, got {sorted(got)}")
    # Things that must NOT happen.
    negative = [
        ("Wind off the sea. A lattice mast leans into the dark, one red lamp blinking at its crown.", "Wind", "entity.name.tag.character.fountain"),
        ("Roz keys the mic. The bulb glows.", "Roz", "string.other.dialogue.fountain"),
    ]
    for line, needle, scope in negative:
        if scope in scopes_at(tokens, line, needle):
            failures += 1
            print(f"FAIL {line!r} at {needle!r}: should not be {scope}")
    if failures:
        print(f"{failures} failures")
        return 1
    print(f"{len(expect) + len(negative)} scope checks on Examples/pilot.fountain pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
