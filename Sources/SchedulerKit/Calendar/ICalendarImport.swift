import CICal
import Foundation

/// One VEVENT of an iCalendar file, as `meeting import` needs it.
public struct ImportedEvent: Sendable, Equatable {
    public var uid: String
    public var sequence: Int
    public var summary: String
    /// The first start, wall-clock in `timeZone`.
    public var start: LocalDateTime
    public var timeZone: String
    public var duration: TimeInterval
    public var rrule: String?
    /// Cancelled occurrences, wall-clock in `timeZone`.
    public var exdates: [LocalDateTime]
    /// For an override of one occurrence: that occurrence's original start.
    public var recurrenceId: LocalDateTime?
    public var cancelled: Bool
    public var organizer: String?
    public var attendees: [String]
    /// Why the times were moved to UTC (a TZID tzdata does not know), if they were.
    public var zoneNote: String?
}

extension ICalendarReader {
    /// The VEVENTs of a calendar for import; a zone tzdata does not know (an Outlook name with its
    /// own VTIMEZONE) is converted to UTC with a note. Bad input when libical cannot parse it, or
    /// `ICalendarLimits` refuses it.
    public static func importable(_ text: String, defaultZone: String) throws -> [ImportedEvent] {
        try ICalendarLimits.check(text)
        guard let root = icalparser_parse_string(text) else { throw CmschedError.badInput("not an iCalendar document") }
        defer { icalcomponent_free(root) }
        var events: [ImportedEvent] = []
        var cursor = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT)
        if cursor == nil, icalcomponent_isa(root) == ICAL_VEVENT_COMPONENT { cursor = root }
        while let event = cursor {
            events.append(try importable(event, defaultZone: defaultZone))
            cursor = event == root ? nil : icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)
        }
        return events
    }

    private static func importable(_ event: OpaquePointer, defaultZone: String) throws -> ImportedEvent {
        guard let uidText = icalcomponent_get_uid(event), !String(cString: uidText).isEmpty else {
            throw CmschedError.badInput("a VEVENT has no UID")
        }
        let uid = String(cString: uidText)
        let startTime = icalcomponent_get_dtstart(event)
        guard icaltime_is_null_time(startTime) == 0 else { throw CmschedError.badInput("event \(uid) has no DTSTART") }
        let tzid = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY)
            .flatMap { icalproperty_get_first_parameter($0, ICAL_TZID_PARAMETER) }
            .flatMap { icalparameter_get_tzid($0) }.map { String(cString: $0) }
        var zone: String
        var note: String?
        if icaltime_is_utc(startTime) != 0 {
            zone = "UTC"
        } else if let tzid {
            if ICalendarWriter.knownZone(tzid) != nil {
                zone = tzid
            } else {
                zone = "UTC"
                note = "time zone '\(tzid)' is not one tzdata knows; times were converted to UTC"
            }
        } else {
            zone = defaultZone
        }
        let zoneValue = TimeZone(identifier: zone)!
        func local(_ time: icaltimetype) -> LocalDateTime {
            if time.is_date != 0 { return LocalDateTime(year: Int(time.year), month: Int(time.month), day: Int(time.day)) }
            // A time whose zone libical resolved (its VTIMEZONE, or UTC) is converted through UTC.
            if zone == "UTC" || icaltime_is_utc(time) != 0, let resolved = time.zone ?? (icaltime_is_utc(time) != 0 ? icaltimezone_get_utc_timezone() : nil) {
                var copy = time
                copy.zone = resolved
                let instant = Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(copy, resolved)))
                return LocalDateTime(instant, in: zoneValue)
            }
            return LocalDateTime(year: Int(time.year), month: Int(time.month), day: Int(time.day),
                                 hour: Int(time.hour), minute: Int(time.minute), second: Int(time.second))
        }
        let start = local(startTime)
        var duration: TimeInterval
        let endTime = icalcomponent_get_dtend(event)
        if icaltime_is_null_time(endTime) == 0 {
            duration = local(endTime).instant(in: zoneValue).timeIntervalSince(start.instant(in: zoneValue))
        } else {
            duration = TimeInterval(icaldurationtype_as_int(icalcomponent_get_duration(event)))
        }
        if startTime.is_date != 0 && duration <= 0 { duration = 86_400 }
        guard duration > 0 else {
            throw CmschedError.badInput("event \(uid): it ends before it starts (DTEND or DURATION \(Int(duration)) s)")
        }
        let rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY).map { property -> String in
            var recur = icalproperty_get_rrule(property)
            let text = icalrecurrencetype_as_string_r(&recur)!
            defer { icalmemory_free_buffer(text) }
            return String(cString: text)
        }
        var exdates: [LocalDateTime] = []
        var exdate = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY)
        while let property = exdate {
            exdates.append(local(icalproperty_get_exdate(property)))
            exdate = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY)
        }
        let recurrence = icalcomponent_get_recurrenceid(event)
        func address(_ value: UnsafePointer<CChar>?) -> String? {
            guard let value else { return nil }
            var text = String(cString: value)
            if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
            return text.isEmpty ? nil : text.lowercased()
        }
        var attendees: [String] = []
        var attendee = icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY)
        while let property = attendee {
            if let email = address(icalproperty_get_attendee(property)) { attendees.append(email) }
            attendee = icalcomponent_get_next_property(event, ICAL_ATTENDEE_PROPERTY)
        }
        return ImportedEvent(
            uid: uid, sequence: Int(icalcomponent_get_sequence(event)),
            summary: icalcomponent_get_summary(event).map { String(cString: $0) } ?? "",
            start: start, timeZone: zone, duration: duration, rrule: rrule, exdates: exdates,
            recurrenceId: icaltime_is_null_time(recurrence) == 0 ? local(recurrence) : nil,
            cancelled: icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED,
            organizer: address(icalcomponent_get_first_property(event, ICAL_ORGANIZER_PROPERTY).flatMap { icalproperty_get_organizer($0) }),
            attendees: attendees, zoneNote: note)
    }
}
