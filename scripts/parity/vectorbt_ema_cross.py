#!/usr/bin/env python3
"""Parity check: `brain backtest` ema_cross against vectorbt's Portfolio.from_signals.

Requires: pip install "vectorbt==1.2.*" ta-lib    and a release build of brain.
Run from the repository root:  python3 scripts/parity/vectorbt_ema_cross.py [ZIP…]

Both sides get the same real bars (default: the bundled spot BTCUSDT sample) and the same
signals: EMA(fast) crossing EMA(slow) with TA-Lib's EMA (which Crupto reproduces bit for bit),
fills at the signal bar's close, a 10 bps fee, 10,000 cash. Two sizings are compared:
fixed 0.01 BTC (required relative difference of final equity <= 1e-9) and all-in with a 1e-8
quantity step, since vectorbt sizes fractionally (<= 1e-6). Trade count and every entry and
exit bar must be identical. vectorbt has no governor, so Crupto runs with limits that cannot
trigger (max daily loss 99 %, exposure 100 %) and without the data-quality gate (the sample
holds the 2023-03-24 outage, after which Crupto would pause entries). Exits 1 on any mismatch.
"""
import csv
import datetime
import glob
import io
import json
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import pandas as pd
import talib
import vectorbt as vbt

FAST, SLOW, FEE_BPS, CASH = 20, 50, 10, 10_000.0
BRAIN = ".build/release/brain"


def load(paths):
    rows = []
    for path in sorted(paths):
        with zipfile.ZipFile(path) as archive:
            (name,) = archive.namelist()
            rows += [line.split(",") for line in archive.read(name).decode().splitlines() if line[:1].isdigit()]
    index = pd.to_datetime([int(r[0]) for r in rows], unit="ms", utc=True)
    return pd.Series([float(r[4]) for r in rows], index=index)


def signals(close):
    fast = pd.Series(talib.EMA(close.values, FAST), index=close.index)
    slow = pd.Series(talib.EMA(close.values, SLOW), index=close.index)
    difference, previous = fast - slow, (fast - slow).shift(1)
    valid = difference.notna() & previous.notna()
    return valid & (difference > 0) & (previous <= 0), valid & (difference < 0) & (previous >= 0)


PERMISSIVE_GOVERNANCE = ('max_daily_loss_pct: "99"\nmax_gross_exposure_pct: "100"\nmax_position_notional: "100000000"\n'
                         'max_leverage: "1"\n')


def crupto(paths, sizing, extra):
    with tempfile.NamedTemporaryFile(suffix=".csv") as trades, \
            tempfile.NamedTemporaryFile("w", suffix=".yaml") as governance:
        governance.write(PERMISSIVE_GOVERNANCE)
        governance.flush()
        command = [BRAIN, "backtest", "--governance", governance.name, "--no-data-gate", "--strategy", f"ema_cross:fast={FAST},slow={SLOW}", "--symbol", "BTCUSDT",
                   "--fill", "close", "--fee-bps", str(FEE_BPS), "--max-volume-share", "none", "--cash", str(int(CASH)), "--sizing", sizing,
                   "--json", "--no-record", "--trades", trades.name, "--data", *paths, *extra]
        summary = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        with open(trades.name) as handle:
            records = list(csv.DictReader(handle))
    return summary, [(epoch_ms(r["entry_time"]), epoch_ms(r["exit_time"])) for r in records]


def epoch_ms(iso):
    """The trades CSV's ISO 8601 UTC time as epoch milliseconds."""
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def vectorbt(close, entries, exits, size):
    portfolio = vbt.Portfolio.from_signals(close, entries, exits, size=size, fees=FEE_BPS / 10_000,
                                           init_cash=CASH, freq="1min")
    trades = portfolio.trades.records_readable
    closed = trades[trades["Status"] == "Closed"]
    to_ms = lambda column: [int(t.value // 1_000_000) for t in closed[column]]
    return float(portfolio.final_value()), list(zip(to_ms("Entry Timestamp"), to_ms("Exit Timestamp")))


def main():
    paths = sys.argv[1:] or glob.glob("data/sample/spot/monthly/klines/BTCUSDT/1m/*.zip")
    close = load(paths)
    entries, exits = signals(close)
    failures = 0
    for label, sizing, extra, size, tolerance in [
        ("fixed 0.01", "fixed:0.01", [], 0.01, 1e-9),
        ("all-in", "all_in", ["--step-size", "0.00000001"], np.inf, 1e-6),
    ]:
        summary, our_trades = crupto(paths, sizing, extra)
        their_equity, their_trades = vectorbt(close, entries, exits, size)
        our_equity = float(summary["final_equity"])
        difference = abs(our_equity - their_equity) / abs(their_equity)
        same_trades = our_trades == their_trades
        ok = difference <= tolerance and same_trades
        failures += not ok
        print(f"{label:>10}: bars {summary['bars']}, trades crupto {len(our_trades)} / vectorbt {len(their_trades)}, "
              f"same entry and exit bars: {same_trades}; final equity crupto {our_equity:.8f} / vectorbt "
              f"{their_equity:.8f}, relative difference {difference:.3e} (limit {tolerance:g}) -> {'OK' if ok else 'FAIL'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
