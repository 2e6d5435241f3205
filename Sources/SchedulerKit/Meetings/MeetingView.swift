import Foundation

/// A meeting as `--format json` prints it (a stable, documented shape).
public struct MeetingView: Sendable, JSONObject, Equatable {
    public struct SpaceView: Sendable, JSONObject, Equatable {
        /// The coSpace id on the Call Bridge.
        public var id: String?
        public var kind: String
        public var name: String
        public var uri: String?
        public var callId: String?

        public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
            fields.field("callId", callId)
            fields.field("id", id)
            fields.field("kind", kind)
            fields.field("name", name)
            fields.field("uri", uri)
        }
    }

    public struct AttendeeView: Sendable, JSONObject, Equatable {
        public var email: String
        public var role: String
        public var roleName: String

        public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
            fields.field("email", email)
            fields.field("role", role)
            fields.field("roleName", roleName)
        }
    }

    public var id: String
    public var key: String?
    public var uid: String
    public var name: String
    public var state: String
    public var organizer: String
    public var organizerRole: String
    /// Why the organizer has that role: `given`, `template-default` or `space` (nil: not recorded).
    public var organizerRoleRule: String?
    /// First occurrence, RFC 3339 with the zone's offset.
    public var start: String
    public var end: String
    public var timeZone: String
    public var rrule: String?
    public var exceptions: [String]
    public var sequence: Int
    public var space: SpaceView
    public var joinDetails: [JoinDetails]
    public var attendees: [AttendeeView]
    /// The admin override the meeting was booked with (`any-template`), if any.
    public var override: String?

    /// The JSON keys of a meeting.
    public static let keys: [String] = {
        let space = Space(
            id: "", kind: .existing, state: .ready, organizer: "", name: "", roles: [], createdAt: Date(timeIntervalSince1970: 0))
        let meeting = Meeting(
            id: "", key: nil, uid: "", state: .creating, name: "", organizer: "", organizerRole: "",
            start: LocalDateTime(year: 2000, month: 1, day: 1), duration: 0, timeZone: "UTC", recurrence: nil, exceptions: [],
            sequence: 0, attendees: [], space: space, createdAt: space.createdAt, updatedAt: space.createdAt)
        return Mirror(reflecting: MeetingView(meeting, sipDomain: nil, webBaseURL: nil)).children.compactMap(\.label)
    }()

    /// `shownIn`: the zone its times are written in, when not the meeting's own.
    public init(_ meeting: Meeting, sipDomain: String?, webBaseURL: String?, shownIn: TimeZone? = nil) {
        let zone = meeting.zone
        // A space has a handful of roles: looked through, not hashed into a dictionary per meeting.
        func roleName(_ id: String) -> String { meeting.space.roles.first { $0.id == id }?.name ?? id }
        id = meeting.id
        key = meeting.key
        uid = meeting.uid
        name = meeting.name
        state = meeting.state.rawValue
        organizer = meeting.organizer
        organizerRole = roleName(meeting.organizerRole)
        organizerRoleRule = meeting.organizerRoleRule?.rawValue
        let startInstant = meeting.start.instant(in: zone)
        start = RFC3339.string(startInstant, in: shownIn ?? zone)
        end = RFC3339.string(startInstant.addingTimeInterval(meeting.duration), in: shownIn ?? zone)
        timeZone = meeting.timeZone
        rrule = meeting.recurrence?.rule
        exceptions = meeting.exceptions.map(\.description)
        sequence = meeting.sequence
        space = SpaceView(
            id: meeting.space.coSpaceId, kind: meeting.space.kind.rawValue, name: meeting.space.name,
            uri: meeting.space.uri, callId: meeting.space.callId)
        // A deleted space has no way in left.
        joinDetails = meeting.space.state == .deleted ? [] : JoinDetails.all(for: meeting.space, sipDomain: sipDomain, webBaseURL: webBaseURL)
        attendees = meeting.attendees.map { AttendeeView(email: $0.email, role: $0.role, roleName: roleName($0.role)) }
        override = meeting.override
    }

    public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
        fields.field("attendees", attendees)
        fields.field("end", end)
        fields.field("exceptions", exceptions)
        fields.field("id", id)
        fields.field("joinDetails", joinDetails)
        fields.field("key", key)
        fields.field("name", name)
        fields.field("organizer", organizer)
        fields.field("organizerRole", organizerRole)
        fields.field("organizerRoleRule", organizerRoleRule)
        fields.field("override", override)
        fields.field("rrule", rrule)
        fields.field("sequence", sequence)
        fields.field("space", space)
        fields.field("start", start)
        fields.field("state", state)
        fields.field("timeZone", timeZone)
        fields.field("uid", uid)
    }
}

/// An occurrence as `meeting list --expand --format json` prints it.
public struct OccurrenceView: Sendable, JSONObject, Equatable {
    public var meetingId: String
    public var name: String
    public var start: String
    public var end: String
    public var timeZone: String

    /// `shownIn`: the zone its times are written in, when not the meeting's own.
    public init(_ occurrence: Occurrence, shownIn: TimeZone? = nil) {
        let zone = shownIn ?? Zones.named(occurrence.timeZone)!
        meetingId = occurrence.meetingId
        name = occurrence.name
        start = RFC3339.string(occurrence.start, in: zone)
        end = RFC3339.string(occurrence.end, in: zone)
        timeZone = occurrence.timeZone
    }

    public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
        fields.field("end", end)
        fields.field("meetingId", meetingId)
        fields.field("name", name)
        fields.field("start", start)
        fields.field("timeZone", timeZone)
    }
}
