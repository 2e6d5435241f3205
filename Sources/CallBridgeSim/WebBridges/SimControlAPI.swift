import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The simulator's control API for tests and demos, on the API listener with the same Basic auth:
///
/// - `GET /_sim/webBridges`: each live bridge's id, name, guid, url, whether it listens, and the
///   schedulers linked to it (`instance`, client certificate `subject`).
/// - `POST /_sim/webBridges/{id}/stop` and `/start`: close and refuse connections / listen again on the same port.
/// - `POST /_sim/webBridges/{id}/request` with `{"user":JID,"op":…,"body":{…}}`: sent to a linked
///   scheduler as a web app user's request; the reply is the scheduler's `response` frame (504 after 10 s,
///   409 when no scheduler is linked).
/// - `GET /_sim/webBridges/{id}/events`: the `event` frames received, oldest first.
/// - `POST /_sim/webBridges/{id}/send`: the body, as is, as one text frame to each linked scheduler.
struct SimControlAPI: Sendable {
    static let prefix = "/_sim"
    let webBridges: SimWebBridges

    func respond(to request: inout Request, path: String) async throws -> Response {
        let segments = path.dropFirst(Self.prefix.count).split(separator: "/").map(String.init)
        if request.method == .get, segments == ["webBridges"] {
            var list: [[String: Any]] = []
            for bridge in webBridges.bridges {
                let snapshot = await bridge.snapshot
                list.append([
                    "id": snapshot.id, "name": snapshot.name, "guid": snapshot.guid, "url": snapshot.url,
                    "listening": snapshot.listening,
                    "schedulers": snapshot.schedulers.map { ["instance": $0.instance, "subject": $0.subject] },
                ])
            }
            return json(list)
        }
        guard segments.count == 3, segments[0] == "webBridges" else {
            return error(.notFound, "no control operation \(request.method) \(path)")
        }
        let (id, action, method) = (segments[1], segments[2], request.method)
        guard let bridge = webBridges.bridge(id: id) else { return error(.notFound, "no live Web Bridge \(id)") }
        switch (method, action) {
        case (.post, "stop"):
            await bridge.stop()
            return json(["stopped": id])
        case (.post, "start"):
            try await bridge.start()
            return json(["started": id, "url": await bridge.url])
        case (.get, "events"):
            return jsonText("[" + (await bridge.receivedEvents).joined(separator: ",") + "]")
        case (.post, "send"):
            // Up to 4 MiB, so tests can send a frame over C2W's 1 MiB limit.
            let body = try await request.collectBody(upTo: 4 << 20)
            await bridge.sendRaw(String(buffer: body))
            return json(["sent": id])
        case (.post, "request"):
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
                let user = object["user"] as? String, let op = object["op"] as? String
            else { return error(.badRequest, "expected {\"user\":JID,\"op\":OP,\"body\":{…}}") }
            let inner = try JSONSerialization.data(withJSONObject: object["body"] ?? [String: Any](), options: [.fragmentsAllowed])
            do {
                return jsonText(try await bridge.request(user: user, op: op, body: inner))
            } catch SimWebBridge.RequestFailure.noScheduler {
                return error(.conflict, "no scheduler is linked to Web Bridge \(id)")
            } catch {
                return self.error(.gatewayTimeout, "the scheduler did not answer within 10 s")
            }
        default:
            return error(.notFound, "no control operation \(method) \(path)")
        }
    }

    private func json(_ object: Any) -> Response {
        jsonText(SimWebBridge.json(object))
    }

    /// A 200 answer with this JSON text.
    private func jsonText(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = json(["error": message])
        response.status = status
        return response
    }
}
