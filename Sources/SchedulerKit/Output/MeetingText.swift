import Foundation

/// Meetings and occurrences as text tables and CSV rows.
public enum MeetingText {
    /// One meeting for people: its fields, then one line per role with the join details.
    public static func describe(_ meeting: MeetingView) -> String {
        var fields: [[String]] = [
            ["id", meeting.id], ["name", meeting.name], ["state", meeting.state],
            ["start", meeting.start], ["end", meeting.end], ["timeZone", meeting.timeZone],
        ]
        if let rrule = meeting.rrule { fields.append(["repeat", rrule]) }
        if !meeting.exceptions.isEmpty { fields.append(["cancelled", meeting.exceptions.joined(separator: ", ")]) }
        fields += [
            ["organizer", "\(meeting.organizer) (\(meeting.organizerRole)"
                + (meeting.organizerRoleRule.flatMap(OrganizerRoleRule.init).map { ": \($0.explanation)" } ?? "") + ")"],
            ["space", "\(meeting.space.name) [\(meeting.space.kind)] \(meeting.space.id ?? "-")"],
            ["sequence", String(meeting.sequence)],
        ]
        if let key = meeting.key { fields.append(["key", key]) }
        for attendee in meeting.attendees { fields.append(["attendee", "\(attendee.email) (\(attendee.roleName))"]) }
        let width = fields.map { $0[0].count }.max() ?? 0
        var text = fields.map { $0[0].padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0[1] }
            .joined(separator: "\n") + "\n\n"
        text += Render.table(header: ["role", "sip uri", "call id", "passcode", "web link"], rows: meeting.joinDetails.map {
            [$0.roleName, $0.sipUri ?? "", $0.callId ?? "", $0.passcode ?? "", $0.webLink ?? ""]
        })
        return text
    }

    /// What became of a cancelled meeting's space: `space NAME deleted`, or kept (an existing space
    /// is only booked; a temporary one not yet deleted is left to `cleanup run`).
    public static func spaceOutcome(_ space: Space) -> String {
        switch (space.kind, space.state) {
        case (.temporary, .deleted): "space \(space.name) deleted"
        case (.temporary, _): "space \(space.name) not deleted yet; cleanup run deletes it"
        case (.existing, _): "space \(space.name) kept: an existing space is only booked"
        }
    }

    /// The columns of `meeting list` (series).
    public static let seriesHeader = ["id", "name", "start", "end", "timeZone", "rrule", "organizer", "space", "attendees"]

    public static func seriesRow(_ meeting: MeetingView) -> [String] {
        [meeting.id, meeting.name, meeting.start, meeting.end, meeting.timeZone, meeting.rrule ?? "", meeting.organizer,
         meeting.space.uri ?? meeting.space.id ?? "", String(meeting.attendees.count)]
    }

    /// The columns of `meeting list --expand` (occurrences).
    public static let occurrenceHeader = ["meetingId", "name", "start", "end", "timeZone"]

    public static func occurrenceRow(_ occurrence: OccurrenceView) -> [String] {
        [occurrence.meetingId, occurrence.name, occurrence.start, occurrence.end, occurrence.timeZone]
    }
}
