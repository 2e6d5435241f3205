/// A URL of the plain shape a setting takes, `scheme://host[:port][/path]`, read without libcurl,
/// so that loading the configuration does not load libcurl and the 30 libraries it needs (about 5 ms
/// of every command's start: bench/RESULTS.md). It takes a strict subset of what libcurl takes (no
/// user, query or fragment; a host of letters, digits, `.` and `-`, or a bracketed IPv6 address;
/// a port of 1-65535; a path of RFC 3986's path characters), so a URL it accepts means the same to
/// libcurl, which reads it again where it is used (`CurlURL`) before anything is sent.
struct PlainURL: Sendable, Equatable {
    /// Lower case.
    var scheme: String
    /// Lower case; an IPv6 address keeps its brackets.
    var host: String
    var port: Int?
    /// `/` when the URL has none.
    var path: String

    init?(_ text: String) {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
              let separator = text.range(of: "://")
        else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter }) else { return nil }
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard !authority.contains("@"), !rest.contains("?"), !rest.contains("#") else { return nil }
        var host = Substring(authority)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let address = host[host.index(after: host.startIndex)..<close]
            guard address.contains(":"), address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            let after = host[host.index(after: close)...]
            host = host[...close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Self.port(after.dropFirst()) else { return nil }
                port = number
            }
        } else {
            if let colon = host.firstIndex(of: ":") {
                guard let number = Self.port(host[host.index(after: colon)...]) else { return nil }
                port = number
                host = host[..<colon]
            }
            guard !host.isEmpty, !host.hasPrefix("."), !host.hasPrefix("-"), !host.contains(".."),
                  host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" })
            else { return nil }
        }
        let allowedInPath = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%/")
        guard path.allSatisfy(allowedInPath.contains) else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = path.isEmpty ? "/" : String(path)
    }

    /// 1-65535, digits only.
    private static func port(_ text: Substring) -> Int? {
        guard (1...5).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text),
              (1...65535).contains(number)
        else { return nil }
        return number
    }
}
