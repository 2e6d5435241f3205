import Foundation

/// A wall-clock date and time without a zone (what DTSTART;TZID=… holds).
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]` (no offset), or `YYYYMMDDTHHMMSS`.
    public init?(iso text: String) {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$"#
        let compact = #"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$"#
        guard let match = Self.groups(text, pattern) ?? Self.groups(text, compact) else { return nil }
        self.init(year: match[0], month: match[1], day: match[2], hour: match[3], minute: match[4], second: match[5])
        guard isValid else { return nil }
    }

    /// Parses `YYYY-MM-DD` as midnight of that day.
    public init?(date text: String) {
        guard let match = Self.groups(text, #"^(\d{4})-(\d{2})-(\d{2})$"#) else { return nil }
        self.init(year: match[0], month: match[1], day: match[2])
        guard isValid else { return nil }
    }

    private static func groups(_ text: String, _ pattern: String) -> [Int]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).flatMap { Int(text[$0]) } ?? 0
        }
    }

    private var isValid: Bool {
        (1...12).contains(month) && (1...31).contains(day) && (0...23).contains(hour) && (0...59).contains(minute)
            && (0...59).contains(second)
            && DateComponents(calendar: Self.gregorian, year: year, month: month, day: day).isValidDate
    }

    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-12-01T09:00:00`.
    public var description: String {
        String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
    }

    /// `20261201T090000`, the iCalendar form.
    public var icalText: String {
        String(format: "%04d%02d%02dT%02d%02d%02d", year, month, day, hour, minute, second)
    }

    /// `2026-12-01`.
    public var dateText: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// The instant this wall-clock time names in `zone`. A time skipped by a DST change moves forward.
    public func instant(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return calendar.date(from: components)!
    }

    /// The wall-clock time of `date` in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!, second: c.second!)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad local time \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Formats instants as RFC 3339 with the zone's offset (or `Z` for UTC).
public enum RFC3339 {
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Parses `2026-12-01T09:00:00+01:00`, `…Z`, with or without seconds.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        // Without seconds: 2026-12-01T09:00+01:00.
        let withSeconds = text.replacingOccurrences(
            of: #"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$"#, with: "$1:00$2", options: .regularExpression)
        return formatter.date(from: withSeconds)
    }
}

/// Instants given on the command line: `YYYY-MM-DD`, a local ISO time, or RFC 3339 with an offset.
public enum TimeArgument {
    public static func instant(_ text: String, zone: TimeZone, flag: String) throws -> Date {
        if let date = LocalDateTime(date: text) { return date.instant(in: zone) }
        if let local = LocalDateTime(iso: text) { return local.instant(in: zone) }
        if let instant = RFC3339.parse(text) { return instant }
        throw CmschedError.usage("\(flag): '\(text)' is not a date or time such as 2026-12-01 or 2026-12-01T09:00")
    }
}
