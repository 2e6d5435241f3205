import Foundation
import Logging

/// Makes a temporary space on the Call Bridge the way the web app does from a coSpaceTemplate:
/// the coSpace, one access method per access method template, the organizer as a member.
/// Every step is saved before and after it runs, so a run stopped at any point is resumed by the
/// next one without a second space or an orphan: a POST that may have happened is looked up first.
public struct SpaceProvisioner: Sendable {
    let client: CallBridgeClient
    let store: Store
    let logger: Logger

    /// The `cdrTag` cmsched puts on the spaces it creates (`cmsched:<space id>`), to recognise them.
    public static func marker(for space: Space) -> String { markerPrefix + space.id }

    /// What every marker starts with.
    public static let markerPrefix = "cmsched:"

    public init(client: CallBridgeClient, store: Store, logger: Logger) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// Brings `space` to `ready`, resuming from whatever step it reached. `info` is the template
    /// the space is made from when the caller has it already; otherwise it is read again.
    public func provision(_ space: inout Space, template info: TemplateInfo? = nil) async throws {
        guard space.kind == .temporary, space.state != .ready else { return }
        let template: CoSpaceTemplate
        let list: [AccessMethodTemplate]
        if let info, info.template.id == space.templateId {
            (template, list) = (info.template, info.methods)
        } else {
            template = try await client.coSpaceTemplate(id: space.templateId ?? "")
            list = try await client.accessMethodTemplates(template: template.id)
        }
        let methods = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // A coSpace this call just POSTed has no access methods yet: look for existing ones only
        // when resuming (a space adopted after an uncertain POST, or made by an earlier run).
        let madeNow = space.coSpaceId == nil ? try await createCoSpace(&space, template: template, methods: methods) : false
        let coSpace = space.coSpaceId!
        var existing: [AccessMethod]? = madeNow ? [] : nil
        for index in space.roles.indices where space.roles[index].accessMethodId == nil && space.roles[index].id != Role.spaceRole {
            if existing == nil { existing = try await client.accessMethods(coSpace: coSpace) }
            let role = space.roles[index]
            if let found = existing?.first(where: { ($0.uri != nil && $0.uri == role.uri) || (role.uri == nil && $0.name == role.name) }) {
                space.roles[index].accessMethodId = found.id
            } else {
                space.roles[index].accessMethodId = try await createAccessMethod(role, in: coSpace, template: methods[role.id])
            }
            try store.save(space)
        }
        try await addOrganizer(&space)
        try await readBack(&space)
        space.state = .ready
        try store.save(space)
    }

    /// POSTs the coSpace (or adopts ours after an uncertain POST); true when this call made it.
    private func createCoSpace(
        _ space: inout Space, template: CoSpaceTemplate, methods: [String: AccessMethodTemplate]
    ) async throws -> Bool {
        for attempt in 1...4 {
            if space.state == .creating, let adopted = try await findOurs(space) {
                space.coSpaceId = adopted
                try store.save(space)
                return false
            }
            space.state = .creating
            try store.save(space)
            var form: [(String, String)] = [
                ("name", space.name), ("uri", space.uri!), ("callId", space.callId!),
                ("meetingScheduler", space.organizer), ("cdrTag", Self.marker(for: space)),
            ]
            if let profile = template.callProfile { form.append(("callProfile", profile)) }
            if let profile = template.callLegProfile { form.append(("callLegProfile", profile)) }
            do {
                space.coSpaceId = try await client.createCoSpace(form)
                try store.save(space)
                return true
            } catch CallBridgeError.outcomeUnknown {
                logger.notice("coSpace POST outcome unknown; looking it up", metadata: ["uri": "\(space.uri!)"])
                continue
            } catch let error as CallBridgeError where attempt < 4 {
                // A clash with a space that is not ours: pick another URI or call ID and try again.
                switch error.failureReason?.reason {
                case "duplicateCoSpaceUri":
                    let base = SpaceNaming.baseURI(for: space.name)
                    space.uri = base
                    for index in space.roles.indices {
                        space.roles[index].uri = SpaceNaming.uri(generator: methods[space.roles[index].id]?.uriGenerator, base: base)
                    }
                case "duplicateCoSpaceId":
                    space.callId = SpaceNaming.callId()
                default:
                    throw error
                }
                space.state = .planned
                try store.save(space)
            }
        }
        throw CmschedError.unavailable("could not create the space for '\(space.name)' after 4 attempts")
    }

    /// The coSpace using our planned URI, if it carries our marker.
    private func findOurs(_ space: Space) async throws -> String? {
        guard let id = try await client.uriUsage(space.uri!).objectId else { return nil }
        let found = try await client.coSpace(id: id)
        guard found.cdrTag == Self.marker(for: space) else {
            throw CmschedError.protocolError("space URI \(space.uri!) is used by coSpace \(id), which cmsched did not create")
        }
        return id
    }

    private func createAccessMethod(_ role: Role, in coSpace: String, template: AccessMethodTemplate?) async throws -> String {
        var form: [(String, String)] = [("name", role.name)]
        if let uri = role.uri { form.append(("uri", uri)) }
        if let callId = role.callId { form.append(("callId", callId)) }
        if let profile = template?.callLegProfile { form.append(("callLegProfile", profile)) }
        do {
            return try await client.createAccessMethod(coSpace: coSpace, form)
        } catch CallBridgeError.outcomeUnknown {
            if let found = try await client.accessMethods(coSpace: coSpace).first(where: { $0.uri == role.uri && $0.name == role.name }) {
                return found.id
            }
            return try await client.createAccessMethod(coSpace: coSpace, form)
        }
    }

    /// Adds the space's organizer as a member. The step is recorded before the POST (`posting`) and
    /// after it (the member's id), so only a POST whose outcome is unknown is ever looked up: after
    /// a timeout or reset (that request has then ended on our side), or when a stopped run left it
    /// `posting`. Reconciling waits a moment first, so a slow server can finish the first POST.
    func addOrganizer(_ space: inout Space) async throws {
        guard let coSpace = space.coSpaceId else { return }
        if space.organizerMember == Space.memberPosting, let found = try await reconcileMember(space) {
            space.organizerMember = found
            try store.save(space)
            return
        }
        guard space.organizerMember == nil || space.organizerMember == Space.memberPosting else { return }
        space.organizerMember = Space.memberPosting
        try store.save(space)
        let form = [("userJid", space.organizer)]
        do {
            space.organizerMember = try await client.addCoSpaceUser(coSpace: coSpace, form)
        } catch CallBridgeError.outcomeUnknown {
            logger.notice("member POST outcome unknown; looking it up", metadata: ["coSpace": "\(coSpace)"])
            if let found = try await reconcileMember(space, settle: reconcileDelay) {
                space.organizerMember = found
            } else {
                space.organizerMember = try await client.addCoSpaceUser(coSpace: coSpace, form)
            }
        }
        try store.save(space)
    }

    /// How long to let an uncertain POST finish on the server before looking for its effect.
    var reconcileDelay: Duration { .seconds(1) }

    /// The id of the organizer's membership of the space, if the Call Bridge has one; with more
    /// than one (a late duplicate), the extras are removed.
    private func reconcileMember(_ space: Space, settle: Duration = .zero) async throws -> String? {
        if settle > .zero { try await Task.sleep(for: settle) }
        let coSpace = space.coSpaceId!
        let mine = try await client.coSpaceUsers(coSpace: coSpace)
            .filter { $0.userJid?.caseInsensitiveCompare(space.organizer) == .orderedSame }
        for extra in mine.dropFirst() {
            try await client.delete("/coSpaces/\(coSpace)/coSpaceUsers/\(extra.id)")
        }
        return mine.first?.id
    }

    /// Deletes a temporary space on the Call Bridge, recording the step before and after it, so a
    /// stopped run is finished by the next; returns the space as it is now. Existing spaces, and
    /// spaces never created or already deleted, are returned unchanged.
    public func delete(_ space: Space, now: Date) async throws -> Space {
        guard space.kind == .temporary, let coSpace = space.coSpaceId, space.state != .deleted else { return space }
        var space = space
        space.state = .deleting
        try store.save(space)
        try await client.deleteCoSpaceIfPresent(id: coSpace)
        space.state = .deleted
        space.deletedAt = now
        try store.save(space)
        return space
    }

    /// Secrets (and any call ID the Call Bridge chose) are only known after creation.
    private func readBack(_ space: inout Space) async throws {
        let coSpace = try await client.coSpace(id: space.coSpaceId!)
        space.secret = coSpace.secret
        space.callId = coSpace.callId ?? space.callId
        space.passcode = coSpace.passcode
        for index in space.roles.indices {
            guard let id = space.roles[index].accessMethodId else { continue }
            let method = try await client.accessMethod(coSpace: space.coSpaceId!, id: id)
            space.roles[index].secret = method.secret
            space.roles[index].callId = method.callId
            space.roles[index].passcode = method.passcode
        }
        if let index = space.roles.firstIndex(where: { $0.id == Role.spaceRole }) {
            space.roles[index].uri = space.uri
            space.roles[index].callId = space.callId
            space.roles[index].secret = space.secret
        }
    }
}
