import ArgumentParser
import Foundation
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting list`: scheduled meetings, or their occurrences with `--expand`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List scheduled meetings (series), or their occurrences with --expand.",
            discussion: """
                Without --expand every scheduled series is listed (filtered by --organizer, and by --from/--until \
                when given). With --expand the occurrences in the window are listed (default: now to 90 days \
                ahead). The window holds what overlaps it: --from DAY starts at that day's midnight, --until DAY \
                includes that whole day (as --until does for meeting create), and --until TIME ends just before \
                that time. Times take every form of TIMES (cmsched(1)), such as today, monday or +2h. Formats: table, json, csv, ics. In json an occurrence is {meetingId, name, start, end, \
                timeZone} with RFC 3339 times; a meeting carries its first occurrence's start/end/timeZone and rrule.

                Examples:
                  cmsched meeting list --organizer saiacano@s.com
                  cmsched meeting list --expand --from 2026-12-01 --until 2026-12-07 --format csv
                  cmsched meeting list --expand --from today --until sunday --tz America/New_York
                  cmsched meeting list --format ics > week.ics
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @Option(help: ArgumentHelp("Window start: a day (from its midnight) or a time, in --tz.", valueName: "time")) var from: String?
        @Option(help: ArgumentHelp("Window end: a day (included) or a time (excluded), in --tz.", valueName: "time")) var until: String?
        @Option(help: ArgumentHelp("Show every time in this zone; --from/--until are read in it (default: meetings.time_zone, else the machine's).", valueName: "zone"))
        var tz: String?
        @Option(help: "At most this many results.") var max: Int?
        @Option(help: ArgumentHelp("Only meetings this user organizes.", valueName: "jid")) var organizer: String?
        @Flag(help: "List occurrences instead of series.") var expand = false

        func validate() throws {
            if let max, max < 1 { throw ValidationError("--max must be at least 1") }
        }

        func run() async throws {
            let environment = try global.environment(readsOnly: true)
            let shown = try tz.map { try TimeZoneArgument.zone($0, flag: "--tz") }
            let zone = shown ?? environment.typed.meetings.timeZone
            let query = MeetingQuery(
                from: try from.map { try TimeArgument.instant($0, zone: zone, flag: "--from") },
                until: try until.map { try TimeArgument.instant($0, zone: zone, flag: "--until", wholeDay: .through) },
                organizer: organizer, expand: expand, max: max)
            let list = try await Scheduler(environment).listMeetings(query)
            Console.warnUnreadable(list.unreadable)
            try MeetingOutput.list(list, format: output.format, environment: environment, shownIn: shown) { try Console.out($0) }
            LeftForExit.keep(list)
        }
    }
}
