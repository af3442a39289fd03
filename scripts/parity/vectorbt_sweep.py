#!/usr/bin/env python3
"""The ema_cross sweep of `brain research sweep` against vectorbt's broadcast Portfolio.from_signals:
every combination's trades and final equity (parity), and both engines' speed and peak memory
side by side (the benchmark). Each side runs in a process of its own, so each peak RSS is its own.

Requires: pip install "vectorbt==1.2.*" ta-lib    and a release build of brain.
Run from the repository root:
  python3 scripts/parity/vectorbt_sweep.py                 # the bundled sample (seconds)
  python3 scripts/parity/vectorbt_sweep.py --bench         # 2022-2023 spot BTCUSDT from ../shared (skipped when absent)

The grid is the issue's: fast 5…50 step 5 × slow 20…200 step 20 with fast < slow (90 combinations),
TA-Lib EMA signals as scripts/parity/vectorbt_ema_cross.py builds them, fills at the signal bar's
close, 10 bps fee, fixed 0.01 BTC, 100,000 cash, no data gate, no volume cap, limits that cannot
trigger. Parity: same closed-trade count and final equity within 1e-9 relative, every combination.
Exits 1 on any mismatch."""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vectorbt_ema_cross import PERMISSIVE_GOVERNANCE, load  # noqa: E402

FASTS = list(range(5, 51, 5))
SLOWS = list(range(20, 201, 20))
BRAIN = ".build/release/brain"
SHARED = "../shared/data/binance/spot/monthly/klines/BTCUSDT/1m"


def run_measured(command):
    """Runs `command`; returns its stdout, wall seconds and peak RSS (MiB) from wait4."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        errors = process.stderr.read().decode()
        output.seek(0)
        text = output.read().decode()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:4])}… failed: {errors}")
    return text, seconds, usage.ru_maxrss / 1024, errors


def crupto(paths, workers):
    with tempfile.TemporaryDirectory() as work:
        governance = os.path.join(work, "governance.yaml")
        with open(governance, "w") as handle:
            handle.write(PERMISSIVE_GOVERNANCE)
        command = [BRAIN, "research", "sweep", "--strategy", "ema_cross", "--grid", "fast=5:50:5", "--grid", "slow=20:200:20",
                   "--json", "--workers", str(workers), "--reports", work, "--governance", governance, "--no-data-gate",
                   "--fill", "close", "--fee-bps", "10", "--sizing", "fixed:0.01", "--cash", "100000", "--max-volume-share", "none",
                   "--symbol", "BTCUSDT", "--data", *paths]
        text, seconds, rss, errors = run_measured(command)
    rows = {(int(r["fast"]), int(r["slow"])): (r["trades"], float(r["final_equity"])) for r in json.loads(text)}
    return rows, seconds, rss, errors.strip().splitlines()[-1]


def vectorbt_side(paths, result_file):
    """In its own process: the broadcast from_signals over the grid, twice (the first run compiles)."""
    import numpy as np
    import pandas as pd
    import talib
    import vectorbt as vbt

    close = load(paths)
    pairs = [(f, s) for f in FASTS for s in SLOWS if f < s]
    emas = {n: talib.EMA(close.values, n) for n in set(FASTS + SLOWS)}
    entries, exits = {}, {}
    for fast, slow in pairs:
        difference = emas[fast] - emas[slow]
        previous = np.roll(difference, 1)
        previous[0] = np.nan
        valid = ~np.isnan(difference) & ~np.isnan(previous)
        entries[(fast, slow)] = valid & (difference > 0) & (previous <= 0)
        exits[(fast, slow)] = valid & (difference < 0) & (previous >= 0)
    columns = pd.MultiIndex.from_tuples(pairs, names=["fast", "slow"])
    entries = pd.DataFrame(np.column_stack([entries[p] for p in pairs]), index=close.index, columns=columns)
    exits = pd.DataFrame(np.column_stack([exits[p] for p in pairs]), index=close.index, columns=columns)
    timings = []
    for _ in range(2):
        started = time.monotonic()
        portfolio = vbt.Portfolio.from_signals(close, entries, exits, size=0.01, fees=0.001, init_cash=100_000.0, freq="1min")
        final = portfolio.final_value()
        trades = portfolio.trades.closed.count()
        timings.append(time.monotonic() - started)
    rows = {f"{f},{s}": [int(trades[(f, s)]), float(final[(f, s)])] for f, s in pairs}
    with open(result_file, "w") as handle:
        json.dump({"rows": rows, "first": timings[0], "second": timings[1], "bars": len(close)}, handle)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", action="store_true", help="2022-2023 from ../shared instead of the sample")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--vectorbt-side", nargs=2, metavar=("PATHS_JSON", "RESULT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.vectorbt_side:
        return vectorbt_side(json.loads(options.vectorbt_side[0]), options.vectorbt_side[1])
    paths = sorted(glob.glob(f"{SHARED}/*.zip")) if options.bench else sorted(glob.glob("data/sample/spot/monthly/klines/BTCUSDT/1m/*.zip"))
    if not paths:
        print(f"no data under {SHARED}: the benchmark needs ../shared (skipped)")
        return 0
    ours, our_seconds, our_rss, our_line = crupto(paths, options.workers)
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        _, their_seconds, their_rss, _ = run_measured([sys.executable, __file__, "--vectorbt-side", json.dumps(paths), result.name])
        theirs = json.load(open(result.name))
    bars = theirs["bars"]
    mismatches = 0
    for key, (trades, equity) in theirs["rows"].items():
        fast, slow = map(int, key.split(","))
        our_trades, our_equity = ours[(fast, slow)]
        difference = abs(our_equity - equity) / abs(equity)
        if our_trades != trades or difference > 1e-9:
            mismatches += 1
            print(f"fast={fast} slow={slow}: trades {our_trades} / {trades}, final equity {our_equity:.8f} / {equity:.8f} ({difference:.2e})")
    combinations = len(theirs["rows"])
    print(f"parity: {combinations - mismatches}/{combinations} combinations with the same trades and final equity (≤ 1e-9 relative)")
    work = combinations * bars
    print(f"{combinations} combinations × {bars:,} bars = {work / 1e6:.1f} M combination-bars")
    print(f"crupto   brain research sweep, {options.workers} workers: {our_seconds:6.1f} s wall (load included), "
          f"{work / our_seconds / 1e6:5.2f} M combination-bars/s, peak RSS {our_rss:,.0f} MiB   [{our_line}]")
    print(f"vectorbt from_signals broadcast:   {theirs['second']:6.1f} s second call ({theirs['first']:.1f} s first, compiling), "
          f"{work / theirs['second'] / 1e6:5.2f} M combination-bars/s, process {their_seconds:.1f} s wall, peak RSS {their_rss:,.0f} MiB")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
