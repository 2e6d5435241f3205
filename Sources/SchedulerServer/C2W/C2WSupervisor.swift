import Foundation
import Logging
import SchedulerKit
import ServiceLifecycle

/// The state of each link, for logs, status and tests.
public actor LinkStates {
    public struct State: Sendable, Equatable {
        public var up: Bool
        public var since: Date
        public var guid: String?
        public var reason: String?
        /// The round trip of the last ping answered on this link (nil until one is).
        public var ping: Duration?
        /// Why the link last went DOWN, kept while it is UP again (nil when it never went down).
        public var lastDownReason: String?
    }

    private var states: [String: State] = [:]
    private let now: @Sendable () -> Date
    private let metrics: ServeMetrics?

    init(now: @escaping @Sendable () -> Date, metrics: ServeMetrics?) {
        self.now = now
        self.metrics = metrics
    }

    func up(_ endpoint: C2WEndpoint, guid: String) {
        states[endpoint.url] = State(up: true, since: now(), guid: guid, reason: nil, lastDownReason: states[endpoint.url]?.lastDownReason)
        metrics?.link(endpoint.url, up: true)
    }

    /// `connecting` (a link being opened for the first time) is no failure: it is not kept as
    /// the link's last reason.
    func down(_ endpoint: C2WEndpoint, reason: String) {
        let previous = states[endpoint.url]
        let wasDown = previous.map { !$0.up } ?? false
        states[endpoint.url] = State(
            up: false, since: wasDown ? previous!.since : now(), guid: nil, reason: reason,
            lastDownReason: reason == Self.connecting ? previous?.lastDownReason : reason)
        metrics?.link(endpoint.url, up: false)
    }

    static let connecting = "connecting"

    func pinged(_ endpoint: C2WEndpoint, roundTrip: Duration) {
        if states[endpoint.url]?.up == true { states[endpoint.url]?.ping = roundTrip }
    }

    func remove(_ url: String) { states[url] = nil }

    /// Every link by Web Bridge URL.
    public var all: [String: State] { states }

    /// Every link as a heartbeat records it, by URL.
    public var summaries: [SchedulerInstance.LinkSummary] {
        states.sorted { $0.key < $1.key }.map { url, link in
            SchedulerInstance.LinkSummary(
                url: url, up: link.up, since: link.since, reason: link.reason ?? link.lastDownReason,
                pingMilliseconds: link.ping.map { $0.timeInterval * 1_000 })
        }
    }
}

/// Holds a C2W link to every Web Bridge the Call Bridge lists (full mesh, `c2w.md`): reads the
/// list (all pages) at start, every 5 minutes and on `reload()`, opens links to new bridges and
/// closes those of removed ones; pushes `meeting.changed` to every linked bridge.
public actor C2WSupervisor {
    let scheduler: Scheduler
    private(set) var dialer: C2WDialer
    let handler: C2WRequestHandler
    let logger: Logger
    public let states: LinkStates
    /// This scheduler's instance id, sent in `register`.
    public let instance = UUID().uuidString.lowercased()
    var refreshInterval: Duration = .seconds(300)
    private var links: [String: (link: C2WLink, task: Task<Void, Never>)] = [:]

    public init(scheduler: Scheduler, dialer: C2WDialer, handler: C2WRequestHandler, metrics: ServeMetrics? = nil) {
        self.scheduler = scheduler
        self.dialer = dialer
        self.handler = handler
        self.logger = scheduler.environment.logger.component(.webbridge)
        self.states = LinkStates(now: { [environment = scheduler.environment] in environment.now() }, metrics: metrics)
    }

    /// Reads the Web Bridge list and makes the links match it. A list that cannot be read keeps
    /// the links there are.
    public func refresh() async {
        let bridges: [WebBridge]
        do {
            bridges = try await scheduler.webBridges()
        } catch {
            logger.error("getWebBridges failed: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
            return
        }
        logger.notice("getWebBridges - totalCount=\(bridges.count)")
        var wanted: [String: C2WEndpoint] = [:]
        for bridge in bridges {
            guard let url = bridge.url, !url.isEmpty else { continue }
            do {
                let endpoint = try C2WEndpoint(url: url)
                if endpoint.kind == .c2w { wanted[url] = endpoint } else { logger.info("webbridge \(url) is not a C2W Web Bridge (no link)") }
            } catch {
                logger.warning("webbridge \(bridge.id): \(CmschedError.wrapping(error)?.message ?? "\(error)")")
            }
        }
        for (url, entry) in links where wanted[url] == nil {
            logger.notice("webbridge \(url) was removed from the Call Bridge: closing its link")
            await entry.link.close()
            entry.task.cancel()
            links[url] = nil
            await states.remove(url)
        }
        for (url, endpoint) in wanted.sorted(by: { $0.key < $1.key }) where links[url] == nil {
            // DOWN until it is UP: the link's gauge is there from the moment it is wanted.
            await states.down(endpoint, reason: LinkStates.connecting)
            let link = C2WLink(endpoint: endpoint, dialer: dialer, handler: handler, instance: instance, logger: logger, states: states)
            links[url] = (link, Task { await link.run() })
        }
    }

    /// SIGHUP: reads the configuration again. New C2W certificates (c2w.key, c2w.cert,
    /// c2w.trust, or the files they name) replace the old ones and every link is reopened with
    /// them; other changed keys are named as taking effect at the next start. Then the Web Bridge
    /// list is read again. A configuration that does not load keeps everything as it is.
    public func reload() async {
        let environment = scheduler.environment
        logger.notice("SIGHUP: reading the configuration and the Web Bridge list again")
        do {
            let settings = try Settings.load(locations: environment.locations, configFlag: environment.configFlag)
            let credentials = try C2WCredentials.load(settings)
            if credentials.fingerprint != dialer.credentials.fingerprint {
                dialer = try C2WDialer(credentials: credentials)
                logger.notice("SIGHUP: new C2W certificates: reopening every link")
                await closeAll()
            }
            let c2wKeys: Set<ConfigKey> = [.c2wKey, .c2wCert, .c2wTrust]
            let changed = ConfigKey.allCases.filter { !c2wKeys.contains($0) && settings[$0] != environment.settings[$0] }
            if !changed.isEmpty {
                logger.notice("SIGHUP: \(changed.map(\.rawValue).joined(separator: ", ")) changed: restart serve to use the new values")
            }
        } catch {
            logger.error("SIGHUP: the configuration was not reloaded: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
        }
        await refresh()
    }

    /// Runs until cancelled: refreshes the list every 5 minutes.
    public func run() async {
        await refresh()
        while !Task.isCancelled {
            do { try await Task.sleep(for: refreshInterval) } catch { break }
            await refresh()
        }
    }

    /// Closes every link with 1001 and waits for them to end.
    public func closeAll() async {
        let all = links.values
        links = [:]
        for entry in all { await entry.link.close() }
        for entry in all {
            entry.task.cancel()
            await entry.task.value
        }
    }

    /// Pushes one event frame to every link that is UP.
    func broadcast(_ text: String) async {
        for entry in links.values { await entry.link.push(text) }
    }
}

/// Tells Web Bridges about changed meetings: polls the store's change log (changes by any
/// process, the CLI included) every `interval`, at once when poked after a change here.
public final class MeetingChangeFeed: Sendable {
    let scheduler: Scheduler
    let interval: Duration
    private let (pokes, poker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    public init(scheduler: Scheduler, interval: Duration = .seconds(1)) {
        self.scheduler = scheduler
        self.interval = interval
    }

    /// Asks for a poll now (a change was just made by this process).
    public func poke() { poker.yield() }

    /// Sends each change to every link `supervisor` holds, until cancelled.
    public func run(broadcastingTo supervisor: C2WSupervisor) async {
        let logger = scheduler.environment.logger
        var cursor: ChangeCursor
        do {
            cursor = ChangeCursor(after: try await scheduler.environment.store().lastMeetingChange())
        } catch {
            logger.error("meeting change feed: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
            return
        }
        let (interval, poker) = (self.interval, self.poker)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                poker.yield()
            }
        }
        defer { ticker.cancel() }
        // Other schedulers' and the CLI's changes wake the feed at once where the store can say so.
        let signals = try? await scheduler.environment.store().changeSignals()
        let listener = Task {
            guard let signals else { return }
            for await _ in signals { poker.yield() }
        }
        defer { listener.cancel() }
        var polls = 0
        for await _ in pokes {
            do {
                let store = try await scheduler.environment.store()
                for (change, attendees) in try await cursor.readNew(from: store) {
                    let users = [change.organizer] + attendees.filter { $0.caseInsensitiveCompare(change.organizer) != .orderedSame }
                    await supervisor.broadcast(C2WFrame.meetingChanged(id: change.meetingId, users: users, change: change.seq))
                }
                polls += 1
                if polls % 3600 == 0 { try await store.pruneMeetingChanges() }
            } catch {
                logger.warning("meeting change feed: \(CmschedError.wrapping(error)?.message ?? "\(error)")")
            }
        }
    }
}
