import Foundation

/// A draft checked against the Call Bridge: its space (planned or existing), roles and organizer.
public struct MeetingPlan: Sendable {
    public var draft: MeetingDraft
    /// The space: planned (temporary, not yet on the Call Bridge) or an existing one, ready.
    public var space: Space
    public var organizerRole: String
    /// Why the organizer has that role.
    public var organizerRoleRule: OrganizerRoleRule
    public var attendees: [Attendee]
    /// The organizer's email and display name as the Call Bridge knows them.
    public var organizerEmail: String?
    public var organizerName: String?
    /// The template a temporary space is made from (nil for an existing space).
    public var template: TemplateInfo?
    /// The admin override the booking needed (`any-template`), or nil when the organizer's own
    /// rights sufficed.
    public var override: String?
}

/// Resolves templates, spaces, roles and the organizer against the Call Bridge (reads only).
public struct MeetingPlanner: Sendable {
    let client: CallBridgeClient
    let lookups: LookupCache
    let now: @Sendable () -> Date

    public init(client: CallBridgeClient, lookups: LookupCache? = nil, now: @escaping @Sendable () -> Date = WallClock.now) {
        self.client = client
        self.lookups = lookups ?? LookupCache(client: client)
        self.now = now
    }

    /// Checks `draft` against the Call Bridge. Like the web app, an organizer may use only the
    /// templates assigned to them and book only spaces they are a member of; `adminOverride` lifts
    /// that (and the plan records it).
    public func plan(_ draft: MeetingDraft, adminOverride: Bool = false) async throws -> MeetingPlan {
        guard let organizer = try await lookups.user(jid: draft.organizer) else {
            let near = NameSuggestions.clause(draft.organizer, among: try await client.namesLike(draft.organizer, users: true))
            throw CmschedError.unknown("organizer", "'\(draft.organizer)' is not a user on the Call Bridge\(near)")
        }
        var space: Space
        var template: TemplateInfo?
        let allowed: Bool
        switch draft.space {
        case .template(let reference):
            let info = try await lookups.template(reference)
            template = info
            space = plannedSpace(template: info, draft: draft)
            allowed = try await lookups.assignedTemplates(userId: organizer.id).contains(info.template.id)
            if !allowed && !adminOverride {
                throw CmschedError.accessRefused(
                    rule: .templateNotAssigned,
                    message: "template '\(info.template.name ?? info.template.id)' is not assigned to \(draft.organizer); assign it to them, or book with the admin override")
            }
        case .existing(let reference):
            space = try await existingSpace(reference, organizer: draft.organizer)
            allowed = try await lookups.members(coSpace: space.coSpaceId!).contains(draft.organizer.lowercased())
            if !allowed && !adminOverride {
                throw CmschedError.accessRefused(
                    rule: .notMember,
                    message: "\(draft.organizer) is not a member of space '\(space.name)'; add them as a member, or book with the admin override")
            }
        }
        // The organizer's role: as given; else the template's default access method; else the
        // space's own URI and call ID (never the template's first access method, often the guest one).
        let organizerRole: String
        let rule: OrganizerRoleRule
        if let given = draft.organizerRole {
            (organizerRole, rule) = (given, .given)
        } else if let method = template?.template.defaultAccessMethodTemplate, space.roles.contains(where: { $0.id == method }) {
            (organizerRole, rule) = (method, .templateDefault)
        } else {
            (organizerRole, rule) = (Role.spaceRole, .spaceOwn)
        }
        // A temporary space gets the `space` role (its own URI and call ID) when someone joins by it.
        let named = [organizerRole] + draft.attendees.compactMap(\.role)
        if space.kind == .temporary, named.contains(where: { $0.caseInsensitiveCompare(Role.spaceRole) == .orderedSame }),
           !space.roles.contains(where: { $0.id == Role.spaceRole }) {
            space.roles.append(Role(id: Role.spaceRole, name: Role.spaceRole))
        }
        let roles = RoleResolver(space: space)
        let attendees = try draft.attendees.map {
            Attendee(email: $0.email, role: try roles.role($0.role, field: "attendees"))
        }
        let email = organizer.email.flatMap { $0.isEmpty ? nil : $0 }
        return MeetingPlan(
            draft: draft, space: space, organizerRole: try roles.role(organizerRole, field: "organizer_role"),
            organizerRoleRule: rule, attendees: attendees, organizerEmail: email,
            organizerName: organizer.name.flatMap { $0.isEmpty ? nil : $0 }, template: template, override: allowed ? nil : Self.anyTemplateOverride)
    }

    /// How a meeting booked with the admin override is marked.
    public static let anyTemplateOverride = "any-template"

    /// Fails unless `organizer` may use `space` (or the meeting carries the admin override): the
    /// check a changed organizer must pass.
    func checkRights(of organizer: CallBridgeUser, jid: String, on space: Space, override: String?) async throws {
        guard override == nil else { return }
        switch space.kind {
        case .temporary:
            guard let templateId = space.templateId,
                try await lookups.assignedTemplates(userId: organizer.id).contains(templateId)
            else {
                throw CmschedError.accessRefused(
                    rule: .templateNotAssigned, message: "the template of this meeting's space is not assigned to \(jid); assign it to them first")
            }
        case .existing:
            guard let coSpace = space.coSpaceId, try await lookups.members(coSpace: coSpace).contains(jid.lowercased()) else {
                throw CmschedError.accessRefused(rule: .notMember, message: "\(jid) is not a member of space '\(space.name)'; add them as a member first")
            }
        }
    }

    private func plannedSpace(template info: TemplateInfo, draft: MeetingDraft) -> Space {
        let template = info.template
        let methods = info.methods
        let base = SpaceNaming.baseURI(for: draft.name)
        let roles: [Role]
        if methods.isEmpty {
            roles = [Role(id: Role.spaceRole, name: Role.spaceRole)]
        } else {
            roles = methods.map { method in
                Role(
                    id: method.id, name: method.name ?? method.id, accessMethodId: nil,
                    uri: SpaceNaming.uri(generator: method.uriGenerator, base: base),
                    callId: method.generateUniqueCallId == true ? SpaceNaming.callId() : nil)
            }
        }
        return Space(
            id: SecureRandom.timeOrderedUUID(), kind: .temporary, state: .planned, coSpaceId: nil,
            templateId: template.id, organizer: draft.organizer, name: draft.name, uri: base,
            callId: SpaceNaming.callId(), roles: roles, createdAt: now())
    }

    private func existingSpace(_ reference: String, organizer: String) async throws -> Space {
        let coSpace: CoSpace
        if let byId = try? await client.coSpace(id: reference) {
            coSpace = byId
        } else {
            let userPart = String(reference.split(separator: "@").first ?? Substring(reference)).lowercased()
            guard let id = try await client.uriUsage(userPart).objectId, let found = try? await client.coSpace(id: id) else {
                let near = NameSuggestions.clause(userPart, among: try await client.namesLike(userPart, users: false))
                throw CmschedError.unknown("space", "'\(reference)' is neither a space id nor a space URI on the Call Bridge\(near)")
            }
            coSpace = found
        }
        var roles = [Role(id: Role.spaceRole, name: Role.spaceRole, uri: coSpace.uri, callId: coSpace.callId,
                          passcode: coSpace.passcode, secret: coSpace.secret)]
        for method in try await client.accessMethods(coSpace: coSpace.id) {
            let detail = try await client.accessMethod(coSpace: coSpace.id, id: method.id)
            roles.append(Role(
                id: detail.id, name: detail.name ?? detail.id, accessMethodId: detail.id, uri: detail.uri,
                callId: detail.callId, passcode: detail.passcode, secret: detail.secret))
        }
        return Space(
            id: SecureRandom.timeOrderedUUID(), kind: .existing, state: .ready, coSpaceId: coSpace.id, templateId: nil,
            organizer: organizer, name: coSpace.name ?? coSpace.id, uri: coSpace.uri, callId: coSpace.callId,
            passcode: coSpace.passcode, secret: coSpace.secret, roles: roles, createdAt: now())
    }
}

/// URIs and call IDs for temporary spaces.
public enum SpaceNaming {
    /// `team-sync.k3f9x2`: the meeting name as a URI-safe slug and a random suffix, so names may repeat.
    public static func baseURI(for name: String) -> String {
        var slug = ""
        for scalar in name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "meeting" }
        return String(slug.prefix(40)) + "." + SecureRandom.string(6, from: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
    }

    /// An access method's URI from its template's generator: `$` replaced by the space's base URI.
    public static func uri(generator: String?, base: String) -> String? {
        guard let generator, !generator.isEmpty else { return nil }
        return generator.replacingOccurrences(of: "$", with: base)
    }

    /// True for URIs of the shape `baseURI(for:)` makes (slug, dot, 6 characters).
    public static func looksGenerated(_ uri: String?) -> Bool {
        guard let uri, let dot = uri.utf8.firstIndex(of: UInt8(ascii: ".")) else { return false }
        func lowerAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let slug = uri.utf8[..<dot], suffix = uri.utf8[uri.utf8.index(after: dot)...]
        return (1...40).contains(slug.count) && slug.allSatisfy { lowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            && suffix.count == 6 && suffix.allSatisfy(lowerAlphanumeric)
    }

    /// A guest-link secret like the ones the Call Bridge makes (22 URL-safe characters, 128 random
    /// bits), so cmsched knows it without reading the space back.
    public static func secret() -> String {
        Data(SecureRandom.bytes(16)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A random 9-digit call ID (the Call Bridge refuses a clash; the caller then picks another).
    public static func callId() -> String {
        String(Int.random(in: 100_000_000...999_999_999))
    }
}
