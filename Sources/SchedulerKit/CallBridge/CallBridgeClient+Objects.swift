import Foundation

/// Typed calls for the objects a scheduler uses.
extension CallBridgeClient {
    // MARK: coSpaces

    public func coSpaces(filter: String? = nil) async throws -> [CoSpace] {
        try await list(CoSpace.self, at: "/coSpaces", query: filter.map { [("filter", $0)] } ?? [])
    }

    public func coSpace(id: String) async throws -> CoSpace {
        try await object(CoSpace.self, at: "/coSpaces/\(id)")
    }

    /// Creates a space; returns its id.
    public func createCoSpace(_ form: [(String, String)]) async throws -> String {
        try await create("/coSpaces", form)
    }

    public func updateCoSpace(id: String, _ form: [(String, String)]) async throws {
        try await update("/coSpaces/\(id)", form)
    }

    public func deleteCoSpace(id: String) async throws {
        try await delete("/coSpaces/\(id)")
    }

    /// Deletes a space that may already be gone (a retried DELETE, a space removed by hand):
    /// `coSpaceDoesNotExist` counts as deleted.
    public func deleteCoSpaceIfPresent(id: String) async throws {
        do {
            try await deleteCoSpace(id: id)
        } catch let error as CallBridgeError where error.isNotFound {
            logger.info("coSpace already gone", metadata: ["coSpace": "\(id)"])
        }
    }

    public func accessMethods(coSpace: String) async throws -> [AccessMethod] {
        try await list(AccessMethod.self, at: "/coSpaces/\(coSpace)/accessMethods")
    }

    public func accessMethod(coSpace: String, id: String) async throws -> AccessMethod {
        try await object(AccessMethod.self, at: "/coSpaces/\(coSpace)/accessMethods/\(id)")
    }

    public func createAccessMethod(coSpace: String, _ form: [(String, String)]) async throws -> String {
        try await create("/coSpaces/\(coSpace)/accessMethods", form)
    }

    /// The administrator's invitation text for an access method (CMS 3.2+); nil on older systems.
    public func emailInvitation(coSpace: String, accessMethod: String) async throws -> (subject: String?, text: String)? {
        do {
            let xml = try await get("/coSpaces/\(coSpace)/accessMethods/\(accessMethod)/emailInvitation")
            guard xml.name == "emailInvitation", let text = xml.value("invitation"), !text.isEmpty else { return nil }
            return (xml.value("subject"), text)
        } catch let error as CallBridgeError {
            if case .failure(_, _, _, let reason) = error, reason.reason.lowercased().hasPrefix("unrecogni") { return nil }
            if case .http(_, _, 404) = error { return nil }
            throw error
        }
    }

    public func coSpaceUsers(coSpace: String) async throws -> [CoSpaceUser] {
        try await list(CoSpaceUser.self, at: "/coSpaces/\(coSpace)/coSpaceUsers")
    }

    public func addCoSpaceUser(coSpace: String, _ form: [(String, String)]) async throws -> String {
        try await create("/coSpaces/\(coSpace)/coSpaceUsers", form)
    }

    // MARK: templates

    public func coSpaceTemplates(filter: String? = nil) async throws -> [CoSpaceTemplate] {
        try await list(CoSpaceTemplate.self, at: "/coSpaceTemplates", query: filter.map { [("filter", $0)] } ?? [])
    }

    public func coSpaceTemplate(id: String) async throws -> CoSpaceTemplate {
        try await object(CoSpaceTemplate.self, at: "/coSpaceTemplates/\(id)")
    }

    /// The template named by id or by name (exact, case-insensitive), read whole (a list leaves
    /// out `defaultAccessMethodTemplate`); input missing, with the nearest names, when there is none.
    public func coSpaceTemplate(reference: String) async throws -> CoSpaceTemplate {
        if let byId = try? await coSpaceTemplate(id: reference) { return byId }
        let matches = try await coSpaceTemplates(filter: reference).filter {
            $0.name?.caseInsensitiveCompare(reference) == .orderedSame
        }
        guard let template = matches.first else {
            let names = try await coSpaceTemplates().compactMap(\.name)
            throw CmschedError.unknown(
                "template",
                "'\(reference)' is not a coSpaceTemplate on the Call Bridge\(NameSuggestions.clause(reference, among: names)) (see cmsched template list)")
        }
        guard matches.count == 1 else {
            throw CmschedError.field("template", "'\(reference)' names \(matches.count) templates; use its id")
        }
        return try await coSpaceTemplate(id: template.id)
    }

    /// Up to 200 names of spaces (`uri` and `name`) or of users (JIDs) that share the first three
    /// characters of `reference`, to suggest from when it names none (one or a few pages, not all).
    public func namesLike(_ reference: String, users: Bool) async throws -> [String] {
        let probe = String(reference.prefix(3))
        guard !probe.isEmpty else { return [] }
        if users { return try await list(CallBridgeUser.self, at: "/users", query: [("filter", probe)], atMost: 200).compactMap(\.userJid) }
        return try await list(CoSpace.self, at: "/coSpaces", query: [("filter", probe)], atMost: 200).flatMap { [$0.uri, $0.name].compactMap { $0 } }
    }

    public func createCoSpaceTemplate(_ form: [(String, String)]) async throws -> String {
        try await create("/coSpaceTemplates", form)
    }

    /// Every call profile and call leg profile, with its name when the Call Bridge has one (each
    /// read once: the lists carry no names).
    public func profiles() async throws -> (call: [CallProfile], callLeg: [CallLegProfile]) {
        var call: [CallProfile] = []
        for item in try await list(CallProfile.self, at: "/callProfiles") {
            call.append(try await object(CallProfile.self, at: "/callProfiles/\(item.id)"))
        }
        var callLeg: [CallLegProfile] = []
        for item in try await list(CallLegProfile.self, at: "/callLegProfiles") {
            callLeg.append(try await object(CallLegProfile.self, at: "/callLegProfiles/\(item.id)"))
        }
        return (call, callLeg)
    }

    public func deleteCoSpaceTemplate(id: String) async throws {
        try await delete("/coSpaceTemplates/\(id)")
    }

    public func accessMethodTemplates(template: String) async throws -> [AccessMethodTemplate] {
        try await list(AccessMethodTemplate.self, at: "/coSpaceTemplates/\(template)/accessMethodTemplates")
    }

    public func createAccessMethodTemplate(template: String, _ form: [(String, String)]) async throws -> String {
        try await create("/coSpaceTemplates/\(template)/accessMethodTemplates", form)
    }

    // MARK: users

    public func users(filter: String? = nil) async throws -> [CallBridgeUser] {
        try await list(CallBridgeUser.self, at: "/users", query: filter.map { [("filter", $0)] } ?? [])
    }

    public func user(id: String) async throws -> CallBridgeUser {
        try await object(CallBridgeUser.self, at: "/users/\(id)")
    }

    /// The user whose JID is exactly `jid` (the API's filter is a substring match), with the
    /// details only a single GET gives (name, email); nil when there is none.
    public func user(jid: String) async throws -> CallBridgeUser? {
        guard let match = try await users(filter: jid).first(where: { $0.userJid?.caseInsensitiveCompare(jid) == .orderedSame })
        else { return nil }
        return try await user(id: match.id)
    }

    public func userCoSpaces(user: String) async throws -> [UserCoSpace] {
        try await list(UserCoSpace.self, at: "/users/\(user)/usercoSpaces")
    }

    public func userCoSpaceTemplates(user: String) async throws -> [UserCoSpaceTemplate] {
        try await list(UserCoSpaceTemplate.self, at: "/users/\(user)/userCoSpaceTemplates")
    }

    public func assignCoSpaceTemplate(user: String, template: String) async throws -> String {
        try await create("/users/\(user)/userCoSpaceTemplates", [("coSpaceTemplate", template)])
    }

    public func unassignCoSpaceTemplate(user: String, assignment: String) async throws {
        try await delete("/users/\(user)/userCoSpaceTemplates/\(assignment)")
    }

    // MARK: bridges, calls, system

    public func webBridges() async throws -> [WebBridge] {
        try await list(WebBridge.self, at: "/webBridges")
    }

    public func callBridges() async throws -> [CallBridgePeer] {
        try await list(CallBridgePeer.self, at: "/callBridges")
    }

    /// Calls in progress on this Call Bridge, optionally only those of one space.
    public func calls(coSpace: String? = nil) async throws -> [ActiveCall] {
        try await list(ActiveCall.self, at: "/calls", query: coSpace.map { [("coSpaceFilter", $0)] } ?? [])
    }

    public func systemStatus() async throws -> CallBridgeSystemStatus {
        let xml = try await get("/system/status")
        guard xml.name == "status" else {
            throw CallBridgeError.protocolViolation(method: "GET", path: "/system/status", detail: "expected <status>, got <\(xml.name)>")
        }
        do {
            return try CallBridgeSystemStatus(from: XMLFieldDecoder(id: nil, xml: xml))
        } catch let error as DecodingError {
            throw CallBridgeError.protocolViolation(method: "GET", path: "/system/status", detail: XMLFieldDecoder.describe(error))
        }
    }

    /// What already uses `uri` (user part), if anything.
    public func uriUsage(_ uri: String) async throws -> URIUsage {
        URIUsage(xml: try await query("/uriUsageQuery", [("uri", uri)]))
    }
}
