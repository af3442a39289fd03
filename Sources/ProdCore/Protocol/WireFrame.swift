/// Frames on the runner socket (docs/protocol.md): a 4-byte big-endian payload length, then that
/// many bytes of UTF-8 JSON. Payloads are 1 byte to 1 MiB; anything else ends the connection,
/// because after a bad length the stream cannot be trusted to be in step.
public enum WireFrame {
    public static let maxPayload = 1 << 20
    public static let headerSize = 4

    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        precondition(!payload.isEmpty && payload.count <= maxPayload, "frame payload of \(payload.count) bytes")
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + payload
    }

    /// The payload length announced by a header, or why the header is unacceptable.
    public static func payloadLength(_ header: some Collection<UInt8>) throws(WireError) -> Int {
        precondition(header.count == headerSize)
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length > 0 else { throw .badFrame("empty frame (length 0)") }
        guard length <= maxPayload else { throw .badFrame("frame of \(length) bytes exceeds the 1 MiB limit") }
        return length
    }
}

/// Why a frame or a message was not accepted. `badFrame` ends the connection; `badMessage`
/// is answered with an `error` and the connection goes on.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case badFrame(String)
    case badMessage(String)

    public var description: String {
        switch self {
        case .badFrame(let reason), .badMessage(let reason): reason
        }
    }
}
