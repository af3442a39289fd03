import Crypto

/// SHA-256 fingerprints of a run's input sequence and of its fills, combined into one digest so
/// that two runs can be compared with one line.
public struct RunDigest: Sendable {
    private var inputs = SHA256()
    private var fills = SHA256()
    private var pending: [UInt8] = []
    private static let batchSize = 1 << 16

    public init() {
        pending.reserveCapacity(Self.batchSize + 256)
    }

    /// Adds one bar input: its sequence number, instrument index and the bar's exact fields.
    @inline(__always)
    public mutating func recordBar(sequence: Int64, instrument: Int, bar: Bar) {
        let fields = (
            sequence.littleEndian, Int64(instrument).littleEndian, bar.openTime.littleEndian, bar.open.raw.littleEndian, bar.high.raw.littleEndian,
            bar.low.raw.littleEndian, bar.close.raw.littleEndian, bar.volume.raw.littleEndian,
            bar.quoteVolume.raw.littleEndian, bar.tradeCount.littleEndian, bar.takerBuyBaseVolume.raw.littleEndian,
            bar.takerBuyQuoteVolume.raw.littleEndian)
        withUnsafeBytes(of: fields) { pending.append(contentsOf: $0) }
        if pending.count >= Self.batchSize { flushInputs() }
    }

    /// Adds any other input (funding rate, plan, control) as its kind and canonical text.
    public mutating func recordEvent(sequence: Int64, time: Int64, kind: String, text: String) {
        withUnsafeBytes(of: (sequence.littleEndian, time.littleEndian)) { pending.append(contentsOf: $0) }
        pending.append(contentsOf: Array("\(kind)\u{1F}\(text)\u{1E}".utf8))
    }

    public mutating func recordFill(_ fill: Fill) {
        var bytes: [UInt8] = []
        for value in [fill.orderId, fill.time, fill.price.raw, fill.quantity.raw, fill.notional.raw, fill.fee.raw] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(fill.side == .buy ? 1 : 2)
        bytes.append(fill.isMaker ? 1 : 0)
        bytes.append(contentsOf: Array("\(fill.strategy)\u{1F}".utf8))
        fills.update(data: bytes)
    }

    /// SHA-256 over the two digests, as 64 hex digits.
    public mutating func finalize() -> String {
        flushInputs()
        var combined = SHA256()
        combined.update(data: Array(inputs.finalize()))
        combined.update(data: Array(fills.finalize()))
        return combined.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private mutating func flushInputs() {
        inputs.update(data: pending)
        pending.removeAll(keepingCapacity: true)
    }
}
