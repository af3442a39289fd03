import Foundation
import ProdCore

/// The brain's end of the runner socket: blocking, one thread. Sends framed messages and reads
/// the runner's, in order.
public final class RunnerClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// The JSON of the last message received, as the runner wrote it.
    public private(set) var lastPayload: [UInt8] = []
    /// Where `recv` writes, kept between reads: a new 64 KiB array per read was a tenth of receiving.
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    /// Whether the next read polls before it sleeps (`readChunk`).
    private var polls = true
    /// How long a read polls the socket before it sleeps in `recv`.
    static let pollingLimit: Duration = .microseconds(200)

    /// Connects to `socketPath`; reads give up after `timeout` without a byte.
    public init(socketPath: String, timeout: Duration = .seconds(30)) throws(RunnerError) {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RunnerError("socket: \(String(cString: strerror(errno)))") }
        guard let connected = UnixSocketAddress.with(socketPath, { connect(descriptor, $0, $1) }) else {
            Glibc.close(descriptor)
            throw RunnerError("socket path too long: \(socketPath)")
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw RunnerError("cannot connect to \(socketPath): \(reason)")
        }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(descriptor) }

    /// Ends the connection now; the runner sees it closed.
    public func disconnect() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    public func send(_ message: ClientMessage) throws(RunnerError) {
        try sendRaw(WireFrame.encode(WireProtocol.encode(message)))
    }

    /// Writes bytes as they are: for tests of what the runner does with bad frames.
    public func sendRaw(_ bytes: [UInt8]) throws(RunnerError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // A signal (Ctrl-C, SIGTERM: the brain handles them) interrupts the call, not the connection.
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let failure = errno
                throw RunnerError("send: \(String(cString: strerror(failure)))", peerClosed: failure == EPIPE || failure == ECONNRESET)
            }
            sent += count
        }
    }

    /// The process at the other end of the socket (`SO_PEERCRED`): the brain checks that it is the
    /// runner it started, not another one serving the same path.
    public var peerProcessID: Int32? {
        var credentials = PeerCredentials()
        var size = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else { return nil }
        return credentials.pid
    }

    /// The next message; throws when the runner closed the connection or said nothing in time. A
    /// frame is consumed only once it is whole, so a timeout never splits one.
    public func receive() throws(RunnerError) -> RunnerMessage {
        try fill(WireFrame.headerSize)
        let length = try WireFrame.payloadLengthOrThrow(buffer[start..<(start + WireFrame.headerSize)])
        try fill(WireFrame.headerSize + length)
        start += WireFrame.headerSize
        let payload = buffer[start..<(start + length)]
        lastPayload = Array(payload)
        start += length
        do {
            return try WireProtocol.decode(RunnerMessage.self, from: payload)
        } catch {
            throw RunnerError("unreadable message from the runner: \(error)")
        }
    }

    /// The next message, or `nil` when none arrived within the timeout (a partly read frame is kept
    /// for the next call).
    public func receiveWithin() throws(RunnerError) -> RunnerMessage? {
        do {
            return try receive()
        } catch where error.isTimeout {
            return nil
        }
    }

    /// Reads messages until `match` returns a value, handing the others to `other`.
    public func receive<T>(until match: (RunnerMessage) -> T?, other: (RunnerMessage) -> Void = { _ in }) throws(RunnerError) -> T {
        while true {
            let message = try receive()
            if let value = match(message) { return value }
            other(message)
        }
    }

    /// Reads from the socket until `count` unconsumed bytes are buffered.
    private func fill(_ count: Int) throws(RunnerError) {
        while buffer.count - start < count {
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            if chunk.count < count { chunk = [UInt8](repeating: 0, count: count) }
            let (received, failure) = readChunk()
            if received == 0 { throw RunnerError("the runner closed the connection") }
            if received < 0 && failure == EINTR { continue }
            guard received > 0 else {
                let timedOut = failure == EAGAIN || failure == EWOULDBLOCK
                throw RunnerError("receive: \(String(cString: strerror(failure)))", isTimeout: timedOut)
            }
            buffer += chunk[..<received]
        }
    }

    /// One `recv` into `chunk`: the byte count and, when it is negative, the `errno`.
    ///
    /// A lockstep replay sends a message each way per decision point, and the runner answers the
    /// brain's within tens of microseconds: a read that sleeps at once costs a wake-up on both
    /// sides each time (the scheduler, an interrupt to the other core). So the read polls the
    /// socket for up to `pollingLimit` first, and sleeps only then (LMAX's phased back-off wait
    /// strategy). One that polled the whole limit in vain makes the next
    /// reads sleep at once, until a message comes within the limit again: a live session or a
    /// runner busy with something else costs no polling. Three months of the main job took 5.1 s
    /// instead of 6.1 s with it (DEVELOPERS.md, "The main job").
    private func readChunk() -> (Int, Int32) {
        func read(_ flags: Int32) -> (Int, Int32) {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, flags) }
            return (received, received < 0 ? errno : 0)
        }
        if polls {
            let deadline = ContinuousClock.now + Self.pollingLimit
            repeat {
                let (received, failure) = read(Int32(MSG_DONTWAIT))
                if received >= 0 || (failure != EAGAIN && failure != EWOULDBLOCK) { return (received, failure) }
            } while ContinuousClock.now < deadline
            polls = false
        }
        let started = ContinuousClock.now
        let result = read(0)
        polls = ContinuousClock.now - started < Self.pollingLimit
        return result
    }
}

extension WireFrame {
    static func payloadLengthOrThrow(_ header: ArraySlice<UInt8>) throws(RunnerError) -> Int {
        do { return try payloadLength(header) } catch { throw RunnerError("bad frame from the runner: \(error)") }
    }
}
