import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SchedulerKit

/// The operations pages under `/ops/` on the HTTPS listener: sign-in by a form and a session
/// cookie, a CSRF token in every state-changing form, a strict Content-Security-Policy on every
/// answer, and the pages of `OpsPages`.
struct OpsRoutes: Sendable {
    static let prefix = "/ops"

    /// Whether `path` is one of the pages' (`/ops` or under it).
    static func covers(_ path: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }
    /// The largest form body accepted.
    static let maxForm = 16 * 1024
    static let loginCookie = "cmsched_ops_login"
    static let zoneCookie = "cmsched_tz"

    /// Every route, for `UnroutedRequests` (405 with `Allow` on a known path).
    static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/ops"), (.get, "/ops/login"), (.post, "/ops/login"), (.post, "/ops/logout"), (.get, "/ops/agenda"),
        (.get, "/ops/meetings/:id"), (.get, "/ops/outbox"), (.post, "/ops/outbox/retry"), (.get, "/ops/cleanup"),
        (.get, "/ops/live"), (.get, "/ops/ops.css"), (.get, "/ops/ops.js"),
    ]

    let pages: OpsPages
    let sessions = OpsSessions()
    let authenticator: APIAuthenticator
    let users: APIUsers

    init(pages: OpsPages, authenticator: APIAuthenticator) {
        self.pages = pages
        self.authenticator = authenticator
        users = APIUsers(pages.scheduler.environment)
    }

    func add(to router: Router<APIRequestContext>) {
        let open = router.group(RouterPath(Self.prefix)).add(middleware: OpsHeaders(pages: pages))
        for name in ["ops.css", "ops.js"] {
            open.get(RouterPath(name)) { _, _ in
                let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
                return Response(
                    status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: OpsAssets.files[name] ?? "")))
            }
        }
        open.get("login") { request, _ in try await loginForm(request) }
        open.post("login") { request, context in try await login(request, context) }

        let signedIn = router.group(RouterPath(Self.prefix)).add(middleware: OpsHeaders(pages: pages))
            .add(middleware: OpsAuth(sessions: sessions, users: users))
        signedIn.get("") { request, context in
            try html(await pages.overview(try context.opsUser(), zone: zone(request).zone))
        }
        signedIn.get("agenda") { request, context in try await agenda(request, context) }
        signedIn.get("meetings/:id") { request, context in
            let user = try context.opsUser()
            guard let page = try await pages.meeting(user, id: context.parameters.get("id") ?? "", zone: zone(request).zone) else {
                throw OpsFailure(status: .notFound, heading: "No such meeting", message: "There is no meeting with this id.")
            }
            return html(page)
        }
        signedIn.get("outbox") { request, context in
            let notice = request.uri.queryParameters["requeued"].flatMap { Int(String($0)) }.map { "\($0) dead message(s) queued again." }
            return html(try await pages.outbox(try context.opsUser(), zone: zone(request).zone, notice: notice))
        }
        signedIn.post("outbox/retry") { _, context in try await retry(context) }
        signedIn.get("cleanup") { request, context in html(try await pages.cleanup(try context.opsUser(), zone: zone(request).zone)) }
        signedIn.get("live") { _, _ in
            try json(["version": await pages.live().version])
        }
        signedIn.post("logout") { _, context in
            sessions.end(try context.opsUser().token)
            var response = redirect("/ops/login")
            response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(OpsSessions.cookie, "", path: "/ops", maxAge: 0)))
            return response
        }
    }

    // MARK: Sign-in

    /// The form, with a token also set as a short-lived cookie (a forged sign-in cannot know it).
    private func loginForm(_ request: Request) async throws -> Response {
        let token = OpsSessions.randomToken()
        var response = html(pages.login(token: token, next: Self.safeNext(request.uri.queryParameters["next"].map(String.init))))
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, token, path: "/ops/login", maxAge: 600)))
        return response
    }

    private func login(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let form = try await Self.form(request)
        let next = Self.safeNext(form["next"])
        guard let token = Self.cookies(request)[Self.loginCookie], Self.same(form["csrf"], token) else {
            throw OpsFailure(status: .forbidden, heading: "Sign-in refused", message: "The sign-in form expired or did not come from this page: load it again.")
        }
        let name = form["user"] ?? "", password = form["password"] ?? ""
        func again(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
            var response = html(pages.login(token: token, next: next, userName: name, message: message), status: status)
            for field in headers { response.headers.append(field) }
            return response
        }
        guard (try? APIUsers.checkName(name)) != nil, !password.isEmpty else { return again(.unauthorized, "Wrong user name or password.") }
        switch await authenticator.verify(name, password, client: context.remoteAddress?.ipAddress ?? "?") {
        case .allowed:
            let (cookie, _) = sessions.start(user: name)
            var response = redirect(next)
            response.headers.append(HTTPField(
                name: .setCookie, value: Self.cookie(OpsSessions.cookie, cookie, path: "/ops", maxAge: Int(OpsSessions.lifetime.components.seconds))))
            response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, "", path: "/ops/login", maxAge: 0)))
            return response
        case .refused: return again(.unauthorized, "Wrong user name or password.")
        case .backOff(let seconds):
            return again(.tooManyRequests, "Too many wrong passwords from this address: try again in \(seconds) s.", headers: [.retryAfter: String(seconds)])
        case .busy: return again(.serviceUnavailable, "Too many sign-ins at once: try again.", headers: [.retryAfter: "1"])
        case .storeUnavailable(let why): return again(.serviceUnavailable, "The users cannot be read: \(why)")
        }
    }

    // MARK: Pages with input

    private func agenda(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let user = try context.opsUser()
        let query = request.uri.queryParameters
        let (zone, isDefault, chosen) = try zone(request)
        let today = LocalDateTime(pages.scheduler.environment.now(), in: zone)
        var week = OpsPages.monday(of: today)
        if let text = query["week"].map(String.init), !text.isEmpty {
            // The years a meeting may be in (see Safety in the README).
            guard let day = LocalDateTime(date: text), TimeBounds.years.contains(day.year) else {
                throw OpsFailure(
                    status: .badRequest, heading: "Not a date",
                    message: "week: expected a date from \(TimeBounds.years.lowerBound) to \(TimeBounds.years.upperBound), as 2026-12-07.")
            }
            week = OpsPages.monday(of: day)
        }
        let organizer = query["organizer"].map(String.init).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        var response = html(try await pages.agenda(user, zone: zone, zoneDefault: isDefault, week: week, organizer: organizer))
        if chosen {
            response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.zoneCookie, zone.identifier, path: "/ops", maxAge: 31_536_000, httpOnly: false)))
        }
        return response
    }

    private func retry(_ context: APIRequestContext) async throws -> Response {
        let user = try context.opsUser()
        guard user.role == .admin else {
            throw OpsFailure(status: .forbidden, heading: "Not allowed", message: "Only an admin may retry mail; \(user.name) is a \(user.role.rawValue).")
        }
        let form = context.opsForm
        var ids: [Int64]?
        if form["all"] == nil {
            guard let id = form["id"].flatMap(Int64.init) else {
                throw OpsFailure(status: .badRequest, heading: "Nothing to retry", message: "Give a message id, or retry every dead message.")
            }
            ids = [id]
        }
        let requeued = try await pages.scheduler.retryOutbox(ids: ids)
        return redirect("/ops/outbox?requeued=\(requeued)")
    }

    /// The viewer's zone: `?tz=` (then remembered), else the cookie, else UTC (`isDefault`: the
    /// page's script then sets the browser's zone). An unknown zone is refused.
    private func zone(_ request: Request) throws -> (zone: TimeZone, isDefault: Bool, chosen: Bool) {
        if let asked = request.uri.queryParameters["tz"].map(String.init), !asked.isEmpty {
            guard let zone = ICalendarWriter.knownZone(asked) else {
                throw OpsFailure(status: .badRequest, heading: "Unknown time zone", message: "tz: '\(asked)' is not a time zone name such as Europe/Berlin.")
            }
            return (zone, false, true)
        }
        if let remembered = Self.cookies(request)[Self.zoneCookie], let zone = ICalendarWriter.knownZone(remembered) {
            return (zone, false, false)
        }
        return (TimeZone(identifier: "UTC")!, true, false)
    }

    // MARK: Helpers

    /// Where to go after sign-in: a path of these pages, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ops"), !next.contains("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/ops/" }
        return next
    }

    static func same(_ given: String?, _ expected: String) -> Bool { given.map { OpsSessions.same($0, expected) } ?? false }

    static func cookie(_ name: String, _ value: String, path: String, maxAge: Int, httpOnly: Bool = true) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); Secure; SameSite=Strict" + (httpOnly ? "; HttpOnly" : "")
    }

    /// The request's cookies by name (the first of a name wins).
    static func cookies(_ request: Request) -> [String: String] {
        var found: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, found[parts[0]] == nil { found[parts[0]] = parts[1] }
            }
        }
        return found
    }

    /// An `application/x-www-form-urlencoded` body of at most `maxForm` bytes.
    static func form(_ request: Request) async throws -> [String: String] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw OpsFailure(status: .unsupportedMediaType, heading: "Not a form", message: "Send the page's form.")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxForm)
        } catch {
            throw OpsFailure(status: .contentTooLarge, heading: "Too large", message: "A form of these pages is under 16 KiB.")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts.first ?? nil else {
                throw OpsFailure(status: .badRequest, heading: "Bad form", message: "The form's fields are not URL-encoded.")
            }
            if fields[name] == nil { fields[name] = parts.count > 1 ? parts[1] ?? "" : "" }
        }
        return fields
    }
}

func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}

/// An error these pages answer with an HTML page.
struct OpsFailure: Error {
    var status: HTTPResponse.Status
    var heading: String
    var message: String
}

/// On every answer under `/ops/`: the security headers, and errors as an HTML page (the API's
/// are JSON). A request that is not signed in is sent to the sign-in form.
struct OpsHeaders: RouterMiddleware {
    typealias Context = APIRequestContext
    let pages: OpsPages

    static let policy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let failure as OpsFailure {
            response = html(pages.error(context.opsSession, heading: failure.heading, message: failure.message), status: failure.status)
        } catch is OpsSignInNeeded {
            response = redirect("/ops/login?next=" + OpsPages.queryEscaped(request.uri.path))
        } catch {
            let answer = APIError.from(error)
            if answer.status.code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(answer.message)") }
            response = html(pages.error(context.opsSession, heading: answer.status.reasonPhrase, message: answer.message), status: answer.status)
            for field in answer.headers { response.headers.append(field) }
        }
        return Self.secured(response)
    }

    /// `response` with the headers every answer of the pages carries.
    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }

    /// The answer to a path under `/ops` that no page has, or a method a page does not take
    /// (`allowed` its methods): an error page, as the pages' own errors are, not the API's JSON.
    static func unrouted(_ pages: OpsPages, allowed: [String]) -> Response {
        let page = allowed.isEmpty
            ? html(pages.error(nil, heading: "No such page", message: "There is no page at this address."), status: .notFound)
            : html(pages.error(nil, heading: "Method not allowed", message: "This page takes \(allowed.joined(separator: ", ")) only."),
                status: .methodNotAllowed)
        var response = secured(page)
        if !allowed.isEmpty { response.headers[.allow] = allowed.joined(separator: ", ") }
        return response
    }
}

struct OpsSignInNeeded: Error {}

/// Lets a request through with its session's user, whose role is read from the store now (a
/// removed user's session ends). A POST must carry the session's CSRF token in its form.
struct OpsAuth: RouterMiddleware {
    typealias Context = APIRequestContext
    let sessions: OpsSessions
    let users: APIUsers

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = OpsRoutes.cookies(request)[OpsSessions.cookie], let session = sessions.session(token) else {
            guard request.method == .get else {
                throw OpsFailure(status: .forbidden, heading: "Not signed in", message: "Sign in first: this form's session has ended.")
            }
            throw OpsSignInNeeded()
        }
        guard let role = try await users.role(of: session.user) else {
            sessions.end(token)
            throw OpsSignInNeeded()
        }
        var context = context
        context.opsSession = OpsUser(name: session.user, role: role, csrf: session.csrf, token: token)
        if request.method == .post {
            let form = try await OpsRoutes.form(request)
            guard OpsRoutes.same(form["csrf"], session.csrf) else {
                throw OpsFailure(status: .forbidden, heading: "Refused", message: "This form did not come from these pages (its CSRF token is missing or wrong).")
            }
            context.opsForm = form
        }
        return try await next(request, context)
    }
}

extension APIRequestContext {
    func opsUser() throws -> OpsUser {
        guard let user = opsSession else { throw OpsSignInNeeded() }
        return user
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
