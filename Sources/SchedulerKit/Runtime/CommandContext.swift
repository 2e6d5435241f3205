import Foundation
import Logging

/// What every command needs, built once from the global options: settings, paths, logger.
public struct CommandContext: Sendable {
    public let locations: Locations
    /// The `--config` flag, if given.
    public let configFlag: String?
    public let settings: Settings
    /// The database file (`--db`, else the XDG default).
    public let databasePath: String
    public let logger: Logger

    /// Resolves settings and paths; fails with exit 78 on a bad configuration.
    public init(
        configFlag: String?, databaseFlag: String?, logLevel: Logger.Level,
        locations: Locations = Locations()
    ) throws {
        self.locations = locations
        self.configFlag = configFlag
        self.settings = try Settings.load(locations: locations, configFlag: configFlag)
        self.databasePath = databaseFlag.flatMap { $0.isEmpty ? nil : $0 } ?? locations.defaultDatabasePath
        var logger = Logger(label: "cmsched")
        logger.logLevel = logLevel
        self.logger = logger
    }

    /// Opens the store (creating and migrating it when needed).
    public func openStore() throws -> Store {
        try Store.open(path: databasePath)
    }
}

/// Sends log records to stderr; called once per process before any logger is made.
public enum LogSetup {
    public static func bootstrap() {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }
}
