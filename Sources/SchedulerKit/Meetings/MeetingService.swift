import Foundation
import Logging

/// Creates, changes and cancels meetings: the store is the source of truth, the Call Bridge follows,
/// and every change queues its notices in the same transaction.
public struct MeetingService: Sendable {
    public let client: CallBridgeClient
    public let store: any MeetingStore
    let logger: Logger
    let now: @Sendable () -> Date
    /// Templates and users read once per service (one command run), however many meetings.
    let lookups: LookupCache

    public init(client: CallBridgeClient, store: any MeetingStore, logger: Logger, now: @escaping @Sendable () -> Date = WallClock.now) {
        self.client = client
        self.store = store
        self.logger = logger
        self.now = now
        self.lookups = LookupCache(client: client, logger: logger)
    }

    var planner: MeetingPlanner { MeetingPlanner(client: client, lookups: lookups, now: now) }
    var provisioner: SpaceProvisioner { SpaceProvisioner(client: client, store: store, logger: logger) }

    /// What `create` did with one meeting.
    public enum Outcome: String, Sendable, Codable {
        /// Made now.
        case created
        /// Its key was already scheduled: nothing was done.
        case existing
        /// Found half-made by an earlier run and finished now.
        case resumed
        /// `--dry-run`: checked and planned, nothing changed.
        case planned
    }

    // MARK: Create

    /// How long a claim on a meeting being created lasts: longer than its Call Bridge requests
    /// can take with their retries. A process of another host that stopped mid-create leaves its
    /// meetings to others after this; one of this host, as soon as it is gone (`ClaimHolder`).
    public static let creationLease: TimeInterval = 15 * 60

    /// How often a create waits to see what became of a meeting another process is creating.
    static let claimPoll: Duration = .milliseconds(100)

    /// This process's claim on a meeting it creates, from now.
    private func claim() -> Claim {
        Claim(holder: .current, expires: now().addingTimeInterval(Self.creationLease))
    }

    /// Creates one meeting, or returns the one with the same key. `adminOverride` books with a
    /// template not assigned to the organizer, or a space they are not a member of. Runs beside
    /// any other create, in this process or another: the key is claimed in the store.
    public func create(_ draft: MeetingDraft, dryRun: Bool = false, adminOverride: Bool = false) async throws -> (Meeting, Outcome) {
        if let key = draft.key, let existing = try await store.meeting(key: key) {
            return try await settle(existing, dryRun: dryRun)
        }
        let plan = try await planner.plan(draft, adminOverride: adminOverride)
        let stamp = now()
        var meeting = Meeting(
            id: SecureRandom.timeOrderedUUID(), key: draft.key, uid: draft.uid ?? "\(SecureRandom.timeOrderedUUID())@cmsched",
            state: .creating, name: draft.name, organizer: draft.organizer, organizerRole: plan.organizerRole,
            start: draft.start, duration: draft.duration, timeZone: draft.timeZone, recurrence: draft.recurrence,
            exceptions: draft.exceptions, sequence: draft.sequence, attendees: plan.attendees, space: plan.space, createdAt: stamp, updatedAt: stamp,
            override: plan.override, organizerName: plan.organizerName, organizerEmail: plan.organizerEmail,
            organizerRoleRule: plan.organizerRoleRule)
        guard !dryRun else { return (meeting, .planned) }
        SpaceProvisioner.begin(&meeting.space)
        guard try await store.insert(meeting, claim: claim()) else {
            // Another create of the same key recorded its meeting first: that one is this one.
            guard let key = draft.key, let existing = try await store.meeting(key: key) else { throw Self.rolledBack(draft.key ?? "") }
            return try await settle(existing, dryRun: false)
        }
        meeting = try await finishClaimed(meeting, template: plan.template, fresh: true)
        return (meeting, .created)
    }

    /// The meeting a create found by its key: as it is when scheduled or cancelled; when still
    /// `creating`, finished here once nobody holds it, else awaited until its holder has finished
    /// it (or let go, or is gone, or its claim expired: then finished here).
    private func settle(_ found: Meeting, dryRun: Bool) async throws -> (Meeting, Outcome) {
        guard found.state == .creating else { return (found, .existing) }
        guard !dryRun else { return (found, .planned) }
        var current = found
        while current.state == .creating {
            if let claimed = try await claimIfFree(found.id, held: try store.creationClaim(meetingId: found.id)) {
                return (try await finishClaimed(claimed), .resumed)
            }
            try await Task.sleep(for: Self.claimPoll)
            guard let next = try await store.meeting(reference: found.id) else { throw Self.rolledBack(found.key ?? found.id) }
            current = next
        }
        return (current, .existing)
    }

    /// Claims a meeting still `creating` for this process when `held`, its claim as last read, is
    /// none or lapsed (the store decides again as it writes): a claim that holds costs no write.
    private func claimIfFree(_ meetingId: String, held: Claim?) async throws -> Meeting? {
        guard held?.isLapsed(at: now()) ?? true else { return nil }
        return try await store.claimCreating(meetingId: meetingId, as: claim(), now: now())
    }

    /// A create of `key` found its meeting gone: the process making it rolled it back.
    private static func rolledBack(_ key: String) -> CmschedError {
        .temporary("meeting with key '\(key)' was rolled back by another cmsched meanwhile; try again")
    }

    /// `finish` for a meeting this process claimed: a failure lets go of the claim, so the next
    /// run (here or elsewhere) takes it up at once.
    private func finishClaimed(_ meeting: Meeting, template: TemplateInfo? = nil, fresh: Bool = false) async throws -> Meeting {
        do {
            return try await finish(meeting, template: template, fresh: fresh)
        } catch {
            try? await store.releaseClaim(meetingId: meeting.id, holder: .current)
            throw error
        }
    }

    /// Finishes a meeting caught in `creating`: provisions its space, then schedules it. `fresh`:
    /// the meeting was inserted just now, its space as `SpaceProvisioner.begin` planned it.
    func finish(_ meeting: Meeting, template: TemplateInfo? = nil, fresh: Bool = false) async throws -> Meeting {
        var meeting = meeting
        var space = meeting.space
        try await provisioner.provision(&space, template: template, fresh: fresh)
        meeting.space = space
        meeting.state = .scheduled
        meeting.updatedAt = now()
        let email = await organizerEmail(meeting)
        try await store.schedule(meeting, notices: notices(for: meeting, method: .request, organizerEmail: email), now: now())
        return meeting
    }

    /// Finishes (or, when that can no longer succeed, rolls back) every meeting left in `creating`
    /// by a run that stopped or failed: those this process can claim. Meetings another live
    /// process is creating are left to it.
    public func recoverInterrupted() async throws -> [(meeting: Meeting, error: CmschedError?)] {
        var results: [(Meeting, CmschedError?)] = []
        for (id, held) in try await store.creatingClaims() {
            guard let meeting = try await claimIfFree(id, held: held) else { continue }
            do {
                results.append((try await finish(meeting), nil))
            } catch {
                let failure = CmschedError.wrapping(error) ?? .internalError("\(error)")
                switch failure.exitStatus {
                case .badInput, .inputMissing:
                    try await rollBack(meeting)
                default:
                    try? await store.releaseClaim(meetingId: meeting.id, holder: .current)
                }
                results.append((meeting, failure))
            }
        }
        return results
    }

    /// Undoes a meeting that cannot be finished: deletes its space if it reached the Call Bridge.
    func rollBack(_ meeting: Meeting) async throws {
        if meeting.space.kind == .temporary, let coSpace = meeting.space.coSpaceId {
            try await client.deleteCoSpaceIfPresent(id: coSpace)
        }
        try await store.discard(meeting)
    }

    // MARK: Change

    /// Saves an edited meeting (bumping SEQUENCE) and follows on the Call Bridge (space name).
    /// Holds the meeting's guard, so a cleanup or another change cannot run at the same time; an
    /// update is refused when the meeting changed meanwhile or its space is gone.
    public func update(_ original: Meeting, to edited: Meeting) async throws -> Meeting {
        return try await store.withMeetingGuard(original.id) {
            let current = try await store.existingMeeting(original.id)
            guard current.sequence == original.sequence, current.state == original.state else {
                throw CmschedError.temporary("meeting \(original.id) was changed by another cmsched meanwhile; try again")
            }
            try await checkSpaceExists(current)
            var meeting = edited
            meeting.sequence = original.sequence + 1
            meeting.updatedAt = now()
            guard let organizer = try await lookups.user(jid: meeting.organizer) else {
                throw CmschedError.badInput("organizer '\(meeting.organizer)' is not a user on the Call Bridge")
            }
            if meeting.organizer != original.organizer {
                try await planner.checkRights(of: organizer, jid: meeting.organizer, on: meeting.space, override: meeting.override)
            }
            if meeting.space.kind == .temporary, let coSpace = meeting.space.coSpaceId {
                var form: [(String, String)] = []
                if meeting.name != original.name { form.append(("name", meeting.name)) }
                if meeting.organizer != original.organizer { form.append(("meetingScheduler", meeting.organizer)) }
                if !form.isEmpty { try await client.updateCoSpace(id: coSpace, form) }
                meeting.space.name = meeting.name
                if meeting.organizer != original.organizer {
                    meeting.space.organizer = meeting.organizer
                    meeting.space.organizerMember = nil
                    try await provisioner.addOrganizer(&meeting.space)
                }
            }
            meeting.organizerName = organizer.name.flatMap { $0.isEmpty ? nil : $0 }
            meeting.organizerEmail = organizer.email.flatMap { $0.isEmpty ? nil : $0 }
            var notices = notices(for: meeting, method: .request, organizerEmail: meeting.organizerEmail)
            let removed = Set(original.attendees.map(\.email)).subtracting(meeting.attendees.map(\.email))
            notices += removed.sorted().map { Notice(recipient: $0, method: .cancel) }
            try await store.save(meeting, notices: notices, now: now())
            return meeting
        }
    }

    /// Fails with a clear message when the meeting's space was deleted (by cleanup, or on the Call
    /// Bridge by someone else): a change must not keep showing join details that no longer work.
    private func checkSpaceExists(_ meeting: Meeting) async throws {
        let space = meeting.space
        let gone = "the space of meeting \(meeting.id) ('\(meeting.name)') no longer exists"
        if space.kind == .temporary && (space.state == .deleting || space.state == .deleted) {
            throw CmschedError.badInput("\(gone): cleanup deleted it after the meeting ended; schedule a new meeting instead")
        }
        guard let coSpace = space.coSpaceId else { return }
        do {
            _ = try await client.coSpace(id: coSpace)
        } catch let error as CallBridgeError where error.isNotFound {
            throw CmschedError.badInput("\(gone) on the Call Bridge (coSpace \(coSpace)); schedule a new meeting instead")
        }
    }

    /// Cancels one occurrence (an EXDATE) of a series.
    public func cancelOccurrence(_ meeting: Meeting, at start: LocalDateTime) async throws -> Meeting {
        return try await store.withMeetingGuard(meeting.id) {
            var meeting = try await store.existingMeeting(meeting.id)
            guard !meeting.exceptions.contains(start) else { return meeting }
            meeting.exceptions.append(start)
            meeting.exceptions.sort()
            meeting.sequence += 1
            meeting.updatedAt = now()
            let organizerEmail = await self.organizerEmail(meeting)
            let notices = recipients(of: meeting, organizerEmail: organizerEmail).map {
                Notice(recipient: $0, method: .cancel, recurrenceId: start)
            }
            try await store.save(meeting, notices: notices, now: now())
            return meeting
        }
    }

    /// Cancels the whole meeting: deletes its temporary space on the Call Bridge, notifies everyone.
    public func cancel(_ meeting: Meeting) async throws -> Meeting {
        return try await store.withMeetingGuard(meeting.id) {
            var meeting = try await store.existingMeeting(meeting.id)
            guard meeting.state != .cancelled else { return meeting }
            meeting.space = try await provisioner.delete(meeting.space, now: now())
            meeting.state = .cancelled
            meeting.sequence += 1
            meeting.updatedAt = now()
            let organizerEmail = await self.organizerEmail(meeting)
            let notices = recipients(of: meeting, organizerEmail: organizerEmail).map { Notice(recipient: $0, method: .cancel) }
            try await store.save(meeting, notices: notices, now: now())
            return meeting
        }
    }

    /// Cancels a meeting whose row cannot be read back (written by an older cmsched): deletes its
    /// temporary space and marks it cancelled. No notices: its times cannot be put in a calendar.
    public func cancelUnreadable(_ meeting: UnreadableMeeting, space: Space) async throws {
        try await store.withMeetingGuard(meeting.id) {
            _ = try await provisioner.delete(space, now: now())
            try await store.markCancelled(meetingId: meeting.id, now: now())
        }
    }

    /// The organizer's email, for the organizer's copy: as stored with the meeting, else (a meeting
    /// stored before cmsched kept it) as the Call Bridge knows it; nil when unknown.
    private func organizerEmail(_ meeting: Meeting) async -> String? {
        if let email = meeting.organizerEmail { return email }
        return (try? await lookups.user(jid: meeting.organizer))?.email.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func recipients(of meeting: Meeting, organizerEmail: String?) -> [String] {
        var list = meeting.attendees.map(\.email)
        if let organizerEmail, !list.contains(organizerEmail.lowercased()) { list.append(organizerEmail.lowercased()) }
        return list
    }

    private func notices(for meeting: Meeting, method: Notice.Method, organizerEmail: String?) -> [Notice] {
        recipients(of: meeting, organizerEmail: organizerEmail).map { Notice(recipient: $0, method: method) }
    }
}
