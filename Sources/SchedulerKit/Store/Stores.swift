import Foundation

/// What the use-cases ask of a store, one protocol per concern. Two engines answer them:
/// `SQLiteStore` (one host, the embedded default) and `PostgresStore` (several schedulers sharing
/// one database); one contract suite runs against both. Every method is one transaction.

/// Meetings, their spaces, the claims on meetings being created, and the per-meeting guard.
public protocol MeetingStore: Sendable {
    /// The meeting with this id, unique id prefix (8+ characters, any case) or key; more than
    /// one id with the prefix is refused (exit 66).
    func meeting(reference: String) async throws -> Meeting?
    /// The meeting with this idempotency key, in any state.
    func meeting(key: String) async throws -> Meeting?
    /// The meetings with these ids, in any state; rows that cannot be read back are returned apart.
    func meetings(ids: [String]) async throws -> MeetingScan
    /// Meetings in the given states, ordered by creation; with `from`/`until`, only those whose
    /// stored window overlaps `[from, until)` (candidates whose occurrences the caller checks).
    func meetings(in states: [Meeting.State], from: Date?, until: Date?) async throws -> MeetingScan
    /// Meetings whose temporary space is still on the Call Bridge (ready or half-deleted).
    func meetingsWithLiveTemporarySpaces() async throws -> MeetingScan
    /// How many scheduled meetings use a temporary space made from this coSpaceTemplate.
    func meetingsUsing(template id: String) async throws -> Int
    /// A meeting row that cannot be read back, by reference: enough to delete it.
    func unreadableMeeting(reference: String) async throws -> (meeting: UnreadableMeeting, space: Space)?
    /// Temporary spaces by URI: what cleanup needs to tell cmsched's own spaces from orphans.
    func temporarySpaceIndex() async throws -> [String: (id: String, coSpaceId: String?)]
    /// The outbox rows of a meeting, oldest first.
    func notices(meetingId: String) async throws -> [(recipient: String, method: String, sequence: Int, recurrenceId: String?)]

    /// Records a meeting and its space before anything is asked of the Call Bridge, claimed by
    /// `claim`. False, with nothing written, when a meeting with its key is already there: the
    /// key is claimed in the transaction that records the work.
    func insert(_ meeting: Meeting, claim: Claim) async throws -> Bool
    /// Saves a space's progress on the Call Bridge (its ids, URIs, secrets).
    func save(_ space: Space) async throws
    /// Saves a meeting (and its space) and queues its notices in the same transaction.
    func save(_ meeting: Meeting, notices: [Notice], now: Date) async throws
    /// Schedules a meeting `insert` stored as `creating`: its space saved, state and update time
    /// set, claim cleared, notices queued.
    func schedule(_ meeting: Meeting, notices: [Notice], now: Date) async throws
    /// Marks a meeting cancelled without reading it (for rows that cannot be read back).
    func markCancelled(meetingId: String, now: Date) async throws
    /// Removes a meeting that never got past `creating` and whose space never reached the Call Bridge.
    func discard(_ meeting: Meeting) async throws

    /// Claims a meeting still `creating` when nobody holds it or its claim lapsed at `now`;
    /// returns it as stored then, nil when it is not to be had.
    func claimCreating(meetingId: String, as claim: Claim, now: Date) async throws -> Meeting?
    /// Lets go of `holder`'s claim on a meeting (a create that failed).
    func releaseClaim(meetingId: String, holder: ClaimHolder) async throws
    /// The claim on a meeting, nil when there is none (or no such meeting).
    func creationClaim(meetingId: String) async throws -> Claim?
    /// Every meeting still `creating`, oldest first, with its claim.
    func creatingClaims() async throws -> [(meetingId: String, claim: Claim?)]

    /// Runs `body` holding the guard every change of one meeting holds (update, delete, cleanup),
    /// against every other task and process of this store, after waiting up to `wait` for
    /// another holder (exit 75 then, naming the meeting).
    func withMeetingGuard<T>(_ meetingId: String, wait: Duration, _ body: () async throws -> T) async throws -> T
}

/// The email outbox: rows are claimed with a lease, so a crashed sender's rows come back by
/// themselves, and no two senders hold one row.
public protocol OutboxStore: Sendable {
    /// How many messages are in each state (`queued`, `sending`, `sent`, `dead`; a state with none is absent).
    func outboxCounts() async throws -> [String: Int]
    /// The outbox rows `filter` selects, oldest first (with `filter.newest`, the newest first).
    func outbox(_ filter: OutboxFilter) async throws -> [OutboxEntry]
    /// Queues dead rows again for `now`, attempts reset: those with these ids, or every one.
    @discardableResult func requeueDead(ids: [Int64]?, now: Date) async throws -> Int
    /// Makes every row waiting out a retry backoff due now.
    func expireBackoff(now: Date) async throws
    /// Claims up to `limit` due rows for `lease`, one per recipient and meeting: the newest (older
    /// ones are superseded, an occurrence CANCEL may go out as a REQUEST: `OutboxClaimSQL`).
    func claimOutbox(limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry]
    /// The rows `claimOutbox` would claim now, without claiming them.
    func dueOutbox(limit: Int, now: Date) async throws -> [OutboxEntry]
    /// For each of these meetings, the recipients an invitation (REQUEST) reached before.
    func invitedRecipients(meetingIds: [String]) async throws -> [String: Set<String>]
    /// Records the server's acceptance (250) of a row.
    func markSent(_ id: Int64, at now: Date) async throws
    /// Records a failed attempt: queued again for `next`, or dead after `maxAttempts` (true then).
    @discardableResult func markRetry(_ id: Int64, error: String, next: Date, maxAttempts: Int) async throws -> Bool
    /// Dead-letters a row with the server's permanent refusal.
    func markDead(_ id: Int64, error: String) async throws
    /// Gives claimed rows back untouched (the run stopped before trying them).
    func releaseOutbox(_ ids: [Int64]) async throws
}

/// The change log every write of a meeting adds to (by trigger), which `serve` follows to tell
/// Web Bridges about meetings changed by any process.
public protocol ChangeFeed: Sendable {
    /// The newest change's number (0 when none).
    func lastMeetingChange() async throws -> Int64
    /// Changes after `seq`, oldest first, with the attendees' emails of each meeting.
    func meetingChanges(after seq: Int64, limit: Int) async throws -> [(change: MeetingChange, attendees: [String])]
    /// A meeting's changes still in the log, newest first, at most `limit`.
    func meetingHistory(meetingId: String, limit: Int) async throws -> [MeetingHistoryEntry]
    /// Drops all but the newest `keep` changes.
    func pruneMeetingChanges(keeping keep: Int64) async throws
    /// A signal soon after each change any process commits, to read the log at once rather than
    /// at the next poll; nil when the engine has none (the log stays the source of truth: a
    /// signal may be lost, never a change).
    func changeSignals() -> AsyncStream<Void>?
}

/// Users of `serve`'s HTTPS API (bcrypt hashes only).
public protocol APIUserStore: Sendable {
    func apiUsers() async throws -> [APIUser]
    /// The bcrypt hash of a user's password and the user's role as stored, nil when there is no
    /// such user.
    func apiUserCredentials(_ name: String) async throws -> (hash: String, role: String)?
    /// Adds a user (with `role`, else `APIRole.newUser`) or sets a new password (and `role`, when
    /// given); true when the user is new.
    @discardableResult func setAPIUser(_ name: String, passwordHash: String, role: APIRole?, at now: String) async throws -> Bool
    /// Removes a user; false when there was none.
    @discardableResult func removeAPIUser(_ name: String) async throws -> Bool
}

/// What the schedulers of one store share to run as a cluster: each `serve` instance's heartbeat,
/// leases (one holder at a time, taken over once expired), and the record of the daily jobs run.
public protocol ClusterStore: Sendable {
    /// Records an instance's heartbeat: its row inserted or replaced.
    func heartbeat(_ instance: SchedulerInstance) async throws
    /// Removes an instance's row (a graceful stop), if it is still this process's.
    func removeInstance(_ instance: String, host: String, pid: Int) async throws
    /// Every instance that has a row, by name.
    func instances() async throws -> [SchedulerInstance]
    /// Takes the lease `name` for `holder` until `until`, or renews it, when it is free, expired
    /// at `now` or already `holder`'s; true when `holder` holds it after.
    func acquireLease(_ name: String, holder: String, until: Date, now: Date) async throws -> Bool
    /// Who holds the lease `name` at `now`, nil when nobody (or it expired).
    func leaseHolder(_ name: String, now: Date) async throws -> String?
    /// Gives the lease up, if `holder` holds it.
    func releaseLease(_ name: String, holder: String) async throws
    /// Claims the run of `job` for `day` (`yyyy-MM-dd`, UTC) for `holder`: false when that day's
    /// run finished; an unfinished one of another holder is taken over (the caller holds the
    /// job's lease, so that holder is gone).
    func claimJobRun(_ job: String, day: String, holder: String, now: Date) async throws -> Bool
    /// Records that `holder`'s run of `job` for `day` finished, with a one-line summary.
    func finishJobRun(_ job: String, day: String, holder: String, summary: String, now: Date) async throws
    /// The runs of `job`, newest day first.
    func jobRuns(_ job: String, limit: Int) async throws -> [JobRun]
}

/// The store as a whole: where it is, and whether it answers.
public protocol StoreHealth: Sendable {
    /// The store as messages name it: the file's path, or the PostgreSQL URL without a password.
    var location: String { get }
    /// A path this host's files for the store go beside (job lock files, `serve`'s snapshot):
    /// the database file itself, or a file under the state folder named for the database.
    var localPath: String { get }
    /// The schema version of the open database.
    func schemaVersion() async throws -> Int
    /// Proves the database answers a read and a write, and returns its schema version.
    func checkResponsive() async throws -> Int
    /// Cheap enough to ask every second: fails (store unavailable) when the store's file was
    /// removed or replaced under this process, or its disk is (nearly) full. Nothing to check
    /// for a server's store.
    func checkFile() throws
    /// Ends the store's sessions, for a process about to exit. Nothing to end for a file's store.
    func close() async
}

extension StoreHealth {
    public func checkFile() throws {}
    public func close() async {}
}

/// The store's schema, whatever the engine.
public enum StoreSchema {
    /// The schema version this build of cmsched writes (each engine's migrations reach it).
    public static let currentVersion = 10

    /// The end an open-ended series' window is indexed at (its stored end is NULL): the largest.
    static let openEnded = Int64.max
}

/// Everything one scheduler asks of its store.
public typealias SchedulerStore = MeetingStore & OutboxStore & ChangeFeed & APIUserStore & ClusterStore & StoreHealth

extension MeetingStore {
    public func meetings(in states: [Meeting.State]) async throws -> MeetingScan {
        try await meetings(in: states, from: nil, until: nil)
    }

    public func withMeetingGuard<T>(_ meetingId: String, _ body: () async throws -> T) async throws -> T {
        try await withMeetingGuard(meetingId, wait: .seconds(30), body)
    }

    /// The meeting `reference` names, or exit 66 saying so.
    public func existingMeeting(_ reference: String) async throws -> Meeting {
        guard let meeting = try await meeting(reference: reference) else {
            throw CmschedError.inputMissing("no meeting '\(reference)'")
        }
        return meeting
    }
}

extension OutboxStore {
    public func outbox() async throws -> [OutboxEntry] { try await outbox(OutboxFilter()) }
}

extension ChangeFeed {
    public func meetingChanges(after seq: Int64) async throws -> [(change: MeetingChange, attendees: [String])] {
        try await meetingChanges(after: seq, limit: 1000)
    }

    public func pruneMeetingChanges() async throws { try await pruneMeetingChanges(keeping: 10_000) }
}

extension CmschedError {
    /// The per-meeting guard could not be had within the wait (exit 75).
    static func meetingBusy(_ meetingId: String) -> CmschedError {
        .temporary("meeting \(meetingId) is being changed by another cmsched; try again")
    }
}
