import Foundation
import NIOCore

/// The one brain connection the runner serves at a time, and the way to write to it from any
/// thread. A second connection while one is open is refused. The run's messages (snapshots,
/// fills, acks, alerts) go only to a connection that was welcomed: a snapshot sent to a peer
/// still saying hello reached a reattaching brain before its `welcome`, and it decided without
/// knowing which plan the runner had applied (fills published meanwhile are sent again on
/// `hello`, after `last_fill_seen`).
final class BrainLink: @unchecked Sendable {
    private let lock = NSLock()
    private var channel: (any Channel)?
    private var connection = 0
    private var welcomed = false

    /// Makes `channel` the brain's connection; `nil` when another one is open.
    func attach(_ channel: any Channel) -> Int? {
        lock.withLock {
            guard self.channel == nil else { return nil }
            self.channel = channel
            connection += 1
            welcomed = false
            return connection
        }
    }

    func detach(_ id: Int) {
        lock.withLock { if connection == id { channel = nil } }
    }

    var isConnected: Bool { lock.withLock { channel != nil } }

    func send(_ message: RunnerMessage) {
        guard let channel = lock.withLock({ welcomed ? channel : nil }) else { return }
        Self.write(message, to: channel)
    }

    /// Sends `welcome` to connection `id` (if it is still the open one), which gets the run's
    /// messages from then on.
    func welcome(_ message: RunnerMessage, connection id: Int) {
        guard let channel = lock.withLock({ () -> (any Channel)? in
            guard connection == id, let channel else { return nil }
            welcomed = true
            return channel
        }) else { return }
        Self.write(message, to: channel)
    }

    /// Refuses the open connection (a hello naming another run) and closes it.
    func refuse(_ reason: String) {
        guard let channel = lock.withLock({ channel }) else { return }
        Self.write(.refused(.init(reason: reason)), to: channel)
        channel.close(promise: nil)
    }

    /// Sends `message` and waits (up to a second) until it is written: for the last words of a
    /// runner about to exit.
    func sendAndWait(_ message: RunnerMessage) {
        guard let channel = lock.withLock({ welcomed ? channel : nil }) else { return }
        let frame = WireFrame.encode(WireProtocol.encode(message))
        let written = channel.writeAndFlush(channel.allocator.buffer(bytes: frame))
        let done = DispatchSemaphore(value: 0)
        written.whenComplete { _ in done.signal() }
        _ = done.wait(timeout: .now() + 1)
    }

    /// Closes the current connection, after what was written to it.
    func close() {
        guard let channel = lock.withLock({ channel }) else { return }
        channel.close(promise: nil)
    }

    static func write(_ message: RunnerMessage, to channel: any Channel) {
        let frame = WireFrame.encode(WireProtocol.encode(message))
        channel.writeAndFlush(channel.allocator.buffer(bytes: frame), promise: nil)
    }
}
