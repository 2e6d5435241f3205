import Foundation
import GRDB


/// The outbox: rows are claimed with a lease, so a crashed sender's rows come back by themselves.
extension SQLiteStore {

    /// How many messages are in each state, counted by SQLite.
    public func outboxCounts() async throws -> [String: Int] {
        try reading { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return counts
        }
    }

    /// The outbox rows `filter` selects (every row by default), oldest first.
    public func outbox(_ filter: OutboxFilter) async throws -> [OutboxEntry] {
        try reading { db in
            var request = filter.newest == nil ? OutboxRow.order(Column("id")) : OutboxRow.order(Column("id").desc)
            if let newest = filter.newest { request = request.limit(newest) }
            if !filter.states.isEmpty { request = request.filter(filter.states.contains(Column("state"))) }
            if let meetingId = filter.meetingId { request = request.filter(Column("meetingId") == meetingId) }
            if let since = filter.since { request = request.filter(Column("createdAt") >= since) }
            return try request.fetchAll(db).map(OutboxEntry.init)
        }
    }

    /// Queues dead rows again for `now` with their attempts reset: those with these ids (only
    /// dead ones), or every dead row. Returns how many were requeued.
    @discardableResult
    public func requeueDead(ids: [Int64]?, now: Date) async throws -> Int {
        try writingNow { db in
            var request = OutboxRow.filter(Column("state") == "dead")
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            return try request.updateAll(
                db, Column("state").set(to: "queued"), Column("attempts").set(to: 0), Column("nextAttemptAt").set(to: now),
                Column("lastError").set(to: nil))
        }
    }

    /// Makes every row waiting out a retry backoff due now.
    public func expireBackoff(now: Date) async throws {
        try writingNow { db in
            _ = try OutboxRow.filter(Column("state") == "queued" && Column("nextAttemptAt") > now)
                .updateAll(db, Column("nextAttemptAt").set(to: now))
        }
    }

    /// Claims up to `limit` due rows for `lease`, one per recipient and meeting: the newest
    /// (`OutboxClaimSQL` says how). One write transaction: claims of other processes wait for it.
    public func claimOutbox(limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry] {
        try writingNow { db in
            try db.execute(sql: OutboxClaimSQL.promoteCancels)
            try db.execute(sql: OutboxClaimSQL.supersedeOlder)
            let due = try OutboxRow.fetchAll(db, sql: """
                SELECT * FROM outbox
                WHERE (state = 'queued' AND nextAttemptAt <= ?) OR (state = 'sending' AND leaseUntil < ?)
                ORDER BY id LIMIT ?
                """, arguments: [now, now, limit])
            for row in due {
                try db.execute(
                    sql: "UPDATE outbox SET state = 'sending', leaseUntil = ? WHERE id = ?",
                    arguments: [now.addingTimeInterval(lease), row.id])
            }
            return due.map(OutboxEntry.init)
        }
    }

    /// The rows `claimOutbox` would claim now, without claiming them (`notify send --dry-run`).
    public func dueOutbox(limit: Int, now: Date) async throws -> [OutboxEntry] {
        try reading { db in
            try OutboxRow.fetchAll(db, sql: """
                SELECT * FROM outbox o
                WHERE ((state = 'queued' AND nextAttemptAt <= ?) OR (state = 'sending' AND leaseUntil < ?))
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox l WHERE l.meetingId = o.meetingId AND l.recipient = o.recipient AND l.id > o.id)
                ORDER BY id LIMIT ?
                """, arguments: [now, now, limit]).map(OutboxEntry.init)
        }
    }

    /// For each of these meetings, the recipients an invitation (REQUEST) to it has reached before:
    /// asked once for a whole batch of rows (a query per message was a tenth of a drain's CPU).
    public func invitedRecipients(meetingIds: [String]) async throws -> [String: Set<String>] {
        try reading { db in
            var invited: [String: Set<String>] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT meetingId, recipient FROM outbox
                WHERE meetingId IN (SELECT value FROM json_each(?)) AND method = 'REQUEST' AND state = 'sent'
                """, arguments: [Self.jsonList(meetingIds)])
            while let row = try rows.next() {
                invited[row["meetingId"] as String, default: []].insert(row["recipient"])
            }
            return invited
        }
    }

    /// Records the server's acceptance (250) of a row.
    public func markSent(_ id: Int64, at now: Date) async throws {
        try update(id, sql: "state = 'sent', sentAt = ?, leaseUntil = NULL, attempts = attempts + 1, lastError = NULL", [now])
    }

    /// Records a failed attempt: queued again for `next`, or dead after `maxAttempts`.
    @discardableResult
    public func markRetry(_ id: Int64, error: String, next: Date, maxAttempts: Int) async throws -> Bool {
        try writingNow { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, lastError = ?, leaseUntil = NULL, nextAttemptAt = ?,
                    state = CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'queued' END
                WHERE id = ?
                """, arguments: [error, next, maxAttempts, id])
            return try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE id = ?", arguments: [id]) == "dead"
        }
    }

    /// Dead-letters a row with the server's permanent refusal.
    public func markDead(_ id: Int64, error: String) async throws {
        try update(id, sql: "state = 'dead', attempts = attempts + 1, lastError = ?, leaseUntil = NULL", [error])
    }

    /// Gives claimed rows back untouched (the run stopped before trying them).
    public func releaseOutbox(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try writingNow { db in
            try db.execute(
                sql: "UPDATE outbox SET state = 'queued', leaseUntil = NULL WHERE state = 'sending' AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(ids))
        }
    }

    private func update(_ id: Int64, sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        try writingNow { db in
            // A few fixed texts, one per kind of update, each prepared once.
            try db.cachedStatement(sql: "UPDATE outbox SET \(sql) WHERE id = ?").execute(arguments: StatementArguments(arguments + [id]))
        }
    }
}
