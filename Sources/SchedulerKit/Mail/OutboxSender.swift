import Foundation
import Logging

/// What one `notify send` run did.
public struct DeliveryReport: Sendable, Encodable {
    public struct Item: Sendable, StableJSON, Equatable {
        public var id: Int64
        public var recipient: String
        public var meetingId: String
        public var method: String
        public var error: String?
    }

    public var sent: [Item] = []
    /// Failed for now; queued again with backoff.
    public var retrying: [Item] = []
    /// Refused for good (5xx) or out of attempts.
    public var dead: [Item] = []

    /// Partial when some messages were not delivered (retrying or dead).
    public var failure: CmschedError? {
        let failed = retrying.count + dead.count
        return failed == 0 ? nil : .partial("\(failed) messages were not delivered")
    }
}

/// Drains the outbox over SMTP: rows are claimed with a lease, sent on `email.connections`
/// kept-alive sessions at once and marked sent only after the server's 250. A repeat after a crash
/// carries the same Message-ID, UID and SEQUENCE, so calendars update rather than duplicate.
public struct OutboxSender: Sendable {
    let store: any MeetingStore & OutboxStore
    let smtp: SMTPSettings
    let composer: InvitationComposer
    let callBridge: CallBridgeClient?
    let logger: Logger
    let now: @Sendable () -> Date
    public var maxAttempts = 8
    public var lease: TimeInterval = 300

    public init(
        store: any MeetingStore & OutboxStore, smtp: SMTPSettings, composer: InvitationComposer, callBridge: CallBridgeClient?, logger: Logger,
        now: @escaping @Sendable () -> Date = WallClock.now
    ) {
        self.store = store
        self.smtp = smtp
        self.composer = composer
        self.callBridge = callBridge
        self.logger = logger
        self.now = now
    }

    /// The wait before attempt `n + 1`: one minute doubling to an hour, with jitter.
    public static func backoff(afterAttempt attempts: Int) -> TimeInterval {
        min(3_600, 60 * pow(2, Double(max(0, attempts - 1)))) * Double.random(in: 0.5...1)
    }

    /// What became of one claimed row. A row with none when the run stops is given back.
    enum Outcome: Sendable {
        case sent
        case retrying(String)
        case dead(String)
        /// Recorded for a retry (the server is unreachable), but not reported: the run stops.
        case deferred
    }

    /// What one session did: its rows' outcomes, and the failure that stopped it, if any.
    struct SessionResult: Sendable {
        var outcomes: [(row: Int, outcome: Outcome)] = []
        var stop: (any Error)?
    }

    public func run(limit: Int) async throws -> DeliveryReport {
        let claimed = try await store.claimOutbox(limit: limit, now: now(), lease: lease)
        // The claimed rows' meetings, read together; one that is gone or cannot be read back
        // fails its own rows, never the others'.
        let scan: MeetingScan
        let invited: [String: Set<String>]
        do {
            let meetingIds = Array(Set(claimed.map(\.meetingId)))
            scan = try await store.meetings(ids: meetingIds)
            invited = try await store.invitedRecipients(meetingIds: meetingIds)
        } catch {
            try? await store.releaseOutbox(claimed.map(\.id))
            throw error
        }
        let batch = Batch(
            rows: claimed, meetings: Dictionary(scan.meetings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            unreadable: Dictionary(scan.unreadable.map { ($0.id, $0.reason) }, uniquingKeysWith: { first, _ in first }),
            invited: invited, texts: CallBridgeTexts(client: callBridge, logger: logger))
        // Each session takes the next row when it is free. A claimed batch holds one row per meeting
        // and recipient (`claimOutbox` supersedes the older ones), so no row's message, nor whether
        // its recipient was invited before (read above, for the batch), depends on another's
        // outcome, and no two messages to one recipient about one meeting can pass each other.
        let dispenser = RowDispenser(count: claimed.count)
        let sessions = await withTaskGroup(of: SessionResult.self) { group in
            for _ in 0..<min(smtp.connections, claimed.count) {
                let client = SMTPClient(settings: smtp)
                group.addTask { await session(client, batch: batch, dispenser: dispenser) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var outcomes = [Outcome?](repeating: nil, count: claimed.count)
        for session in sessions {
            for (row, outcome) in session.outcomes { outcomes[row] = outcome }
        }
        // Whatever stopped the run gives back the rows no session finished, so none stays `sending`.
        if let stop = sessions.compactMap(\.stop).first {
            try? await store.releaseOutbox(claimed.indices.filter { outcomes[$0] == nil }.map { claimed[$0].id })
            throw stop
        }
        var report = DeliveryReport()
        for (entry, outcome) in zip(claimed, outcomes) {
            let item = DeliveryReport.Item(id: entry.id, recipient: entry.recipient, meetingId: entry.meetingId, method: entry.method)
            logger.debug("outbox row \(entry.id) (\(entry.method) to \(entry.recipient)): \(outcome.map { "\($0)" } ?? "not tried")")
            switch outcome {
            case .sent: report.sent.append(item)
            case .retrying(let reason): report.retrying.append(with(item, reason))
            case .dead(let reason): report.dead.append(with(item, reason))
            case .deferred, nil: break
            }
        }
        return report
    }

    /// The claimed rows and what was read for them.
    struct Batch: Sendable {
        let rows: [OutboxEntry]
        let meetings: [String: Meeting]
        let unreadable: [String: String]
        let invited: [String: Set<String>]
        let texts: CallBridgeTexts
    }

    /// One SMTP session: rows in turn until none is left or one stops the run (the server cannot
    /// be reached, or refuses the credentials or the TLS it was told to use, or the store fails).
    private func session(_ client: SMTPClient, batch: Batch, dispenser: RowDispenser) async -> SessionResult {
        var result = SessionResult()
        while let row = await dispenser.take() {
            do {
                result.outcomes.append((row, try await deliver(batch.rows[row], batch: batch, with: client)))
            } catch let failure as SMTPFailure {
                // Only a failure that stops the run comes out of `deliver`; for an unreachable
                // server the row was queued for a retry first.
                if case .unreachable = failure { result.outcomes.append((row, .deferred)) }
                result.stop = failure.cmschedError
            } catch {
                result.stop = error
            }
            if result.stop != nil {
                await dispenser.stop()
                break
            }
        }
        return result
    }

    /// Sends one row and records what became of it; throws the failures that stop the run.
    private func deliver(_ entry: OutboxEntry, batch: Batch, with client: SMTPClient) async throws -> Outcome {
        guard let meeting = batch.meetings[entry.meetingId] else {
            let reason = batch.unreadable[entry.meetingId] ?? "meeting \(entry.meetingId) is gone"
            try await store.markDead(entry.id, error: reason)
            return .dead(reason)
        }
        let first = batch.invited[entry.meetingId]?.contains(entry.recipient) != true
        let text = await batch.texts.text(for: entry, meeting: meeting)
        let message = composer.message(for: entry, meeting: meeting, callBridgeText: text, first: first, now: now())
        do {
            try await client.send(message, to: entry.recipient)
        } catch let failure as SMTPFailure {
            switch failure {
            case .permanent(let detail):
                try await store.markDead(entry.id, error: detail)
                return .dead(detail)
            case .transient(let detail):
                return try await retryLater(entry, detail) ? .dead(detail) : .retrying(detail)
            case .unreachable(let detail):
                // The server's absence, not a fault of this message: it waits out a backoff, and the run stops.
                try await retryLater(entry, detail)
                throw failure
            case .authenticationRefused, .tlsTrust, .startTLSNotOffered:
                // A setting: the row is given back, no attempt used up.
                throw failure
            }
        }
        try await store.markSent(entry.id, at: now())
        return .sent
    }

    /// Queues the row again after its backoff; true when that was its last attempt (now dead).
    @discardableResult
    private func retryLater(_ entry: OutboxEntry, _ detail: String) async throws -> Bool {
        try await store.markRetry(
            entry.id, error: detail, next: now().addingTimeInterval(Self.backoff(afterAttempt: entry.attempts + 1)),
            maxAttempts: maxAttempts)
    }

    private func with(_ item: DeliveryReport.Item, _ error: String) -> DeliveryReport.Item {
        var item = item
        item.error = error
        return item
    }
}

/// The Call Bridge's invitation texts for one run, for the recipient's role where it offers one
/// (CMS 3.2+). Once the Call Bridge cannot be reached, or refuses the credentials or the TLS, the
/// rest of the run goes without them: every message would otherwise wait out the client's
/// retries first (1,000 messages took 889 s with the Call Bridge down).
actor CallBridgeTexts {
    private let client: CallBridgeClient?
    private let logger: Logger
    private var unavailable = false

    init(client: CallBridgeClient?, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func text(for entry: OutboxEntry, meeting: Meeting) async -> InvitationComposer.CallBridgeText? {
        guard !unavailable, entry.method == Notice.Method.request.rawValue, let client, let coSpace = meeting.space.coSpaceId
        else { return nil }
        let roleId = meeting.role(of: entry.recipient)
        guard let accessMethod = meeting.space.roles.first(where: { $0.id == roleId })?.accessMethodId else { return nil }
        do {
            return try await client.emailInvitation(coSpace: coSpace, accessMethod: accessMethod)
        } catch let error as CallBridgeError where error.meansNoFurtherAnswers {
            if !unavailable {
                unavailable = true
                logger.warning(
                    "invitations in this run go without the Call Bridge's text", metadata: ["error": "\(error.cmschedError.message)"])
            }
            return nil
        } catch {
            logger.info("no invitation text from the Call Bridge", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

/// Hands out the claimed rows in order, one at a time, until there are none or the run stops.
actor RowDispenser {
    private let count: Int
    private var next = 0
    private var stopped = false

    init(count: Int) {
        self.count = count
    }

    func take() -> Int? {
        guard !stopped, next < count else { return nil }
        defer { next += 1 }
        return next
    }

    func stop() {
        stopped = true
    }
}
