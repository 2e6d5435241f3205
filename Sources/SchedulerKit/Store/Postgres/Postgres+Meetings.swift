import Foundation
import PostgresNIO

/// Meetings in the PostgreSQL store (see `MeetingStore` for what each method promises).
extension PostgresStore {
    public func meeting(reference: String) async throws -> Meeting? {
        try await withConnection { connection in
            guard let id = try await meetingId(connection, reference: reference) else { return nil }
            return try await load(connection, where: "id = $1", [id])
        }
    }

    public func meeting(key: String) async throws -> Meeting? {
        try await withConnection { try await load($0, where: "key = $1", [key]) }
    }

    public func meetings(ids: [String]) async throws -> MeetingScan {
        guard !ids.isEmpty else { return MeetingScan() }
        return try await withConnection { try await scan($0, where: "id = ANY($1)", list: ids) }
    }

    public func meetings(in states: [Meeting.State], from: Date?, until: Date?) async throws -> MeetingScan {
        var binds = PostgresBindings()
        binds.append(states.map(\.rawValue))
        var condition = "state = ANY($1)"
        if let until {
            binds.append(Int64(until.timeIntervalSince1970.rounded(.up)))
            condition += " AND windowStart < $\(binds.count)"
        }
        if let from {
            binds.append(Int64(from.timeIntervalSince1970.rounded(.down)))
            condition += " AND (windowEnd IS NULL OR windowEnd > $\(binds.count))"
        }
        return try await withConnection { try await scan($0, where: condition, binds) }
    }

    public func meetingsWithLiveTemporarySpaces() async throws -> MeetingScan {
        try await withConnection {
            try await scan($0, where: """
                state IN ('scheduled', 'cancelled') AND spaceId IN
                    (SELECT id FROM space WHERE kind = 'temporary' AND state IN ('ready', 'deleting'))
                """, PostgresBindings())
        }
    }

    public func meetingsUsing(template id: String) async throws -> Int {
        try await withConnection { connection in
            try await rows(connection, """
                SELECT count(*) FROM meeting JOIN space ON space.id = meeting.spaceId
                WHERE space.templateId = \(id) AND meeting.state = 'scheduled' AND space.state != 'deleted'
                """).first?.value("count", as: Int.self) ?? 0
        }
    }

    public func unreadableMeeting(reference: String) async throws -> (meeting: UnreadableMeeting, space: Space)? {
        try await withConnection { connection in
            guard let id = try await meetingId(connection, reference: reference),
                let unreadable = try await scan(connection, where: "id = $1", [id]).unreadable.first,
                let space = try await fetch(
                    connection, "SELECT * FROM space WHERE id = (SELECT spaceId FROM meeting WHERE id = \(id))", as: SpaceRow.self
                ).first
            else { return nil }
            let roles = try await fetch(
                connection, "SELECT * FROM accessMethod WHERE spaceId = \(space.id) ORDER BY pos", as: AccessMethodRow.self)
            return (unreadable, try space.space(roles: roles.map(\.domain)))
        }
    }

    public func temporarySpaceIndex() async throws -> [String: (id: String, coSpaceId: String?)] {
        try await withConnection { connection in
            var index: [String: (String, String?)] = [:]
            for row in try await fetch(connection, "SELECT * FROM space WHERE kind = 'temporary'", as: SpaceRow.self) {
                if let uri = row.uri { index[uri] = (row.id, row.coSpaceId) }
            }
            return index
        }
    }

    public func notices(meetingId: String) async throws -> [(recipient: String, method: String, sequence: Int, recurrenceId: String?)] {
        try await withConnection { connection in
            try await fetch(connection, "SELECT * FROM outbox WHERE meetingId = \(meetingId) ORDER BY id", as: OutboxRow.self)
                .map { ($0.recipient, $0.method, $0.sequence, $0.recurrenceId) }
        }
    }

    // MARK: Writes

    public func insert(_ meeting: Meeting, claim: Claim) async throws -> Bool {
        do {
            return try await transaction { connection in
                try await write(connection, space: meeting.space)
                // The key, id and uid are unique: a meeting with this key inserted by another
                // transaction meanwhile makes this one wait for it, then insert nothing.
                var binds = BindingWriter()
                MeetingRow(meeting, claim: claim).write(to: &binds)
                let inserted = try await rows(
                    connection,
                    PostgresQuery(
                        unsafeSQL: postgresStatementTexts.texts(for: MeetingRow(meeting)).insert + " ON CONFLICT DO NOTHING RETURNING id",
                        binds: binds.bindings))
                guard !inserted.isEmpty else { throw KeyTaken() }
                try await writeAttendees(connection, meeting)
                return true
            }
        } catch is KeyTaken {
            return false
        }
    }

    /// Rolls back an insert whose key another meeting holds.
    private struct KeyTaken: Error {}

    public func save(_ space: Space) async throws {
        try await transaction { try await write($0, space: space) }
    }

    public func save(_ meeting: Meeting, notices: [Notice], now: Date) async throws {
        try await transaction { connection in
            try await write(connection, space: meeting.space)
            try await write(connection, MeetingRow(meeting), upsert: true)
            try await writeAttendees(connection, meeting)
            try await queue(connection, notices, of: meeting, now: now)
        }
    }

    public func schedule(_ meeting: Meeting, notices: [Notice], now: Date) async throws {
        try await transaction { connection in
            try await write(connection, space: meeting.space)
            let updated = try await rows(connection, """
                UPDATE meeting SET state = \(meeting.state.rawValue), updatedAt = \(meeting.updatedAt.stored),
                    claimHolder = NULL, claimExpires = NULL
                WHERE id = \(meeting.id) RETURNING id
                """)
            guard updated.count == 1 else { throw CmschedError.ioError("meeting \(meeting.id) is no longer in the database") }
            try await queue(connection, notices, of: meeting, now: now)
        }
    }

    public func markCancelled(meetingId: String, now: Date) async throws {
        try await withConnection { connection in
            try await connection.query(
                "UPDATE meeting SET state = 'cancelled', updatedAt = \(now.stored) WHERE id = \(meetingId)", logger: logger)
        }
    }

    public func discard(_ meeting: Meeting) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM meeting WHERE id = \(meeting.id)", logger: logger)
            try await connection.query("""
                DELETE FROM space WHERE id = \(meeting.space.id) AND NOT EXISTS (SELECT 1 FROM meeting WHERE spaceId = \(meeting.space.id))
                """, logger: logger)
        }
    }

    private func queue(_ connection: PostgresConnection, _ notices: [Notice], of meeting: Meeting, now: Date) async throws {
        for notice in notices {
            try await connection.query("""
                INSERT INTO outbox (messageId, meetingId, recipient, method, sequence, recurrenceId, state, attempts,
                    nextAttemptAt, createdAt)
                VALUES (\("<\(SecureRandom.timeOrderedUUID())@cmsched>"), \(meeting.id), \(notice.recipient),
                    \(notice.method.rawValue), \(meeting.sequence), \(notice.recurrenceId?.description), 'queued', 0,
                    \(now.stored), \(now.stored))
                """, logger: logger)
        }
    }

    /// The space's row and its roles; a role still there is updated in place (it keeps its
    /// place in the stored order), one no longer there deleted.
    private func write(_ connection: PostgresConnection, space: Space) async throws {
        try await write(connection, SpaceRow(space), upsert: true)
        try await connection.query(
            "DELETE FROM accessMethod WHERE spaceId = \(space.id) AND NOT (role = ANY(\(space.roles.map(\.id))))", logger: logger)
        for role in space.roles { try await write(connection, AccessMethodRow(spaceId: space.id, role), upsert: true) }
    }

    private func writeAttendees(_ connection: PostgresConnection, _ meeting: Meeting) async throws {
        try await connection.query("DELETE FROM attendee WHERE meetingId = \(meeting.id)", logger: logger)
        for attendee in meeting.attendees {
            try await write(connection, AttendeeRow(meetingId: meeting.id, email: attendee.email, role: attendee.role), upsert: false)
        }
    }

    // MARK: Claims and the guard

    public func claimCreating(meetingId: String, as claim: Claim, now: Date) async throws -> Meeting? {
        try await transaction { connection in
            guard let row = try await rows(
                connection, "SELECT state, claimHolder, claimExpires FROM meeting WHERE id = \(meetingId) FOR UPDATE"
            ).first, try row.value("state", as: String.self) == Meeting.State.creating.rawValue
            else { return nil }
            if let held = Claim(storedHolder: try row.value("claimHolder"), storedExpires: try row.value("claimExpires")),
                !held.isLapsed(at: now)
            {
                return nil
            }
            guard let meeting = try await scan(connection, where: "id = $1", [meetingId]).meetings.first else { return nil }
            try await connection.query(
                "UPDATE meeting SET claimHolder = \(claim.storedHolder), claimExpires = \(claim.storedExpires) WHERE id = \(meetingId)",
                logger: logger)
            return meeting
        }
    }

    public func releaseClaim(meetingId: String, holder: ClaimHolder) async throws {
        try await withConnection { connection in
            try await connection.query(
                "UPDATE meeting SET claimHolder = NULL, claimExpires = NULL WHERE id = \(meetingId) AND claimHolder = \(holder.description)",
                logger: logger)
        }
    }

    public func creationClaim(meetingId: String) async throws -> Claim? {
        try await withConnection { connection in
            guard let row = try await rows(connection, "SELECT claimHolder, claimExpires FROM meeting WHERE id = \(meetingId)").first
            else { return nil }
            return Claim(storedHolder: try row.value("claimHolder"), storedExpires: try row.value("claimExpires"))
        }
    }

    public func creatingClaims() async throws -> [(meetingId: String, claim: Claim?)] {
        try await withConnection { connection in
            try await rows(connection, "SELECT id, claimHolder, claimExpires FROM meeting WHERE state = 'creating' ORDER BY createdAt, id")
                .map { (try $0.value("id"), Claim(storedHolder: try $0.value("claimHolder"), storedExpires: try $0.value("claimExpires"))) }
        }
    }

    /// The guard is a session advisory lock (cmsched's class, a hash of the meeting id) on a
    /// connection held for `body`: a process that dies drops its connection, and the server
    /// releases the lock with it.
    public func withMeetingGuard<T>(_ meetingId: String, wait: Duration, _ body: () async throws -> T) async throws -> T {
        let key = Int32(truncatingIfNeeded: FNV1a.hash(Data(meetingId.utf8)))
        let lockClass = Self.meetingGuardClass
        return try await withConnection { connection in
            let deadline = ContinuousClock.now + wait
            while true {
                let taken = try await rows(connection, "SELECT pg_try_advisory_lock(\(lockClass), \(key)) AS taken")
                if try taken.first?.value("taken", as: Bool.self) == true { break }
                guard ContinuousClock.now < deadline else { throw CmschedError.meetingBusy(meetingId) }
                try await Task.sleep(for: .milliseconds(50))
            }
            let result: T
            do {
                result = try await body()
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockClass), \(key))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(lockClass), \(key))", logger: logger)
            return result
        }
    }

    /// The first key of the meetings' advisory locks.
    static let meetingGuardClass = Int32(0x636D_6D67)

    // MARK: Reading meetings

    /// The id of the meeting `reference` names: an id, a key, or a prefix (8+ characters, any
    /// case) of one id (a range of the primary key: text compares bytewise here).
    private func meetingId(_ connection: PostgresConnection, reference: String) async throws -> String? {
        if let exact = try await rows(
            connection, "SELECT id FROM meeting WHERE id = \(reference) OR key = \(reference) ORDER BY id = \(reference) DESC LIMIT 1"
        ).first {
            return try exact.value("id")
        }
        guard reference.count >= 8 else { return nil }
        let prefix = reference.lowercased()
        let ids = try await rows(connection, "SELECT id FROM meeting WHERE id >= \(prefix) AND id < \(prefix + "\u{10FFFF}") LIMIT 2")
        guard ids.count < 2 else {
            throw CmschedError.inputMissing("more than one meeting id begins '\(reference)'; give more of the id, or the meeting's key")
        }
        return try ids.first?.value("id")
    }

    /// The one meeting matching `condition`, nil when none; a row that cannot be read back fails.
    private func load(_ connection: PostgresConnection, where condition: String, _ binds: PostgresBindings) async throws -> Meeting? {
        let result = try await scan(connection, where: condition, binds)
        if let bad = result.unreadable.first { throw CmschedError.ioError(bad.reason) }
        return result.meetings.first
    }

    private func load(_ connection: PostgresConnection, where condition: String, _ values: [String]) async throws -> Meeting? {
        try await load(connection, where: condition, Self.bindings(values))
    }

    private func scan(_ connection: PostgresConnection, where condition: String, _ values: [String]) async throws -> MeetingScan {
        try await scan(connection, where: condition, Self.bindings(values))
    }

    /// The meetings matching `condition`, whose one parameter is the array `list`.
    private func scan(_ connection: PostgresConnection, where condition: String, list: [String]) async throws -> MeetingScan {
        var binds = PostgresBindings()
        binds.append(list)
        return try await scan(connection, where: condition, binds)
    }

    static func bindings(_ values: [String]) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    /// The meetings matching `condition`, oldest first, with their spaces, roles and attendees:
    /// four queries, however many meetings.
    func scan(_ connection: PostgresConnection, where condition: String, _ binds: PostgresBindings) async throws -> MeetingScan {
        let found = ScanSlots(try await fetch(
            connection, PostgresQuery(unsafeSQL: "SELECT * FROM meeting WHERE \(condition)", binds: binds), as: MeetingRow.self))
        guard !found.rows.isEmpty else { return MeetingScan() }
        let spaceIds = Array(found.spaces.keys), meetingIds = found.rows.map(\.id)
        var spaces = [SpaceRow?](repeating: nil, count: found.spaces.count)
        for space in try await fetch(connection, "SELECT * FROM space WHERE id = ANY(\(spaceIds))", as: SpaceRow.self) {
            if let slot = found.spaces[space.id] { spaces[slot] = space }
        }
        let roles = ScanSlots.grouped(
            try await fetch(connection, "SELECT * FROM accessMethod WHERE spaceId = ANY(\(spaceIds)) ORDER BY pos", as: AccessMethodRow.self),
            slots: found.spaces, by: \.spaceId)
        let attendees = ScanSlots.grouped(
            try await fetch(connection, "SELECT * FROM attendee WHERE meetingId = ANY(\(meetingIds)) ORDER BY pos", as: AttendeeRow.self),
            slots: found.meetings, by: \.meetingId)
        return found.assembled(spaces: spaces, roles: roles, attendees: attendees)
    }
}
