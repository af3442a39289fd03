#!/usr/bin/env python3
"""Engine throughput side by side: Crupto, vectorbt and NautilusTrader on the same bars.

Requires: pip install "vectorbt==1.2.*" ta-lib nautilus_trader   and a release build of brain
(swift build -c release --product brain). Run from the repository root:

    python3 scripts/bench/compare_engines.py [FOLDER_WITH_SPOT_BTCUSDT_1m_ZIPS]

Default data: ../shared/data/binance/spot/monthly/klines/BTCUSDT/1m (1,051,120 bars, 2022-2023).
Every engine runs in its own process so that its peak memory (max RSS) is its own. Timings
exclude loading the bars on every side: Crupto reports engine-only bars/s itself; vectorbt is
timed from the close prices to the finished portfolio (EMAs, signals, simulation); Nautilus is
timed around BacktestEngine.run() after its bars were wrangled and added.

Strategy: long-only EMA(20)/EMA(50) crossover, 0.01 BTC, 10 bps fee, fills at the signal bar's
close for Crupto and vectorbt. Nautilus runs the same rule as a small Strategy subclass below
with its own EMA indicators and market orders (filled by its matching engine on the next bar
data; its EMAs seed differently, so trades are close to but not the same as the others').
vectorbt gets plain numpy arrays (its fastest path: a pandas datetime index made it 10-30x
slower here) and is run once on 1,000 bars first so that numba's compilation is not timed.
"""
import glob
import json
import os
import subprocess
import sys
import time
import zipfile

DEFAULT = "../shared/data/binance/spot/monthly/klines/BTCUSDT/1m"


def load(folder):
    import pandas as pd
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*.zip"))):
        with zipfile.ZipFile(path) as archive:
            (name,) = archive.namelist()
            rows += [line.split(",") for line in archive.read(name).decode().splitlines() if line[:1].isdigit()]
    frame = pd.DataFrame({
        "open": [float(r[1]) for r in rows], "high": [float(r[2]) for r in rows], "low": [float(r[3]) for r in rows],
        "close": [float(r[4]) for r in rows], "volume": [float(r[5]) for r in rows],
    }, index=pd.to_datetime([int(r[0]) for r in rows], unit="ms", utc=True))
    return frame


def run_vectorbt(folder):
    import talib
    import vectorbt as vbt
    import numpy as np

    def simulate(close):
        difference = talib.EMA(close, 20) - talib.EMA(close, 50)
        previous = np.roll(difference, 1)
        previous[0] = np.nan
        entries = (difference > 0) & (previous <= 0)
        exits = (difference < 0) & (previous >= 0)
        portfolio = vbt.Portfolio.from_signals(close, entries, exits, size=0.01, fees=0.001, init_cash=10_000)
        return float(portfolio.final_value()), portfolio

    close = load(folder)["close"].to_numpy()
    simulate(close[:1000])
    start = time.perf_counter()
    final, portfolio = simulate(close)
    seconds = time.perf_counter() - start
    return {"bars": len(close), "seconds": seconds, "final_equity": final, "trades": int(portfolio.trades.count())}


def run_nautilus(folder):
    from nautilus_trader.backtest.engine import BacktestEngine, BacktestEngineConfig
    from nautilus_trader.config import LoggingConfig
    from nautilus_trader.model.currencies import BTC, USDT
    from nautilus_trader.model.data import BarType
    from nautilus_trader.model.enums import AccountType, OmsType
    from nautilus_trader.model.identifiers import TraderId, Venue
    from nautilus_trader.model.objects import Money
    from nautilus_trader.persistence.wranglers import BarDataWrangler
    from nautilus_trader.test_kit.providers import TestInstrumentProvider

    from nautilus_trader.config import StrategyConfig
    from nautilus_trader.indicators import ExponentialMovingAverage
    from nautilus_trader.model.enums import OrderSide
    from nautilus_trader.model.identifiers import InstrumentId
    from nautilus_trader.trading.strategy import Strategy

    class LongOnlyEMACrossConfig(StrategyConfig, frozen=True):
        instrument_id: InstrumentId
        bar_type: BarType

    class LongOnlyEMACross(Strategy):
        def __init__(self, config):
            super().__init__(config)
            self.fast, self.slow = ExponentialMovingAverage(20), ExponentialMovingAverage(50)
            self.previous = None

        def on_start(self):
            self.size = self.cache.instrument(self.config.instrument_id).make_qty(0.01)
            self.register_indicator_for_bars(self.config.bar_type, self.fast)
            self.register_indicator_for_bars(self.config.bar_type, self.slow)
            self.subscribe_bars(self.config.bar_type)

        def on_bar(self, bar):
            if not self.slow.initialized:
                return
            difference = self.fast.value - self.slow.value
            previous, self.previous = self.previous, difference
            if previous is None:
                return
            flat = self.portfolio.is_flat(self.config.instrument_id)
            if flat and difference > 0 >= previous:
                self.submit_order(self.order_factory.market(self.config.instrument_id, OrderSide.BUY, self.size))
            elif not flat and difference < 0 <= previous:
                self.close_all_positions(self.config.instrument_id)
    frame = load(folder)
    engine = BacktestEngine(BacktestEngineConfig(trader_id=TraderId("BENCH-001"), logging=LoggingConfig(log_level="ERROR")))
    engine.add_venue(Venue("BINANCE"), oms_type=OmsType.NETTING, account_type=AccountType.CASH, base_currency=None,
                     starting_balances=[Money(10_000, USDT), Money(0, BTC)])
    instrument = TestInstrumentProvider.btcusdt_binance()
    engine.add_instrument(instrument)
    bar_type = BarType.from_str("BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL")
    bars = BarDataWrangler(bar_type, instrument).process(frame)
    engine.add_data(bars)
    engine.add_strategy(LongOnlyEMACross(LongOnlyEMACrossConfig(instrument_id=instrument.id, bar_type=bar_type)))
    start = time.perf_counter()
    engine.run()
    seconds = time.perf_counter() - start
    fills = len(engine.trader.generate_order_fills_report())
    return {"bars": len(bars), "seconds": seconds, "fills": fills}


ALL_FOUR = ["--strategy", "ema_cross:fast=20,slow=50", "--strategy", "range_rev_5m", "--strategy", "breakout_4h",
            "--strategy", "funding_rev"]


def measure(engine, folder):
    """Runs one engine in a child process; returns its result and its own peak RSS."""
    if engine.startswith("crupto"):
        common = ["--fill", "close", "--fee-bps", "10", "--sizing", "fixed:0.01", "--no-data-gate", "--max-volume-share", "none",
                  "--json", "--no-record", "--data", folder]
        if engine == "crupto":
            command = [".build/release/brain", "backtest", "--strategy", "ema_cross:fast=20,slow=50"] + common
        else:
            # Spot BTCUSDT for three strategies and the USDT-M perpetual for funding_rev (funding estimated from the premium).
            futures = folder.replace("/spot/", "/futures/um/")
            command = [".build/release/brain", "backtest"] + ALL_FOUR + common + [futures]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        summary = json.loads(output)
        result = {"bars": summary["bars"], "seconds": summary["bars"] / summary["engine_bars_per_second"],
                  "final_equity": float(summary["final_equity"]), "trades": summary["trades"]}
    else:
        child = subprocess.Popen([sys.executable, __file__, "--child", engine, folder], stdout=subprocess.PIPE, text=True)
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            return {"error": f"exit status {status}"}
        result = json.loads(output.strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["bars_per_second"] = result["bars"] / result["seconds"]
    return result


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = {"vectorbt": run_vectorbt, "nautilus": run_nautilus}[sys.argv[2]](sys.argv[3])
        print(json.dumps(result))
        return
    folder = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    if not glob.glob(os.path.join(folder, "*.zip")):
        print(f"SKIPPED: no zips in {folder}")
        return
    engines = sys.argv[2].split(",") if len(sys.argv) > 2 else ["crupto", "crupto_all4", "vectorbt", "nautilus"]
    results = {engine: measure(engine, folder) for engine in engines}
    for engine, result in results.items():
        if "error" in result:
            print(f"{engine:>11}: {result['error']}")
            continue
        extra = {k: v for k, v in result.items() if k in ("final_equity", "trades", "fills")}
        print(f"{engine:>11}: {result['bars']:,} bars in {result['seconds']:.3f} s = {result['bars_per_second']:,.0f} bars/s, "
              f"peak RSS {result['peak_rss_mb']:.0f} MB {extra}")
    if "crupto" in results and "error" not in results.get("vectorbt", {"error": 1}):
        ratio = results["crupto"]["bars_per_second"] / results["vectorbt"]["bars_per_second"]
        print(f"crupto / vectorbt throughput: {ratio:.2f} (target >= 0.33)")


if __name__ == "__main__":
    main()
