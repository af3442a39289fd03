#!/usr/bin/env python3
"""Two builds of `brain`, side by side in one run: the engine's bars/s and the digest of the same
`brain backtest`, alternating the builds so both see the same machine. For refactors that must not
change results or slow the engine down.

Usage (from the repository root):
  scripts/bench/compare_builds.py OLD_BRAIN NEW_BRAIN [--runs 5] [-- BACKTEST FLAGS…]
Default flags: ema_cross and the four strategies on spot BTCUSDT 2022–2023 from ../shared/data/binance
(skipped with a message when that data is absent). Exits 1 when a digest differs."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

DATA = os.environ.get("CRUPTO_BENCH_DATA", "../shared/data/binance")
CASES = {
    "ema_cross, spot BTCUSDT": ["--strategy", "ema_cross", "--data", f"{DATA}/spot"],
    "four strategies, spot + perpetual BTCUSDT": [
        "--strategy", "ema_cross", "--strategy", "range_rev_5m", "--strategy", "breakout_4h",
        "--strategy", "funding_rev", "--data", f"{DATA}/spot", f"{DATA}/futures/um"],
}


def run(brain, flags, work):
    output = subprocess.run([brain, "backtest", "--json", "--db", f"{work}/crupto.db", "--reports", f"{work}/reports"] + flags,
                            capture_output=True, text=True)
    if output.returncode != 0:
        sys.exit(f"{brain} failed: {output.stderr[-1500:]}")
    result = json.loads(output.stdout)
    return result["engine_bars_per_second"], result["digest"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("flags", nargs="*")
    options = parser.parse_intermixed_args()
    if not options.flags and not os.path.isdir(DATA):
        print(f"skipped: {DATA} is absent (set CRUPTO_BENCH_DATA)")
        return
    cases = {"given flags": options.flags} if options.flags else CASES
    differ = False
    for name, flags in cases.items():
        speeds = {"old": [], "new": []}
        digests = {}
        for _ in range(options.runs):
            for build in ("old", "new"):
                with tempfile.TemporaryDirectory() as work:
                    speed, digest = run(getattr(options, build), flags, work)
                speeds[build].append(speed)
                digests.setdefault(build, set()).add(digest)
        same = digests["old"] == digests["new"] and len(digests["old"]) == 1
        differ |= not same
        print(f"{name}: old {statistics.median(speeds['old']) / 1e6:.2f} M bars/s, new {statistics.median(speeds['new']) / 1e6:.2f} M bars/s "
              f"(median of {options.runs}); digest {'identical ' + next(iter(digests['old']))[:16] + '…' if same else 'DIFFERS: ' + str(digests)}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
