import Foundation

/// A week (or any window) of meetings as an agenda shows it: the occurrences, and the cancelled
/// ones of the same series, each in time order.
public struct Agenda: Sendable {
    public var occurrences: [Occurrence]
    /// Occurrences cancelled out of their series (`meeting delete --occurrence`).
    public var cancelled: [Occurrence]
    /// The series of both, by id.
    public var meetings: [String: Meeting]
    /// More than `max` occurrences overlap the window: only the first `max` are here.
    public var truncated: Bool
}

extension Scheduler {
    /// The scheduled occurrences overlapping `[from, until)`, at most `max` (with `truncated`
    /// saying there were more), and the cancelled occurrences of the same window.
    public func agenda(from: Date, until: Date, organizer: String? = nil, max: Int) async throws -> Agenda {
        let scan = try await environment.store().meetings(in: [.scheduled], from: from, until: until)
        let found = scan.meetings(organizedBy: organizer)
        return await CPUWork.run {
            var occurrences = scan.occurrences(of: found, from: from, until: until, limit: max + 1)
            let cancelled = found.flatMap { meeting in
                meeting.exceptions.compactMap { local -> Occurrence? in
                    let begin = local.instant(in: meeting.zone), end = begin.addingTimeInterval(meeting.duration)
                    guard end > from, begin < until else { return nil }
                    return Occurrence(meetingId: meeting.id, name: meeting.name, start: begin, end: end, timeZone: meeting.timeZone, localStart: local)
                }
            }.sorted(by: Occurrence.inTimeOrder)
            let truncated = occurrences.count > max
            if truncated { occurrences.removeLast(occurrences.count - max) }
            let ids = Set(occurrences.map(\.meetingId) + cancelled.map(\.meetingId))
            return Agenda(
                occurrences: occurrences, cancelled: Array(cancelled.prefix(max)),
                meetings: Dictionary(found.filter { ids.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                truncated: truncated)
        }
    }

    /// Every scheduler of the store from its heartbeat, with its links.
    public func schedulerInstances() async throws -> [SchedulerInstance] {
        try await environment.store().instances()
    }

    /// The daily cleanup's recorded runs, by any scheduler of the store, newest day first.
    public func cleanupRuns(limit: Int) async throws -> [JobRun] {
        try await environment.store().jobRuns(ClusterJobs.cleanupJob, limit: limit)
    }

    /// When the daily cleanup is due, given the newest `runs` (two are enough) and since when the
    /// asking scheduler runs: today's `cleanup.at` (UTC) while it is still to come; after it,
    /// now when today's run has not finished and the cluster was running at that time (this
    /// scheduler was up then, or yesterday's or today's run is recorded: a day missed while no
    /// scheduler ran is not made up), else tomorrow's. `now` defaults to the clock's.
    public func nextCleanup(after runs: [JobRun], runningSince: Date, now: Date? = nil) -> Date {
        let now = now ?? environment.now()
        let utc = TimeZone(identifier: "UTC")!
        let due = environment.typed.cleanup.at.instant(onDayOf: now)
        if now < due { return due }
        let today = LocalDateTime(now, in: utc).dateText, yesterday = LocalDateTime(due.addingTimeInterval(-86_400), in: utc).dateText
        let doneToday = runs.contains { $0.day == today && $0.finishedAt != nil }
        let clusterWasUp = runningSince <= due || runs.contains { $0.day == yesterday || $0.day == today }
        return !doneToday && clusterWasUp ? now : due.addingTimeInterval(86_400)
    }

    /// A meeting's history from the change log, newest first (the log keeps the newest 10,000
    /// changes of all meetings).
    public func meetingHistory(_ meetingId: String, limit: Int = 200) async throws -> [MeetingHistoryEntry] {
        try await environment.store().meetingHistory(meetingId: meetingId, limit: limit)
    }

    /// The newest change's number in the change log (0 when none): what changed since a page
    /// was drawn.
    public func lastMeetingChange() async throws -> Int64 {
        try await environment.store().lastMeetingChange()
    }
}
