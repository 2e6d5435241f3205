import Foundation
import GRDB
import GRDBSQLite

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

/// Records in the order of their rowids, cut where the key changes: a table read whole keeps a
/// space's roles together, so they are grouped by comparing each key with the one before rather
/// than by hashing each (one look-up per run, by the reader of the slots).
struct KeyRuns<Record: Sendable>: Sendable {
    var keys: [String] = []
    var runs: [[Record]] = []

    /// `record` after the others: in the last run when its key is that run's, else in a new one.
    mutating func append(_ record: consuming Record, key: String) {
        if let last = keys.last, last == key {
            runs[runs.count - 1].append(record)
        } else {
            keys.append(key)
            runs.append([record])
        }
    }

    /// The runs put in the slots of their keys (runs whose key has none are left out): a key
    /// that comes back later has its runs joined in rowid order.
    func grouped(slots: [String: Int]) -> [[Record]] {
        var groups = [[Record]](repeating: [], count: slots.count)
        for index in keys.indices {
            guard let slot = slots[keys[index]] else { continue }
            if groups[slot].isEmpty { groups[slot] = runs[index] } else { groups[slot] += runs[index] }
        }
        return groups
    }
}

extension ColumnRecord where Self: Sendable {
    /// The records `statement` returns (it selects `rowid` first) as runs of one key, in rowid order.
    static func fetchRuns(_ statement: Statement, by key: (Self) -> String) throws -> KeyRuns<Self> {
        var result = KeyRuns<Self>()
        var rowids: [Int64] = []
        try forEach(statement, arguments: []) { (record: consuming Self) in
            rowids.append(sqlite3_column_int64(statement.sqliteStatement, 0))
            result.append(record, key: key(record))
        }
        // A table read whole comes in rowid order; should SQLite choose otherwise, it is sorted.
        guard !zip(rowids, rowids.dropFirst()).allSatisfy({ $0 < $1 }) else { return result }
        let records = result.runs.flatMap { $0 }
        var sorted = KeyRuns<Self>()
        for index in rowids.indices.sorted(by: { rowids[$0] < rowids[$1] }) { sorted.append(records[index], key: key(records[index])) }
        return sorted
    }
}
