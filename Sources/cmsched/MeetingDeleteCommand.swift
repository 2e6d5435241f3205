import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting delete ID [--occurrence DATE]`.
struct MeetingDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Cancel a meeting (deleting its temporary space), or one occurrence of a series.",
        discussion: "Attendees are sent a cancellation. Deleting an already cancelled meeting changes nothing."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Meeting id (or unique prefix, or key).") var id: String
    @Option(help: ArgumentHelp("Cancel only the occurrence on this date (YYYY-MM-DD) or at this local time.", valueName: "date"))
    var occurrence: String?

    func run() async throws {
        let context = try global.context()
        let store = try context.openStore()
        if occurrence == nil, let (unreadable, space) = try store.unreadableMeeting(reference: id) {
            // A row an older cmsched wrote that cannot be read back: delete it without reading it.
            try await context.meetingService(store: store).cancelUnreadable(unreadable, space: space)
            Console.warning("meeting \(unreadable.id) could not be read back; it was cancelled without notices")
            return
        }
        let meeting = try store.existingMeeting(id)
        guard meeting.state != .cancelled else {
            try Console.out(try context.render(meeting, format: global.format))
            return
        }
        let service = try context.meetingService(store: store)
        let result: Meeting
        if let occurrence {
            result = try await service.cancelOccurrence(meeting, at: try OccurrenceMatcher.start(of: occurrence, in: meeting))
        } else {
            result = try await service.cancel(meeting)
        }
        try Console.out(try context.render(result, format: global.format))
    }
}
