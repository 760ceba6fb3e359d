#!/usr/bin/env bash
# FDX benchmark: whole-process time of reading and writing a 300-page Final Draft file.
#   bench/fdx.sh [PAGES]        (needs swift and hyperfine; apt-get install -y hyperfine)
# Builds scriptc in release mode, generates a screenplay with the repository's own generator
# (scriptc-bench gen, from Sources/ScriptGen; a small awk generator if that is unavailable),
# converts it to FDX, then times `convert big.fdx -o x.fountain` (read) and
# `convert big.fountain -o x.fdx` (write).
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-300}"
SCRATCH="${SCRATCH:-.build-bench-fdx}"
swift build -c release --scratch-path "$SCRATCH" --product scriptc >/dev/null
BIN="$SCRATCH/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if swift build -c release --scratch-path "$SCRATCH" --product scriptc-bench >/dev/null 2>&1 \
    && "$BIN/scriptc-bench" gen --pages "$PAGES" >"$work/big.fountain" 2>/dev/null \
    && [ -s "$work/big.fountain" ]; then
    echo "input: scriptc-bench gen --pages $PAGES"
else
    echo "input: built-in awk generator, $PAGES pages"
    awk -v pages="$PAGES" 'BEGIN {
        srand(7); split("MARA JON ELSA BRICK STEEL", who, " ");
        split("the rain the tower a lamp the radio her coat the door", obj, " ");
        print "Title: Benchmark\nAuthor: scriptc\n";
        for (s = 1; s <= pages * 1.7; s++) {
            printf ".INT. ROOM %d - NIGHT #%d#\n\n", s, s;
            for (b = 0; b < 4; b++) {
                printf "!Someone moves %s toward %s, **slowly**, and *waits*.\n\n", obj[int(rand()*7)+1], obj[int(rand()*7)+1];
                printf "@%s\n(quietly)\nWe should go before %s stops. I mean it this time.\n\n", who[int(rand()*5)+1], obj[int(rand()*7)+1];
            }
            print ">CUT TO:\n";
        }
    }' >"$work/big.fountain"
fi
"$BIN/scriptc" convert "$work/big.fountain" -o "$work/big.fdx"
ls -l "$work/big.fountain" "$work/big.fdx" | awk '{ print $5, $9 }'
hyperfine -N --warmup 3 --runs 30 \
    -n "read: convert big.fdx -o x.fountain" "$BIN/scriptc convert $work/big.fdx -o $work/x.fountain" \
    -n "write: convert big.fountain -o x.fdx" "$BIN/scriptc convert $work/big.fountain -o $work/x.fdx"
