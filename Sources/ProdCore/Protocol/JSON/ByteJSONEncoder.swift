/// JSON written straight into bytes while a value encodes itself: no tree of values in between,
/// keys in the order the type gives them (or sorted, `foundationSortedKeys`), numbers as
/// Foundation's `JSONEncoder` writes them (`20` for 20.0, shortest round-trip digits otherwise).
/// The runner and the brain exchange a message per decision point, and Foundation's encoder was
/// most of that cost (DEVELOPERS.md, "The main job").
public struct ByteJSONEncoder: Sendable {
    /// `snake_case` keys from Swift's `camelCase` property names (the wire protocol's keys).
    public var snakeCaseKeys = false
    /// Non-finite doubles as the strings `inf`, `-inf` and `nan` (else they are an error, as
    /// JSON has no way to write them).
    public var nonFiniteAsStrings = false
    /// The bytes Foundation's `JSONEncoder` with `.sortedKeys` writes: keys in its order, `/`
    /// written `\/`, backspace and form feed as `\b` and `\f`. The run's journal stores plans
    /// that way, and Foundation's encoder was a third of the runner's work on a plan.
    public var foundationSortedKeys = false

    public init(snakeCaseKeys: Bool = false, nonFiniteAsStrings: Bool = false, foundationSortedKeys: Bool = false) {
        self.snakeCaseKeys = snakeCaseKeys
        self.nonFiniteAsStrings = nonFiniteAsStrings
        self.foundationSortedKeys = foundationSortedKeys
    }

    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let writer = JSONByteWriter(options: self)
        try writer.encodeValue(value, depth: 0)
        return writer.bytes
    }
}

/// The output and the containers open in it, one per nesting depth: a value at depth `d` that asks
/// for a keyed or unkeyed container opens it at index `d`; asking again (as a message that adds
/// its `type` beside its body's fields does) continues the same one.
final class JSONByteWriter {
    // One writer per encode call on one thread: the runtime's exclusivity checks on every append
    // cost more than the writing.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    let snakeCaseKeys: Bool
    let nonFiniteAsStrings: Bool
    let foundationSortedKeys: Bool
    /// Each open container; with `foundationSortedKeys`, where each member of an object starts
    /// and its key, to put them in order when it closes.
    @exclusivity(unchecked) private var open: [(closer: UInt8, isEmpty: Bool, members: [(start: Int, key: String)])] = []
    /// The keys and indexes leading to the value being written, for errors.
    @exclusivity(unchecked) var path: [any CodingKey] = []

    init(options: ByteJSONEncoder) {
        snakeCaseKeys = options.snakeCaseKeys
        nonFiniteAsStrings = options.nonFiniteAsStrings
        foundationSortedKeys = options.foundationSortedKeys
        bytes.reserveCapacity(1024)
        open.reserveCapacity(8)
    }

    /// Writes a nested value and closes the container it opened; one that wrote nothing is `{}`,
    /// as Foundation writes it.
    func encodeValue<Value: Encodable>(_ value: Value, depth: Int) throws {
        let before = bytes.count
        try value.encode(to: ByteJSONValueEncoder(writer: self, depth: depth))
        close(downTo: depth)
        if bytes.count == before { bytes.append(contentsOf: "{}".utf8) }
    }

    func openContainer(_ opener: UInt8, closer: UInt8, depth: Int) {
        if open.count > depth { return }
        precondition(open.count == depth, "a container opened out of order")
        bytes.append(opener)
        open.append((closer, true, []))
    }

    /// A comma before every element but the first of the container at `depth`; a container
    /// nested in the previous element (`nestedContainer`) ends here.
    func separate(depth: Int) {
        close(downTo: depth + 1)
        if open[depth].isEmpty { open[depth].isEmpty = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    private func close(downTo depth: Int) {
        while open.count > depth {
            let container = open.removeLast()
            if container.members.count > 1 { sortMembers(container.members) }
            bytes.append(container.closer)
        }
    }

    func writeKey(_ name: String) {
        if foundationSortedKeys { open[open.count - 1].members.append((bytes.count, name)) }
        if snakeCaseKeys {
            bytes.append(UInt8(ascii: "\""))
            JSONKeyCase.appendSnakeCase(name, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        } else {
            JSONText.appendString(name, to: &bytes)
        }
        bytes.append(UInt8(ascii: ":"))
    }

    func writeString(_ string: String) {
        JSONText.appendString(string, to: &bytes, asFoundation: foundationSortedKeys)
    }

    func writeInteger<Integer: BinaryInteger>(_ value: Integer) {
        JSONText.appendInteger(value, to: &bytes)
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            guard nonFiniteAsStrings else {
                throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) cannot be written in JSON"))
            }
            return writeString(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
        }
        JSONText.appendFiniteDouble(value, to: &bytes)
    }

    func writeBool(_ value: Bool) {
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    func writeNull() {
        bytes.append(contentsOf: "null".utf8)
    }
}
