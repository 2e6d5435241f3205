import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema: the SQLite store's tables and columns (created unquoted, so their
/// names are in lower case), text compared bytewise (`COLLATE "C"`, as SQLite compares: the
/// stored times sort as text, and an id prefix is a range of the primary key), 64-bit integers.
/// Migrations are named as the SQLite store's: the first one here creates schema v5 whole.
enum PostgresSchema {
    /// The migrations, oldest first: a name and its statements. Append; never edit a released one.
    static let migrations: [(name: String, statements: [String])] = [("v5", version5), ("v6", version6), ("v7", version7), ("v8", version8), ("v9", version9), ("v10", version10),
    ]

    /// The advisory lock (two keys: cmsched's class, then the purpose) that processes opening
    /// the database take while they check and apply migrations: the first migrates, the others
    /// wait, then find every migration applied.
    static let migrationLock = (class: Int32(0x636D_7363), key: Int32(1))

    /// Opens the ledger, refuses a database with a migration this cmsched does not know, and
    /// applies the missing ones, one transaction each, under the migration lock.
    static func migrate(_ store: PostgresStore) async throws {
        try await store.withConnection { connection in
            let logger = store.logger
            if try await applied(connection, logger: logger).count == migrations.count { return }
            try await connection.query(
                "SELECT pg_advisory_lock(\(migrationLock.class), \(migrationLock.key))", logger: logger)
            do {
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS cmsched_migrations (
                        identifier TEXT COLLATE "C" PRIMARY KEY, appliedAt TEXT COLLATE "C" NOT NULL)
                    """, logger: logger)
                let done = try await applied(connection, logger: logger)
                for migration in migrations where !done.contains(migration.name) {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query(
                            "INSERT INTO cmsched_migrations (identifier, appliedAt) VALUES (\(migration.name), \(Date().stored))",
                            logger: logger)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch {
                _ = try? await connection.query(
                    "SELECT pg_advisory_unlock(\(migrationLock.class), \(migrationLock.key))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(migrationLock.class), \(migrationLock.key))", logger: logger)
        }
    }

    /// The migrations applied; a name this cmsched does not know refuses the database (exit 78).
    static func applied(_ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        let exists = try await connection.query("SELECT to_regclass('cmsched_migrations') IS NOT NULL", logger: logger)
        var found = false
        for try await row in exists { found = try row.decode(Bool.self) }
        guard found else { return [] }
        var names: Set<String> = []
        for try await row in try await connection.query("SELECT identifier FROM cmsched_migrations", logger: logger) {
            names.insert(try row.decode(String.self))
        }
        let unknown = names.subtracting(migrations.map(\.name)).sorted()
        guard unknown.isEmpty else {
            throw CmschedError.configuration(
                "the database was written by a newer cmsched (unknown schema migrations: \(unknown.joined(separator: ", "))); refusing to use it. Upgrade cmsched")
        }
        return names
    }

    /// The schema version: the number of the newest migration applied.
    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await applied(connection, logger: logger).compactMap { Int($0.dropFirst()) }.max() ?? 0
    }

    /// The window's end indexed, an open-ended series' as the largest (as the SQLite store's v10).
    private static let version10 = ["CREATE INDEX meeting_window_end ON meeting (state, coalesce(windowEnd, \(StoreSchema.openEnded)), windowStart)"]

    /// Who wrote a meeting through which path, copied into the change log with the time; each
    /// scheduler's links in its heartbeat; the newest outbox rows of a state by index (as the
    /// SQLite store's v9).
    private static let version9 = [
        #"ALTER TABLE meeting ADD COLUMN changedVia TEXT COLLATE "C""#,
        #"ALTER TABLE schedulerInstance ADD COLUMN links TEXT COLLATE "C""#,
        #"ALTER TABLE meetingChange ADD COLUMN via TEXT COLLATE "C""#,
        #"ALTER TABLE meetingChange ADD COLUMN at TEXT COLLATE "C""#,
        "CREATE INDEX meetingChange_by_meeting ON meetingChange (meetingId, seq)",
        "CREATE INDEX outbox_by_state ON outbox (state, id)",
        """
        CREATE OR REPLACE FUNCTION cmsched_meeting_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO meetingChange (meetingId, organizerJid, via, at) VALUES (NEW.id, NEW.organizerJid, NEW.changedVia, NEW.updatedAt);
            PERFORM pg_notify('\(PostgresStore.changeChannel)', '');
            RETURN NULL;
        END $$
        """,
    ]

    /// Each API user's role (as the SQLite store's v8).
    private static let version8 = [#"ALTER TABLE apiUser ADD COLUMN role TEXT COLLATE "C" NOT NULL DEFAULT 'admin'"#]

    /// Why the organizer has their role (as the SQLite store's v7).
    private static let version7 = [#"ALTER TABLE meeting ADD COLUMN organizerRoleRule TEXT COLLATE "C""#]

    /// The cluster tables (as the SQLite store's v6), text compared bytewise.
    private static let version6 = ClusterSQL.tables.map { $0.replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"") } + [
        // Every change also notifies the schedulers' feeds (`LISTEN`), delivered at commit.
        """
        CREATE OR REPLACE FUNCTION cmsched_meeting_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO meetingChange (meetingId, organizerJid) VALUES (NEW.id, NEW.organizerJid);
            PERFORM pg_notify('\(PostgresStore.changeChannel)', '');
            RETURN NULL;
        END $$
        """,
    ]

    private static let version5: [String] = [
        """
        CREATE TABLE space (
            id TEXT COLLATE "C" PRIMARY KEY,
            kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('temporary', 'existing')),
            state TEXT COLLATE "C" NOT NULL CHECK (state IN ('planned', 'creating', 'ready', 'deleting', 'deleted')),
            coSpaceId TEXT COLLATE "C",
            templateId TEXT COLLATE "C",
            organizer TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            uri TEXT COLLATE "C",
            callId TEXT COLLATE "C",
            passcode TEXT COLLATE "C",
            secret TEXT COLLATE "C",
            createdAt TEXT COLLATE "C" NOT NULL,
            deletedAt TEXT COLLATE "C",
            organizerMember TEXT COLLATE "C"
        )
        """,
        "CREATE UNIQUE INDEX space_temporary_cospace ON space (coSpaceId) WHERE kind = 'temporary'",
        // `pos` keeps the order rows were first stored in (SQLite's rowid): a space's roles and a
        // meeting's attendees are read back in it.
        """
        CREATE TABLE accessMethod (
            pos BIGINT GENERATED ALWAYS AS IDENTITY,
            spaceId TEXT COLLATE "C" NOT NULL REFERENCES space (id) ON DELETE CASCADE,
            role TEXT COLLATE "C" NOT NULL,
            roleName TEXT COLLATE "C" NOT NULL,
            accessMethodId TEXT COLLATE "C",
            uri TEXT COLLATE "C",
            callId TEXT COLLATE "C",
            passcode TEXT COLLATE "C",
            secret TEXT COLLATE "C",
            PRIMARY KEY (spaceId, role)
        )
        """,
        """
        CREATE TABLE meeting (
            id TEXT COLLATE "C" PRIMARY KEY,
            key TEXT COLLATE "C" UNIQUE,
            uid TEXT COLLATE "C" NOT NULL UNIQUE,
            state TEXT COLLATE "C" NOT NULL CHECK (state IN ('creating', 'scheduled', 'cancelled')),
            name TEXT COLLATE "C" NOT NULL,
            organizerJid TEXT COLLATE "C" NOT NULL,
            organizerRole TEXT COLLATE "C" NOT NULL,
            spaceId TEXT COLLATE "C" NOT NULL REFERENCES space (id),
            start TEXT COLLATE "C" NOT NULL,
            "end" TEXT COLLATE "C" NOT NULL,
            timeZone TEXT COLLATE "C" NOT NULL,
            rrule TEXT COLLATE "C",
            exdates TEXT COLLATE "C" NOT NULL DEFAULT '[]',
            sequence BIGINT NOT NULL DEFAULT 0,
            createdAt TEXT COLLATE "C" NOT NULL,
            updatedAt TEXT COLLATE "C" NOT NULL,
            durationSeconds BIGINT,
            override TEXT COLLATE "C",
            organizerName TEXT COLLATE "C",
            organizerEmail TEXT COLLATE "C",
            windowStart BIGINT NOT NULL DEFAULT 0,
            windowEnd BIGINT,
            claimHolder TEXT COLLATE "C",
            claimExpires BIGINT
        )
        """,
        "CREATE INDEX meeting_by_organizer ON meeting (organizerJid)",
        "CREATE INDEX meeting_by_space ON meeting (spaceId)",
        "CREATE INDEX meeting_window ON meeting (state, windowStart, windowEnd)",
        """
        CREATE TABLE attendee (
            pos BIGINT GENERATED ALWAYS AS IDENTITY,
            meetingId TEXT COLLATE "C" NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
            email TEXT COLLATE "C" NOT NULL,
            role TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (meetingId, email)
        )
        """,
        """
        CREATE TABLE outbox (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            messageId TEXT COLLATE "C" NOT NULL UNIQUE,
            meetingId TEXT COLLATE "C" NOT NULL REFERENCES meeting (id),
            recipient TEXT COLLATE "C" NOT NULL,
            method TEXT COLLATE "C" NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
            sequence BIGINT NOT NULL,
            recurrenceId TEXT COLLATE "C",
            state TEXT COLLATE "C" NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'superseded', 'dead')),
            attempts BIGINT NOT NULL DEFAULT 0,
            nextAttemptAt TEXT COLLATE "C" NOT NULL,
            leaseUntil TEXT COLLATE "C",
            lastError TEXT COLLATE "C",
            createdAt TEXT COLLATE "C" NOT NULL,
            sentAt TEXT COLLATE "C"
        )
        """,
        "CREATE INDEX outbox_due ON outbox (state, nextAttemptAt)",
        "CREATE INDEX outbox_by_meeting ON outbox (meetingId, recipient)",
        // The change log `serve` follows, written by trigger so every path that writes a meeting
        // is covered.
        """
        CREATE TABLE meetingChange (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            meetingId TEXT COLLATE "C" NOT NULL,
            organizerJid TEXT COLLATE "C" NOT NULL
        )
        """,
        """
        CREATE FUNCTION cmsched_meeting_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO meetingChange (meetingId, organizerJid) VALUES (NEW.id, NEW.organizerJid);
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER meeting_change_insert AFTER INSERT ON meeting FOR EACH ROW
        WHEN (NEW.state <> 'creating') EXECUTE FUNCTION cmsched_meeting_change()
        """,
        """
        CREATE TRIGGER meeting_change_update AFTER UPDATE ON meeting FOR EACH ROW
        WHEN (NEW.state <> 'creating') EXECUTE FUNCTION cmsched_meeting_change()
        """,
        """
        CREATE TABLE apiUser (
            name TEXT COLLATE "C" PRIMARY KEY,
            passwordHash TEXT COLLATE "C" NOT NULL,
            createdAt TEXT COLLATE "C" NOT NULL,
            updatedAt TEXT COLLATE "C" NOT NULL
        )
        """,
        """
        CREATE TABLE bulkJob (
            id TEXT COLLATE "C" PRIMARY KEY,
            inputDigest TEXT COLLATE "C" NOT NULL,
            source TEXT COLLATE "C" NOT NULL,
            state TEXT COLLATE "C" NOT NULL CHECK (state IN ('running', 'finished')),
            startedAt TEXT COLLATE "C" NOT NULL,
            finishedAt TEXT COLLATE "C"
        )
        """,
        """
        CREATE TABLE bulkJobRow (
            jobId TEXT COLLATE "C" NOT NULL REFERENCES bulkJob (id) ON DELETE CASCADE,
            line BIGINT NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            meetingId TEXT COLLATE "C" REFERENCES meeting (id),
            state TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'created', 'existing', 'failed')),
            error TEXT COLLATE "C",
            PRIMARY KEY (jobId, line)
        )
        """,
        """
        CREATE TABLE run (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            command TEXT COLLATE "C" NOT NULL,
            startedAt TEXT COLLATE "C" NOT NULL,
            finishedAt TEXT COLLATE "C",
            exitCode BIGINT,
            summary TEXT COLLATE "C"
        )
        """,
    ]
}
