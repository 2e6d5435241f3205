import CallBridgeSim
import Foundation
import Logging
import SchedulerKit

/// A simulator, a store in a fresh SQLite file and the meeting service wired to both.
public struct SchedulerFixture: Sendable {
    public let sim: RunningSimulator
    public let store: SQLiteStore
    public let service: MeetingService
    public let logger: Logger

    public static func start(faults: SimFaults = SimFaults()) async throws -> SchedulerFixture {
        let sim = try await RunningSimulator.start(faults: faults)
        let store = try SQLiteStore.open(path: StaleFolders.path(prefix: "cmsched-fixture-") + "/cmsched.sqlite")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return SchedulerFixture(
            sim: sim, store: store, service: MeetingService(client: sim.client(), store: store, logger: logger), logger: logger)
    }

    /// The walkthrough's meeting: Test-XRP from CoSpaceTemp-Scheduler, 2026-12-01 09:00-10:00 Berlin time.
    public static func fields(_ edit: (inout MeetingFields) -> Void = { _ in }) -> MeetingFields {
        var fields = MeetingFields()
        fields.name = "Test-XRP"
        fields.organizer = "saiacano@s.com"
        fields.template = "CoSpaceTemp-Scheduler"
        fields.start = "2026-12-01T09:00"
        fields.duration = "1h"
        fields.tz = "Europe/Berlin"
        edit(&fields)
        return fields
    }

    /// Creates a meeting from `fields(edit)`.
    public func meeting(_ edit: (inout MeetingFields) -> Void = { _ in }) async throws -> Meeting {
        try await service.create(try Self.fields(edit).draft(defaultZone: .current)).0
    }

    public func stop() async throws { try await sim.stop() }
}

extension Claim {
    /// A claim, not yet expired, by a process of this host and boot that is gone (this pid with
    /// another start time): what a run killed mid-create leaves.
    public static var ofAGoneProcess: Claim {
        var holder = ClaimHolder.current
        holder.started += 1
        return Claim(holder: holder, expires: Date().addingTimeInterval(MeetingService.creationLease))
    }
}
