import Crypto
import Foundation

/// SHA-256 fingerprints of a run's input sequence and of its fills, combined into one digest so
/// that two runs can be compared with one line.
public struct RunDigest: Sendable, Codable {
    private var inputs = HashChain()
    private var fills = HashChain()

    public init() {}

    /// Adds one bar input: its sequence number, instrument index and the bar's exact fields.
    @inline(__always)
    public mutating func recordBar(sequence: Int64, instrument: Int, bar: Bar) {
        let fields = (
            sequence.littleEndian, Int64(instrument).littleEndian, bar.openTime.littleEndian, bar.open.raw.littleEndian, bar.high.raw.littleEndian,
            bar.low.raw.littleEndian, bar.close.raw.littleEndian, bar.volume.raw.littleEndian,
            bar.quoteVolume.raw.littleEndian, bar.tradeCount.littleEndian, bar.takerBuyBaseVolume.raw.littleEndian,
            bar.takerBuyQuoteVolume.raw.littleEndian)
        withUnsafeBytes(of: fields) { inputs.append($0) }
    }

    /// Adds any other input (funding rate, plan, control) as its kind and canonical text.
    public mutating func recordEvent(sequence: Int64, time: Int64, kind: String, text: String) {
        withUnsafeBytes(of: (sequence.littleEndian, time.littleEndian)) { inputs.append($0) }
        Array("\(kind)\u{1F}\(text)\u{1E}".utf8).withUnsafeBytes { inputs.append($0) }
    }

    public mutating func recordFill(_ fill: Fill) {
        var bytes: [UInt8] = []
        for value in [fill.orderId, fill.time, fill.price.raw, fill.quantity.raw, fill.notional.raw, fill.fee.raw] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(fill.side == .buy ? 1 : 2)
        bytes.append(fill.isMaker ? 1 : 0)
        bytes.append(contentsOf: Array("\(fill.strategy)\u{1F}".utf8))
        bytes.withUnsafeBytes { fills.append($0) }
    }

    /// SHA-256 over the two digests, as 64 hex digits. Does not change the state.
    public func finalize() -> String {
        var combined = SHA256()
        combined.update(data: inputs.finalize())
        combined.update(data: fills.finalize())
        return combined.finalize().hexString
    }
}

/// SHA-256 over a byte stream, computed as a chain over fixed-size blocks,
/// `link = SHA-256(link ‖ block)`, so that its whole state — the last link and the bytes not yet
/// in a block — can be saved in a snapshot (a running `SHA256` cannot). Blocks are cut at fixed
/// byte offsets, so the result depends only on the bytes, never on when a snapshot was taken.
struct HashChain: Sendable, Codable {
    private static let blockSize = 1 << 16
    private var link = [UInt8](repeating: 0, count: 32)
    private var pending: [UInt8] = []

    init() {
        pending.reserveCapacity(Self.blockSize + 256)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        pending.append(contentsOf: bytes)
        if pending.count >= Self.blockSize { chainFullBlock() }
    }

    func finalize() -> [UInt8] {
        var hash = SHA256()
        hash.update(data: link)
        hash.update(data: pending)
        return Array(hash.finalize())
    }

    private mutating func chainFullBlock() {
        var hash = SHA256()
        hash.update(data: link)
        pending.withUnsafeBytes { hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<Self.blockSize])) }
        link = Array(hash.finalize())
        pending.removeFirst(Self.blockSize)
    }

    private enum CodingKeys: String, CodingKey { case link, pending }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        link = [UInt8](try container.decode(Data.self, forKey: .link))
        pending = [UInt8](try container.decode(Data.self, forKey: .pending))
        pending.reserveCapacity(Self.blockSize + 256)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Data(link), forKey: .link)
        try container.encode(Data(pending), forKey: .pending)
    }
}
