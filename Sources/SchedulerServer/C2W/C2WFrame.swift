import Foundation
import NIOCore

/// The JSON frames of `c2w.md` version 1 that the scheduler reads and writes.
enum C2WFrame: Sendable, Equatable {
    static let version = 1

    case hello(guid: String, version: Int, name: String)
    case ready
    /// A web app user's request; fields are nil when missing or of the wrong type (answered
    /// `invalidRequest` when there is an `id`, dropped otherwise). `body` is the JSON text of the body.
    case request(id: String?, user: String?, op: String?, body: Data?)
    /// Any other frame with a `type` (ignored).
    case other(String)

    /// Decodes one text frame; nil when it is not a JSON object with a string `type`.
    static func decode(_ buffer: ByteBuffer) -> C2WFrame? {
        decode(Data(buffer.readableBytesView))
    }

    static func decode(_ data: Data) -> C2WFrame? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let type = object["type"] as? String
        else { return nil }
        switch type {
        case "hello":
            guard let guid = object["guid"] as? String, let version = object["version"] as? Int else { return nil }
            return .hello(guid: guid, version: version, name: object["name"] as? String ?? "")
        case "ready":
            return .ready
        case "request":
            let body = (object["body"] as? [String: Any]).flatMap { try? JSONSerialization.data(withJSONObject: $0) }
            return .request(id: object["id"] as? String, user: object["user"] as? String, op: object["op"] as? String, body: body)
        default:
            return .other(type)
        }
    }

    /// `{"type":"register","role":"scheduler","instance":…,"version":1}`
    static func register(instance: String) -> String {
        text(["type": "register", "role": "scheduler", "instance": instance, "version": version])
    }

    /// `{"type":"response","id":…,"ok":true,"body":…}`; `body` is JSON text of an object.
    static func success(id: String, body: Data) -> String {
        let head = text(["type": "response", "id": id, "ok": true])
        // Splice the body in without re-encoding it.
        return String(head.dropLast()) + ",\"body\":" + String(decoding: body, as: UTF8.self) + "}"
    }

    /// `{"type":"response","id":…,"ok":false,"error":{"code":…,"message":…}}`
    static func failure(id: String, code: String, message: String) -> String {
        text(["type": "response", "id": id, "ok": false, "error": ["code": code, "message": message]])
    }

    /// `{"type":"event","event":"meeting.changed","body":{"id":…,"users":[…]}}`
    /// `change` is the store's change number: the same whichever scheduler sends the event, so a
    /// Web Bridge linked to several acts on each change once.
    static func meetingChanged(id: String, users: [String], change: Int64) -> String {
        text(["type": "event", "event": "meeting.changed", "body": ["id": id, "users": users, "change": change]])
    }

    static func text(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
