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

/// Drains the outbox over SMTP: rows are claimed with a lease, sent on one reused connection and
/// marked sent only after the server's 250. A repeat after a crash carries the same Message-ID,
/// UID and SEQUENCE, so calendars update rather than duplicate.
public struct OutboxSender: Sendable {
    let store: Store
    let smtp: SMTPClient
    let composer: InvitationComposer
    let callBridge: CallBridgeClient?
    let logger: Logger
    let now: @Sendable () -> Date
    public var maxAttempts = 8
    public var lease: TimeInterval = 300

    public init(
        store: Store, smtp: SMTPClient, composer: InvitationComposer, callBridge: CallBridgeClient?, logger: Logger,
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

    public func run(limit: Int) async throws -> DeliveryReport {
        var report = DeliveryReport()
        let claimed = try store.claimOutbox(limit: limit, now: now(), lease: lease)
        // The claimed rows' meetings, read together; one that is gone or cannot be read back
        // fails its own rows, never the others'.
        let scan: MeetingScan
        let invited: [String: Set<String>]
        do {
            let meetingIds = Array(Set(claimed.map(\.meetingId)))
            scan = try store.meetings(ids: meetingIds)
            invited = try store.invitedRecipients(meetingIds: meetingIds)
        } catch {
            try? store.releaseOutbox(claimed.map(\.id))
            throw error
        }
        let meetings = Dictionary(scan.meetings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let unreadable = Dictionary(scan.unreadable.map { ($0.id, $0.reason) }, uniquingKeysWith: { first, _ in first })
        // The next row's message (its Call Bridge text, then the message) is made while this row
        // goes over SMTP and is marked sent. A claimed batch holds one row per meeting and
        // recipient (`claimOutbox` supersedes the older ones), so neither the next message nor
        // whether its recipient was invited before (read above, for the batch) depends on this
        // row's outcome.
        func prepare(row index: Int) -> Task<String, Never>? {
            guard claimed.indices.contains(index), let meeting = meetings[claimed[index].meetingId] else { return nil }
            let entry = claimed[index]
            let first = invited[entry.meetingId]?.contains(entry.recipient) != true
            return Task {
                let text = await invitationText(entry: entry, meeting: meeting)
                return composer.message(for: entry, meeting: meeting, callBridgeText: text, first: first, now: now())
            }
        }
        var next = prepare(row: 0)
        defer { next?.cancel() }
        for (index, entry) in claimed.enumerated() {
            let this = next
            next = nil
            do {
                let item = DeliveryReport.Item(id: entry.id, recipient: entry.recipient, meetingId: entry.meetingId, method: entry.method)
                do {
                    guard let this else {
                        let reason = unreadable[entry.meetingId] ?? "meeting \(entry.meetingId) is gone"
                        try store.markDead(entry.id, error: reason)
                        report.dead.append(with(item, reason))
                        next = prepare(row: index + 1)
                        continue
                    }
                    let message = await this.value
                    next = prepare(row: index + 1)
                    try await smtp.send(message, to: entry.recipient)
                    try store.markSent(entry.id, at: now())
                    report.sent.append(item)
                } catch let failure as SMTPFailure {
                    let rest = claimed[(index + 1)...].map(\.id)
                    switch failure {
                    case .permanent(let detail):
                        try store.markDead(entry.id, error: detail)
                        report.dead.append(with(item, detail))
                    case .transient(let detail):
                        let dead = try store.markRetry(
                            entry.id, error: detail, next: now().addingTimeInterval(Self.backoff(afterAttempt: entry.attempts + 1)),
                            maxAttempts: maxAttempts)
                        if dead { report.dead.append(with(item, detail)) } else { report.retrying.append(with(item, detail)) }
                    case .unreachable(let detail):
                        try store.markRetry(
                            entry.id, error: detail, next: now().addingTimeInterval(Self.backoff(afterAttempt: entry.attempts + 1)),
                            maxAttempts: maxAttempts)
                        try store.releaseOutbox(rest)
                        throw failure.cmschedError
                    case .authenticationRefused, .tlsTrust, .startTLSNotOffered:
                        // A setting, not a passing fault: the row is given back, no attempt is used up.
                        try store.releaseOutbox([entry.id] + rest)
                        throw failure.cmschedError
                    }
                }
            } catch {
                // Whatever stops the run gives back the rows it did not finish, so none stays `sending`.
                try? store.releaseOutbox(claimed[index...].map(\.id))
                throw error
            }
        }
        return report
    }

    private func with(_ item: DeliveryReport.Item, _ error: String) -> DeliveryReport.Item {
        var item = item
        item.error = error
        return item
    }

    /// The Call Bridge's invitation text for the recipient's role, if it offers one (CMS 3.2+).
    private func invitationText(entry: OutboxEntry, meeting: Meeting) async -> InvitationComposer.CallBridgeText? {
        guard entry.method == Notice.Method.request.rawValue, let client = callBridge, let coSpace = meeting.space.coSpaceId
        else { return nil }
        let roleId = meeting.role(of: entry.recipient)
        guard let accessMethod = meeting.space.roles.first(where: { $0.id == roleId })?.accessMethodId else { return nil }
        do {
            return try await client.emailInvitation(coSpace: coSpace, accessMethod: accessMethod)
        } catch {
            logger.info("no invitation text from the Call Bridge", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
