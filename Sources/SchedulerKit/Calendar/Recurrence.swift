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
        let parts = try RuleSyntax.check(value, quoted: text)
        let perDay = SeriesLimits.mostPerDay(parts)
        guard perDay <= SeriesLimits.occurrencesPerDay else {
            throw CmschedError.badInput(
                "rrule '\(text)': up to \(perDay) occurrences a day; a meeting repeats at most hourly (\(SeriesLimits.occurrencesPerDay) a day)")
        }
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
            let instant = icaltime_is_utc(t) != 0 ? local.instant(in: utc) : local.instant(in: zone)
            until = instant
            recur.until = ICalendarWriter.utc(instant)
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
    /// none starting before `notBefore` or after `through`. COUNT counts before exceptions are
    /// removed, as RFC 5545 says. With `notBefore`, a rule libical can start part-way through
    /// (see `skipsAhead`) is not stepped through its earlier occurrences: a daily series that has
    /// run for years costs a listing of next week a few steps, not one per day since it began.
    /// A COUNT rule is entered part-way too when the caller knows `lastStart` (see `expand`).
    /// A `PlainRule` is counted, unless `plainRulesCounted` is false (what `fastpaths-bench` compares).
    public func starts(
        from start: LocalDateTime, zone: TimeZone, notBefore: Date? = nil, through: Date?, limit: Int,
        lastStart: Date? = nil, plainRulesCounted: Bool = true
    ) -> [LocalDateTime] {
        expand(from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, lastStart: lastStart,
            skippingAhead: true, plainRulesCounted: plainRulesCounted).starts
    }

    /// `starts`, and how many starts the rule gave on the way (libical's steps, or a plain rule's
    /// occurrences counted); from the first occurrence when `skippingAhead` is false (what tests
    /// compare the skip with). `plainRulesCounted` false steps a `PlainRule` through libical too
    /// (what tests and `fastpaths-bench` compare the counting with).
    ///
    /// `lastStart` is when the series' last occurrence that is not an exception starts, as the
    /// store's window has it. A COUNT needs every earlier occurrence counted, so libical cannot
    /// start part-way through one; with `lastStart` the COUNT is replaced by that bound, which it
    /// can (the occurrences after it that COUNT allows are exceptions, which every caller drops).
    /// The bound is taken `zoneRulesMargin` late, so it still finds the last occurrence if the
    /// zone's rules have moved it since the window was computed; and the next occurrence is then
    /// told apart only if it comes twice that margin later or more. Only rules that start at most
    /// once a day, at DTSTART's time, are entered so; if two occurrences still come closer (a zone
    /// that skipped a whole calendar day, libical giving one twice), the COUNT is stepped after all.
    func expand(
        from start: LocalDateTime, zone: TimeZone, notBefore: Date?, through: Date?, limit: Int, lastStart: Date? = nil,
        skippingAhead: Bool, plainRulesCounted: Bool = true
    ) -> (starts: [LocalDateTime], steps: Int) {
        var recur = icalrecurrencetype_from_string(rule)
        let plain = plainRulesCounted ? PlainRule(recur) : nil
        var bounds = [until, through]
        let uncounted = plain == nil && skippingAhead && lastStart != nil && recur.count > 0 && Self.entersPartWayUncounted(recur)
        if uncounted, let lastStart {
            recur.count = 0
            bounds.append(lastStart.addingTimeInterval(Self.zoneRulesMargin))
        }
        let last = bounds.compactMap { $0 }.min()
        if let last, let notBefore, last < notBefore { return ([], 0) }
        // Two days early: an occurrence at or after `notBefore` starts on or after this wall-clock
        // time whatever the zone's offsets did in between, and one before it starts before
        // `notBefore`, so before `last` too (the instants of those in between are checked below).
        let early = notBefore.map { LocalDateTime($0.addingTimeInterval(-2 * 86_400), in: zone) }
        let window = Window(zone: zone, notBefore: notBefore, last: last, early: early, limit: limit)
        if let plain {
            var number = skippingAhead ? early.map { plain.last(onOrBefore: $0, from: start) } ?? 0 : 0
            return window.starts { () -> LocalDateTime? in
                defer { number += 1 }
                return plain.occurrence(number, from: start)
            }
        }
        // UNTIL is compared here as an instant; libical would compare wall-clock fields.
        recur.until = icaltime_null_time()
        let dtstart = ICalendarWriter.floating(start)
        guard var iterator = icalrecur_iterator_new(recur, dtstart) else { return ([], 0) }
        defer { icalrecur_iterator_free(iterator) }
        if skippingAhead, let early, Self.skipsAhead(recur), early > start {
            if icalrecur_iterator_set_start(iterator, ICalendarWriter.floating(early)) == 0 {
                // libical refused (it does for some rules): step from the start instead.
                icalrecur_iterator_free(iterator)
                guard let fresh = icalrecur_iterator_new(recur, dtstart) else { return ([], 0) }
                iterator = fresh
            }
        }
        var previous: Date?
        var tooClose = false
        let found = window.starts(
            next: {
                let next = icalrecur_iterator_next(iterator)
                guard icaltime_is_null_time(next) == 0 else { return nil }
                return LocalDateTime(year: Int(next.year), month: Int(next.month), day: Int(next.day),
                    hour: Int(next.hour), minute: Int(next.minute), second: Int(next.second))
            },
            goesOn: { instant in
                guard uncounted else { return true }
                if let previous, instant.timeIntervalSince(previous) < 2 * Self.zoneRulesMargin {
                    tooClose = true
                    return false
                }
                previous = instant
                return true
            })
        guard tooClose else { return found }
        // Two occurrences closer than the bound can tell apart: the COUNT is stepped after all.
        let counted = expand(
            from: start, zone: zone, notBefore: notBefore, through: through, limit: limit, skippingAhead: skippingAhead,
            plainRulesCounted: plainRulesCounted)
        return (counted.starts, found.steps + counted.steps)
    }

    /// What an expansion keeps of the wall-clock starts a rule gives, in order.
    private struct Window {
        let zone: TimeZone
        let notBefore: Date?
        let last: Date?
        let early: LocalDateTime?
        let limit: Int

        /// The starts `next` gives that are kept, up to `limit`, and how many it gave. It is
        /// bounded whatever the rule: every rule cmsched accepts needs fewer steps (an hourly one
        /// has an end, and a daily one from 1970 reaches 2200 in 84,000), a row written before the
        /// limits may not. `goesOn` sees each instant computed, and ends the expansion with false.
        func starts(next: () -> LocalDateTime?, goesOn: (Date) -> Bool = { _ in true }) -> (starts: [LocalDateTime], steps: Int) {
            var result: [LocalDateTime] = []
            var steps = 0
            while result.count < limit, steps < SeriesLimits.expansionSteps {
                guard let local = next() else { break }
                steps += 1
                if let early, local < early { continue }
                if last != nil || notBefore != nil {
                    let instant = local.instant(in: zone)
                    guard goesOn(instant) else { break }
                    if let last, instant > last { break }
                    if let notBefore, instant < notBefore { continue }
                }
                result.append(local)
            }
            return (result, steps)
        }
    }

    /// How far the store's window may be from an occurrence's instant: the zone's rules can have
    /// changed since it was computed (a country dropping daylight saving time moves it an hour).
    static let zoneRulesMargin: TimeInterval = 6 * 3_600

    /// Whether this COUNT rule, its COUNT taken away, starts at most once a day, at DTSTART's time
    /// of day, and libical can start it part-way through.
    private static func entersPartWayUncounted(_ recur: icalrecurrencetype) -> Bool {
        var uncounted = recur
        uncounted.count = 0
        return skipsAhead(uncounted) && cmsched_recur_sets_time_of_day(&uncounted) == 0
    }

    /// Whether libical's iterator can start part-way through this rule and give the occurrences
    /// stepping from DTSTART would (checked against stepping for many rules, in the tests). Not
    /// with COUNT (libical refuses: the count needs every earlier occurrence), not for HOURLY and
    /// finer (libical 3.0 loses an INTERVAL's phase), not with a positioned BYDAY outside MONTHLY
    /// and YEARLY (RFC 5545 allows it only there; libical 3.0 then skips some), not with RSCALE.
    static func skipsAhead(_ recur: icalrecurrencetype) -> Bool {
        guard recur.count == 0, recur.rscale == nil else { return false }
        switch recur.freq {
        case ICAL_MONTHLY_RECURRENCE, ICAL_YEARLY_RECURRENCE: return true
        case ICAL_DAILY_RECURRENCE, ICAL_WEEKLY_RECURRENCE:
            return withUnsafePointer(to: recur) { cmsched_recur_has_day_position($0) == 0 }
        default: return false
        }
    }
}
