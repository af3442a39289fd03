/// A `ReportTable` as RFC 4180 CSV: a header row, exact decimals for fixed-point values,
/// ISO 8601 UTC for times, empty fields for missing values, shortest round-trip text for doubles.
public enum CSVTable {
    public static func text(_ table: ReportTable) -> String {
        String(decoding: bytes(table), as: UTF8.self)
    }

    /// The CSV as UTF-8, built byte by byte: a report can have a million rows.
    public static func bytes(_ table: ReportTable) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * (table.rowCount + 1) * max(table.columns.count, 1) / 4)
        bytes += Array(table.columns.map { field($0.name) }.joined(separator: ",").utf8)
        bytes.append(UInt8(ascii: "\n"))
        for row in 0..<table.rowCount {
            for (index, column) in table.columns.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendCell(column.values, row, &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// RFC 4180: a field with a comma, quote or line break is enclosed in quotes, quotes doubled.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func appendCell(_ values: ReportColumn.Values, _ row: Int, _ bytes: inout [UInt8]) {
        switch values {
        case .int64(let values): if let value = values[row] { bytes += Array(String(value).utf8) }
        case .decimal(let values): values[row].map { Money(raw: $0).appendDescription(to: &bytes) }
        case .timestamp(let values): values[row].map { UTCTimestamp.appendISO8601($0, to: &bytes) }
        case .double(let values): if let value = values[row] { bytes += Array("\(value)".utf8) }
        case .string(let values): if let value = values[row] { bytes += Array(field(value).utf8) }
        }
    }
}
