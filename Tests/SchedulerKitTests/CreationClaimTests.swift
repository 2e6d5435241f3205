import CallBridgeSim
import Foundation
import Testing
import TestSupport

@testable import SchedulerKit

/// Creates side by side with no lock: keys and half-made meetings are claimed in the store.
@Suite("creation claims", .serialized)
struct CreationClaimTests {
    func draft(key: String) throws -> MeetingDraft {
        try SchedulerFixture.fields { $0.key = key }.draft(defaultZone: .current)
    }

    /// A meeting stored `creating` with `claim`, as a run that stopped right after its insert leaves it.
    func halfMade(_ f: SchedulerFixture, key: String, claim: Claim) async throws -> Meeting {
        let plan = try await MeetingPlanner(client: f.sim.client()).plan(try draft(key: key))
        var space = plan.space
        SpaceProvisioner.begin(&space)
        let now = Date()
        let meeting = Meeting(
            id: SecureRandom.timeOrderedUUID(), key: key, uid: "\(key)@cmsched", state: .creating, name: "Test-XRP",
            organizer: "saiacano@s.com", organizerRole: plan.organizerRole, start: plan.draft.start, duration: plan.draft.duration,
            timeZone: "Europe/Berlin", recurrence: nil, exceptions: [], sequence: 0, attendees: plan.attendees, space: space,
            createdAt: now, updatedAt: now)
        #expect(try await f.store.insert(meeting, claim: claim))
        return meeting
    }

    /// A claim of a process on another host: whether it is alive cannot be known, so it holds until it expires.
    static func elsewhere(expiring expires: Date) -> Claim {
        Claim(holder: ClaimHolder(host: "other-scheduler", boot: "b", pid: 4242, started: 1), expires: expires)
    }

    @Test func aKeyIsRecordedOnceAndASecondInsertOfItWritesNothing() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let first = try await halfMade(f, key: "k1", claim: .ofAGoneProcess)
        var second = first
        second.id = SecureRandom.timeOrderedUUID()
        second.uid = "other@cmsched"
        second.space.id = SecureRandom.timeOrderedUUID()
        #expect(try await f.store.insert(second, claim: .ofAGoneProcess) == false)
        await #expect(try f.store.meeting(reference: second.id) == nil)
        await #expect(try f.store.meeting(key: "k1")?.id == first.id)
    }

    @Test func twoTasksCreatingOneKeyAtOnceMakeOneMeetingAndOneSpace() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let draft = try draft(key: "same")
        async let one = f.service.create(draft)
        async let two = f.service.create(draft)
        let (a, b) = try await (one, two)
        #expect(a.0.id == b.0.id)
        #expect(Set([a.1, b.1]) == [.created, .existing])
        #expect(a.0.state == .scheduled && b.0.state == .scheduled)
        #expect(await f.sim.simulator.state.count("coSpaces") == 2)
    }

    @Test func aMeetingAnotherLiveProcessIsCreatingIsLeftToIt() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await halfMade(f, key: "held", claim: Self.elsewhere(expiring: Date().addingTimeInterval(600)))
        #expect(try await f.service.recoverInterrupted().isEmpty)
        await #expect(try f.store.meeting(reference: meeting.id)?.state == .creating)
        #expect(await f.sim.simulator.state.count("coSpaces") == 1)
    }

    @Test func aMeetingWhoseHolderIsGoneIsFinishedAtOnce() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await halfMade(f, key: "gone", claim: .ofAGoneProcess)
        let recovered = try await f.service.recoverInterrupted()
        #expect(recovered.map(\.meeting.id) == [meeting.id] && recovered[0].error == nil)
        await #expect(try f.store.meeting(reference: meeting.id)?.state == .scheduled)
        await #expect(try f.store.creationClaim(meetingId: meeting.id) == nil)
    }

    @Test func anExpiredClaimOfAnotherHostIsTakenOver() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await halfMade(f, key: "expired", claim: Self.elsewhere(expiring: Date().addingTimeInterval(-1)))
        #expect(try await f.service.recoverInterrupted().count == 1)
        await #expect(try f.store.meeting(reference: meeting.id)?.state == .scheduled)
    }

    @Test func aClaimOfThisProcessExcludesItsOtherTasksUntilLetGo() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let mine = Claim(holder: .current, expires: Date().addingTimeInterval(600))
        let meeting = try await halfMade(f, key: "mine", claim: mine)
        #expect(try await f.store.claimCreating(meetingId: meeting.id, as: mine, now: Date()) == nil)
        try await f.store.releaseClaim(meetingId: meeting.id, holder: .current)
        #expect(try await f.store.claimCreating(meetingId: meeting.id, as: mine, now: Date())?.id == meeting.id)
    }

    @Test func aCreateOfAKeyBeingMadeElsewhereWaitsForItsOutcome() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        let meeting = try await halfMade(f, key: "awaited", claim: Self.elsewhere(expiring: Date().addingTimeInterval(600)))
        let waiting = Task { try await f.service.create(try draft(key: "awaited")) }
        try await Task.sleep(for: .milliseconds(300))
        // The other scheduler finishes it: the waiting create reports that meeting, and made nothing.
        var claimed = meeting
        claimed.space = try await #require(try f.store.meeting(reference: meeting.id)).space
        let other = MeetingService(client: f.sim.client(), store: f.store, logger: f.logger)
        let finished = try await other.finish(claimed)
        let (found, outcome) = try await waiting.value
        #expect(outcome == .existing)
        #expect(found.id == finished.id && found.state == .scheduled)
        #expect(await f.sim.simulator.state.count("coSpaces") == 2)
    }

    @Test func aHolderIsGoneOnlyWhenItRanOnThisHostInThisBootAndItsProcessEnded() {
        let here = ClaimHolder.current
        #expect(!here.isGone)
        #expect(here.started > 0 && !here.boot.isEmpty)
        var restarted = here
        restarted.started += 1
        #expect(restarted.isGone)
        var otherHost = restarted
        otherHost.host = "elsewhere"
        #expect(!otherHost.isGone)
        var otherBoot = restarted
        otherBoot.boot = "another-boot"
        #expect(!otherBoot.isGone)
        #expect(ClaimHolder(stored: here.description) == here)
        #expect(ClaimHolder(stored: "not a holder") == nil)
    }
}
