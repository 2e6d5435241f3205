import CICal
import Foundation

/// Builds iCalendar (RFC 5545) documents with libical: VCALENDAR, VTIMEZONE per TZID used, VEVENTs.
/// All libical calls for writing live here (libical 3 and 4 differ).
public struct ICalendarWriter: Sendable {
    /// The PRODID of everything cmsched writes.
    public static let productId = "-//cmsched//cmsched \(CmschedVersion.current)//EN"

    public let sipDomain: String?
    public let webBaseURL: String?

    public init(sipDomain: String?, webBaseURL: String?) {
        self.sipDomain = sipDomain
        self.webBaseURL = webBaseURL
    }

    /// Whose join details a calendar carries: each person sees only their own role's.
    public enum Audience: Sendable, Equatable {
        /// The organizer's role (what an organizer's copy or an export shows).
        case organizer
        /// The role of this recipient (an attendee's role, else the organizer's).
        case recipient(String)
        /// Every role (`meeting export --all-roles`, for administrators).
        case allRoles
    }

    /// A REQUEST calendar holding every meeting (series with RRULE/EXDATE).
    public func request(_ meetings: [Meeting], stamp: Date, audience: Audience = .organizer) -> String {
        document(ICAL_METHOD_REQUEST, meetings, stamp: stamp, as: { String(cString: $0) }) {
            event($0, stamp: stamp, cancelled: $0.state == .cancelled, audience: audience)
        }
    }

    /// The same calendar, handed to `write` in pieces of about `piece` bytes as each event is made
    /// and printed, then freed: an export of any size is never held whole, as a tree or as text.
    public func writeRequest(
        _ meetings: [Meeting], stamp: Date, audience: Audience = .organizer, piece: Int = 1 << 16, to write: (Data) throws -> Void
    ) throws {
        // The calendar's own lines and its zones, as libical prints them, up to its END line.
        let frame = document(ICAL_METHOD_REQUEST, meetings, stamp: stamp, as: { Data(bytes: $0, count: strlen($0)) }, event: nil)
        let end = Data("END:VCALENDAR\r\n".utf8)
        guard frame.count >= end.count, frame.suffix(end.count) == end else {
            throw CmschedError.internalError("libical's calendar text does not end in END:VCALENDAR")
        }
        var buffer = Data(frame.dropLast(end.count))
        for meeting in meetings {
            let component = event(meeting, stamp: stamp, cancelled: meeting.state == .cancelled, audience: audience)
            if let text = icalcomponent_as_ical_string_r(component) {
                buffer.append(UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))
                free(text)
            }
            icalcomponent_free(component)
            if buffer.count >= piece {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(end)
        try write(buffer)
    }

    /// A CANCEL calendar (RFC 5546): the whole series, or one occurrence (with its RECURRENCE-ID).
    public func cancel(_ meeting: Meeting, occurrence: LocalDateTime?, stamp: Date, audience: Audience = .organizer) -> String {
        document(ICAL_METHOD_CANCEL, [meeting], stamp: stamp, as: { String(cString: $0) }) { meeting in
            let event = event(meeting, stamp: stamp, cancelled: true, audience: audience)
            if let occurrence {
                for kind in [ICAL_RRULE_PROPERTY, ICAL_EXDATE_PROPERTY, ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY] {
                    while let property = icalcomponent_get_first_property(event, kind) {
                        icalcomponent_remove_property(event, property)
                        icalproperty_free(property)
                    }
                }
                icalcomponent_add_property(event, Self.zoned(icalproperty_new_recurrenceid, occurrence, meeting.timeZone))
                Self.addTiming(event, start: occurrence, meeting: meeting)
            }
            return event
        }
    }

    /// The calendar with its zones and, unless `event` is nil, one event per meeting, as text.
    private func document<Text>(
        _ method: icalproperty_method, _ meetings: [Meeting], stamp: Date, as text: (UnsafePointer<CChar>) -> Text,
        event: ((Meeting) -> OpaquePointer)?
    ) -> Text {
        let calendar = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)!
        defer { icalcomponent_free(calendar) }
        icalcomponent_add_property(calendar, icalproperty_new_prodid(Self.productId))
        icalcomponent_add_property(calendar, icalproperty_new_version("2.0"))
        icalcomponent_add_property(calendar, icalproperty_new_method(method))
        let zones = Set(meetings.map(\.timeZone)).sorted()
        for zone in zones {
            let range = meetings.filter { $0.timeZone == zone }
            if let component = Self.timezone(zone, from: range.map { $0.start.instant(in: $0.zone) }.min() ?? stamp) {
                icalcomponent_add_component(calendar, component)
            }
        }
        if let event {
            for meeting in meetings { icalcomponent_add_component(calendar, event(meeting)) }
        }
        return text(icalcomponent_as_ical_string(calendar))
    }

    /// One VEVENT for a meeting series.
    func event(_ meeting: Meeting, stamp: Date, cancelled: Bool, audience: Audience) -> OpaquePointer {
        let event = icalcomponent_new(ICAL_VEVENT_COMPONENT)!
        icalcomponent_add_property(event, icalproperty_new_uid(meeting.uid))
        icalcomponent_add_property(event, icalproperty_new_sequence(Int32(meeting.sequence)))
        icalcomponent_add_property(event, icalproperty_new_dtstamp(Self.utc(stamp)))
        icalcomponent_add_property(event, icalproperty_new_summary(meeting.name))
        Self.addTiming(event, start: meeting.start, meeting: meeting)
        if let recurrence = meeting.recurrence {
            icalcomponent_add_property(event, icalproperty_new_rrule(icalrecurrencetype_from_string(recurrence.rule)))
            for exception in meeting.exceptions {
                icalcomponent_add_property(event, Self.zoned(icalproperty_new_exdate, exception, meeting.timeZone))
            }
        }
        icalcomponent_add_property(event, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED))
        let organizer = icalproperty_new_organizer("mailto:\(meeting.organizerEmail ?? meeting.organizer)")!
        icalproperty_add_parameter(organizer, icalparameter_new_cn(meeting.organizerName ?? meeting.organizer))
        icalcomponent_add_property(event, organizer)
        for attendee in meeting.attendees {
            let property = icalproperty_new_attendee("mailto:\(attendee.email)")!
            icalproperty_add_parameter(property, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT))
            icalproperty_add_parameter(property, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION))
            icalproperty_add_parameter(property, icalparameter_new_rsvp(ICAL_RSVP_TRUE))
            icalcomponent_add_property(event, property)
        }
        let all = JoinDetails.all(for: meeting.space, sipDomain: sipDomain, webBaseURL: webBaseURL)
        let own: JoinDetails?
        switch audience {
        case .organizer: own = all.first { $0.role == meeting.organizerRole } ?? all.first
        case .recipient(let email):
            let role = meeting.role(of: email)
            own = all.first { $0.role == role }
        case .allRoles: own = all.first { $0.role == meeting.organizerRole } ?? all.first
        }
        if let location = own?.webLink ?? own?.sipUri {
            icalcomponent_add_property(event, icalproperty_new_location(location))
        }
        let shown = audience == .allRoles ? all : own.map { [$0] } ?? []
        icalcomponent_add_property(event, icalproperty_new_description(Self.describe(shown, meeting: meeting)))
        return event
    }

    /// DTSTART, and DTEND when the end's wall-clock time names it unambiguously; otherwise (an end
    /// inside a DST fall-back's repeated hour) DURATION, which RFC 5545 allows in its place.
    private static func addTiming(_ event: OpaquePointer, start: LocalDateTime, meeting: Meeting) {
        let zone = meeting.zone
        icalcomponent_add_property(event, zoned(icalproperty_new_dtstart, start, meeting.timeZone))
        let endInstant = start.instant(in: zone).addingTimeInterval(meeting.duration)
        let end = LocalDateTime(endInstant, in: zone)
        if end.instant(in: zone) == endInstant {
            icalcomponent_add_property(event, zoned(icalproperty_new_dtend, end, meeting.timeZone))
        } else {
            icalcomponent_add_property(event, icalproperty_new_duration(icaldurationtype_from_int(Int32(meeting.duration))))
        }
    }

    /// The join details of every role, as plain text.
    static func describe(_ details: [JoinDetails], meeting: Meeting) -> String {
        var text = "Join " + meeting.name + ":"
        for detail in details {
            text += "\n\n" + detail.roleName + ":"
            detail.appendWays(to: &text)
        }
        return text
    }

    /// The names written in UTC form, with no VTIMEZONE.
    static let utcNames: Set<String> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT"]

    /// The zone named, when both Foundation and libical (for its VTIMEZONE) know it, or UTC;
    /// nil otherwise. Every zone a meeting, a setting or a flag names is checked by this.
    public static func knownZone(_ identifier: String) -> TimeZone? {
        guard knowsZone(identifier) else { return nil }
        return Zones.named(identifier)
    }

    /// True for a zone name tzdata knows (libical reads it for VTIMEZONEs), or UTC.
    public static func knowsZone(_ identifier: String) -> Bool {
        if utcNames.contains(identifier) { return true }
        guard let zone = icaltimezone_get_builtin_timezone(identifier) else { return false }
        return icaltimezone_get_component(zone) != nil
    }

    /// The zone's VTIMEZONE, named by its IANA id and trimmed to the years around `from` (from a
    /// year before `from`'s year to ten after it); a copy the caller owns.
    static func timezone(_ identifier: String, from: Date) -> OpaquePointer? {
        let year = Calendar.utc.component(.year, from: from)
        return TrimmedZones.shared.copy(identifier, year: year) {
            guard let builtin = icaltimezone_get_builtin_timezone(identifier),
                let original = icaltimezone_get_component(builtin), let component = icalcomponent_new_clone(original)
            else { return nil }
            // libical names built-in zones "/freeassociation.sourceforge.net/Europe/Berlin"; TZID must match.
            if let tzid = icalcomponent_get_first_property(component, ICAL_TZID_PROPERTY) {
                icalproperty_set_tzid(tzid, identifier)
            }
            let yearStart = Calendar.utc.date(from: DateComponents(year: year))!
            let start = Self.utc(yearStart.addingTimeInterval(-366 * 86_400))
            let end = Self.utc(yearStart.addingTimeInterval(11 * 366 * 86_400))
            icaltimezone_truncate_vtimezone(component, start, end, 0)
            return component
        }
    }

    static func floating(_ local: LocalDateTime) -> icaltimetype {
        var time = icaltime_null_time()
        time.year = Int32(local.year); time.month = Int32(local.month); time.day = Int32(local.day)
        time.hour = Int32(local.hour); time.minute = Int32(local.minute); time.second = Int32(local.second)
        return time
    }

    static func utc(_ date: Date) -> icaltimetype {
        icaltime_from_timet_with_zone(time_t(date.timeIntervalSince1970), 0, icaltimezone_get_utc_timezone())
    }

    /// A date-time property of a wall-clock time in `zone`: with `TZID=zone`, or in UTC form
    /// (`…Z`, no TZID) for UTC, which has no VTIMEZONE.
    static func zoned(_ make: (icaltimetype) -> OpaquePointer?, _ local: LocalDateTime, _ zone: String) -> OpaquePointer {
        var time = floating(local)
        guard !utcNames.contains(zone) else {
            time.zone = icaltimezone_get_utc_timezone()
            return make(time)!
        }
        let property = make(time)!
        icalproperty_add_parameter(property, icalparameter_new_tzid(zone))
        return property
    }
}

/// Reads iCalendar text back with libical (tests and round-trip checks use it).
public enum ICalendarReader {
    /// One VEVENT's identity and timing as libical parsed it.
    public struct Event: Sendable, Equatable {
        public var uid: String
        public var sequence: Int
        public var start: String
        public var startZone: String?
        public var rrule: String?
        public var exdates: [String]
    }

    /// The VEVENTs of a calendar, or a bad-input error when libical cannot parse it.
    public static func events(_ text: String) throws -> [Event] {
        guard let root = icalparser_parse_string(text) else { throw CmschedError.badInput("not an iCalendar document") }
        defer { icalcomponent_free(root) }
        var events: [Event] = []
        var event = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT)
        while let current = event {
            let startProperty = icalcomponent_get_first_property(current, ICAL_DTSTART_PROPERTY)
            let tzid = startProperty.flatMap { icalproperty_get_first_parameter($0, ICAL_TZID_PARAMETER) }
                .flatMap { icalparameter_get_tzid($0) }.map { String(cString: $0) }
            var exdates: [String] = []
            var exdate = icalcomponent_get_first_property(current, ICAL_EXDATE_PROPERTY)
            while let property = exdate {
                exdates.append(String(cString: icaltime_as_ical_string(icalproperty_get_exdate(property))))
                exdate = icalcomponent_get_next_property(current, ICAL_EXDATE_PROPERTY)
            }
            let rrule = icalcomponent_get_first_property(current, ICAL_RRULE_PROPERTY).map { property -> String in
                var recur = icalproperty_get_rrule(property)
                let text = icalrecurrencetype_as_string_r(&recur)!
                defer { icalmemory_free_buffer(text) }
                return String(cString: text)
            }
            events.append(Event(
                uid: String(cString: icalcomponent_get_uid(current)),
                sequence: Int(icalcomponent_get_sequence(current)),
                start: String(cString: icaltime_as_ical_string(icalcomponent_get_dtstart(current))),
                startZone: tzid, rrule: rrule, exdates: exdates))
            event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)
        }
        return events
    }
}

/// Trimmed VTIMEZONEs made once per zone and year: trimming walks the zone's rules and was half
/// the time of composing an invitation. Kept for the process; callers get a copy.
private final class TrimmedZones: @unchecked Sendable {
    static let shared = TrimmedZones()

    private let lock = NSLock()
    private var made: [String: OpaquePointer?] = [:]

    func copy(_ identifier: String, year: Int, make: () -> OpaquePointer?) -> OpaquePointer? {
        lock.withLock {
            let key = "\(identifier)\u{0}\(year)"
            if made[key] == nil { made[key] = .some(make()) }
            return made[key]!.flatMap { icalcomponent_new_clone($0) }
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
