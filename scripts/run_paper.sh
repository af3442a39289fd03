#!/usr/bin/env bash
# The main job on the bundled sample (data/sample): until the brain and the engine land, it
# checks the data, imports it into storage/crupto.db and writes 4h indicators to reports/.
# Extra arguments are passed to `brain data check` (for example other files or folders).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product brain
brain=.build/release/brain

"$brain" data check "$@"
"$brain" data import --db storage/crupto.db "$@"
mkdir -p reports
"$brain" data indicators --symbol BTCUSDT --timeframe 4h \
    --indicators ema:20,ema:50,rsi:14,atr:14,adx:14,bb:20:2,macd:12:26:9,donchian:20,rvol:20 \
    --out reports/indicators_BTCUSDT_spot_4h.csv
