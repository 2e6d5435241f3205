import Foundation

/// A repeat rule in words, as an agenda shows it: `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10` is
/// "every 2 weeks on Tuesday, 10 times". A part it has no words for is shown as the rule itself
/// after the words, so nothing of the rule is hidden.
public enum RuleWords {
    private static let dayNames = [
        "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
    ]
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    private static let units = [
        "SECONDLY": "second", "MINUTELY": "minute", "HOURLY": "hour", "DAILY": "day", "WEEKLY": "week", "MONTHLY": "month",
        "YEARLY": "year",
    ]

    /// `rule` in words, for a series starting `start` (what a rule leaves out comes from it: a
    /// weekly rule without BYDAY repeats on the start's weekday); `until` in `zone` as a date.
    public static func describe(_ recurrence: Recurrence, start: LocalDateTime, zone: TimeZone) -> String {
        var parts: [String: String] = [:]
        for piece in recurrence.rule.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0].uppercased()] = pair[1].uppercased() }
        }
        guard let frequency = parts.removeValue(forKey: "FREQ"), let unit = units[frequency] else { return "RRULE \(recurrence.rule)" }
        let interval = parts.removeValue(forKey: "INTERVAL").flatMap(Int.init) ?? 1
        var words = interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
        if frequency == "DAILY", interval == 1 { words = "every day" }
        let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.isoWeekday - 1]
        let byDay = parts["BYDAY"] != nil
        if let days = parts["BYDAY"], let named = Self.days(days) {
            parts["BYDAY"] = nil
            words += " on \(named)"
        } else if parts["BYDAY"] == nil, frequency == "WEEKLY" {
            words += " on \(dayNames[weekday]!)"
        }
        if let monthDays = parts["BYMONTHDAY"], let named = Self.monthDays(monthDays) {
            parts["BYMONTHDAY"] = nil
            words += " on the \(named)"
        } else if !byDay, parts["BYMONTHDAY"] == nil, frequency == "MONTHLY" || frequency == "YEARLY" {
            words += frequency == "MONTHLY" ? " on the \(start.day)\(suffix(start.day))" : " on \(monthNames[start.month - 1]) \(start.day)"
        }
        if let months = parts["BYMONTH"] {
            let named = months.split(separator: ",").compactMap { Int($0) }.filter { (1...12).contains($0) }.map { monthNames[$0 - 1] }
            if !named.isEmpty, named.count == months.split(separator: ",").count {
                parts["BYMONTH"] = nil
                words += " in \(list(named))"
            }
        }
        // Monday is RFC 5545's default week start: saying so adds nothing.
        if parts["WKST"] == "MO" { parts["WKST"] = nil }
        parts["COUNT"] = nil
        parts["UNTIL"] = nil
        if let count = recurrence.count {
            words += count == 1 ? ", once" : ", \(count) times"
        } else if let until = recurrence.until {
            words += ", until \(LocalDateTime(until, in: zone).dateText)"
        } else {
            words += ", with no end"
        }
        if !parts.isEmpty { words += " (RRULE \(recurrence.rule))" }
        return words
    }

    /// `MO,WE` as "Monday and Wednesday", `2TU` as "the second Tuesday", `-1FR` as "the last Friday".
    private static func days(_ value: String) -> String? {
        var named: [String] = []
        for day in value.split(separator: ",") {
            let code = String(day.suffix(2)), ordinal = day.dropLast(2)
            guard let name = dayNames[code] else { return nil }
            if ordinal.isEmpty {
                named.append(name)
            } else {
                guard let number = Int(ordinal), let words = Self.ordinal(number) else { return nil }
                named.append("the \(words) \(name)")
            }
        }
        return named.isEmpty ? nil : list(named)
    }

    private static func monthDays(_ value: String) -> String? {
        let named = value.split(separator: ",").map { day -> String? in
            guard let number = Int(day) else { return nil }
            return number == -1 ? "last day" : number > 0 ? "\(number)\(suffix(number))" : nil
        }
        guard !named.isEmpty, named.allSatisfy({ $0 != nil }) else { return nil }
        return list(named.compactMap { $0 })
    }

    private static func ordinal(_ number: Int) -> String? {
        switch number {
        case 1: "first"
        case 2: "second"
        case 3: "third"
        case 4: "fourth"
        case 5: "fifth"
        case -1: "last"
        case -2: "second last"
        default: nil
        }
    }

    private static func suffix(_ number: Int) -> String {
        if (11...13).contains(number % 100) { return "th" }
        switch number % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
