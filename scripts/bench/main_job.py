#!/usr/bin/env python3
"""The main job, timed: `brain start` in lockstep over every spot BTCUSDT 1m bar of 2022–2023 with
5m decision points (210,000 round trips between the brain and the runner), for one or more builds
side by side in one run, alternating them so each sees the same machine. Prints wall time,
decision points per second and the agents' time per decision; checks that every build stored the
same run (scripts/soak/compare_runs.py: every table and report file, not only the digest).

Usage (from the repository root):
  scripts/bench/main_job.py BRAIN [BRAIN…] [--runs 1] [--from 2022-01-01 --to 2023-12-31]
Each BRAIN is a `brain` binary with its `prodcore-runner` beside it (copy release builds to fresh
folders). Skipped with a message when ../shared/data/binance is absent (set CRUPTO_BENCH_DATA).
Exits 1 when the builds' runs differ."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DATA = os.environ.get("CRUPTO_BENCH_DATA", "../shared/data/binance")
REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(brain, options, work):
    """One `brain start` in a fresh workspace: (seconds, decisions, agents p50 µs, run id, digest)."""
    shutil.copytree(os.path.join(REPOSITORY, "configs"), os.path.join(work, "configs"))
    os.symlink(os.path.join(REPOSITORY, "data"), os.path.join(work, "data"))
    flags = ["start", "--data", f"{os.path.abspath(DATA)}/spot/monthly/klines/BTCUSDT/1m", "--decision-interval", "5m",
             "--from", options.start, "--to", options.end]
    started = time.monotonic()
    output = subprocess.run([os.path.abspath(brain)] + flags, cwd=work, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if output.returncode != 0:
        sys.exit(f"{brain} failed ({output.returncode}): {output.stderr[-1500:]}")
    text = output.stdout + output.stderr
    decisions = int(re.search(r"^decisions (\d+)", text, re.M).group(1))
    agents = int(re.search(r"agents per decision: p50 (\d+)", text).group(1))
    run_id = re.search(r"^run (\d+) finished", text, re.M).group(1)
    digest = re.search(r"^digest (\w+)", text, re.M).group(1)
    return seconds, decisions, agents, run_id, digest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("brains", nargs="+")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--from", dest="start", default="2022-01-01")
    parser.add_argument("--to", dest="end", default="2023-12-31")
    options = parser.parse_args()
    if not os.path.isdir(DATA):
        print(f"skipped: {DATA} is absent (set CRUPTO_BENCH_DATA)")
        return
    results = {brain: [] for brain in options.brains}
    kept = {}
    with tempfile.TemporaryDirectory() as scratch:
        for attempt in range(options.runs):
            for index, brain in enumerate(options.brains):
                work = os.path.join(scratch, f"{index}-{attempt}")
                os.makedirs(work)
                seconds, decisions, agents, run_id, digest = run(brain, options, work)
                results[brain].append((seconds, decisions, agents, digest))
                kept.setdefault(brain, (os.path.join(work, "storage", "crupto.db"), run_id))
                print(f"  {brain}: {seconds:.1f} s, {decisions} decision points, digest {digest[:16]}…", file=sys.stderr)
        print(f"| build | wall s (median of {options.runs}) | decision points/s | agents p50 µs | digest |")
        print("|---|---|---|---|---|")
        for brain, rows in results.items():
            wall = statistics.median(row[0] for row in rows)
            print(f"| {brain} | {wall:.1f} | {rows[0][1] / wall:,.0f} | {statistics.median(row[2] for row in rows)} | {rows[0][3][:16]}… |")
        differ = False
        first = options.brains[0]
        for brain in options.brains[1:]:
            compare = subprocess.run([sys.executable, os.path.join(REPOSITORY, "scripts/soak/compare_runs.py"), *kept[first], *kept[brain]],
                                     capture_output=True, text=True)
            same = compare.returncode == 0
            differ |= not same
            verdict = "every table and report file equal" if same else "DIFFER:\n" + compare.stdout[-3000:]
            print(f"{brain} vs {first}: {verdict}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
