import Foundation
import PostgresNIO

/// The change log's wake-up over PostgreSQL's `LISTEN`/`NOTIFY`, on a connection of its own (a
/// pooled one would be handed to others, and its `LISTEN` with it).
extension PostgresStore {
    /// The channel the meeting trigger notifies at each change.
    static let changeChannel = "cmsched_meeting_change"

    /// Yields once per notification, and once after each (re)connect (what was notified while
    /// the connection was down is read by that poll). Reconnects after a failure, 1 s later then
    /// up to 30 s, until the stream is dropped.
    public func changeSignals() -> AsyncStream<Void>? {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let (configuration, logger, channel, address) = (dedicated, logger, Self.changeChannel, address)
        let listening = Task {
            var backoff: Duration = .seconds(1)
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
                    defer { Task { try? await connection.close() } }
                    try await connection.listen(on: channel) { notifications in
                        continuation.yield()
                        backoff = .seconds(1)
                        for try await _ in notifications { continuation.yield() }
                    }
                } catch {
                    let why = (error as? PSQLError).map { Self.translated($0, address: address).message } ?? "\(error)"
                    logger.warning("change notifications (LISTEN \(channel)): \(why); polling meanwhile")
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            }
        }
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }
}
