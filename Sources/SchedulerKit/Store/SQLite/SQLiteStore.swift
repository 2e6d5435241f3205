import Foundation
import GRDB
import Synchronization

/// The SQLite store (one host, the embedded default): one connection pool per database per process, WAL, IMMEDIATE writes.
public final class SQLiteStore: SchedulerStore {
    /// The database file.
    public let path: String
    /// A pool (a writer and readers), or for a process that only reads a migrated store, one
    /// read-only connection (`open(path:readOnly:)`).
    let pool: any DatabaseWriter
    /// For a store read through one read-only connection: opens another, for a full listing's
    /// space and access method tables (`SpacesReadApart`).
    let secondReader: (@Sendable () throws -> DatabaseQueue)?
    /// How many of this store's task writes are under way.
    private let writesUnderWay = Atomic<Int>(0)

    /// How long a write waits for another process's write before giving up (exit 75).
    public static let busyTimeout: TimeInterval = 10

    /// SQLite's page cache per connection, in KiB (its default is 2,000). The OS caches the file
    /// anyway: a quarter of the default read and wrote as fast (bulk create, full list, export,
    /// measured) and kept a bulk run 1.5 MB smaller; `serve` holds up to six connections.
    static let cacheKiB = 512

    /// The database file's device and inode when it was opened: a file removed or replaced under
    /// a running process (restored from a backup, deleted by mistake) is another file, and writes
    /// into the old one would be lost at the next start.
    private let identity: FileIdentity?

    private init(path: String, pool: any DatabaseWriter, secondReader: (@Sendable () throws -> DatabaseQueue)? = nil) {
        self.path = path
        self.pool = pool
        self.secondReader = secondReader
        identity = FileIdentity(path)
    }

    /// Fails (store unavailable, 74) when the file at `path` is no longer the one this store opened.
    func checkStillTheFile() throws {
        guard let identity, FileIdentity(path) != identity else { return }
        throw CmschedError.storeUnavailable(
            "database \(path) was removed or replaced since this process opened it: nothing more is written to the old file; restart to use the file there now")
    }

    /// Free space below which the store's disk counts as full (SQLite's writes would soon fail).
    public static let leastFreeBytes: UInt64 = 16 << 20

    public func checkFile() throws {
        try checkStillTheFile()
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return }
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        guard free >= Self.leastFreeBytes else {
            throw CmschedError.storeUnavailable("the disk of database \(path) is full (\(free >> 10) KiB free)")
        }
    }

    /// Opens (creating if needed) and migrates the store; refuses a database from a newer cmsched.
    /// With `readOnly` (a command that only reads: a listing, an export), a store that needs no
    /// migration is read through one read-only connection: a pool's writer, its journal set-up and
    /// then a reader were 4 % of a one-week listing (bench/RESULTS.md). Any write through it
    /// fails (SQLite: read-only database).
    public static func open(path: String, readOnly: Bool = false) throws -> SQLiteStore {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CmschedError.ioError("cannot create database folder \(folder): \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "cmsched"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)") }
        try restrictPermissions(path)
        return try translatingErrors(path: path) {
            // A newer database is refused before the pool opens: opening one can write (GRDB
            // commits to an empty WAL). A store already at this version skips the migrator.
            let migrator = SQLiteSchema.migrator
            if try appliedMigrations(path: path, migrator: migrator).count == migrator.migrations.count {
                if readOnly {
                    var reading = configuration
                    reading.readonly = true
                    return SQLiteStore(
                        path: path, pool: try DatabaseQueue(path: path, configuration: reading),
                        secondReader: { [reading] in try DatabaseQueue(path: path, configuration: reading) })
                }
                return SQLiteStore(path: path, pool: try DatabasePool(path: path, configuration: configuration))
            }
            // Processes started at once on a database to migrate (a new one, a new cmsched) open
            // and migrate it one at a time: the first to hold the lock turns it to WAL and
            // migrates; the others wait, then find every migration applied.
            let lock = try LockFile(beside: path, job: "schema migration", wait: .seconds(busyTimeout))
            defer { lock.release() }
            let applied = try appliedMigrations(path: path, migrator: migrator)
            let pool = try DatabasePool(path: path, configuration: configuration)
            if applied.count < migrator.migrations.count { try migrator.migrate(pool) }
            return SQLiteStore(path: path, pool: pool)
        }
    }

    /// The database holds passcodes and secrets: it is created 0600 (SQLite gives its -wal and
    /// -shm files the same mode), and an existing one readable by others is narrowed to 0600.
    private static func restrictPermissions(_ path: String) throws {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CmschedError.ioError("cannot open database \(path): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & 0o077 != 0 { _ = fchmod(descriptor, 0o600) }
    }

    /// The migrations applied to the database at `path`, read through a read-only connection so a
    /// newer database (one with migrations this cmsched does not know) is refused untouched.
    private static func appliedMigrations(path: String, migrator: DatabaseMigrator) throws -> Set<String> {
        let applied = try MigrationLedger.read(path: path, busyTimeout: busyTimeout)
        let unknown = applied.subtracting(migrator.migrations).sorted()
        guard unknown.isEmpty else {
            throw CmschedError.configuration(
                "database \(path) was written by a newer cmsched (unknown schema migrations: \(unknown.joined(separator: ", "))); refusing to use it. Upgrade cmsched or use another database file")
        }
        return applied
    }

    public var location: String { path }
    public var localPath: String { path }

    public func schemaVersion() async throws -> Int {
        try reading { try SQLiteSchema.migrator.appliedIdentifiers($0).count }
    }

    public func checkResponsive() async throws -> Int {
        try writingNow { db in
            try db.execute(sql: "SELECT count(*) FROM meeting")
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS probe(x); DROP TABLE probe")
        }
        return try await schemaVersion()
    }

    /// `body` in one read transaction, on the calling thread (a read is brief; a task waits for
    /// none but a checkpoint).
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.translatingErrors(path: path) { try pool.read(body) }
    }

    /// `updates` in one write transaction, on the calling thread (the outbox and API users' small
    /// writes; a task's meeting writes go through `writing`).
    func writingNow<T>(_ updates: (Database) throws -> T) throws -> T {
        try checkStillTheFile()
        return try Self.translatingErrors(path: path) { try pool.write(updates) }
    }

    /// Runs `body` and turns SQLite failures into cmsched errors with exit codes.
    static func translatingErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw translated(error, path: path)
        }
    }

    /// `updates` in one write transaction, for a task. When no other write is under way it runs
    /// at once on the calling thread. Otherwise it would hold that thread, one of the two or so
    /// every task shares, until the other write and any checkpoint's fsync were done: a bulk run's
    /// meetings then waited for a thread while their replies were in. So it is handed to the
    /// writer's own queue, and the task waits suspended (a thread hand-off each way, which a lone
    /// write is spared). Task cancellation does not cut it short: what the Call Bridge did is
    /// always recorded.
    func writing<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try checkStillTheFile()
        let alone = writesUnderWay.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == 1
        defer { writesUnderWay.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
        // GRDB's synchronous write: in this async function `pool.write` would name its async one.
        func onThisThread() throws -> T { try pool.write(updates) }
        do {
            if alone { return try onThisThread() }
            return try await withCheckedThrowingContinuation { continuation in
                pool.asyncWrite(updates) { _, result in continuation.resume(with: result) }
            }
        } catch {
            throw Self.translated(error, path: path)
        }
    }

    /// A SQLite failure as a cmsched error with its exit code (cmsched's own errors as they are).
    private static func translated(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        let detail = "database \(path): \(error.message ?? error.resultCode.description)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CmschedError.temporary("\(detail) (another cmsched is writing; try again)")
        case .SQLITE_PERM, .SQLITE_AUTH:
            return CmschedError.permission(detail)
        case .SQLITE_FULL, .SQLITE_READONLY:
            return CmschedError.storeUnavailable(detail)
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return CmschedError.ioError(detail)
        default:
            return CmschedError.internalError(detail)
        }
    }
}

/// A file's device and inode number.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` now; nil when there is none.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
