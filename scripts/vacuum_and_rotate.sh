#!/usr/bin/env bash
# Storage upkeep (docs/operations.md), named by the Monitor agent's `database_large` alert: prune the
# per-bar rows of old finished runs and old report folders (configs/maintenance.yaml), give the
# space back to the file system (skipped with a message while a session records: VACUUM would
# block its commits), and remove old log files. Extra flags go to every step, e.g. --db FILE.
#   scripts/vacuum_and_rotate.sh [--db storage/crupto.db] [--reports reports] [--logs storage/logs] [--config FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
brain=${BRAIN:-.build/release/brain}
[ -x "$brain" ] || { swift build -c release >&2; }
"$brain" maintenance prune "$@"
"$brain" maintenance vacuum "$@" || echo "vacuum skipped (see above); run this script again when no session runs" >&2
"$brain" maintenance rotate "$@"
