#!/usr/bin/env bash
# Builds Crupto and runs every test. Installs missing system packages when run as root.
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# linux-libc-dev: the Landlock header of the runner's sandbox; util-linux: setpriv, which the
# runner tests use to connect as another user; prometheus: promtool for the dashboard files and
# the server ObservabilityTests scrapes a real session with; binutils: nm, for the module check;
# librsvg2-bin: rsvg-convert renders the report's charts as a viewer would.
SYSTEM_PACKAGES=(libsqlite3-dev libssl-dev libcurl4-openssl-dev libyaml-dev zlib1g-dev linux-libc-dev util-linux prometheus binutils librsvg2-bin)

install_missing_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing system packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# pyarrow reads back every Parquet file the tests and the report check write.
ensure_pyarrow() {
    python3 -c "import pyarrow" 2>/dev/null && return 0
    echo "installing pyarrow"
    python3 -m pip install --quiet pyarrow
}

# A real run's report: Parquet read by pyarrow against the CSV, manifest hashes, summary and chart
# numbers recomputed from the exported tables, both charts rendered; then tampered copies (a
# summary number, a chart's title), which the check must reject.
check_a_real_report() {
    local work
    work=$(mktemp -d)
    .build/debug/brain backtest --strategy range_rev_5m --strategy breakout_4h \
        --strategy funding_rev:entry_bps=1.5,exit_bps=0.5 --symbol BTCUSDT --kill-switch 2023-03-20T00:00:00Z,flatten \
        --db "$work/crupto.db" --reports "$work/reports" > /dev/null
    local report=("$work"/reports/run_*)
    python3 scripts/report/check_report.py "${report[0]}"
    rsvg-convert "${report[0]}/equity.svg" -o "$work/equity.png"
    rsvg-convert "${report[0]}/trades.svg" -o "$work/trades.png"
    cp -r "${report[0]}" "$work/tampered"
    sed -i 's/^| Return | .* |$/| Return | 12.345678 % |/' "$work/tampered/summary.md"
    if python3 scripts/report/check_report.py "$work/tampered" > /dev/null; then
        echo "check_report.py accepted a summary.md with a wrong return" >&2
        exit 1
    fi
    cp -r "${report[0]}" "$work/tampered-chart"
    sed -i 's/return [−+][0-9.]* %/return +12.34 %/' "$work/tampered-chart/equity.svg"
    if python3 scripts/report/check_report.py "$work/tampered-chart" > /dev/null; then
        echo "check_report.py accepted an equity.svg with a wrong return" >&2
        exit 1
    fi
    rm -rf "$work"
}

# A real gate report: its out-of-sample profit factor, drawdown ratio and correlation recomputed
# from the tables it exported; then a copy with a changed number, which the check must reject.
check_a_real_gate() {
    local work
    work=$(mktemp -d)
    # The shipped candidate fails the gate on the sample (exit 1): its numbers are what is checked.
    .build/debug/brain research gate research_lab/range_rev_btc_usdm_5m.yaml --reports "$work" > /dev/null || true
    local gate=("$work"/gate_*)
    python3 scripts/research/check_gate.py "${gate[0]}"
    cp -r "${gate[0]}" "$work/tampered"
    python3 - "$work/tampered/gate.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for check in report["checks"]:
    if check["name"] == "correlation of daily returns with the portfolio":
        check["value"] = 0.01
json.dump(report, open(sys.argv[1], "w"))
PY
    if python3 scripts/research/check_gate.py "$work/tampered" > /dev/null; then
        echo "check_gate.py accepted a gate.json with a wrong correlation" >&2
        exit 1
    fi
    rm -rf "$work"
}

# The Prometheus files: config and rules valid, every alert rule's unit tests pass. (promtool
# check metrics runs on real scrapes of both processes in ObservabilityTests.)
check_prometheus_files() {
    promtool check config dashboards/prometheus/prometheus.yml
    promtool check rules dashboards/prometheus/alerts.yml
    promtool test rules dashboards/prometheus/alerts_test.yml
}

# Module boundaries (ARCHITECTURE.md §2): no two folders of a target use each other, and the
# runner links nothing that stands in for the outside world.
check_module_boundaries() {
    python3 scripts/check/folder_cycles.py
    # Swift symbols carry their module, mangled: s11ExchangeSim…
    if nm .build/debug/prodcore-runner | grep -q "s11ExchangeSim"; then
        echo "prodcore-runner links ExchangeSim (the synthetic market, the fake exchange)" >&2
        exit 1
    fi
}

install_missing_packages
ensure_pyarrow
check_prometheus_files
swift --version
swift build --build-tests
check_module_boundaries
# The live feed's in-process tests time their fake exchange by the wall clock: they run alone,
# after the rest, whose blocking process tests would otherwise starve their async tasks.
swift test --skip-build --skip LiveFeedAgainstFakeExchangeTests
swift test --skip-build --filter LiveFeedAgainstFakeExchangeTests
check_a_real_report
check_a_real_gate
# Every command README.md and docs/*.md show, run as a reader pastes them, in a workspace of its own
# (scripts/check/docs_commands.py names those it does not run and why).
python3 scripts/check/docs_commands.py --bin .build/debug
