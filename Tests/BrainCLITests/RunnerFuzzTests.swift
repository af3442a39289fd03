import BrainOrchestrator
import Foundation
import ProdCore
import Testing

/// 100,000 random, mutated, truncated, oversized and malformed frames at a live runner: each is
/// answered or ends its connection, the runner never dies, and a valid plan still applies.
@Suite(.serialized) struct RunnerFuzzTests {
    @Test func theRunnerSurvivesAHundredThousandBadFramesAndStillAppliesAPlan() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), ["--speed", "1", "--heartbeat-timeout", "600",
                                                                                    "--from", "2023-03-01", "--to", "2023-03-02"])
        defer { runner.process.terminate() }
        var generator = SeededGenerator(seed: 7)
        let valid: [[UInt8]] = [
            WireProtocol.encode(ClientMessage.heartbeat(.init(sentAt: 1))),
            WireProtocol.encode(ClientMessage.query(.init(what: .health))),
            WireProtocol.encode(ClientMessage.noChange(.init(decisionTime: 0))),
            WireProtocol.encode(ClientMessage.plan(.init(plan: RunnerScripts.plan(id: "seed", "range_rev_5m", timeframe: .m5)))),
        ]
        var client = try greet(runner)
        var answered = 0
        var closed = 0
        let total = 100_000
        var sent = 0
        while sent < total {
            // A batch of payloads that can never be a message: each gets exactly one `error`.
            let batch = min(500, total - sent)
            var bytes: [UInt8] = []
            for _ in 0..<batch { bytes += WireFrame.encode(Self.garbage(from: valid, using: &generator)) }
            try client.sendRaw(bytes)
            for _ in 0..<batch {
                guard case .error = try client.receive() else { Issue.record("a bad payload was not answered with an error"); return }
                answered += 1
            }
            sent += batch
            // Then a frame that ends the connection: too long, empty, or cut off.
            guard sent < total else { break }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: try client.sendRaw([0x00, 0x10, 0x00, 0x01] + [UInt8](repeating: 0x7B, count: 64))
            case 1: try client.sendRaw([0, 0, 0, 0])
            default: try client.sendRaw([0, 0, 1, 0] + Array("{\"type\":\"heartbeat\"".utf8))
            }
            sent += 1
            closed += 1
            client = try reconnect(runner, after: client)
        }
        #expect(answered + closed == total)
        try client.send(.plan(.init(plan: RunnerScripts.plan(id: "after-fuzz", "ema_cross:fast=5,slow=20", timeframe: .m15))))
        let ack = try client.receive { if case .ack(let answer) = $0 { answer } else { nil } }
        #expect(ack.planId == "after-fuzz")
        #expect(runner.process.isRunning)
    }

    private func greet(_ runner: RunnerProcess) throws -> RunnerClient {
        let client = try runner.connect()
        try client.send(.hello(.init(client: "fuzz")))
        _ = try client.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        return client
    }

    /// Connects again after a frame that ends the connection. The runner closes it after a bad
    /// length; a cut-off frame only ends when the client goes, so the client closes it.
    private func reconnect(_ runner: RunnerProcess, after old: RunnerClient) throws -> RunnerClient {
        old.disconnect()
        for _ in 0..<200 {
            let client = try runner.connect()
            try client.send(.hello(.init(client: "fuzz")))
            let first = try client.receive()
            if case .welcome = first { return client }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw RunnerError("could not reconnect after a bad frame")
    }

    /// Random bytes, or a valid message cut, spliced or with bytes flipped, that is no valid
    /// message any more (checked by decoding it the way the runner does).
    static func garbage(from valid: [[UInt8]], using generator: inout SeededGenerator) -> [UInt8] {
        while true {
            var bytes: [UInt8]
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                bytes = (0..<Int.random(in: 1...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1:
                let source = valid.randomElement(using: &generator)!
                bytes = Array(source.prefix(Int.random(in: 1..<source.count, using: &generator)))
            case 2:
                bytes = valid.randomElement(using: &generator)!
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            default:
                let words = ["{", "}", "[", "]", ":", ",", "\"type\"", "\"plan\"", "\"hello\"", "null", "NaN", "1e999", "-", "\"\\u0000\"", "true"]
                bytes = Array((0..<Int.random(in: 1...40, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined().utf8)
            }
            if (try? WireProtocol.decode(ClientMessage.self, from: bytes)) == nil { return bytes }
        }
    }
}
