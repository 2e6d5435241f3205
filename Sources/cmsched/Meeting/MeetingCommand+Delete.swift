import ArgumentParser
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting delete ID [--occurrence DATE]`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Cancel a meeting (deleting its temporary space), or one occurrence of a series.",
            discussion: """
                Attendees are sent a cancellation. Deleting an already cancelled meeting changes nothing. A \
                meeting row an older cmsched stored that cannot be read back is cancelled without notices.

                Examples:
                  cmsched meeting delete xrp --occurrence 2026-12-08
                  cmsched meeting delete xrp
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @Argument(help: "Meeting id (or unique prefix, or key).") var id: String
        @Option(help: ArgumentHelp("Cancel only the occurrence on this date (YYYY-MM-DD) or at this local time.", valueName: "date"))
        var occurrence: String?

        func run() async throws {
            let environment = try global.environment()
            switch try await Scheduler(environment).deleteMeeting(id, occurrence: occurrence) {
            case .meeting(let meeting) where occurrence == nil && output.format == .table:
                try global.report("deleted meeting \(meeting.id) (\(MeetingText.spaceOutcome(meeting.space)))\n")
            case .meeting(let meeting):
                try global.report(MeetingOutput.meeting(meeting, format: output.format, environment: environment))
            case .unreadable(let row):
                Console.warning("meeting \(row.id) could not be read back; it was cancelled without notices")
            }
        }
    }
}
