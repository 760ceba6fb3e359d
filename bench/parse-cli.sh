#!/usr/bin/env bash
# Times the whole `scriptc parse --json` process (start-up, reading, parsing, JSON output) with
# hyperfine on two generated inputs: a ~200 KB feature and a ~5 MB season of 10 episodes.
# Usage: bench/parse-cli.sh [--runs N]      (from the repository root; needs hyperfine)
# The inputs come from `scriptc-bench gen` (seeded, so every run parses the same bytes).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
if [[ "${1:-}" == "--runs" ]]; then runs="$2"; fi
scratch="${SCRATCH:-.build-ex}"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "hyperfine is missing; installing it (apt-get install -y hyperfine)" >&2
    apt-get install -y hyperfine >/dev/null
fi

swift build -c release --scratch-path "$scratch" --product scriptc >&2
swift build -c release --scratch-path "$scratch" --product scriptc-bench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/scriptc-bench" gen --bytes 200000 --seed 42 > "$work/feature.fountain"
"$bin/scriptc-bench" gen --bytes 5000000 --episodes 10 --seed 42 > "$work/season.fountain"
ls -l "$work"/*.fountain >&2

hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/results.md" \
    -n "feature $(wc -c < "$work/feature.fountain") B" "$bin/scriptc parse --json --quiet $work/feature.fountain > /dev/null" \
    -n "season $(wc -c < "$work/season.fountain") B" "$bin/scriptc parse --json --quiet $work/season.fountain > /dev/null" \
    -n "cat season (baseline)" "cat $work/season.fountain > /dev/null"
cat "$work/results.md"
