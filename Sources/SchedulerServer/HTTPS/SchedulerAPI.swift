import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import SchedulerKit

/// The HTTPS API of `serve`, JSON under `/api/v1/scheduler/` (described by `docs/openapi.yaml`),
/// HTTP Basic auth against the API users; `/metrics` (Prometheus text) without auth.
public struct SchedulerAPI: Sendable {
    public static let prefix = "/api/v1/scheduler"
    /// Every route as `docs/openapi.yaml` lists it (`{id}` for a path parameter); a test keeps the two in step.
    public static var routes: [(method: String, path: String)] {
        Endpoint.allCases.map { ($0.method.rawValue, $0.path.replacingOccurrences(of: ":id", with: "{id}")) }
            + LoggingRoutes.methods.map { ($0.rawValue, "/" + LoggingRoutes.path) }
    }

    /// The API's endpoints: the router registers exactly these.
    enum Endpoint: CaseIterable {
        case listMeetings, createMeeting, getMeeting, updateMeeting, deleteMeeting, listTemplates, getStatus

        var method: HTTPRequest.Method {
            switch self {
            case .listMeetings, .getMeeting, .listTemplates, .getStatus: .get
            case .createMeeting: .post
            case .updateMeeting: .put
            case .deleteMeeting: .delete
            }
        }

        var path: String {
            switch self {
            case .listMeetings, .createMeeting: "/meetings"
            case .getMeeting, .updateMeeting, .deleteMeeting: "/meetings/:id"
            case .listTemplates: "/templates"
            case .getStatus: "/status"
            }
        }
    }

    /// The largest body accepted (413 above).
    static let maxBody = 1 << 20

    let scheduler: Scheduler
    let authenticator: APIAuthenticator
    let metrics: ServeMetrics
    /// Called after a change, so `meeting.changed` goes out at once.
    let changed: @Sendable () -> Void
    /// The operations pages under `/ops/`, sharing the API's users and password back-off.
    let ops: OpsRoutes?

    /// `ops`: the operations pages' content, when serve shows them.
    init(scheduler: Scheduler, metrics: ServeMetrics, ops: OpsPages? = nil, changed: @escaping @Sendable () -> Void = {}) {
        self.scheduler = scheduler
        let authenticator = APIAuthenticator(scheduler.environment, metrics: metrics)
        self.authenticator = authenticator
        self.metrics = metrics
        self.changed = changed
        self.ops = ops.map { OpsRoutes(pages: $0, authenticator: authenticator) }
    }

    public init(scheduler: Scheduler, metrics: ServeMetrics, changed: @escaping @Sendable () -> Void = {}) {
        self.init(scheduler: scheduler, metrics: metrics, ops: nil, changed: changed)
    }

    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLog(logger: scheduler.environment.logger.component(.api)))
        router.add(middleware: RequestMetrics(metrics: metrics))
        router.add(middleware: JSONErrors())
        let logging = LoggingRoutes.methods.map { ($0, Self.prefix + "/" + LoggingRoutes.path) }
        let routes = [(HTTPRequest.Method.get, "/metrics")] + logging + Endpoint.allCases.map { ($0.method, Self.prefix + $0.path) }
            + (ops == nil ? [] : OpsRoutes.routes)
        router.add(middleware: UnroutedRequests(routes: routes, pages: ops?.pages))
        ops?.add(to: router)
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        let api = router.group(RouterPath(Self.prefix)).add(middleware: BasicAuth(authenticator: authenticator))
        LoggingRoutes.add(to: api, logger: scheduler.environment.logger.component(.api))
        for endpoint in Endpoint.allCases {
            api.on(RouterPath(String(endpoint.path.dropFirst())), method: endpoint.method) { request, context in
                try await handle(endpoint, request, context)
            }
        }
        return router
    }

    // MARK: Handlers

    private func handle(_ endpoint: Endpoint, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        switch endpoint {
        case .listMeetings: return try await listMeetings(request)
        case .createMeeting: return try await createMeeting(request)
        case .getMeeting: return try json(view(try await meeting(context)))
        case .updateMeeting: return try await updateMeeting(request, context)
        case .deleteMeeting:
            let found = try await meeting(context)
            _ = try await scheduler.deleteMeeting(found.id)
            metrics.meetingChanged("deleted")
            changed()
            return Response(status: .noContent)
        case .listTemplates: return try json(["templates": try await scheduler.templates()])
        case .getStatus: return try json(await scheduler.status(offline: false))
        }
    }

    private func listMeetings(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        func time(_ name: String) throws -> Date? {
            guard let text = query[name[...]].map(String.init) else { return nil }
            guard let date = RFC3339.parse(text) else { throw BodyError("/\(name)", "expected an RFC 3339 time (query parameter \(name))") }
            return date
        }
        var asked: Int?
        if let text = query["maxMeetings"].map(String.init) {
            guard let number = Int(text) else { throw BodyError("/maxMeetings", "expected an integer from 1 to \(ServeLimits.mostOccurrences)") }
            asked = number
        }
        let (from, until, max) = try ServeLimits.listing(
            from: try time("fromTime"), until: try time("untilTime"), max: asked, now: scheduler.environment.now(),
            names: ("fromTime", "untilTime", "maxMeetings"))
        let list = try await scheduler.listMeetings(MeetingQuery(from: from, until: until, expand: true, max: max))
        let series = Dictionary(list.meetings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let items = (list.occurrences ?? []).map { occurrence -> APIOccurrence in
            let meeting = series[occurrence.meetingId]
            let view = OccurrenceView(occurrence)
            return APIOccurrence(
                id: occurrence.meetingId, name: view.name, start: view.start, end: view.end, timeZone: view.timeZone,
                organizer: meeting?.organizer ?? "",
                space: APIOccurrence.Space(id: meeting?.space.coSpaceId, name: meeting?.space.name ?? "", uri: meeting?.space.uri))
        }
        return try json(["meetings": items])
    }

    private func createMeeting(_ request: Request) async throws -> Response {
        let body = try await meetingRequest(request)
        var fields = try MeetingBody.fields(body, partial: false)
        guard let organizer = body.organizer, !organizer.isEmpty else {
            throw BodyError("/organizer", "give the organizer's user JID")
        }
        fields.organizer = organizer
        if let key = body.key, key.isEmpty { throw BodyError("/key", "expected a non-empty string") }
        fields.key = body.key
        let created = try await scheduler.createMeetingForRequest(fields)
        metrics.meetingChanged("created")
        changed()
        var response = try json(["meeting": view(created.meeting)])
        response.status = created.outcome == .created ? .created : .ok
        response.headers[.location] = "\(Self.prefix)/meetings/\(created.meeting.id)"
        return response
    }

    private func updateMeeting(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let found = try await meeting(context)
        let edit = MeetingEdit(fields: try MeetingBody.fields(try await meetingRequest(request), partial: true))
        guard !edit.isEmpty else { throw BodyError("", "give at least one field to change") }
        let updated = try await scheduler.updateMeeting(found.id, edit: edit)
        metrics.meetingChanged("updated")
        changed()
        return try json(["meeting": view(updated)])
    }

    /// The meeting of the `:id` path parameter, by exact id (404 otherwise).
    private func meeting(_ context: APIRequestContext) async throws -> Meeting {
        let id = context.parameters.get("id") ?? ""
        guard let found = try? await scheduler.meeting(id), found.id == id else {
            throw APIError(status: .notFound, code: "notFound", pointer: nil, message: "no meeting \(TextRules.escapingControls(id))")
        }
        return found
    }

    private func meetingRequest(_ request: Request) async throws -> MeetingRequest {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxBody)
        } catch {
            throw APIError(status: .contentTooLarge, code: "tooLarge", pointer: nil, message: "the body is larger than 1 MiB")
        }
        return try MeetingBody.decode(MeetingRequest.self, from: Data(buffer: buffer))
    }

    private func view(_ meeting: Meeting) -> MeetingView {
        let settings = scheduler.environment.typed.meetings
        return MeetingView(meeting, sipDomain: settings.sipDomain, webBaseURL: settings.webBaseURL)
    }
}

/// One occurrence as `GET meetings` lists it: the meeting, its space and time zone.
struct APIOccurrence: Encodable, Sendable {
    struct Space: Encodable, Sendable {
        var id: String?
        var name: String
        var uri: String?
    }
    var id: String
    var name: String
    var start: String
    var end: String
    var timeZone: String
    var organizer: String
    var space: Space
}

/// An error answer: `{"error":{"code","pointer","message"}}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var pointer: String?
    var message: String
    var headers: HTTPFields = [:]

    /// `{"error":{…}}` as the answer's body.
    var body: ByteBuffer {
        var fields = ["code": code, "message": message]
        if let pointer { fields["pointer"] = pointer }
        return ByteBuffer(data: (try? jsonData(["error": fields])) ?? Data())
    }

    var response: Response {
        var response = Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        for field in headers { response.headers.append(field) }
        return response
    }

    /// The answer for any error a handler throws.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as BodyError: return APIError(status: .badRequest, code: "invalidRequest", pointer: error.pointer, message: error.message)
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIError(status: .contentTooLarge, code: "tooLarge", pointer: nil, message: "the body is larger than 1 MiB")
        case let error as HTTPError:
            // Decided by Hummingbird before a handler ran (a malformed request).
            return APIError(status: error.status, code: "invalidRequest", pointer: nil, message: error.status.reasonPhrase)
        default:
            let failure = CmschedError.wrapping(error) ?? .internalError(String(describing: error))
            let message = TextRules.escapingControls(failure.message)
            let status: HTTPResponse.Status =
                if case .unknownName = failure { .badRequest } else {
                switch failure.exitStatus {
                case .badInput, .usage: .badRequest
                case .inputMissing: .notFound
                case .permission: .forbidden
                case .temporary, .unavailable, .ioError: .serviceUnavailable
                case .protocolError: .badGateway
                default: .internalServerError
                }
                }
            guard failure.exitStatus != .temporary else {
                return APIError(status: status, code: "busy", pointer: nil, message: message, headers: [.retryAfter: "1"])
            }
            let pointer = status == .badRequest ? MeetingBody.pointer(of: failure) : nil
            return APIError(status: status, code: failure.requestCode, pointer: pointer, message: message)
        }
    }
}

/// Pretty-free, key-sorted JSON with `application/json`.
func json(_ value: some Encodable) throws -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(data: try jsonData(value))))
}

func jsonData(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
}

/// Logs each request at debug level (`log set api debug`): method, path, status, time taken.
struct RequestLog: RouterMiddleware {
    typealias Context = APIRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard logger.logLevel <= .debug else { return try await next(request, context) }
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let path = TextRules.escapingControls(request.uri.path)
        logger.debug(
            "\(request.method) \(path): \(response.status.code)",
            metadata: ["ms": "\(Int((ContinuousClock.now - started).timeInterval * 1_000))", "from": "\(context.remoteAddress?.ipAddress ?? "-")"])
        return response
    }
}

/// Turns every error on the listener (the API's, `/metrics`', a path no route takes) into the
/// JSON error answer, logging those that are the server's (5xx).
struct JSONErrors: RouterMiddleware {
    typealias Context = APIRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.from(error)
            if answer.status.code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(answer.message)") }
            return answer.response
        }
    }
}

/// HTTP Basic auth against the API users: 401 with `WWW-Authenticate` otherwise, 429 with
/// `Retry-After` while the client is backing off after wrong passwords.
struct BasicAuth: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticator: APIAuthenticator
    /// Each user's turns (`ServeLimits.userRequests`).
    let turns = AdmissionGate(running: ServeLimits.userRequests, waiting: ServeLimits.userQueue)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let refused = APIError(
            status: .unauthorized, code: "unauthorized", pointer: nil, message: "give the user name and password of an API user",
            headers: [.wwwAuthenticate: "Basic realm=\"cmsched\", charset=\"UTF-8\""])
        guard let basic = request.headers.basic else { throw refused }
        switch await authenticator.verify(basic.username, basic.password, client: context.remoteAddress?.ipAddress ?? "?") {
        case .allowed(let role):
            guard role.may(request.method, request.uri.path) else {
                throw APIError(
                    status: .forbidden, code: "forbidden", pointer: nil,
                    message: "API user \(basic.username) has the role \(role.rawValue), which may not \(request.method) this path")
            }
            let origin = ChangeOrigin(.https, user: basic.username)
            guard let response = try await turns.run(basic.username, { try await ChangeOrigin.$current.withValue(origin) { try await next(request, context) } })
            else {
                throw APIError(
                    status: .tooManyRequests, code: "busy", pointer: nil,
                    message: "\(ServeLimits.userRequests) requests of this user are running and \(ServeLimits.userQueue) waiting: try again",
                    headers: [.retryAfter: "1"])
            }
            return response
        case .refused: throw refused
        case .backOff(let seconds):
            throw APIError(
                status: .tooManyRequests, code: "tooManyAttempts", pointer: nil,
                message: "too many wrong passwords from this address: try again in \(seconds) s", headers: [.retryAfter: String(seconds)])
        case .busy:
            throw APIError(status: .serviceUnavailable, code: "busy", pointer: nil, message: "too many password checks at once", headers: [.retryAfter: "1"])
        case .storeUnavailable(let why):
            throw APIError(
                status: .serviceUnavailable, code: "storeUnavailable", pointer: nil,
                message: "the API users cannot be read: \(TextRules.escapingControls(why))", headers: [.retryAfter: "5"])
        }
    }
}

/// Counts HTTPS requests and their latency.
struct RequestMetrics: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: ServeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            metrics.httpsRequest(method: request.method.rawValue, status: (error as? HTTPResponseError)?.status.code ?? 500, duration: ContinuousClock.now - start)
            throw error
        }
        metrics.httpsRequest(method: request.method.rawValue, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
