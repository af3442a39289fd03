#!/usr/bin/env bash
# The main job: builds the brain and the runner and runs `brain start` — by default a lockstep
# replay of the bundled real Binance sample (data/sample) at full speed, driven by the agents; it
# prints the run id, the digest and the report folder (reports/run_<stamp>_<id>/). Arguments are
# passed to `brain start` (for example --feed synthetic --seed 7, or --speed 3600). BRAIN=PATH
# runs that brain (with its prodcore-runner beside it) instead of building one, like
# scripts/vacuum_and_rotate.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${BRAIN:-}" ]; then
    swift build -c release --product brain
    swift build -c release --product prodcore-runner
fi
exec "${BRAIN:-.build/release/brain}" start "$@"
