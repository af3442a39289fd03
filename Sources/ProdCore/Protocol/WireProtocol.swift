import Foundation

/// Encoding and decoding of protocol messages: JSON with snake_case keys; decimals are exact
/// fixed-point integers scaled by 10^8 (docs/protocol.md).
public enum WireProtocol {
    public static let version = 1

    /// A runner commits a decision point made only of replayed bars with the next ones, up to this
    /// many together (docs/persistence.md), so one killed resumes at most this many decision
    /// points back and asks for each again, and for the one its last commit was made at: a brain
    /// answers that many plus one from memory (`RecentDecisions`).
    public static let decisionPointsPerCommit = 16

    public static func encode(_ message: some Encodable) -> [UInt8] {
        if let message = message as? RunnerMessage, case .snapshot(let snapshot) = message, let bytes = DecisionPointWire.encode(snapshot) {
            return bytes
        }
        if let message = message as? ClientMessage, case .noChange(let noChange) = message { return DecisionPointWire.encode(noChange) }
        // Messages hold strings, integers and finite doubles only; encoding cannot fail.
        return try! encoder.encode(message)
    }

    public static func decode<Message: Decodable>(_ type: Message.Type, from payload: some Collection<UInt8>) throws(WireError) -> Message {
        do {
            let reader = try decoder.reader(payload)
            if Message.self == RunnerMessage.self, let snapshot = DecisionPointWire.decode(reader) { return RunnerMessage.snapshot(snapshot) as! Message }
            if Message.self == ClientMessage.self, let noChange = DecisionPointWire.decodeNoChange(reader) { return ClientMessage.noChange(noChange) as! Message }
            return try decoder.decode(type, reading: reader)
        } catch let error as DecodingError {
            throw .badMessage(describe(error))
        } catch {
            throw .badMessage("not a message: \(error)")
        }
    }

    // Not Foundation's JSONEncoder and JSONDecoder: a message per decision point each way made
    // them most of a lockstep replay's time (DEVELOPERS.md, "The main job"). The messages of
    // every decision point, `snapshot` and `no_change`, are written and read by hand
    // (`DecisionPointWire`).
    private static let encoder = ByteJSONEncoder(snakeCaseKeys: true)
    private static let decoder = ByteJSONDecoder(snakeCaseKeys: true)

    /// One line naming the field (`plan.exits.stop_loss`) and what is wrong with it.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { key in key.intValue.map { "[\($0)]" } ?? String(decoding: JSONKeyCase.snakeCase(key.stringValue), as: UTF8.self) }
            return names.reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if context.codingPath.isEmpty { return "not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)" }
            return "\(field): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
