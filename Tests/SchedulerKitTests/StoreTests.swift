import Foundation
import GRDB
import Testing
import TestSupport

@_spi(Bench) @testable import SchedulerKit

@Suite("the SQLite store")
struct StoreTests {
    func temporaryPath() -> String {
        StaleFolders.path(prefix: "cmsched-store-") + "/cmsched.sqlite"
    }

    /// A path whose folder exists, for a file a test writes before the store opens it.
    func temporaryPathInFolder() throws -> String {
        let path = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return path
    }

    /// The error opening the store at `path` fails with; nil (and a test issue) when it opens.
    func refusal(_ path: String, of what: String) throws -> CmschedError? {
        do {
            _ = try SQLiteStore.open(path: path)
            Issue.record("\(what) was opened")
            return nil
        } catch let error as CmschedError {
            return error
        }
    }

    @Test func openCreatesAWalDatabaseAtTheCurrentSchema() async throws {
        let store = try SQLiteStore.open(path: temporaryPath())
        #expect(try await store.schemaVersion() == StoreSchema.currentVersion)
        let mode = try await store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // Every connection, the writer's and the readers', caches 512 KiB.
        await #expect(try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -SQLiteStore.cacheKiB)
        await #expect(try store.pool.write { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -SQLiteStore.cacheKiB)
        #expect(try await store.checkResponsive() == StoreSchema.currentVersion)
    }

    @Test func reopeningDoesNotMigrateAgain() throws {
        let path = temporaryPath()
        _ = try SQLiteStore.open(path: path)
        let store = try SQLiteStore.open(path: path)
        let count = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") }
        #expect(count == StoreSchema.currentVersion)
    }

    @Test func openingsOfANewDatabaseAtOnceMigrateItOnce() async throws {
        let path = try temporaryPathInFolder()
        let opened = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    do { return .success(try await SQLiteStore.open(path: path).schemaVersion()) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try opened.map { try $0.get() } == Array(repeating: StoreSchema.currentVersion, count: 4))
        let count = try await SQLiteStore.open(path: path).pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") }
        #expect(count == StoreSchema.currentVersion)
    }

    @Test func schemaVersionMatchesTheMigrations() {
        #expect(SQLiteSchema.migrator.migrations.count == StoreSchema.currentVersion)
    }

    /// A record read through `ColumnReader`, for the test below.
    struct Sample: ColumnRecord, Equatable {
        static let databaseTableName = "sample"
        static let keyColumns = ["name"]
        var name: String
        var count: Int?
        var at: Date?

        init<Columns: ColumnSource>(_ column: inout Columns) throws {
            name = try column("name")
            count = try column("count")
            at = try column("at")
        }

        func write<Writer: ColumnWriter>(to column: inout Writer) {
            column("name", name)
            column("count", count)
            column("at", at?.stored)
        }
    }

    @Test func columnsLookedUpOncePerStatementReadWhatNamesRead() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE sample (name TEXT NOT NULL, count INTEGER, at TEXT)")
            try db.execute(sql: "INSERT INTO sample VALUES ('a', 1, '2026-12-01 09:00:00.000'), ('b', NULL, NULL), ('c', 3, NULL)")
        }
        try queue.read { db in
            for sql in [
                "SELECT * FROM sample", "SELECT at, 7 AS other, count, name FROM sample", "SELECT NAME, Count, AT FROM sample",
                "SELECT name FROM sample", "SELECT count, name FROM sample",
            ] {
                let byPosition = try Sample.fetchAll(db.makeStatement(sql: sql), arguments: [])
                let byName = try Row.fetchAll(db, sql: sql).map { try Sample(row: $0) }
                #expect(byPosition == byName, "\(sql)")
                #expect(byPosition.map(\.name) == ["a", "b", "c"], "\(sql)")
            }
            #expect(try Sample.fetchAll(db.makeStatement(sql: "SELECT * FROM sample"), arguments: []).map(\.count) == [1, nil, 3])
            #expect(throws: (any Error).self) { try Sample.fetchAll(db.makeStatement(sql: "SELECT count FROM sample"), arguments: []) }
        }
    }

    @Test func storedTimesAreReadAsGRDBReadsThem() throws {
        var generator = SystemRandomNumberGenerator()
        // Whole milliseconds, fractions of one either side, the epoch, and far years.
        var dates = [0, -0.0005, 0.0005, 0.9999, -1, 1_764_580_000.039, 1_764_580_000.0395, -62_135_596_800, 253_402_300_799.999]
            .map { Date(timeIntervalSince1970: $0) }
        dates += (0..<2_000).map { _ in Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...5_000_000_000, using: &generator)) }
        dates += (0..<500).map { _ in Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000_000, using: &generator)) / 1_000) }
        // Half a millisecond past a whole one, before and after 1970 (the formatter rounds those up).
        dates += (0..<1_000).map { Date(timeIntervalSince1970: Double(($0 - 500) * 3_999_999_937) / 1_000 + 0.0005) }
        for date in dates {
            let text = StoredDate.text(date)
            let value = text.databaseValue
            // The same instant (Foundation's calendar sums differently within days of 2001-01-01,
            // by a fraction of a microsecond).
            let read = try #require(StoredDate.date(value)), grdb = try #require(Date.fromDatabaseValue(value))
            #expect(abs(read.timeIntervalSince(grdb)) < 1e-6, "\(text)")
            #expect(StoredDate.text(read) == String.fromDatabaseValue(grdb.databaseValue))
        }
        // Other forms SQLite and GRDB accept are read as GRDB reads them; what is no time is nil.
        for text in ["2026-12-01", "2026-12-01 09:00", "2026-12-01T09:00:00", "2026-12-01 09:00:00.5", "2026-02-30 09:00:00.000", "2026-13-01 09:00:00.000", "soon"] {
            #expect(StoredDate.date(text.databaseValue) == Date.fromDatabaseValue(text.databaseValue), "\(text)")
        }
        #expect(StoredDate.date(1_764_580_000.databaseValue) == Date(timeIntervalSince1970: 1_764_580_000))
        #expect(StoredDate.date("soon".databaseValue) == nil)
    }

    @Test func rowsReadBackAsWrittenAndAnUpsertUpdatesInPlace() throws {
        let store = try SQLiteStore.open(path: temporaryPath())
        let stamp = Date(timeIntervalSince1970: 1_764_580_000.25)
        var space = Space(
            id: "s1", kind: .temporary, state: .creating, coSpaceId: nil, templateId: "t", organizer: "o@example.com",
            name: "Board", uri: "board", callId: "100", passcode: nil, secret: "x", roles: [], createdAt: stamp, deletedAt: nil,
            organizerMember: Space.memberPosting)
        func stored(_ db: Database) throws -> [Space] {
            try SpaceRow.fetchAll(db.makeStatement(sql: "SELECT * FROM space ORDER BY rowid"), arguments: []).map { try $0.space(roles: []) }
        }
        try store.pool.write { db in
            try SpaceRow(space).insertRow(db)
            #expect(try stored(db) == [space])
            #expect(throws: DatabaseError.self) { try SpaceRow(space).insertRow(db) }
            space.state = .ready
            space.coSpaceId = "c1"
            space.organizerMember = "m1"
            space.deletedAt = stamp.addingTimeInterval(60)
            try SpaceRow(space).upsertRow(db)
            #expect(try stored(db) == [space])
            // An upsert of a new key inserts it.
            var other = space
            other.id = "s2"
            other.coSpaceId = "c2"
            try SpaceRow(other).upsertRow(db)
            #expect(try stored(db) == [space, other])
        }
    }

    @Test func newerDatabaseIsRefusedAsConfiguration() throws {
        let path = temporaryPath()
        let store = try SQLiteStore.open(path: path)
        try store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v2-from-the-future')") }
        let error = try refusal(path, of: "a newer database")
        #expect(error?.exitStatus == .configuration)
        #expect(error?.message.contains("v2-from-the-future") == true)
    }

    @Test func notADatabaseIsAnIOError() throws {
        let path = try temporaryPathInFolder()
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = try refusal(path, of: "a file of 'A's")
        #expect(error?.exitStatus == .ioError)
        #expect(error?.message.hasPrefix("database \(path): ") == true)
    }

    @Test func aWindowIsFoundByTheEndsOfTheMeetingsNotOverYet() throws {
        // A listing of this week walks the meetings whose window ends after its start (an
        // open-ended series' last of all), not every meeting that began before its end.
        let store = try SQLiteStore.open(path: temporaryPath())
        let now = Date()
        for (from, until) in [(now, now.addingTimeInterval(7 * 86_400)), (now, nil)] as [(Date, Date?)] {
            let (condition, arguments) = SQLiteStore.windowCondition([.scheduled], from: from, until: until)
            #expect(try plan(store, condition, arguments).contains("INDEX meeting_window_end "))
        }
        // A window with no start is found by the starts.
        let (condition, arguments) = SQLiteStore.windowCondition([.scheduled], from: nil, until: now)
        #expect(try plan(store, condition, arguments).contains("INDEX meeting_window ("))
    }

    /// How SQLite would find the meetings matching `condition`.
    func plan(_ store: SQLiteStore, _ condition: String, _ arguments: StatementArguments) throws -> String {
        try store.pool.read {
            try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN SELECT * FROM meeting WHERE \(condition)", arguments: arguments)
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    @Test func aReaderReadsAMigratedStoreThroughOneReadOnlyConnection() async throws {
        let path = temporaryPath()
        let writer = try SQLiteStore.open(path: path)
        try await writer.markCancelled(meetingId: "none", now: Date())
        let reader = try SQLiteStore.open(path: path, readOnly: true)
        #expect(reader.pool is DatabaseQueue)
        #expect(writer.pool is DatabasePool)
        #expect(try await reader.schemaVersion() == StoreSchema.currentVersion)
        #expect(try await reader.meetings(in: [.scheduled], from: nil, until: nil).meetings.isEmpty)
        // A write through it is refused by SQLite, as the store's own error (never a crash).
        await #expect(throws: CmschedError.self) { try await reader.markCancelled(meetingId: "none", now: Date()) }
    }

    @Test func aReaderOfAStoreThatNeedsMigratingMigratesIt() async throws {
        // A new file (or one an older cmsched wrote) is made current first, whoever opens it.
        let reader = try SQLiteStore.open(path: temporaryPath(), readOnly: true)
        #expect(reader.pool is DatabasePool)
        #expect(try await reader.schemaVersion() == StoreSchema.currentVersion)
    }

    @Test func aLedgerWithoutMigrationsTableIsAnUnmigratedDatabase() async throws {
        // A database some other tool made (tables, but no grdb_migrations) is migrated, not refused.
        let path = try temporaryPathInFolder()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { try $0.execute(sql: "CREATE TABLE unrelated (x)") }
        try queue.close()
        let store = try SQLiteStore.open(path: path)
        #expect(try await store.schemaVersion() == SQLiteSchema.migrator.migrations.count)
    }

    @Test func apiUsersFromBeforeRolesBecomeAdmins() async throws {
        let path = try temporaryPathInFolder()
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v7")
        try await queue.write {
            try $0.execute(sql: "INSERT INTO apiUser (name, passwordHash, createdAt, updatedAt) VALUES ('old', 'h', 'x', 'x')")
        }
        try queue.close()
        let store = try SQLiteStore.open(path: path)
        #expect(try await store.apiUserCredentials("old")?.role == "admin")
        #expect(try await store.apiUsers().map(\.role) == ["admin"])
    }

    @Test func tasksWaitingForTheWriterLeaveTheirThreadsToOtherTasks() async throws {
        // A thread of its own holds the store's writer while six tasks, on two threads of theirs,
        // save spaces. Only the first may wait on its thread; the others wait suspended, so a task
        // started meanwhile on those two threads still runs before the writer is free. With every
        // write waiting on its thread, it could run only after.
        let store = try SQLiteStore.open(path: temporaryPath())
        let threads = TwoThreads()
        defer { threads.stop() }
        let probed = DispatchSemaphore(value: 0)
        let probeRanWhileHeld = Flag()
        await withCheckedContinuation { (held: CheckedContinuation<Void, Never>) in
            Thread {
                store.pool.writeWithoutTransaction { _ in
                    held.resume()
                    Thread.sleep(forTimeInterval: 0.3)  // the saves below reach the writer meanwhile
                    Task(executorPreference: threads) { probed.signal() }
                    if probed.wait(timeout: .now() + 5) == .success { probeRanWhileHeld.raise() }
                }
            }.start()
        }
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask(executorPreference: threads) {
                    try await store.save(Space(
                        id: "s\(index)", kind: .existing, state: .ready, coSpaceId: "c\(index)", templateId: nil,
                        organizer: "o@s.com", name: "S", roles: [Role(id: Role.spaceRole, name: Role.spaceRole)], createdAt: now))
                }
            }
            try await group.waitForAll()
        }
        #expect(probeRanWhileHeld.isRaised)
        #expect(try await store.pool.read { try SpaceRow.fetchCount($0) } == 6)
    }

    /// `count` meetings saved by `store`, each with a space of its own (two roles, as `shape`
    /// leaves them) and two attendees.
    static func fill(
        _ store: any SchedulerStore, _ count: Int, from first: Int = 0, shape: (inout Space) -> Void = { _ in }
    ) async throws -> [Meeting] {
        var saved: [Meeting] = []
        for index in first..<(first + count) {
            var space = StoreContractTests.space(String(format: "s%06d", index), coSpace: "c\(index)")
            shape(&space)
            let meeting = StoreContractTests.meeting(
                String(format: "0190cccc-0000-7000-8000-%012d", index), day: 1 + index % 28, space: space)
            try await store.save(meeting, notices: [], now: StoreContractTests.now)
            saved.append(meeting)
        }
        return saved
    }

    @Test func aFullListingOfALargeStoreReadsItsSpacesOnASecondConnectionAlike() async throws {
        let path = temporaryPath()
        let writer = try SQLiteStore.open(path: path)
        let saved = try await Self.fill(writer, TwoCores.from + 50)
        try await writer.markCancelled(meetingId: saved[7].id, now: StoreContractTests.now)
        let reader = try SQLiteStore.open(path: path, readOnly: true)
        let apart = try await reader.meetings(in: [.scheduled], from: nil, until: nil)
        let together = try await writer.meetings(in: [.scheduled], from: nil, until: nil)
        #expect(apart.spacesReadApart == TwoCores.available)
        #expect(!together.spacesReadApart)
        #expect(apart.unreadable.isEmpty && together.unreadable.isEmpty)
        #expect(apart.meetings.count == saved.count - 1)
        #expect(apart.meetings == together.meetings)
        // A window, or a small store, is read on one connection.
        #expect(try await !reader.meetings(in: [.scheduled], from: StoreContractTests.now, until: nil).spacesReadApart)
        let small = temporaryPath()
        _ = try await Self.fill(try SQLiteStore.open(path: small), 3)
        #expect(try await !SQLiteStore.open(path: small, readOnly: true).meetings(in: [.scheduled], from: nil, until: nil).spacesReadApart)
    }

    @Test func aLargeScanIsPutTogetherInTwoHalvesInTheOrderOfOneWithNoneLost() async throws {
        // Meetings in both halves that cannot be read back, and series with a COUNT (whose ends
        // the scan keeps), on either side of the middle.
        let path = temporaryPath()
        let store = try SQLiteStore.open(path: path)
        var saved = try await Self.fill(store, TwoCores.from + 10)
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        for index in [3, saved.count / 2, saved.count - 2] {
            saved[index].recurrence = try Recurrence.parse("FREQ=WEEKLY;COUNT=3", zone: berlin)
            try await store.save(saved[index], notices: [], now: StoreContractTests.now)
        }
        let bad = [saved[10].id, saved[saved.count / 2 + 1].id, saved[saved.count - 1].id]
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE meeting SET rrule = 'FREQ=SOMETIMES' WHERE id IN (?, ?, ?)", arguments: StatementArguments(bad))
        }
        let scan = try await SQLiteStore.open(path: path, readOnly: true).meetings(in: [.scheduled], from: nil, until: nil)
        let order = saved.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map(\.id)
        #expect(scan.meetings.map(\.id) == order.filter { !bad.contains($0) })
        #expect(scan.unreadable.map(\.id) == order.filter { bad.contains($0) })
        #expect(Set(scan.lastEnds.keys) == [saved[3].id, saved[saved.count / 2].id, saved[saved.count - 2].id])
    }

    @Test func aConnectionsDataVersionTellsOfACommitMadeAfterAnotherConnectionsSnapshot() async throws {
        // What reading spaces apart relies on: the first connection's data version is unchanged
        // across the second's snapshot only when nothing was committed in between.
        let path = temporaryPath()
        let writer = try SQLiteStore.open(path: path)
        _ = try await Self.fill(writer, 2)
        var configuration = Configuration()
        configuration.readonly = true
        let first = try DatabaseQueue(path: path, configuration: configuration)
        let open: @Sendable () throws -> DatabaseQueue = { [configuration] in try DatabaseQueue(path: path, configuration: configuration) }
        for (commit, spaces) in [(false, 2), (true, 2), (false, 3)] {
            let before = try await first.read(SpacesReadApart.dataVersion)
            let apart = SpacesReadApart(open: open)
            if commit { _ = try await Self.fill(writer, 1, from: 100) }
            let after = try await first.read(SpacesReadApart.dataVersion)
            #expect((after != before) == commit)
            // The second connection read the database as it was at its snapshot, before that commit.
            #expect(apart.tables()?.spaces.count == spaces)
        }
    }

    @Test func fullListingsWhileMeetingsAreSavedReadEveryMeetingWhole() async throws {
        // Meetings saved one after another (each with its space, roles and attendees in one
        // transaction) while a reader lists them all: whichever connection read the spaces, none
        // is ever missing, and listings made apart and together both happen.
        let path = temporaryPath()
        let writer = try SQLiteStore.open(path: path)
        _ = try await Self.fill(writer, TwoCores.from)
        let reader = try SQLiteStore.open(path: path, readOnly: true)
        let done = Flag()
        // The saves on threads of their own, so they go on beside the listings on a busy machine.
        let threads = TwoThreads()
        defer { threads.stop() }
        let saving = Task(executorPreference: threads) {
            var saved = TwoCores.from
            while !done.isRaised && saved < 20_000 {
                saved += try await Self.fill(writer, 1, from: saved).count
            }
            return saved
        }
        var (counts, apart) = ([Int](), 0)
        while counts.count < 16 || (counts.first == counts.last && counts.count < 400) {
            let scan = try await reader.meetings(in: [.scheduled], from: nil, until: nil)
            #expect(scan.unreadable.isEmpty, "\(scan.unreadable.first?.reason ?? "")")
            #expect(scan.meetings.allSatisfy { $0.space.roles.count == 2 && $0.attendees.count == 2 }, "\(scan.meetings.filter { $0.space.roles.count != 2 || $0.attendees.count != 2 }.prefix(1).map { ($0.id, $0.space.roles, $0.attendees) })")
            counts.append(scan.meetings.count)
            apart += scan.spacesReadApart ? 1 : 0
        }
        done.raise()
        let saved = try await saving.value
        #expect(counts == counts.sorted() && counts.first! < counts.last!)
        #expect(try await reader.meetings(in: [.scheduled], from: nil, until: nil).meetings.count == saved)
        if TwoCores.available { #expect(apart > 0) }
    }
}

/// A flag raised on one thread and read on another.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

/// Runs its tasks on two threads of its own: the shared pool's threads are as many as the
/// machine's cores, and other tests running at the same time use them too.
private final class TwoThreads: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init() {
        for _ in 0..<2 { Thread { self.work() }.start() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard !jobs.isEmpty else { return condition.unlock() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
