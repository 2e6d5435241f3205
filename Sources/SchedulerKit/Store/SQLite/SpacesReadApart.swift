import Foundation
import GRDB

/// The space and access method tables read whole on a second read-only connection, on another
/// core, while the first connection reads the meeting and attendee tables: a full listing of a
/// large store then takes about the time of its larger half (bench/RESULTS.md, "The store read on
/// two connections").
///
/// Both halves must come from one snapshot of the database. SQLite (Debian's is built without
/// `sqlite3_snapshot_open`) cannot hand a snapshot from one connection to another, so the order
/// is held instead: the first connection reads once (`PRAGMA data_version`), then the second
/// takes its snapshot, then the first reads again. A connection's data version changes when
/// another has committed since its last read, so an unchanged one means nothing was committed
/// between the first read and the second's snapshot, nor before the first connection's own next
/// one: both see the same database. A changed one drops what was read apart
/// (`SQLiteStore.meetings(in:from:until:)` reads it on the first connection instead).
final class SpacesReadApart: Sendable {
    /// The rows read.
    struct Tables: Sendable {
        var spaces: [SpaceRow]
        var roles: KeyRuns<AccessMethodRow>
    }

    /// The reading, on another core: nil when the rows could not be read.
    private let reading: OtherCore<Tables?>

    /// Opens the second connection (`open`) on another thread and starts reading; returns once
    /// that connection has taken its snapshot (or failed to).
    init(open: @escaping @Sendable () throws -> DatabaseQueue) {
        let snapshotTaken = DispatchSemaphore(value: 0)
        reading = OtherCore {
            var signalled = false
            defer { if !signalled { snapshotTaken.signal() } }
            return try? open().read { db in
                // The snapshot is taken by the transaction's first read.
                _ = try Int.fetchOne(db, sql: "PRAGMA data_version")
                snapshotTaken.signal()
                signalled = true
                var spaces: [SpaceRow] = []
                try SpaceRow.forEach(db.makeStatement(sql: "SELECT * FROM space"), arguments: []) { spaces.append($0) }
                let roles = try AccessMethodRow.fetchRuns(db.makeStatement(sql: "SELECT rowid, * FROM accessMethod"), by: \.spaceId)
                return Tables(spaces: spaces, roles: roles)
            }
        }
        snapshotTaken.wait()
    }

    /// The rows, once read; nil when they could not be (the caller reads them itself, and meets
    /// the error there if it is the database's).
    func tables() -> Tables? {
        reading.take() ?? nil
    }

    /// A connection's data version (`PRAGMA data_version`): see the type's comment.
    static func dataVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
    }
}
