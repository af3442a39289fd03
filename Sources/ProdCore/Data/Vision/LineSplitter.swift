import Foundation

/// Cuts a byte stream that arrives in arbitrary chunks into lines.
///
/// A line break is `\n`, optionally preceded by `\r`. A line split across two chunks is
/// carried over; nothing else is copied.
struct LineSplitter {
    private var carry: [UInt8] = []
    private(set) var lineNumber = 0

    /// Calls `onLine(buffer, from, to, lineNumber)` for every complete line in `chunk`.
    mutating func consume(
        _ chunk: UnsafeRawBufferPointer,
        _ onLine: (UnsafeBufferPointer<UInt8>, Int, Int, Int) throws -> Void
    ) throws {
        let bytes = chunk.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else { break }
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if carry.isEmpty {
                try emit(bytes, from: start, to: end, onLine)
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                try flushCarry(onLine)
            }
            start = end + 1
        }
        if start < bytes.count {
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// Emits the last line when the stream does not end with a line break.
    mutating func finish(_ onLine: (UnsafeBufferPointer<UInt8>, Int, Int, Int) throws -> Void) throws {
        if !carry.isEmpty { try flushCarry(onLine) }
    }

    private mutating func flushCarry(_ onLine: (UnsafeBufferPointer<UInt8>, Int, Int, Int) throws -> Void) throws {
        let line = carry
        carry.removeAll(keepingCapacity: true)
        try line.withUnsafeBufferPointer { try emit($0, from: 0, to: $0.count, onLine) }
    }

    private mutating func emit(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int,
        _ onLine: (UnsafeBufferPointer<UInt8>, Int, Int, Int) throws -> Void
    ) throws {
        lineNumber += 1
        var end = to
        if end > from && bytes[end - 1] == 0x0D { end -= 1 }
        try onLine(bytes, from, end, lineNumber)
    }
}
