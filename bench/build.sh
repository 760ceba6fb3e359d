#!/usr/bin/env bash
# Build benchmarks: cold and incremental builds of the example and of a generated 60-page
# episode, against a floor measured in the same run (the same speech, music and encoding done
# by the espeak-ng, fluidsynth and ffmpeg programs alone). Results go to docs/PERFORMANCE.md by hand.
#
#   bench/build.sh [pages]        (default 60; needs .build/release or BIN=path/to/release)
#   NO_FLOOR=1 bench/build.sh     skips the floor (the builds alone)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-60}
BIN=${BIN:-.build/release}
[ -x "$BIN/scriptc-render" ] || swift build -c release --product scriptc-render >/dev/null
[ -x "$BIN/scriptc-bench" ] || swift build -c release --product scriptc-bench >/dev/null
[ -x "$BIN/scriptc" ] || swift build -c release --product scriptc >/dev/null
WORK=$(mktemp -d /tmp/scriptc-build-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SF2=/usr/share/sounds/sf2/TimGM6mb.sf2

"$BIN/scriptc-bench" gen --pages "$PAGES" > "$WORK/ep$PAGES.fountain"

peak() { awk -F: '/Maximum resident/ {gsub(/ /,"",$2); printf "%.0f MB", $2/1024}' "$1"; }

# One build: prints wall seconds, the summary line and peak memory.
build() {  # name file out
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v "$BIN/scriptc-render" "$2" -o "$3" --quiet 2> "$WORK/time.txt" >/dev/null
  t1=$(date +%s.%N)
  printf '%-28s %7.1f s  peak %s\n' "$1" "$(echo "$t1 - $t0" | bc)" "$(peak "$WORK/time.txt")"
}

# The floor: what the three programs need for the same work, one process per call as a shell
# script would do it, run as parallel as the build (speech serial, like the build's speech lane).
floor() {  # file out
  local plan="$2/plan.json"
  "$BIN/scriptc" build "$1" --emit plan > "$plan" 2>/dev/null
  python3 - "$plan" "$2" > "$2/floor.sh" <<'PY'
import json, shlex, sys
plan = json.load(open(sys.argv[1])); out = sys.argv[2]
lines = []
for n in plan["nodes"]:
    i = n["inputs"]
    if n["kind"] == "speech":
        v = i["voice"]; name = v["name"].replace("en-gb", "en")
        lines.append(f"espeak-ng -v {shlex.quote(name)} -s {v['rateWPM']} -w {out}/s{n['id']}.wav {shlex.quote(i['text'])}")
print("set -e")
print("\n".join(lines))
PY
  local t0 t1 secs
  t0=$(date +%s.%N)
  bash "$2/floor.sh"
  # Score: a MIDI file of the same total length per music call is not available to the CLI, so
  # the floor renders one scale MIDI (written by python) per music call at its length.
  python3 - "$plan" "$2" <<'PY'
import json, struct, sys
plan = json.load(open(sys.argv[1])); out = sys.argv[2]
def midi(seconds, path):
    ticks = 480; tempo = 500000; beats = int(seconds * 2) + 1
    ev = bytearray(b"\x00\xff\x51\x03" + tempo.to_bytes(3, "big"))
    for b in range(beats):
        ev += bytes([0, 0x90, 60 + b % 12, 80]); ev += bytes([0x83, 0x60, 0x80, 60 + b % 12, 0])
    ev += b"\x00\xff\x2f\x00"
    open(path, "wb").write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, ticks) + b"MTrk" + struct.pack(">I", len(ev)) + ev)
for n in plan["nodes"]:
    if n["kind"] == "music":
        midi(n["durationFrames"] / 24, f"{out}/m{n['id']}.mid")
PY
  for m in "$2"/m*.mid; do [ -e "$m" ] || continue
    fluidsynth -ni -F "${m%.mid}.wav" -r 48000 "$SF2" "$m" >/dev/null 2>&1 & 
    while [ "$(jobs -r | wc -l)" -ge 2 ]; do wait -n; done
  done
  wait
  local frames; frames=$(python3 -c "import json;print(json.load(open('$plan'))['durationFrames'])")
  # Encoding: the same number of still cards and length, with a WAV of the episode's length.
  ffmpeg -v error -y -f lavfi -i "color=c=gray:s=1280x720:r=24" -f lavfi -i "sine=f=220:r=48000" \
    -t "$(echo "$frames / 24" | bc -l)" -c:v libx264 -preset veryfast -crf 23 -tune stillimage -pix_fmt yuv420p \
    -c:a aac -aac_coder fast -aac_ms 0 -aac_pns 0 -aac_tns 0 -aac_is 0 -b:a 128k -shortest "$2/floor.mp4"
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc)
  printf '%-28s %7.1f s  (episode %s frames = %.0f s)\n' "floor (programs alone)" "$secs" "$frames" "$(echo "$frames / 24" | bc -l)"
}

edit_line() {  # file → file with the first dialogue line after the midpoint changed
  python3 - "$1" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
start = len(lines) // 2
for i in range(start, len(lines) - 1):
    if lines[i].strip().isupper() and lines[i].strip() and not lines[i].startswith(("INT", "EXT")) and lines[i + 1].strip() and not lines[i+1].startswith("("):
        lines[i + 1] = "Something else entirely, said instead."
        break
open(sys.argv[1], "w").write("\n".join(lines))
PY
}

for input in Examples/pilot.fountain "$WORK/ep$PAGES.fountain"; do
  name=$(basename "$input" .fountain)
  echo "== $name"
  mkdir -p "$WORK/floor-$name"
  [ -n "${NO_FLOOR:-}" ] || floor "$input" "$WORK/floor-$name"
  rm -rf "$WORK/out-$name"
  build "cold build" "$input" "$WORK/out-$name"
  build "no-op rebuild" "$input" "$WORK/out-$name"
  cp "$input" "$WORK/$name-edit.fountain"; edit_line "$WORK/$name-edit.fountain"
  build "one dialogue line edited" "$WORK/$name-edit.fountain" "$WORK/out-$name"
  "$BIN/scriptc-render" "$WORK/$name-edit.fountain" -o "$WORK/out-$name" 2>&1 >/dev/null | tail -1
done
