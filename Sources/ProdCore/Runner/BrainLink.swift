import Foundation

/// The one brain connection the runner serves at a time, and the way to write to it from any
/// thread. A second connection while one is open is refused. The run's messages (snapshots,
/// fills, acks, alerts) go only to a connection that was welcomed: a snapshot sent to a peer
/// still saying hello reached a reattaching brain before its `welcome`, and it decided without
/// knowing which plan the runner had applied (fills published meanwhile are sent again on
/// `hello`, after `last_fill_seen`).
final class BrainLink: @unchecked Sendable {
    private let lock = NSLock()
    private var socket: BrainSocket?
    private var connection = 0
    private var welcomed = false

    /// Makes `socket` the brain's connection; `nil` when another one is open.
    func attach(_ socket: BrainSocket) -> Int? {
        lock.withLock {
            guard self.socket == nil else { return nil }
            self.socket = socket
            connection += 1
            welcomed = false
            return connection
        }
    }

    func detach(_ id: Int) {
        lock.withLock { if connection == id { socket = nil } }
    }

    var isConnected: Bool { lock.withLock { socket != nil } }

    func send(_ message: RunnerMessage) {
        guard let socket = lock.withLock({ welcomed ? socket : nil }) else { return }
        Self.write(message, to: socket)
    }

    /// Sends `welcome` to connection `id` (if it is still the open one), which gets the run's
    /// messages from then on.
    func welcome(_ message: RunnerMessage, connection id: Int) {
        guard let socket = lock.withLock({ () -> BrainSocket? in
            guard connection == id, let socket else { return nil }
            welcomed = true
            return socket
        }) else { return }
        Self.write(message, to: socket)
    }

    /// Refuses the open connection (a hello naming another run) and closes it.
    func refuse(_ reason: String) {
        guard let socket = lock.withLock({ socket }) else { return }
        Self.write(.refused(.init(reason: reason)), to: socket)
        socket.end()
    }

    /// Sends `message` and waits (up to a second) until it is written: for the last words of a
    /// runner about to exit.
    func sendAndWait(_ message: RunnerMessage) {
        guard let socket = lock.withLock({ welcomed ? socket : nil }) else { return }
        Self.write(message, to: socket)
        socket.waitUntilWritten(timeout: .seconds(1))
    }

    /// Closes the current connection, after what was written to it.
    func close() {
        guard let socket = lock.withLock({ socket }) else { return }
        socket.end()
    }

    private static func write(_ message: RunnerMessage, to socket: BrainSocket) {
        socket.write(WireFrame.encode(WireProtocol.encode(message)))
    }
}
