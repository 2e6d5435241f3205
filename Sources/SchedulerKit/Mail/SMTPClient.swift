import CCurl
import Foundation

/// How to reach the SMTP server (the MMP `scheduler email …` settings).
public struct SMTPSettings: Sendable {
    public var server: String
    public var port: Int
    /// `smtp` (plain, optionally STARTTLS) or `smtps` (TLS from the start).
    public var protocolName: String
    public var startTLS: Bool
    public var username: String?
    public var password: String?
    /// CA bundle for the server's certificate; nil = system roots. Verification is always on.
    public var trustFile: String?
    public var from: String
    /// Sessions a delivery run sends on at once (`email.connections`), each kept alive.
    public var connections: Int

    /// From the configuration; exit 78 when the server or sender is missing.
    public static func configured(by settings: Settings) throws -> SMTPSettings {
        let server = try settings.required(.emailServer, for: "sending email")
        let from = try settings.required(.emailFrom, for: "sending email")
        let email = SchedulerSettings(settings).email
        var smtp = SMTPSettings(
            server: server, port: email.port, protocolName: email.protocolName, startTLS: email.startTLS, username: nil,
            password: nil, trustFile: email.trustFile, from: from, connections: email.connections)
        if email.auth {
            guard smtp.protocolName == "smtps" || smtp.startTLS || CredentialRule.isLoopback(server) else {
                throw CmschedError.configuration(
                    "email.auth is enabled without TLS to \(server): credentials go only over TLS (email.starttls enable, or email.protocol smtps) or to loopback")
            }
            smtp.username = try settings.required(.emailUsername, for: "SMTP authentication")
            smtp.password = try settings.requiredSecret(.emailPassword, for: "email.auth is enabled")
        }
        return smtp
    }

    var url: String {
        let host = server.contains(":") ? "[\(server)]" : server
        return "\(protocolName)://\(host):\(port)"
    }
}

/// Why a message was not accepted.
public enum SMTPFailure: Error, Equatable, Sendable {
    /// 4xx, or the connection broke mid-message: try again later.
    case transient(String)
    /// 5xx: the server refused the message for good.
    case permanent(String)
    /// The server refused our credentials.
    case authenticationRefused(String)
    /// No connection at all (DNS, refused, connect timeout).
    case unreachable(String)
    /// The server's certificate did not verify.
    case tlsTrust(String)
    /// STARTTLS is required (`email.starttls enable`) but the server does not offer it.
    case startTLSNotOffered(String)
}

extension SMTPFailure {
    /// The failure as an error with an exit code and the fix where there is one (delivery and
    /// status checks say the same).
    public var cmschedError: CmschedError {
        switch self {
        case .transient(let detail): .unavailable("SMTP server: \(detail)")
        case .unreachable(let detail): .unavailable("SMTP server unreachable: \(detail)")
        case .permanent(let detail): .protocolError("SMTP server: \(detail)")
        case .authenticationRefused(let detail):
            .permission("SMTP server refused the credentials (email.username, password): \(detail)")
        case .tlsTrust(let detail): .configuration("TLS trust failure for the SMTP server: \(detail) (check email.trust)")
        case .startTLSNotOffered(let detail):
            .configuration(
                "the SMTP server does not offer STARTTLS, which email.starttls requires (\(detail)); use a server that offers it, email.protocol smtps, or `cmsched config set email.starttls disable` (without email.auth, or to loopback)")
        }
    }
}

/// Sends messages through libcurl on one kept-alive connection, off the cooperative thread pool.
public final class SMTPClient: @unchecked Sendable {
    private let settings: SMTPSettings
    private let queue = DispatchQueue(label: "cmsched.smtp")
    private let curl = CurlHandle()

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends one message; returns when the server answered 250 to the final dot.
    public func send(_ message: String, to recipient: String) async throws {
        try await onQueue { try self.perform(message, to: recipient) }
    }

    /// Talks to the server as a delivery would — connect, EHLO, STARTTLS and AUTH when configured —
    /// then NOOP and QUIT: no mail is sent.
    public func check() async throws {
        try await onQueue { try self.perform(nil, to: nil) }
    }

    /// Runs blocking libcurl work on this client's own queue, off the cooperative pool.
    private func onQueue(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends `message` to `recipient`, or (both nil) only checks the session with NOOP.
    private func perform(_ message: String?, to recipient: String?) throws {
        // Addresses are checked again here, whatever checked them before: nothing else reaches SMTP.
        for (role, address) in [("recipient", recipient), ("sender (email.from)", settings.from)] {
            if let address, let problem = EmailAddress.problem(address) {
                throw SMTPFailure.permanent("invalid \(role) address '\(TextRules.escapingControls(address))': \(problem)")
            }
        }
        let handle = curl.raw
        _ = curl.reset(
            url: settings.url, protocols: "smtp,smtps", caFile: settings.trustFile, connectTimeout: .seconds(10),
            timeout: .seconds(60))
        let source = MessageSource(Data((message ?? "").utf8))
        // The recipient list must outlive curl_easy_perform.
        let recipients = recipient.map { cmsched_curl_slist_append(nil, "<\($0)>") } ?? nil
        defer { cmsched_curl_slist_free_all(recipients) }
        if recipient != nil {
            _ = cmsched_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(settings.from)>")
            _ = cmsched_curl_set_slist(handle, CURLOPT_MAIL_RCPT, recipients)
            _ = cmsched_curl_set_long(handle, CURLOPT_UPLOAD, 1)
            _ = cmsched_curl_set_data_callback(handle, CURLOPT_READFUNCTION, readCallback)
            _ = cmsched_curl_set_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
        } else {
            _ = cmsched_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, "NOOP")
            // libcurl hands a command's reply to the write callback (stdout by default): drop it.
            _ = cmsched_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, discardCallback)
        }
        if settings.startTLS { _ = cmsched_curl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        if let user = settings.username, let password = settings.password {
            _ = cmsched_curl_set_string(handle, CURLOPT_USERNAME, user)
            _ = cmsched_curl_set_string(handle, CURLOPT_PASSWORD, password)
        }
        // The server's replies, so an error keeps its words (libcurl only says "Weird server reply").
        let transcript = ServerReplies()
        _ = cmsched_curl_set_long(handle, CURLOPT_VERBOSE, 1)
        _ = cmsched_curl_set_debug_callback(handle, replyCallback)
        _ = cmsched_curl_set_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque())
        let code = withExtendedLifetime((source, transcript)) { cmsched_curl_easy_perform(handle) }
        guard code != CURLE_OK else { return }
        let reply = curl.info(CURLINFO_RESPONSE_CODE)
        var detail = curl.errorText(code)
        if let last = transcript.last {
            detail += " (server said: \(last))"
        } else if reply > 0 {
            detail += " (server reply \(reply))"
        }
        if code == CURLE_LOGIN_DENIED || [530, 534, 535].contains(reply) { throw SMTPFailure.authenticationRefused(detail) }
        switch code {
        case CURLE_USE_SSL_FAILED: throw SMTPFailure.startTLSNotOffered(detail)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ISSUER_ERROR:
            throw SMTPFailure.tlsTrust(detail)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST: throw SMTPFailure.unreachable(detail)
        default:
            if (500..<600).contains(reply) { throw SMTPFailure.permanent(detail) }
            throw SMTPFailure.transient(detail)
        }
    }
}

/// The message bytes libcurl reads as the DATA body.
private final class MessageSource {
    let data: Data
    var offset = 0

    init(_ data: Data) { self.data = data }
}

private let readCallback: cmsched_curl_data_cb = { buffer, size, count, context in
    let source = Unmanaged<MessageSource>.fromOpaque(context!).takeUnretainedValue()
    let room = size * count
    let chunk = min(room, source.data.count - source.offset)
    guard chunk > 0, let buffer else { return 0 }
    source.data.withUnsafeBytes { bytes in
        let start = bytes.baseAddress!.advanced(by: source.offset)
        UnsafeMutableRawPointer(buffer).copyMemory(from: start, byteCount: chunk)
    }
    source.offset += chunk
    return chunk
}

private let discardCallback: cmsched_curl_data_cb = { _, size, count, _ in size * count }

/// The last line the SMTP server sent, as libcurl's debug callback sees it.
private final class ServerReplies {
    var last: String?
}

private let replyCallback: cmsched_curl_debug_cb = { _, type, data, size, context in
    guard type == CURLINFO_HEADER_IN, let data, let context else { return 0 }
    let text = data.withMemoryRebound(to: UInt8.self, capacity: size) {
        String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
    }.trimmingCharacters(in: .whitespacesAndNewlines)
    if !text.isEmpty {
        Unmanaged<ServerReplies>.fromOpaque(context).takeUnretainedValue().last = String(TextRules.escapingControls(text).prefix(300))
    }
    return 0
}
