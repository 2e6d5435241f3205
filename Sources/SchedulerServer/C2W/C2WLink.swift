import Foundation
import Logging
import NIOCore
import NIOWebSocket
import SchedulerKit

/// One supervised C2W link to one Web Bridge: connect, register, answer requests, ping every
/// 15 s (two unanswered pings: DOWN), reconnect with full-jitter backoff (1 s base, 60 s cap)
/// for as long as it runs. Logs as the CMS Scheduler does.
final class C2WLink: @unchecked Sendable {
    let endpoint: C2WEndpoint
    private let dialer: C2WDialer
    private let handler: C2WRequestHandler
    private let instance: String
    private let logger: Logger
    private let states: LinkStates
    let pingInterval: Duration
    /// How long connecting, TLS, the upgrade, hello and ready may take together.
    let linkTimeout: Duration
    private let lock = NSLock()
    private var _socket: C2WSocket?
    private var _stopping = false
    /// The connection attempt under way, abandoned by `close()` and by cancellation.
    private var _attempt: DialProgress?
    private var socket: C2WSocket? {
        get { lock.withLock { _socket } }
        set { lock.withLock { _socket = newValue } }
    }
    private var stopping: Bool { lock.withLock { _stopping } }

    init(
        endpoint: C2WEndpoint, dialer: C2WDialer, handler: C2WRequestHandler, instance: String, logger: Logger, states: LinkStates,
        pingInterval: Duration = .seconds(15), linkTimeout: Duration = .seconds(30)
    ) {
        self.pingInterval = pingInterval
        self.linkTimeout = linkTimeout
        self.endpoint = endpoint
        self.dialer = dialer
        self.handler = handler
        self.instance = instance
        self.logger = logger
        self.states = states
    }

    /// Runs until cancelled or `close()`d.
    func run() async {
        var failures = 0
        while !Task.isCancelled, !stopping {
            logger.notice("Connecting to webBridge=\(endpoint)")
            var wasUp = false
            let reason: String
            // A Web Bridge that accepts the connection but never finishes TLS, the upgrade or
            // the handshake is given up on after `linkTimeout`, and tried again.
            let progress = DialProgress()
            lock.withLock { _attempt = progress }
            let timeout = linkTimeout
            let watchdog = Task {
                try await Task.sleep(for: timeout)
                progress.expire()
            }
            do {
                // A stop abandons a handshake in progress at once (its connection is closed),
                // whatever the Web Bridge is doing.
                reason = try await withTaskCancellationHandler {
                    try await dialer.withLink(endpoint, progress: progress) { socket, frames in
                        logger.notice("Received guid \(socket.hello.guid) from webbridge \(endpoint)")
                        try await socket.send(C2WFrame.register(instance: instance))
                        try await awaitReady(socket, &frames)
                        watchdog.cancel()
                        wasUp = true
                        self.socket = socket
                        await states.up(endpoint, guid: socket.hello.guid)
                        logger.notice("C2W connection for webbridge \(endpoint) UP")
                        let reason = await serve(socket, &frames)
                        self.socket = nil
                        // Whatever ended the link after close(): serve is stopping.
                        return stopping ? "scheduler stopping" : reason
                    }
                } onCancel: {
                    progress.abort()
                }
            } catch let failure as C2WFailure {
                reason = stopping ? "scheduler stopping" : progress.expired ? Self.expired(progress, timeout) : failure.reason
            } catch {
                reason = stopping ? "scheduler stopping" : progress.expired ? Self.expired(progress, timeout) : "\(error)"
            }
            watchdog.cancel()
            await states.down(endpoint, reason: reason)
            if wasUp || failures == 0 {
                logger.notice("C2W connection for webbridge \(endpoint) DOWN (\(reason))")
            } else {
                logger.info("C2W connection for webbridge \(endpoint) still DOWN (\(reason))")
            }
            guard !Task.isCancelled, !stopping else { return }
            failures = wasUp ? 1 : failures + 1
            // Full jitter: a random wait up to min(60 s, 1 s × 2^(failures-1)).
            let cap = min(60.0, pow(2.0, Double(min(failures - 1, 6))))
            try? await Task.sleep(for: .milliseconds(Int64(Double.random(in: 0...cap) * 1000)))
        }
    }

    /// Closes the link with 1001 (going away) and stops reconnecting.
    func close() async {
        lock.withLock {
            _stopping = true
            return _attempt
        }?.abort()
        await socket?.close(.goingAway)
    }

    /// Pushes one frame if the link is UP (events are best effort: a Web Bridge that is down
    /// refreshes when it links again).
    func push(_ text: String) async {
        try? await socket?.send(text)
    }

    private func awaitReady(_ socket: C2WSocket, _ frames: inout NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator) async throws {
        while let frame = try await frames.next() {
            switch frame.opcode {
            case .text:
                if case .ready? = C2WFrame.decode(frame.unmaskedData) { return }
            case .ping:
                try await socket.pong(frame.unmaskedData)
            case .connectionClose:
                throw C2WFailure(step: .hello, reason: "closed before ready (\(Self.closeReason(frame)))")
            default:
                break
            }
        }
        throw C2WFailure(step: .hello, reason: "closed before ready")
    }

    /// Reads frames until the link ends; returns why it ended.
    private func serve(_ socket: C2WSocket, _ frames: inout NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator) async -> String {
        let missed = MissedPings()
        let (interval, logger, endpoint) = (pingInterval, self.logger, self.endpoint)
        let pinger = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                if missed.sent() > 2 {
                    logger.warning("webbridge \(endpoint): two pings unanswered")
                    await socket.close(.goingAway)
                    return
                }
                try await socket.ping(ByteBuffer(string: "c2w"))
            }
        }
        defer { pinger.cancel() }
        let handler = self.handler
        // Requests run beside the reading of frames (pings are answered whatever they do), at
        // most `ServeLimits.linkRequests` at once with `linkQueue` waiting; beyond that a request
        // is answered busy at once. A discarding group keeps nothing of a finished request.
        let turns = AdmissionGate(running: ServeLimits.linkRequests, waiting: ServeLimits.linkQueue)
        return await withDiscardingTaskGroup(returning: String.self) { requests in
            defer { requests.cancelAll() }
            do {
                while let frame = try await frames.next() {
                    switch frame.opcode {
                    case .text:
                        guard let decoded = C2WFrame.decode(frame.unmaskedData) else {
                            logger.warning("webbridge \(endpoint): dropped a frame that is not a C2W JSON object")
                            continue
                        }
                        guard case .request(let id, let user, let op, let body) = decoded else { continue }
                        if id == nil { logger.warning("webbridge \(endpoint): dropped a request without an id") }
                        logger.debug("webbridge \(endpoint): request \(op.map(TextRules.escapingControls) ?? "-") from \(user.map(TextRules.escapingControls) ?? "-")")
                        requests.addTask {
                            let answered = await turns.run("requests") { await handler.reply(id: id, user: user, op: op, body: body) }
                            if let reply = answered ?? handler.busy(id: id, op: op) { try? await socket.send(reply) }
                        }
                    case .ping:
                        try await socket.pong(frame.unmaskedData)
                    case .pong:
                        if let roundTrip = missed.answered() { await states.pinged(endpoint, roundTrip: roundTrip) }
                        logger.debug("webbridge \(endpoint): pong")
                    case .connectionClose:
                        await socket.close(.normalClosure)
                        return "closed by the Web Bridge (\(Self.closeReason(frame)))"
                    default:
                        break
                    }
                }
                return stopping ? "scheduler stopping" : (missed.count > 2 ? "two pings unanswered" : "connection closed")
            } catch {
                return "connection lost: \(C2WDialer.describe(error))"
            }
        }
    }

    static func expired(_ progress: DialProgress, _ timeout: Duration) -> String {
        "no answer within \(String(format: "%g", timeout.timeInterval)) s (step \(progress.step.rawValue))"
    }

    static func closeReason(_ frame: WebSocketFrame) -> String {
        var data = frame.unmaskedData
        guard let code = data.readWebSocketErrorCode() else { return "no code" }
        return "code \(UInt16(webSocketErrorCode: code))"
    }
}

/// Pings sent since the last pong.
final class MissedPings: @unchecked Sendable {
    private let lock = NSLock()
    private var outstanding = 0
    private var lastSent: ContinuousClock.Instant?
    /// Counts a ping about to be sent; returns how many are then outstanding.
    func sent() -> Int { lock.withLock { outstanding += 1; lastSent = .now; return outstanding } }
    /// A pong came: the time since the last ping was sent (its round trip).
    func answered() -> Duration? { lock.withLock { outstanding = 0; return lastSent.map { .now - $0 } } }
    var count: Int { lock.withLock { outstanding } }
}
