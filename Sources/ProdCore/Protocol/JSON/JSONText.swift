/// The JSON spellings every writer here shares — the generic encoder, the hand-written decision
/// point messages and the JSON lines log — so they write strings and numbers byte for byte alike.
enum JSONText {
    /// `string` in quotes, with quotes, backslashes and control characters escaped; other bytes
    /// (UTF-8 sequences included) as they are. `asFoundation`: as Foundation's `JSONEncoder`
    /// writes it by default, with `/` written `\/` and backspace and form feed as `\b` and `\f`.
    static func appendString(_ string: String, to bytes: inout [UInt8], asFoundation: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "/") where asFoundation: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x08 where asFoundation: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C where asFoundation: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ value: some BinaryInteger, to bytes: inout [UInt8]) {
        guard value != 0 else { return bytes.append(UInt8(ascii: "0")) }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = UInt64(value.magnitude)
        let start = bytes.count
        while rest > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        bytes[start...].reverse()
    }

    /// A finite double as Foundation's `JSONEncoder` writes it: shortest round-trip digits, `20`
    /// for 20.0.
    static func appendFiniteDouble(_ value: Double, to bytes: inout [UInt8]) {
        precondition(value.isFinite)
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }
}
