import Foundation

/// Finds the occurrence of a series that `meeting delete --occurrence` names.
public enum OccurrenceMatcher {
    /// The local start of the occurrence on `text` (a date, or a local start time), cancelled or
    /// not (cancelling it again changes nothing); exit 66 when the series has none then.
    public static func start(of text: String, in meeting: Meeting) throws -> LocalDateTime {
        let exact = LocalDateTime(iso: text)
        guard exact != nil || LocalDateTime(date: text) != nil else {
            throw CmschedError.usage("occurrence: '\(text)' is not a date (YYYY-MM-DD) or local time")
        }
        guard let recurrence = meeting.recurrence else {
            throw CmschedError.badInput("meeting \(meeting.id) does not repeat; delete the meeting instead")
        }
        let day = exact?.dateText ?? text
        let date = LocalDateTime(date: day)
        let last = date.map {
            LocalDateTime(year: $0.year, month: $0.month, day: $0.day, hour: 23, minute: 59, second: 59).instant(in: meeting.zone)
        }
        // From a day early: the day's first wall-clock time may not exist (a DST change at midnight).
        let first = date.map { $0.instant(in: meeting.zone).addingTimeInterval(-86_400) }
        let starts = recurrence.starts(from: meeting.start, zone: meeting.zone, notBefore: first, through: last, limit: 1_000_000)
        guard let match = starts.last(where: { start in exact.map { start == $0 } ?? (start.dateText == day) }) else {
            throw CmschedError.inputMissing("meeting \(meeting.id) has no occurrence on \(text)")
        }
        return match
    }
}
