import Foundation
import Testing

@testable import ProdCore

/// Journaled plans and controls are stored as Foundation's `JSONEncoder` with `.sortedKeys` wrote
/// them before `ByteJSONEncoder(foundationSortedKeys:)` took its place: stored runs hold those
/// bytes, so every kind of value the journal writes must come out byte for byte the same.
struct JournalPayloadJSONTests {
    static let btc = InstrumentID(symbol: "BTCUSDT", market: .spot)
    static let eth = InstrumentID(symbol: "ETHUSDT", market: .usdm)

    static let plans: [Plan] = {
        let entries = [
            PlanEntry(strategy: try! StrategySpec(parsing: "ema_cross:fast=5,slow=20"), instrument: btc, timeframe: .m15),
            PlanEntry(strategy: try! StrategySpec(parsing: "range_rev_5m:adx_max=20"), instrument: eth, timeframe: .m5),
        ]
        let sizings: [Sizing] = [.allIn, .fixed(Quantity("0.015")!), .risk(Rate("0.01")!), .atr(Rate("0.02")!, multiple: Rate("1.5")!), .kelly(Rate("0.3")!, cap: Rate("0.25")!)]
        let everything = Plan(
            id: "brain-1677258000000/retry", expiresAt: 1_677_258_300_000,
            source: "brain#12 regime=range \"quoted\" back\\slash tab\t new\nline bell\u{7} bs\u{8} ff\u{C} unit\u{1F} é ✓ 🚀 a/b",
            entries: entries, sizing: .atr(Rate("0.02")!, multiple: Rate("1.5")!),
            exits: ExitRules(stopLoss: Rate("0.01")!, takeProfit: Rate("0.03")!, breakEvenTrigger: Rate("0.005")!, trailing: TrailingStop(period: 14, multiple: 2.5, armAfter: Rate("0.004")!)),
            risk: RiskRules(cooldownBarsAfterStop: 3, maxEntriesPerHour: 4, maxPositionNotional: Money("5000")!, maxOpenPositions: 2),
            execution: ExecutionPolicy(entryOrder: .limit(offset: Rate("0.0005")!, timeoutBars: 3), maxVolumeShare: Rate("0.1")!),
            governor: GovernorOverrides(maxDailyLoss: Rate("0.02")!, maxGrossExposure: Rate("0.8")!, maxPositionNotional: Money("4000")!, maxLeverage: Rate("1")!))
        return [Plan.idle, Plan(id: "p-1", source: "cli", entries: entries), everything]
            + sizings.map { Plan(id: "s", source: "sizing", entries: [entries[0]], sizing: $0, exits: ExitRules(trailing: TrailingStop(period: 2, multiple: 0.1))) }
    }()

    static let controls: [Control] = [
        .killSwitch(flatten: true), .killSwitch(flatten: false), .releaseKillSwitch, .leaveSafeMode,
        .enterSafeMode(reason: "no plan for the decision point 2023-02-24T17:00:00Z within the lockstep timeout / \u{8}\u{C}"),
    ]

    static func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(value))
    }

    @Test(arguments: plans)
    func aPlanIsWrittenAsFoundationWroteIt(plan: Plan) throws {
        let ours = try ByteJSONEncoder(foundationSortedKeys: true).encode(plan)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.foundation(plan), as: UTF8.self))
    }

    @Test(arguments: controls)
    func aControlIsWrittenAsFoundationWroteIt(control: Control) throws {
        let ours = try ByteJSONEncoder(foundationSortedKeys: true).encode(control)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.foundation(control), as: UTF8.self))
    }

    /// Every control character, and keys whose order depends on case and on digits' values.
    @Test func stringsAndKeyOrderMatchFoundationBeyondTheJournaledTypes() throws {
        let every = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é✓🚀"
        let keys = ["b": 1, "B": 2, "a10": 3, "a9": 4, "a09": 5, "maxDD": 6, "maxDailyLoss": 7, "_x": 8, "x_": 9, "Zeta": 10, "alpha": 11, "k2v": 12, "k10v": 13]
        #expect(try ByteJSONEncoder(foundationSortedKeys: true).encode(["text": every]) == (try Self.foundation(["text": every])))
        let sorted = try ByteJSONEncoder(foundationSortedKeys: true).encode(keys)
        let theirs = String(decoding: try Self.foundation(keys), as: UTF8.self)
        #expect(String(decoding: sorted, as: UTF8.self) == theirs, "ours \(String(decoding: sorted, as: UTF8.self)) theirs \(theirs)")
    }
}
