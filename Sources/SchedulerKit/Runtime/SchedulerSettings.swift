import Foundation

/// The settings as typed values, read once from the validated configuration. Each default is
/// written once, in `ConfigKey.defaultValue`; nothing else restates it.
public struct SchedulerSettings: Sendable, Equatable {
    public struct CallBridge: Sendable, Equatable {
        public var url: String?
        public var user: String?
        public var caFile: String?
        /// Requests (and kept-alive connections) at once; also the meetings a bulk run makes at once.
        public var concurrency: Int
        /// Whole-exchange timeout of one request.
        public var timeout: Duration
    }

    public struct Email: Sendable, Equatable {
        public var server: String?
        /// `smtp` or `smtps`.
        public var protocolName: String
        /// The configured port, else 465 for smtps and 25 for smtp.
        public var port: Int
        public var startTLS: Bool
        public var auth: Bool
        public var username: String?
        public var trustFile: String?
        public var from: String?
        /// SMTP sessions a delivery run sends on at once.
        public var connections: Int
    }

    public struct Meetings: Sendable, Equatable {
        public var sipDomain: String?
        public var webBaseURL: String?
        /// `meetings.time_zone`, when set (a name `ICalendarWriter.knownZone` takes).
        public var timeZoneName: String?

        /// The zone of a meeting given without `tz`, and of times given on the command line
        /// (`meetings.time_zone`, else the machine's): made when asked, not at every start.
        public var timeZone: TimeZone { timeZoneName.flatMap(TimeZone.init(identifier:)) ?? .current }
    }

    public struct Cleanup: Sendable, Equatable {
        /// The daily run's time of day, UTC.
        public var at: TimeOfDay
        /// How long after a meeting's end its temporary space is kept.
        public var grace: Duration
    }

    /// serve's HTTPS listener: connections open at once, and how long one may send nothing.
    public struct HTTPS: Sendable, Equatable {
        public var maxConnections: Int
        public var idleTimeout: Duration
    }

    public var callBridge: CallBridge
    public var email: Email
    public var https: HTTPS
    public var meetings: Meetings
    public var cleanup: Cleanup

    /// Reads the typed values; every value was validated when the configuration was loaded.
    public init(_ settings: Settings) {
        func value(_ key: ConfigKey) -> String { settings[key] ?? key.defaultValue ?? "" }
        func seconds(_ key: ConfigKey) -> Duration { .seconds(DurationText.seconds(value(key)) ?? 0) }
        func number(_ key: ConfigKey) -> Int? { settings[key].flatMap { Int($0) } }
        let protocolName = value(.emailProtocol)
        callBridge = CallBridge(
            url: settings[.callBridgeURL], user: settings[.callBridgeUser], caFile: settings[.callBridgeCAFile],
            concurrency: Int(value(.callBridgeConcurrency)) ?? 1, timeout: seconds(.callBridgeTimeout))
        email = Email(
            server: settings[.emailServer], protocolName: protocolName,
            port: number(.emailPort) ?? (protocolName == "smtps" ? 465 : 25),
            startTLS: protocolName == "smtp" && settings[.emailStartTLS] == "enable", auth: settings[.emailAuth] == "enable",
            username: settings[.emailUsername], trustFile: settings[.emailTrust], from: settings[.emailFrom],
            connections: Int(value(.emailConnections)) ?? 1)
        https = HTTPS(maxConnections: Int(value(.httpsMaxConnections)) ?? 0, idleTimeout: seconds(.httpsIdleTimeout))
        meetings = Meetings(
            sipDomain: settings[.meetingsSIPDomain], webBaseURL: settings[.meetingsWebBaseURL],
            timeZoneName: settings[.meetingsTimeZone])
        cleanup = Cleanup(at: TimeOfDay(value(.cleanupAt)) ?? TimeOfDay(hour: 1, minute: 15), grace: seconds(.cleanupGrace))
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
