/// `SO_PEERCRED`'s `struct ucred` (Glibc hides it behind `_GNU_SOURCE`): who is at the other end
/// of the socket, for the runner (same uid only) and the brain (its own child only).
public struct PeerCredentials: Sendable {
    public var pid: Int32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0

    public init() {}
}
