import CICal

/// A rule that repeats DTSTART's wall-clock time every INTERVAL days or weeks: FREQ=DAILY or
/// WEEKLY, with INTERVAL, COUNT or UNTIL and nothing else (no BY part, no RSCALE; WKST changes
/// nothing without BYDAY). Most series are such rules (`--repeat daily|weekly`). Their occurrences
/// are counted from DTSTART rather than stepped through libical's iterator, which costs some
/// 30,000 instructions to set up and 20,000 a step (bench/RESULTS.md, "Plain rules counted");
/// `RecurrenceTests` checks them against libical's on random rules, starts and zones.
struct PlainRule {
    /// Days from one occurrence to the next.
    let period: Int
    /// COUNT, if any.
    let count: Int?

    /// The plain rule `recur` is, or nil when it is not one.
    init?(_ recur: icalrecurrencetype) {
        guard recur.freq == ICAL_DAILY_RECURRENCE || recur.freq == ICAL_WEEKLY_RECURRENCE, recur.interval >= 1, recur.rscale == nil,
            withUnsafePointer(to: recur, { cmsched_recur_has_by_part($0) }) == 0
        else { return nil }
        period = Int(recur.interval) * (recur.freq == ICAL_WEEKLY_RECURRENCE ? 7 : 1)
        count = recur.count > 0 ? Int(recur.count) : nil
    }

    /// The number of the last occurrence on or before `time`'s day (0, DTSTART, when none is):
    /// none of those before it starts on or after `time`.
    func last(onOrBefore time: LocalDateTime, from start: LocalDateTime) -> Int {
        let days = LocalDateTime.daysFromCivil(time.year, time.month, time.day) - LocalDateTime.daysFromCivil(start.year, start.month, start.day)
        return max(0, days / period)
    }

    /// Occurrence `number` (0 is DTSTART), or nil past COUNT.
    func occurrence(_ number: Int, from start: LocalDateTime) -> LocalDateTime? {
        if let count, number >= count { return nil }
        return start.addingDays(number * period)
    }
}
