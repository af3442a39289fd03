/// Objects' members in the order Foundation's `JSONEncoder` writes them with `.sortedKeys`, for
/// bytes equal to what it wrote (`ByteJSONEncoder.foundationSortedKeys`).
extension JSONByteWriter {
    /// Rewrites the members of the object that ends here, which start at `members`, in key order.
    /// Nested objects closed earlier and are sorted already.
    func sortMembers(_ members: [(start: Int, key: String)]) {
        let order = members.indices.sorted { Self.precedes(members[$0].key, members[$1].key) }
        guard order != Array(members.indices) else { return }
        let end = bytes.count
        // A member runs up to the comma before the next one.
        func range(_ index: Int) -> Range<Int> {
            members[index].start..<(index + 1 < members.count ? members[index + 1].start - 1 : end)
        }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(end - members[0].start)
        for (position, index) in order.enumerated() {
            if position > 0 { sorted.append(UInt8(ascii: ",")) }
            sorted += bytes[range(index)]
        }
        bytes.replaceSubrange(members[0].start..<end, with: sorted)
    }

    /// Foundation's key order on Linux: by bytes (`"B" < "_x" < "a10" < "a9" < "b"`), which
    /// `JournalPayloadJSONTests` checks against it.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
