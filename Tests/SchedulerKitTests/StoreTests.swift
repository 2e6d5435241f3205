import Foundation
import GRDB
import Testing

@testable import SchedulerKit

@Suite("the SQLite store")
struct StoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())/cmsched.sqlite").path
    }

    @Test func openCreatesAWalDatabaseAtTheCurrentSchema() throws {
        let store = try Store.open(path: temporaryPath())
        #expect(try store.schemaVersion() == Schema.currentVersion)
        let mode = try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // Every connection, the writer's and the readers', caches 512 KiB.
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -Store.cacheKiB)
        #expect(try store.pool.write { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -Store.cacheKiB)
        #expect(try store.checkResponsive() == Schema.currentVersion)
    }

    @Test func reopeningDoesNotMigrateAgain() throws {
        let path = temporaryPath()
        _ = try Store.open(path: path)
        let store = try Store.open(path: path)
        let count = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") }
        #expect(count == Schema.currentVersion)
    }

    @Test func schemaVersionMatchesTheMigrations() {
        #expect(Schema.migrator.migrations.count == Schema.currentVersion)
    }

    /// A record read through `ColumnReader`, for the test below.
    struct Sample: ColumnRecord, Equatable {
        var name: String
        var count: Int?
        var at: Date?

        init(_ column: inout ColumnReader) throws {
            name = try column("name")
            count = try column("count")
            at = try column("at")
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

    @Test func newerDatabaseIsRefusedAsConfiguration() throws {
        let path = temporaryPath()
        let store = try Store.open(path: path)
        try store.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v2-from-the-future')") }
        do {
            _ = try Store.open(path: path)
            Issue.record("a newer database was opened")
        } catch let error as CmschedError {
            #expect(error.exitStatus == .configuration)
            #expect(error.message.contains("v2-from-the-future"))
        }
    }

    @Test func notADatabaseIsAnIOError() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: CmschedError.self) { try Store.open(path: path) }
    }
}
