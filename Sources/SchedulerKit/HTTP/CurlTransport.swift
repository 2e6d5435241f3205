import CCurl
import Foundation

/// TLS and credentials settings for a libcurl transport. Verification is always on.
public struct CurlOptions: Sendable {
    /// A CA bundle that replaces the system roots; nil = system roots.
    public var caFile: String?
    /// HTTP Basic credentials.
    public var user: String?
    public var password: String?
    /// Connect timeout, per attempt.
    public var connectTimeout: Duration
    /// Whole-exchange timeout, per attempt.
    public var requestTimeout: Duration
    /// How many exchanges may run at once (each has its own kept-alive connection).
    public var concurrency: Int
    /// A Unix socket to connect to instead of the URL's host (serve's control socket).
    public var unixSocketPath: String?

    public init(
        caFile: String? = nil, user: String? = nil, password: String? = nil,
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30), concurrency: Int = 4
    ) {
        self.caFile = caFile
        self.user = user
        self.password = password
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.concurrency = max(1, concurrency)
    }
}

/// HTTP over libcurl: a pool of easy handles, each reused for keep-alive, each driven on its own queue
/// so the blocking `curl_easy_perform` never runs on the cooperative thread pool.
public final class CurlTransport: HTTPTransport {
    private let options: CurlOptions
    private let pool: HandlePool

    public init(options: CurlOptions) {
        self.options = options
        self.pool = HandlePool(handles: (0..<options.concurrency).map { CurlEasy(index: $0) })
    }

    public func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let handle = await pool.acquire()
        let options = self.options
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPClientResponse, any Error>, Never>) in
            handle.queue.async {
                continuation.resume(returning: Result { try handle.perform(request, options: options) })
            }
        }
        await pool.release(handle)
        return try result.get()
    }
}

/// libcurl opened (on first use: see Sources/CCurl/shim.h) and `curl_global_init` run, exactly
/// once per process. Without libcurl nothing can be sent or read: the process ends with 78 naming it.
enum CurlGlobal {
    private static let once: Void = {
        if let error = cmsched_curl_error() {
            FileHandle.standardError.write(Data("cmsched: libcurl cannot be loaded (\(String(cString: error))); install Debian's libcurl4\n".utf8))
            exit(ExitStatus.configuration.rawValue)
        }
        _ = cmsched_curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    static func initialize() { _ = once }
}

/// Hands out easy handles, suspending callers while all are busy.
private actor HandlePool {
    private var free: [CurlEasy]
    private var waiters: [CheckedContinuation<CurlEasy, Never>] = []

    init(handles: [CurlEasy]) { free = handles }

    func acquire() async -> CurlEasy {
        if let handle = free.popLast() { return handle }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ handle: CurlEasy) {
        if waiters.isEmpty {
            free.append(handle)
        } else {
            waiters.removeFirst().resume(returning: handle)
        }
    }
}

/// Collects what libcurl hands to the write and header callbacks, and hands it the request body.
final class CurlSink {
    var body = Data()
    /// The header lines of the last response, as received.
    var header: [UInt8] = []
    /// The request body, read by libcurl through `uploadCallback`.
    var upload = Data()
    var uploaded = 0
}

/// Feeds a POST body to libcurl. There is deliberately no seek callback: libcurl re-sends a request
/// whose kept-alive connection closed without a reply, which for a POST may apply it twice; a body it
/// cannot rewind makes that re-send fail (`CURLE_SEND_FAIL_REWIND`) instead, so the caller learns
/// the outcome is unknown and reconciles, and every request can still use a kept-alive connection.
private let uploadCallback: cmsched_curl_data_cb = { pointer, size, count, context in
    let sink = Unmanaged<CurlSink>.fromOpaque(context!).takeUnretainedValue()
    let length = min(size * count, sink.upload.count - sink.uploaded)
    if let pointer, length > 0 {
        let range = sink.uploaded..<(sink.uploaded + length)
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.upload.copyBytes(to: $0, from: range) }
        sink.uploaded += length
    }
    return length
}

private let bodyCallback: cmsched_curl_data_cb = { pointer, size, count, context in
    let sink = Unmanaged<CurlSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if let pointer, length > 0 {
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) }
    }
    return length
}

private let headerCallback: cmsched_curl_data_cb = { pointer, size, count, context in
    let sink = Unmanaged<CurlSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if let pointer, length > 0 {
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            let line = UnsafeBufferPointer(start: $0, count: length)
            // A new status line (after a redirect or 100-continue) starts a new header block.
            if line.starts(with: "HTTP/".utf8) { sink.header.removeAll(keepingCapacity: true) }
            sink.header.append(contentsOf: line)
        }
    }
    return length
}

/// Header fields from the lines of a header block: names lowercased, names and values without
/// the blanks around them (space, tab, CR, LF), the last of a repeated name kept; a line without
/// a colon (the status line) is skipped.
func headerFields(_ block: [UInt8]) -> [String: String] {
    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
    func text(_ bytes: ArraySlice<UInt8>) -> Substring {
        let start = bytes.firstIndex { !isBlank($0) } ?? bytes.endIndex
        let end = bytes[start...].lastIndex { !isBlank($0) }.map { $0 + 1 } ?? start
        return Substring(decoding: bytes[start..<end], as: UTF8.self)
    }
    var fields: [String: String] = [:]
    for line in block.split(separator: 0x0A) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
        fields[text(line[..<colon]).lowercased()] = String(text(line[(colon + 1)...]))
    }
    return fields
}

/// One libcurl easy handle; only ever used from its own serial queue.
final class CurlEasy: @unchecked Sendable {
    let queue: DispatchQueue
    private let curl = CurlHandle()
    private var handle: UnsafeMutableRawPointer { curl.raw }

    init(index: Int) {
        queue = DispatchQueue(label: "cmsched.curl.\(index)")
    }

    /// Runs one exchange. `curl_easy_reset` keeps the live connection, so keep-alive still works.
    func perform(_ request: HTTPClientRequest, options: CurlOptions) throws -> HTTPClientResponse {
        var setupFailed = curl.reset(
            url: request.url, protocols: "http,https", caFile: options.caFile, connectTimeout: options.connectTimeout,
            timeout: options.requestTimeout)
        let sink = CurlSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { cmsched_curl_slist_free_all(headers) }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headers = cmsched_curl_slist_append(headers, "\(name): \(value)")
        }
        // No "Expect: 100-continue" round trip for form bodies.
        headers = cmsched_curl_slist_append(headers, "Expect:")

        func check(_ code: CURLcode) { if code != CURLE_OK && setupFailed == CURLE_OK { setupFailed = code } }
        check(cmsched_curl_set_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        if let socket = options.unixSocketPath { check(cmsched_curl_set_string(handle, CURLOPT_UNIX_SOCKET_PATH, socket)) }
        if let user = options.user, let password = options.password {
            guard CredentialRule.permits(request.url) else {
                throw TransportFailure.setup(
                    "refusing to send credentials in clear to \(CurlURL(request.url)?.host ?? "?"): use https (plain http on loopback only)")
            }
            check(cmsched_curl_set_long(handle, CURLOPT_HTTPAUTH, cmsched_curlauth_basic))
            check(cmsched_curl_set_string(handle, CURLOPT_USERNAME, user))
            check(cmsched_curl_set_string(handle, CURLOPT_PASSWORD, password))
        }
        check(cmsched_curl_set_slist(handle, CURLOPT_HTTPHEADER, headers))
        check(cmsched_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, bodyCallback))
        check(cmsched_curl_set_pointer(handle, CURLOPT_WRITEDATA, context))
        check(cmsched_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback))
        check(cmsched_curl_set_pointer(handle, CURLOPT_HEADERDATA, context))

        let body = request.body ?? Data()
        switch request.method {
        case "GET": check(cmsched_curl_set_long(handle, CURLOPT_HTTPGET, 1))
        case "POST":
            sink.upload = body
            check(cmsched_curl_set_long(handle, CURLOPT_POST, 1))
            check(cmsched_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            check(cmsched_curl_set_data_callback(handle, CURLOPT_READFUNCTION, uploadCallback))
            check(cmsched_curl_set_pointer(handle, CURLOPT_READDATA, context))
        case "PUT":
            // A PUT sets fields, so libcurl may re-send it: COPYPOSTFIELDS can be rewound.
            check(cmsched_curl_set_long(handle, CURLOPT_POST, 1))
            check(cmsched_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            check(cmsched_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, String(decoding: body, as: UTF8.self)))
            check(cmsched_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, "PUT"))
        default:
            check(cmsched_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
        guard setupFailed == CURLE_OK else {
            throw TransportFailure.setup("libcurl option rejected: \(String(cString: cmsched_curl_easy_strerror(setupFailed)))")
        }

        let code = withExtendedLifetime(sink) { cmsched_curl_easy_perform(handle) }
        guard code == CURLE_OK else { throw failure(for: code) }
        let status = curl.info(CURLINFO_RESPONSE_CODE)
        let connects = curl.info(CURLINFO_NUM_CONNECTS)
        return HTTPClientResponse(status: status, headers: headerFields(sink.header), body: sink.body, connectionsOpened: connects)
    }

    /// Classifies a libcurl error by whether the request can have reached the server.
    private func failure(for code: CURLcode) -> TransportFailure {
        let detail = curl.errorText(code)
        let sent = curl.info(CURLINFO_REQUEST_SIZE)
        switch code {
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            return .tls(detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .setup(detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .notSent(detail)
        case CURLE_SEND_FAIL_REWIND:
            // The POST went out on a kept-alive connection that then closed without a reply.
            return .interrupted("the connection closed after the request was sent")
        default:
            return sent == 0 ? .notSent(detail) : .interrupted(detail)
        }
    }
}

extension Duration {
    /// Whole milliseconds, for libcurl's `_MS` options.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
