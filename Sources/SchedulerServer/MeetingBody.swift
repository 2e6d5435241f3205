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

/// The meeting object of `c2w.md` (also the HTTPS API's body), read into the CLI's fields so the
/// same rules check it; errors name the field by JSON pointer.
enum MeetingBody {
    static func object(_ body: Data) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw BodyError("/body", "expected a JSON object")
        }
        return object
    }

    static func time(_ fields: [String: Any], _ name: String) throws -> Date? {
        guard let value = fields[name], !(value is NSNull) else { return nil }
        guard let text = value as? String, let date = RFC3339.parse(text) else {
            throw BodyError("/\(name)", "expected an RFC 3339 time")
        }
        return date
    }

    static func integer(_ fields: [String: Any], _ name: String) throws -> Int? {
        guard let value = fields[name], !(value is NSNull) else { return nil }
        guard let number = value as? Int, number > 0, !(value is Bool) else {
            throw BodyError("/\(name)", "expected a positive integer")
        }
        return number
    }

    /// The `c2w.md` meeting object as the CLI's fields (validated by the same rules).
    static func fields(_ fields: [String: Any], partial: Bool) throws -> MeetingFields {
        var result = MeetingFields()
        func text(_ name: String) throws -> String? {
            guard let value = fields[name], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw BodyError("/\(name)", "expected a string") }
            return text
        }
        result.name = try text("name")
        result.start = try text("start")
        result.end = try text("end")
        result.tz = try text("timeZone")
        result.organizerRole = try text("organizerRole")
        if let space = fields["space"], !(space is NSNull) {
            guard let space = space as? [String: Any] else { throw BodyError("/space", "expected an object") }
            if let new = space["new"] as? [String: Any] {
                guard let template = new["template"] as? String else {
                    throw BodyError("/space/new/template", "expected a template id")
                }
                result.template = template
            } else if let existing = space["existing"] as? String {
                result.space = existing
            } else {
                throw BodyError("/space", "give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
            }
        } else if !partial {
            throw BodyError("/space", "give {\"new\":{\"template\":ID}} or {\"existing\":ID}")
        }
        if let repeating = fields["repeat"], !(repeating is NSNull) {
            guard let repeating = repeating as? [String: Any], let freq = repeating["freq"] as? String,
                ["daily", "weekly", "monthly", "yearly"].contains(freq)
            else { throw BodyError("/repeat/freq", "expected daily, weekly, monthly or yearly") }
            result.repeat = freq
            if let interval = repeating["interval"] {
                guard let number = interval as? Int else { throw BodyError("/repeat/interval", "expected an integer") }
                result.interval = String(number)
            }
            if let count = repeating["count"] {
                guard let number = count as? Int else { throw BodyError("/repeat/count", "expected an integer") }
                result.count = String(number)
            }
            if let until = repeating["until"] {
                guard let text = until as? String else { throw BodyError("/repeat/until", "expected an RFC 3339 time") }
                result.until = text
            }
        }
        if let attendees = fields["attendees"], !(attendees is NSNull) {
            guard let list = attendees as? [[String: Any]] else {
                throw BodyError("/attendees", "expected a list of {\"email\",\"role\"}")
            }
            result.attendees = try list.enumerated().map { index, item in
                guard let email = item["email"] as? String, !email.contains(";"), !email.contains("=") else {
                    throw BodyError("/attendees/\(index)/email", "expected an email address")
                }
                guard let role = item["role"] as? String, !role.contains(";") else {
                    return email
                }
                return "\(email)=\(role)"
            }.joined(separator: ";")
        }
        return result
    }

}

extension MeetingBody {
    /// The JSON pointer of the field a use-case's "field NAME: …" error names (CSV column names
    /// mapped to the body's), or nil when the error names none.
    static func pointer(of error: CmschedError) -> String? {
        let message = error.message
        guard message.hasPrefix("field "), let colon = message.firstIndex(of: ":") else { return nil }
        let column = String(message[message.index(message.startIndex, offsetBy: 6)..<colon])
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
