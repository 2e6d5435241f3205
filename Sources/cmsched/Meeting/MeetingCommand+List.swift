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
                ahead). Formats: table, json, csv, ics. In json an occurrence is {meetingId, name, start, end, \
                timeZone} with RFC 3339 times; a meeting carries its first occurrence's start/end/timeZone and rrule.

                Examples:
                  cmsched meeting list --organizer saiacano@s.com
                  cmsched meeting list --expand --from 2026-12-01 --until 2026-12-08 --format csv
                  cmsched meeting list --format ics > week.ics
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @Option(help: ArgumentHelp("Window start (date, local time or RFC 3339).", valueName: "time")) var from: String?
        @Option(help: ArgumentHelp("Window end.", valueName: "time")) var until: String?
        @Option(help: "At most this many results.") var max: Int?
        @Option(help: ArgumentHelp("Only meetings this user organizes.", valueName: "jid")) var organizer: String?
        @Flag(help: "List occurrences instead of series.") var expand = false

        func validate() throws {
            if let max, max < 1 { throw ValidationError("--max must be at least 1") }
        }

        func run() async throws {
            let environment = try global.environment()
            let query = MeetingQuery(
                from: try from.map { try TimeArgument.instant($0, zone: .current, flag: "--from") },
                until: try until.map { try TimeArgument.instant($0, zone: .current, flag: "--until") },
                organizer: organizer, expand: expand, max: max)
            let list = try await Scheduler(environment).listMeetings(query)
            Console.warnUnreadable(list.unreadable)
            try MeetingOutput.list(list, format: output.format, environment: environment) { try Console.out($0) }
            LeftForExit.keep(list)
        }
    }
}
