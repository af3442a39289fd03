import Foundation

/// One accepted connection on the runner socket. A message is written straight from the thread
/// that sends it, without blocking: through an event loop, each snapshot cost a wake-up of the
/// loop's thread and a hop back, a tenth of a lockstep replay's time (DEVELOPERS.md, "The main
/// job"). What the socket buffer cannot take now (a peer that writes much and reads later, a
/// brain busy elsewhere) waits in order in `pending` for the connection's flushing thread; a
/// peer that lets more than `maxPending` bytes pile up is dropped. Only the connection's reader
/// closes the descriptor, after the flushing thread is done, so no write reaches another file
/// that reused the number.
final class BrainSocket: @unchecked Sendable {
    static let maxPending = 64 << 20

    /// Guards everything below; the flushing thread waits on it for bytes.
    private let condition = NSCondition()
    private(set) var descriptor: Int32
    private var pending: [UInt8] = []
    private var ended = false
    private var flusherDone = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        let thread = Thread { [self] in flush() }
        thread.name = "runner-socket-writer"
        thread.start()
    }

    /// Queues a whole frame after those before it and writes what the socket takes now; `false`
    /// when the connection is over.
    @discardableResult
    func write(_ frame: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return false }
        var sent = 0
        if pending.isEmpty {
            while sent < frame.count {
                let count = frame[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                if count > 0 {
                    sent += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    break
                } else {
                    endLocked()
                    return false
                }
            }
            if sent == frame.count { return true }
        }
        guard pending.count + frame.count - sent <= Self.maxPending else {
            endLocked()
            return false
        }
        pending += frame[sent...]
        condition.broadcast()
        return true
    }

    /// Waits until everything queued is written (or the connection ended), at most `timeout`:
    /// for the last words of a runner about to exit.
    func waitUntilWritten(timeout: Duration) {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18)
        condition.lock()
        defer { condition.unlock() }
        while !pending.isEmpty && !ended {
            guard condition.wait(until: deadline) else { return }
        }
    }

    /// Ends the connection: the peer sees it closed, and the reader sees its end and closes it.
    func end() {
        condition.lock()
        endLocked()
        condition.unlock()
    }

    private func endLocked() {
        guard !ended else { return }
        ended = true
        shutdown(descriptor, Int32(SHUT_RDWR))
        condition.broadcast()
    }

    /// The reader's last step: once the flushing thread is done, the descriptor is closed.
    func close() {
        condition.lock()
        endLocked()
        while !flusherDone { condition.wait() }
        Glibc.close(descriptor)
        descriptor = -1
        condition.unlock()
    }

    /// The flushing thread: writes `pending` as the socket takes it, in order. It waits for room
    /// unlocked (the descriptor stays open until `flusherDone`) and writes without blocking under
    /// the lock, as `write` does, so the bytes are sent from `pending` itself, never copied.
    private func flush() {
        condition.lock()
        defer {
            flusherDone = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            while pending.isEmpty && !ended { condition.wait() }
            if ended { return }
            condition.unlock()
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&poller, 1, 1000)
            condition.lock()
            guard !ended, !pending.isEmpty else { continue }
            let count = pending.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if count > 0 {
                pending.removeFirst(count)
                condition.broadcast()
            } else if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                endLocked()
            }
        }
    }

    /// Who is at the other end (`SO_PEERCRED`).
    var peer: PeerCredentials? {
        var credentials = PeerCredentials()
        var size = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &size) == 0 else { return nil }
        return credentials
    }
}
