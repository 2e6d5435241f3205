import Foundation
import GRDB

/// The versioned schema of the store. Append migrations; never edit a released one.
enum SQLiteSchema {
    /// The migrations, oldest first; their count is the schema version this build writes.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try createVersion1(db)
        }
        migrator.registerMigration("v2") { db in
            // Durations as elapsed seconds (a wall-clock end is ambiguous in a DST fall-back; rows
            // from v1 keep NULL and derive it from "end"); the organizer's membership step of a
            // temporary space ('posting' while its POST may be in flight, then the member's id);
            // the admin override a meeting was booked with; the organizer's name and email.
            try db.execute(sql: """
                ALTER TABLE meeting ADD COLUMN durationSeconds INTEGER;
                ALTER TABLE meeting ADD COLUMN override TEXT;
                ALTER TABLE meeting ADD COLUMN organizerName TEXT;
                ALTER TABLE meeting ADD COLUMN organizerEmail TEXT;
                ALTER TABLE space ADD COLUMN organizerMember TEXT;
                """)
        }
        migrator.registerMigration("v3") { db in
            // A change log that `serve` polls to tell Web Bridges about meetings changed by any
            // process (triggers, so every path that writes a meeting is covered).
            try db.execute(sql: """
                CREATE TABLE meetingChange (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    meetingId TEXT NOT NULL,
                    organizerJid TEXT NOT NULL
                );
                CREATE TRIGGER meeting_change_insert AFTER INSERT ON meeting WHEN NEW.state != 'creating'
                BEGIN INSERT INTO meetingChange (meetingId, organizerJid) VALUES (NEW.id, NEW.organizerJid); END;
                CREATE TRIGGER meeting_change_update AFTER UPDATE ON meeting WHEN NEW.state != 'creating'
                BEGIN INSERT INTO meetingChange (meetingId, organizerJid) VALUES (NEW.id, NEW.organizerJid); END;
                """)
            // Users of serve's HTTPS API (`user add`): bcrypt hashes only.
            try db.execute(sql: """
                CREATE TABLE apiUser (
                    name TEXT PRIMARY KEY,
                    passwordHash TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4") { db in
            // Each meeting's time window (Unix seconds: first start, last end, NULL for a series
            // that never ends), indexed, so a listing of a window reads only the meetings in it.
            try db.execute(sql: """
                ALTER TABLE meeting ADD COLUMN windowStart INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE meeting ADD COLUMN windowEnd INTEGER;
                CREATE INDEX meeting_window ON meeting(state, windowStart, windowEnd);
                """)
            // Whether a recipient already got a meeting's invitation is asked per message sent; sent
            // rows are kept, so without an index each ask read the whole outbox.
            try db.execute(sql: "CREATE INDEX outbox_by_meeting ON outbox(meetingId, recipient)")
            for (id, window) in try windows(db) {
                try db.execute(
                    sql: "UPDATE meeting SET windowStart = ?, windowEnd = ? WHERE id = ?",
                    arguments: [window.start, window.end, id])
            }
        }
        migrator.registerMigration("v5") { db in
            // Who is creating a meeting, until when (Unix seconds): creates run side by side, in
            // any process, and a meeting left `creating` is finished only by the process that
            // claims it (`ClaimHolder`), once its claim lapsed.
            try db.execute(sql: """
                ALTER TABLE meeting ADD COLUMN claimHolder TEXT;
                ALTER TABLE meeting ADD COLUMN claimExpires INTEGER;
                """)
        }
        migrator.registerMigration("v6") { db in
            // The cluster of `serve` instances sharing the store: heartbeats, leases (the daily
            // cleanup's leader), and the job runs of each day.
            for statement in ClusterSQL.tables { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v7") { db in
            // Why the organizer has their role (`OrganizerRoleRule`); NULL for meetings booked before.
            try db.execute(sql: "ALTER TABLE meeting ADD COLUMN organizerRoleRule TEXT")
        }
        migrator.registerMigration("v8") { db in
            // Each API user's role (`APIRole`); the users from before roles are admins.
            try db.execute(sql: "ALTER TABLE apiUser ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'")
        }
        migrator.registerMigration("v9") { db in
            // Who wrote a meeting through which path (`ChangeOrigin`), copied with the time into
            // the change log: a meeting's history. Each scheduler's links in its heartbeat (JSON). The
            // newest rows of a state without sorting all of them (the operations pages' outbox).
            try db.execute(sql: """
                ALTER TABLE meeting ADD COLUMN changedVia TEXT;
                ALTER TABLE schedulerInstance ADD COLUMN links TEXT;
                ALTER TABLE meetingChange ADD COLUMN via TEXT;
                ALTER TABLE meetingChange ADD COLUMN at TEXT;
                CREATE INDEX meetingChange_by_meeting ON meetingChange(meetingId, seq);
                CREATE INDEX outbox_by_state ON outbox(state, id);
                DROP TRIGGER meeting_change_insert;
                DROP TRIGGER meeting_change_update;
                CREATE TRIGGER meeting_change_insert AFTER INSERT ON meeting WHEN NEW.state != 'creating'
                BEGIN INSERT INTO meetingChange (meetingId, organizerJid, via, at) VALUES (NEW.id, NEW.organizerJid, NEW.changedVia, NEW.updatedAt); END;
                CREATE TRIGGER meeting_change_update AFTER UPDATE ON meeting WHEN NEW.state != 'creating'
                BEGIN INSERT INTO meetingChange (meetingId, organizerJid, via, at) VALUES (NEW.id, NEW.organizerJid, NEW.changedVia, NEW.updatedAt); END;
                """)
        }
        migrator.registerMigration("v10") { db in
            // The window's end indexed (an open-ended series' as the largest), then its start: a
            // listing of this week walks the meetings not yet over, not every meeting that began
            // before it, and tells which began too late without reading their rows.
            try db.execute(sql: "CREATE INDEX meeting_window_end ON meeting(state, ifnull(windowEnd, \(StoreSchema.openEnded)), windowStart)")
        }
        return migrator
    }


    /// The window of every meeting row (for the migration that added the columns): from the
    /// meeting read back, or (0, nil) for a row that cannot be.
    private static func windows(_ db: Database) throws -> [(id: String, window: (start: Int, end: Int?))] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM meeting")
        let empty = Space(
            id: "", kind: .existing, state: .ready, coSpaceId: nil, templateId: nil, organizer: "", name: "", uri: nil,
            callId: nil, passcode: nil, secret: nil, roles: [], createdAt: Date(), deletedAt: nil)
        return try rows.map { row in
            let id: String = try row.decode(forColumn: "id")
            guard let meeting = try? MeetingRow(row: row).meeting(space: empty, attendees: []) else { return (id, (0, nil)) }
            return (id, MeetingRow.windowColumns(meeting))
        }
    }

    private static func createVersion1(_ db: Database) throws {
        // Spaces on the Call Bridge that meetings use: temporary ones we create, existing ones we book.
        try db.execute(
            sql: """
                CREATE TABLE space (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('temporary', 'existing')),
                    state TEXT NOT NULL CHECK (state IN ('planned', 'creating', 'ready', 'deleting', 'deleted')),
                    coSpaceId TEXT,
                    templateId TEXT,
                    organizer TEXT NOT NULL,
                    name TEXT NOT NULL,
                    uri TEXT,
                    callId TEXT,
                    passcode TEXT,
                    secret TEXT,
                    createdAt TEXT NOT NULL,
                    deletedAt TEXT
                );
                -- One temporary space per coSpace; an existing space may be booked by many meetings.
                CREATE UNIQUE INDEX space_temporary_coSpace ON space(coSpaceId) WHERE kind = 'temporary';
                CREATE TABLE accessMethod (
                    spaceId TEXT NOT NULL REFERENCES space(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    roleName TEXT NOT NULL,
                    accessMethodId TEXT,
                    uri TEXT,
                    callId TEXT,
                    passcode TEXT,
                    secret TEXT,
                    PRIMARY KEY (spaceId, role)
                );
                CREATE TABLE meeting (
                    id TEXT PRIMARY KEY,
                    key TEXT UNIQUE,
                    uid TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL CHECK (state IN ('creating', 'scheduled', 'cancelled')),
                    name TEXT NOT NULL,
                    organizerJid TEXT NOT NULL,
                    organizerRole TEXT NOT NULL,
                    spaceId TEXT NOT NULL REFERENCES space(id),
                    start TEXT NOT NULL,
                    "end" TEXT NOT NULL,
                    timeZone TEXT NOT NULL,
                    rrule TEXT,
                    exdates TEXT NOT NULL DEFAULT '[]',
                    sequence INTEGER NOT NULL DEFAULT 0,
                    createdAt TEXT NOT NULL,
                    updatedAt TEXT NOT NULL
                );
                CREATE INDEX meeting_by_organizer ON meeting(organizerJid);
                CREATE INDEX meeting_by_space ON meeting(spaceId);
                CREATE TABLE attendee (
                    meetingId TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (meetingId, email)
                );
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    messageId TEXT NOT NULL UNIQUE,
                    meetingId TEXT NOT NULL REFERENCES meeting(id),
                    recipient TEXT NOT NULL,
                    method TEXT NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
                    sequence INTEGER NOT NULL,
                    recurrenceId TEXT,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'superseded', 'dead')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttemptAt TEXT NOT NULL,
                    leaseUntil TEXT,
                    lastError TEXT,
                    createdAt TEXT NOT NULL,
                    sentAt TEXT
                );
                CREATE INDEX outbox_due ON outbox(state, nextAttemptAt);
                CREATE TABLE bulkJob (
                    id TEXT PRIMARY KEY,
                    inputDigest TEXT NOT NULL,
                    source TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('running', 'finished')),
                    startedAt TEXT NOT NULL,
                    finishedAt TEXT
                );
                CREATE TABLE bulkJobRow (
                    jobId TEXT NOT NULL REFERENCES bulkJob(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    meetingId TEXT REFERENCES meeting(id),
                    state TEXT NOT NULL CHECK (state IN ('pending', 'created', 'existing', 'failed')),
                    error TEXT,
                    PRIMARY KEY (jobId, line)
                );
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    command TEXT NOT NULL,
                    startedAt TEXT NOT NULL,
                    finishedAt TEXT,
                    exitCode INTEGER,
                    summary TEXT
                );
                """)
    }
}
