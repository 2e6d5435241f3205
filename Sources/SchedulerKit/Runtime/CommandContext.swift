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

    /// A client for the configured Call Bridge.
    public func callBridge() throws -> CallBridgeClient {
        try CallBridgeClient.configured(by: settings, logger: logger)
    }

    /// The meeting service on the configured Call Bridge and the store.
    public func meetingService(store: Store) throws -> MeetingService {
        MeetingService(client: try callBridge(), store: store, logger: logger)
    }

    /// How meetings are shown: join details use `meetings.sip_domain` and `meetings.web_base_url`.
    public func view(_ meeting: Meeting) -> MeetingView {
        MeetingView(meeting, sipDomain: settings[.meetingsSIPDomain], webBaseURL: settings[.meetingsWebBaseURL])
    }

    /// One meeting in the chosen format (table: its fields and join details).
    public func render(_ meeting: Meeting, format: OutputFormat) throws -> String {
        let view = view(meeting)
        switch format {
        case .table: return MeetingText.describe(view)
        case .ics: return calendarWriter.request([meeting], stamp: Date())
        case .json, .csv:
            return try Render.rows(format, header: MeetingText.seriesHeader, rows: [MeetingText.seriesRow(view)], json: view)
        }
    }

    /// The iCalendar writer with this configuration's join details.
    public var calendarWriter: ICalendarWriter {
        ICalendarWriter(sipDomain: settings[.meetingsSIPDomain], webBaseURL: settings[.meetingsWebBaseURL])
    }
}

/// Sends log records to stderr; called once per process before any logger is made.
public enum LogSetup {
    public static func bootstrap() {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }
}
