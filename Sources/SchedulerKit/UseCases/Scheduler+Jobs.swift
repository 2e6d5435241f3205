import Foundation

extension Scheduler {
    /// The daily job: deletes temporary spaces whose meeting ended `cleanup.grace` or more before
    /// `now` (default: the clock). Holds the cleanup lock.
    public func runCleanup(now: Date? = nil, dryRun: Bool, orphans: TemporarySpaceReaper.OrphanAction) async throws -> CleanupReport {
        try await holdingLock("cleanup run") {
            let client = try environment.callBridge()
            let reaper = TemporarySpaceReaper(
                client: client, store: try await environment.store(), grace: environment.typed.cleanup.grace.timeInterval,
                peers: { try client.peer(at: $0.address ?? "") }, logger: environment.logger)
            return try await reaper.run(now: now ?? environment.now(), dryRun: dryRun, orphans: orphans)
        }
    }

    /// Delivers up to `limit` due outbox rows over SMTP; `retryNow` sends rows waiting out a retry
    /// backoff too. Holds the outbox lock.
    public func sendOutbox(limit: Int, retryNow: Bool = false) async throws -> DeliveryReport {
        let smtp = try SMTPSettings.configured(by: environment.settings)
        return try await holdingLock("notify send") {
            if retryNow { try await environment.store().expireBackoff(now: environment.now()) }
            let sender = OutboxSender(
                store: try await environment.store(), smtp: smtp,
                composer: InvitationComposer(from: smtp.from, writer: environment.calendarWriter),
                callBridge: environment.typed.callBridge.url == nil ? nil : try? environment.callBridge(),
                logger: environment.logger.component(.email), now: environment.now)
            return try await sender.run(limit: limit)
        }
    }

    /// The rows `sendOutbox` would send now, without sending (a dry run).
    public func dueOutbox(limit: Int) async throws -> [OutboxEntry] {
        _ = try SMTPSettings.configured(by: environment.settings)
        return try await environment.store().dueOutbox(limit: limit, now: environment.now())
    }

    /// How many messages of the outbox are in each state (every state named, 0 when none).
    public func outboxCounts() async throws -> [String: Int] {
        let counts = try await environment.store().outboxCounts()
        return Dictionary(uniqueKeysWithValues: ["queued", "sending", "sent", "dead", "superseded"].map { ($0, counts[$0] ?? 0) })
    }

    /// The outbox rows `filter` selects, oldest first.
    public func outbox(_ filter: OutboxFilter = OutboxFilter()) async throws -> [OutboxEntry] {
        try await environment.store().outbox(filter)
    }

    /// Queues dead letters again (those of `ids`, or all); exit 66 when an id is not a dead row.
    public func retryOutbox(ids: [Int64]?) async throws -> Int {
        let store = try await environment.store()
        if let ids {
            let dead = Set(try await store.outbox(OutboxFilter(states: ["dead"])).map(\.id))
            if let missing = ids.first(where: { !dead.contains($0) }) {
                throw CmschedError.inputMissing("outbox row \(missing) is not a dead letter")
            }
        }
        return try await store.requeueDead(ids: ids, now: environment.now())
    }
}

extension Scheduler {
    /// The coSpaceTemplates, or those assigned to `user`.
    public func templates(for user: String? = nil) async throws -> [TemplateView] {
        try await TemplateAdmin(client: environment.callBridge()).list(user: user)
    }

    /// The spaces a user (by JID) owns or is a member of, as the web app lists them (none for a
    /// JID the Call Bridge does not know).
    public func spaces(of jid: String) async throws -> [CoSpace] {
        let client = try environment.callBridge()
        guard let user = try await client.user(jid: jid) else { return [] }
        var spaces: [CoSpace] = []
        for entry in try await client.userCoSpaces(user: user.id) {
            guard let id = entry.coSpaceId else { continue }
            spaces.append(try await client.coSpace(id: id))
        }
        return spaces
    }

    /// One template by name or id.
    public func template(_ reference: String) async throws -> TemplateView {
        try await TemplateAdmin(client: environment.callBridge()).show(reference)
    }

    /// Creates a template with its access method templates (idempotent).
    public func createTemplate(_ spec: TemplateSpec) async throws -> (TemplateView, created: Bool) {
        try await TemplateAdmin(client: environment.callBridge()).create(spec)
    }

    /// Deletes a template; refused while scheduled meetings use it, unless `force`.
    public func deleteTemplate(_ reference: String, force: Bool) async throws -> TemplateView {
        let store = try await environment.store()
        return try await TemplateAdmin(client: environment.callBridge()).delete(reference, force: force) {
            try await store.meetingsUsing(template: $0)
        }
    }

    /// Every call profile and call leg profile, by id and name.
    public func profiles() async throws -> [ProfileView] {
        try await TemplateAdmin(client: environment.callBridge()).profiles()
    }

    /// Assigns a template to a user; false when it already was.
    public func assignTemplate(user: String, template: String) async throws -> Bool {
        try await TemplateAdmin(client: environment.callBridge()).assign(user: user, template: template)
    }

    /// Removes a user's assignment; false when there was none.
    public func unassignTemplate(user: String, template: String) async throws -> Bool {
        try await TemplateAdmin(client: environment.callBridge()).unassign(user: user, template: template)
    }

    /// The Web Bridges the Call Bridge lists (all pages).
    public func webBridges() async throws -> [WebBridge] {
        try await environment.callBridge().webBridges()
    }

    /// Each part of the scheduler, checked; `offline` leaves out what needs the network.
    public func status(offline: Bool = false) async -> SystemStatus {
        await StatusChecker(
            settings: environment.settings, storeLocation: environment.storeURL.description, localPath: environment.localPath,
            logger: environment.logger,
            offline: offline, now: environment.now(), store: environment.store
        ).run()
    }
}
