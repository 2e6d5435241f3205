import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// What `serve` runs, as one `ServiceGroup` (graceful stop on SIGTERM and SIGINT): the C2W links
/// to every Web Bridge with the meeting change feed, the HTTPS API, the heartbeat and leader lease
/// of this instance in the store's cluster, the daily cleanup (on the leader), the outbox
/// sender, the status snapshot and the finishing of meetings left half-made.
public struct SchedulerDaemon: Sendable {
    public let environment: Environment
    public let state: DaemonState
    /// The C2W links, when there are C2W Web Bridges or C2W certificates.
    public let c2w: C2WService?
    let api: (any Service)?

    /// Checks what serve needs and builds its parts: C2W certificates (key matching the
    /// certificate) when the Call Bridge lists C2W Web Bridges, all of `https.*` when any is set.
    /// `onHTTPSListening` gets the bound port (tests listen on port 0).
    public static func prepare(_ environment: Environment, onHTTPSListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> SchedulerDaemon
    {
        let scheduler = Scheduler(environment)
        let started = environment.now()
        let identity = SchedulerInstance(
            instance: environment.settings[.serveInstance] ?? ClaimHolder.current.host, host: ClaimHolder.current.host,
            pid: Int(getpid()), version: CmschedVersion.current, started: started, lastSeen: started)
        try await scheduler.checkInstanceIsFree(identity)
        try await scheduler.checkStoreWritable(identity)
        let state = DaemonState(identity: identity)
        let c2w = try await c2wService(environment, metrics: state.metrics)
        let pages = try OpsPages(scheduler: scheduler, state: state, links: c2w?.supervisor.states)
        let api = SchedulerAPI(scheduler: scheduler, metrics: state.metrics, ops: pages, changed: { c2w?.feed.poke() })
        let listener = try APIServer.service(api, environment: environment) { port in
            let host = ListenAddress(environment.settings[.httpsListen] ?? "")?.host ?? "?"
            await state.listening("\(host):\(port)")
            await onHTTPSListening(port)
        }
        if listener == nil { environment.logger.notice("https.listen is not set: no HTTPS API") }
        return SchedulerDaemon(environment: environment, state: state, c2w: c2w, api: listener)
    }

    static func c2wService(_ environment: Environment, metrics: ServeMetrics) async throws -> C2WService? {
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
        let dialer = try C2WDialer(credentials: try C2WCredentials.load(environment.settings))
        return C2WService(scheduler: scheduler, dialer: dialer, metrics: metrics)
    }

    /// The service group that runs every part until a signal stops it.
    public func serviceGroup() -> ServiceGroup {
        // SIGHUP must never end serve, C2W links or not (the C2W service acts on it).
        signal(SIGHUP, SIG_IGN)
        let scheduler = Scheduler(environment)
        var services: [any Service] = [
            CleanupTimer(scheduler: scheduler, state: state), OutboxWorker(scheduler: scheduler, metrics: state.metrics),
            SnapshotWriter(scheduler: scheduler, state: state, links: c2w?.supervisor.states),
            ClusterMember(scheduler: scheduler, state: state, links: c2w?.supervisor.states),
            CreationRecovery(scheduler: scheduler),
        ]
        if let c2w { services.append(c2w) }
        if let api { services.append(api) }
        if let control = ControlSocket.service(environment) { services.append(control) }
        var configuration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: environment.logger)
        // Within 10 s of SIGTERM whatever the peers do: what has not finished by then is cancelled
        // (a Web Bridge handshake in progress is abandoned at once in any case).
        configuration.maximumGracefulShutdownDuration = ServeLimits.gracefulStop
        return ServiceGroup(configuration: configuration)
    }
}

/// The C2W supervisor and the change feed as one service: on a graceful stop every link is
/// closed with 1001; SIGHUP re-reads the configuration (new C2W certificates) and the Web Bridge list.
public struct C2WService: Service {
    public let supervisor: C2WSupervisor
    public let feed: MeetingChangeFeed

    init(scheduler: Scheduler, dialer: C2WDialer, metrics: ServeMetrics) {
        let feed = MeetingChangeFeed(scheduler: scheduler)
        self.feed = feed
        self.supervisor = C2WSupervisor(
            scheduler: scheduler, dialer: dialer,
            handler: C2WRequestHandler(scheduler: scheduler, metrics: metrics, changed: { feed.poke() }), metrics: metrics)
    }

    public func run() async throws {
        let supervisor = self.supervisor, feed = self.feed
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP)
        hangup.setEventHandler { Task { await supervisor.reload() } }
        hangup.resume()
        defer { hangup.cancel() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await supervisor.run() }
                group.addTask { await feed.run(broadcastingTo: supervisor) }
            }
        }
        await supervisor.closeAll()
    }
}
