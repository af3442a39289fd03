#!/usr/bin/env python3
"""Checks a run report folder (reports/run_<stamp>_<id>/) the way an outside reader would.

* every <table>.parquet is read by pyarrow: schema (column names and types), row count, and
  every value equal to the same cell of <table>.csv;
* manifest.json lists every file with its real SHA-256, byte size and row count;
* the key numbers of summary.md and manifest.json equal the values recomputed here from the
  exported equity, trades, fills and funding tables (definitions in Engine/PerformanceFigures.swift
  and PerformanceTracker.swift);
* equity.svg and trades.svg are well-formed SVG; the return, drawdown and trade count in the
  equity chart's title are the recomputed ones, and trades.svg marks exactly the exported trades
  of its instrument entered and exited within its window.

Usage: python3 scripts/report/check_report.py REPORT_FOLDER [...]   (pip install pyarrow)
Exit status 1 with one line per problem when anything disagrees.
"""
import csv
import datetime
import hashlib
import json
import math
import os
import re
import sys
import xml.etree.ElementTree

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = {
    "orders": {"order_id": "int64", "created_at": "timestamp", "strategy": "string", "symbol": "string",
               "market": "string", "side": "string", "intent": "string", "type": "string", "limit_price": "double",
               "status": "string", "filled_quantity": "double", "average_price": "double", "reason": "string",
               "detail": "string"},
    "fills": {"order_id": "int64", "time": "timestamp", "strategy": "string", "symbol": "string", "market": "string",
              "side": "string", "intent": "string", "price": "double", "quantity": "double", "notional": "double",
              "fee": "double", "liquidity": "string"},
    "trades": {"strategy": "string", "symbol": "string", "market": "string", "side": "string", "entry_time": "timestamp",
               "exit_time": "timestamp", "quantity": "double", "entry_price": "double", "exit_price": "double",
               "fees": "double", "funding": "double", "pnl": "double", "exit_reason": "string"},
    "equity": {"time": "timestamp", "equity": "double", "cash": "double", "gross_exposure": "double",
               "drawdown": "double"},
    "plans": {"input_seq": "int64", "time": "timestamp", "source": "string", "applied": "string", "reasons": "string",
              "plan": "string"},
    "governor_events": {"time": "timestamp", "kind": "string", "detail": "string"},
    "funding_payments": {"time": "timestamp", "strategy": "string", "symbol": "string", "market": "string",
                         "rate": "double", "position": "double", "amount": "double"},
}
# Tables only some runs have: a live run's bars (docs/live.md).
OPTIONAL_TABLES = {
    "bars": {"open_time": "timestamp", "symbol": "string", "market": "string", "open": "double", "high": "double",
             "low": "double", "close": "double", "volume": "double", "quote_volume": "double", "trades": "int64",
             "taker_buy_base": "double", "taker_buy_quote": "double", "source": "string", "received_at": "timestamp"},
}
TIMEFRAME_MS = {"1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000, "1h": 3_600_000,
                "2h": 7_200_000, "4h": 14_400_000, "6h": 21_600_000, "8h": 28_800_000, "12h": 43_200_000,
                "1d": 86_400_000}


def arrow_type(kind):
    return {"int64": pa.int64(), "double": pa.float64(), "string": pa.string(),
            "timestamp": pa.timestamp("ms", tz="UTC")}[kind]


def csv_value(text, kind, nullable):
    """A CSV cell as the value Parquet holds; CSV writes null as an empty field."""
    if text == "" and (nullable or kind != "string"):
        return None
    if kind == "int64":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "timestamp":
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return text


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def check_tables(folder, problems):
    data = {}
    present = {name: columns for name, columns in OPTIONAL_TABLES.items() if os.path.exists(os.path.join(folder, name + ".parquet"))}
    for name, columns in {**TABLES, **present}.items():
        table = pq.read_table(os.path.join(folder, name + ".parquet"))
        expected = pa.schema([pa.field(column, arrow_type(kind)) for column, kind in columns.items()])
        if [(f.name, f.type) for f in table.schema] != [(f.name, f.type) for f in expected]:
            problems.append(f"{name}.parquet: schema {table.schema} is not {expected}")
            continue
        with open(os.path.join(folder, name + ".csv"), newline="") as handle:
            rows = list(csv.DictReader(handle))
        if table.num_rows != len(rows):
            problems.append(f"{name}: {table.num_rows} Parquet rows, {len(rows)} CSV rows")
            continue
        values = {column: table.column(column).to_pylist() for column in columns}
        for column, kind in columns.items():
            nullable = table.schema.field(column).nullable
            for index, row in enumerate(rows):
                if not same(values[column][index], csv_value(row[column], kind, nullable)):
                    problems.append(f"{name} row {index + 1} {column}: Parquet {values[column][index]!r}, CSV {row[column]!r}")
                    break
        data[name] = values
    return data


def check_manifest(folder, manifest, problems):
    for entry in manifest["files"]:
        path = os.path.join(folder, entry["name"])
        with open(path, "rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != entry["sha256"] or len(content) != entry["bytes"]:
            problems.append(f"manifest: {entry['name']} hash or size differs")
        if "rows" in entry and entry["name"].endswith(".parquet"):
            rows = pq.ParquetFile(path).metadata.num_rows
            if rows != entry["rows"]:
                problems.append(f"manifest: {entry['name']} has {rows} rows, manifest says {entry['rows']}")
    listed = {entry["name"] for entry in manifest["files"]}
    for name in os.listdir(folder):
        if name != "manifest.json" and name not in listed:
            problems.append(f"manifest: {name} is not listed")


def recompute(data, manifest):
    equity = data["equity"]["equity"]
    initial = float(manifest["metrics"]["initial_cash"])
    returns = [b / a - 1 for a, b in zip(equity, equity[1:])]
    per_year = math.sqrt(365 * 86_400_000 / TIMEFRAME_MS[manifest["timeframe"]])
    mean = sum(returns) / len(returns) if returns else 0
    variance = sum((r - mean) ** 2 for r in returns) / (len(returns) - 1) if len(returns) > 1 else 0
    downside = sum(min(r, 0) ** 2 for r in returns) / len(returns) if returns else 0
    peak, drawdown = -math.inf, 0.0
    for value in equity:
        peak = max(peak, value)
        if peak > 0:
            drawdown = max(drawdown, (peak - value) / peak)
    pnl = data["trades"]["pnl"]
    wins = [p for p in pnl if p > 0]
    losses = [-p for p in pnl if p <= 0]
    exposure = sum(1 for x in data["equity"]["gross_exposure"] if x > 0) / len(equity) if equity else 0
    return {
        "final_equity": equity[-1] if equity else initial,
        "total_return": (equity[-1] if equity else initial) / initial - 1,
        "max_drawdown": drawdown,
        "sharpe": mean / math.sqrt(variance) * per_year if variance > 0 else None,
        "sortino": mean / math.sqrt(downside) * per_year if downside > 0 else None,
        "profit_factor": sum(wins) / sum(losses) if sum(losses) > 0 else None,
        "win_rate": len(wins) / len(pnl) if pnl else None,
        "exposure": exposure,
        "trades": len(pnl),
        "fees": sum(data["fills"]["fee"]),
        "funding": sum(data["funding_payments"]["amount"]),
    }


SUMMARY_ROWS = {"Final equity": ("final_equity", 1, 1e-6), "Return": ("total_return", 100, 1e-6),
                "Max drawdown": ("max_drawdown", 100, 1e-6), "Sharpe": ("sharpe", 1, 1e-6),
                "Sortino": ("sortino", 1, 1e-6), "Profit factor": ("profit_factor", 1, 1e-6),
                "Win rate": ("win_rate", 100, 1e-6), "Exposure": ("exposure", 100, 1e-6), "Trades": ("trades", 1, 0),
                "Fees": ("fees", 1, 1e-6), "Funding paid": ("funding", 1, 1e-6)}


def close(a, b, tolerance):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def check_numbers(folder, data, manifest, problems):
    numbers = recompute(data, manifest)
    for key, value in numbers.items():
        stated = manifest["metrics"][key]
        stated = float(stated) if isinstance(stated, str) else stated
        if not close(value, stated, 1e-9):
            problems.append(f"manifest metrics.{key} = {stated}, recomputed {value}")
    with open(os.path.join(folder, "summary.md")) as handle:
        summary = handle.read()
    for label, (key, scale, tolerance) in SUMMARY_ROWS.items():
        match = re.search(r"^\| " + re.escape(label) + r" \| (.+?) \|$", summary, re.MULTILINE)
        if not match:
            problems.append(f"summary.md: no '{label}' row")
            continue
        text = match.group(1).replace(" %", "")
        stated = None if text == "—" else float(text)
        expected = None if numbers[key] is None else numbers[key] * scale
        if not close(stated, expected, tolerance):
            problems.append(f"summary.md {label} = {match.group(1)}, recomputed {expected}")


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path, problems):
    """The text elements of an SVG file, in order; a problem when it is not well-formed SVG."""
    try:
        root = xml.etree.ElementTree.parse(path).getroot()
    except (OSError, xml.etree.ElementTree.ParseError) as error:
        problems.append(f"{os.path.basename(path)}: not well-formed: {error}")
        return None, []
    if root.tag != SVG + "svg":
        problems.append(f"{os.path.basename(path)}: the root is {root.tag}, not svg")
    return root, ["".join(element.itertext()) for element in root.iter(SVG + "text")]


def check_charts(folder, data, manifest, problems):
    numbers = recompute(data, manifest)
    _, texts = svg_texts(os.path.join(folder, "equity.svg"), problems)
    title = texts[0] if texts else ""
    match = re.search(r"return ([−+])(\d+\.\d\d) %, max drawdown (\d+\.\d\d) %", title)
    if not match:
        problems.append(f"equity.svg: no return and drawdown in its title: {title!r}")
    else:
        stated = (-1 if match.group(1) == "−" else 1) * float(match.group(2))
        if abs(stated - round(numbers["total_return"] * 100, 2)) > 0.0051:
            problems.append(f"equity.svg title return {stated} %, recomputed {numbers['total_return'] * 100:.4f} %")
        if abs(float(match.group(3)) - round(numbers["max_drawdown"] * 100, 2)) > 0.0051:
            problems.append(f"equity.svg title drawdown {match.group(3)} %, recomputed {numbers['max_drawdown'] * 100:.4f} %")
    if numbers["trades"] and not any(f"· {numbers['trades']} trades" in text for text in texts):
        problems.append(f"equity.svg does not say {numbers['trades']} trades")
    path = os.path.join(folder, "trades.svg")
    if not os.path.exists(path):
        if numbers["trades"]:
            problems.append("no trades.svg, and the run traded")
        return
    root, texts = svg_texts(path, problems)
    if root is None:
        return
    instrument = re.search(r"trades on (\S+) (\S+)$", texts[0]) if texts else None
    window = re.search(r"^(\S+Z) … (\S+Z) · (\d+) trades?", texts[1]) if len(texts) > 1 else None
    if not instrument or not window:
        problems.append(f"trades.svg: no instrument or window in {texts[:2]}")
        return
    parse = lambda text: datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    start, end = parse(window.group(1)), parse(window.group(2))
    trades = data["trades"]
    expected = sum(1 for symbol, market, entry, exit_ in zip(trades["symbol"], trades["market"], trades["entry_time"], trades["exit_time"])
                   if (symbol, market) == instrument.groups() and start <= entry and exit_ <= end)
    markers = sum(1 for polygon in root.iter(SVG + "polygon")
                  if (polygon.findtext(SVG + "title") or "").startswith(("long ", "short ")))
    exits = sum(1 for circle in root.iter(SVG + "circle") if (circle.findtext(SVG + "title") or "").startswith("exit "))
    if not markers == exits == expected == int(window.group(3)):
        problems.append(f"trades.svg: {markers} entries, {exits} exits, says {window.group(3)}; the trades table has {expected} in its window")


def main(folders):
    failed = False
    for folder in folders:
        problems = []
        with open(os.path.join(folder, "manifest.json")) as handle:
            manifest = json.load(handle)
        data = check_tables(folder, problems)
        check_manifest(folder, manifest, problems)
        if all(name in data for name in TABLES):
            check_numbers(folder, data, manifest, problems)
            check_charts(folder, data, manifest, problems)
        rows = sum(len(next(iter(values.values()))) for values in data.values())
        print(f"{folder}: {'OK' if not problems else 'FAILED'} ({len(data)} tables, {rows} rows, digest {manifest['digest']})")
        for problem in problems:
            print("  " + problem)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
