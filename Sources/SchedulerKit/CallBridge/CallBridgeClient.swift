import Foundation
import Logging

/// A client of the Call Bridge REST API (`/api/v1`): form bodies out, XML in, typed results.
/// GET, PUT and DELETE are retried on timeouts, resets and 503; a POST is repeated only when it
/// never left this machine, otherwise it fails with `outcomeUnknown` for the caller to reconcile.
public final class CallBridgeClient: Sendable {
    /// The base URL without a path, e.g. `https://cms.example.com:445`.
    public let baseURL: String
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let logger: Logger
    /// The page size asked for; the server may cap it lower.
    let pageLimit: Int
    private let sleep: @Sendable (Duration) async throws -> Void

    public static let apiPrefix = "/api/v1"

    /// Kept-alive connections per meeting in flight: the access methods and the member of one
    /// meeting are POSTed together (a template with up to three access methods never waits).
    public static let connectionsPerMeeting = 4

    public init(
        baseURL: String, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        pageLimit: Int = 100, logger: Logger = Logger(label: "cmsched.callbridge"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
        self.retry = retry
        self.pageLimit = pageLimit
        self.logger = logger
        self.sleep = sleep
    }

    /// A client for the configured Call Bridge: URL, user, password (file or env), CA file, limits.
    public static func configured(
        by settings: Settings, logger: Logger, retry: RetryPolicy = RetryPolicy()
    ) throws -> CallBridgeClient {
        let url = try settings.required(.callBridgeURL, for: "the Call Bridge API")
        let user = try settings.required(.callBridgeUser, for: "the Call Bridge API")
        let password = try settings.requiredSecret(.callBridgePassword, for: "the Call Bridge API needs a password")
        let typed = SchedulerSettings(settings).callBridge
        if let caFile = typed.caFile {
            _ = try CertificateCheck.certificates(caFile, for: ConfigKey.callBridgeCAFile.rawValue)
        }
        // `callbridge.concurrency` meetings at once, each POSTing its access methods and member at once.
        let options = CurlOptions(
            caFile: typed.caFile, user: user, password: password, requestTimeout: typed.timeout,
            concurrency: typed.concurrency * connectionsPerMeeting)
        return CallBridgeClient(baseURL: url, transport: CurlTransport(options: options), retry: retry, logger: logger)
    }

    /// A client for another Call Bridge of the cluster, with the same credentials, trust and limits.
    public func peer(at address: String) throws -> CallBridgeClient {
        guard let url = CurlURL(address), ["http", "https"].contains(url.scheme) else {
            throw CmschedError.protocolError("Call Bridge address '\(address)' is not an http(s) URL")
        }
        guard CredentialRule.permits(address) else {
            throw CmschedError.configuration(
                "Call Bridge address '\(address)' is plain http off this machine: credentials go only over https (or to loopback)")
        }
        return CallBridgeClient(baseURL: address, transport: transport, retry: retry, pageLimit: pageLimit, logger: logger, sleep: sleep)
    }

    // MARK: - Verbs

    /// GETs a path under `/api/v1` and parses the XML reply.
    public func get(_ path: String, query: [(String, String)] = []) async throws -> XMLTree {
        let response = try await send("GET", path, query: query)
        return try parse(response, method: "GET", path: path)
    }

    /// POSTs a form and returns the new object's id (the last segment of `Location`).
    public func create(_ path: String, _ form: [(String, String)]) async throws -> String {
        let response = try await send("POST", path, form: form)
        guard let location = response.headers["location"], let id = location.split(separator: "/").last,
            !id.isEmpty
        else {
            throw CallBridgeError.protocolViolation(method: "POST", path: path, detail: "200 without a Location header")
        }
        return String(id)
    }

    /// POSTs a query-style form (such as `/uriUsageQuery`) whose answer is an XML body.
    public func query(_ path: String, _ form: [(String, String)]) async throws -> XMLTree {
        let response = try await send("POST", path, form: form)
        return try parse(response, method: "POST", path: path)
    }

    /// PUTs a form; an empty value clears that field on the Call Bridge.
    public func update(_ path: String, _ form: [(String, String)]) async throws {
        _ = try await send("PUT", path, form: form)
    }

    /// DELETEs an object.
    public func delete(_ path: String) async throws {
        _ = try await send("DELETE", path)
    }

    /// GETs one object.
    public func object<T: CallBridgeObject>(_ type: T.Type, at path: String) async throws -> T {
        let xml = try await get(path)
        guard xml.name == T.element, let id = xml.attributes["id"] else {
            throw CallBridgeError.protocolViolation(
                method: "GET", path: path, detail: "expected <\(T.element) id=…>, got <\(xml.name)>")
        }
        do {
            return try T(id: id, xml: xml)
        } catch let error as DecodingError {
            throw CallBridgeError.protocolViolation(method: "GET", path: path, detail: XMLFieldDecoder.describe(error))
        }
    }

    /// GETs every page of a collection (or the pages holding its first `atMost` items), whatever
    /// page size the server caps to.
    public func list<T: CallBridgeObject>(
        _ type: T.Type, at path: String, query: [(String, String)] = [], atMost: Int = .max
    ) async throws -> [T] {
        var items: [T] = []
        var offset = 0
        while true {
            let pageQuery = query + [("offset", String(offset)), ("limit", String(pageLimit))]
            let xml = try await get(path, query: pageQuery)
            let page: CollectionPage<T>
            do {
                page = try CollectionPage<T>(xml: xml)
            } catch let error as XMLTreeError {
                throw CallBridgeError.protocolViolation(method: "GET", path: path, detail: error.message)
            } catch let error as DecodingError {
                throw CallBridgeError.protocolViolation(method: "GET", path: path, detail: XMLFieldDecoder.describe(error))
            }
            items += page.items
            offset += page.items.count
            // More pages exist while offset + returned < total; an empty page means the list shrank.
            if page.items.isEmpty || offset >= page.total { return items }
            if items.count >= atMost { return Array(items.prefix(atMost)) }
        }
    }

    // MARK: - Exchange

    private func send(
        _ method: String, _ path: String, query: [(String, String)] = [], form: [(String, String)]? = nil
    ) async throws -> HTTPClientResponse {
        var url = baseURL + Self.apiPrefix + path
        if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
        var headers = ["Accept": "text/xml"]
        var body: Data?
        if let form {
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = Data(FormEncoding.encode(form).utf8)
        }
        let request = HTTPClientRequest(method: method, url: url, body: body, headers: headers)
        let idempotent = method != "POST"
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let canRetry = attempt < retry.maxAttempts && ContinuousClock.now - started < retry.totalTimeout
            let outcome: Result<HTTPClientResponse, TransportFailure>
            do {
                outcome = .success(try await transport.send(request))
            } catch let failure as TransportFailure {
                outcome = .failure(failure)
            }
            switch outcome {
            case .success(let response):
                logger.debug(
                    "\(method) \(path): \(response.status)",
                    metadata: ["ms": "\(Int((ContinuousClock.now - started).timeInterval * 1_000))", "attempt": "\(attempt)"])
                if response.status == 503 && idempotent && canRetry {
                    let wait = retry.delay(
                        beforeRetry: attempt, retryAfter: RetryPolicy.retryAfter(response.headers["retry-after"]))
                    logger.info("Call Bridge busy (503), retrying", metadata: ["path": "\(path)", "wait": "\(wait)"])
                    try await sleep(wait)
                    continue
                }
                return try check(response, method: method, path: path)
            case .failure(.tls(let detail)):
                throw CallBridgeError.tlsTrust(url: baseURL, detail: detail)
            case .failure(.setup(let detail)):
                throw CallBridgeError.unavailable(method: method, path: path, detail: detail)
            case .failure(.notSent(let detail)), .failure(.interrupted(let detail)):
                if case .failure(.interrupted) = outcome, !idempotent {
                    throw CallBridgeError.outcomeUnknown(path: path, detail: detail)
                }
                guard canRetry else {
                    throw CallBridgeError.unavailable(
                        method: method, path: path, detail: "\(detail) (after \(attempt) attempts)")
                }
                logger.info("Call Bridge request failed, retrying", metadata: ["path": "\(path)", "error": "\(detail)"])
                try await sleep(retry.delay(beforeRetry: attempt))
            }
        }
    }

    private func check(_ response: HTTPClientResponse, method: String, path: String) throws -> HTTPClientResponse {
        switch response.status {
        case 200..<300:
            return response
        case 401, 403:
            throw CallBridgeError.unauthorized(method: method, path: path, status: response.status)
        case 503:
            throw CallBridgeError.unavailable(method: method, path: path, detail: "HTTP 503 (busy)")
        default:
            if let xml = try? XMLTree.parse(response.body), let reason = FailureReason(xml: xml) {
                throw CallBridgeError.failure(method: method, path: path, status: response.status, reason: reason)
            }
            throw CallBridgeError.http(method: method, path: path, status: response.status)
        }
    }

    private func parse(_ response: HTTPClientResponse, method: String, path: String) throws -> XMLTree {
        do {
            return try XMLTree.parse(response.body)
        } catch let error as XMLTreeError {
            throw CallBridgeError.protocolViolation(method: method, path: path, detail: error.message)
        }
    }
}
