import ArgumentParser
import SchedulerKit

/// `cmsched meeting update ID …`.
struct MeetingUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a meeting; bumps its iCalendar SEQUENCE and queues updated invitations.",
        discussion: """
            Flags given replace the meeting's values. A new --start keeps the length unless --end or \
            --duration is given. --attendee replaces the list; --add-attendee and --remove-attendee change \
            it. --repeat none ends the repetition. Cancelled occurrences move with the series' start.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Meeting id (or unique prefix, or key).") var id: String
    @OptionGroup var meeting: MeetingFieldOptions
    @Option(help: ArgumentHelp("Add an attendee, EMAIL[=ROLE].", valueName: "email")) var addAttendee: [String] = []
    @Option(help: ArgumentHelp("Remove an attendee.", valueName: "email")) var removeAttendee: [String] = []

    func run() async throws {
        let context = try global.context()
        let edit = MeetingEdit(fields: meeting.fields, addAttendees: addAttendee, removeAttendees: removeAttendee)
        guard !edit.isEmpty else { throw CmschedError.usage("nothing to change: give at least one field flag") }
        let store = try context.openStore()
        let original = try store.existingMeeting(id)
        guard original.state == .scheduled else {
            throw CmschedError.badInput("meeting \(original.id) is \(original.state.rawValue); only scheduled meetings can change")
        }
        let updated = try await context.meetingService(store: store).update(original, to: try edit.apply(to: original))
        try Console.out(try context.render(updated, format: global.format))
    }
}
