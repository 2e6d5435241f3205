import Foundation
import Mustache
import SchedulerKit

/// What every page's header and footer show: who is signed in, which page is current, and the
/// live-update address and version (`/ops/live`).
struct Chrome: Sendable {
    enum Page: Sendable { case overview, agenda, outbox, cleanup, other }

    var title: String
    var instance: String
    var cmschedVersion = CmschedVersion.current
    var signedIn: Bool
    var user: String?
    var role: String?
    var csrf: String?
    var onOverview = false, onAgenda = false, onOutbox = false, onCleanup = false
    var liveURL: String?
    var version: String?

    init(title: String, instance: String, user: OpsUser?, page: Page = .other, live: String? = nil) {
        self.title = title
        self.instance = instance
        signedIn = user != nil
        self.user = user?.name
        role = user?.role.rawValue
        csrf = user?.csrf
        switch page {
        case .overview: onOverview = true
        case .agenda: onAgenda = true
        case .outbox: onOutbox = true
        case .cleanup: onCleanup = true
        case .other: break
        }
        if let live {
            liveURL = "/ops/live"
            version = live
        }
    }
}

/// The signed-in user of an operations request, as the session and the store have them.
struct OpsUser: Sendable {
    var name: String
    var role: APIRole
    var csrf: String
    var token: String
}

/// The operations pages' content: each built from the same use-cases as the CLI and the API
/// (`Scheduler`, `DaemonState`, the link supervisor), rendered from the templates of
/// `Ops/Assets` (compiled in as `OpsAssets`). Every value is escaped by the templates' `{{…}}`.
struct OpsPages: Sendable {
    let scheduler: Scheduler
    let state: DaemonState
    let links: LinkStates?
    let status: RecentValue<SystemStatus>
    /// The configured certificates, read as often as the status.
    let certificates: RecentValue<[OpsCertificates.Entry]>
    /// What a cleanup run would delete now (`cleanup run --dry-run`), or why that could not be told.
    let preview: RecentValue<Result<CleanupReport, CmschedError>>
    let library: MustacheLibrary

    /// The most occurrences an agenda week shows, and outbox rows per state.
    static let agendaLimit = 1_000
    static let outboxRowsShown = 100

    init(scheduler: Scheduler, state: DaemonState, links: LinkStates?) throws {
        self.scheduler = scheduler
        self.state = state
        self.links = links
        let now: @Sendable () -> Date = { [environment = scheduler.environment] in environment.now() }
        status = RecentValue(maxAge: .seconds(15), now: now) { await scheduler.status(offline: false) }
        certificates = RecentValue(maxAge: .seconds(15), now: now) { [settings = scheduler.environment.settings] in
            OpsCertificates.read(settings)
        }
        preview = RecentValue(maxAge: .seconds(60), now: now) {
            do {
                return .success(try await scheduler.runCleanup(dryRun: true, orphans: .report))
            } catch {
                return .failure(CmschedError.wrapping(error) ?? .internalError("\(error)"))
            }
        }
        library = MustacheLibrary(templates: try OpsAssets.files.filter { !$0.key.contains(".") }.mapValues { try MustacheTemplate(string: $0) })
    }

    func render(_ template: String, _ model: Any) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    var instance: String { state.identity.instance }

    // MARK: Live updates

    /// What changes under a page by itself, read once per page (and per poll of `/ops/live`):
    /// this scheduler's links, the others' heartbeats, the newest meeting change, the outbox's
    /// counts (nil when the store did not answer) and the last cleanup.
    struct Live {
        var links: [SchedulerInstance.LinkSummary]
        var others: [SchedulerInstance]
        var lastChange: Int64?
        var counts: [String: Int]?
        var lastCleanup: String?

        /// All of it in a few bytes: a page whose version differs is redrawn.
        var version: String {
            var text = links.map { "\($0.url)=\($0.up)" }.joined(separator: ",")
            for other in others {
                text += "|\(other.instance):" + other.links.map { "\($0.url)=\($0.up)" }.joined(separator: ",")
            }
            text += "|\(lastChange ?? -1)"
            text += "|" + (counts ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            text += "|\(lastCleanup ?? "")"
            return OpsText.digest(text)
        }
    }

    func live() async -> Live {
        Live(
            links: await links?.summaries ?? [],
            others: ((try? await scheduler.schedulerInstances()) ?? []).filter { $0.instance != instance },
            lastChange: try? await scheduler.lastMeetingChange(), counts: try? await scheduler.outboxCounts(),
            lastCleanup: await state.lastCleanup?.at)
    }

    // MARK: Overview

    struct Overview {
        struct SchedulerRow { var instance, host, version, lastSeen, https, stateClass, stateText, tableId: String; var pid: Int; var linksUp, linksTotal: Int; var leader, this: Bool }
        struct LinkRow { var url, state, stateClass, since: String; var reason, ping: String? }
        /// One scheduler's links: this one's live, another's from its last heartbeat.
        struct Mesh { var instance, tableId, headingId: String; var this: Bool; var lastSeen: String; var links: [LinkRow] }
        struct PartRow { var name, stateClass, stateText, detail: String; var link: String? }
        struct CertificateRow { var key, subject, expires, stateClass, stateText: String }
        struct CountRow { var state: String; var count: Int }
        struct CleanupRow { var at, holder, summary: String }
        /// A space with a note: why it was kept, or when its meeting ended.
        struct SpaceRow { var name, coSpaceId, note: String }
        var chrome: Chrome
        var uptime, startedAt, checkedAt, nextCleanup: String
        var statusEvery: Int
        var schedulers: [SchedulerRow]
        var meshes: [Mesh]
        var parts: [PartRow]
        var certificates: [CertificateRow]
        var outbox: [CountRow]
        var lastCleanup: CleanupRow?
        var hasKept: Bool
        var kept: [SpaceRow]
    }

    func overview(_ user: OpsUser, zone: TimeZone) async -> String {
        let now = scheduler.environment.now()
        let (status, checked) = await status.current()
        let identity = state.identity
        func rows(_ links: [SchedulerInstance.LinkSummary]) -> [Overview.LinkRow] {
            links.map { link in
                Overview.LinkRow(
                    url: link.url, state: link.up ? "UP" : "DOWN", stateClass: link.up ? "up" : "down", since: OpsText.time(link.since, zone),
                    reason: link.reason, ping: link.pingMilliseconds.map(OpsText.milliseconds))
            }
        }
        let live = await live()
        var meshes = [Overview.Mesh(
            instance: identity.instance, tableId: "links", headingId: "links-this", this: true, lastSeen: OpsText.time(now, zone),
            links: rows(live.links))]
        for (index, other) in live.others.enumerated() {
            meshes.append(Overview.Mesh(
                instance: other.instance, tableId: "links-\(index + 1)", headingId: "links-\(index + 1)-h", this: false,
                lastSeen: OpsText.time(other.lastSeen, zone), links: rows(other.links)))
        }
        let tables = Dictionary(meshes.map { ($0.instance, $0.tableId) }, uniquingKeysWith: { first, _ in first })
        let schedulers = status.schedulers.map { view in
            Overview.SchedulerRow(
                instance: view.instance, host: view.host, version: view.version, lastSeen: OpsText.time(view.lastSeen, zone),
                https: view.https ?? "not listening", stateClass: view.stale ? "stale" : "up", stateText: view.stale ? "STALE" : "LIVE",
                tableId: tables[view.instance] ?? "links-h", pid: view.pid, linksUp: view.links.up, linksTotal: view.links.total,
                leader: view.leader, this: view.instance == identity.instance)
        }
        // Each part links to where its detail is: the mail to the outbox, C2W to the links, the
        // certificates of HTTPS and C2W to their expiry.
        let parts = [("Database", status.database, nil), ("Call Bridge", status.callBridge, nil), ("Email (SMTP)", status.email, "/ops/outbox"),
                     ("HTTPS API", status.https, "#certs-h"), ("C2W", status.c2w, "#links-h")].map { name, part, link in
            Overview.PartRow(name: name, stateClass: part.status.rawValue, stateText: OpsText.words(part.status), detail: part.detail, link: link)
        }
        let counts = live.counts ?? [:]
        let runs = (try? await scheduler.cleanupRuns(limit: 2)) ?? []
        let kept = await state.lastKept.map { Overview.SpaceRow(name: $0.name, coSpaceId: $0.coSpaceId, note: $0.reason ?? "kept") }
        let model = Overview(
            chrome: Chrome(title: "Overview", instance: instance, user: user, page: .overview, live: live.version),
            uptime: OpsText.span(now.timeIntervalSince(identity.started)), startedAt: OpsText.time(identity.started, zone),
            checkedAt: OpsText.time(checked, zone),
            nextCleanup: OpsText.time(scheduler.nextCleanup(after: runs, runningSince: identity.started), zone), statusEvery: await self.status.seconds,
            schedulers: schedulers, meshes: meshes, parts: parts,
            certificates: OpsCertificates.rows(await certificates.current().0, now: now, zone: zone),
            outbox: OutboxFilter.allStates.map { Overview.CountRow(state: $0, count: counts[$0] ?? 0) },
            lastCleanup: runs.first.map {
                Overview.CleanupRow(at: OpsText.time($0.finishedAt ?? $0.startedAt, zone), holder: $0.holder, summary: $0.summary ?? "still running")
            },
            hasKept: !kept.isEmpty, kept: kept)
        return render("overview", model)
    }

    // MARK: Outbox

    struct OutboxPage {
        /// Up to 100 per state: fields named rather than found by Mirror (as `AgendaPage.Block`).
        struct Row: MustacheParent {
            var id: Int64
            var recipient, meetingId, meetingShort, method: String
            var sequence, attempts: Int
            var time: String
            var lastError: String?

            func child(named: String) -> Any? {
                switch named {
                case "id": id
                case "recipient": recipient
                case "meetingId": meetingId
                case "meetingShort": meetingShort
                case "method": method
                case "sequence": sequence
                case "attempts": attempts
                case "time": time
                case "lastError": lastError
                default: nil
                }
            }
        }
        struct Group { var state: String; var count: Int; var shown: Int; var truncated: Bool; var timeHeading: String; var retryColumn: Bool; var rows: [Row] }
        var chrome: Chrome
        var notice: String?
        var counts: [Overview.CountRow]
        var mayRetry, hasDead: Bool
        var groups: [Group]
    }

    func outbox(_ user: OpsUser, zone: TimeZone, notice: String?) async throws -> String {
        let live = await live()
        // The live read's counts; read again (for its error) when the store did not answer it.
        let counts: [String: Int]
        if let read = live.counts { counts = read } else { counts = try await scheduler.outboxCounts() }
        var groups: [OutboxPage.Group] = []
        for state in ["dead", "queued", "sending", "sent"] {
            let rows = try await scheduler.outbox(OutboxFilter(states: [state], newest: Self.outboxRowsShown)).map { entry in
                OutboxPage.Row(
                    id: entry.id, recipient: entry.recipient, meetingId: entry.meetingId, meetingShort: String(entry.meetingId.prefix(8)),
                    method: entry.method, sequence: entry.sequence, attempts: entry.attempts,
                    time: OpsText.time(state == "sent" ? entry.sentAt ?? entry.createdAt : state == "dead" ? entry.createdAt : entry.nextAttemptAt, zone),
                    lastError: entry.lastError)
            }
            let count = counts[state] ?? 0
            groups.append(OutboxPage.Group(
                state: state, count: count, shown: rows.count, truncated: count > rows.count,
                timeHeading: state == "sent" ? "Sent" : state == "dead" ? "Queued" : "Next attempt",
                retryColumn: state == "dead" && user.role == .admin, rows: rows))
        }
        let model = OutboxPage(
            chrome: Chrome(title: "Outbox", instance: instance, user: user, page: .outbox, live: live.version), notice: notice,
            counts: OutboxFilter.allStates.map { Overview.CountRow(state: $0, count: counts[$0] ?? 0) },
            mayRetry: user.role == .admin, hasDead: (counts["dead"] ?? 0) > 0, groups: groups)
        return render("outbox", model)
    }

    // MARK: Cleanup

    struct CleanupPage {
        struct Run { var day, holder, started, finished, summary: String }
        var chrome: Chrome
        var grace, at, nextCleanup, previewedAt: String
        var previewEvery: Int
        var runs: [Run]
        var previewError: String?
        var wouldDelete: [Overview.SpaceRow]
        var hasKept: Bool
        var kept: [Overview.SpaceRow]
    }

    func cleanup(_ user: OpsUser, zone: TimeZone) async throws -> String {
        let runs = try await scheduler.cleanupRuns(limit: 30)
        var previewError: String?
        var would: [Overview.SpaceRow] = [], kept: [Overview.SpaceRow] = []
        // What a run would do now: the same use-case as `cleanup run --dry-run`.
        let (outcome, previewed) = await preview.current()
        switch outcome {
        case .success(let report):
            would = report.deleted.map { .init(name: $0.name, coSpaceId: $0.coSpaceId, note: $0.ended.map { OpsText.time($0, zone) } ?? "") }
            kept = (report.skipped + report.failed).map { .init(name: $0.name, coSpaceId: $0.coSpaceId, note: $0.reason ?? "kept") }
        case .failure(let error):
            previewError = error.message
        }
        let settings = scheduler.environment.typed.cleanup
        let model = CleanupPage(
            chrome: Chrome(title: "Cleanup", instance: instance, user: user, page: .cleanup, live: await live().version),
            grace: OpsText.span(settings.grace.timeInterval), at: settings.at.description,
            nextCleanup: OpsText.time(scheduler.nextCleanup(after: runs, runningSince: state.identity.started), zone),
            previewedAt: OpsText.time(previewed, zone), previewEvery: await preview.seconds,
            runs: runs.map {
                .init(day: $0.day, holder: $0.holder, started: OpsText.time($0.startedAt, zone),
                      finished: $0.finishedAt.map { OpsText.time($0, zone) } ?? "not finished", summary: $0.summary ?? "still running")
            },
            previewError: previewError, wouldDelete: Array(would.prefix(500)), hasKept: !kept.isEmpty, kept: Array(kept.prefix(500)))
        return render("cleanup", model)
    }

    // MARK: Sign-in and errors

    struct LoginPage {
        var chrome: Chrome
        var message: String?
        var loginToken, next, userName: String
    }

    func login(token: String, next: String, userName: String = "", message: String? = nil) -> String {
        render("login", LoginPage(chrome: Chrome(title: "Sign in", instance: instance, user: nil), message: message, loginToken: token, next: next, userName: userName))
    }

    struct ErrorPage {
        var chrome: Chrome
        var heading, message: String
    }

    func error(_ user: OpsUser?, heading: String, message: String) -> String {
        render("error", ErrorPage(chrome: Chrome(title: heading, instance: instance, user: user), heading: heading, message: message))
    }
}

/// A value that costs the peers work (the overview's status checks ask the Call Bridge and the
/// SMTP server; a cleanup dry run asks the store for every live space): made at most every
/// `maxAge`, by one task however many pages ask at once, and shown with the time it was made.
actor RecentValue<Value: Sendable> {
    let maxAge: Duration
    private let make: @Sendable () async -> Value
    private let now: @Sendable () -> Date
    private var last: (value: Value, at: Date, instant: ContinuousClock.Instant)?
    private var running: Task<(Value, Date), Never>?

    init(maxAge: Duration, now: @escaping @Sendable () -> Date, make: @escaping @Sendable () async -> Value) {
        self.maxAge = maxAge
        self.now = now
        self.make = make
    }

    var seconds: Int { Int(maxAge.components.seconds) }

    func current() async -> (Value, Date) {
        if let last, ContinuousClock.now - last.instant < maxAge { return (last.value, last.at) }
        if let running { return await running.value }
        let task = Task { [make, now] in (await make(), now()) }
        running = task
        let (value, at) = await task.value
        last = (value, at, .now)
        running = nil
        return (value, at)
    }
}
