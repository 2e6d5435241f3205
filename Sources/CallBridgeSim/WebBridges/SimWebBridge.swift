import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import X509

/// One simulated Web Bridge 3: a C2W listener on loopback that follows `c2w.md` version 1
/// (mutual TLS, `wss://…/c2w`, subprotocol `c2w.v1`, hello → register → ready), keeps the
/// `event` frames schedulers push, and forwards web app users' requests to a linked scheduler.
public actor SimWebBridge {
    public let id: String
    public let name: String
    public let guid = UUID().uuidString.lowercased()
    /// The loopback port; 0 until the first `start()` binds one, then kept for restarts.
    public private(set) var port = 0
    private let tls: NIOSSLContext
    private var listener: (any Channel)?
    private var acceptTask: Task<Void, Never>?
    private var sessions: [UUID: Session] = [:]
    private var events: [String] = []
    private var pending: [String: CheckedContinuation<String?, Never>] = [:]
    private var nextRequest = 0

    /// The link to one connected scheduler.
    struct Session {
        let channel: any Channel
        let writer: NIOAsyncChannelOutboundWriter<WebSocketFrame>
        let subject: String
        var instance: String?
        let connected = Date()
    }

    /// What `GET /_sim/webBridges` shows of one bridge.
    public struct Snapshot: Sendable {
        public var id: String
        public var name: String
        public var guid: String
        public var url: String
        public var listening: Bool
        /// Registered schedulers: their `instance` and client certificate subject.
        public var schedulers: [(instance: String, subject: String)]
    }

    init(id: String, name: String, tls: NIOSSLContext) {
        self.id = id
        self.name = name
        self.tls = tls
    }

    public var url: String { "c2w://127.0.0.1:\(port)" }

    public var snapshot: Snapshot {
        Snapshot(
            id: id, name: name, guid: guid, url: url, listening: listener != nil,
            schedulers: sessions.values.sorted { $0.connected < $1.connected }.compactMap { session in
                session.instance.map { ($0, session.subject) }
            })
    }

    /// The `event` frames received, oldest first, as the JSON texts that arrived.
    public var receivedEvents: [String] { events }

    // MARK: Listening

    enum Upgrade {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subject: String)
        case refused(any Channel)
    }

    /// Listens (again) on the bridge's port; the first call picks a free one.
    public func start() async throws {
        guard listener == nil else { return }
        let tls = self.tls
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                        configuration: .init(upgradeConfiguration: Self.upgradeConfiguration()))
                }
            }
        port = server.channel.localAddress?.port ?? port
        listener = server.channel
        acceptTask = Task { [weak self] in
            try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await upgrade in inbound {
                        group.addTask { await self?.accept(upgrade) }
                    }
                }
            }
        }
    }

    /// Closes the listener and every link (close code 1001), and refuses connections until `start()`.
    public func stop() async {
        try? await listener?.close()
        listener = nil
        acceptTask = nil
        for session in sessions.values {
            try? await session.writer.write(Self.close(.goingAway))
            session.channel.close(promise: nil)
        }
        sessions = [:]
    }

    private static func upgradeConfiguration() -> NIOTypedHTTPServerUpgradeConfiguration<Upgrade> {
        let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
            maxFrameSize: 1 << 20,
            shouldUpgrade: { channel, head in
                let protocols = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map(String.init)
                guard head.uri == "/c2w", protocols.contains("c2w.v1") else {
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                return channel.eventLoop.makeSucceededFuture(HTTPHeaders([("Sec-WebSocket-Protocol", "c2w.v1")]))
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    let certificate = try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
                    let subject = certificate.flatMap { try? Certificate(derEncoded: $0.toDERBytes()).subject.description } ?? ""
                    try channel.pipeline.syncOperations.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: 1 << 20))
                    let socket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
                    return .webSocket(socket, subject: subject)
                }
            })
        return NIOTypedHTTPServerUpgradeConfiguration(
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused(channel)) })
    }

    private func accept(_ upgrade: EventLoopFuture<Upgrade>) async {
        switch try? await upgrade.get() {
        case .webSocket(let socket, let subject)?:
            await serve(socket, subject: subject)
        case .refused(let channel)?:
            // Not a C2W upgrade: answer 400 and close.
            let head = HTTPResponseHead(
                version: .http1_1, status: .badRequest, headers: ["Content-Length": "0", "Connection": "close"])
            channel.write(HTTPServerResponsePart.head(head), promise: nil)
            try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil)).get()
            try? await channel.close()
        case nil:
            break
        }
    }

    // MARK: One link

    private func serve(_ socket: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subject: String) async {
        let key = UUID()
        try? await socket.executeThenClose { inbound, outbound in
            sessions[key] = Session(channel: socket.channel, writer: outbound, subject: subject)
            try await outbound.write(Self.text(Self.json(["type": "hello", "guid": guid, "version": 1, "name": name])))
            let deadline = Task { [weak self] in
                try? await Task.sleep(for: .seconds(10))
                guard !Task.isCancelled, let self, await !self.isRegistered(key) else { return }
                try? await outbound.write(Self.close(.policyViolation))
                socket.channel.close(promise: nil)
            }
            defer { deadline.cancel() }
            for try await frame in inbound {
                switch frame.opcode {
                case .text:
                    try await received(frame.unmaskedData, on: key, outbound: outbound)
                case .ping:
                    try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
                case .connectionClose:
                    var data = frame.unmaskedData
                    let code = data.readSlice(length: 2) ?? ByteBuffer()
                    try await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, data: code))
                    return
                default:
                    break
                }
            }
        }
        sessions[key] = nil
    }

    private func isRegistered(_ key: UUID) -> Bool {
        sessions[key]?.instance != nil
    }

    private func received(
        _ data: ByteBuffer, on key: UUID, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    ) async throws {
        let text = String(buffer: data)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return }
        switch object["type"] as? String {
        case "register":
            guard object["version"] as? Int == 1, object["role"] as? String == "scheduler",
                let instance = object["instance"] as? String
            else {
                try await outbound.write(Self.close(.protocolError))
                sessions[key]?.channel.close(promise: nil)
                return
            }
            sessions[key]?.instance = instance
            try await outbound.write(Self.text(Self.json(["type": "ready"])))
        case "response":
            if let id = object["id"] as? String, let waiting = pending.removeValue(forKey: id) {
                waiting.resume(returning: text)
            }
        case "event":
            events.append(text)
        default:
            break
        }
    }

    // MARK: Web app requests

    /// Why a request could not be forwarded.
    public enum RequestFailure: Error, Sendable {
        case noScheduler
        case timedOut
    }

    /// Sends a web app user's request to the earliest linked scheduler and returns its `response`
    /// frame (JSON text); times out after `timeout`.
    public func request(user: String, op: String, body: Data, timeout: Duration = .seconds(10)) async throws -> String {
        guard let session = sessions.values.filter({ $0.instance != nil }).min(by: { $0.connected < $1.connected }) else {
            throw RequestFailure.noScheduler
        }
        nextRequest += 1
        let id = "sim-\(nextRequest)"
        let object = (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) ?? [String: Any]()
        let frame = Self.json(["type": "request", "id": id, "user": user, "op": op, "body": object])
        let reply: String? = await withCheckedContinuation { continuation in
            pending[id] = continuation
            Task {
                try? await session.writer.write(Self.text(frame))
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
        guard let reply else { throw RequestFailure.timedOut }
        return reply
    }

    /// Sends `text` as one text frame to every linked scheduler (tests send what a faulty Web Bridge would).
    public func sendRaw(_ text: String) async {
        for session in sessions.values where session.instance != nil {
            try? await session.writer.write(Self.text(text))
        }
    }

    private func expire(_ id: String) {
        pending.removeValue(forKey: id)?.resume(returning: nil)
    }

    // MARK: Frames

    static func json(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
    }

    static func close(_ code: WebSocketErrorCode) -> WebSocketFrame {
        var data = ByteBuffer()
        data.write(webSocketErrorCode: code)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
