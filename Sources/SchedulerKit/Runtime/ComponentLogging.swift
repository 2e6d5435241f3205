import Foundation
import Logging

/// The parts of cmsched whose log level can be changed for a time in a running `serve`, as the
/// MMP's `scheduler timedLogging (webBridge|api|email) <time>` does. Every line a component logs
/// carries `component=NAME` (swift-log metadata).
public enum LogComponent: String, CaseIterable, Sendable, Codable {
    /// C2W links to the Web Bridges and the requests they carry.
    case webbridge
    /// The HTTPS API.
    case api
    /// SMTP: the outbox sender.
    case email
    /// Requests to the Call Bridge API.
    case callbridge
    /// The store: migrations, the change feed, the cluster's rows.
    case store
}

/// The log level of each component: the process's own (`--log-level`), or one set for a time
/// (`log set`), which falls back by itself when that time is up.
public final class LogLevels: @unchecked Sendable {
    /// The one table of this process, read by every logger `LogSetup` makes.
    public static let shared = LogLevels()

    /// A level set for a time (`until` in RFC 3339, UTC).
    public struct Timed: Sendable, Equatable, Codable {
        public var component: String
        public var level: String
        public var until: String

        init(_ component: LogComponent, _ level: Logger.Level, until: Date) {
            self.component = component.rawValue
            self.level = level.rawValue
            self.until = RFC3339.string(until, in: TimeZone(identifier: "UTC")!)
        }
    }

    /// The longest time a level may be set for.
    public static let longest: TimeInterval = 24 * 3_600

    private let lock = NSLock()
    private var base: Logger.Level = .info
    private var timed: [LogComponent: (level: Logger.Level, until: Date)] = [:]

    /// The level of components with none set for a time, and of lines that name no component.
    public var baseLevel: Logger.Level {
        get { lock.withLock { base } }
        set { lock.withLock { base = newValue } }
    }

    /// The level `component` logs at now.
    public func level(for component: LogComponent?, now: Date = Date()) -> Logger.Level {
        lock.withLock {
            guard let component, let entry = timed[component] else { return base }
            guard entry.until > now else {
                timed[component] = nil
                return base
            }
            return entry.level
        }
    }

    /// Sets `component`'s level until `now + duration` (1 s to 24 h).
    @discardableResult
    public func set(_ component: LogComponent, to level: Logger.Level, for duration: TimeInterval, now: Date = Date()) throws -> Timed {
        guard duration >= 1, duration <= Self.longest else {
            throw CmschedError.badInput("a level is set for 1s to 24h, not \(Int(duration))s")
        }
        let until = now.addingTimeInterval(duration)
        lock.withLock { timed[component] = (level, until) }
        return Timed(component, level, until: until)
    }

    /// Ends a level set for a time (every component's when `component` is nil) at once.
    public func reset(_ component: LogComponent?) {
        lock.withLock {
            if let component { timed[component] = nil } else { timed.removeAll() }
        }
    }

    /// The levels set for a time that have not run out, by component.
    public func current(now: Date = Date()) -> [Timed] {
        lock.withLock {
            timed = timed.filter { $0.value.until > now }
            return timed.sorted { $0.key.rawValue < $1.key.rawValue }.map { Timed($0.key, $0.value.level, until: $0.value.until) }
        }
    }
}

/// Writes to stderr as swift-log's stream handler does, at the level `LogLevels` gives the
/// logger's component (its `component` metadata) at the time of each line, unless a level was
/// set on the logger itself.
public struct ComponentLogHandler: LogHandler {
    private var stream: StreamLogHandler
    private let levels: LogLevels
    private var pinned: Logger.Level?

    public init(label: String, levels: LogLevels = .shared) {
        stream = StreamLogHandler.standardError(label: label)
        stream.logLevel = .trace
        self.levels = levels
    }

    public var logLevel: Logger.Level {
        get { pinned ?? levels.level(for: component) }
        set { pinned = newValue }
    }

    private var component: LogComponent? {
        guard case .string(let name)? = stream.metadata["component"] else { return nil }
        return LogComponent(rawValue: name)
    }

    public var metadata: Logger.Metadata {
        get { stream.metadata }
        set { stream.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { stream[metadataKey: key] }
        set { stream[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        stream.log(event: event)
    }
}

extension Logger {
    /// This logger for one component: its lines carry `component=NAME` and log at its level.
    public func component(_ component: LogComponent) -> Logger {
        var logger = self
        logger[metadataKey: "component"] = .string(component.rawValue)
        return logger
    }
}

extension Logger.Level {
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public init(named name: String) throws {
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw CmschedError.badInput("'\(name)' is not a log level: trace, debug, info, notice, warning, error or critical")
        }
        self = level
    }
}
