#!/usr/bin/env python3
"""Compares two recorded runs table by table and row by row: the run row's numbers, the journal,
orders, rejections, fills, trades, positions, plans, governor events, funding payments, the
unpacked equity points, and every exported report file but the manifest's own bookkeeping.

Usage: scripts/soak/compare_runs.py DB_A RUN_A DB_B RUN_B
Exit 0 when equal; 1 with one line per difference otherwise. Used by crash_soak.py; runnable on
its own to compare any two runs (for example an undisturbed run and a resumed one)."""
import csv
import json
import os
import re
import sqlite3
import sys

# Columns that say when or by which process a run was recorded, not what it computed.
RUN_BOOKKEEPING = {"id", "started_at", "finished_at", "recorder_pid", "recorder_host", "settings"}
TABLES = ["journal", "orders", "order_rejections", "fills", "trades", "positions", "plans", "governor_events",
          "funding_payments", "live_bars", "live_funding"]
# A live run's bars: where and when each arrived depends on the connection (a bar the stream
# delivered in one run may come from a REST backfill after a restart in the other); the values don't.
ARRIVAL = {"source", "received_at"}
# Report files that record the feed's own history (reconnects, arrival times), compared without it.
FEED_FILES = ("feed.json", "bars.parquet")


def unzigzag(value):
    return (value >> 1) ^ -(value & 1)


def equity_points(connection, run):
    """The equity blocks unpacked (zigzag varint deltas of time, equity, cash, gross exposure)."""
    points = []
    for count, data in connection.execute("SELECT points, data FROM equity WHERE run_id = ? ORDER BY first_time", (run,)):
        offset, values = 0, [0, 0, 0, 0]
        for _ in range(count):
            for field in range(4):
                shift, raw = 0, 0
                while True:
                    byte = data[offset]
                    offset += 1
                    raw |= (byte & 0x7F) << shift
                    shift += 7
                    if byte < 0x80:
                        break
                values[field] += unzigzag(raw)
            points.append(tuple(values))
        if offset != len(data):
            raise ValueError(f"equity block of run {run} holds more than {count} points")
    return points


def rows(connection, table, run):
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] != "run_id" and row[1] not in ARRIVAL]
    if not columns:
        return [], []
    query = f"SELECT {', '.join(columns)} FROM {table} WHERE run_id = ? ORDER BY {', '.join(columns[:2])}"
    return columns, connection.execute(query, (run,)).fetchall()


def run_row(connection, run):
    cursor = connection.execute("SELECT * FROM runs WHERE id = ?", (run,))
    names = [column[0] for column in cursor.description]
    values = cursor.fetchone()
    if values is None:
        raise SystemExit(f"no run {run}")
    return {name: value for name, value in zip(names, values) if name not in RUN_BOOKKEEPING}


def report_folder(connection, run, database):
    """The run's report folder: reports/run_<stamp>_<id> beside the database's reports folder."""
    settings = json.loads(connection.execute("SELECT settings FROM runs WHERE id = ?", (run,)).fetchone()[0])
    arguments = settings.get("arguments", [])
    reports = arguments[arguments.index("--reports") + 1] if "--reports" in arguments else "reports"
    reports = os.path.join(settings.get("directory", os.path.dirname(database)), reports)
    matches = sorted(name for name in os.listdir(reports) if name.startswith("run_") and name.endswith(f"_{run}"))
    return os.path.join(reports, matches[-1]) if matches else None


def report_files(folder):
    """Every exported file. The run's id, its folders and wall-clock times differ between two runs
    by design: they are taken out of the manifest, summary, log and chart before comparing."""
    bookkeeping = ("| Started", "| Finished", "| Command", "| Code version")
    files = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name == "manifest.json":
            manifest = json.load(open(path))
            listed = [entry for entry in manifest.get("files", [])
                      if entry["name"] not in ("summary.md", "run.log", "equity.svg", "bars.csv") + FEED_FILES]
            files[name] = [manifest.get(key) for key in ("digest", "inputs", "metrics", "plan_count", "status", "timeframe")] + [listed]
        elif name in ("run.log", "summary.md", "equity.svg"):
            lines = []
            for line in open(path, encoding="utf-8").read().splitlines():
                if any(word in line for word in bookkeeping):
                    continue
                line = re.sub(r"^\d{4}-\d\d-\d\dT[\d:]+Z (run \d+ (\(runner\) started|finished))", r"\1", line)
                lines.append(re.sub(r"\b([Rr]un) \d+\b", r"\1 #", line).replace("; code ", " ").split(" code ")[0])
            files[name] = lines
        elif name == "bars.csv":
            rows_read = list(csv.reader(open(path, encoding="utf-8")))
            keep = [index for index, column in enumerate(rows_read[0] if rows_read else []) if column not in ARRIVAL]
            files[name] = [[row[index] for index in keep] for row in rows_read]
        elif name in FEED_FILES:
            files[name] = "(arrival bookkeeping)"
        else:
            files[name] = open(path, "rb").read()
    return files


def compare(db_a, run_a, db_b, run_b):
    a, b = sqlite3.connect(f"file:{db_a}?mode=ro", uri=True), sqlite3.connect(f"file:{db_b}?mode=ro", uri=True)
    differences = []
    row_a, row_b = run_row(a, run_a), run_row(b, run_b)
    for key in sorted(row_a):
        if row_a[key] != row_b.get(key):
            differences.append(f"runs.{key}: {row_a[key]!r} vs {row_b.get(key)!r}")
    counts = {}
    for table in TABLES:
        columns, left = rows(a, table, run_a)
        _, right = rows(b, table, run_b)
        counts[table] = len(left)
        if len(left) != len(right):
            differences.append(f"{table}: {len(left)} rows vs {len(right)}")
        for index, (x, y) in enumerate(zip(left, right)):
            if x != y:
                changed = [f"{name} {p!r} vs {q!r}" for name, p, q in zip(columns, x, y) if p != q]
                differences.append(f"{table} row {index}: {', '.join(changed)}")
                break
    left, right = equity_points(a, run_a), equity_points(b, run_b)
    counts["equity points"] = len(left)
    if left != right:
        first = next((i for i, (x, y) in enumerate(zip(left, right)) if x != y), min(len(left), len(right)))
        differences.append(f"equity: {len(left)} points vs {len(right)}, first difference at point {first}")
    folder_a, folder_b = report_folder(a, run_a, db_a), report_folder(b, run_b, db_b)
    if folder_a and folder_b:
        files_a, files_b = report_files(folder_a), report_files(folder_b)
        if sorted(files_a) != sorted(files_b):
            differences.append(f"report files: {sorted(files_a)} vs {sorted(files_b)}")
        for name in sorted(set(files_a) & set(files_b)):
            if files_a[name] != files_b[name]:
                differences.append(f"report {name} differs ({folder_a} vs {folder_b})")
        counts["report files"] = len(files_a)
    elif folder_a or folder_b:
        differences.append(f"report folder: {folder_a} vs {folder_b}")
    return differences, counts


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    differences, counts = compare(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    for line in differences:
        print(line)
    print("equal" if not differences else f"{len(differences)} differences", "—",
          ", ".join(f"{name} {count}" for name, count in counts.items()))
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
