import ArgumentParser

/// `cmsched meeting`: scheduled meetings.
struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Schedule meetings on the Call Bridge and manage them.",
        subcommands: [
            MeetingCreateCommand.self, MeetingListCommand.self, MeetingShowCommand.self, MeetingUpdateCommand.self,
            MeetingDeleteCommand.self, MeetingExportCommand.self,
        ]
    )
}
