import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting export [ID…] [--all] --out FILE|-`.
struct MeetingExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write meetings as an iCalendar file (METHOD:REQUEST), atomically.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Meeting ids (or unique prefixes, or keys).") var ids: [String] = []
    @Flag(help: "Every scheduled meeting.") var all = false
    @Option(help: ArgumentHelp("Output file, or - for stdout.", valueName: "file")) var out: String

    func validate() throws {
        guard all || !ids.isEmpty else { throw ValidationError("give meeting ids or --all") }
        guard !(all && !ids.isEmpty) else { throw ValidationError("give meeting ids or --all, not both") }
    }

    func run() async throws {
        let context = try global.context()
        let store = try context.openStore()
        let meetings = all ? try store.meetings(in: [.scheduled]) : try ids.map { try store.existingMeeting($0) }
        let text = context.calendarWriter.request(meetings, stamp: Date())
        if out == "-" {
            Console.out(text)
        } else {
            try AtomicFile.write(Data(text.utf8), to: out, mode: 0o644)
            if !global.quiet { Console.error("wrote \(meetings.count) meetings to \(out)") }
        }
    }
}
