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
        var meetings: [String: Meeting] = [:]
        for (index, entry) in claimed.enumerated() {
            do {
                let item = DeliveryReport.Item(id: entry.id, recipient: entry.recipient, meetingId: entry.meetingId, method: entry.method)
                do {
                    let meeting: Meeting
                    do {
                        if meetings[entry.meetingId] == nil { meetings[entry.meetingId] = try store.meeting(reference: entry.meetingId) }
                        guard let found = meetings[entry.meetingId] else { throw CmschedError.inputMissing("meeting \(entry.meetingId) is gone") }
                        meeting = found
                    } catch let error as CmschedError where error.exitStatus == .ioError || error.exitStatus == .inputMissing {
                        // A meeting that is gone or cannot be read back fails its own rows, never the others'.
                        try store.markDead(entry.id, error: error.message)
                        report.dead.append(with(item, error.message))
                        continue
                    }
                    let text = await invitationText(entry: entry, meeting: meeting)
                    let first = try !store.hasSentRequest(meetingId: entry.meetingId, recipient: entry.recipient)
                    let message = composer.message(for: entry, meeting: meeting, callBridgeText: text, first: first, now: now())
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
