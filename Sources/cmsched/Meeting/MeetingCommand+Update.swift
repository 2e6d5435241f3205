import ArgumentParser
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting update ID …`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a meeting; bumps its iCalendar SEQUENCE and queues updated invitations.",
            discussion: """
                Flags given replace the meeting's values. A new --start keeps the length unless --end or \
                --duration is given. --attendee replaces the list; --add-attendee and --remove-attendee change \
                it. --repeat none ends the repetition. Cancelled occurrences move with the series' start. A \
                meeting whose space is gone (cleaned up after it ended, or deleted on the Call Bridge) cannot \
                change (exit 65): schedule a new one.

                Examples:
                  cmsched meeting update xrp --start 2026-12-01T10:00
                  cmsched meeting update xrp --add-attendee ivrman@s.com=InternalAccessMeth --remove-attendee gogi@s.com
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @Argument(help: "Meeting id (or unique prefix, or key).") var id: String
        @OptionGroup var meeting: MeetingFieldOptions
        @Option(help: ArgumentHelp("Add an attendee, EMAIL[=ROLE].", valueName: "email")) var addAttendee: [String] = []
        @Option(help: ArgumentHelp("Remove an attendee.", valueName: "email")) var removeAttendee: [String] = []

        func run() async throws {
            let environment = try global.environment()
            let edit = MeetingEdit(fields: meeting.fields, addAttendees: addAttendee, removeAttendees: removeAttendee)
            let updated = try await MeetingFieldOptions.namingFlags { try await Scheduler(environment).updateMeeting(id, edit: edit) }
            try global.report(MeetingOutput.meeting(updated, format: output.format, environment: environment))
        }
    }
}
