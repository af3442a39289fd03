/// Whether a run may have seen a plan id: a Bloom filter of fixed size over every id of the run,
/// so a runner that lives for months keeps 128 KiB for it, not one entry per plan. `false` is
/// certain: the id is new, and its duplicate check needs no database read (that read was a fifth
/// of a plan's round trip, DEVELOPERS.md "The main job"). `true` may be wrong — rarely while a
/// run has fewer than ~100,000 plans — and then the store has the last word.
struct PlanIdFilter {
    private static let words = 1 << 14
    private static let hashes = 3
    private var bits = [UInt64](repeating: 0, count: words)

    mutating func insert(_ id: String) {
        for bit in Self.bits(of: id) { bits[bit >> 6] |= 1 << UInt64(bit & 63) }
    }

    func mayContain(_ id: String) -> Bool {
        Self.bits(of: id).allSatisfy { bits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }

    /// The id's bits by double hashing (Kirsch–Mitzenmacher). `Hasher` is seeded per process,
    /// which is enough: the filter lives only in memory and is built again at start-up.
    private static func bits(of id: String) -> [Int] {
        var first = Hasher()
        first.combine(id)
        var second = Hasher()
        second.combine(id)
        second.combine(0x9E37_79B9)
        let a = UInt(bitPattern: first.finalize()), b = UInt(bitPattern: second.finalize()) | 1
        let count = UInt(words * 64)
        return (0..<UInt(hashes)).map { Int((a &+ $0 &* b) % count) }
    }
}
