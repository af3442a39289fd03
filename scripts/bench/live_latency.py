#!/usr/bin/env python3
"""Live feed benchmark against `brain fake-exchange`: REST backfill throughput (a month of 1m bars
of two instruments) and the latency from a streamed closed kline to the engine having processed it
(its fills decided), for every streamed bar and for those that opened a decision point (which
includes the brain's answer over the socket), p50/p99, as the runner measured them (feed.json).

Usage (from the repository root, after `swift build -c release`):
  scripts/bench/live_latency.py [--speed 60] [--stream-minutes 60] [--bin .build/release]"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed", type=float, default=60)
    parser.add_argument("--stream-minutes", type=int, default=60)
    parser.add_argument("--bin", default=".build/release")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="crupto-live-bench-")
    brain = os.path.abspath(f"{options.bin}/brain")
    fake = subprocess.Popen([brain, "fake-exchange", "--start", "2023-03-01T00:00Z", "--speed", str(options.speed)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    fake.stdout.readline()
    flags = fake.stdout.readline().split()[4:]
    until = f"2023-03-01T{options.stream_minutes // 60:02d}:{options.stream_minutes % 60:02d}Z"
    started = time.monotonic()
    result = subprocess.run([brain, "start", "--json", "--feed", "live", *flags, "--symbols", "BTCUSDT,BTCUSDT:usdm",
                             "--from", "2023-02-01T00:00Z", "--until", until, "--decision-interval", "5m",
                             "--db", f"{work}/crupto.db", "--reports", f"{work}/reports", "--socket", f"{work}/run/prodcore.sock",
                             "--metrics-port", "0", "--runner-metrics-port", "0"], capture_output=True, text=True)
    wall = time.monotonic() - started
    fake.terminate()
    fake.wait()
    if result.returncode != 0:
        print(result.stderr)
        return 1
    summary = json.loads(result.stdout)
    feed = json.load(open(os.path.join(summary["report"], "feed.json")))
    bars, seconds = feed["backfilledBars"], feed["backfillSeconds"]
    print(f"session: 2023-02-01 … {until} on BTCUSDT spot + BTCUSDT usdm, {wall:.1f} s wall, digest {summary['digest']}")
    print(f"backfill: {bars} bars in {seconds:.2f} s of REST requests = {bars / seconds:,.0f} bars/s; weight spent {feed['weightSpent']} "
          f"(budget 1,200/min), 429s {feed['tooManyRequests']}")
    for name in ("streamedBars", "decisionBars"):
        latency = feed["latency"][name]
        print(f"kline → fills decided, {name}: n {latency['count']}, p50 {latency['p50']} µs, p99 {latency['p99']} µs, max {latency['max']} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
