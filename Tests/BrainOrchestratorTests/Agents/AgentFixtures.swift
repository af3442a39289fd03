import AgentTools
import BrainOrchestrator
import Foundation
import ProdCore

/// Decision contexts as the runner sends them, built from the wire's JSON (the types have no
/// public memberwise initialisers: the runner alone makes them).
enum AgentFixtures {
    static let btc = InstrumentID(symbol: "BTCUSDT", market: .spot)
    static let eth = InstrumentID(symbol: "ETHUSDT", market: .usdm)

    /// One instrument's features; `nil` values are absent (not warm).
    static func features(
        _ instrument: InstrumentID = btc, bars: Int = 100, close: Double? = 20_000, emaFast: Double? = nil, emaSlow: Double? = nil,
        atrPct: Double? = nil, realizedVol: Double? = nil
    ) -> [String: Any] {
        var fields: [String: Any] = ["symbol": instrument.symbol, "market": instrument.market.rawValue, "bars": bars]
        if let close { fields["close"] = Int64(close * 100_000_000) }
        if let emaFast { fields["emaFast"] = emaFast }
        if let emaSlow { fields["emaSlow"] = emaSlow }
        if let atrPct { fields["atrPct"] = atrPct }
        if let realizedVol { fields["realizedVol"] = realizedVol }
        return fields
    }

    static func snapshot(time: Int64 = 1_700_000_000_000, drawdown: Double = 0, safeMode: Bool = false, symbols: [[String: Any]] = [features()]) -> DecisionSnapshot {
        // The limits in force are the governance file's (`LimitsView` has the same fields).
        let limits = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.limits))
        let status: [String: Any] = [
            "state": "waiting_for_plan", "mode": "lockstep", "safeMode": safeMode, "killSwitch": false, "haltedForDay": false,
            "journalSeq": 0, "committedSeq": 0, "fillsCommitted": 0, "decisionIntervalMs": 3_600_000, "equity": 1_000_000_000_000,
            "cash": 1_000_000_000_000, "drawdown": drawdown, "positions": [], "limits": limits, "brainConnected": true,
        ]
        let object: [String: Any] = ["decisionTime": time, "symbols": symbols, "status": status]
        return try! JSONDecoder().decode(DecisionSnapshot.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// The enable map of `text`, for the instruments BTCUSDT:spot and ETHUSDT:usdm.
    static func enableMap(_ text: String) -> EnableMap {
        try! EnableMapParser(universe: [btc, eth]).parse(text, file: "enable_map.yaml")
    }

    static let map = enableMap("""
        defaults:
          bullish: [ema_cross]
          bearish: []
          range: [range_rev_5m]
          high_vol: []
        """)

    /// configs/governance.yaml's limits: 3 % daily loss.
    static let limits = try! JSONDecoder().decode(GovernanceLimits.self, from: Data("""
        {"maxDailyLoss":3000000,"maxGrossExposure":100000000,"maxPositionNotional":100000000000000,"maxLeverage":100000000}
        """.utf8))

    static func health(drawdown: Double = 0, silence: Double = 0, safeMode: Bool = false) -> HealthReadings {
        HealthReadings(
            runnerSilenceSeconds: silence, feedLagSeconds: nil, agentMilliseconds: 0, lastCommitMilliseconds: nil, databaseBytes: nil,
            drawdown: drawdown, safeMode: safeMode)
    }

    static func context(
        _ snapshot: DecisionSnapshot = snapshot(), number: Int = 0, map: EnableMap = map, health: HealthReadings = health()
    ) -> DecisionContext {
        DecisionContext(snapshot: snapshot, decisionNumber: number, enableMap: map, hardLimits: limits, health: health)
    }

    /// A round trip of `strategy` on BTCUSDT: bought at `entry`, sold at `exit`, one unit, no fees.
    static func roundTrip(_ strategy: String, entry: Double, exit: Double) -> [Fill] {
        [fill(strategy, side: "buy", intent: "entry", price: entry), fill(strategy, side: "sell", intent: "exit", price: exit)]
    }

    private static func fill(_ strategy: String, side: String, intent: String, price: Double) -> Fill {
        let raw = Int64(price * 100_000_000)
        let object: [String: Any] = [
            "orderId": 1, "time": 0, "instrument": ["symbol": "BTCUSDT", "market": "spot"], "side": side, "intent": intent,
            "price": raw, "quantity": 100_000_000, "notional": raw, "fee": 0, "isMaker": false, "strategy": strategy,
        ]
        return try! JSONDecoder().decode(Fill.self, from: JSONSerialization.data(withJSONObject: object))
    }
}
