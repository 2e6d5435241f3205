import Foundation

/// The values the stores take and give, the same on every engine.

/// A notification to queue with a change: one recipient, REQUEST or CANCEL.
public struct Notice: Sendable, Equatable {
    public enum Method: String, Sendable { case request = "REQUEST", cancel = "CANCEL" }
    public var recipient: String
    public var method: Method
    /// For a cancelled occurrence: its original start (RECURRENCE-ID).
    public var recurrenceId: LocalDateTime?

    public init(recipient: String, method: Method, recurrenceId: LocalDateTime? = nil) {
        self.recipient = recipient
        self.method = method
        self.recurrenceId = recurrenceId
    }
}

/// A meeting row that cannot be read back into a meeting (written by an older cmsched).
public struct UnreadableMeeting: Sendable, Equatable, StableJSON {
    public var id: String
    public var name: String
    public var state: String
    public var reason: String
}

/// The meetings a query found: those read back, and those that could not be.
public struct MeetingScan: Sendable {
    public var meetings: [Meeting] = []
    public var unreadable: [UnreadableMeeting] = []
    /// When each series with a COUNT ends, by meeting id, as the store's window has it.
    var lastEnds: [String: Date] = [:]
    /// Whether the spaces and their access methods were read on a second connection (`SpacesReadApart`).
    var spacesReadApart = false

    /// The occurrences of one of these meetings that overlap `[from, until)`, at most `limit`: a
    /// series with a COUNT is entered near `from` at the window's end, not stepped from its start.
    /// (`plainRulesCounted`: see `Recurrence.starts`.)
    public func occurrences(of meeting: Meeting, from: Date, until: Date, limit: Int = .max, plainRulesCounted: Bool = true) -> [Occurrence] {
        meeting.occurrences(from: from, until: until, limit: limit, lastEnd: lastEnds[meeting.id], plainRulesCounted: plainRulesCounted)
    }

    /// The occurrences of `meetings` (some of these) that overlap `[from, until)`, each meeting's
    /// at most `limit`, in time order (then by meeting id).
    public func occurrences(of meetings: [Meeting], from: Date, until: Date, limit: Int = .max) -> [Occurrence] {
        meetings.flatMap { occurrences(of: $0, from: from, until: until, limit: limit) }.sorted(by: Occurrence.inTimeOrder)
    }

    /// These meetings organized by `organizer` (any case), or all of them when nil.
    public func meetings(organizedBy organizer: String?) -> [Meeting] {
        guard let organizer else { return meetings }
        return meetings.filter { $0.organizer.caseInsensitiveCompare(organizer) == .orderedSame }
    }

    /// `meetings(organizedBy:)` handed over: the scan keeps none of them, so the caller can filter
    /// and reorder them in place (an array the scan still shared would be copied whole, a reference
    /// taken to each text of each meeting).
    public mutating func takeMeetings(organizedBy organizer: String?) -> [Meeting] {
        defer { meetings = [] }
        return meetings(organizedBy: organizer)
    }
}

/// One row of the email outbox, as `notify list` shows it.
public struct OutboxEntry: Sendable, Equatable, StableJSON {
    public var id: Int64
    public var messageId: String
    public var meetingId: String
    public var recipient: String
    public var method: String
    public var sequence: Int
    /// For an occurrence cancellation: the occurrence's local start.
    public var recurrenceId: String?
    /// `queued`, `sending` (leased), `sent`, `superseded` (a later change replaced it) or `dead`.
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    init(_ row: OutboxRow) {
        id = row.id ?? 0
        messageId = row.messageId
        meetingId = row.meetingId
        recipient = row.recipient
        method = row.method
        sequence = row.sequence
        recurrenceId = row.recurrenceId
        state = row.state
        attempts = row.attempts
        nextAttemptAt = row.nextAttemptAt
        lastError = row.lastError
        createdAt = row.createdAt
        sentAt = row.sentAt
    }
}

/// Which outbox rows to list: any of `states`, of one meeting, created since an instant.
public struct OutboxFilter: Sendable {
    public var states: [String]
    public var meetingId: String?
    public var since: Date?
    /// Only the newest this many rows, newest first (else every row, oldest first).
    public var newest: Int?

    public init(states: [String] = [], meetingId: String? = nil, since: Date? = nil, newest: Int? = nil) {
        self.states = states
        self.meetingId = meetingId
        self.since = since
        self.newest = newest
    }

    /// The states a row can be in.
    public static let allStates = ["queued", "sending", "sent", "superseded", "dead"]
}

/// A meeting written by some process, as the change log recorded it.
public struct MeetingChange: Sendable, Equatable {
    public var seq: Int64
    public var meetingId: String
    public var organizer: String
}

/// A user of `serve`'s HTTPS API.
public struct APIUser: Sendable, Equatable, StableJSON {
    public var name: String
    /// `admin`, `scheduler` or `viewer` (`APIRole`).
    public var role: String
    public var createdAt: String
    public var updatedAt: String
}

/// What an API user may do: every role reads; a scheduler also creates, changes and deletes
/// meetings; an admin also changes serve's log levels.
public enum APIRole: String, Sendable, CaseIterable, Codable {
    case admin, scheduler, viewer

    /// The role of a user added without one (users from before roles became admins).
    public static let newUser = APIRole.scheduler

    public init(named name: String) throws {
        guard let role = APIRole(rawValue: name.lowercased()) else {
            throw CmschedError.badInput("role '\(TextRules.escapingControls(name))': expected admin, scheduler or viewer")
        }
        self = role
    }
}

extension Claim {
    /// The holder as the meeting table keeps it.
    var storedHolder: String { holder.description }
    /// The expiry as the meeting table keeps it: Unix seconds, rounded up.
    var storedExpires: Int { Int(expires.timeIntervalSince1970.rounded(.up)) }

    /// A claim as the meeting table keeps it; nil when there is none. A holder no cmsched wrote
    /// cannot be asked whether it is alive: its claim holds until it expires.
    init?(storedHolder: String?, storedExpires: Int?) {
        guard let storedExpires else { return nil }
        self.init(
            holder: storedHolder.flatMap(ClaimHolder.init(stored:)) ?? ClaimHolder(host: "", boot: "", pid: 0, started: 0),
            expires: Date(timeIntervalSince1970: TimeInterval(storedExpires)))
    }
}

/// One `serve` of the store, as its heartbeat row has it.
public struct SchedulerInstance: Sendable, Equatable {
    /// `serve.instance` (default: the host name).
    public var instance: String
    public var host: String
    public var pid: Int
    public var version: String
    public var started: Date
    public var lastSeen: Date
    /// C2W links UP, and links held (one per Web Bridge).
    public var linksUp: Int
    public var linksTotal: Int
    /// The HTTPS API's address, when it listens.
    public var https: String?
    /// Each link, for the operations pages' picture of the mesh (the heartbeat carries at most
    /// `mostLinks`).
    public var links: [LinkSummary] = []

    /// One C2W link of a scheduler as its heartbeat records it.
    public struct LinkSummary: Sendable, Equatable, Codable {
        public var url: String
        public var up: Bool
        public var since: Date
        /// Why it is DOWN, or why it last went down.
        public var reason: String?
        /// The last ping's round trip (milliseconds).
        public var pingMilliseconds: Double?

        public init(url: String, up: Bool, since: Date, reason: String?, pingMilliseconds: Double?) {
            self.url = url
            self.up = up
            self.since = since
            self.reason = reason
            self.pingMilliseconds = pingMilliseconds
        }
    }

    public static let mostLinks = 1_000

    public init(
        instance: String, host: String, pid: Int, version: String, started: Date, lastSeen: Date, linksUp: Int = 0,
        linksTotal: Int = 0, https: String? = nil, links: [LinkSummary] = []
    ) {
        self.instance = instance
        self.host = host
        self.pid = pid
        self.version = version
        self.started = started
        self.lastSeen = lastSeen
        self.linksUp = linksUp
        self.linksTotal = linksTotal
        self.https = https
        self.links = links
    }

    /// How often a `serve` writes its heartbeat.
    public static let heartbeatInterval: Duration = .seconds(5)
    /// A heartbeat older than this marks an instance stale (gone, or cut off from the store).
    public static let staleAfter: TimeInterval = 30

    public func isStale(at now: Date) -> Bool { now.timeIntervalSince(lastSeen) > Self.staleAfter }
}

/// One day's run of a cluster job (the daily cleanup), as the store records it.
public struct JobRun: Sendable, Equatable {
    public var job: String
    /// The UTC day the run is for, `yyyy-MM-dd`.
    public var day: String
    public var holder: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var summary: String?
}
