/// Writes decimal digits straight into a byte buffer: the formatters of timestamps and exact
/// decimals run once per cell of a report that can have millions of rows.
enum DecimalDigits {
    /// The digits of `value`, zero-padded on the left to `width`.
    static func append(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let count = max(width, digits)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        rest = value
        var position = start + count - 1
        while rest > 0 {
            bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            position -= 1
        }
    }
}
