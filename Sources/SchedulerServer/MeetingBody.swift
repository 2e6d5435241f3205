import Foundation
import SchedulerKit

/// A JSON body field that is missing or wrong: its JSON pointer and what was expected.
public struct BodyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var pointer: String
    public var message: String

    init(_ pointer: String, _ message: String) {
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(pointer): \(message)" }
}

/// The meeting object of `c2w.md` (also the HTTPS API's body), decoded by type: a number is
/// never read from `true`, nor a string from a number; unknown fields are ignored.
struct MeetingRequest: Decodable, Sendable {
    struct Space: Decodable, Sendable {
        struct New: Decodable, Sendable { var template: String }
        var new: New?
        var existing: String?
    }
    struct Repeat: Decodable, Sendable {
        var freq: String
        var interval: Int?
        var count: Int?
        var until: String?
    }
    struct Attendee: Decodable, Sendable {
        var email: String
        var role: String?
    }
    /// The meeting to change or delete (C2W).
    var id: String?
    var key: String?
    var name: String?
    var start: String?
    var end: String?
    var timeZone: String?
    var organizer: String?
    var organizerRole: String?
    var space: Space?
    var `repeat`: Repeat?
    var attendees: [Attendee]?
}

/// A listing's window and size: C2W `meetings.list`'s body.
struct ListRequest: Decodable, Sendable {
    var from: String?
    var until: String?
    var max: Int?
}

/// Request bodies read into typed requests, and those into the CLI's fields so the same rules
/// check them; errors name the field by JSON pointer.
enum MeetingBody {
    /// `body` as a `Request`: a body that is not a JSON object, or a field of the wrong type, is a
    /// `BodyError` at the field's pointer.
    static func decode<Request: Decodable>(_ type: Request.Type, from body: Data) throws -> Request {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw bodyError(error)
        }
    }

    /// The pointer and reason of a decoding failure.
    static func bodyError(_ error: DecodingError) -> BodyError {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
        }
        // Wrong at the top: not JSON, or JSON but not an object.
        let context: DecodingError.Context? =
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context
            default: nil
            }
        if context?.codingPath.isEmpty == true { return BodyError("/body", "expected a JSON object") }
        switch error {
        case .typeMismatch(let type, let context):
            return BodyError(pointer(context.codingPath), "expected \(description(of: type))")
        case .valueNotFound(let type, let context):
            return BodyError(pointer(context.codingPath), "expected \(description(of: type)), not null")
        case .keyNotFound(let key, let context):
            return BodyError(pointer(context.codingPath + [key]), "missing")
        case .dataCorrupted(let context):
            return BodyError(pointer(context.codingPath), context.debugDescription)
        @unknown default:
            return BodyError("/body", "\(error)")
        }
    }

    private static func description(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }

    /// An RFC 3339 time, or nil when absent.
    static func time(_ text: String?, _ name: String) throws -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.parse(text) else { throw BodyError("/\(name)", "expected an RFC 3339 time") }
        return date
    }

    /// The request as the CLI's fields (validated by the same rules).
    static func fields(_ request: MeetingRequest, partial: Bool) throws -> MeetingFields {
        var result = MeetingFields()
        result.name = request.name
        result.start = request.start
        result.end = request.end
        result.tz = request.timeZone
        result.organizerRole = request.organizerRole
        if let space = request.space {
            switch (space.new, space.existing) {
            case (let new?, nil): result.template = new.template
            case (nil, let existing?): result.space = existing
            default: throw BodyError("/space", "give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
            }
        } else if !partial {
            throw BodyError("/space", "give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
        }
        if let repeating = request.repeat {
            guard ["daily", "weekly", "monthly", "yearly"].contains(repeating.freq) else {
                throw BodyError("/repeat/freq", "expected daily, weekly, monthly or yearly")
            }
            result.repeat = repeating.freq
            result.interval = repeating.interval.map(String.init)
            result.count = repeating.count.map(String.init)
            result.until = repeating.until
        }
        if let attendees = request.attendees {
            result.attendees = try attendees.enumerated().map { index, item in
                guard !item.email.contains(";"), !item.email.contains("=") else {
                    throw BodyError("/attendees/\(index)/email", "expected an email address")
                }
                guard let role = item.role else { return item.email }
                guard !role.contains(";") else { throw BodyError("/attendees/\(index)/role", "expected an access method name or id") }
                return "\(item.email)=\(role)"
            }.joined(separator: ";")
        }
        return result
    }
}

extension MeetingBody {
    /// The JSON pointer of the field a use-case's error names (CSV column names mapped to the
    /// body's), or nil when it names none.
    static func pointer(of error: CmschedError) -> String? {
        guard let column = error.field else { return nil }
        let names = [
            "tz": "timeZone", "organizer_role": "organizerRole", "template": "space/new/template", "space": "space/existing",
            "repeat": "repeat/freq", "interval": "repeat/interval", "count": "repeat/count", "until": "repeat/until",
        ]
        return "/" + (names[column] ?? column)
    }
}

extension Scheduler {
    /// `createMeeting` for a server's requests (C2W and HTTPS, UTC unless the body names a zone):
    /// beside any bulk run or other request, answered in the time its own Call Bridge requests
    /// take. Meetings earlier runs left half-made are `CreationRecovery`'s, not a request's.
    func createMeetingForRequest(_ fields: MeetingFields) async throws -> CreatedMeeting {
        try await createMeeting(fields, defaultZone: .gmt, dryRun: false, adminOverride: false, recover: false)
    }
}
