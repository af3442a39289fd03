import Foundation
import NIOCore
import NIOPosix

/// The runner's Unix-socket listener (SwiftNIO, one event-loop thread): frames in, messages to
/// the inbox; peers of another user, a second brain and unframed bytes are refused here.
final class RunnerServer {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel

    init(path: String, link: BrainLink, inbox: RunnerInbox) throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(link: link, inbox: inbox))
                }
            }
        do {
            channel = try bootstrap.bind(unixDomainSocketPath: path).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw RunnerError("cannot listen on \(path): \(error)")
        }
        guard chmod(path, 0o600) == 0 else { throw RunnerError("cannot set mode 0600 on \(path): \(String(cString: strerror(errno)))") }
    }

    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Splits the byte stream into payloads; a bad length header is thrown, which ends the connection.
private struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let header = buffer.getBytes(at: buffer.readerIndex, length: WireFrame.headerSize) else { return .needMoreData }
        let length = try WireFrame.payloadLength(header)
        guard buffer.readableBytes >= WireFrame.headerSize + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: WireFrame.headerSize)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: length)!))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// One connection: checks the peer, then turns payloads into inbox events. Messages before a
/// `hello`, and hellos of another protocol version, are answered here. A peer that says no
/// `hello` within `helloDeadline` is refused: it would hold the only connection slot and keep
/// the real brain out.
private final class ConnectionHandler: ChannelInboundHandler {
    static let helloDeadline = TimeAmount.seconds(2)

    typealias InboundIn = ByteBuffer

    private let link: BrainLink
    private let inbox: RunnerInbox
    private var connection: Int?
    private var greeted = false

    init(link: BrainLink, inbox: RunnerInbox) {
        self.link = link
        self.inbox = inbox
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        guard let provider = channel as? any SocketOptionProvider else { return refuse(channel, "cannot check the peer's user") }
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        credentials.assumeIsolated().whenComplete { result in
            switch result {
            case .failure(let error): self.refuse(channel, "cannot check the peer's user: \(error)")
            case .success(let peer) where peer.uid != getuid():
                self.refuse(channel, "connections from uid \(peer.uid) are refused: this runner serves uid \(getuid()) only")
            case .success:
                guard let id = self.link.attach(channel) else {
                    return self.refuse(channel, "another brain is connected to this runner; one connection at a time")
                }
                self.connection = id
                self.inbox.push(.connected(connection: id))
                channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in channel.close(promise: nil) }
                channel.eventLoop.assumeIsolated().scheduleTask(in: Self.helloDeadline) {
                    if !self.greeted { self.refuse(channel, "no hello within \(Self.helloDeadline.nanoseconds / 1_000_000_000) s of connecting") }
                }
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let connection else { return }
        let payload = unwrapInboundIn(data)
        let message: ClientMessage
        do {
            message = try WireProtocol.decode(ClientMessage.self, from: payload.readableBytesView)
        } catch {
            return BrainLink.write(.error(.init(reason: error.description)), to: context.channel)
        }
        if case .hello(let hello) = message {
            guard hello.protocolVersion == WireProtocol.version else {
                return refuse(context.channel, "protocol version \(hello.protocolVersion) is not supported: this runner speaks version \(WireProtocol.version)")
            }
            greeted = true
        } else if !greeted {
            return BrainLink.write(.error(.init(reason: "send hello first")), to: context.channel)
        }
        inbox.push(.message(connection: connection, message))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        refuse(context.channel, (error as? WireError)?.description ?? "connection error: \(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        guard let connection else { return }
        link.detach(connection)
        // Only a peer that said hello was a brain; losing a silent squatter changes nothing.
        if greeted { inbox.push(.disconnected(connection: connection)) }
        self.connection = nil
    }

    private func refuse(_ channel: any Channel, _ reason: String) {
        BrainLink.write(.refused(.init(reason: reason)), to: channel)
        channel.close(promise: nil)
    }
}

