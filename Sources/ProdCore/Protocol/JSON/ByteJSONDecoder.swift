/// JSON read from bytes through a `JSONTape`: values are decoded straight from the tape's byte
/// ranges, keys matched without building a dictionary per object. Errors are Foundation's
/// `DecodingError`s with the coding path, so messages name the field as before.
public struct ByteJSONDecoder: Sendable {
    /// Keys are `snake_case` in the text, `camelCase` in Swift (a key spelled exactly as the
    /// property is accepted too).
    public var snakeCaseKeys = false
    /// The strings `inf`, `-inf` and `nan` are accepted for doubles.
    public var nonFiniteFromStrings = false

    public init(snakeCaseKeys: Bool = false, nonFiniteFromStrings: Bool = false) {
        self.snakeCaseKeys = snakeCaseKeys
        self.nonFiniteFromStrings = nonFiniteFromStrings
    }

    public func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        try decode(type, reading: reader(bytes))
    }

    /// The text checked and indexed, for a reader of its own (`DecisionPointWire`) or `decode`.
    func reader(_ bytes: some Collection<UInt8>) throws -> JSONTapeReader {
        do {
            return JSONTapeReader(tape: try JSONTape(bytes), options: self)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON: \(error)", underlyingError: error))
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, reading reader: JSONTapeReader) throws -> Value {
        try Value(from: ByteJSONValueDecoder(reader: reader, node: 0, path: .root))
    }
}

/// The coding path as a chain from the value to the root: made only when an error needs it.
indirect enum JSONPath {
    case root
    case key(any CodingKey, JSONPath)

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = self
        while case .key(let key, let parent) = current {
            keys.append(key)
            current = parent
        }
        return keys.reversed()
    }
}

/// An array index as a coding key, for paths like `entries[0]`.
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// Reads scalar values off the tape.
final class JSONTapeReader {
    let tape: JSONTape
    let snakeCaseKeys: Bool
    let nonFiniteFromStrings: Bool
    private var keyScratch: [UInt8] = []

    init(tape: JSONTape, options: ByteJSONDecoder) {
        self.tape = tape
        snakeCaseKeys = options.snakeCaseKeys
        nonFiniteFromStrings = options.nonFiniteFromStrings
    }

    func node(_ index: Int) -> JSONTape.Node { tape.nodes[index] }

    /// The value node of `key` in the object at `object`, or `nil`.
    func member(_ key: some CodingKey, of object: Int) -> Int? {
        let name = key.stringValue
        if snakeCaseKeys {
            keyScratch.removeAll(keepingCapacity: true)
            JSONKeyCase.appendSnakeCase(name, to: &keyScratch)
        }
        var child = object + 1
        let end = Int(tape.nodes[object].next)
        while child < end {
            let keyNode = tape.nodes[child]
            let value = child + 1
            if keyMatches(keyNode, name) { return value }
            child = Int(tape.nodes[value].next)
        }
        return nil
    }

    /// A key written with escapes is compared unescaped, by the same two spellings.
    private func keyMatches(_ node: JSONTape.Node, _ name: String) -> Bool {
        let unescaped = node.kind == .string ? nil : (try? string(node)).map { Array($0.utf8) }
        let key = unescaped.map { $0[...] } ?? tape.bytes[Int(node.start)..<Int(node.end)]
        if snakeCaseKeys && key.elementsEqual(keyScratch) { return true }
        return key.elementsEqual(name.utf8)
    }

    /// The keys of the object at `object`, as the text spells them.
    func keys(of object: Int) -> [(name: String, value: Int)] {
        var result: [(String, Int)] = []
        var child = object + 1
        let end = Int(tape.nodes[object].next)
        while child < end {
            result.append(((try? string(tape.nodes[child])) ?? "", child + 1))
            child = Int(tape.nodes[child + 1].next)
        }
        return result
    }

    func string(_ node: JSONTape.Node) throws(JSONTapeError) -> String {
        let range = Int(node.start)..<Int(node.end)
        if node.kind == .string {
            guard let text = String(validating: tape.bytes[range], as: UTF8.self) else { throw JSONTapeError("a string is not valid UTF-8", at: range.lowerBound) }
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let byte = tape.bytes[cursor]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                cursor += 1
                continue
            }
            let escape = tape.bytes[cursor + 1]
            cursor += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(at: cursor)
                cursor += 4
                // A surrogate pair is one character written as two escapes.
                if scalar >= 0xD800 && scalar < 0xDC00, cursor + 5 < range.upperBound,
                   tape.bytes[cursor] == UInt8(ascii: "\\"), tape.bytes[cursor + 1] == UInt8(ascii: "u") {
                    let low = hex(at: cursor + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        cursor += 6
                    }
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw JSONTapeError("\\u escape of a lone surrogate", at: cursor - 6) }
                output.append(contentsOf: String(Character(unicode)).utf8)
            default: output.append(escape)
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw JSONTapeError("a string is not valid UTF-8", at: range.lowerBound) }
        return text
    }

    private func hex(at position: Int) -> UInt32 {
        tape.bytes[position..<(position + 4)].reduce(0) { value, byte in
            let digit: UInt8 = byte <= 57 ? byte - 48 : (byte | 0x20) - 87
            return value << 4 | UInt32(digit)
        }
    }

    func numberText(_ node: JSONTape.Node) -> String {
        String(decoding: tape.bytes[Int(node.start)..<Int(node.end)], as: UTF8.self)
    }

    /// A whole number: digits are read directly; `2.0` or `2e3` must be exactly whole and in range.
    func integer<Integer: FixedWidthInteger>(_ node: JSONTape.Node, as type: Integer.Type) -> Integer? {
        var cursor = Int(node.start)
        let end = Int(node.end)
        let negative = tape.bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        var value: Integer = 0
        while cursor < end {
            let byte = tape.bytes[cursor]
            guard byte >= 48 && byte <= 57 else {
                guard let double = Double(numberText(node)) else { return nil }
                return Integer(exactly: double)
            }
            let digit = Integer(byte - 48)
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAgain) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow && !overflowAgain else { return nil }
            value = next
            cursor += 1
        }
        return value
    }

    func double(_ node: JSONTape.Node) -> Double? {
        if node.kind == .number {
            guard let value = Double(numberText(node)), value.isFinite else { return nil }
            return value
        }
        guard nonFiniteFromStrings, node.kind == .string else { return nil }
        switch try? string(node) {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default: return nil
        }
    }
}
