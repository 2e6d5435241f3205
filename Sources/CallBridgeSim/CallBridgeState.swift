import Foundation
import OrderedCollections

/// One API object in the simulator: its id and its stored fields.
struct SimRecord: Sendable {
    var id: String
    var fields: [String: String]
    var created: Date
}

/// A reply of the simulated API, before faults and transport.
public struct SimReply: Error, Sendable, Equatable {
    public var status: Int
    public var body: String?
    public var headers: [String: String]

    static func ok(_ xml: SimXML? = nil) -> SimReply {
        SimReply(status: 200, body: xml?.document, headers: [:])
    }

    static func created(_ location: String) -> SimReply {
        SimReply(status: 200, body: nil, headers: ["Location": location])
    }

    static func failure(_ status: Int, _ reason: String, attributes: [String: String] = [:]) -> SimReply {
        let xml = SimXML(name: "failureDetails", children: [SimXML(name: reason, attributes: attributes)])
        return SimReply(status: status, body: xml.document, headers: [:])
    }

    static func parameterError(_ parameter: String, _ error: String) -> SimReply {
        failure(400, "parameterError", attributes: ["parameter": parameter, "error": error])
    }
}

/// The state and rules of the simulated Call Bridge API (cms-api.md), independent of HTTP.
public actor CallBridgeState {
    /// Objects by collection path (`coSpaces`, or `coSpaces/<id>/accessMethods` for a
    /// sub-collection), by id in the order they were made: lookups by id are hash lookups.
    private var collections: [String: OrderedDictionary<String, SimRecord>] = [:]
    /// The spaces and access methods holding each URI (`uri:…`) and call ID (`callId:…`), so
    /// uniqueness checks, `/uriUsageQuery` and new call IDs do not scan every space.
    private var addresses: [String: [Address]] = [:]

    /// One space or access method holding an address.
    struct Address: Equatable {
        var space: String
        var record: String
        var passcode: String
    }
    /// The most items one collection GET returns, whatever `limit` asks.
    public let pageCap: Int
    let softwareVersion: String
    private let started = Date()
    private let hostId = UUID().uuidString.lowercased()

    public init(pageCap: Int = 10, softwareVersion: String = "3.9.0") {
        self.pageCap = max(1, pageCap)
        self.softwareVersion = softwareVersion
    }

    // MARK: Dispatch

    /// Answers one API request; `path` is what follows `/api/v1`.
    public func handle(method: String, path: String, query: [(String, String)], form: [(String, String)]) -> SimReply {
        let segments = path.split(separator: "/").map(String.init)
        switch (method, segments) {
        case ("GET", ["system", "status"]): return .ok(systemStatus())
        case ("POST", ["uriUsageQuery"]): return uriUsageQuery(form)
        case ("GET", let path) where path.count == 5 && path[0] == "coSpaces" && path[2] == "accessMethods"
            && path[4] == "emailInvitation":
            return emailInvitation(space: path[1], accessMethod: path[3])
        case ("GET", let path) where path.count == 3 && path[0] == "users" && path[2] == "usercoSpaces":
            return userCoSpaces(user: path[1], query: query)
        default: break
        }
        guard let route = route(segments) else { return .failure(404, "unrecognizedObject") }
        if let missing = route.missingParent { return .failure(404, missing) }
        switch (method, route.objectId) {
        case ("GET", .none): return list(route, query: query)
        case ("POST", .none): return create(route, form: form)
        case ("GET", let id?): return detail(route, id: id)
        case ("PUT", let id?): return modify(route, id: id, form: form)
        case ("DELETE", let id?): return remove(route, id: id)
        default: return .failure(405, "invalidOperation")
        }
    }

    private struct Route {
        let spec: ResourceSpec
        /// The key in `collections`.
        let key: String
        let objectId: String?
        /// Set when the parent object in the path does not exist: its `…DoesNotExist` reason.
        let missingParent: String?
        /// The parent object's id, for sub-collections.
        let parentId: String?
    }

    private func route(_ segments: [String]) -> Route? {
        guard let top = segments.first, let topSpec = ResourceSpec.all[top],
            !ResourceSpec.children.values.joined().contains(top)
        else { return nil }
        switch segments.count {
        case 1, 2:
            return Route(spec: topSpec, key: top, objectId: segments.count == 2 ? segments[1] : nil, missingParent: nil, parentId: nil)
        case 3, 4:
            guard ResourceSpec.children[top]?.contains(segments[2]) == true, let spec = ResourceSpec.all[segments[2]] else {
                return nil
            }
            let parent = segments[1]
            let exists = record(in: top, id: parent) != nil
            return Route(
                spec: spec, key: "\(top)/\(parent)/\(segments[2])", objectId: segments.count == 4 ? segments[3] : nil,
                missingParent: exists ? nil : topSpec.notFound, parentId: parent)
        default:
            return nil
        }
    }

    // MARK: Verbs

    private func list(_ route: Route, query: [(String, String)]) -> SimReply {
        let parameters = Dictionary(query, uniquingKeysWith: { _, last in last })
        var items = Array((collections[route.key] ?? [:]).values)
        if let filter = parameters["filter"], !filter.isEmpty {
            items = items.filter { item in
                route.spec.filterFields.contains { item.fields[$0]?.range(of: filter, options: .caseInsensitive) != nil }
            }
        }
        if route.spec.collection == "calls", let space = parameters["coSpaceFilter"], !space.isEmpty {
            items = items.filter { $0.fields["coSpace"] == space }
        }
        let offset = max(0, Int(parameters["offset"] ?? "") ?? 0)
        let limit = min(pageCap, max(0, Int(parameters["limit"] ?? "") ?? pageCap))
        let page = offset < items.count ? Array(items[offset..<min(items.count, offset + limit)]) : []
        let children = page.map { item in
            SimXML(name: route.spec.element, attributes: ["id": item.id], children: fields(route.spec.listFields, of: item, route: route))
        }
        return .ok(SimXML(name: route.spec.collection, attributes: ["total": String(items.count)], children: children))
    }

    private func detail(_ route: Route, id: String) -> SimReply {
        guard let item = record(in: route.key, id: id) else { return .failure(404, route.spec.notFound) }
        return .ok(SimXML(name: route.spec.element, attributes: ["id": id], children: fields(route.spec.detailFields, of: item, route: route)))
    }

    private func create(_ route: Route, form: [(String, String)]) -> SimReply {
        guard route.spec.creatable else { return .failure(400, "invalidOperation") }
        switch insert(route: route, id: nil, form: form) {
        case .success(let id):
            let location: String
            if route.spec.collection == "userCoSpaceTemplates" {
                // Cisco's published example answers with this path, not the nested one.
                location = "/api/v1/userCospaceTemplates/\(id)"
            } else {
                location = "/api/v1/\(route.key)/\(id)"
            }
            return .created(location)
        case .failure(let reply):
            return reply
        }
    }

    private func modify(_ route: Route, id: String, form: [(String, String)]) -> SimReply {
        guard let old = collections[route.key]?[id] else { return .failure(404, route.spec.notFound) }
        guard route.spec.modifiable else { return .failure(400, "invalidOperation") }
        var record = old
        if let failure = apply(form, to: &record, route: route, isCreate: false) { return failure }
        unindex(old, route: route)
        collections[route.key]![id] = record
        index(record, route: route)
        return .ok()
    }

    private func remove(_ route: Route, id: String) -> SimReply {
        guard let old = collections[route.key]?[id] else { return .failure(404, route.spec.notFound) }
        guard route.spec.deletable else { return .failure(400, "invalidOperation") }
        collections[route.key]![id] = nil
        unindex(old, route: route)
        // A top-level object's sub-collections go with it (an access method's addresses too).
        for child in route.parentId == nil ? ResourceSpec.children[route.key] ?? [] : [] {
            let key = "\(route.key)/\(id)/\(child)"
            if child == "accessMethods" {
                for method in (collections[key] ?? [:]).values { unindex(method, space: id) }
            }
            collections[key] = nil
        }
        if route.spec.collection == "coSpaces" {
            collections["calls"]?.removeAll { $0.value.fields["coSpace"] == id }
        }
        return .ok()
    }

    // MARK: Creating and changing objects

    /// Creates an object through the same rules as POST; seeding uses it too.
    private func insert(route: Route, id: String?, form: [(String, String)]) -> Result<String, SimReply> {
        let newId = id ?? UUID().uuidString.lowercased()
        var record = SimRecord(id: newId, fields: [:], created: Date())
        for name in route.spec.required where !form.contains(where: { $0.0 == name && !$0.1.isEmpty }) {
            return .failure(SimReply.parameterError(name, "missing"))
        }
        if let failure = apply(form, to: &record, route: route, isCreate: true) { return .failure(failure) }
        collections[route.key, default: [:]][newId] = record
        index(record, route: route)
        return .success(newId)
    }

    /// Validates a form and applies it to `record`; returns the failure reply, if any.
    private func apply(_ form: [(String, String)], to record: inout SimRecord, route: Route, isCreate: Bool) -> SimReply? {
        var updated = record
        var actions: Set<String> = []
        for (name, raw) in form {
            guard let kind = route.spec.params[name] else { return .parameterError(name, "unknownParameter") }
            // XML 1.0 cannot carry most control characters: refuse them rather than answer invalid XML.
            if raw.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
                return .parameterError(name, "invalidValue")
            }
            if raw.isEmpty {
                updated.fields[name] = nil
                continue
            }
            switch kind {
            case .text:
                updated.fields[name] = raw
            case .bool:
                guard raw == "true" || raw == "false" else { return .parameterError(name, "invalidValue") }
                updated.fields[name] = raw
            case .int, .callId, .passcode:
                guard raw.allSatisfy(\.isASCIIDigit), raw.count <= 19 else { return .parameterError(name, "invalidValue") }
                updated.fields[name] = raw
            case .uri:
                guard !raw.contains("@"), !raw.contains(where: \.isWhitespace) else { return .parameterError(name, "invalidValue") }
                updated.fields[name] = raw.lowercased()
            case .reference(let collection, let reason):
                guard self.record(in: collection, id: raw) != nil else { return .failure(400, reason) }
                updated.fields[name] = raw
            case .uriGenerator:
                let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_$")
                guard raw.allSatisfy(allowed.contains), raw.filter({ $0 == "$" }).count == 1 else {
                    return .parameterError(name, "invalidValue")
                }
                updated.fields[name] = raw
            case .action:
                guard raw == "true" || raw == "false" else { return .parameterError(name, "invalidValue") }
                if raw == "true" { actions.insert(name) }
            }
        }
        if let failure = applyRules(to: &updated, route: route, actions: actions, isCreate: isCreate) { return failure }
        record = updated
        return nil
    }

    /// The per-object rules of the real API: uniqueness, generated ids and secrets, references.
    private func applyRules(to record: inout SimRecord, route: Route, actions: Set<String>, isCreate: Bool) -> SimReply? {
        switch route.spec.collection {
        case "coSpaces", "accessMethods":
            if actions.contains("requireCallId") && record.fields["callId"] == nil {
                record.fields["callId"] = uniqueCallId()
            }
            if let failure = checkUniqueness(record, route: route) { return failure }
            if actions.contains("regenerateSecret") || (record.fields["secret"] == nil && record.fields["callId"] != nil) {
                record.fields["secret"] = Self.newSecret()
            }
            if route.spec.collection == "coSpaces" {
                record.fields["ownerId"] = record.fields["ownerJid"].flatMap { userId(jid: $0) }
            }
        case "coSpaceUsers":
            guard let jid = record.fields["userJid"], let userId = userId(jid: jid) else {
                return .failure(400, "userDoesNotExist")
            }
            record.fields["userId"] = userId
            if isCreate {
                for flag in ["canDestroy", "canAddRemoveMember", "canChangeName", "canChangeUri", "canChangeCallId",
                    "canChangePasscode", "canDeleteAllMessages", "canRemoveSelf"] where record.fields[flag] == nil {
                    record.fields[flag] = "false"
                }
                if record.fields["canChangeNonMemberAccessAllowed"] == nil {
                    record.fields["canChangeNonMemberAccessAllowed"] = "true"
                }
                record.fields["autoGenerated"] = "false"
            }
        case "userCoSpaceTemplates":
            let taken = (collections[route.key] ?? [:]).values.contains {
                $0.id != record.id && $0.fields["coSpaceTemplate"] == record.fields["coSpaceTemplate"]
            }
            if taken { return .failure(400, "duplicateUserCoSpaceTemplate") }
            record.fields["autoGenerated"] = "false"
        case "coSpaceTemplates":
            // One of this template's own access method templates (cms-api.md §2.4); empty unsets it.
            if let method = record.fields["defaultAccessMethodTemplate"] {
                if method.isEmpty {
                    record.fields["defaultAccessMethodTemplate"] = nil
                } else if self.record(in: "coSpaceTemplates/\(record.id)/accessMethodTemplates", id: method) == nil {
                    return .failure(400, "accessMethodTemplateDoesNotExist")
                }
            }
        case "callBridges":
            if let name = record.fields["name"],
                (collections["callBridges"] ?? [:]).values.contains(where: { $0.id != record.id && $0.fields["name"] == name })
            {
                return .failure(400, "duplicateCallBridgeName")
            }
        case "calls":
            guard let space = record.fields["coSpace"].flatMap({ self.record(in: "coSpaces", id: $0) }) else {
                if record.fields["name"] == nil { return .parameterError("coSpace", "missing") }
                break
            }
            record.fields["name"] = record.fields["name"] ?? space.fields["name"]
            record.fields["ownerName"] = space.fields["meetingScheduler"]
            record.fields["callType"] = "coSpace"
            if isCreate { record.fields["callCorrelator"] = UUID().uuidString.lowercased() }
        default:
            break
        }
        return nil
    }

    /// URIs and call IDs are unique across spaces; within a space, unique per passcode.
    private func checkUniqueness(_ record: SimRecord, route: Route) -> SimReply? {
        let spaceId = route.spec.collection == "coSpaces" ? record.id : route.parentId!
        let passcode = record.fields["passcode"] ?? ""
        func clash(_ key: String, other: String, samePasscode: String) -> SimReply? {
            for holder in addresses[key] ?? [] where holder.record != record.id {
                if holder.space != spaceId { return .failure(400, other) }
                if holder.passcode == passcode { return .failure(400, samePasscode) }
            }
            return nil
        }
        for field in ["uri", "secondaryUri"] {
            guard let uri = record.fields[field] else { continue }
            if let failure = clash("uri:" + uri, other: "duplicateCoSpaceUri", samePasscode: "duplicateCoSpaceUriPasscode") {
                return failure
            }
        }
        if let callId = record.fields["callId"],
            let failure = clash("callId:" + callId, other: "duplicateCoSpaceId", samePasscode: "duplicateCoSpaceIdPasscode")
        {
            return failure
        }
        return nil
    }

    /// The address keys a space or access method holds.
    private static func addressKeys(_ record: SimRecord) -> Set<String> {
        var keys: Set<String> = []
        for field in ["uri", "secondaryUri"] { if let uri = record.fields[field] { keys.insert("uri:" + uri) } }
        if let callId = record.fields["callId"] { keys.insert("callId:" + callId) }
        return keys
    }

    private func index(_ record: SimRecord, route: Route) {
        guard let space = Self.space(of: record, route: route) else { return }
        for key in Self.addressKeys(record) {
            addresses[key, default: []].append(Address(space: space, record: record.id, passcode: record.fields["passcode"] ?? ""))
        }
    }

    private func unindex(_ record: SimRecord, route: Route) {
        guard let space = Self.space(of: record, route: route) else { return }
        unindex(record, space: space)
    }

    private func unindex(_ record: SimRecord, space: String) {
        for key in Self.addressKeys(record) {
            addresses[key]?.removeAll { $0.record == record.id && $0.space == space }
            if addresses[key]?.isEmpty == true { addresses[key] = nil }
        }
    }

    /// The space a space or access method belongs to; nil for objects that hold no address.
    private static func space(of record: SimRecord, route: Route) -> String? {
        switch route.spec.collection {
        case "coSpaces": record.id
        case "accessMethods": route.parentId
        default: nil
        }
    }

    private func uniqueCallId() -> String {
        while true {
            let candidate = String(Int.random(in: 100_000_000...999_999_999))
            if addresses["callId:" + candidate] == nil { return candidate }
        }
    }

    /// A 22-character URL-safe secret, like `V_diBH_9ARvojUzOOy38Cg`.
    static func newSecret() -> String {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    // MARK: Reading

    private func record(in key: String, id: String) -> SimRecord? {
        collections[key]?[id]
    }

    private func userId(jid: String) -> String? {
        collections["users"]?.values.first { $0.fields["userJid"]?.caseInsensitiveCompare(jid) == .orderedSame }?.id
    }

    /// The output fields of an object, computed ones included, in the spec's order.
    private func fields(_ names: [String], of item: SimRecord, route: Route) -> [SimXML] {
        var values = item.fields
        switch route.spec.collection {
        case "coSpaces":
            values["autoGenerated"] = "false"
            values["numAccessMethods"] = String(collections["coSpaces/\(item.id)/accessMethods"]?.count ?? 0)
        case "coSpaceTemplates":
            values["numAccessMethodTemplates"] = String(
                collections["coSpaceTemplates/\(item.id)/accessMethodTemplates"]?.count ?? 0)
        case "calls":
            values["durationSeconds"] = String(Int(Date().timeIntervalSince(item.created)))
            values["numCallLegs"] = values["numCallLegs"] ?? "0"
        default:
            break
        }
        return names.compactMap { name in values[name].map { SimXML(name: name, text: $0) } }
    }

    private func systemStatus() -> SimXML {
        let uptime = Int(Date().timeIntervalSince(started))
        let children: [(String, String)] = [
            ("hostId", hostId), ("softwareVersion", softwareVersion), ("uptimeSeconds", String(uptime)),
            ("cdrTime", ISO8601DateFormatter().string(from: Date())), ("clusterEnabled", "false"),
            ("callLegsActive", "0"),
        ]
        return SimXML(name: "status", children: children.map { SimXML(name: $0.0, text: $0.1) })
    }

    /// `POST /uriUsageQuery uri=…`: names the space using the URI (inferred shape), empty when free.
    private func uriUsageQuery(_ form: [(String, String)]) -> SimReply {
        guard let uri = form.first(where: { $0.0 == "uri" })?.1.lowercased(), !uri.isEmpty else {
            return .parameterError("uri", "missing")
        }
        let user = addresses["uri:" + uri]?.first
        let children = user.map { [SimXML(name: "coSpace", text: $0.space)] } ?? []
        return .ok(SimXML(name: "uriUsageQuery", children: children))
    }

    /// `GET /coSpaces/<id>/accessMethods/<am>/emailInvitation` (CMS 3.2+): the administrator's
    /// invitation text for that access method (element names as clients parse them).
    private func emailInvitation(space: String, accessMethod: String) -> SimReply {
        guard let coSpace = record(in: "coSpaces", id: space) else { return .failure(404, "coSpaceDoesNotExist") }
        guard let method = record(in: "coSpaces/\(space)/accessMethods", id: accessMethod) else {
            return .failure(404, "accessMethodDoesNotExist")
        }
        let name = coSpace.fields["name"] ?? "the meeting"
        var lines = ["You are invited to \(name).", ""]
        if let uri = method.fields["uri"] { lines.append("Video system: \(uri)") }
        if let callId = method.fields["callId"] ?? coSpace.fields["callId"] { lines.append("Call ID: \(callId)") }
        if let passcode = method.fields["passcode"] { lines.append("Passcode: \(passcode)") }
        return .ok(SimXML(name: "emailInvitation", children: [
            SimXML(name: "subject", text: "Invitation to \(name)"),
            SimXML(name: "invitation", text: lines.joined(separator: "\n")),
        ]))
    }

    /// `GET /users/<id>/usercoSpaces`: the spaces the user owns or is a member of (cms-api.md §2.8).
    private func userCoSpaces(user: String, query: [(String, String)]) -> SimReply {
        guard let jid = record(in: "users", id: user)?.fields["userJid"] else { return .failure(404, "userDoesNotExist") }
        let spaces = (collections["coSpaces"] ?? [:]).values.filter { space in
            space.fields["ownerJid"] == jid
                || (collections["coSpaces/\(space.id)/coSpaceUsers"] ?? [:]).values.contains { $0.fields["userJid"] == jid }
        }
        let parameters = Dictionary(query, uniquingKeysWith: { _, last in last })
        let offset = max(0, Int(parameters["offset"] ?? "") ?? 0)
        let limit = min(pageCap, max(0, Int(parameters["limit"] ?? "") ?? pageCap))
        let page = offset < spaces.count ? Array(spaces[offset..<min(spaces.count, offset + limit)]) : []
        return .ok(SimXML(name: "userCoSpaces", attributes: ["total": String(spaces.count)], children: page.map { space in
            SimXML(name: "userCoSpace", attributes: ["id": space.id], children: [SimXML(name: "coSpaceId", text: space.id)])
        }))
    }

    // MARK: Seeding and inspection

    /// Adds an object as the seed describes it, through the POST rules; returns its id.
    func seed(_ path: String, id: String?, form: [(String, String)]) throws -> String {
        let segments = path.split(separator: "/").map(String.init)
        guard let route = route(segments), route.missingParent == nil, route.objectId == nil else {
            throw SimSeedError(message: "no collection \(path)")
        }
        switch insert(route: route, id: id, form: form) {
        case .success(let id): return id
        case .failure(let reply): throw SimSeedError(message: "\(path): \(reply.body ?? "HTTP \(reply.status)")")
        }
    }

    /// Adds an object the API cannot create (LDAP-synced users) with the given fields.
    func seedDirect(_ key: String, id: String?, fields: [String: String]) -> String {
        let record = SimRecord(id: id ?? UUID().uuidString.lowercased(), fields: fields, created: Date())
        collections[key, default: [:]][record.id] = record
        return record.id
    }

    /// The id of the object in a collection whose field equals `value` (for seed cross-references).
    func find(_ key: String, field: String, value: String) -> String? {
        collections[key]?[value]?.id ?? collections[key]?.values.first { $0.fields[field] == value }?.id
    }

    /// The Web Bridges without a `url`: the simulator makes them live and gives them one.
    func webBridgesWithoutURL() -> [String] {
        (collections["webBridges"] ?? [:]).values.filter { ($0.fields["url"] ?? "").isEmpty }.map(\.id)
    }

    /// Sets one field of an object directly (the live Web Bridges' URLs once they are bound).
    func setField(_ key: String, id: String, field: String, value: String) {
        collections[key]?[id]?.fields[field] = value
    }

    /// How many objects a collection holds (tests inspect state through this or through the API).
    public func count(_ key: String) -> Int {
        collections[key]?.count ?? 0
    }
}

/// A seed file that does not describe a valid system.
public struct SimSeedError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
