import Foundation

/// The runner's Unix-socket listener: a thread accepting connections, and a reader thread per
/// connection turning frames into inbox events. Peers of another user, a second brain and
/// unframed bytes are refused here. Writes do not pass through here: see `BrainSocket`.
final class RunnerServer: @unchecked Sendable {
    private let listener: Int32

    init(path: String, link: BrainLink, inbox: RunnerInbox) throws {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw RunnerError("cannot listen on \(path): socket: \(String(cString: strerror(errno)))") }
        guard let bound = UnixSocketAddress.with(path, { bind(listener, $0, $1) }) else {
            Glibc.close(listener)
            throw RunnerError("cannot listen on \(path): the path is longer than a socket address holds")
        }
        guard bound == 0, listen(listener, 4) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(listener)
            throw RunnerError("cannot listen on \(path): \(reason)")
        }
        guard chmod(path, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(listener)
            throw RunnerError("cannot set mode 0600 on \(path): \(reason)")
        }
        self.listener = listener
        let thread = Thread {
            while true {
                let descriptor = accept(listener, nil, nil)
                guard descriptor >= 0 else {
                    switch errno {
                    case EINTR, ECONNABORTED: continue
                    // Out of descriptors: the connections open now will end and free some.
                    case EMFILE, ENFILE, ENOBUFS, ENOMEM: Thread.sleep(forTimeInterval: 0.05); continue
                    default: return  // the listener was shut down
                    }
                }
                // Not inherited by what the runner starts (it starts nothing today; a child holding
                // the brain's connection would keep it open after the runner exits).
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
                let connection = Thread { ConnectionReader(socket: BrainSocket(descriptor: descriptor), link: link, inbox: inbox).run() }
                connection.name = "runner-socket-reader"
                connection.start()
            }
        }
        thread.name = "runner-socket-accept"
        thread.start()
    }

    /// Stops accepting (the accepting thread sees its socket shut down and ends).
    func shutdown() {
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }
}

/// One connection, read on its own thread: checks the peer, then turns frames into inbox events.
/// Messages before a `hello`, and hellos of another protocol version, are answered here. A peer
/// that says no `hello` within `helloDeadline` is refused: it would hold the only connection slot
/// and keep the real brain out.
private struct ConnectionReader {
    static let helloDeadline = Duration.seconds(2)

    let socket: BrainSocket
    let link: BrainLink
    let inbox: RunnerInbox

    func run() {
        defer { socket.close() }
        guard let peer = socket.peer else { return refuse("cannot check the peer's user: \(String(cString: strerror(errno)))") }
        guard peer.uid == getuid() else { return refuse("connections from uid \(peer.uid) are refused: this runner serves uid \(getuid()) only") }
        guard let connection = attach() else { return refuse("another brain is connected to this runner; one connection at a time") }
        inbox.push(.connected(connection: connection))
        let greeted = serve(connection)
        link.detach(connection)
        // Only a peer that said hello was a brain; losing a silent squatter changes nothing.
        if greeted { inbox.push(.disconnected(connection: connection)) }
    }

    /// The connection's number once it is the brain's. A brain that reconnects may arrive before
    /// the reader of its old connection has seen that one close: it gets a moment to.
    private func attach() -> Int? {
        for _ in 0..<40 {
            if let connection = link.attach(socket) { return connection }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }

    /// Reads frames until the connection ends; whether the peer said hello.
    private func serve(_ connection: Int) -> Bool {
        var greeted = false
        let deadline = ContinuousClock.now + Self.helloDeadline
        var buffer: [UInt8] = []
        var start = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if !greeted {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else {
                    refuse("no hello within \(Self.helloDeadline.components.seconds) s of connecting")
                    return false
                }
                var poller = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
                let ready = poll(&poller, 1, milliseconds)
                // Nothing yet (or a signal): look at the deadline again rather than block in `recv`.
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            }
            let received = chunk.withUnsafeMutableBytes { recv(socket.descriptor, $0.baseAddress, $0.count, 0) }
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else { return greeted }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            buffer += chunk[..<received]
            while buffer.count - start >= WireFrame.headerSize {
                let length: Int
                do {
                    length = try WireFrame.payloadLength(buffer[start..<(start + WireFrame.headerSize)])
                } catch {
                    refuse(error.description)
                    return greeted
                }
                guard buffer.count - start >= WireFrame.headerSize + length else { break }
                let payload = buffer[(start + WireFrame.headerSize)..<(start + WireFrame.headerSize + length)]
                start += WireFrame.headerSize + length
                guard handle(payload, connection: connection, greeted: &greeted) else { return greeted }
            }
        }
    }

    /// One payload; `false` when it ended the connection.
    private func handle(_ payload: ArraySlice<UInt8>, connection: Int, greeted: inout Bool) -> Bool {
        let message: ClientMessage
        do {
            message = try WireProtocol.decode(ClientMessage.self, from: payload)
        } catch {
            write(.error(.init(reason: error.description)))
            return true
        }
        if case .hello(let hello) = message {
            guard hello.protocolVersion == WireProtocol.version else {
                refuse("protocol version \(hello.protocolVersion) is not supported: this runner speaks version \(WireProtocol.version)")
                return false
            }
            greeted = true
        } else if !greeted {
            write(.error(.init(reason: "send hello first")))
            return true
        }
        inbox.push(.message(connection: connection, message))
        return true
    }

    private func write(_ message: RunnerMessage) {
        socket.write(WireFrame.encode(WireProtocol.encode(message)))
    }

    private func refuse(_ reason: String) {
        write(.refused(.init(reason: reason)))
        socket.end()
    }
}
