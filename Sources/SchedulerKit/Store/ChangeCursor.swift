import Foundation

/// Where a follower of the change log is. On PostgreSQL a change's number is drawn when its
/// transaction writes it, and transactions commit in any order: number 11 can be visible while
/// 10 is not yet. Reading "after the highest seen" would skip 10 for good. So the cursor keeps
/// the highest number below which everything was seen (`floor`), the numbers seen above it, and
/// when each missing number was first noticed; the log is read after `floor`, and a number still
/// missing after `patience` (longer than any write transaction; a rolled-back one leaves its
/// number unused for ever) is given up. On SQLite, writes are serial and numbers never skip.
public struct ChangeCursor: Sendable {
    /// Every change numbered up to here was handed on or given up.
    public private(set) var floor: Int64
    private var seen: Set<Int64> = []
    private var missingSince: [Int64: ContinuousClock.Instant] = [:]
    public let patience: Duration

    /// A cursor that starts after `floor` (the newest change when following begins).
    public init(after floor: Int64, patience: Duration = .seconds(30)) {
        self.floor = floor
        self.patience = patience
    }

    /// The changes of `read` (the log after `floor`, oldest first) not handed on before, and
    /// moves the cursor past them.
    public mutating func take<Change>(
        _ read: [Change], seq: (Change) -> Int64, now: ContinuousClock.Instant = .now
    ) -> [Change] {
        var fresh: [Change] = []
        for change in read {
            let number = seq(change)
            guard number > floor, seen.insert(number).inserted else { continue }
            missingSince[number] = nil
            fresh.append(change)
        }
        // Numbers below the highest seen that are not there yet: wait for them, up to `patience`.
        if let highest = seen.max() {
            var number = floor + 1
            while number < highest {
                if !seen.contains(number), missingSince[number] == nil { missingSince[number] = now }
                number += 1
            }
        }
        // The floor rises over what was seen and what was waited for long enough.
        while true {
            let next = floor + 1
            if seen.remove(next) != nil {
                floor = next
            } else if let since = missingSince[next], now - since >= patience {
                missingSince[next] = nil
                floor = next
            } else {
                break
            }
        }
        return fresh
    }
}

extension ChangeCursor {
    /// The changes of `feed` not handed on before, read page after page from the floor (behind a
    /// number still awaited, the log may hold more than a page already handed on), oldest first.
    public mutating func readNew(
        from feed: any ChangeFeed, page: Int = 1000
    ) async throws -> [(change: MeetingChange, attendees: [String])] {
        var fresh: [(change: MeetingChange, attendees: [String])] = []
        var after = floor
        while true {
            let read = try await feed.meetingChanges(after: after, limit: page)
            fresh += take(read, seq: \.change.seq)
            guard read.count == page, let last = read.last?.change.seq else { return fresh }
            after = last
        }
    }
}
