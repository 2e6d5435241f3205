import Foundation
import GRDB


/// Meetings in the store. Every method is one transaction, drawn where the invariant must hold.
extension SQLiteStore {
    /// The meeting with this id, unique id prefix (8+ characters) or key.
    public func meeting(reference: String) async throws -> Meeting? {
        try reading { db in
            guard let id = try meetingId(db, reference: reference) else { return nil }
            return try load(db, where: "id = ?", arguments: [id]).first
        }
    }

    /// The meetings with these ids, in any state, read together; rows that cannot be read back
    /// are returned apart, and ids with no meeting are simply absent.
    public func meetings(ids: [String]) async throws -> MeetingScan {
        guard !ids.isEmpty else { return MeetingScan() }
        return try reading { db in try scan(db, where: "id IN (SELECT value FROM json_each(?))", arguments: [Self.jsonList(ids)]) }
    }

    /// `texts` as one JSON array, an argument `json_each(?)` reads as a list (written by
    /// `JSONText`: JSONEncoder's first use costs a search of every protocol conformance).
    static func jsonList(_ texts: [String]) -> String {
        var text = JSONText()
        text.array(texts)
        return text.string
    }

    /// The meeting with this idempotency key, in any state.
    public func meeting(key: String) async throws -> Meeting? {
        try reading { db in try load(db, where: "key = ?", arguments: [key]).first }
    }

    /// The id of the meeting `reference` names: an id, a key, or a prefix (8+ characters, any
    /// case) of one id. A prefix of more than one id is refused (exit 66) saying so: ids are
    /// time-ordered, so meetings made together share their first 12 characters.
    private func meetingId(_ db: Database, reference: String) throws -> String? {
        let exact = try db.cachedStatement(sql: "SELECT id FROM meeting WHERE id = ? OR key = ? ORDER BY id = ? DESC")
        if let id = try String.fetchOne(exact, arguments: [reference, reference, reference]) {
            return id
        }
        guard reference.count >= 8 else { return nil }
        // The ids from the prefix up to the prefix followed by the highest character: a range of
        // the id index, in which `%` and `_` are only characters.
        let prefix = reference.lowercased()
        let ids = try String.fetchAll(
            db, sql: "SELECT id FROM meeting WHERE id >= ? AND id < ? LIMIT 2", arguments: [prefix, prefix + "\u{10FFFF}"])
        guard ids.count < 2 else {
            throw CmschedError.inputMissing("more than one meeting id begins '\(reference)'; give more of the id, or the meeting's key")
        }
        return ids.first
    }

    /// Meetings in the given states, ordered by creation; with `from`/`until`, only those whose time
    /// window (the indexed first start and last end) overlaps `[from, until)`: candidates, whose
    /// occurrences the caller still checks. Rows that cannot be read back are returned apart, so
    /// one bad row never stops the rest.
    public func meetings(in states: [Meeting.State], from: Date?, until: Date?) async throws -> MeetingScan {
        let (condition, arguments) = Self.windowCondition(states, from: from, until: until)
        // A full listing of a large store read through one read-only connection reads its spaces
        // and their access methods on a second connection, on another core, at the same snapshot.
        var apart: (reading: SpacesReadApart, version: Int)?
        if from == nil, until == nil, let secondReader, TwoCores.available {
            let (meetingCount, version) = try reading { db in
                (try Int.fetchOne(db.cachedStatement(sql: "SELECT max(rowid) FROM meeting")) ?? 0, try SpacesReadApart.dataVersion(db))
            }
            if TwoCores.worth(meetingCount) { apart = (SpacesReadApart(open: secondReader), version) }
        }
        return try reading { db in
            let unchanged = try apart.map { try SpacesReadApart.dataVersion(db) == $0.version } ?? false
            return try scan(db, where: condition, arguments: arguments, apart: unchanged ? apart?.reading : nil)
        }
    }

    /// The condition of `meetings(in:from:until:)`, and its arguments.
    static func windowCondition(_ states: [Meeting.State], from: Date?, until: Date?) -> (String, StatementArguments) {
        // Without a window, the table is read in its own order (`+` keeps SQLite off the window
        // index, whose order would make it jump from page to page for every row).
        var condition = "\(from == nil && until == nil ? "+" : "")state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"
        var arguments = StatementArguments(states.map(\.rawValue))
        if let until {
            condition += " AND windowStart < ?"
            arguments += [Int(until.timeIntervalSince1970.rounded(.up))]
        }
        if let from {
            // As the window-end index (v10) holds it: an open-ended series ends last.
            condition += " AND ifnull(windowEnd, \(StoreSchema.openEnded)) > ?"
            arguments += [Int(from.timeIntervalSince1970.rounded(.down))]
        }
        return (condition, arguments)
    }

    /// Meetings whose temporary space is still on the Call Bridge (ready, or half-deleted): what
    /// cleanup looks at. Rows that cannot be read back are returned apart.
    public func meetingsWithLiveTemporarySpaces() async throws -> MeetingScan {
        try reading { db in
            try scan(db, where: """
                state IN ('scheduled', 'cancelled') AND spaceId IN
                    (SELECT id FROM space WHERE kind = 'temporary' AND state IN ('ready', 'deleting'))
                """)
        }
    }

    /// How many scheduled meetings use a temporary space made from this coSpaceTemplate.
    public func meetingsUsing(template id: String) async throws -> Int {
        try reading { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM meeting JOIN space ON space.id = meeting.spaceId
                WHERE space.templateId = ? AND meeting.state = 'scheduled' AND space.state != 'deleted'
                """, arguments: [id]) ?? 0
        }
    }

    /// A meeting row that cannot be read back, by id, unique id prefix or key: enough to delete it.
    public func unreadableMeeting(reference: String) async throws -> (meeting: UnreadableMeeting, space: Space)? {
        try reading { db in
            guard let id = try meetingId(db, reference: reference),
                let unreadable = try scan(db, where: "id = ?", arguments: [id]).unreadable.first,
                let space = try SpaceRow.fetchOne(
                    db, sql: "SELECT * FROM space WHERE id = (SELECT spaceId FROM meeting WHERE id = ?)", arguments: [id])
            else { return nil }
            let roles = try AccessMethodRow.filter(Column("spaceId") == space.id).fetchAll(db).map(\.domain)
            return (unreadable, try space.space(roles: roles))
        }
    }

    /// Marks a meeting cancelled without reading it (for rows that cannot be read back).
    public func markCancelled(meetingId: String, now: Date) async throws {
        try await writing { db in
            try db.execute(
                sql: "UPDATE meeting SET state = 'cancelled', updatedAt = ?, changedVia = ? WHERE id = ?",
                arguments: [now, ChangeOrigin.current.stored, meetingId])
        }
    }

    /// Records a meeting and its space before anything is asked of the Call Bridge, claimed by
    /// `claim` (see `claimCreating`). False, with nothing written, when a meeting with its key is
    /// already there: the key is claimed here, in the transaction that records the work, so two
    /// processes creating the same key make one meeting.
    public func insert(_ meeting: Meeting, claim: Claim) async throws -> Bool {
        try await writing { db in
            // Writes are IMMEDIATE transactions, one at a time: no other insert comes between.
            if let key = meeting.key, try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM meeting WHERE key = ?"), arguments: [key]) ?? 0 > 0 {
                return false
            }
            try self.write(db, space: meeting.space)
            try MeetingRow(meeting, claim: claim).insertRow(db)
            try self.writeAttendees(db, meeting)
            return true
        }
    }

    /// Saves a space's progress on the Call Bridge (its ids, URIs, secrets).
    public func save(_ space: Space) async throws {
        try await writing { db in try self.write(db, space: space) }
    }

    /// Saves a meeting (and its space) and queues its notices in the same transaction.
    public func save(_ meeting: Meeting, notices: [Notice], now: Date) async throws {
        try await writing { db in
            try self.write(db, space: meeting.space)
            try MeetingRow(meeting).upsertRow(db)
            try self.writeAttendees(db, meeting)
            try self.queue(db, notices, of: meeting, now: now)
        }
    }

    /// Schedules a meeting `insert` stored as `creating`, once its space is ready: the space saved,
    /// the meeting's state and update time set and its claim cleared (the rest of its row and its
    /// attendees are as stored; rewriting the row would rewrite each of its indexes), its notices
    /// queued.
    public func schedule(_ meeting: Meeting, notices: [Notice], now: Date) async throws {
        try await writing { db in
            try self.write(db, space: meeting.space)
            try db.cachedStatement(sql: "UPDATE meeting SET state = ?, updatedAt = ?, claimHolder = NULL, claimExpires = NULL WHERE id = ?")
                .execute(arguments: [meeting.state.rawValue, meeting.updatedAt.stored, meeting.id])
            guard db.changesCount == 1 else { throw CmschedError.ioError("meeting \(meeting.id) is no longer in the database") }
            try self.queue(db, notices, of: meeting, now: now)
        }
    }

    private func queue(_ db: Database, _ notices: [Notice], of meeting: Meeting, now: Date) throws {
        for notice in notices {
            let row = OutboxRow(
                id: nil, messageId: "<\(SecureRandom.timeOrderedUUID())@cmsched>", meetingId: meeting.id,
                recipient: notice.recipient, method: notice.method.rawValue, sequence: meeting.sequence,
                recurrenceId: notice.recurrenceId?.description, state: "queued", attempts: 0, nextAttemptAt: now,
                leaseUntil: nil, lastError: nil, createdAt: now, sentAt: nil)
            try row.insertRow(db)
        }
    }

    /// Removes a meeting that never got past `creating` and whose space never reached the Call Bridge.
    public func discard(_ meeting: Meeting) async throws {
        try await writing { db in
            _ = try MeetingRow.deleteOne(db, key: meeting.id)
            if try MeetingRow.filter(Column("spaceId") == meeting.space.id).fetchCount(db) == 0 {
                _ = try SpaceRow.deleteOne(db, key: meeting.space.id)
            }
        }
    }

    /// The outbox rows of a meeting (tests and `notify list` read them).
    public func notices(meetingId: String) async throws -> [(recipient: String, method: String, sequence: Int, recurrenceId: String?)] {
        try reading { db in
            try OutboxRow.filter(Column("meetingId") == meetingId).order(Column("id")).fetchAll(db)
                .map { ($0.recipient, $0.method, $0.sequence, $0.recurrenceId) }
        }
    }

    /// The space's row and its roles; a role still there is updated in place (its row keeps its
    /// place in the stored order, and the key index is not rewritten), one no longer there deleted.
    private func write(_ db: Database, space: Space) throws {
        try SpaceRow(space).upsertRow(db)
        try db.cachedStatement(sql: "DELETE FROM accessMethod WHERE spaceId = ? AND role NOT IN (SELECT value FROM json_each(?))")
            .execute(arguments: [space.id, Self.jsonList(space.roles.map(\.id))])
        for role in space.roles { try AccessMethodRow(spaceId: space.id, role).upsertRow(db) }
    }

    private func writeAttendees(_ db: Database, _ meeting: Meeting) throws {
        try db.cachedStatement(sql: "DELETE FROM attendee WHERE meetingId = ?").execute(arguments: [meeting.id])
        for attendee in meeting.attendees {
            try AttendeeRow(meetingId: meeting.id, email: attendee.email, role: attendee.role).insertRow(db)
        }
    }

    /// The meetings matching `condition`; a row that cannot be read back fails the call (look-ups).
    private func load(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [Meeting] {
        let result = try scan(db, where: condition, arguments: arguments)
        if let bad = result.unreadable.first { throw CmschedError.ioError(bad.reason) }
        return result.meetings
    }

    /// The meetings matching `condition` (SQL on the meeting table), oldest first, with their
    /// spaces, roles and attendees: four queries, however many meetings. `apart`: the space and
    /// access method tables, being read whole on a second connection at this transaction's snapshot.
    func scan(_ db: Database, where condition: String, arguments: StatementArguments = [], apart: SpacesReadApart? = nil) throws -> MeetingScan {
        // Statements are cached: the conditions are a handful of fixed texts, asked again and again.
        let found = ScanSlots(try MeetingRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM meeting WHERE \(condition)"), arguments: arguments))
        let (rows, spaceSlots, meetingSlots) = (found.rows, found.spaces, found.meetings)
        guard !rows.isEmpty else { return MeetingScan() }
        // Most of the meetings there are: the space, role and attendee tables are read whole, in
        // the order they keep their rows, and what belongs is kept. Looking each row up by index,
        // as for a few meetings, was most of a full listing's time in SQLite. (The largest rowid
        // counts the meetings closely enough: meetings are cancelled, rarely deleted.)
        // For fewer, the ids found are looked up (passed as one JSON list: running the meeting
        // query again as a subquery for each table scanned its index range three more times).
        let meetingCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT max(rowid) FROM meeting")) ?? 0
        let whole = rows.count * 4 >= meetingCount
        let ofThese = (
            spaces: whole ? "" : " WHERE id IN (SELECT value FROM json_each(?))",
            roles: whole ? "" : " WHERE spaceId IN (SELECT value FROM json_each(?))",
            attendees: whole ? "" : " WHERE meetingId IN (SELECT value FROM json_each(?))",
            spaceIds: whole ? [] : [Self.jsonList(Array(spaceSlots.keys))] as StatementArguments,
            meetingIds: whole ? [] : [Self.jsonList(rows.map(\.id))] as StatementArguments)
        // A meeting's attendees and a space's roles in the order they were stored (by rowid).
        let attendees = try AttendeeRow.fetchRuns(
            db.cachedStatement(sql: "SELECT rowid, * FROM attendee" + ofThese.attendees), arguments: ofThese.meetingIds, by: \.meetingId
        ).grouped(slots: meetingSlots)
        var spaces = [SpaceRow?](repeating: nil, count: spaceSlots.count)
        if let tables = apart?.tables() {
            for space in tables.spaces { if let slot = spaceSlots[space.id] { spaces[slot] = space } }
            let roles = tables.roles.grouped(slots: spaceSlots)
            var result = found.assembled(spaces: spaces, roles: roles, attendees: attendees)
            result.spacesReadApart = true
            // The rows let go on another core once put together: dropping the last references to
            // their texts took this thread 21 M instructions for the 40,000 rows of the space and
            // access method tables alone, and the time of a fifth of the JSON written after
            // (bench/RESULTS.md).
            LetGo.onAnotherCore((consume found, consume spaces, consume roles, consume attendees, consume tables))
            return result
        }
        try SpaceRow.forEach(db.cachedStatement(sql: "SELECT * FROM space" + ofThese.spaces), arguments: ofThese.spaceIds) { space in
            if let slot = spaceSlots[space.id] { spaces[slot] = space }
        }
        let roles = try AccessMethodRow.fetchRuns(
            db.cachedStatement(sql: "SELECT rowid, * FROM accessMethod" + ofThese.roles), arguments: ofThese.spaceIds, by: \.spaceId
        ).grouped(slots: spaceSlots)
        return found.assembled(spaces: spaces, roles: roles, attendees: attendees)
    }
}

extension SQLiteStore {
    /// Temporary spaces by URI: what cleanup needs to tell cmsched's own spaces from orphans.
    public func temporarySpaceIndex() async throws -> [String: (id: String, coSpaceId: String?)] {
        try reading { db in
            var index: [String: (String, String?)] = [:]
            for row in try SpaceRow.filter(Column("kind") == "temporary").fetchAll(db) {
                if let uri = row.uri { index[uri] = (row.id, row.coSpaceId) }
            }
            return index
        }
    }
}
