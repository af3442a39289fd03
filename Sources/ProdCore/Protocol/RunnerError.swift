/// A failure of the runner or of its connection, in one line: what the runner reports before
/// exiting 1, and what a client of the socket gets when a read or write fails.
public struct RunnerError: Error, CustomStringConvertible {
    public let description: String
    /// A read that gave up after the client's timeout with nothing to read: the connection is intact.
    public let isTimeout: Bool
    /// A write that found the other end closed (`EPIPE`, `ECONNRESET`): what it sent before
    /// closing may still be waiting to be read.
    public let peerClosed: Bool

    public init(_ description: String, isTimeout: Bool = false, peerClosed: Bool = false) {
        self.description = description
        self.isTimeout = isTimeout
        self.peerClosed = peerClosed
    }
}
