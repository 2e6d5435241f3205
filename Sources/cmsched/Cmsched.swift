import ArgumentParser
import Foundation
import SchedulerKit

/// The cmsched command suite: the job of the CMS Scheduler, for scripts, cron and admins.
@main
struct Cmsched: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmsched",
        abstract: "Schedule Cisco Meeting Server meetings, send invitations and clean up temporary spaces.",
        discussion: """
            Exit codes: 0 ok, 3 partial, 64 usage, 65 bad input data, 66 input missing, \
            69 peer unavailable, 70 internal error, 73 cannot write output, 74 I/O error, \
            75 temporary (lock held, database busy), 76 protocol error, 77 permission, \
            78 configuration, 130 interrupted.
            """,
        version: CmschedVersion.current,
        subcommands: [
            MeetingCommand.self, TemplateCommand.self, CleanupCommand.self, NotifyCommand.self, BridgeCommand.self,
            StatusCommand.self,
            ConfigCommand.self,
        ]
    )

    /// Runs the command and maps every error to its documented exit code, in this one place.
    static func main() async {
        Console.prepare()
        LogSetup.bootstrap()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let mapped = CmschedError.wrapping(error) else { exit(withError: error) }
            Console.error(mapped.message)
            Foundation.exit(mapped.exitStatus.rawValue)
        }
    }
}
