import Foundation
import SchedulerKit

/// Where a Web Bridge listens, as the Call Bridge API lists it: `c2w://HOST:PORT` (Web Bridge 3,
/// the C2W link at `wss://HOST:PORT/c2w`) or `https://HOST[:PORT]` (Web Bridge 2: TLS only).
public struct C2WEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case c2w, https }

    public let url: String
    public let kind: Kind
    public let host: String
    public let port: Int

    /// The port Web Bridge 3 listens on for C2W when the URL names none.
    public static let defaultC2WPort = 9999

    /// From a Web Bridge URL; a user name and password in it are dropped (C2W authenticates by
    /// certificate) and never shown.
    public init(url given: String) throws {
        let url = TextRules.withoutUserInfo(given)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw CmschedError.badInput("Web Bridge URL \(url.debugDescription) is not c2w://HOST:PORT or https://HOST") }
        switch scheme {
        case "c2w": kind = .c2w
        case "https": kind = .https
        default: throw CmschedError.badInput("Web Bridge URL \(url.debugDescription): scheme \(scheme) is neither c2w nor https")
        }
        let port = components.port ?? (kind == .c2w ? Self.defaultC2WPort : 443)
        guard (1...65535).contains(port) else { throw CmschedError.badInput("Web Bridge URL \(url.debugDescription): bad port") }
        self.url = url
        // URLComponents keeps IPv6 literals in brackets.
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = port
    }

    /// `HOST:PORT`, as the CMS Scheduler names a Web Bridge in its log.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True when HOST is an IPv4 or IPv6 literal (checked against the certificate's IP SANs, never sent as SNI).
    public var hostIsIPAddress: Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
