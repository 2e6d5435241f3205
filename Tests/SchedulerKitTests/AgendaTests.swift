import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// The agenda use-case the operations pages draw a week from.
@Suite("the agenda of a week")
struct AgendaTests {
    static func scheduler() throws -> Scheduler {
        let home = StaleFolders.path(prefix: "cmsched-agenda-")
        return Scheduler(try Environment.build(EnvironmentOptions(logLevel: .critical, locations: Locations(environment: [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
        ]))))
    }

    static func meeting(_ id: String, organizer: String, start: LocalDateTime, rule: String?, exceptions: [LocalDateTime] = []) throws -> Meeting {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        var meeting = StoreContractTests.meeting(id)
        meeting.organizer = organizer
        meeting.start = start
        meeting.recurrence = try rule.map { try Recurrence.parse($0, zone: zone) }
        meeting.exceptions = exceptions
        return meeting
    }

    @Test func aWeekHoldsItsOccurrencesAndCancelledOnesAndOnlyThem() async throws {
        let scheduler = try Self.scheduler()
        let store = try await scheduler.environment.store()
        let monday = LocalDateTime(year: 2030, month: 1, day: 7)
        // Daily at 10:00 from the Saturday before, Wednesday's cancelled; a one-off on Friday by
        // someone else; one the week after.
        try await store.save(
            try Self.meeting("daily", organizer: "o@s.com", start: monday.addingDays(-2).addingHours(10), rule: "FREQ=DAILY;COUNT=20",
                             exceptions: [monday.addingDays(2).addingHours(10)]), notices: [], now: Date())
        try await store.save(try Self.meeting("friday", organizer: "x@s.com", start: monday.addingDays(4).addingHours(15), rule: nil), notices: [], now: Date())
        try await store.save(try Self.meeting("later", organizer: "o@s.com", start: monday.addingDays(9).addingHours(9), rule: nil), notices: [], now: Date())
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let from = monday.instant(in: zone), until = monday.addingDays(7).instant(in: zone)
        let week = try await scheduler.agenda(from: from, until: until, max: 100)
        #expect(week.occurrences.filter { $0.meetingId == "daily" }.count == 6)
        #expect(week.occurrences.map(\.meetingId).contains("friday"))
        #expect(!week.occurrences.map(\.meetingId).contains("later"))
        #expect(week.cancelled.map(\.localStart) == [monday.addingDays(2).addingHours(10)])
        #expect(Set(week.meetings.keys) == ["daily", "friday"])
        #expect(week.occurrences == week.occurrences.sorted { $0.start < $1.start })
        #expect(!week.truncated)
        // By organizer (any case), and cut at `max` with the cut said.
        #expect(Set(try await scheduler.agenda(from: from, until: until, organizer: "X@S.COM", max: 100).occurrences.map(\.meetingId)) == ["friday"])
        let cut = try await scheduler.agenda(from: from, until: until, max: 3)
        #expect(cut.occurrences.count == 3 && cut.truncated)
    }

    @Test func theDailyCleanupIsDueAtItsTimeOrAtOnceWhenTodaysWasMissedWhileTheClusterRan() throws {
        let home = StaleFolders.path(prefix: "cmsched-next-")
        let noon = RFC3339.parse("2030-01-07T12:00:00Z")!
        let scheduler = Scheduler(try Environment.build(EnvironmentOptions(logLevel: .critical, locations: Locations(environment: [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
        ]), now: { noon })))
        let due = RFC3339.parse("2030-01-07T01:15:00Z")!, tomorrow = due.addingTimeInterval(86_400)
        func run(_ day: String, finished: Bool = true) -> JobRun {
            JobRun(job: "cleanup", day: day, holder: "a", startedAt: due, finishedAt: finished ? due : nil, summary: nil)
        }
        // Up since before 01:15 and today's not run: at once.
        #expect(scheduler.nextCleanup(after: [], runningSince: due.addingTimeInterval(-60)) == noon)
        // Started after it, with nothing recorded: no scheduler ran then, so tomorrow.
        #expect(scheduler.nextCleanup(after: [], runningSince: due.addingTimeInterval(60)) == tomorrow)
        // Yesterday's run recorded: the cluster ran, today's is made up at once.
        #expect(scheduler.nextCleanup(after: [run("2030-01-06")], runningSince: noon) == noon)
        // Today's finished: tomorrow; started but not finished (its holder died): at once.
        #expect(scheduler.nextCleanup(after: [run("2030-01-07")], runningSince: due.addingTimeInterval(-60)) == tomorrow)
        #expect(scheduler.nextCleanup(after: [run("2030-01-07", finished: false)], runningSince: noon) == noon)
        // Before 01:15: today's, whatever ran.
        let early = RFC3339.parse("2030-01-07T00:30:00Z")!
        #expect(scheduler.nextCleanup(after: [run("2030-01-06")], runningSince: early, now: early) == due)
    }

    @Test func theMondayOfAnyDayAndTheWeekdayOfADate() {
        let days = (0..<14).map { LocalDateTime(year: 2026, month: 12, day: 6).addingDays($0) }
        // 2026-12-06 is a Sunday.
        #expect(days.map(\.isoWeekday) == [7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6])
        #expect(LocalDateTime(year: 1969, month: 12, day: 31).isoWeekday == 3)
        #expect(LocalDateTime(year: 2000, month: 2, day: 29).isoWeekday == 2)
    }
}

extension LocalDateTime {
    func addingHours(_ hours: Int) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: hour + hours, minute: minute, second: second)
    }
}
