import BrainOrchestrator
import Foundation
import ProdCore
import Testing

/// Bad plans, a silent brain, other users, a second brain, a second runner and writes outside
/// the sandbox: the runner refuses each and keeps running.
@Suite(.serialized) struct RunnerSafetyTests {
    static let slowFeed = ["--speed", "1", "--heartbeat-timeout", "60", "--from", "2023-03-01", "--to", "2023-03-02"]

    func hello(_ runner: RunnerProcess) throws -> RunnerClient {
        let client = try runner.connect()
        try client.send(.hello(.init(client: "test")))
        _ = try client.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        return client
    }

    func answer(_ client: RunnerClient, to plan: Plan) throws -> RunnerMessage {
        try client.send(.plan(.init(plan: plan)))
        return try client.receive { message in
            switch message {
            case .ack, .reject, .error: message
            default: nil
            }
        }
    }

    @Test func badPlansAreRejectedWithEveryReasonAndTheRunnerKeepsTheLastGoodPlan() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), Self.slowFeed)
        defer { runner.process.terminate() }
        let client = try hello(runner)
        let good = RunnerScripts.plan(id: "good", "ema_cross:fast=5,slow=20", timeframe: .m15, stop: "0.01")
        guard case .ack(let applied) = try answer(client, to: good) else { Issue.record("valid plan not acknowledged"); return }
        #expect(applied.planId == "good" && !applied.duplicate)
        guard case .ack(let again) = try answer(client, to: good) else { Issue.record("re-sent plan not acknowledged"); return }
        #expect(again.duplicate && again.sequence == applied.sequence)

        var loosening = RunnerScripts.plan(id: "loose", "ema_cross:fast=5,slow=20", timeframe: .m15)
        loosening.governor.maxDailyLoss = Rate("0.5")
        var negative = RunnerScripts.plan(id: "negative", "ema_cross:fast=5,slow=20", timeframe: .m15)
        negative.exits.stopLoss = Rate(raw: -1_000_000)
        negative.risk.cooldownBarsAfterStop = -3
        var huge = RunnerScripts.plan(id: "huge", "ema_cross:fast=5,slow=20", timeframe: .m15)
        huge.risk.cooldownBarsAfterStop = 1_000_000_000_000
        huge.exits.trailing = TrailingStop(period: 14, multiple: 1e300)
        var expired = RunnerScripts.plan(id: "expired", "ema_cross:fast=5,slow=20", timeframe: .m15)
        expired.expiresAt = 0
        let expectations: [(Plan, [String])] = [
            (loosening, ["governor.max_daily_loss 0.5 loosens the hard limit 0.03"]),
            (negative, ["exits.stop_loss: must be in (0,", "risk.cooldown_bars_after_stop"]),
            (huge, ["risk.cooldown_bars_after_stop", "exits.trailing.multiple"]),
            (expired, ["expires_at: the plan expired"]),
        ]
        for (plan, reasons) in expectations {
            guard case .reject(let rejection) = try answer(client, to: plan) else { Issue.record("\(plan.id!) not rejected"); continue }
            #expect(rejection.planId == plan.id)
            for reason in reasons {
                #expect(rejection.reasons.contains { $0.contains(reason) }, "\(plan.id!): \(rejection.reasons)")
            }
        }
        // A strategy the runner does not know, as a brain could send it.
        let unknown = RunnerScripts.plan(id: "unknown", "ema_cross:fast=5,slow=20", timeframe: .m15)
        let unknownJSON = String(decoding: WireProtocol.encode(ClientMessage.plan(.init(plan: unknown))), as: UTF8.self)
            .replacingOccurrences(of: "\"ema_cross\"", with: "\"moon_shot\"")
        try client.sendRaw(WireFrame.encode(Array(unknownJSON.utf8)))
        let unknownAnswer = try client.receive { if case .reject(let answer) = $0 { answer } else { nil } }
        #expect(unknownAnswer.reasons.contains { $0.contains("entries[0].strategy: unknown strategy moon_shot") }, "\(unknownAnswer.reasons)")
        // NaN and numbers out of range are not JSON a plan can carry: answered with an error naming the field.
        let valid = String(decoding: WireProtocol.encode(ClientMessage.plan(.init(plan: good))), as: UTF8.self)
        for bad in [valid.replacingOccurrences(of: "\"stop_loss\":1000000", with: "\"stop_loss\":NaN"),
                    valid.replacingOccurrences(of: "\"stop_loss\":1000000", with: "\"stop_loss\":1e999"),
                    valid.replacingOccurrences(of: "\"stop_loss\":1000000", with: "\"stop_loss\":99999999999999999999999")] {
            #expect(bad != valid)
            try client.sendRaw(WireFrame.encode(Array(bad.utf8)))
            let reply = try client.receive { message -> RunnerMessage? in
                switch message {
                case .ack, .reject, .error: message
                default: nil
                }
            }
            guard case .error(let error) = reply else { Issue.record("\(bad) answered with \(reply)"); continue }
            #expect(!error.reason.isEmpty)
        }
        try client.send(.query(.init(what: .state)))
        let status = try client.receive { if case .status(let status) = $0 { status } else { nil } }
        #expect(status.lastAppliedPlanId == "good")
        #expect(status.limits.maxDailyLoss == Rate("0.03"))
        let fresh = RunnerScripts.plan(id: "fresh", "range_rev_5m", timeframe: .m5)
        guard case .ack = try answer(client, to: fresh) else { Issue.record("a valid plan after the bad ones was not applied"); return }
    }

    @Test func aSilentBrainPutsTheRunnerInSafeModeAndNoPositionOpensUntilAValidPlan() throws {
        let folder = try BrainProcess.temporaryFolder()
        let runner = try RunnerProcess(folder: folder, [
            "--lockstep", "--decision-interval", "1h", "--lockstep-timeout", "1", "--heartbeat-timeout", "60",
            "--from", "2023-03-01", "--to", "2023-03-03"])
        let busy: @Sendable (String) -> Plan = { id in RunnerScripts.plan(id: id, "ema_cross:fast=3,slow=8", timeframe: .m5) }
        let start = Int64(1_677_628_800_000)  // 2023-03-01T00:00Z
        // A plan at the start, silence from 06:00 to 18:00, then a plan again.
        let brain = ScriptedBrain { time in time == start ? busy("first") : time == start + 18 * RunnerScripts.hour ? busy("back") : nil }
        let client = try runner.connect()
        try client.send(.hello(.init(client: "silent-brain")))
        var silent = false
        while true {
            let message = try client.receive()
            if case .snapshot(let snapshot) = message {
                let time = snapshot.decisionTime
                silent = time >= start + 6 * RunnerScripts.hour && time < start + 18 * RunnerScripts.hour
                if silent { continue }
                if let plan = brain.script(time) {
                    try client.send(.plan(.init(decisionTime: time, plan: plan)))
                } else {
                    try client.send(.noChange(.init(decisionTime: time)))
                }
            }
            if case .status(let status) = message, status.state == .finished { break }
        }
        #expect(runner.waitForExit() == 0)
        let store = RunStore(database: try CruptoDatabase(path: runner.database))
        let events = try store.governorEvents(run: runner.runId)
        let entered = try #require(events.first { $0.kind == .safeModeEntered })
        let left = try #require(events.first { $0.kind == .safeModeLeft })
        #expect(entered.time == start + 6 * RunnerScripts.hour)
        #expect(left.time == start + 18 * RunnerScripts.hour)
        let fills = try store.fills(run: runner.runId)
        #expect(!fills.contains { $0.intent == .entry && $0.time >= entered.time && $0.time <= left.time })
        #expect(fills.contains { $0.intent == .entry && $0.time > left.time }, "entries resume after the valid plan")
        let blocked = try store.rejections(run: runner.runId).filter { $0.reason == .governorSafeMode }
        #expect(!blocked.isEmpty, "the strategy tried to enter during safe mode and was blocked")
        _ = brain
    }

    @Test func otherUsersASecondBrainAndOtherVersionsAreRefused() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), Self.slowFeed)
        defer { runner.process.terminate() }
        var status = stat()
        #expect(stat(runner.socket, &status) == 0 && status.st_mode & 0o777 == 0o600)
        let first = try hello(runner)
        let second = try runner.connect()
        guard case .refused(let refusal) = try second.receive() else { Issue.record("second brain not refused"); return }
        #expect(refusal.reason.contains("another brain is connected"))
        try first.send(.heartbeat(.init()))
        guard case .heartbeat = try first.receive() else { Issue.record("first brain lost its connection"); return }
        withExtendedLifetime(first) {}

        guard getuid() == 0 else { return }
        // As another user: the socket's mode alone stops it; opened up, the peer check still does.
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", Self.pythonHello, runner.socket]
        let denied = try Self.run(asNobody)
        #expect(denied.contains("[Errno 13] Permission denied"), "\(denied)")
        chmod(runner.folder, 0o755)
        chmod(runner.folder + "/run", 0o755)
        chmod(runner.socket, 0o777)
        let answer = try Self.run(asNobody)
        #expect(answer.contains("\"type\":\"refused\"") && answer.contains("uid 65534"), "\(answer)")
    }

    @Test func aSecondRunnerOnTheSameSocketIsRefusedAndAStaleSocketIsReplaced() throws {
        let folder = try BrainProcess.temporaryFolder()
        let crashed = try RunnerProcess(folder: folder, Self.slowFeed)
        crashed.kill9()
        #expect(FileManager.default.fileExists(atPath: crashed.socket), "kill -9 leaves the socket file behind")
        let live = try RunnerProcess(folder: folder, Self.slowFeed)
        defer { live.process.terminate() }
        _ = try hello(live)
        let other = try BrainProcess.temporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RunnerProcess.executable)
        process.arguments = Self.slowFeed + ["--socket", live.socket, "--db", other + "/c.db", "--reports", other + "/r"]
        process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("another prodcore-runner (pid \(live.process.processIdentifier)) serves"), "\(text)")
        _ = try hello(live)
    }

    /// A client that connects and never says hello would hold the only connection slot: it is
    /// dropped after the hello deadline and the brain gets in. The socket's folder is private.
    /// Decision points pass (a five-minute one every second) while a peer connects and has not
    /// said hello yet: no snapshot reaches it before its `welcome` (one reached a reattaching brain
    /// before its welcome, and the brain decided without knowing which plan was applied).
    @Test func nothingOfTheRunReachesAPeerBeforeItsWelcome() throws {
        let flags = ["--speed", "300", "--decision-interval", "5m", "--heartbeat-timeout", "60", "--from", "2023-03-01", "--to", "2023-03-02"]
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), flags)
        defer { runner.process.terminate() }
        let client = try runner.connect()
        // Past a decision point, short of the hello deadline.
        Thread.sleep(forTimeInterval: 1.5)
        try client.send(.hello(.init(client: "brain")))
        let first = try client.receive()
        guard case .welcome = first else {
            Issue.record("the first message was not welcome: \(first)")
            return
        }
        _ = try client.receive { if case .snapshot(let snapshot) = $0 { snapshot } else { nil } }
    }

    @Test func aClientThatNeverSaysHelloIsDroppedSoTheBrainGetsIn() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), Self.slowFeed)
        defer { runner.process.terminate() }
        var folder = stat()
        #expect(stat(runner.folder + "/run", &folder) == 0 && folder.st_mode & 0o777 == 0o700, "mode \(String(folder.st_mode & 0o777, radix: 8))")
        let squatter = try runner.connect()
        Thread.sleep(forTimeInterval: 0.3)
        let early = try runner.connect()
        // Refused at once, the early peer may see its hello's write fail: read the refusal anyway.
        try? early.send(.hello(.init(client: "brain")))
        let refused = try early.receive { if case .refused(let refusal) = $0 { refusal.reason } else { nil } }
        #expect(refused.contains("another brain is connected"))
        let dropped = try squatter.receive { if case .refused(let refusal) = $0 { refusal.reason } else { nil } }
        #expect(dropped == "no hello within 2 s of connecting")
        // The slot frees when the runner has closed the squatter's connection: on a busy machine, a moment later.
        try aBrainGetsIn(runner, "once the squatter is dropped")
    }

    /// A brain attaches within 5 s and is answered.
    func aBrainGetsIn(_ runner: RunnerProcess, _ when: String) throws {
        var connected: RunnerClient?
        for _ in 0..<50 where connected == nil {
            connected = try? hello(runner)
            if connected == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let brain = try #require(connected, "a brain gets in \(when)")
        try brain.send(.query(.init(what: .state)))
        _ = try brain.receive { if case .status(let status) = $0 { status } else { nil } }
    }

    /// A peer that asks and never reads: the runner keeps what the socket cannot take for it up
    /// to `BrainSocket.maxPending` bytes, then drops it, and goes on serving the next brain.
    @Test func aBrainThatNeverReadsIsDroppedNotBufferedWithoutBound() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), Self.slowFeed)
        defer { runner.process.terminate() }
        let glutton = try hello(runner)
        // Each query is answered with a status of about 1 KiB: queries go on until the runner has
        // answered more than the bound, drops the connection, and a send fails.
        let query = WireFrame.encode(WireProtocol.encode(ClientMessage.query(.init(what: .state))))
        let batch = Array([[UInt8]](repeating: query, count: 1000).joined())
        var dropped = false
        let deadline = ContinuousClock.now + .seconds(120)
        while !dropped && ContinuousClock.now < deadline {
            dropped = (try? glutton.sendRaw(batch)) == nil
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(dropped, "the runner kept answering a peer that read nothing")
        #expect(runner.process.isRunning)
        try aBrainGetsIn(runner, "after the glutton is dropped")
    }

    @Test func versionMismatchIsRefusedWithBothVersions() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), Self.slowFeed)
        defer { runner.process.terminate() }
        let client = try runner.connect()
        try client.send(.hello(.init(protocolVersion: 99, client: "future-brain")))
        guard case .refused(let refusal) = try client.receive() else { Issue.record("not refused"); return }
        #expect(refusal.reason == "protocol version 99 is not supported: this runner speaks version 1")
    }

    @Test func theSandboxBlocksWritesOutsideTheRunnersFolders() throws {
        let folder = try BrainProcess.temporaryFolder()
        let result = try Self.run([RunnerProcess.executable, "--print-sandbox", "--socket", folder + "/run/s.sock",
                                   "--db", folder + "/db/c.db", "--reports", folder + "/reports"], in: BrainProcess.repoRoot)
        #expect(result.contains("no_new_privs: active"))
        if result.contains("landlock: active") {
            #expect(result.contains("probe: write in \(FileManager.default.temporaryDirectory.path): blocked"), "\(result)")
            #expect(result.contains("probe: write in \(folder)/reports: allowed"), "\(result)")
        } else {
            #expect(result.contains("landlock: inactive"))
        }
    }

    /// Landlock ABI ≥ 4: a live runner connects over TCP to its feed's ports only (port 1 is
    /// denied by the sandbox, EACCES; the feed's port is reached, here refused by 127.0.0.1 where
    /// nothing listens), and a replay runner to none.
    @Test func theSandboxLetsTheRunnerConnectToItsFeedsPortsOnly() throws {
        let folder = try BrainProcess.temporaryFolder()
        let paths = ["--socket", folder + "/run/s.sock", "--db", folder + "/db/c.db", "--reports", folder + "/reports", "--metrics-port", "0"]
        let live = try Self.run([RunnerProcess.executable, "--print-sandbox", "--feed", "live", "--spot-rest", "http://127.0.0.1:18088",
                                 "--spot-ws", "ws://127.0.0.1:18088", "--usdm-rest", "http://127.0.0.1:18088", "--usdm-ws", "ws://127.0.0.1:18088/usdm"] + paths,
                                in: BrainProcess.repoRoot)
        guard let abi = live.firstMatch(of: /landlock: active \(ABI (\d+)\)/).flatMap({ Int($0.1) }), abi >= 4 else {
            #expect(live.contains("landlock: inactive") || live.contains("TCP is not restricted"), "\(live)")
            return
        }
        #expect(live.contains("landlock: TCP connect only to ports 18088; TCP bind only to none"), "\(live)")
        #expect(live.contains("probe: TCP connect 127.0.0.1:1: Permission denied"), "\(live)")
        #expect(live.contains("probe: TCP connect 127.0.0.1:18088: Connection refused"), "\(live)")
        let replay = try Self.run([RunnerProcess.executable, "--print-sandbox"] + paths, in: BrainProcess.repoRoot)
        #expect(replay.contains("landlock: TCP connect only to ports none"), "\(replay)")
    }

    static let pythonHello = """
        import socket, struct, sys, json
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(sys.argv[1])
            body = json.dumps({"type": "hello", "protocol_version": 1, "client": "nobody"}).encode()
            try:
                s.sendall(struct.pack(">I", len(body)) + body)
            except BrokenPipeError:
                pass  # the runner may refuse and close before the hello is read; its answer is still there
            n = struct.unpack(">I", s.recv(4))[0]
            print(s.recv(n).decode())
        except OSError as e:
            print(e)
        """

    /// Runs a program (`arguments[0]`, found through PATH) and returns what it printed on both streams.
    static func run(_ arguments: [String], in directory: String? = nil) throws -> String {
        try ExternalCommand.run(arguments, in: directory).output
    }
}
