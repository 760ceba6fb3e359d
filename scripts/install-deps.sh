#!/usr/bin/env bash
# Installs the Debian packages scriptc builds and runs with, when they are missing.
# Runs apt-get as root, or through sudo; does nothing when everything is present.
# Usage: scripts/install-deps.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

packages=(
  pkg-config
  libxml2-dev                      # FDX reading and writing
  libssl-dev                       # SHA-256 (content hashes)
  libespeak-ng-dev espeak-ng-data  # speech
  libfluidsynth-dev timgm6mb-soundfont  # music
  libsndfile1-dev                  # audio files
  libopenblas-dev                  # mixing
  libcairo2-dev libpango1.0-dev fonts-courier-prime fonts-dejavu-core  # storyboard cards
  ffmpeg                           # encoding
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3-pip)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "scriptc: installing ${missing[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" ]]; then
  # The timeline tests load the .otio files with the real OpenTimelineIO library;
  # the grammar check compiles the TextMate patterns with the `regex` module.
  python3 -c "import opentimelineio" 2>/dev/null || python3 -m pip install -q opentimelineio 2>/dev/null \
    || python3 -m pip install -q --break-system-packages opentimelineio
  python3 -c "import regex" 2>/dev/null || python3 -m pip install -q regex 2>/dev/null \
    || python3 -m pip install -q --break-system-packages regex || true
fi
command -v swift >/dev/null || { echo "scriptc: a Swift 6 toolchain must be on PATH (https://swift.org/install)" >&2; exit 1; }
