import ArgumentParser
import SchedulerKit

/// `cmsched store`: the store itself.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on the store itself (move a single-host SQLite store into PostgreSQL).",
        subcommands: [Copy.self]
    )
}
