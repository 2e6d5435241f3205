import Foundation

/// How large a series may be (README, "Limits"): checked where a rule arrives (CLI, CSV, JSON,
/// `.ics`, HTTPS, C2W), and by the expansion itself, so a row written before these limits
/// cannot make one request step without end.
public enum SeriesLimits {
    /// The most occurrences a series may have (its COUNT).
    public static let occurrences = 2_000
    /// How long a series with an end may run: its last occurrence starts within 5 years of its
    /// first (Webex caps series the same way). A daily, weekly, monthly or yearly series without
    /// an end is allowed (listings see only their window of it); an hourly one needs an end.
    public static let years = 5
    /// The most occurrences a day: a meeting repeats at most hourly.
    public static let occurrencesPerDay = 24
    /// The most steps one expansion takes through a rule before it stops.
    static let expansionSteps = 100_000

    /// An upper bound of the occurrences a rule makes in one day, from its FREQ, INTERVAL and
    /// BYHOUR, BYMINUTE and BYSECOND lists (`parts` as `RuleSyntax` read them).
    static func mostPerDay(_ parts: [String: String]) -> Int {
        func count(_ name: String) -> Int? { parts[name].map { $0.split(separator: ",").count } }
        let interval = parts["INTERVAL"].flatMap { Int($0) } ?? 1
        let minutesAndSeconds = (count("BYMINUTE") ?? 1) * (count("BYSECOND") ?? 1)
        switch parts["FREQ"] {
        case "SECONDLY": return 86_400 / interval
        case "MINUTELY": return 1_440 / interval * (count("BYSECOND") ?? 1)
        case "HOURLY":
            let hours = (24 + interval - 1) / interval
            return min(hours, count("BYHOUR") ?? hours) * minutesAndSeconds
        default: return (count("BYHOUR") ?? 1) * minutesAndSeconds
        }
    }

    /// Fails unless `recurrence`, starting at `start` in `zone`, keeps within the limits: at most
    /// `occurrences` (COUNT), the last starting within `years` of the first (UNTIL, or COUNT's last).
    static func check(_ recurrence: Recurrence, start: LocalDateTime, zone: TimeZone) throws {
        // libical cannot enter an hourly rule part-way: one without an end would cost every
        // listing a step for each hour since it began.
        if recurrence.isOpenEnded, recurrence.rule.uppercased().contains("FREQ=HOURLY") {
            throw CmschedError.field("rrule", "an hourly series needs COUNT or UNTIL (at most \(occurrences) occurrences within \(years) years)")
        }
        if let count = recurrence.count, count > occurrences {
            throw CmschedError.field("count", "\(count) occurrences; a series has at most \(occurrences)")
        }
        let horizon = LocalDateTime(
            year: start.year + years, month: start.month, day: min(start.day, 28), hour: start.hour, minute: start.minute,
            second: start.second
        ).instant(in: zone)
        if let until = recurrence.until, until > horizon {
            throw CmschedError.field("until", "a series may run at most \(years) years (until \(RFC3339.string(horizon, in: zone)))")
        }
        if let count = recurrence.count {
            let starts = recurrence.starts(from: start, zone: zone, through: horizon, limit: count)
            guard starts.count == count else {
                throw CmschedError.field(
                    "count", "\(count) occurrences would run past \(years) years (until \(RFC3339.string(horizon, in: zone))); a series may run at most \(years) years")
            }
        }
    }
}
