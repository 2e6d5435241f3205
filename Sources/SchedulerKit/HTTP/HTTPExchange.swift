import Foundation

/// One HTTP request as the transports send it.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    /// A form body (`application/x-www-form-urlencoded`) for POST and PUT.
    public var body: Data?
    public var headers: [String: String]

    public init(method: String, url: String, body: Data? = nil, headers: [String: String] = [:]) {
        self.method = method
        self.url = url
        self.body = body
        self.headers = headers
    }
}

/// One HTTP response: status, headers (names lower-cased) and body.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// New connections this exchange opened (0 when a kept-alive one was reused).
    public var connectionsOpened: Int

    public init(status: Int, headers: [String: String], body: Data, connectionsOpened: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.connectionsOpened = connectionsOpened
    }
}

/// Why an exchange produced no response.
public enum TransportFailure: Error, Equatable, Sendable {
    /// Nothing was sent (DNS, connect refused, connect timeout): safe to repeat any method.
    case notSent(String)
    /// The request may have reached the server (timeout or reset after sending).
    case interrupted(String)
    /// The server's certificate did not verify, or the TLS handshake failed.
    case tls(String)
    /// Local misuse (bad URL, unreadable CA file…).
    case setup(String)
}

/// Sends HTTP requests; the Call Bridge client depends on this, so tests and `serve` share it.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPClientRequest) async throws -> HTTPClientResponse
}

/// Encodes form parameters as `application/x-www-form-urlencoded`, keeping their order.
public enum FormEncoding {
    /// Percent-encodes one key or value: every UTF-8 byte but the unreserved ones (letters, digits,
    /// `-._~`) as `%XX`, upper-case, as Foundation's `addingPercentEncoding` does (a test compares
    /// them); by hand, because Foundation's way was a thirtieth of a bulk create.
    public static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `a=1&b=x%20y` from ordered pairs.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Decodes a form body or query string into ordered pairs (`+` is a space).
    public static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func unescape(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (unescape(pieces[0]), pieces.count > 1 ? unescape(pieces[1]) : "")
        }
    }
}

/// Where credentials may go: over TLS anywhere, in clear only to this machine. Checked for every
/// URL cmsched sends credentials to, whatever its source (configuration or a peer's reply).
public enum CredentialRule {
    /// True for `https://…`, and for `http://…` on a loopback address (127.0.0.0/8, ::1, localhost).
    public static func permits(_ url: String) -> Bool {
        guard let parsed = CurlURL(url) else { return false }
        switch parsed.scheme {
        case "https", "smtps": return true
        case "http", "smtp": return isLoopback(parsed.host)
        default: return false
        }
    }

    /// True for `localhost`, 127.0.0.0/8 and ::1 (with or without brackets).
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        return false
    }
}
