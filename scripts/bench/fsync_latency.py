#!/usr/bin/env python3
"""How long this disk takes to make a small append durable: 4 KiB written and `fdatasync`ed, as
SQLite does to its write-ahead log at each commit (`PRAGMA synchronous=FULL`, the database's
setting). A plan's ack waits for such a commit, so this is the floor of the plan round trip
(DEVELOPERS.md, "The main job").

Usage: scripts/bench/fsync_latency.py [FOLDER (default storage)] [--count 1000]"""
import argparse
import os
import statistics
import tempfile
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("folder", nargs="?", default="storage")
parser.add_argument("--count", type=int, default=1000)
options = parser.parse_args()
os.makedirs(options.folder, exist_ok=True)
with tempfile.NamedTemporaryFile(dir=options.folder) as file:
    durations = []
    for _ in range(options.count):
        os.write(file.fileno(), b"\0" * 4096)
        started = time.perf_counter()
        os.fdatasync(file.fileno())
        durations.append((time.perf_counter() - started) * 1e6)
durations.sort()
def at(share):
    return durations[min(len(durations) - 1, int(share * len(durations)))]
print(f"fdatasync of a 4 KiB append in {options.folder}, {options.count} times: "
      f"p50 {at(0.5):.0f} µs, p99 {at(0.99):.0f} µs, max {durations[-1]:.0f} µs, mean {statistics.mean(durations):.0f} µs")
