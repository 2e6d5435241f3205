import Foundation
import Logging
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import Synchronization

/// The HTTPS listener's connections: at most `limit` open at once (`https.max_connections`).
/// A new connection beyond it closes the connection that has been idle longest (no request
/// under way: kept alive, still in its TLS handshake or still sending its request head), as
/// nginx reuses kept-alive connections when it runs out; only when every connection is answering
/// a request is the new one refused, at once. Evictions and refusals are logged once a minute
/// with their count, so a flood of idle connections can neither lock out a real client nor fill
/// the log.
final class ConnectionBudget: Sendable {
    let limit: Int
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var open: [ObjectIdentifier: Entry] = [:]
        var evicted = 0
        var refused = 0
        var lastReport: ContinuousClock.Instant?
    }

    private struct Entry {
        let channel: any Channel
        var busy = false
        var lastActive: ContinuousClock.Instant
    }

    init(limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// Counts `channel` in: true when there is room for it, made by closing the connection idle
    /// longest if needed; false when every open connection is busy.
    func admit(_ channel: any Channel) -> Bool {
        let now = ContinuousClock.now
        let (admitted, victim, report) = state.withLock { state -> (Bool, (any Channel)?, String?) in
            var victim: (any Channel)?
            if state.open.count >= limit {
                guard let idle = state.open.lazy.filter({ !$0.value.busy }).min(by: { $0.value.lastActive < $1.value.lastActive }) else {
                    state.refused += 1
                    return (false, nil, Self.report(&state, limit: limit, now: now))
                }
                victim = state.open.removeValue(forKey: idle.key)?.channel
                state.evicted += 1
            }
            state.open[ObjectIdentifier(channel)] = Entry(channel: channel, lastActive: now)
            return (true, victim, Self.report(&state, limit: limit, now: now))
        }
        victim?.close(promise: nil)
        if let report { logger.warning("\(report)") }
        return admitted
    }

    /// Marks `channel` as answering a request (from its head until its response ends) or idle.
    func mark(_ channel: any Channel, busy: Bool) {
        state.withLock { state in
            state.open[ObjectIdentifier(channel)]?.busy = busy
            state.open[ObjectIdentifier(channel)]?.lastActive = .now
        }
    }

    /// Counts `channel` out (a closed connection; again is harmless).
    func leave(_ channel: any Channel) {
        _ = state.withLock { $0.open.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// The once-a-minute line about evicted and refused connections, when one is due.
    private static func report(_ state: inout State, limit: Int, now: ContinuousClock.Instant) -> String? {
        guard state.evicted + state.refused > 0, state.lastReport.map({ now - $0 >= .seconds(60) }) ?? true else { return nil }
        defer { (state.evicted, state.refused, state.lastReport) = (0, 0, now) }
        return "HTTPS: \(state.open.count) connections open, https.max_connections is \(limit): closed \(state.evicted) idle "
            + "connection(s) for new ones and refused \(state.refused) while every connection was busy (this line comes at most once a minute)"
    }
}

/// One connection's place in the `ConnectionBudget`: admitted as it is set up (refused ones are
/// closed at once, before their TLS handshake), busy from a request's head to its response's end.
final class ConnectionGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let budget: ConnectionBudget

    init(budget: ConnectionBudget) {
        self.budget = budget
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        guard budget.admit(channel) else {
            // After the pipeline's set-up has finished.
            channel.eventLoop.execute { channel.close(promise: nil) }
            return
        }
        channel.closeFuture.whenComplete { [budget] _ in budget.leave(channel) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { budget.mark(context.channel, busy: true) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { budget.mark(context.channel, busy: false) }
        context.write(data, promise: promise)
    }

    /// A request that is not HTTP/1.1 as the decoder reads it gets a JSON error, as every other
    /// error does (431 for a head over `ServeLimits.maxHeaderBytes`), and the connection closes.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        let answer = parse == .headerOverflow
            ? APIError(status: .requestHeaderFieldsTooLarge, code: "headersTooLarge", pointer: nil,
                       message: "the request head is larger than \(ServeLimits.maxHeaderBytes / 1024) KiB")
            : APIError(status: .badRequest, code: "invalidRequest", pointer: nil, message: "not an HTTP/1.1 request: \(parse)")
        let body = answer.body
        let head = HTTPResponse(
            status: answer.status,
            headerFields: [.contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close"])
        let channel = context.channel
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
