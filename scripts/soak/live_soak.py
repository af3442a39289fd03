#!/usr/bin/env python3
"""Live soak: `brain start --feed live` against `brain fake-exchange` for a span of market time,
with an exchange fault every market hour (stream drops, silent windows, zombies, REST 429/503,
duplicate klines throughout) and optionally SIGKILLs of the runner; samples the resident memory
of the brain and the runner; checks every stored bar against the Vision files.

Usage (from the repository root, after `swift build -c release`):
  scripts/soak/live_soak.py [--hours 24] [--speed 600] [--start 2023-03-01T00:00Z] [--kills 0]
                            [--data data/sample/spot] [--symbol BTCUSDT] [--bin .build/release] [--work DIR]

Prints bars expected / journaled / lost / duplicated / altered, the faults scripted, reconnects,
and RSS of both processes at start, after the first market hour, at the end of the session and at
its peak while the report is exported (every sample in WORK/rss.csv). Exit 0 when
nothing was lost, duplicated or altered and the session ended normally."""
import argparse
import csv
import datetime
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from decimal import Decimal


def parse_time(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def faults_yaml(start, hours):
    """One fault per market hour, rotating through the kinds; duplicate klines all along."""
    drops, silent, zombie, rest = [], [], [], []
    for hour in range(1, hours):
        at = start + hour * 3_600_000 + 17 * 60_000
        kind = hour % 4
        if kind == 0:
            drops.append(f'"{iso(at)}"')
        elif kind == 1:
            silent.append(f'{{from: "{iso(at)}", to: "{iso(at + 10 * 60_000)}"}}')
        elif kind == 2:
            # Long enough to last the 2 s of wall time a quiet stream must also last at high speeds.
            zombie.append(f'{{from: "{iso(at)}", to: "{iso(at + 40 * 60_000)}"}}')
        else:
            status = 429 if hour % 8 == 3 else 503
            rest.append(f'{{from: "{iso(at)}", to: "{iso(at + 3 * 60_000)}", status: {status}, retry_after: 1}}')
    text = "duplicate_klines: true\n"
    for key, items in (("drop_streams_at", drops), ("stream_silent", silent), ("zombie", zombie), ("rest_errors", rest)):
        if items:
            text += f"{key}: [{', '.join(items)}]\n"
    return text, len(drops) + len(silent) + len(zombie) + len(rest)


def vision_rows(data, symbol, start, end):
    """{open_time: (o, h, l, c, v, q, n, V, Q)} as 10^-8 integers, from the spot 1m zips under `data`."""
    rows = {}
    for root, _, names in os.walk(data):
        for name in sorted(names):
            if not (name.startswith(f"{symbol}-1m-") and name.endswith(".zip")):
                continue
            with zipfile.ZipFile(os.path.join(root, name)) as archive:
                for member in archive.namelist():
                    for fields in csv.reader(io.TextIOWrapper(archive.open(member), encoding="utf-8")):
                        if not fields or not fields[0].isdigit():
                            continue
                        opened = int(fields[0])
                        opened = opened // 1000 if opened > 10**14 else opened
                        if start <= opened < end:
                            scaled = [int(Decimal(fields[i]) * 100_000_000) for i in (1, 2, 3, 4, 5, 7)]
                            rows[opened] = tuple(scaled[:5]) + (scaled[5], int(fields[8]),
                                                                int(Decimal(fields[9]) * 100_000_000), int(Decimal(fields[10]) * 100_000_000))
    return rows


def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(p) for p in open(f"/proc/{pid}/task/{task}/children").read().split()]
    except OSError:
        pass
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--speed", type=float, default=600)
    parser.add_argument("--start", default="2023-03-01T00:00Z")
    parser.add_argument("--kills", type=int, default=0)
    parser.add_argument("--data", default="data/sample/spot")
    parser.add_argument("--symbol", default="BTCUSDT")
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--work")
    options = parser.parse_args()

    work = options.work or tempfile.mkdtemp(prefix="crupto-live-soak-")
    os.makedirs(work, exist_ok=True)
    start = parse_time(options.start)
    end = start + options.hours * 3_600_000
    faults, fault_count = faults_yaml(start, options.hours)
    with open(f"{work}/faults.yaml", "w") as handle:
        handle.write(faults)
    brain = os.path.abspath(f"{options.bin}/brain")
    fake = subprocess.Popen([brain, "fake-exchange", "--data", options.data, "--start", options.start, "--speed", str(options.speed),
                             "--faults", f"{work}/faults.yaml"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    fake.stdout.readline()
    flags = fake.stdout.readline().split()[4:]
    config = open("configs/brain.yaml").read().replace("max_restarts: 3", "max_restarts: 100")
    with open(f"{work}/brain.yaml", "w") as handle:
        handle.write(config)
    command = [brain, "start", "--json", "--config", f"{work}/brain.yaml", "--feed", "live", *flags, "--symbols", options.symbol,
               "--from", options.start, "--until", iso(end), "--decision-interval", "5m", "--db", f"{work}/crupto.db",
               "--reports", f"{work}/reports", "--socket", f"{work}/run/prodcore.sock", "--metrics-port", "0", "--runner-metrics-port", "0"]
    wall_start = time.monotonic()
    session = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(f"{work}/brain.err", "w"), text=True)
    samples = []  # (market ms, brain rss, runner rss)
    kill_times = [start + (index + 1) * (end - start) // (options.kills + 1) for index in range(options.kills)]
    kills = 0
    while session.poll() is None:
        market = start + int((time.monotonic() - wall_start) * 1000 * options.speed)
        runner = next(iter(children(session.pid)), None)
        samples.append((market, rss_kb(session.pid), rss_kb(runner) if runner else None))
        if kills < len(kill_times) and market >= kill_times[kills] and runner:
            os.kill(runner, signal.SIGKILL)
            kills += 1
        time.sleep(0.25)
    output = session.stdout.read()
    wall = time.monotonic() - wall_start
    with open(f"{work}/rss.csv", "w") as handle:
        handle.write("market_time,brain_rss_kb,runner_rss_kb\n")
        for market, brain_rss, runner_rss in samples:
            handle.write(f"{iso(market)},{brain_rss or ''},{runner_rss or ''}\n")
    fake.send_signal(signal.SIGTERM)
    fake.wait()
    summary = json.loads(output) if output.strip().startswith("{") else {}

    connection = sqlite3.connect(f"file:{work}/crupto.db?mode=ro", uri=True)
    stored = connection.execute("SELECT open_time, open, high, low, close, volume, quote_volume, trades, taker_buy_base, taker_buy_quote "
                                "FROM live_bars WHERE run_id = 1 ORDER BY seq").fetchall()
    expected = vision_rows(options.data, options.symbol, start, end)
    times = [row[0] for row in stored]
    duplicated = len(times) - len(set(times))
    lost = len(set(expected) - set(times))
    invented = len(set(times) - set(expected))
    altered = sum(1 for row in stored if row[0] in expected and tuple(row[1:]) != expected[row[0]])
    reconnects = 0
    report = summary.get("report")
    if report and os.path.exists(f"{report}/feed.json"):
        reconnects = json.load(open(f"{report}/feed.json")).get("reconnects", 0)

    def rss_at(market_time, column):
        values = [sample[column] for sample in samples if sample[0] >= market_time and sample[column]]
        return values[0] if values else None

    def last_rss(column):
        """The last sample while the session ran (before its end: the report export comes after)."""
        values = [sample[column] for sample in samples if sample[column] and sample[0] < end]
        return values[-1] if values else None

    def export_peak(column):
        values = [sample[column] for sample in samples if sample[column] and sample[0] >= end]
        return max(values) if values else None

    print(f"market {iso(start)} … {iso(end)} ({options.hours} h) at {options.speed:g}×: {wall:.0f} s wall; digest {summary.get('digest')}")
    print(f"bars expected {len(expected)} · journaled {len(stored)} · lost {lost} · duplicated {duplicated} · altered {altered} · invented {invented}")
    print(f"faults scripted {fault_count} (+ duplicate klines throughout) · runner kills {kills} (restarts {summary.get('restarts')}) · "
          f"reconnects since the last runner start {reconnects}")
    for name, column in (("brain", 1), ("runner", 2)):
        first, hour, final = rss_at(start, column), rss_at(start + 3_600_000, column), last_rss(column)
        growth = (final - hour) / hour * 100 if hour and final else float("nan")
        print(f"RSS {name}: start {first} kB, after the first market hour {hour} kB, end {final} kB ({growth:+.1f} % after the first hour); "
              f"while the report is exported {export_peak(column)} kB")
    ok = session.returncode == 0 and lost == 0 and duplicated == 0 and altered == 0 and invented == 0 and len(stored) > 0
    print("OK" if ok else f"FAILED (brain exit {session.returncode}; see {work}/brain.err)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
