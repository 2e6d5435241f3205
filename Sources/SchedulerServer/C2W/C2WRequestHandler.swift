import Foundation
import SchedulerKit

/// Answers web app users' requests from a Web Bridge (`c2w.md`, "Requests from the Web Bridge")
/// through the same use-cases as the CLI, with a web app user's rights: only the templates
/// assigned to them, only the meetings they organize.
public struct C2WRequestHandler: Sendable {
    let scheduler: Scheduler
    /// Called after a change this process made, so `meeting.changed` goes out at once.
    let changed: @Sendable () -> Void
    let metrics: ServeMetrics?

    public init(scheduler: Scheduler, metrics: ServeMetrics? = nil, changed: @escaping @Sendable () -> Void = {}) {
        self.scheduler = scheduler
        self.metrics = metrics
        self.changed = changed
    }

    /// A failed request: a `c2w.md` error code and a one-line message.
    public struct Refusal: Error, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    /// The reply to a request that found no turn on its link (nil without an `id`).
    func busy(id: String?, op: String?) -> String? {
        guard let id else { return nil }
        metrics?.c2wRequest(op: Operation.label(op), outcome: "busy")
        return C2WFrame.failure(
            id: id, code: "busy",
            message: "this Web Bridge has \(ServeLimits.linkRequests) requests running and \(ServeLimits.linkQueue) waiting: try again")
    }

    /// The operations a Web Bridge asks for (`c2w.md`).
    enum Operation: String, CaseIterable {
        case templatesList = "templates.list"
        case spacesList = "spaces.list"
        case meetingsList = "meetings.list"
        case meetingsCreate = "meetings.create"
        case meetingsUpdate = "meetings.update"
        case meetingsDelete = "meetings.delete"

        /// The metrics label of an op: its name, or `other` for one C2W does not have.
        static func label(_ op: String?) -> String { op.flatMap(Operation.init(rawValue:))?.rawValue ?? "other" }
    }

    /// The reply frame for one decoded request (nil: no `id`, so nothing to answer).
    func reply(id: String?, user: String?, op: String?, body: Data?) async -> String? {
        guard let id else { return nil }
        guard let user, !user.isEmpty, let op else {
            return C2WFrame.failure(id: id, code: "invalidRequest", message: "a request needs a user, an op and a body")
        }
        let label = Operation.label(op)
        func failed(_ code: String, _ message: String) -> String {
            metrics?.c2wRequest(op: label, outcome: code)
            return C2WFrame.failure(id: id, code: code, message: message)
        }
        do {
            let object = try await ChangeOrigin.$current.withValue(ChangeOrigin(.c2w, user: user)) {
                try await answer(user: user, op: op, body: body ?? Data("{}".utf8))
            }
            metrics?.c2wRequest(op: label, outcome: "ok")
            return C2WFrame.success(id: id, body: try Self.encode(object))
        } catch let refusal as Refusal {
            return failed(refusal.code, refusal.message)
        } catch let bad as BodyError {
            return failed("invalidRequest", bad.description)
        } catch {
            let failure = CmschedError.wrapping(error) ?? .internalError(String(describing: error))
            return failed(failure.requestCode, TextRules.escapingControls(failure.message))
        }
    }

    func answer(user: String, op name: String, body: Data) async throws -> any Encodable & Sendable {
        guard let op = Operation(rawValue: name) else {
            throw Refusal(code: "invalidRequest", message: "unknown op \(name.debugDescription)")
        }
        switch op {
        case .templatesList:
            let templates = try await scheduler.templates(for: user)
            return ["templates": templates.map { TemplateItem(id: $0.id, name: $0.name ?? "", accessMethods: $0.accessMethods.map { .init(id: $0.id, name: $0.name ?? "") }) }]
        case .spacesList:
            let spaces = try await scheduler.spaces(of: user)
            return ["spaces": spaces.map { SpaceItem(id: $0.id, name: $0.name ?? "", uri: $0.uri ?? "") }]
        case .meetingsList:
            let asked = try MeetingBody.decode(ListRequest.self, from: body)
            let (from, until, max) = try ServeLimits.listing(
                from: try MeetingBody.time(asked.from, "from"), until: try MeetingBody.time(asked.until, "until"), max: asked.max,
                now: scheduler.environment.now(), names: ("from", "until", "max"))
            let list = try await scheduler.listMeetings(MeetingQuery(from: from, until: until, involving: user, expand: true, max: max))
            return ["meetings": (list.occurrences ?? []).map { OccurrenceItem(OccurrenceView($0)) }]
        case .meetingsCreate:
            var request = try MeetingBody.fields(try MeetingBody.decode(MeetingRequest.self, from: body), partial: false)
            request.organizer = user
            let created = try await scheduler.createMeetingForRequest(request)
            metrics?.meetingChanged("created")
            changed()
            return ["meeting": view(created.meeting)]
        case .meetingsUpdate:
            let fields = try MeetingBody.decode(MeetingRequest.self, from: body)
            let meeting = try await owned(fields, by: user)
            var edit = MeetingEdit(fields: try MeetingBody.fields(fields, partial: true))
            edit.fields.organizer = nil
            let updated = try await scheduler.updateMeeting(meeting.id, edit: edit)
            metrics?.meetingChanged("updated")
            changed()
            return ["meeting": view(updated)]
        case .meetingsDelete:
            let meeting = try await owned(try MeetingBody.decode(MeetingRequest.self, from: body), by: user)
            _ = try await scheduler.deleteMeeting(meeting.id)
            metrics?.meetingChanged("deleted")
            changed()
            return [String: String]()
        }
    }

    // MARK: Rights

    /// The meeting named by `id`, which `user` must organize (`forbidden` otherwise, `notFound` when none).
    private func owned(_ request: MeetingRequest, by user: String) async throws -> Meeting {
        guard let id = request.id, !id.isEmpty else { throw BodyError("/id", "give the meeting's id") }
        let meeting: Meeting
        do {
            meeting = try await scheduler.meeting(id)
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

    static func encode(_ value: any Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
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
