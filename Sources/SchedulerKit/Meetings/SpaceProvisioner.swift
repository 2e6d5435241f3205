import Foundation
import Logging

/// Makes a temporary space on the Call Bridge the way the web app does from a coSpaceTemplate:
/// the coSpace, one access method per access method template, the organizer as a member.
/// What a POST is about to do is saved before it (state, secrets, a `posting` membership); what it
/// made is saved with the next step, and every POST leaves a trace to find it by (the coSpace's
/// URI and marker, an access method's URI within its space, the member's JID), so a run stopped
/// at any point is resumed by the next one without a second space or an orphan. A new meeting's
/// space is planned whole before its insert (`begin`), so a meeting costs two commits: the insert
/// and its scheduling (`Store.schedule`).
public struct SpaceProvisioner: Sendable {
    let client: CallBridgeClient
    let store: any MeetingStore
    let logger: Logger

    /// The `cdrTag` cmsched puts on the spaces it creates (`cmsched:<space id>`), to recognise them.
    public static func marker(for space: Space) -> String { markerPrefix + space.id }

    /// What every marker starts with.
    public static let markerPrefix = "cmsched:"

    public init(client: CallBridgeClient, store: any MeetingStore, logger: Logger) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// Plans every POST of a new temporary space, for the caller to save (with its meeting) before
    /// anything is asked of the Call Bridge: the space is `creating`, its secrets and its access
    /// methods' secrets are chosen, and the organizer's membership is `posting`.
    public static func begin(_ space: inout Space) {
        guard space.kind == .temporary, space.state == .planned else { return }
        space.state = .creating
        if space.secret == nil { space.secret = SpaceNaming.secret() }
        chooseAccessMethodSecrets(&space)
        space.organizerMember = Space.memberPosting
    }

    /// Chooses the secret of each access method still to be made (`Role.needsSecret`), so it is
    /// saved before its POST; true when it chose any.
    @discardableResult
    private static func chooseAccessMethodSecrets(_ space: inout Space) -> Bool {
        let indices = space.roles.indices.filter { space.roles[$0].needsSecret }
        for index in indices { space.roles[index].secret = SpaceNaming.secret() }
        return !indices.isEmpty
    }

    /// Brings `space` to `ready`, resuming from whatever step it reached; the caller saves it (with
    /// its meeting, in one transaction). `info` is the template the space is made from when the
    /// caller has it already; otherwise it is read again. `fresh`: the caller has just saved the
    /// space as `begin` left it, so nothing of it can be on the Call Bridge yet and its first POST
    /// is sent without looking.
    public func provision(_ space: inout Space, template info: TemplateInfo? = nil, fresh: Bool = false) async throws {
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
        let madeNow = space.coSpaceId == nil ? try await createCoSpace(&space, template: template, methods: methods, fresh: fresh) : false
        try await addAccessMethodsAndOrganizer(&space, madeNow: madeNow, methods: methods)
        // Secrets and call IDs were sent by us; only a space begun by an older cmsched (which let the
        // Call Bridge choose its secrets) is read back.
        if lacksSecrets(space) { try await readBack(&space) }
        if let index = space.roles.firstIndex(where: { $0.id == Role.spaceRole }) {
            space.roles[index].uri = space.uri
            space.roles[index].callId = space.callId
            space.roles[index].secret = space.secret
        }
        space.state = .ready
    }

    /// Once the coSpace exists: the access methods not made yet and the organizer's membership, all
    /// POSTed at the same time. Saved before when there is something new to record (secrets chosen
    /// here, `posting`, what a resumed run found; a coSpace made just now is found again by its URI
    /// and marker) and once after: a run stopped in between finds the access methods by URI and
    /// reconciles the membership.
    private func addAccessMethodsAndOrganizer(
        _ space: inout Space, madeNow: Bool, methods: [String: AccessMethodTemplate]
    ) async throws {
        let coSpace = space.coSpaceId!
        var pending = space.roles.indices.filter { space.roles[$0].accessMethodId == nil && space.roles[$0].id != Role.spaceRole }
        // A coSpace this call just POSTed has no access methods yet: look for existing ones only
        // when resuming (a space adopted after an uncertain POST, or made by an earlier run).
        if !pending.isEmpty && !madeNow {
            let existing = try await client.accessMethods(coSpace: coSpace)
            for index in pending {
                let role = space.roles[index]
                // Its call ID too: a clash may have made it with another than the one planned.
                guard let found = existing.first(where: {
                    ($0.uri != nil && $0.uri == role.uri) || (role.uri == nil && $0.name == role.name)
                }) else { continue }
                space.roles[index].accessMethodId = found.id
                space.roles[index].callId = found.callId ?? role.callId
            }
            pending = pending.filter { space.roles[$0].accessMethodId == nil }
        }
        let unsaved = Self.chooseAccessMethodSecrets(&space) || !madeNow
        let member = space.organizerMember
        // A coSpace made just now has no members: a `posting` membership is not looked for.
        let addMember = madeNow && member == Space.memberPosting ? true : try await prepareMember(&space)
        if unsaved || space.organizerMember != member { try await store.save(space) }
        enum Step: Sendable { case accessMethod(index: Int, id: String, callId: String?), member(String) }
        var failures: [any Error] = []
        await withTaskGroup(of: Result<Step, any Error>.self) { group in
            for index in pending {
                let role = space.roles[index]
                let template = methods[role.id]
                group.addTask {
                    await Result {
                        let made = try await createAccessMethod(role, in: coSpace, template: template)
                        return .accessMethod(index: index, id: made.id, callId: made.callId)
                    }
                }
            }
            if addMember {
                let snapshot = space
                group.addTask { await Result { .member(try await postMember(snapshot)) } }
            }
            for await result in group {
                switch result {
                case .success(.accessMethod(let index, let id, let callId)):
                    space.roles[index].accessMethodId = id
                    space.roles[index].callId = callId
                case .success(.member(let id)): space.organizerMember = id
                case .failure(let error): failures.append(error)
                }
            }
        }
        if let first = failures.first {
            try await store.save(space)
            throw first
        }
    }

    /// POSTs the coSpace (or adopts ours after an uncertain POST); true when this call made it.
    private func createCoSpace(
        _ space: inout Space, template: CoSpaceTemplate, methods: [String: AccessMethodTemplate], fresh: Bool
    ) async throws -> Bool {
        for attempt in 1...4 {
            // A fresh space's first POST was recorded with its insert, and cannot have landed yet.
            let recorded = fresh && attempt == 1
            if space.state == .creating, !recorded, let adopted = try await findOurs(space) {
                space.coSpaceId = adopted
                try await store.save(space)
                return false
            }
            if !recorded {
                space.state = .creating
                if space.secret == nil { space.secret = SpaceNaming.secret() }
                try await store.save(space)
            }
            var form: [(String, String)] = [
                ("name", space.name), ("uri", space.uri!), ("callId", space.callId!), ("secret", space.secret!),
                ("meetingScheduler", space.organizer), ("cdrTag", Self.marker(for: space)),
            ]
            if let profile = template.callProfile { form.append(("callProfile", profile)) }
            if let profile = template.callLegProfile { form.append(("callLegProfile", profile)) }
            do {
                // Saved with the next step; a run stopped before that finds it by URI and marker.
                space.coSpaceId = try await client.createCoSpace(form)
                return true
            } catch CallBridgeError.outcomeUnknown {
                logger.notice("coSpace POST outcome unknown; looking it up", metadata: ["uri": "\(space.uri!)"])
                continue
            } catch let error as CallBridgeError where attempt < 4 {
                // A clash with a space that is not ours: pick another URI or call ID and try again.
                switch error.failureReason?.reason {
                case "duplicateCoSpaceUri":
                    // Our own space, if an earlier POST of it did land after all: adopt it.
                    if let owner = try await owner(of: space), owner.ours {
                        space.coSpaceId = owner.id
                        try await store.save(space)
                        return false
                    }
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
                try await store.save(space)
            }
        }
        throw CmschedError.unavailable("could not create the space for '\(space.name)' after 4 attempts")
    }

    /// The coSpace using our planned URI, if it carries our marker.
    private func findOurs(_ space: Space) async throws -> String? {
        guard let owner = try await owner(of: space) else { return nil }
        guard owner.ours else {
            throw CmschedError.protocolError("space URI \(space.uri!) is used by coSpace \(owner.id), which cmsched did not create")
        }
        return owner.id
    }

    /// The coSpace using the space's planned URI, and whether it carries this space's marker.
    private func owner(of space: Space) async throws -> (id: String, ours: Bool)? {
        guard let id = try await client.uriUsage(space.uri!).objectId else { return nil }
        return (id, try await client.coSpace(id: id).cdrTag == Self.marker(for: space))
    }

    /// POSTs one access method; returns its id and the call ID it was made with, which is another
    /// random one when the Call Bridge already had ours (call IDs are unique across every space
    /// and access method, and random ones do meet in a store of thousands).
    private func createAccessMethod(
        _ role: Role, in coSpace: String, template: AccessMethodTemplate?
    ) async throws -> (id: String, callId: String?) {
        var role = role
        var attempt = 1
        while true {
            var form: [(String, String)] = [("name", role.name)]
            if let uri = role.uri { form.append(("uri", uri)) }
            if let callId = role.callId { form.append(("callId", callId)) }
            if let secret = role.secret { form.append(("secret", secret)) }
            if let profile = template?.callLegProfile { form.append(("callLegProfile", profile)) }
            do {
                return (try await client.createAccessMethod(coSpace: coSpace, form), role.callId)
            } catch CallBridgeError.outcomeUnknown {
                if let found = try await client.accessMethods(coSpace: coSpace).first(where: { $0.uri == role.uri && $0.name == role.name }) {
                    return (found.id, found.callId ?? role.callId)
                }
                return (try await client.createAccessMethod(coSpace: coSpace, form), role.callId)
            } catch let error as CallBridgeError
                where attempt < 4 && role.callId != nil && error.failureReason?.reason == "duplicateCoSpaceId" {
                role.callId = SpaceNaming.callId()
                attempt += 1
            }
        }
    }

    /// Adds the space's organizer as a member. The step is recorded before the POST (`posting`) and
    /// after it (the member's id), so only a POST whose outcome is unknown is ever looked up: after
    /// a timeout or reset (that request has then ended on our side), or when a stopped run left it
    /// `posting`. Reconciling waits a moment first, so a slow server can finish the first POST.
    func addOrganizer(_ space: inout Space) async throws {
        let before = space.organizerMember
        let needed = try await prepareMember(&space)
        if space.organizerMember != before { try await store.save(space) }
        guard needed else { return }
        space.organizerMember = try await postMember(space)
        try await store.save(space)
    }

    /// Before the membership POST: settles one a stopped run left `posting`; true when the POST is
    /// still needed (the step is then marked `posting`, for the caller to save before it POSTs).
    private func prepareMember(_ space: inout Space) async throws -> Bool {
        guard space.coSpaceId != nil else { return false }
        if space.organizerMember == Space.memberPosting, let found = try await reconcileMember(space) {
            space.organizerMember = found
            return false
        }
        guard space.organizerMember == nil || space.organizerMember == Space.memberPosting else { return false }
        space.organizerMember = Space.memberPosting
        return true
    }

    /// POSTs the organizer as a member of the space; an unknown outcome is looked up first.
    private func postMember(_ space: Space) async throws -> String {
        let coSpace = space.coSpaceId!
        let form = [("userJid", space.organizer)]
        do {
            return try await client.addCoSpaceUser(coSpace: coSpace, form)
        } catch CallBridgeError.outcomeUnknown {
            logger.notice("member POST outcome unknown; looking it up", metadata: ["coSpace": "\(coSpace)"])
            if let found = try await reconcileMember(space, settle: reconcileDelay) { return found }
            return try await client.addCoSpaceUser(coSpace: coSpace, form)
        }
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
        try await store.save(space)
        try await client.deleteCoSpaceIfPresent(id: coSpace)
        space.state = .deleted
        space.deletedAt = now
        try await store.save(space)
        return space
    }

    /// True when the join details lack a secret the Call Bridge chose (a space begun by a cmsched
    /// that did not send its own).
    private func lacksSecrets(_ space: Space) -> Bool {
        space.secret == nil
            || space.roles.contains { $0.id != Role.spaceRole && $0.accessMethodId != nil && $0.callId != nil && $0.secret == nil }
    }

    /// Reads back the secrets (and any call ID) the Call Bridge chose.
    private func readBack(_ space: inout Space) async throws {
        let coSpace = try await client.coSpace(id: space.coSpaceId!)
        space.secret = coSpace.secret
        space.callId = coSpace.callId ?? space.callId
        space.passcode = coSpace.passcode
        for index in space.roles.indices where space.roles[index].id != Role.spaceRole {
            guard let id = space.roles[index].accessMethodId else { continue }
            let method = try await client.accessMethod(coSpace: space.coSpaceId!, id: id)
            space.roles[index].secret = method.secret
            space.roles[index].callId = method.callId
            space.roles[index].passcode = method.passcode
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing body.
    fileprivate init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
