/// Writes Thrift's compact protocol, the encoding of Parquet's page headers and file footer.
/// Only what those structures use: i32, i64, binary, bool, lists and nested structs.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldIds: [Int16] = []
    private var lastFieldId: Int16 = 0

    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse = 2, i32 = 5, i64 = 6, binary = 8, list = 9, structure = 12
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ id: Int16, _ value: String) {
        binary(id, Array(value.utf8))
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        nested(body)
    }

    /// A list of structs.
    mutating func structList(_ id: Int16, count: Int, _ element: (inout ThriftCompactWriter, Int) -> Void) {
        listHeader(id, count: count, .structure)
        for index in 0..<count { nested { element(&$0, index) } }
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, count: values.count, .i32)
        for value in values { varint(zigzag(Int64(value))) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        listHeader(id, count: values.count, .binary)
        for value in values {
            varint(UInt64(value.utf8.count))
            bytes += Array(value.utf8)
        }
    }

    /// Ends the outermost struct (the message itself).
    mutating func stop() {
        bytes.append(0)
    }

    private mutating func nested(_ body: (inout ThriftCompactWriter) -> Void) {
        lastFieldIds.append(lastFieldId)
        lastFieldId = 0
        body(&self)
        bytes.append(0)
        lastFieldId = lastFieldIds.removeLast()
    }

    private mutating func listHeader(_ id: Int16, count: Int, _ element: FieldType) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            varint(UInt64(count))
        }
    }

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = Int(id) - Int(lastFieldId)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldId = id
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
