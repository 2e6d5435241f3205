
import Foundation
import Logging
import Testing
import TestSupport

@testable import CallBridgeSim
@testable import SchedulerKit

/// The daily cleanup of temporary spaces, against the simulator with a real SQLite store.
@Suite("temporary space cleanup", .serialized)
struct CleanupTests {
    func fixture() async throws -> SchedulerFixture { try await SchedulerFixture.start() }

    func reaper(_ f: SchedulerFixture) -> TemporarySpaceReaper {
        let client = f.sim.client()
        return TemporarySpaceReaper(
            client: client, store: f.store, grace: 86_400, peers: { try client.peer(at: $0.address ?? "") })
    }

    func meeting(_ f: SchedulerFixture, _ edit: (inout MeetingFields) -> Void = { _ in }) async throws -> Meeting {
        try await f.meeting(edit)
    }

    /// 2026-12-01T10:00+01:00, when the default meeting ends.
    let ended = RFC3339.parse("2026-12-01T09:00:00Z")!

    func exists(_ f: SchedulerFixture, _ meeting: Meeting) async -> Bool {
        (try? await f.sim.client().coSpace(id: meeting.space.coSpaceId!)) != nil
    }

    @Test func theGraceBoundaryIs24HoursAfterTheEnd() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let m = try await meeting(f)
        let early = try await reaper(f).run(now: ended.addingTimeInterval(86_400 - 60), dryRun: false, orphans: .report)
        #expect(early.deleted.isEmpty)
        #expect(await exists(f, m))
        let due = try await reaper(f).run(now: ended.addingTimeInterval(86_400), dryRun: false, orphans: .report)
        #expect(due.deleted.map(\.coSpaceId) == [m.space.coSpaceId])
        #expect(due.deleted.first?.ended == "2026-12-01T09:00:00Z")
        #expect(await !exists(f, m))
        await #expect(try f.store.meeting(reference: m.id)?.space.state == .deleted)
        let again = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: false, orphans: .report)
        #expect(again.deleted.isEmpty && again.failed.isEmpty)
    }

    @Test func aSeriesEndsAtItsLastOccurrenceAndAnOpenOneNever() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let series = try await meeting(f) {
            $0.repeat = "weekly"
            $0.count = "3"
        }
        let forever = try await meeting(f) { $0.repeat = "daily" }
        let afterFirst = try await reaper(f).run(now: ended.addingTimeInterval(3 * 86_400), dryRun: false, orphans: .report)
        #expect(afterFirst.deleted.isEmpty)
        let afterLast = ended.addingTimeInterval(14 * 86_400 + 86_400)
        let report = try await reaper(f).run(now: afterLast, dryRun: false, orphans: .report)
        #expect(report.deleted.map(\.meetingId) == [series.id])
        let years = try await reaper(f).run(now: afterLast.addingTimeInterval(3 * 365 * 86_400), dryRun: false, orphans: .report)
        #expect(years.deleted.isEmpty)
        #expect(await exists(f, forever))
    }

    @Test func aDryRunListsWithoutDeleting() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let m = try await meeting(f)
        let report = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: true, orphans: .report)
        #expect(report.deleted.map(\.meetingId) == [m.id])
        #expect(await exists(f, m))
        await #expect(try f.store.meeting(reference: m.id)?.space.state == .ready)
    }

    @Test func anExistingSpaceIsNeverTouched() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        _ = try await meeting(f) {
            $0.template = nil
            $0.space = "b449de90-9dc5-4bed-9c65-a09a321d2bd9"
        }
        let report = try await reaper(f).run(now: ended.addingTimeInterval(10 * 86_400), dryRun: false, orphans: .report)
        #expect(report.deleted.isEmpty && report.skipped.isEmpty)
        #expect(try await f.sim.client().coSpace(id: "b449de90-9dc5-4bed-9c65-a09a321d2bd9").name == "Saiacano's space")
    }

    @Test func aSpaceWithACallInProgressIsSkippedThenDeletedNextRun() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let m = try await meeting(f)
        let call = try await f.sim.client().create("/calls", [("coSpace", m.space.coSpaceId!)])
        let busy = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: false, orphans: .report)
        #expect(busy.skipped.map(\.reason) == ["call in progress on this Call Bridge"])
        #expect(await exists(f, m))
        try await f.sim.client().delete("/calls/\(call)")
        let next = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: false, orphans: .report)
        #expect(next.deleted.count == 1)
    }

    @Test func callsOnAnotherCallBridgeOfTheClusterAreChecked() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let peer = try await RunningSimulator.start()
        defer { Task { try await peer.stop() } }
        let m = try await meeting(f)
        _ = try await f.sim.client().create("/callBridges", [("name", "cb2"), ("address", peer.url)])
        // In a cluster the space is shared; the peer hosts the call.
        _ = await peer.simulator.state.seedDirect("calls", id: nil, fields: ["coSpace": m.space.coSpaceId!, "name": "x"])
        let report = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: false, orphans: .report)
        #expect(report.skipped.map(\.reason) == ["call in progress on cb2"])
        #expect(await exists(f, m))
    }

    @Test func aSpaceAlreadyGoneCountsAsDeleted() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let m = try await meeting(f)
        try await f.sim.client().deleteCoSpace(id: m.space.coSpaceId!)
        let report = try await reaper(f).run(now: ended.addingTimeInterval(2 * 86_400), dryRun: false, orphans: .report)
        #expect(report.deleted.count == 1)
        #expect(report.failed.isEmpty)
        await #expect(try f.store.meeting(reference: m.id)?.space.state == .deleted)
    }

    @Test func aDeletionInterruptedByACrashIsFinishedNextRun() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        var m = try await meeting(f) { $0.start = "2030-12-01T09:00" }
        // A run stopped between marking the space and deleting it (the meeting is not even due).
        m.space.state = .deleting
        try await f.store.save(m.space)
        let report = try await reaper(f).run(now: ended, dryRun: false, orphans: .report)
        #expect(report.deleted.map(\.meetingId) == [m.id])
        #expect(await !exists(f, m))
    }

    @Test func orphansAreFoundAndDeletedOnlyWhenAsked() async throws {
        let f = try await fixture()
        defer { Task { try await f.stop() } }
        let mine = try await meeting(f) { $0.start = "2030-12-01T09:00" }
        // A space cmsched created whose meeting the store lost.
        let orphan = try await f.sim.client().createCoSpace([
            ("name", "Lost"), ("uri", "lost.abc123"), ("cdrTag", "cmsched:00000000-0000-0000-0000-000000000000"),
        ])
        // A look-alike that is not ours.
        _ = try await f.sim.client().createCoSpace([("name", "Other"), ("uri", "other.xyz789")])
        let report = try await reaper(f).run(now: ended, dryRun: false, orphans: .report)
        #expect(report.orphans.map(\.coSpaceId) == [orphan])
        #expect((try? await f.sim.client().coSpace(id: orphan)) != nil)
        let deleting = try await reaper(f).run(now: ended, dryRun: false, orphans: .delete)
        #expect(deleting.orphans.map(\.reason) == ["deleted"])
        #expect((try? await f.sim.client().coSpace(id: orphan)) == nil)
        #expect(await exists(f, mine))
    }
}
