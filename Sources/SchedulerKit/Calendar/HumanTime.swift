import Foundation

/// Times as people write them (`now`, `+30m`, `tomorrow 9:30`, `monday 10:00`, `3:30pm`, ISO 8601),
/// resolved once, at input, in one zone against one "now", to a wall-clock time of that zone.
public enum HumanTime {
    /// What the text named: a wall-clock time in the zone, whether it named a day only (no time of
    /// day), whether it was `now` (an ad-hoc meeting), and whether it counted from now at all
    /// (`+2h`, `tomorrow 9:30`: not an ISO 8601 or RFC 3339 time).
    public struct Resolved: Sendable, Equatable {
        public var local: LocalDateTime
        public var dateOnly: Bool
        public var isNow: Bool = false
        public var relative: Bool = true
    }

    /// The message's tail naming the accepted forms (the first lines of README's table of times).
    public static let hint = "use 2026-12-08T10:00, 2026-12-08 10:00, now, +30m, today 14:00, tomorrow 9:30, monday 10:00 or 3:30pm"

    /// The instant relative forms count from: `CMSCHED_NOW` (RFC 3339) when set, else the clock.
    /// Setting it shows what a file of relative times resolves to on another day (`--dry-run`).
    public static func referenceNow(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        environment["CMSCHED_NOW"].flatMap(RFC3339.parse) ?? Date()
    }

    /// `text` resolved in `zone` against `now`; nil when it is none of the forms.
    public static func resolve(_ text: String, zone: TimeZone, now: Date) -> Resolved? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let local = LocalDateTime(iso: trimmed) { return Resolved(local: local, dateOnly: false, relative: false) }
        if let date = LocalDateTime(date: trimmed) { return Resolved(local: date, dateOnly: true, relative: false) }
        if let instant = RFC3339.parse(trimmed) { return Resolved(local: LocalDateTime(instant, in: zone), dateOnly: false, relative: false) }
        let words = trimmed.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        let today = LocalDateTime(now, in: zone)
        switch words.count {
        case 1:
            let word = words[0]
            if word == "now" { return Resolved(local: today, dateOnly: false, isNow: true) }
            if word.hasPrefix("+") {
                guard let seconds = DurationText.seconds(String(word.dropFirst())) else { return nil }
                return Resolved(local: LocalDateTime(now.addingTimeInterval(TimeInterval(seconds)), in: zone), dateOnly: false)
            }
            if let day = day(word, today: today) { return Resolved(local: day, dateOnly: true) }
            guard let clock = clockTime(word) else { return nil }
            return Resolved(local: at(today, clock), dateOnly: false)
        case 2:
            guard let day = LocalDateTime(date: words[0]) ?? day(words[0], today: today), let clock = clockTime(words[1]) else {
                return nil
            }
            return Resolved(local: at(day, clock), dateOnly: false)
        default:
            return nil
        }
    }

    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Midnight of `today`, `tomorrow`, or the next weekday named (`monday` or `mon`) after today.
    private static func day(_ word: String, today: LocalDateTime) -> LocalDateTime? {
        let ahead: Int
        switch word {
        case "today": ahead = 0
        case "tomorrow": ahead = 1
        default:
            guard word.count >= 3, let target = weekdays.firstIndex(where: { $0.hasPrefix(word) }) else { return nil }
            // 1970-01-01 was a Thursday (index 3 from Monday).
            let current = ((LocalDateTime.daysFromCivil(today.year, today.month, today.day) % 7) + 7 + 3) % 7
            ahead = (target - current + 6) % 7 + 1
        }
        return at(today.addingDays(ahead), (0, 0, 0))
    }

    /// Hour, minute and second of `14:00`, `9:30`, `9:30:15`, `10am`, `3:30pm` (12am is 0:00).
    static func clockTime(_ word: String) -> (hour: Int, minute: Int, second: Int)? {
        var text = Substring(word)
        var meridiem: Int?
        if text.hasSuffix("am") || text.hasSuffix("pm") {
            meridiem = text.hasSuffix("pm") ? 12 : 0
            text = text.dropLast(2)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), meridiem != nil || parts.count >= 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let hour = Int(parts[0]), let minute = parts.count > 1 ? Int(parts[1]) : 0,
              let second = parts.count > 2 ? Int(parts[2]) : 0, (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            return (hour % 12 + meridiem, minute, second)
        }
        guard (0...23).contains(hour) else { return nil }
        return (hour, minute, second)
    }

    private static func at(_ day: LocalDateTime, _ clock: (hour: Int, minute: Int, second: Int)) -> LocalDateTime {
        LocalDateTime(year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute, second: clock.second)
    }
}
