import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting export [ID…] [--all] --out FILE|-`.
struct MeetingExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write meetings as an iCalendar file (METHOD:REQUEST), atomically.",
        discussion: """
            Each event carries the organizer's join details only (LOCATION and DESCRIPTION), as the \
            organizer's own calendar would; --all-roles adds every role's, for administrators. The output \
            folder must exist (exit 73 otherwise).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Meeting ids (or unique prefixes, or keys).") var ids: [String] = []
    @Flag(help: "Every scheduled meeting.") var all = false
    @Option(help: ArgumentHelp("Output file, or - for stdout.", valueName: "file")) var out: String
    @Flag(help: "Put every role's join details in the calendar (default: the organizer's role only).") var allRoles = false

    func validate() throws {
        guard all || !ids.isEmpty else { throw ValidationError("give meeting ids or --all") }
        guard !(all && !ids.isEmpty) else { throw ValidationError("give meeting ids or --all, not both") }
    }

    func run() async throws {
        let context = try global.context()
        let store = try context.openStore()
        let meetings: [Meeting]
        if all {
            let scan = try store.meetings(in: [.scheduled])
            Console.warnUnreadable(scan.unreadable)
            meetings = scan.meetings
        } else {
            meetings = try ids.map { try store.existingMeeting($0) }
        }
        let text = context.calendarWriter.request(meetings, stamp: Date(), audience: allRoles ? .allRoles : .organizer)
        if out == "-" {
            try Console.out(text)
        } else {
            try AtomicFile.write(Data(text.utf8), to: out, mode: 0o644, createFolder: false)
            if !global.quiet { Console.error("wrote \(meetings.count) meetings to \(out)") }
        }
    }
}
