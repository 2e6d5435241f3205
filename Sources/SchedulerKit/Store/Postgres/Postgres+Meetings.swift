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
            condition += " AND coalesce(windowEnd, \(StoreSchema.openEnded)) > $\(binds.count)"
        }
        guard from == nil, until == nil, TwoCores.available else {
            return try await withConnection { try await scan($0, where: condition, binds) }
        }
        // A full listing reads at one snapshot (REPEATABLE READ), and of a large store, exports it
        // so a second connection reads the spaces and their access methods at it, on another core.
        return try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            var snapshot = "", meetings = 0
            for try await (exported, count) in try await connection.query(
                "SELECT pg_export_snapshot(), count(*) FROM meeting", logger: logger
            ).decode((String, Int).self) {
                (snapshot, meetings) = (exported, count)
            }
            guard TwoCores.worth(meetings) else { return try await scan(connection, where: condition, binds) }
            let apart = Task { try? await spacesApart(at: snapshot) }
            return try await scan(connection, where: condition, binds, apart: apart)
        }
    }

    /// The space and access method tables read whole at `snapshot` (exported by another
    /// connection's transaction, which stays open until this is read) on a connection of their own.
    private func spacesApart(at snapshot: String) async throws -> (spaces: [SpaceRow], roles: [AccessMethodRow]) {
        // The server's own identifier (hex digits and dashes), checked before it is written into
        // the statement, which takes no parameters.
        guard !snapshot.isEmpty, snapshot.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || Character(Unicode.Scalar($0)).isHexDigit }) else {
            throw CmschedError.ioError("PostgreSQL exported an unexpected snapshot identifier")
        }
        return try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshot)'"), logger: logger)
            return (
                try await fetch(connection, "SELECT * FROM space", as: SpaceRow.self),
                try await fetch(connection, "SELECT * FROM accessMethod ORDER BY pos", as: AccessMethodRow.self))
        }
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

    /// One statement (one round trip, one snapshot): the meeting's row, and only when it went in
    /// its space, roles and attendees. The key, id and uid are unique: a meeting with this key
    /// inserted by another transaction meanwhile makes this one wait for it, then write nothing.
    public func insert(_ meeting: Meeting, claim: Claim) async throws -> Bool {
        var write = CompositeWrite()
        write.add("meeting_written", insertText([MeetingRow(meeting, claim: claim)], upsert: false, into: &write.binds)
            + " ON CONFLICT DO NOTHING RETURNING id")
        let inserted = "EXISTS (SELECT 1 FROM meeting_written)"
        spaceWrites(meeting.space, when: inserted, into: &write)
        if !meeting.attendees.isEmpty {
            write.add("attendees_written", insertText(
                meeting.attendees.map { AttendeeRow(meetingId: meeting.id, email: $0.email, role: $0.role) }, upsert: false,
                when: inserted, into: &write.binds))
        }
        return try await withConnection { try await count($0, write.text(final: "SELECT count(*) AS count FROM meeting_written")) } == 1
    }

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

    /// One statement: the meeting's state, and only when it is still there its space and notices.
    public func schedule(_ meeting: Meeting, notices: [Notice], now: Date) async throws {
        var write = CompositeWrite()
        write.binds("state", meeting.state.rawValue)
        write.binds("updatedAt", meeting.updatedAt.stored)
        write.binds("id", meeting.id)
        write.add("meeting_written", "UPDATE meeting SET state = $1, updatedAt = $2, claimHolder = NULL, claimExpires = NULL WHERE id = $3 RETURNING id")
        let updated = "EXISTS (SELECT 1 FROM meeting_written)"
        spaceWrites(meeting.space, when: updated, into: &write)
        outboxWrites(notices, of: meeting, now: now, when: updated, into: &write)
        guard try await withConnection({ try await count($0, write.text(final: "SELECT count(*) AS count FROM meeting_written")) }) == 1 else {
            throw CmschedError.ioError("meeting \(meeting.id) is no longer in the database")
        }
    }

    public func markCancelled(meetingId: String, now: Date) async throws {
        try await withConnection { connection in
            try await connection.query(
                "UPDATE meeting SET state = 'cancelled', updatedAt = \(now.stored), changedVia = \(ChangeOrigin.current.stored) WHERE id = \(meetingId)",
                logger: logger)
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
        guard !notices.isEmpty else { return }
        var write = CompositeWrite()
        outboxWrites(notices, of: meeting, now: now, when: nil, into: &write)
        try await connection.query(write.text(final: "SELECT 1"), logger: logger)
    }

    /// The notices as outbox rows (the identity column numbers them), when `condition` holds.
    private func outboxWrites(_ notices: [Notice], of meeting: Meeting, now: Date, when condition: String?, into write: inout CompositeWrite) {
        guard !notices.isEmpty else { return }
        var tuples: [String] = []
        for notice in notices {
            let first = write.binds.bindings.count + 1
            write.binds("messageId", "<\(SecureRandom.timeOrderedUUID())@cmsched>")
            write.binds("meetingId", meeting.id)
            write.binds("recipient", notice.recipient)
            write.binds("method", notice.method.rawValue)
            write.binds("sequence", meeting.sequence)
            write.binds("recurrenceId", notice.recurrenceId?.description)
            write.binds("nextAttemptAt", now.stored)
            tuples.append("(" + (first..<first + 7).map { "$\($0)" }.joined(separator: ", ") + ", 'queued', 0, $\(first + 6))")
        }
        write.add("outbox_written", """
            INSERT INTO outbox (messageId, meetingId, recipient, method, sequence, recurrenceId, nextAttemptAt, state, attempts, createdAt)
            SELECT * FROM (VALUES \(tuples.joined(separator: ", "))) AS row WHERE \(condition ?? "TRUE")
            """)
    }

    /// The space's row and its roles in one statement: a role still there is updated in place (it
    /// keeps its place in the stored order), one no longer there deleted.
    private func write(_ connection: PostgresConnection, space: Space) async throws {
        var write = CompositeWrite()
        spaceWrites(space, when: nil, into: &write)
        try await connection.query(write.text(final: "SELECT 1"), logger: logger)
    }

    /// The space's row and roles as parts of one statement, when `condition` holds.
    private func spaceWrites(_ space: Space, when condition: String?, into write: inout CompositeWrite) {
        write.add("space_written", insertText([SpaceRow(space)], upsert: true, when: condition, into: &write.binds))
        let spaceId = write.bind(space.id), roleIds = write.bind(space.roles.map(\.id))
        write.add("roles_gone", """
            DELETE FROM accessMethod WHERE spaceId = \(spaceId) AND NOT (role = ANY(\(roleIds))) AND \(condition ?? "TRUE")
            """)
        let roles = space.roles.map { AccessMethodRow(spaceId: space.id, $0) }
        if !roles.isEmpty { write.add("roles_written", insertText(roles, upsert: true, when: condition, into: &write.binds)) }
    }

    /// The number in the `count` column of `sql`'s one row.
    private func count(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Int {
        try await rows(connection, query).first?.value("count", as: Int.self) ?? 0
    }

    /// The meeting's attendees in place of those stored before (a delete, then one insert).
    private func writeAttendees(_ connection: PostgresConnection, _ meeting: Meeting) async throws {
        try await connection.query("DELETE FROM attendee WHERE meetingId = \(meeting.id)", logger: logger)
        guard !meeting.attendees.isEmpty else { return }
        var binds = BindingWriter()
        let sql = insertText(
            meeting.attendees.map { AttendeeRow(meetingId: meeting.id, email: $0.email, role: $0.role) }, upsert: false, into: &binds)
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds.bindings), logger: logger)
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
    /// four queries, however many meetings. `apart`: the space and access method tables, being
    /// read whole on another connection at this transaction's snapshot (nil when they could not be).
    func scan(
        _ connection: PostgresConnection, where condition: String, _ binds: PostgresBindings,
        apart: Task<(spaces: [SpaceRow], roles: [AccessMethodRow])?, Never>? = nil
    ) async throws -> MeetingScan {
        let found = ScanSlots(try await fetch(
            connection, PostgresQuery(unsafeSQL: "SELECT * FROM meeting WHERE \(condition)", binds: binds), as: MeetingRow.self))
        guard !found.rows.isEmpty else { return MeetingScan() }
        let spaceIds = Array(found.spaces.keys), meetingIds = found.rows.map(\.id)
        let attendees = ScanSlots.grouped(
            try await fetch(connection, "SELECT * FROM attendee WHERE meetingId = ANY(\(meetingIds)) ORDER BY pos", as: AttendeeRow.self),
            slots: found.meetings, by: \.meetingId)
        let readApart = await apart?.value
        let read: (spaces: [SpaceRow], roles: [AccessMethodRow])
        if let readApart {
            read = readApart
        } else {
            read = (try await fetch(connection, "SELECT * FROM space WHERE id = ANY(\(spaceIds))", as: SpaceRow.self),
                    try await fetch(connection, Self.roles(ofSpaces: spaceIds), as: AccessMethodRow.self))
        }
        var spaces = [SpaceRow?](repeating: nil, count: found.spaces.count)
        for space in read.spaces {
            if let slot = found.spaces[space.id] { spaces[slot] = space }
        }
        let roles = ScanSlots.grouped(read.roles, slots: found.spaces, by: \.spaceId)
        var result = found.assembled(spaces: spaces, roles: roles, attendees: attendees)
        result.spacesReadApart = readApart != nil
        // A large scan's rows let go on another core, as SQLite's (`SQLiteStore.scan`); this
        // function's own references go as it returns, before that core takes them up.
        if result.spacesReadApart { LetGo.onAnotherCore((found, spaces, roles, attendees, read)) }
        return result
    }

    /// The access methods of these spaces (no id twice), each space's in the order they were
    /// stored. Up to `oneByOne` spaces, each space's are looked up through the table's key (a
    /// LATERAL subquery for each): `spaceId = ANY($1)`, once the table was analyzed, had
    /// PostgreSQL weigh every id while planning (3 to 5 ms for a week's 370), then read the whole
    /// table (bench/RESULTS.md). The space and attendee tables, one row to an id, are planned
    /// quickly and read by their keys as they are. Of more spaces, the look-ups cost as much.
    static func roles(ofSpaces ids: [String], oneByOne: Int = 1_000) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(ids)
        return PostgresQuery(unsafeSQL: ids.count <= oneByOne
            ? "SELECT found.* FROM unnest($1::text[]) AS wanted (id) CROSS JOIN LATERAL (SELECT * FROM accessMethod WHERE spaceId = wanted.id ORDER BY pos) AS found"
            : "SELECT * FROM accessMethod WHERE spaceId = ANY($1) ORDER BY pos", binds: binds)
    }
}
