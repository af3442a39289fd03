/// The rows of one column in one row group, encoded the way Parquet stores them.
struct ParquetColumnSlice {
    let column: ReportColumn
    let rows: Range<Int>

    static func physicalType(_ values: ReportColumn.Values) -> Int32 {
        switch values {
        case .int64, .timestamp: 2  // INT64
        case .double, .decimal: 5  // DOUBLE
        case .string: 6  // BYTE_ARRAY
        }
    }

    static func writeSchema(_ column: ReportColumn, _ element: inout ThriftCompactWriter) {
        element.i32(1, physicalType(column.values))
        element.i32(3, column.isOptional ? 1 : 0)
        element.string(4, column.name)
        switch column.values {
        case .string:
            element.i32(6, 0)  // UTF8
            element.structure(10) { logical in logical.structure(1) { _ in } }
        case .timestamp:
            element.i32(6, 9)  // TIMESTAMP_MILLIS
            element.structure(10) { logical in
                logical.structure(8) { timestamp in
                    timestamp.bool(1, true)
                    timestamp.structure(2) { unit in unit.structure(1) { _ in } }
                }
            }
        case .int64, .double, .decimal: break
        }
    }

    /// Definition levels (1 = present, 0 = null) as an RLE run per stretch, behind their byte
    /// length; nothing for a required column.
    var levels: [UInt8] {
        guard column.isOptional else { return [] }
        let present = presence
        var encoded: [UInt8] = []
        var index = 0
        while index < present.count {
            var end = index + 1
            while end < present.count && present[end] == present[index] { end += 1 }
            Self.varint(UInt64(end - index) << 1, into: &encoded)
            encoded.append(present[index] ? 1 : 0)
            index = end
        }
        var framed: [UInt8] = []
        withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { framed += $0 }
        return framed + encoded
    }

    /// PLAIN encoding of the present values.
    var plainValues: [UInt8] {
        var bytes: [UInt8] = []
        switch column.values {
        case .int64(let values), .decimal(let values), .timestamp(let values):
            let isDecimal = if case .decimal = column.values { true } else { false }
            for value in values[rows] {
                guard let value else { continue }
                if isDecimal {
                    withUnsafeBytes(of: Money(raw: value).doubleValue.bitPattern.littleEndian) { bytes += $0 }
                } else {
                    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
                }
            }
        case .double(let values):
            for case let value? in values[rows] { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        case .string(let values):
            for case let value? in values[rows] {
                withUnsafeBytes(of: UInt32(value.utf8.count).littleEndian) { bytes += $0 }
                bytes += Array(value.utf8)
            }
        }
        return bytes
    }

    var statistics: ParquetStatistics {
        switch column.values {
        case .int64(let values), .timestamp(let values):
            let present = values[rows].compactMap { $0 }
            return ParquetStatistics(
                nulls: rows.count - present.count, min: present.min().map(Self.bytes), max: present.max().map(Self.bytes))
        case .decimal(let values):
            let present = values[rows].compactMap { $0 }
            return ParquetStatistics(
                nulls: rows.count - present.count, min: present.min().map { Self.bytes(Money(raw: $0).doubleValue) },
                max: present.max().map { Self.bytes(Money(raw: $0).doubleValue) })
        case .double(let values):
            let present = values[rows].compactMap { $0 }
            // NaN has no place in an order: min/max cover the other values (as parquet-mr does).
            let ordered = present.filter { !$0.isNaN }
            return ParquetStatistics(
                nulls: rows.count - present.count, min: ordered.min().map(Self.bytes), max: ordered.max().map(Self.bytes))
        case .string(let values):
            let present = values[rows].compactMap { $0 }.map { Array($0.utf8) }
            let byBytes = { (a: [UInt8], b: [UInt8]) in a.lexicographicallyPrecedes(b) }
            return ParquetStatistics(nulls: rows.count - present.count, min: present.min(by: byBytes), max: present.max(by: byBytes))
        }
    }

    private var presence: [Bool] {
        switch column.values {
        case .int64(let values), .decimal(let values), .timestamp(let values): values[rows].map { $0 != nil }
        case .double(let values): values[rows].map { $0 != nil }
        case .string(let values): values[rows].map { $0 != nil }
        }
    }

    private static func bytes(_ value: Int64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    private static func bytes(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }

    private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// Parquet `Statistics`: null count and the min/max values in their PLAIN encoding.
struct ParquetStatistics {
    let nulls: Int
    let min: [UInt8]?
    let max: [UInt8]?

    func write(_ writer: inout ThriftCompactWriter) {
        writer.i64(3, Int64(nulls))
        if let max { writer.binary(5, max) }
        if let min { writer.binary(6, min) }
    }
}
