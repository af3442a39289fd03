import Foundation
import Testing

@testable import ProdCore

/// The wire's JSON codec against Foundation's: the same objects both ways for every kind of
/// message, the same snake_case keys, errors naming the field, and damaged text never crashing.
struct ByteJSONTests {
    static let status = RunnerStatus(
        state: .waitingForPlan, mode: .lockstep, safeMode: false, killSwitch: true, haltedForDay: false, journalSeq: 123_456,
        committedSeq: 123_400, lastAppliedPlanId: "brain-1677258000000", fillsCommitted: 17, decisionIntervalMs: 300_000,
        pendingDecisionTime: 1_677_258_000_000, eventTime: nil, equity: Money("9582.79123456")!, cash: Money("-12.5")!,
        drawdown: 0.0591, positions: [
            PositionView(strategy: "range_rev_5m:adx_max=20@BTCUSDT:spot:5m", symbol: "BTCUSDT", market: .spot, quantity: Quantity("0.015")!, mark: Price("23456.78")!),
            PositionView(strategy: "ema_cross:fast=5,slow=20@ETHUSDT:usdm:15m", symbol: "ETHUSDT", market: .usdm, quantity: Quantity("-1.2")!, mark: Price("1601.5")!),
        ],
        limits: LimitsView(maxDailyLoss: Rate("0.03")!, maxGrossExposure: Rate("1")!, maxPositionNotional: Money("5000")!, maxLeverage: Rate("1")!),
        dayStartEquity: Money("9600")!, brainConnected: true, lastCommitMicroseconds: 412)

    static let features = [
        SymbolFeatures(
            symbol: "BTCUSDT", market: .spot, bars: 1415, close: Price("23456.78")!, emaFast: 23_450.123456789, emaSlow: 23_401.5, adx: 17.25,
            atrPct: 0.0012345678901234, realizedVol: 1e-7, bandWidth: 0.004, efficiencyRatio: 0.333_333_333_333_333_3, rsi: 100),
        SymbolFeatures(symbol: "ETHUSDT", market: .usdm, bars: 3, close: nil, emaFast: nil, emaSlow: nil, adx: nil, atrPct: nil, realizedVol: nil, bandWidth: nil, efficiencyRatio: nil, rsi: nil),
    ]

    static let fill = Fill(
        orderId: 42, time: 1_677_258_060_000, instrument: InstrumentID(symbol: "BTCUSDT", market: .spot), side: .buy, intent: .entry,
        price: Price("23456.78")!, quantity: Quantity("0.015")!, notional: Money("351.8517")!, fee: Money("0.3518517")!, isMaker: true,
        strategy: "range_rev_5m@BTCUSDT:spot:5m")

    static let runnerMessages: [RunnerMessage] = [
        .welcome(.init(protocolVersion: 1, runId: 7, status: status)),
        .refused(.init(reason: "another brain is connected to this runner; one connection at a time")),
        .ack(.init(planId: "p-1", planHash: String(repeating: "ab", count: 32), sequence: 99, decisionTime: 1_677_258_000_000, duplicate: false, reasons: [])),
        .reject(.init(planId: nil, planHash: nil, sequence: nil, decisionTime: nil, duplicate: false, reasons: ["entries[0].strategy: unknown strategy \"moon\"", "line\nbreak\ttab\u{1}"])),
        .error(.init(reason: "quotes \" backslash \\ slash / unicode é ✓ 🚀")),
        .snapshot(DecisionSnapshot(decisionTime: 1_677_258_000_000, symbols: features, status: status)),
        .fill(.init(index: 3, fill: fill)),
        .equity(.init(time: 1_677_258_060_000, equity: Money("10000.00000001")!, drawdown: 0)),
        .alert(.init(level: .critical, code: "safe_mode_entered", message: "no plan within 5 s", time: nil)),
        .heartbeat(.init(sequence: Int64.max, eventTime: Int64.min)),
        .status(status),
        .finished(.init(
            runId: 7, state: .finished, digest: "dfe9060560eaab99", reportFolder: "/tmp/reports/run_1", initialCash: Money("10000")!,
            finalEquity: Money("9549.49607755")!, totalReturn: -0.0451, maxDrawdown: 0.063, trades: 136, fees: Money("1151.03601335")!,
            funding: Money("0")!, inputs: 1_051_200)),
    ]

    static let plan = Plan(
        id: "brain-1", expiresAt: 1_677_261_600_000, source: "brain#569",
        entries: [PlanTests.entry(EMACross.self, EngineTests.spot, ["fast": 5, "slow": 20])], sizing: .fixed(Quantity("0.01")!))

    /// Every sizing: enums with associated values are objects keyed by the case (`all_in`).
    static let sizings: [Sizing] = [.allIn, .fixed(Quantity("0.01")!), .risk(Rate("0.005")!), .atr(Rate("0.01")!, multiple: Rate("2")!), .kelly(Rate("0.1")!, cap: Rate("1")!)]

    static let clientMessages: [ClientMessage] = [
        .hello(.init(client: "brain", runId: 7, lastFillSeen: -1)),
        .plan(.init(decisionTime: 1_677_258_000_000, plan: plan)),
    ] + sizings.map { sizing in
        var plan = plan
        plan.sizing = sizing
        plan.exits = ExitRules(stopLoss: Rate("0.02"), takeProfit: Rate("0.04"))
        return .plan(.init(plan: plan))
    } + [
        .noChange(.init(decisionTime: 1_677_258_000_000)),
        .control(.init(command: .stop)),
        .heartbeat(.init(sentAt: 1)),
        .query(.init(what: .positions)),
    ]

    static func foundationObject(_ bytes: some Sequence<UInt8>) throws -> NSObject {
        try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? NSObject)
    }

    static let foundationEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let foundationDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    @Test func everyMessageIsTheSameJSONAsFoundationWritesAndReadsBackBothWays() throws {
        let ours = ByteJSONEncoder(snakeCaseKeys: true), reader = ByteJSONDecoder(snakeCaseKeys: true)
        for message in Self.runnerMessages {
            let bytes = try ours.encode(message), theirs = try Self.foundationEncoder.encode(message)
            #expect(try Self.foundationObject(bytes) == Self.foundationObject(theirs), "\(message.type): \(String(decoding: bytes, as: UTF8.self))")
            #expect(try reader.decode(RunnerMessage.self, from: bytes) == message)
            #expect(try reader.decode(RunnerMessage.self, from: theirs) == message)
            #expect(try Self.foundationDecoder.decode(RunnerMessage.self, from: Data(bytes)) == message)
        }
        for message in Self.clientMessages {
            let bytes = try ours.encode(message), theirs = try Self.foundationEncoder.encode(message)
            #expect(try Self.foundationObject(bytes) == Self.foundationObject(theirs), "\(String(decoding: bytes, as: UTF8.self))")
            #expect(try reader.decode(ClientMessage.self, from: bytes) == message)
            #expect(try reader.decode(ClientMessage.self, from: theirs) == message)
        }
    }

    /// Doubles are written with the shortest digits that read back exactly, whole ones without
    /// `.0` (a plan's `"fast":20`, as Foundation writes it).
    @Test(arguments: [0, -0.0, 20, 0.1, 1e-7, 1e21, -123.456, 0.333_333_333_333_333_3, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude])
    func doublesReadBackExactly(value: Double) throws {
        let bytes = try ByteJSONEncoder().encode([value])
        #expect(try ByteJSONDecoder().decode([Double].self, from: bytes) == [value])
        #expect(try JSONDecoder().decode([Double].self, from: Data(bytes)) == [value])
        if value == 20 { #expect(String(decoding: bytes, as: UTF8.self) == "[20]") }
    }

    @Test func keysAreSnakeCasedAsFoundationDoes() throws {
        struct Keys: Encodable {
            struct Key: CodingKey {
                let stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            let names: [String]
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                for name in names { try container.encode(name, forKey: Key(stringValue: name)) }
            }
        }
        let names = ["a", "oneTwoThree", "myURLProperty", "URL", "aURL", "ema20Slow", "atrPct", "lastAppliedPlanId", "x1Y2", "ABc", "already_snake", "planID"]
        let theirs = try #require(JSONSerialization.jsonObject(with: Self.foundationEncoder.encode(Keys(names: names))) as? [String: String])
        for name in names {
            let snake = String(decoding: JSONKeyCase.snakeCase(name), as: UTF8.self)
            #expect(theirs[snake] == name, "\(name) → \(snake); Foundation: \(theirs.first { $0.value == name }?.key ?? "?")")
        }
    }

    /// What WireProtocol tells a peer about text it cannot take: the field, or the byte.
    @Test(arguments: [
        ("\"stop_loss\":1000000", "\"stop_loss\":NaN", "not valid JSON: unexpected character 'N'"),
        ("\"stop_loss\":1000000", "\"stop_loss\":1e999", "plan.exits.stop_loss: Number 1e999 is not representable"),
        ("\"stop_loss\":1000000", "\"stop_loss\":99999999999999999999999", "plan.exits.stop_loss: Number 99999999999999999999999 is not representable"),
        ("\"stop_loss\":1000000", "\"stop_loss\":\"x\"", "plan.exits.stop_loss: expected"),
        ("\"source\":\"brain#569\"", "\"sauce\":\"brain#569\"", "plan.source: required field is missing"),
        ("\"fast\":5", "\"fast\":5,", "not valid JSON: expected a key in quotes"),
        ("\"decision_time\":1677258000000", "\"decision_time\":01677258000000", "not valid JSON: a number with a leading zero"),
    ])
    func badTextIsAnErrorNamingTheFieldOrByte(original: String, replacement: String, message: String) throws {
        var plan = Self.plan
        plan.exits = ExitRules(stopLoss: Rate("0.01"))
        let text = String(decoding: WireProtocol.encode(ClientMessage.plan(.init(decisionTime: 1_677_258_000_000, plan: plan))), as: UTF8.self)
        #expect(text.contains(original), "\(text)")
        #expect(throws: WireError.self) { try WireProtocol.decode(ClientMessage.self, from: Array(text.replacingOccurrences(of: original, with: replacement).utf8)) }
        do {
            _ = try WireProtocol.decode(ClientMessage.self, from: Array(text.replacingOccurrences(of: original, with: replacement).utf8))
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    /// A key may be written with escapes (`\u005f` is `_`): it is the same key, in either spelling.
    @Test func aKeyWrittenWithEscapesIsTheSameKey() throws {
        let text = Array(#"{"type":"no_change","decision\u005ftime":1677258000000}"#.utf8)
        #expect(try ByteJSONDecoder(snakeCaseKeys: true).decode(ClientMessage.self, from: text) == .noChange(.init(decisionTime: 1_677_258_000_000)))
        #expect(try Self.foundationDecoder.decode(ClientMessage.self, from: Data(text)) == .noChange(.init(decisionTime: 1_677_258_000_000)))
    }

    @Test func nestingDeeperThanTheLimitIsAnErrorNotACrash() {
        let deep = Array(String(repeating: "[", count: 200_000).utf8)
        #expect(throws: (any Error).self) { try ByteJSONDecoder().decode([Int].self, from: deep) }
        let fine = Array((String(repeating: "[", count: 60) + String(repeating: "]", count: 60)).utf8)
        #expect(throws: Never.self) { try JSONTape(fine) }
    }

    /// `times` random changes of a byte (to one of JSON's own characters), removals or insertions.
    static func damage(_ bytes: inout [UInt8], times: Int, using generator: inout SeededGenerator) {
        let alphabet = Array("{}[]\":,0123456789-+.eE \\ntrufalsx_".utf8)
        for _ in 0..<times {
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = alphabet.randomElement(using: &generator)!
            case 1: bytes.remove(at: position)
            default: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
            }
            if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
        }
    }

    /// Random damage to real messages: never a crash, and whatever is read reads as Foundation
    /// reads it.
    @Test func damagedMessagesNeverCrashAndReadAsFoundationReadsThem() throws {
        var generator = SeededGenerator(seed: 20_261_130)
        let reader = ByteJSONDecoder(snakeCaseKeys: true)
        let texts = try Self.runnerMessages.map { try ByteJSONEncoder(snakeCaseKeys: true).encode($0) }
        var read = 0, agreed = 0
        for round in 0..<4000 {
            var bytes = texts[round % texts.count]
            Self.damage(&bytes, times: 1 + round % 3, using: &generator)
            let ours = try? reader.decode(RunnerMessage.self, from: bytes)
            let theirs = try? Self.foundationDecoder.decode(RunnerMessage.self, from: Data(bytes))
            if ours != nil { read += 1 }
            if let ours, let theirs { #expect(ours == theirs, "\(String(decoding: bytes, as: UTF8.self))") }
            if (ours == nil) == (theirs == nil) { agreed += 1 }
        }
        #expect(read > 100, "the damage left too few readable messages to compare: \(read)")
        #expect(agreed > 3900, "Foundation and ours disagree on whether \(4000 - agreed) of 4000 damaged messages are readable")
    }
}
