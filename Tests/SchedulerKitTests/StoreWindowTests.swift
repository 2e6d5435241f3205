import Foundation
import GRDB
import Testing
import TestSupport

@testable import SchedulerKit

/// The store's indexed time window: a listing of a window reads only meetings that can overlap it.
@Suite("the store's time window")
struct StoreWindowTests {
    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// One-offs in two weeks, a finished series, an endless series and a row that cannot be read.
    func fill(_ f: SchedulerFixture) async throws -> [String: String] {
        var ids: [String: String] = [:]
        ids["early"] = try await f.meeting { $0.key = "early"; $0.start = "2027-01-04T09:00" }.id
        ids["late"] = try await f.meeting { $0.key = "late"; $0.start = "2027-03-01T09:00" }.id
        ids["series"] = try await f.meeting {
            $0.key = "series"; $0.start = "2027-01-05T10:00"; $0.repeat = "weekly"; $0.count = "3"
        }.id
        ids["endless"] = try await f.meeting { $0.key = "endless"; $0.start = "2026-12-01T08:00"; $0.repeat = "daily" }.id
        ids["unreadable"] = try await f.meeting { $0.key = "unreadable"; $0.start = "2027-06-01T09:00" }.id
        try await f.store.pool.write {
            try $0.execute(sql: "UPDATE meeting SET timeZone = 'Nowhere/Special', windowStart = 0, windowEnd = NULL WHERE key = 'unreadable'")
        }
        return ids
    }

    func listed(_ f: SchedulerFixture, _ ids: [String: String], from: String, until: String) async throws -> Set<String> {
        let scan = try await f.store.meetings(in: [.scheduled], from: instant(from), until: instant(until))
        let found = Set(scan.meetings.map(\.id) + scan.unreadable.map(\.id))
        return Set(ids.filter { found.contains($0.value) }.keys)
    }

    @Test func aWindowReadsOnlyTheMeetingsThatCanOverlapIt() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let ids = try await fill(f)
        await #expect(try listed(f, ids, from: "2027-01-04T00:00:00Z", until: "2027-01-11T00:00:00Z") == ["early", "series", "endless", "unreadable"])
        // The series' last occurrence is 2027-01-19 10:00-11:00 Berlin (09:00-10:00Z): it ends there.
        await #expect(try listed(f, ids, from: "2027-01-19T09:59:00Z", until: "2027-01-20T00:00:00Z") == ["series", "endless", "unreadable"])
        await #expect(try listed(f, ids, from: "2027-01-19T10:00:00Z", until: "2027-02-01T00:00:00Z") == ["endless", "unreadable"])
        await #expect(try listed(f, ids, from: "2026-01-01T00:00:00Z", until: "2026-12-01T07:00:00Z") == ["unreadable"])
        await #expect(try listed(f, ids, from: "2027-02-28T00:00:00Z", until: "2027-03-02T00:00:00Z") == ["late", "endless", "unreadable"])
        // The query is served by a window index, not a scan of the table.
        let (condition, arguments) = SQLiteStore.windowCondition([.scheduled], from: instant("2027-01-04T00:00:00Z"), until: instant("2027-01-05T00:00:00Z"))
        let plan = try f.store.pool.read {
            try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN SELECT id FROM meeting WHERE \(condition)", arguments: arguments)
        }.map { $0["detail"] as String }.joined(separator: " ")
        #expect(plan.contains("USING INDEX meeting_window"), "\(plan)")
    }

    @Test func anUpdateMovesTheWindowAndAStoreFromBeforeTheWindowIsFilledIn() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let ids = try await fill(f)
        let early = try await f.store.existingMeeting("early")
        var moved = early
        moved.start = LocalDateTime(year: 2027, month: 2, day: 1, hour: 9, minute: 0)
        _ = try await f.service.update(early, to: moved)
        await #expect(try listed(f, ids, from: "2027-01-04T00:00:00Z", until: "2027-01-05T00:00:00Z") == ["endless", "unreadable"])
        await #expect(try listed(f, ids, from: "2027-02-01T00:00:00Z", until: "2027-02-02T00:00:00Z") == ["early", "endless", "unreadable"])
        // A database from before schema v4: its windows are computed when it is opened.
        try await f.store.pool.write { db in
            try db.execute(sql: """
                DROP INDEX meeting_window;
                DROP INDEX meeting_window_end;
                DROP INDEX outbox_by_meeting;
                ALTER TABLE meeting DROP COLUMN windowStart;
                ALTER TABLE meeting DROP COLUMN windowEnd;
                DELETE FROM grdb_migrations WHERE identifier IN ('v4', 'v10');
                """)
        }
        let reopened = try SQLiteStore.open(path: f.store.path)
        let windows = try reopened.pool.read {
            try Row.fetchAll($0, sql: "SELECT key, windowStart, windowEnd FROM meeting ORDER BY key")
        }
        let byKey = Dictionary(uniqueKeysWithValues: windows.map { ($0["key"] as String, ($0["windowStart"] as Int, $0["windowEnd"] as Int?)) })
        #expect(byKey["early"]! == (Int(instant("2027-02-01T08:00:00Z").timeIntervalSince1970), Int(instant("2027-02-01T09:00:00Z").timeIntervalSince1970)))
        #expect(byKey["series"]!.1 == Int(instant("2027-01-19T10:00:00Z").timeIntervalSince1970))
        #expect(byKey["endless"]!.1 == nil)
        #expect(byKey["unreadable"]! == (0, nil))
        // And the index of the windows' ends is made again.
        await #expect(try reopened.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'meeting_window_end'") } == 1)
    }
}
