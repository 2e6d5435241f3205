import Foundation

/// Changes asked of `meeting update`: fields given replace the meeting's; attendees can be replaced,
/// added or removed. The space cannot change (book a new meeting for that).
public struct MeetingEdit: Sendable {
    public var fields: MeetingFields
    public var addAttendees: [String]
    public var removeAttendees: [String]

    public init(fields: MeetingFields, addAttendees: [String] = [], removeAttendees: [String] = []) {
        self.fields = fields
        self.addAttendees = addAttendees
        self.removeAttendees = removeAttendees
    }

    /// True when nothing would change.
    public var isEmpty: Bool {
        fields == MeetingFields() && addAttendees.isEmpty && removeAttendees.isEmpty
    }

    /// The edited meeting, checked like a new one. Cancelled occurrences move with the series' start.
    public func apply(to meeting: Meeting) throws -> Meeting {
        guard fields.template == nil, fields.space == nil else {
            throw CmschedError.usage("the space of a meeting cannot change; delete it and create a new one")
        }
        var text = MeetingFields()
        text.name = fields.name ?? meeting.name
        text.organizer = fields.organizer ?? meeting.organizer
        text.organizerRole = fields.organizerRole ?? meeting.organizerRole
        text.tz = fields.tz ?? meeting.timeZone
        text.space = meeting.space.coSpaceId ?? meeting.space.id
        text.start = fields.start ?? meeting.start.description
        switch (fields.end, fields.duration) {
        case (nil, nil): text.duration = "\(Int(meeting.duration))s"
        default:
            text.end = fields.end
            text.duration = fields.duration
        }
        let repeatGiven = [fields.repeat, fields.rrule, fields.interval, fields.count, fields.until].contains { $0 != nil }
        if repeatGiven {
            text.repeat = fields.repeat
            text.rrule = fields.rrule
            text.interval = fields.interval
            text.count = fields.count
            text.until = fields.until
        } else {
            text.rrule = meeting.recurrence?.rule
        }
        var attendees = fields.attendees.map { list in list.split(separator: ";").map(String.init) }
            ?? meeting.attendees.map { "\($0.email)=\($0.role)" }
        let removed = Set(removeAttendees.map { $0.lowercased() })
        attendees.removeAll { removed.contains(String($0.split(separator: "=")[0]).lowercased()) }
        attendees += addAttendees
        text.attendees = attendees.isEmpty ? nil : attendees.joined(separator: ";")

        let draft = try text.draft(defaultZone: meeting.zone)
        let planner = RoleResolver(space: meeting.space)
        var edited = meeting
        edited.name = draft.name
        edited.organizer = draft.organizer
        edited.organizerRole = try planner.role(draft.organizerRole, field: "organizer_role")
        if fields.organizerRole != nil { edited.organizerRoleRule = .given }
        edited.attendees = try draft.attendees.map { Attendee(email: $0.email, role: try planner.role($0.role, field: "attendees")) }
        edited.timeZone = draft.timeZone
        edited.start = draft.start
        edited.duration = draft.duration
        edited.recurrence = draft.recurrence
        let shift = Self.wallClockSeconds(draft.start) - Self.wallClockSeconds(meeting.start)
        edited.exceptions = draft.recurrence == nil ? [] : meeting.exceptions.map {
            LocalDateTime(Date(timeIntervalSince1970: Self.wallClockSeconds($0) + shift), in: Self.utc)
        }
        return edited
    }

    private static let utc = TimeZone(identifier: "UTC")!

    /// Wall-clock time as seconds, to move exceptions by the same wall-clock amount as the start.
    private static func wallClockSeconds(_ time: LocalDateTime) -> TimeInterval {
        time.instant(in: utc).timeIntervalSince1970
    }
}

/// Finds a space's role by id or name; nil means the space's default (first) role.
public struct RoleResolver: Sendable {
    public let space: Space

    public init(space: Space) { self.space = space }

    public func role(_ reference: String?, field: String) throws -> String {
        guard let reference else { return space.roles[0].id }
        if let role = space.roles.first(where: { $0.id == reference || $0.name.caseInsensitiveCompare(reference) == .orderedSame }) {
            return role.id
        }
        let names = space.roles.map(\.name)
        throw CmschedError.unknown(
            field, "role '\(reference)' is not one of: \(names.joined(separator: ", "))\(NameSuggestions.clause(reference, among: names))")
    }
}
