import ArgumentParser
import Foundation
import Logging
import SchedulerKit

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (default: $CMSCHED_CONFIG, then the XDG and /etc files).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp(
        "The store: a SQLite file (a path or sqlite:PATH) or postgres://USER@HOST[:PORT]/DB (default: store.url, else $XDG_DATA_HOME/cmsched/cmsched.sqlite).",
        valueName: "path|url"))
    var db: String?

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error or critical (default: warning; notice for serve).")
    var logLevel: Logger.Level?

    @Flag(help: "Nothing on stdout when all went well (reports are left out), only errors on stderr.")
    var quiet = false

    /// The process's environment, built once (the first command that asks builds it).
    /// `readsOnly`: the command never writes the store (see `EnvironmentOptions.readsOnly`).
    func environment(defaultLogLevel: Logger.Level = .warning, readsOnly: Bool = false) throws -> Environment {
        try ProcessEnvironment.shared(
            EnvironmentOptions(
                configFlag: config, databaseFlag: db, logLevel: quiet ? .error : logLevel ?? defaultLogLevel, readsOnly: readsOnly))
    }

    /// Writes a command's report (what it did) to stdout, unless `--quiet`: cron mails any output,
    /// so a quiet run that went well prints nothing. Data a command was asked for (a list, an
    /// export) goes through `Console.out` whatever `--quiet` says.
    func report(_ text: String) throws {
        if !quiet { try Console.out(text) }
    }

    /// The use-cases on this process's environment.
    func scheduler() throws -> Scheduler { Scheduler(try environment()) }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The one environment of this process.
enum ProcessEnvironment {
    nonisolated(unsafe) private static var built: Environment?
    private static let lock = NSLock()

    static func shared(_ options: EnvironmentOptions) throws -> Environment {
        try lock.withLock {
            if let built { return built }
            let environment = try Environment.build(options)
            built = environment
            return environment
        }
    }

    /// Closes the store's connections, if the command opened one: its last step.
    static func close() async {
        await lock.withLock { built }?.closeStore()
    }
}
