import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting list`: scheduled meetings, or their occurrences with `--expand`.
struct MeetingListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List scheduled meetings (series), or their occurrences with --expand.",
        discussion: """
            Without --expand every scheduled series is listed (filtered by --organizer, and by --from/--until \
            when given). With --expand the occurrences in the window are listed (default: now to 90 days \
            ahead). Formats: table, json, csv, ics. In json an occurrence is {meetingId, name, start, end, \
            timeZone} with RFC 3339 times; a meeting carries its first occurrence's start/end/timeZone and rrule.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Window start (date, local time or RFC 3339).", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("Window end.", valueName: "time")) var until: String?
    @Option(help: "At most this many results.") var max: Int?
    @Option(help: ArgumentHelp("Only meetings this user organizes.", valueName: "jid")) var organizer: String?
    @Flag(help: "List occurrences instead of series.") var expand = false

    func validate() throws {
        if let max, max < 1 { throw ValidationError("--max must be at least 1") }
    }

    func run() async throws {
        let context = try global.context()
        let store = try context.openStore()
        let zone = TimeZone.current
        let fromDate = try from.map { try TimeArgument.instant($0, zone: zone, flag: "--from") }
        let untilDate = try until.map { try TimeArgument.instant($0, zone: zone, flag: "--until") }
        let scan = try store.meetings(in: [.scheduled])
        Console.warnUnreadable(scan.unreadable)
        var meetings = scan.meetings
        if let organizer { meetings = meetings.filter { $0.organizer.caseInsensitiveCompare(organizer) == .orderedSame } }
        if expand {
            let start = fromDate ?? Date()
            let end = untilDate ?? start.addingTimeInterval(90 * 86_400)
            var occurrences = meetings.flatMap { $0.occurrences(from: start, until: end, limit: max ?? .max) }
                .sorted { ($0.start, $0.meetingId) < ($1.start, $1.meetingId) }
            if let max { occurrences = Array(occurrences.prefix(max)) }
            let views = occurrences.map(OccurrenceView.init)
            if global.format == .ics {
                let ids = Set(occurrences.map(\.meetingId))
                try Console.out(context.calendarWriter.request(meetings.filter { ids.contains($0.id) }, stamp: Date()))
            } else {
                try Console.out(try Render.rows(
                    global.format, header: MeetingText.occurrenceHeader, rows: views.map(MeetingText.occurrenceRow), json: views))
            }
            return
        }
        if fromDate != nil || untilDate != nil {
            meetings = meetings.filter { meeting in
                !meeting.occurrences(from: fromDate ?? .distantPast, until: untilDate ?? .distantFuture, limit: 1).isEmpty
            }
        }
        meetings.sort { ($0.start.instant(in: $0.zone), $0.id) < ($1.start.instant(in: $1.zone), $1.id) }
        if let max { meetings = Array(meetings.prefix(max)) }
        if global.format == .ics {
            try Console.out(context.calendarWriter.request(meetings, stamp: Date()))
            return
        }
        let views = meetings.map(context.view)
        try Console.out(try Render.rows(global.format, header: MeetingText.seriesHeader, rows: views.map(MeetingText.seriesRow), json: views))
    }
}
