#!/usr/bin/env bash
# The live soak (docs/live.md): 24 hours of market time against the fake exchange, a fault every
# market hour, RSS sampled. Not part of CI. Extra flags go to scripts/soak/live_soak.py, e.g.
#   scripts/soak.sh --hours 168 --speed 1200 --kills 10
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release
exec scripts/soak/live_soak.py "$@"
