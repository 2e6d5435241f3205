import CICal
import Foundation

/// A repeat rule (RFC 5545 RRULE) checked and expanded by libical. UNTIL is kept in UTC, as RFC 5545
/// requires when DTSTART has a TZID.
public struct Recurrence: Sendable, Equatable, Codable {
    /// The RRULE value, e.g. `FREQ=WEEKLY;INTERVAL=2;COUNT=6`, as libical writes it.
    public let rule: String
    /// The last instant an occurrence may start (UNTIL), if any.
    public let until: Date?
    /// How many occurrences (COUNT), if given.
    public let count: Int?

    /// True when the series never ends (no COUNT, no UNTIL).
    public var isOpenEnded: Bool { until == nil && count == nil }

    /// The repeat kinds the `--repeat` flag takes.
    public static let frequencies = ["daily", "weekly", "monthly", "yearly"]

    /// Parses an RRULE value (with or without `RRULE:`); a floating or date UNTIL is read in `zone`.
    public static func parse(_ text: String, zone: TimeZone) throws -> Recurrence {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.uppercased().hasPrefix("RRULE:") { value = String(value.dropFirst(6)) }
        icalerror_clear_errno()
        var recur = icalrecurrencetype_from_string(value)
        guard icalerrno_return().pointee == ICAL_NO_ERROR, recur.freq != ICAL_NO_RECURRENCE else {
            icalerror_clear_errno()
            throw CmschedError.badInput("rrule '\(text)' is not a valid RFC 5545 recurrence rule")
        }
        guard recur.freq != ICAL_SECONDLY_RECURRENCE && recur.freq != ICAL_MINUTELY_RECURRENCE else {
            throw CmschedError.badInput("rrule '\(text)': meetings cannot repeat every second or minute")
        }
        guard recur.interval >= 1 else { throw CmschedError.badInput("rrule '\(text)': INTERVAL must be at least 1") }
        var until: Date?
        if icaltime_is_null_time(recur.until) == 0 {
            let t = recur.until
            let local = LocalDateTime(year: Int(t.year), month: Int(t.month), day: Int(t.day),
                hour: t.is_date != 0 ? 23 : Int(t.hour), minute: t.is_date != 0 ? 59 : Int(t.minute),
                second: t.is_date != 0 ? 59 : Int(t.second))
            let utc = TimeZone(identifier: "UTC")!
            until = icaltime_is_utc(t) != 0 ? local.instant(in: utc) : local.instant(in: zone)
            let inUTC = LocalDateTime(until!, in: utc)
            var fixed = icaltime_null_time()
            fixed.year = Int32(inUTC.year); fixed.month = Int32(inUTC.month); fixed.day = Int32(inUTC.day)
            fixed.hour = Int32(inUTC.hour); fixed.minute = Int32(inUTC.minute); fixed.second = Int32(inUTC.second)
            fixed.zone = icaltimezone_get_utc_timezone()
            recur.until = fixed
        }
        guard let written = icalrecurrencetype_as_string_r(&recur) else {
            throw CmschedError.badInput("rrule '\(text)' cannot be written back")
        }
        defer { icalmemory_free_buffer(written) }
        return Recurrence(rule: String(cString: written), until: until, count: recur.count > 0 ? Int(recur.count) : nil)
    }

    /// Builds the rule of `--repeat daily|weekly|monthly|yearly` with `--interval`, `--count`, `--until`.
    public static func simple(
        frequency: String, interval: Int?, count: Int?, until: LocalDateTime?, zone: TimeZone
    ) throws -> Recurrence {
        let frequency = frequency.lowercased()
        guard frequencies.contains(frequency) else {
            throw CmschedError.badInput("repeat '\(frequency)': expected daily, weekly, monthly or yearly")
        }
        var parts = ["FREQ=\(frequency.uppercased())"]
        if let interval {
            guard interval >= 1 else { throw CmschedError.badInput("interval must be at least 1") }
            parts.append("INTERVAL=\(interval)")
        }
        if count != nil && until != nil { throw CmschedError.badInput("give count or until, not both") }
        if let count {
            guard count >= 1 else { throw CmschedError.badInput("count must be at least 1") }
            parts.append("COUNT=\(count)")
        }
        if let until { parts.append("UNTIL=\(until.icalText)") }
        return try parse(parts.joined(separator: ";"), zone: zone)
    }

    /// Starts of the occurrences (wall-clock in `zone`) from `start`, ascending: at most `limit`,
    /// none starting after `through`. COUNT counts before exceptions are removed, as RFC 5545 says.
    public func starts(from start: LocalDateTime, zone: TimeZone, through: Date?, limit: Int) -> [LocalDateTime] {
        var recur = icalrecurrencetype_from_string(rule)
        // UNTIL is compared here as an instant; libical would compare wall-clock fields.
        recur.until = icaltime_null_time()
        var dtstart = icaltime_null_time()
        dtstart.year = Int32(start.year); dtstart.month = Int32(start.month); dtstart.day = Int32(start.day)
        dtstart.hour = Int32(start.hour); dtstart.minute = Int32(start.minute); dtstart.second = Int32(start.second)
        guard let iterator = icalrecur_iterator_new(recur, dtstart) else { return [] }
        defer { icalrecur_iterator_free(iterator) }
        var result: [LocalDateTime] = []
        let last = [until, through].compactMap { $0 }.min()
        while result.count < limit {
            let next = icalrecur_iterator_next(iterator)
            guard icaltime_is_null_time(next) == 0 else { break }
            let local = LocalDateTime(year: Int(next.year), month: Int(next.month), day: Int(next.day),
                hour: Int(next.hour), minute: Int(next.minute), second: Int(next.second))
            if let last, local.instant(in: zone) > last { break }
            result.append(local)
        }
        return result
    }
}
