#!/usr/bin/env bash
# The cost of metrics on replay throughput: `brain start` over real data with both metrics
# endpoints on (and scraped every second, as Prometheus would) against both off, alternating,
# RUNS times each. Prints each run's wall time and the median difference.
# Usage: scripts/bench/metrics_cost.sh [RUNS] [FROM] [TO] [DECISION_INTERVAL]
#   (release build; spot BTCUSDT from CRUPTO_BENCH_DATA, default ../shared/data/binance; 5m decision
#   points by default: the most metric updates per bar)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
from=${2:-2022-01-01}
to=${3:-2022-12-31}
interval=${4:-5m}
data=${CRUPTO_BENCH_DATA:-../shared/data/binance}/spot
if [ ! -d "$data" ]; then
    echo "skipped: no data in $data (set CRUPTO_BENCH_DATA)"
    exit 0
fi
swift build -c release --product brain > /dev/null 2>&1
swift build -c release --product prodcore-runner > /dev/null 2>&1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

one_run() { # $1 = on|off; prints wall seconds
    local ports=(--metrics-port 0 --runner-metrics-port 0) scraper=""
    if [ "$1" = on ]; then
        ports=(--metrics-port 19463 --runner-metrics-port 19464)
        (while true; do curl -s 127.0.0.1:19463/metrics > /dev/null; curl -s 127.0.0.1:19464/metrics > /dev/null; sleep 1; done) &
        scraper=$!
    fi
    rm -rf "$work/run"
    local start end
    start=$(date +%s.%N)
    .build/release/brain start --data "$data" --from "$from" --to "$to" --decision-interval "$interval" "${ports[@]}" \
        --db "$work/run/crupto.db" --reports "$work/run/reports" --socket "$work/run/prodcore.sock" > /dev/null 2> "$work/err" \
        || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s.%N)
    [ -n "$scraper" ] && kill "$scraper" 2> /dev/null
    echo "$end - $start" | bc
}

on=() off=()
for i in $(seq "$runs"); do
    off+=("$(one_run off)"); echo "run $i metrics off: ${off[-1]} s"
    on+=("$(one_run on)"); echo "run $i metrics on:  ${on[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_on=$(median "${on[@]}") m_off=$(median "${off[@]}")
echo "median: off ${m_off} s, on ${m_on} s, cost $(echo "scale=2; ($m_on - $m_off) * 100 / $m_off" | bc) %"
