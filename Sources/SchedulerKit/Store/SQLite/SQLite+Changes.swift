import GRDB


extension SQLiteStore {
    /// None: one host, and `serve` is poked by its own writes; others' are polled.
    public func changeSignals() -> AsyncStream<Void>? { nil }

    /// The newest change's number (0 when none).
    public func lastMeetingChange() async throws -> Int64 {
        try reading { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM meetingChange") ?? 0 }
    }

    /// Changes after `seq`, oldest first, with the attendees' emails of each meeting.
    public func meetingChanges(after seq: Int64, limit: Int) async throws -> [(change: MeetingChange, attendees: [String])] {
        try reading { db in
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

    /// A meeting's changes still in the log, newest first.
    public func meetingHistory(meetingId: String, limit: Int) async throws -> [MeetingHistoryEntry] {
        try reading { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, via, at FROM meetingChange WHERE meetingId = ? AND at IS NOT NULL ORDER BY seq DESC LIMIT ?",
                arguments: [meetingId, limit]
            ).compactMap { row in
                guard let at = StoredDate.date(row["at"] as DatabaseValue) else { return nil }
                return MeetingHistoryEntry(seq: row["seq"], at: at, origin: ChangeOrigin(stored: row["via"]))
            }
        }
    }

    /// Drops all but the newest `keep` changes.
    public func pruneMeetingChanges(keeping keep: Int64) async throws {
        try writingNow { db in
            try db.execute(sql: "DELETE FROM meetingChange WHERE seq <= (SELECT MAX(seq) FROM meetingChange) - ?", arguments: [keep])
        }
    }
}
