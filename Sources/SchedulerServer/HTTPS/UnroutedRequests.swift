import HTTPTypes
import Hummingbird
import NIOCore

/// The answer to a request no route takes, as JSON like every other error: 405 with `Allow`
/// when the path is one of serve's with another method (HEAD, OPTIONS and TRACE included: no
/// route takes them), else 404. On the router, so it also answers outside the API's prefix
/// (`/metrics`, `/`), before authentication (which paths exist is public: docs/openapi.yaml);
/// `JSONErrors` around it writes the answer.
struct UnroutedRequests: RouterMiddleware {
    typealias Context = APIRequestContext
    /// Every route serve has: its method and its path, `:name` standing for one path segment.
    let routes: [(method: HTTPRequest.Method, path: String)]
    /// The operations pages, when serve shows them: a path under `/ops` is answered as a page.
    var pages: OpsPages? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = allowedMethods(request.uri.path)
            if let pages, OpsRoutes.covers(request.uri.path) { return OpsHeaders.unrouted(pages, allowed: allowed) }
            guard !allowed.isEmpty else {
                throw APIError(status: .notFound, code: "notFound", pointer: nil, message: "no such path")
            }
            throw APIError(
                status: .methodNotAllowed, code: "methodNotAllowed", pointer: nil,
                message: "use \(allowed.joined(separator: ", ")) on this path", headers: [.allow: allowed.joined(separator: ", ")])
        }
    }

    /// The methods of the routes whose path matches `path`, in the order the routes list them.
    func allowedMethods(_ path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var methods: [String] = []
        for route in routes {
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard pattern.count == segments.count,
                  zip(pattern, segments).allSatisfy({ $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }),
                  !methods.contains(route.method.rawValue)
            else { continue }
            methods.append(route.method.rawValue)
        }
        return methods
    }
}

/// The request context of serve's HTTPS API: Hummingbird's, with the client's address (password
/// checks back off per address).
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in user of an operations page (`OpsAuth`), and a POST's form fields.
    var opsSession: OpsUser?
    var opsForm: [String: String] = [:]

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
