#!/usr/bin/env bash
# The main job on the bundled sample (data/sample). Until the brain and the runner land, it
# checks the data, imports it into storage/crupto.db, writes 4h indicators to reports/,
# backtests each strategy alone, then the three trading strategies together in one account
# (range_rev_5m and breakout_4h on spot BTCUSDT, funding_rev on the USDT-M perpetual with funding
# estimated from the premium; ema_cross is the parity reference, not a strategy to run). Every
# backtest is recorded in storage/crupto.db and leaves its report in reports/run_<stamp>_<id>/
# (Parquet, CSV, summary.md, equity.svg, run.log, manifest.json); `brain report list` ends the job.
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
# ema_cross decides on 1h bars here: on 1m bars, fees of 0.1 % a side eat any edge.
"$brain" backtest --strategy ema_cross:fast=20,slow=50 --timeframe 1h --symbol BTCUSDT --stop-loss-pct 2 \
    --cooldown-bars 3
for strategy in range_rev_5m breakout_4h funding_rev:entry_bps=1.5,exit_bps=0.5; do
    "$brain" backtest --strategy "$strategy" --symbol BTCUSDT --stop-loss-pct 2 --cooldown-bars 3
done
"$brain" backtest --strategy range_rev_5m --strategy breakout_4h \
    --strategy funding_rev:entry_bps=1.5,exit_bps=0.5 --symbol BTCUSDT --sizing risk:0.5 --stop-loss-pct 2 \
    --cooldown-bars 3 --max-open-positions 2
"$brain" report list
