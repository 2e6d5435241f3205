import Foundation
import SchedulerKit

/// Answers web app users' requests from a Web Bridge (`c2w.md`, "Requests from the Web Bridge")
/// through the same use-cases as the CLI, with a web app user's rights: only the templates
/// assigned to them, only the meetings they organize.
public struct C2WRequestHandler: Sendable {
    let scheduler: Scheduler
    /// Called after a change this process made, so `meeting.changed` goes out at once.
    let changed: @Sendable () -> Void

    public init(scheduler: Scheduler, changed: @escaping @Sendable () -> Void = {}) {
        self.scheduler = scheduler
        self.changed = changed
    }

    /// A failed request: a `c2w.md` error code and a one-line message.
    public struct Refusal: Error, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    /// The reply frame for one decoded request (nil: no `id`, so nothing to answer).
    func reply(id: String?, user: String?, op: String?, body: Data?) async -> String? {
        guard let id else { return nil }
        guard let user, !user.isEmpty, let op else {
            return C2WFrame.failure(id: id, code: "invalidRequest", message: "a request needs a user, an op and a body")
        }
        do {
            let object = try await answer(user: user, op: op, body: body ?? Data("{}".utf8))
            return C2WFrame.success(id: id, body: try Self.encode(object))
        } catch let refusal as Refusal {
            return C2WFrame.failure(id: id, code: refusal.code, message: refusal.message)
        } catch {
            let failure = CmschedError.wrapping(error) ?? .internalError(String(describing: error))
            return C2WFrame.failure(id: id, code: Self.code(for: failure), message: TextRules.escapingControls(failure.message))
        }
    }

    func answer(user: String, op: String, body: Data) async throws -> any Encodable & Sendable {
        let fields = try Self.object(body)
        switch op {
        case "templates.list":
            let templates = try await scheduler.templates(for: user)
            return ["templates": templates.map { TemplateItem(id: $0.id, name: $0.name ?? "", accessMethods: $0.accessMethods.map { .init(id: $0.id, name: $0.name ?? "") }) }]
        case "spaces.list":
            let spaces = try await scheduler.spaces(of: user)
            return ["spaces": spaces.map { SpaceItem(id: $0.id, name: $0.name ?? "", uri: $0.uri ?? "") }]
        case "meetings.list":
            let from = try Self.time(fields, "from") ?? scheduler.environment.now()
            let until = try Self.time(fields, "until") ?? from.addingTimeInterval(30 * 86_400)
            let max = try Self.integer(fields, "max") ?? 500
            let list = try scheduler.listMeetings(MeetingQuery(from: from, until: until, expand: true, max: nil))
            let mine = Set(list.meetings.filter { Self.involves($0, user) }.map(\.id))
            let occurrences = (list.occurrences ?? []).filter { mine.contains($0.meetingId) }.prefix(max)
            return ["meetings": occurrences.map { OccurrenceItem(OccurrenceView($0)) }]
        case "meetings.create":
            var request = try Self.meetingFields(fields, partial: false)
            request.organizer = user
            let created = try await retryingWhileBusy {
                try await scheduler.createMeeting(request, defaultZone: TimeZone(identifier: "UTC")!, dryRun: false, adminOverride: false)
            }
            changed()
            return ["meeting": view(created.meeting)]
        case "meetings.update":
            let meeting = try owned(fields, by: user)
            var edit = MeetingEdit(fields: try Self.meetingFields(fields, partial: true))
            edit.fields.organizer = nil
            let updated = try await scheduler.updateMeeting(meeting.id, edit: edit)
            changed()
            return ["meeting": view(updated)]
        case "meetings.delete":
            let meeting = try owned(fields, by: user)
            _ = try await scheduler.deleteMeeting(meeting.id)
            changed()
            return [String: String]()
        default:
            throw Refusal(code: "invalidRequest", message: "unknown op \(op.debugDescription)")
        }
    }

    // MARK: Rights

    static func involves(_ meeting: Meeting, _ user: String) -> Bool {
        meeting.organizer.caseInsensitiveCompare(user) == .orderedSame
            || meeting.attendees.contains { $0.email.caseInsensitiveCompare(user) == .orderedSame }
    }

    /// The meeting named by `id`, which `user` must organize (`forbidden` otherwise, `notFound` when none).
    private func owned(_ fields: [String: Any], by user: String) throws -> Meeting {
        guard let id = fields["id"] as? String, !id.isEmpty else { throw Refusal(code: "invalidRequest", message: "/id: give the meeting's id") }
        let meeting: Meeting
        do {
            meeting = try scheduler.meeting(id)
        } catch let error as CmschedError where error.exitStatus == .inputMissing {
            throw Refusal(code: "notFound", message: "no meeting \(id)")
        }
        guard meeting.id == id else { throw Refusal(code: "notFound", message: "no meeting \(id)") }
        guard meeting.organizer.caseInsensitiveCompare(user) == .orderedSame else {
            throw Refusal(code: "forbidden", message: "meeting \(id) is not organized by \(user)")
        }
        return meeting
    }

    private func view(_ meeting: Meeting) -> MeetingView {
        let settings = scheduler.environment.typed.meetings
        return MeetingView(meeting, sipDomain: settings.sipDomain, webBaseURL: settings.webBaseURL)
    }

    /// Meetings are made one at a time per store (the create lock): wait a little for a turn.
    private func retryingWhileBusy<T>(_ body: () async throws -> T) async throws -> T {
        for attempt in 0... {
            do {
                return try await body()
            } catch let error as CmschedError where error.exitStatus == .temporary && attempt < 100 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        fatalError("unreachable")
    }

    // MARK: Body decoding

    static func object(_ body: Data) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw Refusal(code: "invalidRequest", message: "/body: expected a JSON object")
        }
        return object
    }

    static func time(_ fields: [String: Any], _ name: String) throws -> Date? {
        guard let value = fields[name], !(value is NSNull) else { return nil }
        guard let text = value as? String, let date = RFC3339.parse(text) else {
            throw Refusal(code: "invalidRequest", message: "/\(name): expected an RFC 3339 time")
        }
        return date
    }

    static func integer(_ fields: [String: Any], _ name: String) throws -> Int? {
        guard let value = fields[name], !(value is NSNull) else { return nil }
        guard let number = value as? Int, number > 0, !(value is Bool) else {
            throw Refusal(code: "invalidRequest", message: "/\(name): expected a positive integer")
        }
        return number
    }

    /// The `c2w.md` meeting object as the CLI's fields (validated by the same rules).
    static func meetingFields(_ fields: [String: Any], partial: Bool) throws -> MeetingFields {
        var result = MeetingFields()
        func text(_ name: String) throws -> String? {
            guard let value = fields[name], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw Refusal(code: "invalidRequest", message: "/\(name): expected a string") }
            return text
        }
        result.name = try text("name")
        result.start = try text("start")
        result.end = try text("end")
        result.tz = try text("timeZone")
        result.organizerRole = try text("organizerRole")
        if let space = fields["space"], !(space is NSNull) {
            guard let space = space as? [String: Any] else { throw Refusal(code: "invalidRequest", message: "/space: expected an object") }
            if let new = space["new"] as? [String: Any] {
                guard let template = new["template"] as? String else {
                    throw Refusal(code: "invalidRequest", message: "/space/new/template: expected a template id")
                }
                result.template = template
            } else if let existing = space["existing"] as? String {
                result.space = existing
            } else {
                throw Refusal(code: "invalidRequest", message: "/space: give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
            }
        } else if !partial {
            throw Refusal(code: "invalidRequest", message: "/space: give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
        }
        if let repeating = fields["repeat"], !(repeating is NSNull) {
            guard let repeating = repeating as? [String: Any], let freq = repeating["freq"] as? String,
                ["daily", "weekly", "monthly", "yearly"].contains(freq)
            else { throw Refusal(code: "invalidRequest", message: "/repeat/freq: expected daily, weekly, monthly or yearly") }
            result.repeat = freq
            if let interval = repeating["interval"] {
                guard let number = interval as? Int else { throw Refusal(code: "invalidRequest", message: "/repeat/interval: expected an integer") }
                result.interval = String(number)
            }
            if let count = repeating["count"] {
                guard let number = count as? Int else { throw Refusal(code: "invalidRequest", message: "/repeat/count: expected an integer") }
                result.count = String(number)
            }
            if let until = repeating["until"] {
                guard let text = until as? String else { throw Refusal(code: "invalidRequest", message: "/repeat/until: expected an RFC 3339 time") }
                result.until = text
            }
        }
        if let attendees = fields["attendees"], !(attendees is NSNull) {
            guard let list = attendees as? [[String: Any]] else {
                throw Refusal(code: "invalidRequest", message: "/attendees: expected a list of {\"email\",\"role\"}")
            }
            result.attendees = try list.enumerated().map { index, item in
                guard let email = item["email"] as? String, !email.contains(";"), !email.contains("=") else {
                    throw Refusal(code: "invalidRequest", message: "/attendees/\(index)/email: expected an email address")
                }
                guard let role = item["role"] as? String, !role.contains(";") else {
                    return email
                }
                return "\(email)=\(role)"
            }.joined(separator: ";")
        }
        return result
    }

    static func encode(_ value: any Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// The `c2w.md` error code for a use-case failure.
    static func code(for error: CmschedError) -> String {
        switch error.exitStatus {
        case .badInput, .usage: "invalidRequest"
        case .inputMissing: "notFound"
        case .permission: error.message.contains("template") ? "templateNotAssigned" : "forbidden"
        case .unavailable, .protocolError: "callBridgeUnavailable"
        default: "internal"
        }
    }
}

struct TemplateItem: Encodable, Sendable {
    struct Method: Encodable, Sendable {
        var id: String
        var name: String
    }
    var id: String
    var name: String
    var accessMethods: [Method]
}

struct SpaceItem: Encodable, Sendable {
    var id: String
    var name: String
    var uri: String
}

/// `c2w.md`'s occurrence: `{"id","name","start","end","timeZone"}`.
struct OccurrenceItem: Encodable, Sendable {
    var id: String
    var name: String
    var start: String
    var end: String
    var timeZone: String

    init(_ view: OccurrenceView) {
        id = view.meetingId
        name = view.name
        start = view.start
        end = view.end
        timeZone = view.timeZone
    }
}
