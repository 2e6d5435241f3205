import ArgumentParser
import Foundation
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting export [ID…] [--all] [--out FILE|-] [--all-roles]`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write meetings as an iCalendar file (METHOD:REQUEST), atomically.",
            discussion: """
                Each event carries the organizer's join details only (LOCATION and DESCRIPTION), as the \
                organizer's own calendar would; --all-roles adds every role's, for administrators. The output \
                folder must exist (exit 73 otherwise).

                Examples:
                  cmsched meeting export --all --out /srv/calendars/meetings.ics
                  cmsched meeting export xrp --all-roles
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Meeting ids (or unique prefixes, or keys).") var ids: [String] = []
        @Flag(help: "Every scheduled meeting.") var all = false
        @Option(help: ArgumentHelp("Output file, or - for stdout (the default).", valueName: "file")) var out = "-"
        @Flag(help: "Put every role's join details in the calendar (default: the organizer's role only).") var allRoles = false

        func validate() throws {
            guard all || !ids.isEmpty else { throw ValidationError("give meeting ids or --all") }
            guard !(all && !ids.isEmpty) else { throw ValidationError("give meeting ids or --all, not both") }
        }

        func run() async throws {
            let environment = try global.environment(readsOnly: true)
            let (meetings, unreadable) = try await Scheduler(environment).meetingsToExport(all ? nil : ids)
            Console.warnUnreadable(unreadable)
            let (writer, stamp, audience) = (environment.calendarWriter, environment.now(), allRoles ? ICalendarWriter.Audience.allRoles : .organizer)
            defer { LeftForExit.keep(meetings) }
            guard out != "-" else {
                return try writer.writeRequest(meetings, stamp: stamp, audience: audience) { try Console.out($0) }
            }
            try AtomicFile.write(to: out, mode: 0o644, createFolder: false) { put in
                try writer.writeRequest(meetings, stamp: stamp, audience: audience, to: put)
            }
            if !global.quiet { Console.error("wrote \(meetings.count) meetings to \(out)") }
        }
    }
}
