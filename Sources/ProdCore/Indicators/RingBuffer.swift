/// The last `capacity` values of a stream, oldest first; pushing into a full buffer drops the oldest.
/// Storage is allocated once, so updates never allocate.
public struct RingBuffer<Element>: Sendable where Element: Sendable {
    private var storage: ContiguousArray<Element>
    private var head = 0
    public private(set) var count = 0
    public let capacity: Int

    public init(capacity: Int, filler: Element) {
        precondition(capacity > 0, "ring buffer capacity must be positive")
        self.capacity = capacity
        storage = ContiguousArray(repeating: filler, count: capacity)
    }

    public var isFull: Bool { count == capacity }

    /// The oldest value held: the next one to be dropped.
    @inline(__always)
    public var oldest: Element { storage[count == capacity ? head : 0] }

    @inline(__always)
    public mutating func push(_ value: Element) {
        storage[head] = value
        head += 1
        if head == capacity { head = 0 }
        if count < capacity { count += 1 }
    }

    /// Value `index` places after the oldest (0 = oldest, count − 1 = newest).
    @inline(__always)
    public subscript(index: Int) -> Element {
        let start = count == capacity ? head : 0
        let position = start + index
        return storage[position < capacity ? position : position - capacity]
    }
}

extension RingBuffer: Codable where Element: Codable {}
