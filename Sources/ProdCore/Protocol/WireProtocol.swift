import Foundation

/// Encoding and decoding of protocol messages: JSON with snake_case keys; decimals are exact
/// fixed-point integers scaled by 10^8 (docs/protocol.md).
public enum WireProtocol {
    public static let version = 1

    public static func encode(_ message: some Encodable) -> [UInt8] {
        // Messages hold strings, integers and finite doubles only; encoding cannot fail.
        Array(try! encoder.encode(message))
    }

    public static func decode<Message: Decodable>(_ type: Message.Type, from payload: some Collection<UInt8>) throws(WireError) -> Message {
        do {
            return try decoder.decode(type, from: Data(payload))
        } catch let error as DecodingError {
            throw .badMessage(describe(error))
        } catch {
            throw .badMessage("not a message: \(error)")
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// One line naming the field (`plan.exits.stop_loss`) and what is wrong with it.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { key in key.intValue.map { "[\($0)]" } ?? snakeCase(key.stringValue) }
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

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }
}
