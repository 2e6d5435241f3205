import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS
import NIOWebSocket
import SchedulerKit
import X509

/// A step of opening a C2W link, in order; a failure names the step it happened in.
public enum C2WStep: String, Sendable, Codable, CaseIterable {
    case url, dns, connect, tls, verify, clientCertificate, upgrade, hello, ping
}

/// Why a link could not be opened (or was lost): the step and a one-line reason.
public struct C2WFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var step: C2WStep
    public var reason: String
    public var description: String { reason }
}

/// What one connection attempt learned, step by step (bridge probe reports it all, even after a failure).
public final class DialProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var _step = C2WStep.url
    private var _timings: [C2WStep: Duration] = [:]
    private var _certificate: ServerCertificate?
    private var _channel: (any Channel)?
    private let started = ContinuousClock.now

    public init() {}

    /// The step under way (the one a timeout lands in).
    public var step: C2WStep { lock.withLock { _step } }
    public var certificate: ServerCertificate? { lock.withLock { _certificate } }
    public func timing(_ step: C2WStep) -> Duration? { lock.withLock { _timings[step] } }

    func begin(_ step: C2WStep) { lock.withLock { _step = step } }
    func record(_ step: C2WStep, since start: ContinuousClock.Instant) {
        lock.withLock { _timings[step] = ContinuousClock.now - start }
    }
    func record(certificate: ServerCertificate?) { lock.withLock { _certificate = certificate } }
    func attach(_ channel: any Channel) { lock.withLock { _channel = channel } }
    /// Closes the connection under way (a timeout or a shutdown).
    func abort() { lock.withLock { _channel }?.close(promise: nil) }

    private var _expired = false
    /// True once `expire()` gave up on the attempt.
    var expired: Bool { lock.withLock { _expired } }
    /// Gives up on an attempt that took too long: closes its connection.
    func expire() {
        lock.withLock { _expired = true }
        abort()
    }
}

/// The `hello` a Web Bridge sends first.
public struct C2WHello: Sendable, Equatable {
    public var guid: String
    public var name: String
}

/// An open C2W WebSocket, after `hello`: send frames, read frames, close with a code.
public struct C2WSocket: Sendable {
    public let hello: C2WHello
    let channel: any Channel
    let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>

    /// Sends one JSON object as a masked text frame.
    func send(_ text: String) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
    }

    func ping(_ payload: ByteBuffer) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: payload))
    }

    func pong(_ payload: ByteBuffer) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: payload))
    }

    /// Sends a close frame with `code` and closes the connection.
    func close(_ code: WebSocketErrorCode) async {
        var data = ByteBuffer()
        data.write(webSocketErrorCode: code)
        try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))
        try? await channel.close()
    }
}

/// Opens C2W links per `c2w.md`: DNS, TCP, mutual TLS (chain and host checked against
/// `c2w.trust`), the WebSocket upgrade to `/c2w` with subprotocol `c2w.v1`, then the `hello`.
public struct C2WDialer: Sendable {
    public let credentials: C2WCredentials
    let context: NIOSSLContext
    /// How long to wait for `hello` after the upgrade.
    var helloTimeout: Duration = .seconds(10)

    public init(credentials: C2WCredentials) throws {
        self.credentials = credentials
        self.context = try NIOSSLContext(configuration: credentials.tlsConfiguration())
    }

    enum Upgrade: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case wrongSubprotocol(String?, any Channel)
        case refused(any Channel)
    }

    /// Connects to a `c2w://` endpoint and runs `body` with the open socket and its inbound
    /// frames; the connection is closed when `body` returns. Throws `C2WFailure` naming the step.
    public func withLink<T: Sendable>(
        _ endpoint: C2WEndpoint, progress: DialProgress = DialProgress(),
        _ body: (C2WSocket, inout NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator) async throws -> T
    ) async throws -> T {
        let channel = try await connect(endpoint, progress: progress, webSocket: true)
        let upgrade: Upgrade
        do {
            upgrade = try await channel.upgrade!.get()
        } catch {
            throw failure(after: error, progress: progress)
        }
        switch upgrade {
        case .refused(let raw):
            try? await raw.close()
            throw C2WFailure(step: .upgrade, reason: "\(endpoint) refused the WebSocket upgrade to /c2w")
        case .wrongSubprotocol(let selected, let raw):
            try? await raw.close()
            throw C2WFailure(
                step: .upgrade,
                reason: "\(endpoint) did not select subprotocol c2w.v1 (selected \(selected.map { "\"\($0)\"" } ?? "none"))")
        case .webSocket(let socket):
            return try await socket.executeThenClose { inbound, outbound in
                progress.begin(.hello)
                var frames = inbound.makeAsyncIterator()
                let helloStart = ContinuousClock.now
                let hello = try await readHello(&frames, socket: socket.channel, outbound: outbound, endpoint: endpoint)
                progress.record(.hello, since: helloStart)
                let link = C2WSocket(hello: hello, channel: socket.channel, outbound: outbound)
                return try await body(link, &frames)
            }
        }
    }

    /// Connects and completes the TLS handshake only (Web Bridge 2's `https://` endpoints).
    public func checkTLS(_ endpoint: C2WEndpoint, progress: DialProgress = DialProgress()) async throws {
        let connected = try await connect(endpoint, progress: progress, webSocket: false)
        do {
            try await connected.handshake.futureResult.get()
        } catch {
            throw failure(after: error, progress: progress)
        }
        try? await connected.channel.close()
    }

    struct Connected {
        let channel: any Channel
        let start: ContinuousClock.Instant
        let handshake: EventLoopPromise<Void>
        let upgrade: EventLoopFuture<Upgrade>?
    }

    private func connect(_ endpoint: C2WEndpoint, progress: DialProgress, webSocket: Bool) async throws -> Connected {
        progress.begin(.dns)
        var start = ContinuousClock.now
        let address: SocketAddress
        do {
            address = try await NIOThreadPool.singleton.runIfActive {
                try SocketAddress.makeAddressResolvingHost(endpoint.host, port: endpoint.port)
            }
        } catch {
            throw C2WFailure(step: .dns, reason: "cannot resolve \(endpoint.host): \(error)")
        }
        progress.record(.dns, since: start)
        progress.begin(.connect)
        start = ContinuousClock.now
        let context = self.context, roots = credentials.roots
        let box = ConnectBox()
        let upgrade: EventLoopFuture<Upgrade>?
        do {
            upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handshake = channel.eventLoop.makePromise(of: Void.self)
                        box.set(channel: channel, handshake: handshake)
                        progress.attach(channel)
                        let tls = try NIOSSLClientHandler(
                            context: context, serverHostname: endpoint.hostIsIPAddress ? nil : endpoint.host,
                            customVerificationCallback: { presented, promise in
                                let certificates = presented.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
                                let done = promise
                                Task {
                                    let check = await ServerCertificate.check(certificates, roots: roots, endpoint: endpoint)
                                    progress.record(certificate: check)
                                    done.succeed(check != nil && check?.problem == nil ? .certificateVerified : .failed)
                                }
                            })
                        try channel.pipeline.syncOperations.addHandlers([
                            tls, HandshakeWatcher(progress: progress, handshake: handshake),
                        ])
                        guard webSocket else { return nil }
                        // A Web Bridge sends hello at once: it may arrive in the same read as the
                        // 101 response, so bytes after the response go on to the WebSocket decoder.
                        var configuration = NIOUpgradableHTTPClientPipelineConfiguration(
                            upgradeConfiguration: Self.upgradeConfiguration(endpoint))
                        configuration.leftOverBytesStrategy = .forwardBytes
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: configuration)
                    }
                }
        } catch {
            throw C2WFailure(step: .connect, reason: "cannot connect to \(endpoint): \(Self.describe(error))")
        }
        guard let (channel, handshake) = box.value else {
            throw C2WFailure(step: .connect, reason: "cannot connect to \(endpoint)")
        }
        progress.record(.connect, since: start)
        progress.begin(.tls)
        return Connected(channel: channel, start: ContinuousClock.now, handshake: handshake, upgrade: upgrade)
    }

    private static func upgradeConfiguration(_ endpoint: C2WEndpoint) -> NIOTypedHTTPClientUpgradeConfiguration<Upgrade> {
        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(
            maxFrameSize: 1 << 20,
            upgradePipelineHandler: { channel, response in
                channel.eventLoop.makeCompletedFuture {
                    let selected = response.headers[canonicalForm: "Sec-WebSocket-Protocol"].first.map(String.init)
                    guard selected == "c2w.v1" else { return .wrongSubprotocol(selected, channel) }
                    try channel.pipeline.syncOperations.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: 1 << 20))
                    return .webSocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                }
            })
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.description)
        headers.add(name: "Sec-WebSocket-Protocol", value: "c2w.v1")
        headers.add(name: "Content-Length", value: "0")
        return NIOTypedHTTPClientUpgradeConfiguration(
            upgradeRequestHead: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/c2w", headers: headers),
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused(channel)) })
    }

    /// Names the step a connection failed in: the certificate check, the handshake, the
    /// server refusing our certificate after it (TLS 1.3 reports that later), or the upgrade.
    private func failure(after error: any Error, progress: DialProgress) -> C2WFailure {
        if let problem = progress.certificate?.problem {
            return C2WFailure(step: .verify, reason: problem)
        }
        if progress.timing(.tls) == nil {
            return C2WFailure(step: .tls, reason: "TLS handshake failed: \(Self.describe(error))")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return C2WFailure(step: .clientCertificate, reason: "the Web Bridge refused the client certificate c2w.cert: \(Self.describe(error))")
        }
        return C2WFailure(step: .upgrade, reason: "WebSocket upgrade failed: \(Self.describe(error))")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOSSLError, case .handshakeFailed(let inner) = error { return "\(inner)" }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if case ChannelError.connectTimeout(let timeout) = error { return "no answer within \(timeout.nanoseconds / 1_000_000_000) s" }
        return "\(error)"
    }

    /// Reads the first frame: it must be `hello` with version 1, within `helloTimeout`; else closes with 1002.
    private func readHello(
        _ frames: inout NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator, socket: any Channel,
        outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>, endpoint: C2WEndpoint
    ) async throws -> C2WHello {
        let timeout = helloTimeout
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            var data = ByteBuffer()
            data.write(webSocketErrorCode: .protocolError)
            try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data))
            socket.close(promise: nil)
        }
        defer { watchdog.cancel() }
        let link = C2WSocket(hello: C2WHello(guid: "", name: ""), channel: socket, outbound: outbound)
        while true {
            let frame: WebSocketFrame?
            do {
                frame = try await frames.next()
            } catch {
                throw C2WFailure(step: .hello, reason: "the link closed before hello: \(error)")
            }
            guard let frame else {
                throw C2WFailure(
                    step: .hello,
                    reason: watchdog.isCancelled ? "the link closed before hello" : "no hello within \(timeout.description)")
            }
            switch frame.opcode {
            case .ping:
                try await link.pong(frame.unmaskedData)
                continue
            case .text:
                break
            default:
                await link.close(.protocolError)
                throw C2WFailure(step: .hello, reason: "the first frame from \(endpoint) was not a hello text frame")
            }
            switch C2WFrame.decode(frame.unmaskedData) {
            case .hello(let guid, let version, let name)? where version == C2WFrame.version:
                return C2WHello(guid: guid, name: name)
            case .hello(_, let version, _)?:
                await link.close(.protocolError)
                throw C2WFailure(step: .hello, reason: "\(endpoint) speaks C2W version \(version), cmsched speaks 1")
            default:
                await link.close(.protocolError)
                throw C2WFailure(step: .hello, reason: "the first frame from \(endpoint) was not a hello")
            }
        }
    }
}

/// Holds the channel and handshake promise the bootstrap's initializer made.
private final class ConnectBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: ((any Channel), EventLoopPromise<Void>)?
    func set(channel: any Channel, handshake: EventLoopPromise<Void>) { lock.withLock { stored = (channel, handshake) } }
    var value: ((any Channel), EventLoopPromise<Void>)? { lock.withLock { stored } }
}

/// Records when the TLS handshake completes, and fails the handshake promise on an early error.
private final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let progress: DialProgress
    let handshake: EventLoopPromise<Void>
    var start = ContinuousClock.now
    var settled = false

    init(progress: DialProgress, handshake: EventLoopPromise<Void>) {
        self.progress = progress
        self.handshake = handshake
    }

    func channelActive(context: ChannelHandlerContext) {
        start = ContinuousClock.now
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            progress.record(.tls, since: start)
            progress.begin(.clientCertificate)
            settle(nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        settle(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        settle(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    /// A channel that never became active (the connect failed) removes its handlers on close.
    func handlerRemoved(context: ChannelHandlerContext) {
        settle(ChannelError.ioOnClosedChannel)
    }

    private func settle(_ error: (any Error)?) {
        guard !settled else { return }
        settled = true
        if let error { handshake.fail(error) } else { handshake.succeed() }
    }
}
