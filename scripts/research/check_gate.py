#!/usr/bin/env python3
"""Recomputes a gate report's out-of-sample and portfolio numbers from the tables it exported, the
way an outside reader would, and compares them with gate.json (ARCHITECTURE.md §9):

* profit factor out of sample: the walk-forward's out-of-sample trades (oos_trades.csv);
* max drawdown out of sample / the portfolio's average: the stitched out-of-sample equity
  (oos_equity.csv) and each paper-stage member's max drawdown (portfolio.csv);
* correlation of daily returns with the portfolio: close-to-close UTC-day returns of the stitched
  curve (the first from the initial cash) against portfolio_daily.csv, over the days both have.

Usage: python3 scripts/research/check_gate.py GATE_FOLDER [...]
Exit status 1 with one line per disagreement (relative tolerance 1e-9)."""
import csv
import json
import math
import os
import sys


def rows(folder, name):
    with open(os.path.join(folder, name)) as handle:
        return list(csv.DictReader(handle))


def recompute(folder):
    pnl = [float(r["pnl"]) for r in rows(folder, "oos_trades.csv")]
    losses = -sum(p for p in pnl if p <= 0)
    profit_factor = sum(p for p in pnl if p > 0) / losses if losses > 0 else None
    equity = rows(folder, "oos_equity.csv")
    cash = float(equity[0]["initial_cash"]) if equity else None
    peak, drawdown = -math.inf, 0.0
    days, closes = [], []
    for point in equity:
        value = float(point["equity"])
        peak = max(peak, value)
        drawdown = max(drawdown, (peak - value) / peak) if peak > 0 else drawdown
        day = (int(point["time"]) - 1) // 86_400_000
        if days and days[-1] == day:
            closes[-1] = value
        else:
            days.append(day)
            closes.append(value)
    returns = dict(zip(days, [b / a - 1 for a, b in zip([cash] + closes[:-1], closes)]))
    members = rows(folder, "portfolio.csv")
    average = sum(float(m["max_drawdown"]) for m in members) / len(members) if members else None
    ratio = drawdown / average if average else None
    portfolio = {int(r["day"]): float(r["return"]) for r in rows(folder, "portfolio_daily.csv")}
    pairs = [(returns[d], portfolio[d]) for d in days if d in portfolio]
    correlation = None
    if len(pairs) >= 3:
        ma, mb = sum(a for a, _ in pairs) / len(pairs), sum(b for _, b in pairs) / len(pairs)
        cov = sum((a - ma) * (b - mb) for a, b in pairs)
        va, vb = sum((a - ma) ** 2 for a, _ in pairs), sum((b - mb) ** 2 for _, b in pairs)
        correlation = cov / math.sqrt(va * vb) if va > 0 and vb > 0 else None
    return {"profit factor out of sample": profit_factor, "max drawdown out of sample / portfolio average": ratio,
            "correlation of daily returns with the portfolio": correlation}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main(folders):
    failed = False
    for folder in folders:
        with open(os.path.join(folder, "gate.json")) as handle:
            stated = {check["name"]: check.get("value") for check in json.load(handle)["checks"]}
        problems = [f"{name}: gate.json {stated.get(name)}, recomputed {value}"
                    for name, value in recompute(folder).items() if not close(stated.get(name), value)]
        print(f"{folder}: {'OK' if not problems else 'FAILED'} (out-of-sample profit factor, drawdown ratio, correlation recomputed)")
        for problem in problems:
            print("  " + problem)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
