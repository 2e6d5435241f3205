import Foundation

/// A setting of cmsched; the names mirror the MMP `scheduler` command (see design.md).
public enum ConfigKey: String, CaseIterable, Sendable, Comparable {
    case httpsListen = "https.listen"
    case httpsKey = "https.key"
    case httpsCert = "https.cert"
    case httpsMaxConnections = "https.max_connections"
    case httpsIdleTimeout = "https.idle_timeout"
    case c2wKey = "c2w.key"
    case c2wCert = "c2w.cert"
    case c2wTrust = "c2w.trust"
    case emailServer = "email.server"
    case emailPort = "email.port"
    case emailProtocol = "email.protocol"
    case emailStartTLS = "email.starttls"
    case emailAuth = "email.auth"
    case emailUsername = "email.username"
    case emailPasswordFile = "email.password_file"
    case emailTrust = "email.trust"
    case emailFrom = "email.from"
    case emailConnections = "email.connections"
    case callBridgeURL = "callbridge.url"
    case callBridgeUser = "callbridge.user"
    case callBridgePasswordFile = "callbridge.password_file"
    case callBridgeCAFile = "callbridge.ca_file"
    case callBridgeConcurrency = "callbridge.concurrency"
    case callBridgeTimeout = "callbridge.timeout"
    case meetingsSIPDomain = "meetings.sip_domain"
    case meetingsWebBaseURL = "meetings.web_base_url"
    case meetingsTimeZone = "meetings.time_zone"
    case cleanupAt = "cleanup.at"
    case cleanupGrace = "cleanup.grace"
    case storeURL = "store.url"
    case storePasswordFile = "store.password_file"
    case storeCAFile = "store.ca_file"
    case serveInstance = "serve.instance"

    public static func < (lhs: ConfigKey, rhs: ConfigKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The TOML table the key lives in (`https` for `https.listen`).
    public var section: String { String(rawValue.split(separator: ".")[0]) }
    /// The key's name inside its table (`listen` for `https.listen`).
    public var name: String { String(rawValue.split(separator: ".")[1]) }

    /// The environment variable that overrides the file: `CMSCHED_HTTPS_LISTEN` for `https.listen`.
    public var environmentVariable: String {
        // Mapped by hand: Foundation's replacingOccurrences cost a command's start-up a
        // conformance scan of the whole binary the first time it ran.
        "CMSCHED_" + String(rawValue.uppercased().map { $0 == "." ? "_" : $0 })
    }

    /// The value used when neither the file nor the environment sets the key.
    public var defaultValue: String? {
        switch self {
        case .emailProtocol: "smtp"
        case .emailStartTLS: "enable"
        case .emailAuth: "disable"
        case .emailConnections: "2"
        case .callBridgeConcurrency: "4"
        case .callBridgeTimeout: "30s"
        case .cleanupAt: "01:15"
        case .cleanupGrace: "24h"
        case .httpsMaxConnections: "1000"
        case .httpsIdleTimeout: "10s"
        default: nil
        }
    }

    /// True for keys that name a file holding a secret (shown as `<file: PATH>`, mode checked).
    public var namesSecretFile: Bool {
        switch self {
        case .emailPasswordFile, .callBridgePasswordFile, .storePasswordFile, .httpsKey, .c2wKey: true
        default: false
        }
    }

    /// True for keys that name a PEM file of certificates (checked when set).
    public var namesCertificateFile: Bool {
        switch self {
        case .httpsCert, .c2wCert, .c2wTrust, .emailTrust, .callBridgeCAFile, .storeCAFile: true
        default: false
        }
    }

    /// True for keys whose value is a whole number (TOML integers are accepted for them).
    var isNumeric: Bool { wholeNumbers != nil }

    /// The whole numbers a numeric key takes.
    private var wholeNumbers: ClosedRange<Int>? {
        switch self {
        case .emailPort: 1...65535
        case .emailConnections: 1...8
        case .callBridgeConcurrency: 1...32
        case .httpsMaxConnections: 16...100_000
        default: nil
        }
    }

    /// True for `enable|disable` keys (TOML booleans are accepted for them).
    var isSwitch: Bool { self == .emailStartTLS || self == .emailAuth }

    /// True for duration keys (a TOML integer is read as seconds).
    var isDuration: Bool { [.callBridgeTimeout, .cleanupGrace, .httpsIdleTimeout].contains(self) }

    /// Checks a value and returns it in canonical form, or throws a configuration error naming the key.
    public func validate(_ raw: String) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        func bad(_ why: String) -> CmschedError {
            .configuration("\(rawValue): invalid value '\(raw)': \(why)")
        }
        guard !value.isEmpty else { throw bad("must not be empty") }
        if let range = wholeNumbers {
            guard let number = Int(value), range.contains(number) else {
                throw bad(self == .emailPort ? "expected a port 1-65535" : "expected \(range.lowerBound)-\(range.upperBound)")
            }
            return String(number)
        }
        switch self {
        case .httpsListen:
            guard ListenAddress(value) != nil else { throw bad("expected HOST:PORT, e.g. 0.0.0.0:9443") }
        case .httpsKey, .httpsCert, .c2wKey, .c2wCert, .c2wTrust, .emailPasswordFile, .emailTrust,
            .callBridgePasswordFile, .callBridgeCAFile, .storePasswordFile, .storeCAFile:
            guard value.hasPrefix("/") else { throw bad("expected an absolute file path") }
        case .emailPort, .emailConnections, .callBridgeConcurrency, .httpsMaxConnections:
            break  // whole numbers, checked above
        case .httpsIdleTimeout:
            guard let seconds = DurationText.seconds(value), (1...300).contains(seconds) else {
                throw bad("expected a duration from 1s to 5m, e.g. 10s")
            }
        case .emailServer:
            guard Self.isHostName(value) else { throw bad("expected a host name or IP address") }
        case .callBridgeTimeout:
            guard let seconds = DurationText.seconds(value), (1...600).contains(seconds) else {
                throw bad("expected a duration from 1s to 10m, e.g. 30s")
            }
        case .emailProtocol:
            guard ["smtp", "smtps"].contains(value) else { throw bad("expected smtp or smtps") }
        case .emailStartTLS, .emailAuth:
            guard ["enable", "disable"].contains(value) else { throw bad("expected enable or disable") }
        case .emailUsername, .callBridgeUser:
            guard !value.contains(where: { $0.isNewline || $0 == ":" }) else {
                throw bad("must not contain ':' or line breaks")
            }
        case .emailFrom:
            guard EmailAddress.isValid(value) else { throw bad("expected an email address") }
        case .callBridgeURL:
            try Self.validateCallBridgeURL(value, bad)
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        case .meetingsSIPDomain:
            guard Self.isHostName(value) else { throw bad("expected a domain, e.g. example.com") }
        case .meetingsTimeZone:
            guard ICalendarWriter.knownZone(value) != nil else {
                throw bad("expected a time zone tzdata knows, such as Europe/Berlin or UTC")
            }
        case .meetingsWebBaseURL:
            guard let url = PlainURL(value), url.scheme == "https" else { throw bad("expected an https:// URL") }
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        case .cleanupAt:
            guard let time = TimeOfDay(value) else { throw bad("expected HH:MM in UTC") }
            return time.description
        case .cleanupGrace:
            guard let seconds = DurationText.seconds(value), seconds > 0 else {
                throw bad("expected a duration such as 24h, 90m or 1h30m")
            }
        case .storeURL:
            _ = try StoreURL.parse(value, origin: rawValue)
        case .serveInstance:
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
            guard value.count <= 64, value.unicodeScalars.allSatisfy(allowed.contains) else {
                throw bad("expected 1-64 letters, digits, '.', '_' or '-'")
            }
        }
        return value
    }

    private static func validateCallBridgeURL(_ value: String, _ bad: (String) -> CmschedError) throws {
        guard let url = PlainURL(value), url.path == "/" else {
            // A user, path, query or fragment is named as such; anything else is not a base URL.
            let rest = value.range(of: "://").map { value[$0.upperBound...] } ?? ""
            let authority = rest.prefix { !"/?#".contains($0) }
            let more = rest.dropFirst(authority.count)
            guard authority.contains("@") || !(more.isEmpty || more == "/") else { throw bad("expected https://HOST[:PORT]") }
            throw bad("give the base URL only, without a path (cmsched adds /api/v1)")
        }
        switch url.scheme {
        case "https": break
        case "http":
            guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host.lowercased()) else {
                throw bad("plain http is allowed on loopback only; use https")
            }
        default: throw bad("expected an https:// URL")
        }
    }

    static func isHostName(_ value: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        return value.unicodeScalars.allSatisfy(allowed.contains) && !value.hasPrefix("-") && !value.hasPrefix(".")
    }
}

/// A `HOST:PORT` listen address (`[::]:9443` for IPv6).
public struct ListenAddress: Sendable, Equatable {
    public let host: String
    public let port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, ConfigKey.isHostName(host), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        self.host = host
        self.port = port
    }
}

/// A UTC time of day, `HH:MM`.
public struct TimeOfDay: Sendable, Equatable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    public var description: String { "\(hour.zeroPadded(2)):\(minute.zeroPadded(2))" }

    /// This time on the UTC day of `date`.
    public func instant(onDayOf date: Date) -> Date {
        let utc = TimeZone(identifier: "UTC")!
        let day = LocalDateTime(date, in: utc)
        return LocalDateTime(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute).instant(in: utc)
    }

    /// The first time this is (UTC) strictly after `instant`.
    public func next(after instant: Date) -> Date {
        let today = self.instant(onDayOf: instant)
        return today > instant ? today : today.addingTimeInterval(86_400)
    }
}

/// Durations written as `1h30m`, `90m`, `24h`, `45s` or `2d`.
public enum DurationText {
    /// The number of seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var sawUnit = false
        for character in text {
            if character.isASCII && character.isNumber {
                number.append(character)
                continue
            }
            let units: [Character: Int] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
            guard let value = Int(number), let unit = units[character] else { return nil }
            let (seconds, overflow) = value.multipliedReportingOverflow(by: unit)
            guard !overflow, seconds <= Int(Int32.max) - total else { return nil }
            total += seconds
            number = ""
            sawUnit = true
        }
        return number.isEmpty && sawUnit ? total : nil
    }
}

