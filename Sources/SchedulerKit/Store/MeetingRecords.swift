import Foundation

/// Rows of the store's tables, mapped to and from the domain types, the same for every engine. The
/// hot tables read and write their columns by name (`StoredRecord`), not through Codable: its
/// encoder and decoder were most of what a bulk create and a listing spent in the store.
struct SpaceRow: StoredRecord {
    static let keyColumns = ["id"]
    static let databaseTableName = "space"
    var id: String
    var kind: String
    var state: String
    var coSpaceId: String?
    var templateId: String?
    var organizer: String
    var name: String
    var uri: String?
    var callId: String?
    var passcode: String?
    var secret: String?
    var createdAt: Date
    var deletedAt: Date?
    var organizerMember: String?

    init(_ space: Space) {
        id = space.id
        kind = space.kind.rawValue
        state = space.state.rawValue
        coSpaceId = space.coSpaceId
        templateId = space.templateId
        organizer = space.organizer
        name = space.name
        uri = space.uri
        callId = space.callId
        passcode = space.passcode
        secret = space.secret
        createdAt = space.createdAt
        deletedAt = space.deletedAt
        organizerMember = space.organizerMember
    }

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        id = try column("id")
        kind = try column.repeated("kind")
        state = try column.repeated("state")
        coSpaceId = try column("coSpaceId")
        templateId = try column.repeated("templateId")
        organizer = try column.repeated("organizer")
        name = try column("name")
        uri = try column("uri")
        callId = try column("callId")
        passcode = try column("passcode")
        secret = try column("secret")
        createdAt = try column("createdAt")
        deletedAt = try column("deletedAt")
        organizerMember = try column("organizerMember")
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("id", id)
        column("kind", kind)
        column("state", state)
        column("coSpaceId", coSpaceId)
        column("templateId", templateId)
        column("organizer", organizer)
        column("name", name)
        column("uri", uri)
        column("callId", callId)
        column("passcode", passcode)
        column("secret", secret)
        column("createdAt", createdAt.stored)
        column("deletedAt", deletedAt?.stored)
        column("organizerMember", organizerMember)
    }

    /// The domain space; a kind or state this cmsched does not know makes it unreadable, never another.
    func space(roles: [Role]) throws -> Space {
        guard let kind = Space.Kind(rawValue: kind), let state = Space.State(rawValue: state) else {
            throw CmschedError.ioError("space \(id) in the database is unreadable (kind '\(kind)', state '\(state)')")
        }
        return Space(
            id: id, kind: kind, state: state,
            coSpaceId: coSpaceId, templateId: templateId, organizer: organizer, name: name, uri: uri, callId: callId,
            passcode: passcode, secret: secret, roles: roles, createdAt: createdAt, deletedAt: deletedAt,
            organizerMember: organizerMember)
    }
}

struct AccessMethodRow: StoredRecord {
    static let keyColumns = ["spaceId", "role"]
    static let databaseTableName = "accessMethod"
    var spaceId: String
    var role: String
    var roleName: String
    var accessMethodId: String?
    var uri: String?
    var callId: String?
    var passcode: String?
    var secret: String?

    init(spaceId: String, _ role: Role) {
        self.spaceId = spaceId
        self.role = role.id
        roleName = role.name
        accessMethodId = role.accessMethodId
        uri = role.uri
        callId = role.callId
        passcode = role.passcode
        secret = role.secret
    }

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        spaceId = try column.repeated("spaceId")
        role = try column.repeated("role")
        roleName = try column.repeated("roleName")
        accessMethodId = try column("accessMethodId")
        uri = try column("uri")
        callId = try column("callId")
        passcode = try column("passcode")
        secret = try column("secret")
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("spaceId", spaceId)
        column("role", role)
        column("roleName", roleName)
        column("accessMethodId", accessMethodId)
        column("uri", uri)
        column("callId", callId)
        column("passcode", passcode)
        column("secret", secret)
    }

    var domain: Role {
        Role(id: role, name: roleName, accessMethodId: accessMethodId, uri: uri, callId: callId, passcode: passcode, secret: secret)
    }
}

@_spi(Bench) public struct MeetingRow: StoredRecord, Sendable {
    @_spi(Bench) public static let keyColumns = ["id"]
    @_spi(Bench) public static let databaseTableName = "meeting"
    var id: String
    var key: String?
    var uid: String
    var state: String
    var name: String
    var organizerJid: String
    var organizerRole: String
    var spaceId: String
    var start: String
    var end: String
    var timeZone: String
    var rrule: String?
    var exdates: String
    var sequence: Int
    var createdAt: Date
    var updatedAt: Date
    var durationSeconds: Int?
    var override: String?
    var organizerName: String?
    var organizerEmail: String?
    var organizerRoleRule: String?
    /// The meeting's time window in Unix seconds (see `Meeting.window`); a row that cannot be read
    /// back has 0 and NULL, so every listing still sees it.
    var windowStart: Int
    var windowEnd: Int?
    /// Who is creating the meeting, written with the row and cleared once it is scheduled; not
    /// read with it (`Store.claimCreating` reads it where it decides).
    var claim: Claim?

    init(_ meeting: Meeting, claim: Claim? = nil) {
        self.claim = claim
        id = meeting.id
        key = meeting.key
        uid = meeting.uid
        state = meeting.state.rawValue
        name = meeting.name
        organizerJid = meeting.organizer
        organizerRole = meeting.organizerRole
        spaceId = meeting.space.id
        start = meeting.start.description
        end = meeting.end.description
        timeZone = meeting.timeZone
        rrule = meeting.recurrence?.rule
        exdates = meeting.exceptions.isEmpty
            ? "[]" : String(decoding: try! JSONEncoder().encode(meeting.exceptions.map(\.description)), as: UTF8.self)
        sequence = meeting.sequence
        createdAt = meeting.createdAt
        updatedAt = meeting.updatedAt
        durationSeconds = Int(meeting.duration)
        override = meeting.override
        organizerName = meeting.organizerName
        organizerEmail = meeting.organizerEmail
        organizerRoleRule = meeting.organizerRoleRule?.rawValue
        (windowStart, windowEnd) = Self.windowColumns(meeting)
    }

    /// The meeting's window as stored: whole seconds, widened outward (see `Meeting.window`).
    static func windowColumns(_ meeting: Meeting) -> (start: Int, end: Int?) {
        let window = meeting.window
        return (Int(window.start.timeIntervalSince1970.rounded(.down)), window.end.map { Int($0.timeIntervalSince1970.rounded(.up)) })
    }

    @_spi(Bench) public init<Columns: ColumnSource>(_ column: inout Columns) throws {
        id = try column("id")
        key = try column("key")
        uid = try column("uid")
        state = try column.repeated("state")
        name = try column("name")
        organizerJid = try column.repeated("organizerJid")
        organizerRole = try column.repeated("organizerRole")
        spaceId = try column("spaceId")
        start = try column("start")
        end = try column("end")
        timeZone = try column.repeated("timeZone")
        rrule = try column("rrule")
        exdates = try column.repeated("exdates")
        sequence = try column("sequence")
        createdAt = try column("createdAt")
        updatedAt = try column("updatedAt")
        durationSeconds = try column("durationSeconds")
        override = try column("override")
        organizerName = try column.repeated("organizerName")
        organizerEmail = try column.repeated("organizerEmail")
        organizerRoleRule = try column.repeated("organizerRoleRule")
        windowStart = (try? column("windowStart")) ?? 0  // 0 before schema v4
        windowEnd = try? column("windowEnd")
    }

    @_spi(Bench) public func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("id", id)
        column("key", key)
        column("uid", uid)
        column("state", state)
        column("name", name)
        column("organizerJid", organizerJid)
        column("organizerRole", organizerRole)
        column("spaceId", spaceId)
        column("start", start)
        column("end", end)
        column("timeZone", timeZone)
        column("rrule", rrule)
        column("exdates", exdates)
        column("sequence", sequence)
        column("createdAt", createdAt.stored)
        column("updatedAt", updatedAt.stored)
        column("durationSeconds", durationSeconds)
        column("override", override)
        column("organizerName", organizerName)
        column("organizerEmail", organizerEmail)
        column("organizerRoleRule", organizerRoleRule)
        column("changedVia", ChangeOrigin.current.stored)
        column("windowStart", windowStart)
        column("windowEnd", windowEnd)
        column("claimHolder", claim?.storedHolder)
        column("claimExpires", claim?.storedExpires)
    }

    /// The domain meeting, or an I/O error naming the row when a value cannot be read back (a row
    /// written by an older cmsched that did not check times): callers skip such rows, never fail on them.
    func meeting(space: Space, attendees: [Attendee]) throws -> Meeting {
        var rules = RulesRead()
        return try meeting(space: space, attendees: attendees, rules: &rules)
    }

    /// `meeting(space:attendees:)` with the repeat rules already read in this scan: meetings made
    /// together share a rule, and reading one checks it through libical.
    func meeting(space: Space, attendees: [Attendee], rules: inout RulesRead) throws -> Meeting {
        func unreadable(_ what: String) -> CmschedError {
            .ioError("meeting \(id) in the database is unreadable (\(what)); deleting the meeting removes it")
        }
        guard let zone = Zones.named(timeZone) else { throw unreadable("time zone") }
        guard let start = LocalDateTime(iso: start) else { throw unreadable("start") }
        let startInstant = start.instant(in: zone)
        guard TimeBounds.contains(startInstant) else { throw unreadable("start") }
        let duration: TimeInterval
        if let durationSeconds {
            duration = TimeInterval(durationSeconds)
        } else {
            guard let end = LocalDateTime(iso: end) else { throw unreadable("end") }
            duration = end.instant(in: zone).timeIntervalSince(startInstant)
        }
        guard duration > 0, TimeBounds.contains(startInstant.addingTimeInterval(duration)) else {
            throw unreadable("end")
        }
        let recurrence: Recurrence?
        do { recurrence = try rrule.map { try rules.parse($0, zone: zone) } } catch { throw unreadable("rrule") }
        let exceptions = exdates == "[]"
            ? [] : (try? JSONDecoder().decode([String].self, from: Data(exdates.utf8)))?.compactMap { LocalDateTime(iso: $0) } ?? []
        guard let state = Meeting.State(rawValue: state) else { throw unreadable("state '\(state)'") }
        let rule = try organizerRoleRule.map { text in
            guard let rule = OrganizerRoleRule(rawValue: text) else { throw unreadable("organizerRoleRule '\(text)'") }
            return rule
        }
        return Meeting(
            id: id, key: key, uid: uid, state: state, name: name,
            organizer: organizerJid, organizerRole: organizerRole, start: start, duration: duration, timeZone: timeZone,
            recurrence: recurrence, exceptions: exceptions, sequence: sequence, attendees: attendees, space: space,
            createdAt: createdAt, updatedAt: updatedAt, override: override, organizerName: organizerName,
            organizerEmail: organizerEmail, organizerRoleRule: rule)
    }
}

struct AttendeeRow: StoredRecord {
    static let keyColumns = ["meetingId", "email"]
    static let databaseTableName = "attendee"
    var meetingId: String
    var email: String
    var role: String

    init(meetingId: String, email: String, role: String) {
        self.meetingId = meetingId
        self.email = email
        self.role = role
    }

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        meetingId = try column.repeated("meetingId")
        email = try column.repeated("email")
        role = try column.repeated("role")
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("meetingId", meetingId)
        column("email", email)
        column("role", role)
    }
}

/// A notice waiting in the outbox (sent by `notify send` / `serve`).
struct OutboxRow: StoredRecord {
    static let keyColumns = ["id"]
    static let databaseTableName = "outbox"
    var id: Int64?
    var messageId: String
    var meetingId: String
    var recipient: String
    var method: String
    var sequence: Int
    var recurrenceId: String?
    var state: String
    var attempts: Int
    var nextAttemptAt: Date
    var leaseUntil: Date?
    var lastError: String?
    var createdAt: Date
    var sentAt: Date?

    init(
        id: Int64?, messageId: String, meetingId: String, recipient: String, method: String, sequence: Int, recurrenceId: String?,
        state: String, attempts: Int, nextAttemptAt: Date, leaseUntil: Date?, lastError: String?, createdAt: Date, sentAt: Date?
    ) {
        self.id = id
        self.messageId = messageId
        self.meetingId = meetingId
        self.recipient = recipient
        self.method = method
        self.sequence = sequence
        self.recurrenceId = recurrenceId
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    init<Columns: ColumnSource>(_ column: inout Columns) throws {
        id = try column("id")
        messageId = try column("messageId")
        meetingId = try column("meetingId")
        recipient = try column("recipient")
        method = try column("method")
        sequence = try column("sequence")
        recurrenceId = try column("recurrenceId")
        state = try column("state")
        attempts = try column("attempts")
        nextAttemptAt = try column("nextAttemptAt")
        leaseUntil = try column("leaseUntil")
        lastError = try column("lastError")
        createdAt = try column("createdAt")
        sentAt = try column("sentAt")
    }

    func write<Writer: ColumnWriter>(to column: inout Writer) {
        column("id", id)
        column("messageId", messageId)
        column("meetingId", meetingId)
        column("recipient", recipient)
        column("method", method)
        column("sequence", sequence)
        column("recurrenceId", recurrenceId)
        column("state", state)
        column("attempts", attempts)
        column("nextAttemptAt", nextAttemptAt.stored)
        column("leaseUntil", leaseUntil?.stored)
        column("lastError", lastError)
        column("createdAt", createdAt.stored)
        column("sentAt", sentAt?.stored)
    }
}

/// The repeat rules one scan has read, by their text and zone (what `Recurrence.parse` reads).
struct RulesRead {
    private var read: [String: Recurrence] = [:]

    mutating func parse(_ text: String, zone: TimeZone) throws -> Recurrence {
        let key = zone.identifier + "\u{0}" + text
        if let rule = read[key] { return rule }
        let rule = try Recurrence.parse(text, zone: zone)
        read[key] = rule
        return rule
    }
}

/// The meeting rows a query found, oldest first, with a slot for each meeting and each space
/// they use: every space, role and attendee row read for them finds its own with one lookup.
struct ScanSlots: Sendable {
    let rows: [MeetingRow]
    let spaces: [String: Int]
    let meetings: [String: Int]

    /// In the order they were made, sorted here: SQLite sorting whole rows (ORDER BY) was most
    /// of a full scan's time in SQL. The stored times are fixed-width text, so order agrees.
    init(_ rows: consuming [MeetingRow]) {
        // Sorted where they lie (the caller's rows are handed over): `sorted` would copy each row.
        rows.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        self.rows = rows
        // Sized once, and each row's key read where it lies: naming the row (`for row in`) copied
        // it, a reference taken to each of its texts and dropped (a sixth of this, bench/RESULTS.md).
        var spaces = [String: Int](minimumCapacity: self.rows.count)
        var meetings = [String: Int](minimumCapacity: self.rows.count)
        for index in self.rows.indices {
            // A key keeps the first slot it is given: the default is stored only when it is missing.
            let nextSpace = spaces.count
            spaces[self.rows[index].spaceId, default: nextSpace] += 0
            meetings[self.rows[index].id, default: index] += 0
        }
        self.spaces = spaces
        self.meetings = meetings
    }

    /// `records` grouped by the slot their `key` has in `slots` (records whose key has none are
    /// left out), each group in the order given.
    static func grouped<Record>(_ records: [Record], slots: [String: Int], by key: (Record) -> String) -> [[Record]] {
        var groups = [[Record]](repeating: [], count: slots.count)
        for record in records { if let slot = slots[key(record)] { groups[slot].append(record) } }
        return groups
    }

    /// The meetings put together from their rows, by slot: `spaces` and `roles` by space slot,
    /// `attendees` by meeting slot. A row that cannot be read back is returned apart, with why.
    /// Of `TwoCores.from` meetings or more, the second half is put together on another core,
    /// straight into the same array.
    func assembled(spaces: [SpaceRow?], roles: [[AccessMethodRow]], attendees: [[AttendeeRow]]) -> MeetingScan {
        var result = MeetingScan()
        result.meetings = Array(unsafeUninitializedCapacity: rows.count) { room, made in
            guard let base = room.baseAddress else { return }
            guard TwoCores.worth(rows.count) else {
                (made, result) = assembled(rows.indices, into: base, spaces: spaces, roles: roles, attendees: attendees)
                return
            }
            let middle = rows.count / 2
            let secondRoom = Room(start: base + middle)
            let second = OtherCore { [self] in
                assembled(middle..<rows.count, into: secondRoom.start, spaces: spaces, roles: roles, attendees: attendees)
            }
            (made, result) = assembled(0..<middle, into: base, spaces: spaces, roles: roles, attendees: attendees)
            guard let (secondMade, secondHalf) = second.take() else { return }
            // The second half's meetings moved to follow the first's (a copy, or appending one
            // array to the other, takes a reference to each text of each meeting).
            (base + made).moveInitialize(from: base + middle, count: secondMade)
            made += secondMade
            result.unreadable += secondHalf.unreadable
            result.lastEnds.merge(secondHalf.lastEnds) { first, _ in first }
        }
        return result
    }

    /// Where one core puts the meetings it makes: room in an array not yet made, which no other
    /// core writes to.
    private struct Room: @unchecked Sendable {
        let start: UnsafeMutablePointer<Meeting>
    }

    /// The meetings of the rows at `indices`, put in place from `start` on: how many were made,
    /// and what else the scan learned (the rows that could not be read back, and series' ends).
    private func assembled(
        _ indices: Range<Int>, into start: UnsafeMutablePointer<Meeting>,
        spaces: [SpaceRow?], roles: [[AccessMethodRow]], attendees: [[AttendeeRow]]
    ) -> (made: Int, rest: MeetingScan) {
        var result = MeetingScan()
        var made = 0
        var rules = RulesRead()
        // Rows are read where they lie: naming each one (or enumerating them) copied every row,
        // taking a reference to each of its texts and dropping it again.
        rows.withUnsafeBufferPointer { rows in
            spaces.withUnsafeBufferPointer { spaces in
                for index in indices {
                    do {
                        guard let slot = self.spaces[rows[index].spaceId], spaces[slot] != nil else {
                            throw CmschedError.ioError("meeting \(rows[index].id) refers to a missing space \(rows[index].spaceId)")
                        }
                        let meeting = try rows[index].meeting(
                            space: try spaces[slot].unsafelyUnwrapped.space(roles: roles[slot].map(\.domain)),
                            attendees: attendees[index].map { Attendee(email: $0.email, role: $0.role) }, rules: &rules)
                        if meeting.recurrence?.count != nil, let end = rows[index].windowEnd {
                            result.lastEnds[meeting.id] = Date(timeIntervalSince1970: TimeInterval(end))
                        }
                        (start + made).initialize(to: meeting)
                        made += 1
                    } catch {
                        let reason = (error as? CmschedError)?.message ?? "\(error)"
                        result.unreadable.append(UnreadableMeeting(id: rows[index].id, name: rows[index].name, state: rows[index].state, reason: reason))
                    }
                }
            }
        }
        return (made, result)
    }
}
