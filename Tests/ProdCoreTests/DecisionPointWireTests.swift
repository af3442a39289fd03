import Foundation
import Testing

@testable import ProdCore

/// The hand-written `snapshot` and `no_change` codec against the generic one: the same bytes for every snapshot,
/// the same value read back, and for anything it does not expect (other spellings, damage, other
/// types) the generic decoder's answer, error text included.
struct DecisionPointWireTests {
    static let generic = ByteJSONDecoder(snakeCaseKeys: true)

    static func genericBytes(_ snapshot: DecisionSnapshot) throws -> [UInt8] {
        try ByteJSONEncoder(snakeCaseKeys: true).encode(RunnerMessage.snapshot(snapshot))
    }

    /// What the wire reads (the hand-written path first) and what the generic decoder reads, as
    /// comparable text: the value, or the error.
    static func outcomes<Message: Decodable>(_ bytes: [UInt8], as type: Message.Type = RunnerMessage.self) -> (wire: String, generic: String) {
        let wire: String
        do { wire = "\(try WireProtocol.decode(type, from: bytes))" } catch { wire = "error: \(error.description)" }
        let generic: String
        do {
            generic = "\(try Self.generic.decode(type, from: bytes))"
        } catch let error as DecodingError {
            generic = "error: \(WireError.badMessage(WireProtocol.describe(error)).description)"
        } catch {
            generic = "error: \(error)"
        }
        return (wire, generic)
    }

    @Test func randomSnapshotsAreWrittenAsTheGenericEncoderWritesThemAndReadBack() throws {
        var random = SeededGenerator(seed: 20_261_130)
        for round in 0..<3000 {
            let snapshot = Self.randomSnapshot(&random, round: round)
            let bytes = WireProtocol.encode(RunnerMessage.snapshot(snapshot))
            let expected = try Self.genericBytes(snapshot)
            #expect(DecisionPointWire.encode(snapshot) == expected)
            #expect(bytes == expected, "\(String(decoding: bytes, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
            #expect(DecisionPointWire.decode(try Self.generic.reader(bytes)) == snapshot)
            #expect(try WireProtocol.decode(RunnerMessage.self, from: bytes) == .snapshot(snapshot))
        }
    }

    @Test func noChangeIsWrittenAsTheGenericEncoderWritesItAndReadBack() throws {
        var random = SeededGenerator(seed: 11)
        for time in [0, 1, -1, Int64.max, Int64.min] + (0..<500).map({ _ in Int64.random(in: .min ... .max, using: &random) }) {
            let message = ClientMessage.noChange(.init(decisionTime: time))
            let bytes = WireProtocol.encode(message)
            #expect(bytes == (try ByteJSONEncoder(snakeCaseKeys: true).encode(message)))
            #expect(DecisionPointWire.decodeNoChange(try Self.generic.reader(bytes)) == .init(decisionTime: time))
            #expect(try WireProtocol.decode(ClientMessage.self, from: bytes) == message)
        }
    }

    @Test(arguments: [
        #"{"type":"no_change","decision_time":5}"#, #"{"decisionTime":5,"type":"no_change"}"#, #"{"decision_time":5,"type":"no_change","x":1}"#,
        #"{"decision_time":null,"type":"no_change"}"#, #"{"type":"no_change"}"#, #"{"decision_time":"5","type":"no_change"}"#,
        #"{"decision_time":5.5,"type":"no_change"}"#, #"{"decision_time":5e0,"type":"no_change"}"#, #"{"decision_time":5,"type":"no_chang"}"#,
        #"{"decision_time":5,"decision_time":6,"type":"no_change"}"#, #"{"decision_time":5,"type":"no_change"}"#, #"[5]"#,
        #"{"decision_time":99999999999999999999,"type":"no_change"}"#,
    ])
    func otherNoChangeTextsReadAsTheGenericDecoderReadsThem(text: String) {
        let (wire, generic) = Self.outcomes(Array(text.utf8), as: ClientMessage.self)
        #expect(wire == generic)
    }

    @Test func aDoubleThatIsNotFiniteIsLeftToTheGenericEncoder() {
        var snapshot = DecisionSnapshot(decisionTime: 1, symbols: ByteJSONTests.features, status: ByteJSONTests.status)
        snapshot.symbols[0].rsi = .nan
        #expect(DecisionPointWire.encode(snapshot) == nil)
        snapshot.symbols[0].rsi = 50
        snapshot.status.drawdown = .infinity
        #expect(DecisionPointWire.encode(snapshot) == nil)
    }

    /// Texts other than the runner writes (most of which the hand-written reader declines), each
    /// read or refused exactly as the generic decoder reads or refuses it.
    @Test(arguments: [
        // Another spelling of a key: the generic decoder accepts the Swift name.
        ("\"ema_fast\":", "\"emaFast\":"), ("\"brain_connected\":", "\"brainConnected\":"),
        // Unknown keys are ignored by the generic decoder.
        ("\"decision_time\":", "\"extra\":[1,{\"a\":null}],\"decision_time\":"),
        // A key written with an escape.
        ("\"rsi\":", "\"rs\\u0069\":"),
        // A key twice: the first one counts.
        ("\"bars\":1415", "\"bars\":1415,\"bars\":7"),
        // Null for an optional field, and for a required one.
        ("\"adx\":17.25", "\"adx\":null"), ("\"equity\":", "\"equity\":null,\"x\":"), ("\"journal_seq\":123456", "\"journal_seq\":null"),
        // Missing, wrong types, out of range, unknown enum cases.
        ("\"kill_switch\":true,", ""), ("\"bars\":1415", "\"bars\":\"1415\""), ("\"bars\":1415", "\"bars\":1415.5"),
        ("\"bars\":1415", "\"bars\":1.415e3"), ("\"drawdown\":0.0591", "\"drawdown\":1e999"), ("\"market\":\"spot\"", "\"market\":\"moon\""),
        ("\"safe_mode\":false", "\"safe_mode\":0"), ("\"positions\":[", "\"positions\":{\"a\":1},\"p\":["),
        ("\"committed_seq\":123400", "\"committed_seq\":99999999999999999999"), ("\"type\":\"snapshot\"", "\"type\":\"snapshots\""),
        ("\"symbol\":\"BTCUSDT\"", "\"symbol\":\"BTC\\\"USDT\\u00e9\""),
    ])
    func otherTextsReadAsTheGenericDecoderReadsThem(original: String, replacement: String) throws {
        let snapshot = DecisionSnapshot(decisionTime: 1_677_258_000_000, symbols: ByteJSONTests.features, status: ByteJSONTests.status)
        let text = String(decoding: try Self.genericBytes(snapshot), as: UTF8.self)
        #expect(text.contains(original))
        let changed = Array(text.replacingOccurrences(of: original, with: replacement).utf8)
        let (wire, generic) = Self.outcomes(changed)
        #expect(wire == generic)
    }

    /// Random damage: the wire's answer is the generic decoder's, value or error, every time.
    @Test func damagedSnapshotsReadAsTheGenericDecoderReadsThem() throws {
        var random = SeededGenerator(seed: 4_242)
        var readable = 0
        for round in 0..<4000 {
            var bytes = try Self.genericBytes(Self.randomSnapshot(&random, round: round))
            ByteJSONTests.damage(&bytes, times: 1 + round % 3, using: &random)
            let (wire, generic) = Self.outcomes(bytes)
            #expect(wire == generic, "\(String(decoding: bytes, as: UTF8.self))")
            if !wire.hasPrefix("error") { readable += 1 }
        }
        #expect(readable > 200, "the damage left too few readable snapshots to compare: \(readable)")
    }

    static func randomSnapshot(_ random: inout SeededGenerator, round: Int) -> DecisionSnapshot {
        func maybe<Value>(_ value: @autoclosure () -> Value) -> Value? { Bool.random(using: &random) ? value() : nil }
        func double() -> Double {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return Double(Int.random(in: -1000...1000, using: &random))
            case 1: return Double.random(in: -1...1, using: &random)
            case 2: return Double.random(in: 0...1, using: &random) * pow(10, Double(Int.random(in: -300...300, using: &random)))
            case 3: return [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e21, 1e-7].randomElement(using: &random)!
            default: return Double.random(in: 0...100_000, using: &random)
            }
        }
        func integer() -> Int64 {
            Bool.random(using: &random) ? Int64.random(in: -1_000_000...1_000_000, using: &random) : Int64.random(in: .min ... .max, using: &random)
        }
        func text() -> String {
            let pieces = ["BTCUSDT", "ema_cross:fast=5,slow=20@ETHUSDT:usdm:15m", "\"", "\\", "\n\t\r", "\u{1}", "é✓", "🚀", "/", ""]
            return (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        let symbols = (0..<(round % 4)).map { _ in
            SymbolFeatures(
                symbol: text(), market: Bool.random(using: &random) ? .spot : .usdm, bars: Int(truncatingIfNeeded: integer()),
                close: maybe(Price(raw: integer())), emaFast: maybe(double()), emaSlow: maybe(double()), adx: maybe(double()),
                atrPct: maybe(double()), realizedVol: maybe(double()), bandWidth: maybe(double()), efficiencyRatio: maybe(double()),
                rsi: maybe(double()))
        }
        let positions = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            PositionView(strategy: text(), symbol: text(), market: .usdm, quantity: Quantity(raw: integer()), mark: Price(raw: integer()))
        }
        let states: [RunnerStatus.State] = [.waitingForPlan, .running, .paused, .finished]
        let status = RunnerStatus(
            state: states.randomElement(using: &random)!, mode: Bool.random(using: &random) ? .lockstep : .freeRunning,
            safeMode: Bool.random(using: &random), killSwitch: Bool.random(using: &random), haltedForDay: Bool.random(using: &random),
            journalSeq: integer(), committedSeq: integer(), lastAppliedPlanId: maybe(text()), fillsCommitted: Int(truncatingIfNeeded: integer()),
            decisionIntervalMs: integer(), pendingDecisionTime: maybe(integer()), eventTime: maybe(integer()), equity: Money(raw: integer()),
            cash: Money(raw: integer()), drawdown: double(), positions: positions,
            limits: LimitsView(
                maxDailyLoss: Rate(raw: integer()), maxGrossExposure: Rate(raw: integer()), maxPositionNotional: Money(raw: integer()),
                maxLeverage: Rate(raw: integer())),
            dayStartEquity: maybe(Money(raw: integer())), brainConnected: Bool.random(using: &random), lastCommitMicroseconds: maybe(integer()))
        return DecisionSnapshot(decisionTime: integer(), symbols: symbols, status: status)
    }
}
