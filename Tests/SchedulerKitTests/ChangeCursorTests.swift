import Foundation
import Testing

@testable import SchedulerKit

/// The change feed's cursor: a change that commits after a later-numbered one is still handed on.
struct ChangeCursorTests {
    @Test func aChangeThatBecomesVisibleLateIsHandedOnOnceAndTheFloorWaitsForIt() {
        var cursor = ChangeCursor(after: 10, patience: .seconds(30))
        let start = ContinuousClock.now
        // 12 and 13 are visible; 11 (an earlier transaction) is not yet.
        #expect(cursor.take([12, 13], seq: { $0 }, now: start) == [12, 13])
        #expect(cursor.floor == 10)
        // Read again from the floor: nothing new until 11 shows.
        #expect(cursor.take([12, 13], seq: { $0 }, now: start + .seconds(1)) == [])
        #expect(cursor.take([11, 12, 13, 14], seq: { $0 }, now: start + .seconds(2)) == [11, 14])
        #expect(cursor.floor == 14)
    }

    @Test func aNumberThatNeverShowsIsGivenUpAfterThePatience() {
        var cursor = ChangeCursor(after: 0, patience: .seconds(30))
        let start = ContinuousClock.now
        #expect(cursor.take([2, 3], seq: { $0 }, now: start) == [2, 3])
        #expect(cursor.take([2, 3], seq: { $0 }, now: start + .seconds(29)) == [])
        #expect(cursor.floor == 0)
        #expect(cursor.take([2, 3, 4], seq: { $0 }, now: start + .seconds(31)) == [4])
        #expect(cursor.floor == 4)
        // A change older than the floor (already given up, or pruned) is not handed on again.
        #expect(cursor.take([1, 4, 5], seq: { $0 }, now: start + .seconds(32)) == [5])
    }

    @Test func inOrderChangesMoveTheFloorAtOnce() {
        var cursor = ChangeCursor(after: 5)
        #expect(cursor.take(Array(6...9), seq: { $0 }) == [6, 7, 8, 9])
        #expect(cursor.floor == 9)
        #expect(cursor.take([Int64](), seq: { $0 }) == [])
    }

    /// A change log in memory: the numbers in `visible`, each a change of meeting `m<number>`.
    final class Log: ChangeFeed, @unchecked Sendable {
        var visible: [Int64]
        init(_ visible: [Int64]) { self.visible = visible }
        func lastMeetingChange() async throws -> Int64 { visible.max() ?? 0 }
        func meetingChanges(after seq: Int64, limit: Int) async throws -> [(change: MeetingChange, attendees: [String])] {
            visible.sorted().filter { $0 > seq }.prefix(limit).map { (MeetingChange(seq: $0, meetingId: "m\($0)", organizer: "o"), []) }
        }
        func meetingHistory(meetingId: String, limit: Int) async throws -> [MeetingHistoryEntry] { [] }
        func pruneMeetingChanges(keeping keep: Int64) async throws {}
        func changeSignals() -> AsyncStream<Void>? { nil }
    }

    @Test func behindAnAwaitedNumberMoreThanAPageOfChangesIsReadPastNotStoppedAt() async throws {
        let log = Log(Array(1...2_500).filter { $0 != 5 })
        var cursor = ChangeCursor(after: 0)
        #expect(try await cursor.readNew(from: log, page: 1_000).count == 2_499)
        #expect(cursor.floor == 4)
        // 5 still awaited; a new change past the first page after the floor is found all the same.
        log.visible.append(2_501)
        #expect(try await cursor.readNew(from: log, page: 1_000).map(\.change.seq) == [2_501])
        log.visible.append(5)
        #expect(try await cursor.readNew(from: log, page: 1_000).map(\.change.seq) == [5])
        #expect(cursor.floor == 2_501)
    }
}
