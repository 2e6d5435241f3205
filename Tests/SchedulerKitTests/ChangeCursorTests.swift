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
}
