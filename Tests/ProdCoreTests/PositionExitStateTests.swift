import Testing

@testable import ProdCore

@Suite struct PositionExitStateTests {
    static let tick = Price("0.01")!

    static func bar(_ low: String, _ high: String, _ close: String) -> Bar {
        RiskRuleTests.bar(0, open: close, high: high, low: low, close: close)
    }

    @Test func breakEvenLockRaisesTheStopToEntryPlusRoundTripFees() {
        var state = PositionExitState(
            entry: Price("100")!, side: .buy, rules: ExitRules(stopLoss: Rate("0.05")!, breakEvenTrigger: Rate("0.02")!),
            tick: Self.tick, roundTripFee: Rate("0.001")!)
        #expect(state.phase == .holding)
        #expect(state.stop == Price("95"))
        state.barClosed(Self.bar("100", "101.99", "101"), atr: .nan)
        #expect(state.phase == .holding, "1.99 % is not 2 %")
        state.barClosed(Self.bar("100", "102", "101"), atr: .nan)
        #expect(state.phase == .breakEvenLock)
        #expect(state.stop == Price("100.2"), "100 × (1 + 2 × 0.1 %)")
        #expect(state.triggered(by: Self.bar("100.1", "101", "100.5"))?.reason == .stopLoss)
    }

    @Test func trailingStopArmsAfterItsTriggerAndFollowsTheBestClose() {
        var state = PositionExitState(
            entry: Price("100")!, side: .buy,
            rules: ExitRules(stopLoss: Rate("0.05")!, trailing: TrailingStop(period: 14, multiple: 2, armAfter: Rate("0.04")!)),
            tick: Self.tick, roundTripFee: .zero)
        state.barClosed(Self.bar("100", "103", "103"), atr: 1)
        #expect(state.phase == .holding)
        #expect(state.stop == Price("95"))
        state.barClosed(Self.bar("103", "104.5", "104"), atr: 1)
        #expect(state.phase == .armed)
        #expect(state.stop == Price("102"), "best close 104 − 2 × ATR 1")
        state.barClosed(Self.bar("101", "104", "101"), atr: 1.5)
        #expect(state.stop == Price("102"), "a lower close and a wider ATR never loosen the stop")
        state.barClosed(Self.bar("104", "110", "110"), atr: 1.25)
        #expect(state.stop == Price("107.5"))
    }

    @Test func phasesOnlyMoveForwardAndTheStopNeverLoosens() {
        var state = PositionExitState(
            entry: Price("100")!, side: .buy,
            rules: ExitRules(stopLoss: Rate("0.03")!, breakEvenTrigger: Rate("0.01")!,
                             trailing: TrailingStop(period: 14, multiple: 1.5, armAfter: Rate("0.02")!)),
            tick: Self.tick, roundTripFee: Rate("0.001")!)
        var previous = (phase: state.phase, stop: state.stop!)
        let closes = [100.5, 101.2, 102.4, 101.0, 99.0, 103.0, 104.5, 102.0, 100.0, 106.0, 98.0]
        for (index, close) in closes.enumerated() {
            let text = String(format: "%.2f", close)
            state.barClosed(Self.bar(String(format: "%.2f", close - 1), String(format: "%.2f", close + 1), text),
                            atr: 0.5 + Double(index % 3))
            #expect(state.phase >= previous.phase)
            #expect(state.stop! >= previous.stop)
            previous = (state.phase, state.stop!)
        }
        #expect(state.phase == .armed)
        state.exited()
        #expect(state.phase == .exited)
    }

    @Test func shortPositionsMirrorTheRules() {
        var state = PositionExitState(
            entry: Price("100")!, side: .sell, rules: ExitRules(stopLoss: Rate("0.05")!, breakEvenTrigger: Rate("0.02")!),
            tick: Self.tick, roundTripFee: Rate("0.001")!)
        #expect(state.stop == Price("105"))
        state.barClosed(Self.bar("98", "99", "98.5"), atr: .nan)
        #expect(state.phase == .breakEvenLock)
        #expect(state.stop == Price("99.8"))
        #expect(state.triggered(by: Self.bar("99", "99.9", "99.5"))?.reason == .stopLoss)
    }

    @Test func theEntryBarsRangeDoesNotMoveAStopWhenFillingAtTheClose() {
        // Entry at the close of a bar whose high was already 5 % up: that must not lock break-even.
        var config = RiskRuleTests.config(exits: ExitRules(stopLoss: Rate("0.03")!, breakEvenTrigger: Rate("0.02")!),
                                          sizing: .fixed(Quantity("1")!))
        config.broker = BrokerConfig(fillTiming: .close)
        var engine = config.engine(EnterOnceStrategy.self)
        engine.process(.bar(0, RiskRuleTests.bar(0, open: "100", high: "105", low: "99", close: "100")))
        engine.process(.bar(0, RiskRuleTests.bar(1, open: "100", high: "100.5", low: "99.9", close: "100")))
        #expect(engine.finish().trades.isEmpty, "the stop is still 97, not break-even at 100.2")
    }
}
