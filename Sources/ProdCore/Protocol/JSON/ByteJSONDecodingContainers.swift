/// The `Decoder` for one node of the tape, and its three containers.
struct ByteJSONValueDecoder: Decoder {
    let reader: JSONTapeReader
    let node: Int
    let path: JSONPath

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try expect(.object, "a keyed container")
        return KeyedDecodingContainer(ByteJSONKeyedDecoding<Key>(reader: reader, object: node, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try expect(.array, "an unkeyed container")
        return ByteJSONUnkeyedDecoding(reader: reader, array: node, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ByteJSONSingleValueDecoding(reader: reader, node: node, path: path)
    }

    private func expect(_ kind: JSONTape.Kind, _ what: String) throws {
        let found = reader.node(node).kind
        guard found != kind else { return }
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(what) but found \(found.name)")
        if found == .null { throw DecodingError.valueNotFound(kind == .object ? [String: Int].self : [Int].self, context) }
        throw DecodingError.typeMismatch(kind == .object ? [String: Int].self : [Int].self, context)
    }
}

extension JSONTape.Kind {
    var name: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string, .escapedString: "a string"
        case .number: "a number"
        case .isTrue, .isFalse: "a boolean"
        case .null: "null"
        }
    }
}

/// Scalar decoding shared by the three containers: a node, read as the asked type, or the
/// error Foundation's decoder would give.
enum JSONScalar {
    static func decode<Value: Decodable>(_ type: Value.Type, node index: Int, reader: JSONTapeReader, path: JSONPath) throws -> Value {
        let node = reader.node(index)
        func fail(_ reason: String? = nil) -> DecodingError {
            let context = DecodingError.Context(codingPath: path.keys, debugDescription: reason ?? "expected \(Value.self) but found \(node.kind.name)")
            return node.kind == .null ? .valueNotFound(Value.self, context) : .typeMismatch(Value.self, context)
        }
        switch type {
        case is String.Type:
            guard node.kind == .string || node.kind == .escapedString else { throw fail() }
            do { return try reader.string(node) as! Value } catch { throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "\(error)")) }
        case is Bool.Type:
            guard node.kind == .isTrue || node.kind == .isFalse else { throw fail() }
            return (node.kind == .isTrue) as! Value
        case is Double.Type, is Float.Type:
            guard let value = reader.double(node) else {
                guard node.kind == .number else { throw fail() }
                throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Number \(reader.numberText(node)) is not representable in Swift."))
            }
            return (type == Float.self ? Float(value) as Any : value) as! Value
        case let integer as any FixedWidthInteger.Type:
            guard node.kind == .number else { throw fail() }
            guard let value = reader.integer(node, as: integer) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path.keys, debugDescription: "Number \(reader.numberText(node)) is not representable in Swift."))
            }
            return value as! Value
        default:
            return try Value(from: ByteJSONValueDecoder(reader: reader, node: index, path: path))
        }
    }
}

struct ByteJSONKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: JSONTapeReader
    let object: Int
    let path: JSONPath

    var codingPath: [any CodingKey] { path.keys }

    /// The text's keys: as spelled when the type has such a key (a dictionary's keys are kept as
    /// they are), else converted back from snake_case (an enum's case `all_in` → `allIn`).
    var allKeys: [Key] {
        reader.keys(of: object).compactMap { name, _ in
            Key(stringValue: name) ?? (reader.snakeCaseKeys ? Key(stringValue: JSONKeyCase.camelCase(name)) : nil)
        }
    }

    func contains(_ key: Key) -> Bool { reader.member(key, of: object) != nil }

    private func value(_ key: Key) throws -> Int {
        guard let node = reader.member(key, of: object) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for the key \(key.stringValue)"))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool { reader.node(try value(key)).kind == .null }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try JSONScalar.decode(type, node: try value(key), reader: reader, path: .key(key, path))
    }

    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        guard let node = reader.member(key, of: object), reader.node(node).kind != .null else { return nil }
        return try JSONScalar.decode(type, node: node, reader: reader, path: .key(key, path))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ByteJSONValueDecoder(reader: reader, node: try value(key), path: .key(key, path)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ByteJSONValueDecoder(reader: reader, node: try value(key), path: .key(key, path)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "superDecoder() is not supported"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ByteJSONValueDecoder(reader: reader, node: try value(key), path: .key(key, path))
    }
}

struct ByteJSONUnkeyedDecoding: UnkeyedDecodingContainer {
    let reader: JSONTapeReader
    let path: JSONPath
    let count: Int?
    private(set) var currentIndex = 0
    private var next: Int

    init(reader: JSONTapeReader, array: Int, path: JSONPath) {
        self.reader = reader
        self.path = path
        count = Int(reader.node(array).end)
        next = array + 1
    }

    var codingPath: [any CodingKey] { path.keys }
    var isAtEnd: Bool { currentIndex >= count! }

    private mutating func take() throws -> (node: Int, path: JSONPath) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has only \(count!) elements"))
        }
        let node = next
        next = Int(reader.node(node).next)
        defer { currentIndex += 1 }
        return (node, .key(JSONIndexKey(currentIndex), path))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, reader.node(next).kind == .null else { return false }
        _ = try take()
        return true
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let element = try take()
        return try JSONScalar.decode(type, node: element.node, reader: reader, path: element.path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let element = try take()
        return try ByteJSONValueDecoder(reader: reader, node: element.node, path: element.path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = try take()
        return try ByteJSONValueDecoder(reader: reader, node: element.node, path: element.path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let element = try take()
        return ByteJSONValueDecoder(reader: reader, node: element.node, path: element.path)
    }
}

struct ByteJSONSingleValueDecoding: SingleValueDecodingContainer {
    let reader: JSONTapeReader
    let node: Int
    let path: JSONPath

    var codingPath: [any CodingKey] { path.keys }

    func decodeNil() -> Bool { reader.node(node).kind == .null }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONScalar.decode(type, node: node, reader: reader, path: path)
    }
}
