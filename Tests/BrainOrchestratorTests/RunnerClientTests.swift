import BrainOrchestrator
import Foundation
@testable import ProdCore
import Testing

/// What the brain's end of the socket sees when the runner writes its last messages and exits at
/// once (the end of a run): a send then fails as `peerClosed`, and the messages are still there
/// to be read, in order, before the close is reported. `BrainSession.send` relies on both.
struct RunnerClientTests {
    @Test func theLastMessagesOfARunnerThatClosedAreReadAfterASendFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-client-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/runner.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        #expect(UnixSocketAddress.with(path, { bind(listener, $0, $1) }) == 0)
        #expect(listen(listener, 1) == 0)
        let finished = RunnerMessage.Finished(
            runId: 1, state: .finished, digest: "ab", reportFolder: "/tmp/r", initialCash: Money(raw: 1), finalEquity: Money(raw: 2),
            totalReturn: 1, maxDrawdown: 0, trades: 0, fees: Money(raw: 0), funding: Money(raw: 0), inputs: 3)
        let lastWords = WireFrame.encode(WireProtocol.encode(RunnerMessage.alert(.init(level: .info, code: "last", message: "x", time: nil))))
            + WireFrame.encode(WireProtocol.encode(RunnerMessage.finished(finished)))
        let runner = Thread {
            let connection = accept(listener, nil, nil)
            _ = lastWords.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
        runner.start()
        let client = try RunnerClient(socketPath: path, timeout: .seconds(5))
        // Until the runner's close has reached this end, a send may still succeed.
        var failure: RunnerError?
        for _ in 0..<500 where failure == nil {
            do {
                try client.send(.heartbeat(.init()))
                Thread.sleep(forTimeInterval: 0.01)
            } catch {
                failure = error
            }
        }
        let error = try #require(failure, "a send to a closed runner never failed")
        #expect(error.peerClosed, "\(error)")
        guard case .alert(let alert) = try client.receive() else { Issue.record("the first message is lost"); return }
        #expect(alert.code == "last")
        #expect(try client.receive() == .finished(finished))
        #expect(throws: RunnerError.self) { try client.receive() }
    }
}
