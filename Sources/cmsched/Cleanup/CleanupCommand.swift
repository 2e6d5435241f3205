import ArgumentParser
import SchedulerKit

/// `cmsched cleanup`: the daily deletion of temporary spaces.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Delete temporary spaces after their meetings end.", subcommands: [Run.self])
}

extension TemporarySpaceReaper.OrphanAction: ExpressibleByArgument {}
