import ArgumentParser
import Logging
import SchedulerKit

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Database file (default: $XDG_DATA_HOME/cmsched/cmsched.sqlite).", valueName: "path"))
    var db: String?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @Flag(help: "Only errors on stderr.")
    var quiet = false

    /// The shared state every command works with.
    func context() throws -> CommandContext {
        try CommandContext(configFlag: config, databaseFlag: db, logLevel: quiet ? .error : logLevel)
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
