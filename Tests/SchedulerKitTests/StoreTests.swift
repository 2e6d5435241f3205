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
