import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// What `serve` runs, as one `ServiceGroup` (graceful stop on SIGTERM and SIGINT): the C2W links
/// to every Web Bridge with the meeting change feed, the daily cleanup and the outbox sender.
public enum SchedulerDaemon {
    /// Checks what `serve` needs before it starts: C2W certificates (key matching certificate)
    /// when the Call Bridge lists C2W Web Bridges. Returns the C2W service, or nil when there
    /// is no Web Bridge to link to and no C2W certificates.
    public static func c2wService(_ environment: Environment) async throws -> C2WService? {
        let scheduler = Scheduler(environment)
        let configured = [ConfigKey.c2wKey, .c2wCert, .c2wTrust].contains { environment.settings[$0] != nil }
        if !configured {
            let bridges = try await scheduler.webBridges()
            let c2w = bridges.compactMap(\.url).filter { (try? C2WEndpoint(url: $0))?.kind == .c2w }
            guard c2w.isEmpty else {
                throw CmschedError.configuration(
                    "the Call Bridge lists \(c2w.count) C2W Web Bridge(s) but c2w.key, c2w.cert and c2w.trust are not set")
            }
            return nil
        }
        let dialer = try C2WDialer(credentials: try C2WCredentials.load(environment.settings), now: { environment.now() })
        return C2WService(scheduler: scheduler, dialer: dialer)
    }

    /// The service group that runs them until a signal stops it.
    public static func serviceGroup(_ environment: Environment, c2w: C2WService?) -> ServiceGroup {
        let scheduler = Scheduler(environment)
        var services: [any Service] = [CleanupTimer(scheduler: scheduler), OutboxWorker(scheduler: scheduler)]
        if let c2w { services.append(c2w) }
        return ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: environment.logger))
    }
}

/// The C2W supervisor and the change feed as one service: on a graceful stop every link is
/// closed with 1001; SIGHUP re-reads the Web Bridge list.
public struct C2WService: Service {
    public let supervisor: C2WSupervisor
    public let feed: MeetingChangeFeed

    init(scheduler: Scheduler, dialer: C2WDialer) {
        let poke = PokeBox()
        let supervisor = C2WSupervisor(
            scheduler: scheduler, dialer: dialer, handler: C2WRequestHandler(scheduler: scheduler, changed: { poke.poke() }))
        let feed = MeetingChangeFeed(scheduler: scheduler, supervisor: supervisor)
        poke.feed = feed
        self.supervisor = supervisor
        self.feed = feed
    }

    public func run() async throws {
        let supervisor = self.supervisor, feed = self.feed
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP)
        hangup.setEventHandler { Task { await supervisor.refresh() } }
        hangup.resume()
        defer { hangup.cancel() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await supervisor.run() }
                group.addTask { await feed.run() }
            }
        }
        await supervisor.closeAll()
    }
}

/// Lets the request handler poke the feed made after it.
final class PokeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _feed: MeetingChangeFeed?
    var feed: MeetingChangeFeed? {
        get { lock.withLock { _feed } }
        set { lock.withLock { _feed = newValue } }
    }
    func poke() { feed?.poke() }
}
