import Foundation
import PostgresNIO

/// The outbox in the PostgreSQL store, shared by every scheduler (see `OutboxStore`).
extension PostgresStore {
    /// The first key of the outbox claim's transaction lock.
    static let outboxClaimLock = (class: Int32(0x636D_6F62), key: Int32(1))

    public func outboxCounts() async throws -> [String: Int] {
        try await withConnection { connection in
            var counts: [String: Int] = [:]
            for row in try await rows(connection, "SELECT state, count(*) AS n FROM outbox GROUP BY state") {
                counts[try row.value("state", as: String.self)] = try row.value("n", as: Int.self)
            }
            return counts
        }
    }

    public func outbox(_ filter: OutboxFilter) async throws -> [OutboxEntry] {
        var binds = PostgresBindings()
        var conditions = ["TRUE"]
        if !filter.states.isEmpty {
            binds.append(filter.states)
            conditions.append("state = ANY($\(binds.count))")
        }
        if let meetingId = filter.meetingId {
            binds.append(meetingId)
            conditions.append("meetingId = $\(binds.count)")
        }
        if let since = filter.since {
            binds.append(since.stored)
            conditions.append("createdAt >= $\(binds.count)")
        }
        var sql = "SELECT * FROM outbox WHERE \(conditions.joined(separator: " AND ")) ORDER BY id"
        if let newest = filter.newest {
            binds.append(newest)
            sql += " DESC LIMIT $\(binds.count)"
        }
        return try await withConnection {
            try await fetch($0, PostgresQuery(unsafeSQL: sql, binds: binds), as: OutboxRow.self).map(OutboxEntry.init)
        }
    }

    @discardableResult
    public func requeueDead(ids: [Int64]?, now: Date) async throws -> Int {
        try await withConnection { connection in
            try await rows(connection, """
                UPDATE outbox SET state = 'queued', attempts = 0, nextAttemptAt = \(now.stored), lastError = NULL
                WHERE state = 'dead' AND (\(ids == nil) OR id = ANY(\(ids ?? []))) RETURNING id
                """).count
        }
    }

    public func expireBackoff(now: Date) async throws {
        try await withConnection { connection in
            try await connection.query(
                "UPDATE outbox SET nextAttemptAt = \(now.stored) WHERE state = 'queued' AND nextAttemptAt > \(now.stored)",
                logger: logger)
        }
    }

    /// As the SQLite store's, for several schedulers at once: the claims of all of them take
    /// turns on a transaction lock (the supersede steps touch rows across recipients, and two
    /// claims doing so at once could deadlock), and the due rows are taken `FOR UPDATE SKIP
    /// LOCKED`, so a row another scheduler is recording the outcome of is left to it.
    public func claimOutbox(limit: Int, now: Date, lease: TimeInterval) async throws -> [OutboxEntry] {
        let lock = Self.outboxClaimLock
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lock.class), \(lock.key))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: OutboxClaimSQL.promoteCancels), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: OutboxClaimSQL.supersedeOlder), logger: logger)
            let due = try await fetch(connection, """
                SELECT * FROM outbox
                WHERE (state = 'queued' AND nextAttemptAt <= \(now.stored)) OR (state = 'sending' AND leaseUntil < \(now.stored))
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """, as: OutboxRow.self)
            guard !due.isEmpty else { return [] }
            try await connection.query("""
                UPDATE outbox SET state = 'sending', leaseUntil = \(now.addingTimeInterval(lease).stored)
                WHERE id = ANY(\(due.compactMap(\.id)))
                """, logger: logger)
            return due.map(OutboxEntry.init)
        }
    }

    public func dueOutbox(limit: Int, now: Date) async throws -> [OutboxEntry] {
        try await withConnection { connection in
            try await fetch(connection, """
                SELECT * FROM outbox o
                WHERE ((state = 'queued' AND nextAttemptAt <= \(now.stored)) OR (state = 'sending' AND leaseUntil < \(now.stored)))
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox l WHERE l.meetingId = o.meetingId AND l.recipient = o.recipient AND l.id > o.id)
                ORDER BY id LIMIT \(limit)
                """, as: OutboxRow.self).map(OutboxEntry.init)
        }
    }

    public func invitedRecipients(meetingIds: [String]) async throws -> [String: Set<String>] {
        try await withConnection { connection in
            var invited: [String: Set<String>] = [:]
            for row in try await rows(connection, """
                SELECT DISTINCT meetingId, recipient FROM outbox
                WHERE meetingId = ANY(\(meetingIds)) AND method = 'REQUEST' AND state = 'sent'
                """)
            {
                invited[try row.value("meetingId", as: String.self), default: []].insert(try row.value("recipient"))
            }
            return invited
        }
    }

    public func markSent(_ id: Int64, at now: Date) async throws {
        try await withConnection { connection in
            try await connection.query("""
                UPDATE outbox SET state = 'sent', sentAt = \(now.stored), leaseUntil = NULL, attempts = attempts + 1, lastError = NULL
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    @discardableResult
    public func markRetry(_ id: Int64, error: String, next: Date, maxAttempts: Int) async throws -> Bool {
        try await withConnection { connection in
            try await rows(connection, """
                UPDATE outbox SET attempts = attempts + 1, lastError = \(error), leaseUntil = NULL, nextAttemptAt = \(next.stored),
                    state = CASE WHEN attempts + 1 >= \(maxAttempts) THEN 'dead' ELSE 'queued' END
                WHERE id = \(id) RETURNING state
                """).first?.value("state", as: String.self) == "dead"
        }
    }

    public func markDead(_ id: Int64, error: String) async throws {
        try await withConnection { connection in
            try await connection.query(
                "UPDATE outbox SET state = 'dead', attempts = attempts + 1, lastError = \(error), leaseUntil = NULL WHERE id = \(id)",
                logger: logger)
        }
    }

    public func releaseOutbox(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await withConnection { connection in
            try await connection.query(
                "UPDATE outbox SET state = 'queued', leaseUntil = NULL WHERE state = 'sending' AND id = ANY(\(ids))", logger: logger)
        }
    }
}

/// The change log and the API users in the PostgreSQL store.
extension PostgresStore {
    public func lastMeetingChange() async throws -> Int64 {
        try await withConnection { connection in
            try await rows(connection, "SELECT COALESCE(MAX(seq), 0) AS last FROM meetingChange").first?.value("last", as: Int64.self) ?? 0
        }
    }

    public func meetingChanges(after seq: Int64, limit: Int) async throws -> [(change: MeetingChange, attendees: [String])] {
        try await withConnection { connection in
            let changes = try await rows(
                connection, "SELECT seq, meetingId, organizerJid FROM meetingChange WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)"
            ).map { MeetingChange(seq: try $0.value("seq"), meetingId: try $0.value("meetingId"), organizer: try $0.value("organizerJid")) }
            guard !changes.isEmpty else { return [] }
            var emails: [String: [String]] = [:]
            for row in try await rows(connection, """
                SELECT meetingId, email FROM attendee WHERE meetingId = ANY(\(Array(Set(changes.map(\.meetingId))))) ORDER BY email
                """)
            {
                emails[try row.value("meetingId", as: String.self), default: []].append(try row.value("email"))
            }
            return changes.map { ($0, emails[$0.meetingId] ?? []) }
        }
    }

    public func meetingHistory(meetingId: String, limit: Int) async throws -> [MeetingHistoryEntry] {
        try await withConnection { connection in
            try await rows(connection, """
                SELECT seq, via, at FROM meetingChange WHERE meetingId = \(meetingId) AND at IS NOT NULL ORDER BY seq DESC LIMIT \(limit)
                """
            ).compactMap { row in
                guard let at = StoredDate.date(text: try row.value("at", as: String.self)) else { return nil }
                return MeetingHistoryEntry(seq: try row.value("seq"), at: at, origin: ChangeOrigin(stored: try row.value("via", as: String?.self)))
            }
        }
    }

    public func pruneMeetingChanges(keeping keep: Int64) async throws {
        try await withConnection { connection in
            try await connection.query(
                "DELETE FROM meetingChange WHERE seq <= (SELECT MAX(seq) FROM meetingChange) - \(keep)", logger: logger)
        }
    }

    public func apiUsers() async throws -> [APIUser] {
        try await withConnection { connection in
            try await rows(connection, "SELECT name, role, createdAt, updatedAt FROM apiUser ORDER BY name").map {
                APIUser(
                    name: try $0.value("name"), role: try $0.value("role"), createdAt: try $0.value("createdAt"),
                    updatedAt: try $0.value("updatedAt"))
            }
        }
    }

    public func apiUserCredentials(_ name: String) async throws -> (hash: String, role: String)? {
        try await withConnection { connection in
            guard let row = try await rows(connection, "SELECT passwordHash, role FROM apiUser WHERE name = \(name)").first else { return nil }
            return (try row.value("passwordHash"), try row.value("role"))
        }
    }

    @discardableResult
    public func setAPIUser(_ name: String, passwordHash: String, role: APIRole?, at now: String) async throws -> Bool {
        let stored = (role ?? APIRole.newUser).rawValue
        let changesRole = role != nil
        return try await withConnection { connection in
            // `xmax = 0` only for a row this statement inserted.
            try await rows(connection, """
                INSERT INTO apiUser (name, passwordHash, role, createdAt, updatedAt) VALUES (\(name), \(passwordHash), \(stored), \(now), \(now))
                ON CONFLICT (name) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt,
                    role = CASE WHEN \(changesRole) THEN excluded.role ELSE apiUser.role END
                RETURNING (xmax = 0) AS inserted
                """).first?.value("inserted", as: Bool.self) ?? false
        }
    }

    @discardableResult
    public func removeAPIUser(_ name: String) async throws -> Bool {
        try await withConnection { connection in
            !(try await rows(connection, "DELETE FROM apiUser WHERE name = \(name) RETURNING name").isEmpty)
        }
    }
}
