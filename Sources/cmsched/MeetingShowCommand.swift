import ArgumentParser
import Foundation
import SchedulerKit

/// `cmsched meeting show ID`.
struct MeetingShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one meeting with the join details of every role.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Meeting id (or a unique prefix of 8+ characters, or its key).") var id: String

    func run() async throws {
        let context = try global.context()
        try Console.out(try context.render(try context.openStore().existingMeeting(id), format: global.format))
    }
}
