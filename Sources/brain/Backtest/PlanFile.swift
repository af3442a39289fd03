import Foundation
import ProdCore

/// `brain backtest --plans FILE`: one plan message per line, as the brain sent it to a lockstep
/// runner (`{"decision_time":…,"plan":{…}}`), so that a runner's run can be replayed without it.
enum PlanFile {
    static func read(_ path: String) throws -> [EngineInput] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("--plans: cannot read \(path)") }
        var inputs: [EngineInput] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            let message: ClientMessage.PlanMessage
            do {
                message = try WireProtocol.decode(ClientMessage.PlanMessage.self, from: line)
            } catch {
                throw CLIError("\(path):\(index + 1): \(error)")
            }
            guard let time = message.decisionTime else { throw CLIError("\(path):\(index + 1): decision_time: required field is missing") }
            inputs.append(.plan(message.plan, time: time))
        }
        return inputs
    }
}
