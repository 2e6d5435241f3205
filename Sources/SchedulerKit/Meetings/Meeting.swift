import Foundation

/// A scheduled meeting as the store holds it.
public struct Meeting: Sendable, Equatable {
    /// Where the meeting is in its life: made (`creating`), usable (`scheduled`), or `cancelled`.
    public enum State: String, Sendable, Codable {
        case creating, scheduled, cancelled
    }

    public var id: String
    public var key: String?
    /// The iCalendar UID, stable for the life of the meeting.
    public var uid: String
    public var state: State
    public var name: String
    public var organizer: String
    /// The role (access method) the organizer joins with.
    public var organizerRole: String
    public var start: LocalDateTime
    /// How long each occurrence lasts (elapsed time: a DST change inside it does not change it).
    public var duration: TimeInterval
    public var timeZone: String
    public var recurrence: Recurrence?
    /// Cancelled occurrences (their original starts, wall-clock in `timeZone`).
    public var exceptions: [LocalDateTime]
    /// The iCalendar SEQUENCE, bumped by every change.
    public var sequence: Int
    public var attendees: [Attendee]
    public var space: Space
    public var createdAt: Date
    public var updatedAt: Date
    /// The admin override it was booked with (`any-template`: a template not assigned to the
    /// organizer, or a space they are not a member of); nil when the organizer's own rights sufficed.
    public var override: String? = nil
    /// The organizer's display name and email as the Call Bridge had them when the meeting was
    /// booked or last changed (ORGANIZER;CN=…:mailto:…, the mail's From name and Reply-To).
    public var organizerName: String? = nil
    public var organizerEmail: String? = nil
    /// Why the organizer has `organizerRole` (nil for a meeting booked before cmsched recorded it).
    public var organizerRoleRule: OrganizerRoleRule? = nil

    public var zone: TimeZone { Zones.named(timeZone)! }

    /// When the first occurrence ends.
    public var endInstant: Date { start.instant(in: zone).addingTimeInterval(duration) }

    /// The first occurrence's end as wall-clock time (ambiguous in a DST fall-back: use `endInstant`).
    public var end: LocalDateTime { LocalDateTime(endInstant, in: zone) }

    /// The role whose join details `recipient` gets: their attendee role, else the organizer's.
    public func role(of recipient: String) -> String {
        attendees.first { $0.email == recipient }?.role ?? organizerRole
    }

    /// When the last occurrence ends; nil for a series that never ends (or has more occurrences
    /// than are worth counting: 100,000).
    public var lastEnd: Date? {
        guard let recurrence else { return endInstant }
        guard !recurrence.isOpenEnded else { return nil }
        let limit = 100_000
        let starts = recurrence.starts(from: start, zone: zone, through: nil, limit: limit)
        guard starts.count < limit else { return nil }
        return (starts.last { !exceptions.contains($0) } ?? start).instant(in: zone).addingTimeInterval(duration)
    }

    /// When the first occurrence starts and the last one ends (nil: never), as the store indexes it.
    public var window: (start: Date, end: Date?) { (start.instant(in: zone), lastEnd) }

    /// Occurrences that overlap `[from, until)`, at most `limit`. `lastEnd` is when the last
    /// occurrence ends, if the caller has it (the store's window): a series with a COUNT is then
    /// not stepped through from its first occurrence. (`plainRulesCounted`: see `Recurrence.starts`.)
    public func occurrences(from: Date, until: Date, limit: Int = .max, lastEnd: Date? = nil, plainRulesCounted: Bool = true) -> [Occurrence] {
        let starts: [LocalDateTime]
        if let recurrence {
            // One that starts before `from` by less than its duration still overlaps.
            starts = recurrence.starts(
                from: start, zone: zone, notBefore: from.addingTimeInterval(-duration), through: until, limit: 1_000_000,
                lastStart: lastEnd?.addingTimeInterval(-duration), plainRulesCounted: plainRulesCounted)
        } else {
            starts = [start]
        }
        var result: [Occurrence] = []
        for local in starts where !exceptions.contains(local) {
            let begin = local.instant(in: zone)
            let finish = begin.addingTimeInterval(duration)
            guard finish > from, begin < until else { continue }
            result.append(Occurrence(meetingId: id, name: name, start: begin, end: finish, timeZone: timeZone, localStart: local))
            if result.count >= limit { break }
        }
        return result
    }
}

/// One occurrence of a meeting.
public struct Occurrence: Sendable, Equatable {
    public var meetingId: String
    public var name: String
    public var start: Date
    public var end: Date
    public var timeZone: String
    /// The occurrence's start as wall-clock time (its RECURRENCE-ID).
    public var localStart: LocalDateTime

    /// By start, then by meeting id: the order every listing shows.
    public static func inTimeOrder(_ a: Occurrence, _ b: Occurrence) -> Bool { (a.start, a.meetingId) < (b.start, b.meetingId) }
}

/// Someone invited, with the role (access method) whose join details they get.
public struct Attendee: Sendable, Equatable, Codable {
    public var email: String
    public var role: String
}

/// The space a meeting uses: a temporary one cmsched made from a template, or an existing one.
public struct Space: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case temporary, existing }
    /// Progress of a temporary space on the Call Bridge (existing spaces are `ready` at once).
    public enum State: String, Sendable, Codable { case planned, creating, ready, deleting, deleted }

    /// cmsched's own id for the space record.
    public var id: String
    public var kind: Kind
    public var state: State
    /// The coSpace id on the Call Bridge, once known.
    public var coSpaceId: String?
    public var templateId: String?
    public var organizer: String
    public var name: String
    public var uri: String?
    public var callId: String?
    public var passcode: String?
    public var secret: String?
    /// The roles: one access method per access method template (or of the existing space).
    public var roles: [Role]
    public var createdAt: Date
    public var deletedAt: Date?
    /// The organizer's membership of a temporary space: nil before its POST, `posting` while that
    /// POST may be in flight (a resumed run reconciles it), then the coSpaceUser id.
    public var organizerMember: String? = nil

    /// `organizerMember` while the membership POST's outcome is not known.
    public static let memberPosting = "posting"
}

/// Why the organizer joins by the role they have.
public enum OrganizerRoleRule: String, Sendable, Codable {
    /// Named when the meeting was booked or changed (`--organizer-role`, `organizerRole`).
    case given
    /// The template's `defaultAccessMethodTemplate`.
    case templateDefault = "template-default"
    /// The space's own URI and call ID: the template names no default access method, or the
    /// space is an existing one (whose default role this is). Never a guest access method by accident.
    case spaceOwn = "space"

    /// What `meeting show` and invitations say.
    public var explanation: String {
        switch self {
        case .given: "as given when booked"
        case .templateDefault: "the template's default access method"
        case .spaceOwn: "the space's own URI and call ID (no default access method)"
        }
    }
}

/// A way into a space: an access method (or the space's own URI and call ID, role `space`).
public struct Role: Sendable, Equatable, Codable {
    /// The access method template id (temporary space), access method id, or `space`.
    public var id: String
    public var name: String
    /// The access method's id on the Call Bridge, once created.
    public var accessMethodId: String?
    public var uri: String?
    public var callId: String?
    public var passcode: String?
    public var secret: String?

    /// The role id of a space's own URI and call ID.
    public static let spaceRole = "space"

    /// An access method still to be made, with a call ID and no secret: cmsched chooses its secret
    /// (and saves it) before the POST.
    var needsSecret: Bool { id != Self.spaceRole && accessMethodId == nil && callId != nil && secret == nil }
}

/// What an attendee of one role needs to join.
public struct JoinDetails: Sendable, Equatable, Codable, JSONObject {
    public var role: String
    public var roleName: String
    /// `uri@meetings.sip_domain`, or the bare URI when no domain is configured.
    public var sipUri: String?
    public var callId: String?
    public var passcode: String?
    /// `meetings.web_base_url/meeting/<callId>?secret=<secret>`, when a base URL is configured.
    public var webLink: String?

    public func writeFields<Writer: JSONFieldWriter>(to fields: inout Writer) {
        fields.field("callId", callId)
        fields.field("passcode", passcode)
        fields.field("role", role)
        fields.field("roleName", roleName)
        fields.field("sipUri", sipUri)
        fields.field("webLink", webLink)
    }

    /// Each way in, on a line of its own after `text` (SIP, call ID, passcode, web link): what an
    /// invitation's text and an event's description show.
    public func appendWays(to text: inout String) {
        if let sipUri { text += "\n  Video system or SIP: " + sipUri }
        if let callId { text += "\n  Call ID: " + callId }
        if let passcode { text += "\n  Passcode: " + passcode }
        if let webLink { text += "\n  Web app: " + webLink }
    }

    /// Join details for every role of `space`.
    public static func all(for space: Space, sipDomain: String?, webBaseURL: String?) -> [JoinDetails] {
        space.roles.map { role in
            let uri = role.uri ?? (role.id == Role.spaceRole ? space.uri : nil)
            let callId = role.callId ?? space.callId
            let secret = role.secret ?? space.secret
            var link: String?
            if let webBaseURL, let callId {
                link = "\(webBaseURL)/meeting/\(callId)" + (secret.map { "?secret=\($0)" } ?? "")
            }
            return JoinDetails(
                role: role.id, roleName: role.name,
                sipUri: uri.map { uri in sipDomain.map { "\(uri)@\($0)" } ?? uri }, callId: callId,
                passcode: role.passcode?.isEmpty == false ? role.passcode : nil, webLink: link)
        }
    }
}

extension Meeting {
    /// True when `user` (a user JID or email) organizes or attends this meeting.
    public func involves(_ user: String) -> Bool {
        organizer.caseInsensitiveCompare(user) == .orderedSame
            || attendees.contains { $0.email.caseInsensitiveCompare(user) == .orderedSame }
    }
}
