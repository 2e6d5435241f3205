import GRDB

/// A meeting written by some process, as the change log recorded it.
public struct MeetingChange: Sendable, Equatable {
    public var seq: Int64
    public var meetingId: String
    public var organizer: String
}

extension Store {
    /// The newest change's number (0 when none).
    public func lastMeetingChange() throws -> Int64 {
        try Self.translatingErrors(path: path) {
            try pool.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM meetingChange") ?? 0 }
        }
    }

    /// Changes after `seq`, oldest first, with the attendees' emails of each meeting.
    public func meetingChanges(after seq: Int64, limit: Int = 1000) throws -> [(change: MeetingChange, attendees: [String])] {
        try Self.translatingErrors(path: path) {
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT seq, meetingId, organizerJid FROM meetingChange WHERE seq > ? ORDER BY seq LIMIT ?",
                    arguments: [seq, limit])
                return try rows.map { row in
                    let change = MeetingChange(seq: row["seq"], meetingId: row["meetingId"], organizer: row["organizerJid"])
                    let emails = try String.fetchAll(db, sql: "SELECT email FROM attendee WHERE meetingId = ? ORDER BY email", arguments: [change.meetingId])
                    return (change, emails)
                }
            }
        }
    }

    /// Drops all but the newest `keep` changes.
    public func pruneMeetingChanges(keeping keep: Int64 = 10_000) throws {
        try Self.translatingErrors(path: path) {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM meetingChange WHERE seq <= (SELECT MAX(seq) FROM meetingChange) - ?", arguments: [keep])
            }
        }
    }
}
