import Foundation
import Hummingbird
import Logging
import NIOCore
import SchedulerKit
import ServiceLifecycle

/// The log levels of a running `serve`: what `log show` prints and the logging endpoints answer.
public struct LoggingState: Codable, Sendable, Equatable {
    /// The level of every component with none set for a time (`--log-level`).
    public var base: String
    /// The levels set for a time, until when.
    public var timed: [LogLevels.Timed]

    public init(base: String, timed: [LogLevels.Timed]) {
        self.base = base
        self.timed = timed
    }

    static func of(_ levels: LogLevels) -> LoggingState {
        LoggingState(base: levels.baseLevel.rawValue, timed: levels.current())
    }
}

/// A level set for a time: `{"component": "webbridge", "level": "debug", "for": "30m"}` (`for`
/// defaults to 30 minutes; 1s to 24h).
public struct LoggingChange: Codable, Sendable {
    public var component: String
    public var level: String
    public var `for`: String?

    public init(component: String, level: String, for duration: String?) {
        self.component = component
        self.level = level
        self.for = duration
    }

    /// How long a level is set for when `for` is not given.
    public static let defaultSpan = "30m"
}

/// `GET`, `PUT` and `DELETE /api/v1/scheduler/logging`: on the HTTPS API (for its users) and on
/// the control socket (for `cmsched log`, local only).
enum LoggingRoutes {
    /// Under `SchedulerAPI.prefix`.
    static let path = "logging"
    static let methods: [HTTPRequest.Method] = [.get, .put, .delete]

    static func add(to group: RouterGroup<APIRequestContext>, levels: LogLevels = .shared, logger: Logger) {
        group.get(RouterPath(path)) { _, _ in try json(LoggingState.of(levels)) }
        group.put(RouterPath(path)) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 4_096)
            let change = try MeetingBody.decode(LoggingChange.self, from: Data(buffer: body))
            let timed = try apply(change, to: levels)
            logger.notice("log level of \(timed.component) set to \(timed.level) until \(timed.until)")
            return try json(LoggingState.of(levels))
        }
        group.delete(RouterPath(path)) { request, _ in
            let name = request.uri.queryParameters["component"].map(String.init)
            let component = try name.map { try self.component($0) }
            levels.reset(component)
            logger.notice("log level of \(component?.rawValue ?? "every component") back to \(levels.baseLevel.rawValue)")
            return try json(LoggingState.of(levels))
        }
    }

    static func apply(_ change: LoggingChange, to levels: LogLevels) throws -> LogLevels.Timed {
        let component = try component(change.component)
        let level: Logger.Level
        do { level = try Logger.Level(named: change.level) } catch let error as CmschedError { throw BodyError("/level", error.message) }
        let text = change.for ?? LoggingChange.defaultSpan
        guard let seconds = DurationText.seconds(text) else { throw BodyError("/for", "'\(text)' is not a duration such as 30m") }
        do {
            return try levels.set(component, to: level, for: TimeInterval(seconds))
        } catch let error as CmschedError {
            throw BodyError("/for", error.message)
        }
    }

    static func component(_ name: String) throws -> LogComponent {
        guard let component = LogComponent(rawValue: name.lowercased()) else {
            throw BodyError("/component", "'\(TextRules.escapingControls(name))' is not one of \(LogComponent.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return component
    }
}

/// The control socket of a running `serve`, a Unix socket beside the store's local files (mode
/// 0600: its owner and root only): `cmsched log` changes log levels through it without HTTPS.
public enum ControlSocket {
    /// `DATABASE.control`, or beside a PostgreSQL store's local files.
    public static func path(forLocalPath localPath: String) -> String { localPath + ".control" }

    /// The socket's HTTP application; nil (with a warning) when the path is too long for a Unix socket.
    static func service(_ environment: SchedulerKit.Environment) -> (any Service)? {
        let path = self.path(forLocalPath: environment.localPath)
        let logger = environment.logger
        guard path.utf8.count < 108 else {
            logger.warning("no control socket: its path \(path) is too long for a Unix socket; cmsched log cannot reach this serve")
            return nil
        }
        // A socket left by a serve that was killed; a live serve of this store was refused before.
        unlink(path)
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: JSONErrors())
        LoggingRoutes.add(to: router.group(RouterPath(SchedulerAPI.prefix)), logger: logger)
        var quiet = logger
        quiet.logLevel = .warning
        return SocketService(
            app: Application(
                router: router, configuration: .init(address: .unixDomainSocket(path: path), serverName: nil),
                onServerRunning: { _ in
                    chmod(path, 0o600)
                    logger.info("control socket \(path)")
                },
                logger: quiet),
            path: path, logger: logger)
    }

    /// Runs the application and removes the socket file when it stops. A socket that cannot be
    /// bound costs `cmsched log` its way in, never serve: the failure is logged and serve goes on.
    struct SocketService<App: ApplicationProtocol>: Service {
        let app: App
        let path: String
        let logger: Logger

        func run() async throws {
            defer { unlink(path) }
            do {
                try await app.run()
            } catch {
                logger.warning("no control socket at \(path): \(error); cmsched log cannot reach this serve")
                try? await gracefulShutdown()
            }
        }
    }
}

/// `cmsched log`: asks the `serve` of this store on this host, through its control socket.
public struct ControlClient: Sendable {
    let path: String
    let transport: CurlTransport

    public init(_ environment: SchedulerKit.Environment) {
        path = ControlSocket.path(forLocalPath: environment.localPath)
        var options = CurlOptions(connectTimeout: .seconds(2), requestTimeout: .seconds(5), concurrency: 1)
        options.unixSocketPath = path
        transport = CurlTransport(options: options)
    }

    public func state() async throws -> LoggingState { try await exchange("GET", query: "", body: nil) }

    public func set(_ change: LoggingChange) async throws -> LoggingState {
        try await exchange("PUT", query: "", body: try jsonData(change))
    }

    /// Ends a level set for a time: one component's, or every one's.
    public func reset(_ component: String?) async throws -> LoggingState {
        try await exchange("DELETE", query: component.map { "?" + FormEncoding.encode([("component", $0)]) } ?? "", body: nil)
    }

    private func exchange(_ method: String, query: String, body: Data?) async throws -> LoggingState {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CmschedError.unavailable("no serve of this store is running on this host (no control socket \(path))")
        }
        guard access(path, R_OK | W_OK) == 0 else {
            throw CmschedError.permission("cannot use serve's control socket \(path): run as the user serve runs as")
        }
        let response: HTTPClientResponse
        do {
            response = try await transport.send(HTTPClientRequest(
                method: method, url: "http://localhost\(SchedulerAPI.prefix)/\(LoggingRoutes.path)\(query)", body: body,
                headers: body == nil ? [:] : ["Content-Type": "application/json"]))
        } catch let failure as TransportFailure {
            throw CmschedError.unavailable("serve's control socket \(path) did not answer (\(failure)); is serve running?")
        }
        if response.status == 400, let answer = try? JSONDecoder().decode([String: [String: String]].self, from: response.body),
           let message = answer["error"]?["message"] {
            // Named as the command line names them.
            let name = ["/component": "component", "/level": "level", "/for": "--for"][answer["error"]?["pointer"] ?? ""]
            throw CmschedError.badInput(name.map { "\($0): \(message)" } ?? message)
        }
        guard response.status == 200, let state = try? JSONDecoder().decode(LoggingState.self, from: response.body) else {
            throw CmschedError.protocolError("serve's control socket answered \(response.status)")
        }
        return state
    }
}
