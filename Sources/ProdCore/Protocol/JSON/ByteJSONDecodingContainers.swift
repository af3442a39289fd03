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
        switch type {
        case is String.Type: return try string(node: index, reader: reader, path: path) as! Value
        case is Bool.Type: return try bool(node: index, reader: reader, path: path) as! Value
        case is Double.Type: return try double(node: index, reader: reader, path: path) as! Value
        case is Float.Type: return Float(try double(node: index, reader: reader, path: path)) as! Value
        case is Int.Type: return try integer(Int.self, node: index, reader: reader, path: path) as! Value
        case is Int64.Type: return try integer(Int64.self, node: index, reader: reader, path: path) as! Value
        case is Int32.Type: return try integer(Int32.self, node: index, reader: reader, path: path) as! Value
        case is Int16.Type: return try integer(Int16.self, node: index, reader: reader, path: path) as! Value
        case is Int8.Type: return try integer(Int8.self, node: index, reader: reader, path: path) as! Value
        case is UInt.Type: return try integer(UInt.self, node: index, reader: reader, path: path) as! Value
        case is UInt64.Type: return try integer(UInt64.self, node: index, reader: reader, path: path) as! Value
        case is UInt32.Type: return try integer(UInt32.self, node: index, reader: reader, path: path) as! Value
        case is UInt16.Type: return try integer(UInt16.self, node: index, reader: reader, path: path) as! Value
        case is UInt8.Type: return try integer(UInt8.self, node: index, reader: reader, path: path) as! Value
        default: return try Value(from: ByteJSONValueDecoder(reader: reader, node: index, path: path))
        }
    }

    static func string(node index: Int, reader: JSONTapeReader, path: @autoclosure () -> JSONPath) throws -> String {
        let node = reader.node(index)
        guard node.kind == .string || node.kind == .escapedString else { throw mismatch(String.self, node, path()) }
        do { return try reader.string(node) } catch { throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription: "\(error)")) }
    }

    static func bool(node index: Int, reader: JSONTapeReader, path: @autoclosure () -> JSONPath) throws -> Bool {
        let node = reader.node(index)
        guard node.kind == .isTrue || node.kind == .isFalse else { throw mismatch(Bool.self, node, path()) }
        return node.kind == .isTrue
    }

    static func double(node index: Int, reader: JSONTapeReader, path: @autoclosure () -> JSONPath) throws -> Double {
        let node = reader.node(index)
        guard let value = reader.double(node) else {
            guard node.kind == .number else { throw mismatch(Double.self, node, path()) }
            throw unrepresentable(node, reader, path())
        }
        return value
    }

    static func integer<Integer: FixedWidthInteger>(_ type: Integer.Type, node index: Int, reader: JSONTapeReader, path: @autoclosure () -> JSONPath) throws -> Integer {
        let node = reader.node(index)
        guard node.kind == .number else { throw mismatch(Integer.self, node, path()) }
        guard let value = reader.integer(node, as: type) else { throw unrepresentable(node, reader, path()) }
        return value
    }

    private static func mismatch<Value>(_ type: Value.Type, _ node: JSONTape.Node, _ path: JSONPath) -> DecodingError {
        let context = DecodingError.Context(codingPath: path.keys, debugDescription: "expected \(Value.self) but found \(node.kind.name)")
        return node.kind == .null ? .valueNotFound(Value.self, context) : .typeMismatch(Value.self, context)
    }

    private static func unrepresentable(_ node: JSONTape.Node, _ reader: JSONTapeReader, _ path: JSONPath) -> DecodingError {
        .dataCorrupted(.init(codingPath: path.keys, debugDescription: "Number \(reader.numberText(node)) is not representable in Swift."))
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
        guard let node = present(key) else { return nil }
        return try JSONScalar.decode(type, node: node, reader: reader, path: .key(key, path))
    }

    private func present(_ key: Key) -> Int? {
        guard let node = reader.member(key, of: object), reader.node(node).kind != .null else { return nil }
        return node
    }

    // The types messages are made of, read without the generic path's type tests.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONScalar.string(node: try value(key), reader: reader, path: .key(key, path)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONScalar.bool(node: try value(key), reader: reader, path: .key(key, path)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONScalar.double(node: try value(key), reader: reader, path: .key(key, path)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONScalar.integer(type, node: try value(key), reader: reader, path: .key(key, path)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONScalar.integer(type, node: try value(key), reader: reader, path: .key(key, path)) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try JSONScalar.string(node: $0, reader: reader, path: .key(key, path)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try JSONScalar.double(node: $0, reader: reader, path: .key(key, path)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try JSONScalar.integer(type, node: $0, reader: reader, path: .key(key, path)) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try JSONScalar.integer(type, node: $0, reader: reader, path: .key(key, path)) }
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

    /// Prices, quantities and money are single Int64 values.
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalar.integer(type, node: node, reader: reader, path: path) }
}
