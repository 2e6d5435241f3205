import ArgumentParser
import SchedulerKit

extension MeetingCommand {
    /// `cmsched meeting show ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one meeting with the join details of every role.",
            discussion: """
                Examples:
                  cmsched meeting show xrp
                  cmsched meeting show 2c04a2a7 --format json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: MeetingFormatOptions
        @Argument(help: "Meeting id (or a unique prefix of 8+ characters, or its key).") var id: String

        func run() async throws {
            let environment = try global.environment(readsOnly: true)
            let meeting = try await Scheduler(environment).meeting(id)
            try Console.out(MeetingOutput.meeting(meeting, format: output.format, environment: environment))
        }
    }
}
