/// A JSON text checked and indexed in one pass: one node per value, in document order, each
/// pointing at its bytes (strings, numbers) or at the node after its last descendant (objects,
/// arrays), so a decoder finds and skips values without building a tree of Swift values.
/// Nesting deeper than `maxDepth` is refused rather than recursed into.
struct JSONTape {
    enum Kind: UInt8 {
        case object, array, string, escapedString, number, isTrue, isFalse, null
    }

    struct Node {
        var kind: Kind
        /// Scalars: the first byte (inside the quotes for strings). Containers: unused.
        var start: Int32
        /// Scalars: the byte after the last. Containers: the number of members (an object's are
        /// key and value nodes, two per member).
        var end: Int32
        /// The index of the node after this one and all its descendants.
        var next: Int32
    }

    static let maxDepth = 64

    let bytes: [UInt8]
    private(set) var nodes: [Node] = []

    init(_ input: some Collection<UInt8>) throws(JSONTapeError) {
        bytes = Array(input)
        guard bytes.count < Int(Int32.max) else { throw JSONTapeError("a JSON text of \(bytes.count) bytes is too long", at: 0) }
        nodes.reserveCapacity(bytes.count / 6 + 4)
        var position = 0
        try parseValue(at: &position, depth: 0)
        skipWhitespace(&position)
        guard position == bytes.count else { throw JSONTapeError("unexpected text after the value", at: position) }
    }

    private func skipWhitespace(_ position: inout Int) {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(at position: inout Int, depth: Int) throws(JSONTapeError) {
        skipWhitespace(&position)
        guard position < bytes.count else { throw JSONTapeError("unexpected end of the text", at: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseContainer(at: &position, depth: depth, isObject: true)
        case UInt8(ascii: "["): try parseContainer(at: &position, depth: depth, isObject: false)
        case UInt8(ascii: "\""): try parseString(at: &position)
        case UInt8(ascii: "t"): try parseLiteral("true", .isTrue, at: &position)
        case UInt8(ascii: "f"): try parseLiteral("false", .isFalse, at: &position)
        case UInt8(ascii: "n"): try parseLiteral("null", .null, at: &position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber(at: &position)
        default: throw JSONTapeError("unexpected character '\(Self.printable(bytes[position]))'", at: position)
        }
    }

    private mutating func parseContainer(at position: inout Int, depth: Int, isObject: Bool) throws(JSONTapeError) {
        guard depth < Self.maxDepth else { throw JSONTapeError("nested deeper than \(Self.maxDepth) levels", at: position) }
        let index = nodes.count
        nodes.append(Node(kind: isObject ? .object : .array, start: Int32(position), end: 0, next: 0))
        position += 1
        let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var members: Int32 = 0
        skipWhitespace(&position)
        if position < bytes.count && bytes[position] == closer {
            position += 1
        } else {
            while true {
                if isObject {
                    skipWhitespace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw JSONTapeError("expected a key in quotes", at: position) }
                    try parseString(at: &position)
                    skipWhitespace(&position)
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw JSONTapeError("expected ':' after a key", at: position) }
                    position += 1
                    members += 1
                }
                try parseValue(at: &position, depth: depth + 1)
                members += 1
                skipWhitespace(&position)
                guard position < bytes.count else { throw JSONTapeError("unexpected end of the text", at: position) }
                if bytes[position] == closer {
                    position += 1
                    break
                }
                guard bytes[position] == UInt8(ascii: ",") else { throw JSONTapeError("expected ',' or '\(Self.printable(closer))'", at: position) }
                position += 1
            }
        }
        nodes[index].end = members
        nodes[index].next = Int32(nodes.count)
    }

    private mutating func parseString(at position: inout Int) throws(JSONTapeError) {
        let start = position + 1
        var cursor = start
        var escaped = false
        while true {
            guard cursor < bytes.count else { throw JSONTapeError("a string is not closed", at: position) }
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw JSONTapeError("a control character in a string", at: cursor) }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                cursor += 1
                guard cursor < bytes.count else { throw JSONTapeError("a string is not closed", at: position) }
                switch bytes[cursor] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard cursor + 4 < bytes.count, bytes[(cursor + 1)...(cursor + 4)].allSatisfy(Self.isHexDigit) else {
                        throw JSONTapeError("\\u needs four hex digits", at: cursor)
                    }
                    cursor += 4
                default:
                    throw JSONTapeError("unknown escape '\\\(Self.printable(bytes[cursor]))'", at: cursor)
                }
            }
            cursor += 1
        }
        nodes.append(Node(kind: escaped ? .escapedString : .string, start: Int32(start), end: Int32(cursor), next: Int32(nodes.count + 1)))
        position = cursor + 1
    }

    private mutating func parseNumber(at position: inout Int) throws(JSONTapeError) {
        let start = position
        func digits(_ position: inout Int) -> Int {
            let first = position
            while position < bytes.count && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - first
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let leadingZero = position < bytes.count && bytes[position] == UInt8(ascii: "0")
        let whole = digits(&position)
        guard whole > 0 else { throw JSONTapeError("a number without digits", at: start) }
        if leadingZero && whole > 1 { throw JSONTapeError("a number with a leading zero", at: start) }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&position) > 0 else { throw JSONTapeError("no digits after a decimal point", at: position) }
        }
        if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
            guard digits(&position) > 0 else { throw JSONTapeError("no digits in an exponent", at: position) }
        }
        nodes.append(Node(kind: .number, start: Int32(start), end: Int32(position), next: Int32(nodes.count + 1)))
    }

    private mutating func parseLiteral(_ word: StaticString, _ kind: Kind, at position: inout Int) throws(JSONTapeError) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count
            && word.withUTF8Buffer { expected in (0..<count).allSatisfy { bytes[position + $0] == expected[$0] } }
        guard matches else { throw JSONTapeError("unexpected character '\(Self.printable(bytes[position]))'", at: position) }
        nodes.append(Node(kind: kind, start: Int32(position), end: Int32(position + count), next: Int32(nodes.count + 1)))
        position += count
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
}

/// Why a text is not JSON, and the byte where that was found.
struct JSONTapeError: Error, CustomStringConvertible {
    let reason: String
    let offset: Int

    init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    var description: String { "\(reason) at byte \(offset)" }
}
