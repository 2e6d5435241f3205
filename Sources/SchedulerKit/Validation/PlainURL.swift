import Glibc

/// A URL of the plain shape a setting takes, `http(s)://host[:port][/path]`, read without libcurl,
/// so that loading the configuration does not load libcurl and the 30 libraries it needs (about 5 ms
/// of every command's start: bench/RESULTS.md). It takes a strict subset of what libcurl takes (no
/// user, query or fragment; a host of letters, digits, `.` and `-`, or a bracketed IPv6 address;
/// a port of 1-65535; a path of RFC 3986's path characters without `.` or `..` segments; an IPv4
/// address only as four plain decimal numbers; an IPv6 address written as libcurl writes it back),
/// so a URL it accepts means the same to libcurl, which reads it again where it is used (`CurlURL`)
/// before anything is sent. The fuzz target `fuzz-times` compares the two.
struct PlainURL: Sendable, Equatable {
    /// Lower case.
    var scheme: String
    /// Lower case; an IPv6 address keeps its brackets.
    var host: String
    var port: Int?
    /// `/` when the URL has none.
    var path: String

    /// Whether libcurl reads `part` of a host as a number (C's `strtoul` in base 0 from a digit:
    /// `10`, `012`, `0xa`); digits that are not octal after a 0 are counted too, to be refused.
    private static func isNumberToLibcurl(_ part: Substring) -> Bool {
        guard let first = part.first, first.isASCII, first.isNumber else { return false }
        let hex = part.count > 2 && (part.hasPrefix("0x") || part.hasPrefix("0X"))
        return hex ? part.dropFirst(2).allSatisfy({ $0.isASCII && $0.isHexDigit }) : part.allSatisfy({ $0.isASCII && $0.isNumber })
    }

    init?(_ text: String) {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }),
              let separator = text.range(of: "://")
        else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        // The settings' schemes; others are none of a setting's, whatever libcurl makes of them.
        guard scheme == "https" || scheme == "http" else { return nil }
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard !authority.contains("@"), !rest.contains("?"), !rest.contains("#") else { return nil }
        var host = Substring(authority)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let address = host[host.index(after: host.startIndex)..<close]
            guard address.contains(":"), address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }),
                  Self.canonicalIPv6(String(address)) == address.lowercased()
            else { return nil }
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
            // A host whose every dot-separated part is a number (decimal, octal after a 0, hex after
            // 0x) is an IPv4 address to libcurl, which rewrites the other forms (`127.1`,
            // `0177.0.0.1`, `0x7f.1`, one number such as `0xa`): only the plain dotted four are
            // taken (not with a dot after them either).
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            if parts.allSatisfy({ $0.isEmpty || Self.isNumberToLibcurl($0) }) {
                guard parts.count == 4, parts.allSatisfy({ part in
                    !part.isEmpty && part.count <= 3 && (part == "0" || !part.hasPrefix("0")) && (Int(part) ?? 256) <= 255
                }) else { return nil }
            }
        }
        // libcurl removes `.` and `..` segments; none are taken.
        guard !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        let allowedInPath = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%/")
        guard path.allSatisfy(allowedInPath.contains) else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = path.isEmpty ? "/" : String(path)
    }

    /// The address as inet_ntop writes it (compressed, lower case), or nil when it is none.
    private static func canonicalIPv6(_ text: String) -> String? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// 1-65535, digits only.
    private static func port(_ text: Substring) -> Int? {
        guard (1...5).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text),
              (1...65535).contains(number)
        else { return nil }
        return number
    }
}
