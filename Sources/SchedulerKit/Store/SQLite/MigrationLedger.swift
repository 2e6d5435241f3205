import GRDB
import GRDBSQLite

/// GRDB's record of applied migrations (`grdb_migrations`), read through SQLite's own read-only
/// connection: every command that opens the store asks it first, and a first GRDB connection (its
/// functions, collations and settings, each asking the Swift runtime about a type) costs more
/// (a fast path: bench/RESULTS.md, "Fast paths"). Errors are GRDB's, so the store reports them as it reports any other.
@_spi(Bench) public enum MigrationLedger {
    @_spi(Bench) public static func read(path: String, busyTimeout: Double) throws -> Set<String> {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        let opened = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let connection else { throw failure(connection, code: opened) }
        sqlite3_busy_timeout(connection, Int32(busyTimeout * 1000))
        // A database no cmsched has migrated yet (a new, empty file) has no ledger.
        guard try !rows(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'").isEmpty
        else { return [] }
        return Set(try rows(connection, "SELECT identifier FROM grdb_migrations"))
    }

    /// The first column of every row `sql` returns, as text.
    private static func rows(_ connection: OpaquePointer, _ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        let prepared = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw failure(connection, code: prepared) }
        var values: [String] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return values }
            guard step == SQLITE_ROW else { throw failure(connection, code: step) }
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    private static func failure(_ connection: OpaquePointer?, code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }
}
